"""Cost per parsed file against the file's size, on real code.

Extracts (front-end + resolver + catalogue questions) every Python and JS/TS file of a
directory that the scan's prefilter would parse, and prints the time per KiB by size
bucket: the cost of a file should grow with its size, not faster.

    python bench/bench_callsite.py /work/corpus/openai+openai-python [--limit 400] [--no-follow]

With imports followed (the default, as `scan` does), a file's time includes parsing
the files it imports the first time one of its values needs them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import defaultdict

from bedrock_check.catalogue import shipped_catalogue
from bedrock_check.engine import Engine
from bedrock_check.extract import extract, kind_of
from bedrock_check.extract.project import Project
from bedrock_check.matrix import Target, load_matrix
from bedrock_check.scanner import prefilter_tokens

BUCKETS = (4, 16, 64, 256, 1024)  # KiB upper bounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root")
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--no-follow", action="store_true", help="do not follow imports into other files")
    args = parser.parse_args()
    matrix = load_matrix()
    engine = Engine(matrix, Target("openai.gpt-5.5", "us-east-2"))
    tokens = prefilter_tokens(engine)
    shipped_catalogue()
    project = None if args.no_follow else Project(shipped_catalogue())
    per_bucket: dict[int, list[float]] = defaultdict(list)
    done = 0
    for dirpath, dirs, files in os.walk(args.root):
        dirs[:] = [d for d in dirs if d not in ("node_modules", ".git", "dist", "build")]
        for name in files:
            kind = kind_of(name)
            if kind not in ("python", "javascript", "typescript", "tsx"):
                continue
            path = os.path.join(dirpath, name)
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
                text = data.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if not any(t in data for t in tokens[kind]) or len(data) > 1 << 20:
                continue
            start = time.perf_counter()
            extract(kind, path, text, origin=path, project=project)
            elapsed = time.perf_counter() - start
            kib = max(len(data) / 1024, 0.25)
            bucket = next((b for b in BUCKETS if kib <= b), BUCKETS[-1])
            per_bucket[bucket].append(elapsed * 1e6 / kib)
            done += 1
            if done >= args.limit:
                break
        if done >= args.limit:
            break
    print(f"{done} parsed files under {args.root}")
    print("size (KiB)   files   median us/KiB   p90 us/KiB")
    for bucket in BUCKETS:
        costs = sorted(per_bucket.get(bucket, []))
        if costs:
            p90 = costs[int(len(costs) * 0.9) - 1] if len(costs) >= 10 else costs[-1]
            print(f"<= {bucket:<8} {len(costs):6}   {statistics.median(costs):13.0f}   {p90:10.0f}")


if __name__ == "__main__":
    main()
