"""Benchmark: validate throughput on a 100,000-request JSON Lines file, and CLI start-up.

Not a test. Run: python bench/bench_validate.py [--requests N] [--runs N]
Reports requests per second, peak memory (max RSS of a child process), and the
median wall time of `bedrock-check validate small.json`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHAPES = [
    {"model": "openai.gpt-5.5", "input": "Summarise the ticket."},
    {"model": "openai.gpt-5.5", "input": [{"role": "user", "content": [{"type": "input_text", "text": "hi"}]}],
     "tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object", "properties": {}}}]},
    {"model": "gpt-5.5", "input": "x", "tools": [{"type": "web_search"}], "include": ["web_search_call.results"]},
    {"model": "openai.gpt-5.5", "input": "x", "service_tier": "flex", "stream": True},
    {"model": "openai.gpt-5.5", "messages": [{"role": "user", "content": "hi"}], "reasoning_effort": "low"},
    {"model": "openai.gpt-5.5", "input": "x", "reasoning": {"effort": "high"},
     "text": {"format": {"type": "json_schema", "name": "o", "schema": {"type": "object"}}}},
]  # fmt: skip


#: Shapes 0, 1 and 5 are clean; 2, 3 and 4 carry findings.
CLEAN = [SHAPES[0], SHAPES[1], SHAPES[5]]


def make_jsonl(path: Path, n: int, failing_share: float) -> None:
    """n requests; `failing_share` of them use something Bedrock does not serve."""
    rng = random.Random(7)
    with path.open("w") as out:
        for i in range(n):
            body = rng.choice(SHAPES[2:5]) if rng.random() < failing_share else rng.choice(CLEAN)
            if i % 3 == 0:
                out.write(json.dumps({"custom_id": str(i), "method": "POST", "url": "/v1/responses", "body": body}))
            else:
                out.write(json.dumps(body))
            out.write("\n")


CHILD = """
import resource, sys, time
from bedrock_check.matrix import load_matrix, resolve_target
from bedrock_check.validator import validate_paths
mx = load_matrix()
t = time.perf_counter()
report = validate_paths([sys.argv[1]], mx, resolve_target(mx, None, None))
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(report.requests, len(report.findings), elapsed, rss)
"""


def throughput(path: Path) -> tuple[int, int, float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    requests, findings, elapsed, rss = out.stdout.split()
    return int(requests), int(findings), float(elapsed), float(rss)


def median_time(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for share in (0.05, 0.5, 1.0):
            big = Path(tmp) / f"requests-{share}.jsonl"
            make_jsonl(big, args.requests, share)
            requests, findings, elapsed, rss = throughput(big)
            print(f"validate, {share:.0%} of requests failing: {requests} requests, {findings} findings in "
                  f"{elapsed:.2f} s = {requests / elapsed:,.0f} requests/s (one core); peak RSS {rss:.0f} MiB")  # fmt: skip
        small = Path(tmp) / "small.json"
        small.write_text(json.dumps(SHAPES[0]))
        exe = shutil.which("bedrock-check") or str(Path(sys.executable).parent / "bedrock-check")
        subprocess.run([exe, "validate", str(small)], capture_output=True, check=False)  # warm the matrix cache
        total = median_time([exe, "validate", str(small)], args.runs)
        bare = median_time([sys.executable, "-c", "pass"], args.runs)
        base = median_time([sys.executable, "-c", "import typer, pydantic, rich.console"], args.runs)
        print(f"start-up: `bedrock-check validate small.json` median {total * 1000:.0f} ms over {args.runs} runs "
              f"(a bare `python -c pass` takes {bare * 1000:.0f} ms here; importing typer, pydantic and rich alone "
              f"{base * 1000:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
