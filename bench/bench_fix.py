"""Benchmark: run `bedrock-check fix` on a copy of a real repository.

Not a test. Run: python bench/bench_fix.py [REPO_DIR ...] [--model M] [--region R]
Default repositories: the OpenAI application samples of the real-code corpus built by
../shared/bench/make_corpus.sh (CORPUS, default /work/corpus). Each repository is
copied to a temporary folder; the copy is scanned, fixed, and scanned again. Reports,
per repository: findings before, edits made, files written and refused, findings
after, what is left to change by hand, whether every edited file still parses, and
the time of the fix run (scan + plan + write).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DEFAULT_REPOS = (
    "openai+openai-responses-starter-app",
    "openai+openai-realtime-console",
    "openai+openai-cua-sample-app",
    "openai+build-hours",
    "openai+openai-python",
    "openai+openai-agents-python",
)


def run(repo: Path, model: str | None, region: str | None) -> dict:
    """Copy, scan, fix and re-scan one repository; the figures as a dict."""
    from bedrock_check.fix import apply_plan, plan_fixes, read_source
    from bedrock_check.fix.plan import parse_problem
    from bedrock_check.fix.values import fix_target
    from bedrock_check.matrix import load_matrix, resolve_target
    from bedrock_check.scanner import scan_paths

    matrix = load_matrix()
    target = resolve_target(matrix, model, region)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / repo.name
        shutil.copytree(repo, copy, symlinks=True)
        before = scan_paths([str(copy)], matrix, target)
        start = time.perf_counter()
        report = scan_paths([str(copy)], matrix, target)
        plan = plan_fixes(report.findings, fix_target(matrix, target), read_source)
        applied = apply_plan(plan, allow_dirty=True)
        seconds = time.perf_counter() - start
        after = scan_paths([str(copy)], matrix, target)
        kinds = {f.path: f.kind for f in plan.files}
        broken = [p for p in applied.written if parse_problem(kinds[p], read_source(p)) is not None]
        edits = [e for f in plan.files if f.path in applied.written for e in f.edits]
        again = plan_fixes(after.findings, fix_target(matrix, target), read_source)
        return {
            "repo": repo.name,
            "findings_before": len(before.active),
            "edits": len(edits),
            "edits_by_capability": dict(Counter(e.capability for e in edits)),
            "files_written": len(applied.written),
            "files_refused": len(applied.skipped),
            "refusals": applied.skipped[:5],
            "findings_after": len(after.active),
            "left_by_hand": len(plan.left),
            "second_run_edits": sum(len(f.edits) for f in again.files if f.after and f.after != f.before),
            "broken_files": broken,
            "seconds": round(seconds, 2),
        }


def main() -> None:
    """Parse arguments, run each repository, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("repos", nargs="*")
    parser.add_argument("--model")
    parser.add_argument("--region")
    args = parser.parse_args()
    corpus = Path(os.environ.get("CORPUS", "/work/corpus"))
    repos = [Path(r) for r in args.repos] or [corpus / name for name in DEFAULT_REPOS]
    missing = [str(r) for r in repos if not r.is_dir()]
    if missing:
        sys.exit(f"bench_fix: not a folder: {', '.join(missing)} (build the corpus with ../shared/bench/make_corpus.sh)")
    print(f"{'repository':40} {'before':>6} {'edits':>5} {'files':>5} {'refused':>7} {'after':>5} "
          f"{'by hand':>7} {'rerun':>5} {'broken':>6} {'seconds':>7}")  # fmt: skip
    for repo in repos:
        r = run(repo, args.model, args.region)
        print(f"{r['repo']:40} {r['findings_before']:>6} {r['edits']:>5} {r['files_written']:>5} "
              f"{r['files_refused']:>7} {r['findings_after']:>5} {r['left_by_hand']:>7} {r['second_run_edits']:>5} "
              f"{len(r['broken_files']):>6} {r['seconds']:>7}")  # fmt: skip
        if r["edits_by_capability"]:
            print(f"    edits: {r['edits_by_capability']}")
        for path, why in r["refusals"]:
            print(f"    refused {Path(path).name}: {why}")


if __name__ == "__main__":
    main()
