"""Benchmark: `bedrock-check scan` over a corpus of real repositories, against `rg -l`
with the same tokens the prefilter uses.

Not a test. Run: python bench/bench_realcorpus.py [CORPUS] [--jobs 2] [--runs 3]

The corpus is 18 public repositories at pinned commits (37,716 files, 0.93 GiB, checked
by digest). Rebuild it with

    # bring each repository the script names into the mirror folder, then:
    bash ../shared/bench/make_corpus.sh /work/corpus

(`make_corpus.sh` lists the repositories and their commits; each one is fetched into
`.mirror/OWNER+NAME` first, for example with `git clone --mirror` or the `fetch` tool,
and the script stops naming any mirror or commit it cannot find.)

Both commands run with the same number of worker threads/processes (`--jobs`), the scan
through the installed command line with JSON output to a file, as a user runs it; each is
timed `--runs` times and the median is kept. The machine is shared: the ratio of the two
medians taken in the same run is the figure to compare, more than either time alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _tokens() -> list[str]:
    from bedrock_check.engine import Engine
    from bedrock_check.matrix import load_matrix, resolve_target
    from bedrock_check.scanner import prefilter_tokens

    mx = load_matrix()
    per_kind = prefilter_tokens(Engine(mx, resolve_target(mx, None, None)))
    # rg cannot search for a newline without multiline mode: a token that starts a line
    # (`\nllm:`) is given without it, which matches a superset of the same files.
    return sorted({t.decode().strip("\n") for tokens in per_kind.values() for t in tokens})


def _timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default="/work/corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        sys.exit(f"{corpus}: no corpus here; see this script's docstring for how to build it")
    rg = shutil.which("rg")
    exe = shutil.which("bedrock-check")
    if not rg or not exe:
        sys.exit("needs `rg` (apt-get install ripgrep) and the installed `bedrock-check` command")
    tokens = _tokens()
    rg_cmd = [rg, "-l", "-F", "-j", str(args.jobs), *[a for t in tokens for a in ("-e", t)], str(corpus)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        scan_cmd = [exe, "scan", str(corpus), "-j", str(args.jobs), "-f", "json", "--exit-zero", "--no-config",
                    "-o", str(out)]  # fmt: skip
        rg_times: list[float] = []
        scan_times: list[float] = []
        rg_files = 0
        report: dict = {}
        for _ in range(args.runs):
            t, proc = _timed(rg_cmd)
            if proc.returncode not in (0, 1):  # 1: no match; anything else is rg refusing the command
                sys.exit(f"rg failed ({proc.returncode}): {proc.stderr[-2000:]}")
            rg_times.append(t)
            rg_files = proc.stdout.count("\n")
            t, proc = _timed(scan_cmd)
            if proc.returncode != 0:
                sys.exit(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
            scan_times.append(t)
            report = json.loads(out.read_text())
    rg_s, scan_s = statistics.median(rg_times), statistics.median(scan_times)
    summary = report.get("summary", {})
    files = {f["path"] for f in report.get("findings", []) if f.get("path") != "(target)"}
    print(f"corpus: {corpus} ({summary.get('inputs', '?'):,} files scanned)")
    print(f"scan -j {args.jobs}: median {scan_s:.2f} s over {args.runs} runs ({', '.join(f'{t:.2f}' for t in scan_times)}); "
          f"{summary.get('findings', 0):,} findings in {len(files):,} files")  # fmt: skip
    print(f"rg -l -j {args.jobs} with the same {len(tokens)} tokens: median {rg_s:.2f} s "
          f"({', '.join(f'{t:.2f}' for t in rg_times)}); {rg_files:,} files match")  # fmt: skip
    print(f"scan/rg = {scan_s / rg_s:.1f}x")


if __name__ == "__main__":
    main()
