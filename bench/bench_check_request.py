"""Benchmark: `Checker.check_request` on a compiled checker, against the one-call
`bedrock_check.check_request` (which keeps its checker between calls) and a checker
compiled for every call (what `check_request` cost before it kept one).

Not a test. Run: python bench/bench_check_request.py [--requests N] [--rounds R]
Prints the median wall and CPU cost per request over the rounds, in microseconds, for a typical
clean request (a function tool, reasoning effort) and one with a finding (hosted
web search).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import bedrock_check
from bedrock_check import Checker

CLEAN: dict[str, Any] = {
    "model": "openai.gpt-5.5",
    "input": [{"role": "user", "content": [{"type": "input_text", "text": "hello"}]}],
    "tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object", "properties": {}}}],
    "reasoning": {"effort": "low"},
}
FINDING: dict[str, Any] = {**CLEAN, "tools": [{"type": "web_search"}]}


def per_call(fn: Any, body: dict[str, Any], n: int) -> tuple[float, float]:
    """Wall and CPU time per call, in microseconds (on a shared machine the CPU time is
    the steadier figure: wall time also counts waiting for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        fn(body)
    return (time.perf_counter() - start) / n * 1e6, (time.process_time() - cpu) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    checker = Checker()
    assert not checker.check_request(CLEAN).findings and checker.check_request(FINDING).findings
    cases = {
        "Checker.check_request": checker.check_request,
        "bedrock_check.check_request": bedrock_check.check_request,
        "Checker() per call": lambda body: Checker(matrix=checker.matrix).check_request(body),
    }
    for name, fn in cases.items():
        n = args.requests if "per call" not in name else max(args.requests // 50, 20)
        for label, body in (("clean", CLEAN), ("finding", FINDING)):
            per_call(fn, body, max(n // 10, 10))  # warm up
            runs = [per_call(fn, body, n) for _ in range(args.rounds)]
            wall, cpu = [w for w, _ in runs], [c for _, c in runs]
            print(f"{name:30} {label:8} wall median {statistics.median(wall):8.1f} µs (min {min(wall):7.1f})"
                  f"   cpu median {statistics.median(cpu):8.1f} µs (min {min(cpu):7.1f})")


if __name__ == "__main__":
    main()
