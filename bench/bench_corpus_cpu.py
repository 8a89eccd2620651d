"""Benchmark: the CPU time of scanning a corpus in one process, per repository, and every
finding it gives, so a speed change can be checked to lose nothing.

Not a test. Run:

    python bench/bench_corpus_cpu.py /work/corpus --json after.json [--compare before.json]

One process, no pool: CPU time (`time.process_time`) is the steady figure on a shared
machine, where wall time mostly measures waiting for a core. Each top-level folder of
the corpus is one repository. `--json` keeps every finding (path, capability, severity,
line, column, message); `--compare` prints the findings one run has and the other has
not. The cyclic collector's share is counted too (its CPU seconds per repository, its
collections per generation): a cache that keeps parsed files alive pays there, between files,
whatever it saves in parsing. To measure the code before a change, run this script from a checkout of it
(`git archive OLD | tar -x -C /tmp/old` and `PYTHONPATH=/tmp/old`).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path


def scan(corpus: Path) -> dict:
    from bedrock_check.discover import Candidate, discover
    from bedrock_check.matrix import load_matrix, resolve_target
    from bedrock_check.scanner import _Scanner

    matrix = load_matrix()
    scanner = _Scanner(matrix, resolve_target(matrix, None, None), 4 * 1024 * 1024)
    findings: dict[str, list] = {}
    repos: dict[str, dict] = {}
    #: Every parsed file: [CPU seconds, findings, uses] (where the time goes, file by file).
    files: dict[str, list] = {}
    diagnostics: dict[str, list] = {}
    #: The cyclic collector: [collections, CPU seconds] per generation, and the seconds of the repository being scanned.
    collector: dict[str, list] = {str(g): [0, 0.0] for g in range(3)}
    began_collecting = [0.0]
    in_repo = [0.0]

    def count_collection(phase: str, info: dict) -> None:
        if phase == "start":
            began_collecting[0] = time.process_time()
            return
        spent = time.process_time() - began_collecting[0]
        row = collector[str(info["generation"])]
        row[0] += 1
        row[1] += spent
        in_repo[0] += spent

    gc.callbacks.append(count_collection)
    total = time.process_time()
    for repo in sorted(p for p in corpus.iterdir() if p.is_dir()):
        start, parsed, uses, skipped = time.process_time(), 0, 0, 0
        in_repo[0] = 0.0
        for cand in discover([str(repo)]):
            if not isinstance(cand, Candidate):
                continue
            began = time.process_time()
            result = scanner.scan(cand)
            if result.parsed:
                files[cand.display] = [round(time.process_time() - began, 4), len(result.findings), len(result.uses)]
            parsed += result.parsed
            uses += len(result.uses)
            skipped += result.skipped_by_provider
            if result.diagnostics:
                diagnostics[cand.display] = sorted([d.kind, d.line or 0, d.message] for d in result.diagnostics)
            if result.findings:
                findings[cand.display] = sorted(
                    [f.capability, f.severity, f.line, f.column, f.message, f.suppressed or ""] for f in result.findings
                )
        repos[repo.name] = {"cpu": round(time.process_time() - start, 2), "parsed": parsed, "uses": uses,
                           "skipped_by_provider": skipped, "gc": round(in_repo[0], 2)}
    cpu = round(time.process_time() - total, 2)
    gc.callbacks.remove(count_collection)
    return {"cpu": cpu, "repos": repos, "findings": findings, "files": files, "diagnostics": diagnostics,
            "gc": {g: [n, round(t, 2)] for g, (n, t) in collector.items()}}


def compare(before: dict, after: dict) -> None:
    lost: list[tuple] = []
    gained: list[tuple] = []
    for path in sorted(set(before["findings"]) | set(after["findings"])):
        old = {tuple(f) for f in before["findings"].get(path, [])}
        new = {tuple(f) for f in after["findings"].get(path, [])}
        lost += [(path, *f) for f in sorted(old - new)]
        gained += [(path, *f) for f in sorted(new - old)]
    for path in sorted(set(before.get("diagnostics", {})) | set(after.get("diagnostics", {}))):
        old = {tuple(d) for d in before.get("diagnostics", {}).get(path, [])}
        new = {tuple(d) for d in after.get("diagnostics", {}).get(path, [])}
        lost += [(path, "diagnostic", kind, line, 0, message, "") for kind, line, message in sorted(old - new)]
        gained += [(path, "diagnostic", kind, line, 0, message, "") for kind, line, message in sorted(new - old)]
    print(f"compared with the earlier run: cpu {before['cpu']} s -> {after['cpu']} s; "
          f"{len(lost)} findings or diagnostics lost, {len(gained)} gained")  # fmt: skip
    for tag, rows in (("LOST", lost), ("GAINED", gained)):
        for path, cap, severity, line, _column, message, _ in rows:
            print(f"  {tag} {path}:{line} {cap} {severity}: {message[:100]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default="/work/corpus")
    parser.add_argument("--json", help="write every finding and the timings here")
    parser.add_argument("--compare", help="an earlier --json file to compare with")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        sys.exit(f"{corpus}: no corpus here; see bench_realcorpus.py for how to build it")
    result = scan(corpus)
    for name, row in result["repos"].items():
        print(f"{name:45} cpu {row['cpu']:7.2f} s  {row['parsed']:6,} files parsed  "
              f"{row.get('skipped_by_provider', 0):6,} skipped by provider  collector {row['gc']:5.2f} s")
    count = sum(len(v) for v in result["findings"].values())
    parsed = sum(r["parsed"] for r in result["repos"].values())
    print(f"total: cpu {result['cpu']:.2f} s, {parsed:,} files parsed, {count:,} findings in "
          f"{len(result['findings']):,} files")  # fmt: skip
    print("collector: " + ", ".join(f"generation {g} {n:,} collections {t:.2f} s" for g, (n, t) in result["gc"].items()))
    if args.json:
        Path(args.json).write_text(json.dumps(result))
    if args.compare:
        compare(json.loads(Path(args.compare).read_text()), result)


if __name__ == "__main__":
    main()
