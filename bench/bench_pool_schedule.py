"""Benchmark: how much of `scan -j N`'s wall time the process pool's schedule itself loses,
from the CPU time each file took in one process (`bench_corpus_cpu.py --json`).

Not a test. Run:

    python bench/bench_corpus_cpu.py /work/corpus --json cpu.json
    python bench/bench_pool_schedule.py cpu.json [/work/corpus] [--jobs 2]

It replays the pool of `bedrock_check/scanpool.py` (candidates in discovery order, chunks of
`CHUNK` files, at most `WINDOW` chunks per worker in flight, results taken in order) with each
file's measured CPU time (a file that was not parsed costs the mean read-and-token-test time
given by `--cheap`), and prints the time the replay takes against a perfect split of the same
work (total / workers), for the pool's chunk size and window and a few others. A loaded
machine's wall time cannot show this: it is mostly waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def replay(costs: list[float], chunk: int, window: int, workers: int) -> float:
    """When the last result is taken: chunk i is submitted once chunk i - window's result is
    taken, runs on the first worker free, and its result is taken after the one before it."""
    sizes = [sum(costs[i : i + chunk]) for i in range(0, len(costs), chunk)]
    free = [0.0] * workers
    taken: list[float] = []
    for i, size in enumerate(sizes):
        submitted = taken[i - window] if i >= window else 0.0
        k = min(range(workers), key=free.__getitem__)
        done = max(submitted, free[k]) + size
        free[k] = done
        taken.append(max(done, taken[-1]) if taken else done)
    return taken[-1] if taken else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cpu_json", help="a bench_corpus_cpu.py --json file")
    parser.add_argument("corpus", nargs="?", default="/work/corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cheap", type=float, default=75e-6, help="seconds for a file the prefilter drops")
    args = parser.parse_args()
    from bedrock_check.discover import Candidate, discover
    from bedrock_check.scanpool import CHUNK, WINDOW

    files = json.loads(Path(args.cpu_json).read_text())["files"]
    order = [c for c in discover([args.corpus]) if isinstance(c, Candidate)]
    costs = [files.get(os.path.abspath(c.path), [args.cheap])[0] for c in order]
    parsed = sum(1 for c in order if os.path.abspath(c.path) in files)
    ideal = sum(costs) / args.jobs
    print(f"{len(order):,} candidates ({parsed:,} parsed), {sum(costs):.1f} s of CPU; a perfect split over "
          f"{args.jobs} workers: {ideal:.1f} s")  # fmt: skip
    for chunk in sorted({CHUNK, 64, 16}, reverse=True):
        for per_worker in sorted({2, WINDOW, 64}):
            t = replay(costs, chunk, per_worker * args.jobs, args.jobs)
            mark = "  (the pool as it is)" if chunk == CHUNK and per_worker == WINDOW else ""
            print(f"chunk {chunk:4}, {per_worker:2} chunks per worker in flight: {t:6.1f} s = {t / ideal:.3f}x the split{mark}")


if __name__ == "__main__":
    main()
