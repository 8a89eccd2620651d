"""Benchmark: scan a large synthetic repository; compare with `rg -l` over the same tokens.

Not a test. Run: python bench/bench_scan.py [--files N] [--share 0.03] [--jobs N]
Generates N files (Python, TypeScript, Markdown, JSON; `share` of them use the OpenAI
API in varied ways), then reports files/s, MB/s and peak memory (max RSS of the scan
and of its worker processes), and the time of `rg -l` with the prefilter's own
tokens when ripgrep is installed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILLER_PY = (
    '''"""Module {i}."""

import json


def handler_{i}(event: dict) -> dict:
    total = sum(range({i} % 97))
    return {{"ok": True, "total": total, "payload": json.dumps(event)}}
'''
    + "\n".join(f"# padding line {n} with some text to look like real code" for n in range(40))
    + "\n"
)

FILLER_TS = (
    """export function handler{i}(event: Record<string, unknown>) {{
  const total = [1, 2, 3].reduce((a, b) => a + b, {i});
  return {{ ok: true, total, event }};
}}
"""
    + "\n".join(f"// padding line {n}" for n in range(40))
    + "\n"
)

USES = [
    'from openai import OpenAI\nclient = OpenAI()\nTOOLS = [{{"type": "web_search"}}]\nclient.responses.create(model="gpt-5.5", input="q{i}", tools=TOOLS)\n',
    'from agents import Agent, FileSearchTool\nagent = Agent(name="a{i}", tools=[FileSearchTool(vector_store_ids=["vs"])])\n',
    'import openai\nc = openai.OpenAI()\nc.responses.create(model="openai.gpt-5.5", input="x", service_tier="flex")\n',
    'async def f(c):\n    async with c.realtime.connect(model="gpt-realtime") as conn:\n        pass\n',
]
USES_TS = [
    'const r = await client.responses.create({{ model: "openai.gpt-5.5", input: "q{i}", tools: [{{ type: "image_generation" }}] }});\n',
    'import {{ openai }} from "@ai-sdk/openai";\nconst t = {{ search: openai.tools.webSearch({{}}) }};\n',
]


def make_repo(root: Path, n: int, share: float) -> int:
    rng = random.Random(11)
    users = 0
    for i in range(n):
        folder = root / f"pkg{i % 200}"
        folder.mkdir(parents=True, exist_ok=True)
        uses = rng.random() < share
        users += uses
        kind = i % 10
        if kind < 6:
            text = FILLER_PY.format(i=i) + (rng.choice(USES).format(i=i) if uses else "")
            (folder / f"mod{i}.py").write_text(text)
        elif kind < 9:
            text = FILLER_TS.format(i=i) + (rng.choice(USES_TS).format(i=i) if uses else "")
            (folder / f"mod{i}.ts").write_text(text)
        elif uses:
            (folder / f"req{i}.json").write_text(
                json.dumps(
                    {
                        "model": "openai.gpt-5.5",
                        "input": "x",
                        "tools": [{"type": "mcp", "server_label": "a", "server_url": "https://a"}],
                    }
                )
            )
        else:
            (folder / f"doc{i}.md").write_text(f"# Doc {i}\n\nSome prose about the service.\n" * 20)
    return users


CHILD = """
import json, resource, sys, time
from bedrock_check.matrix import load_matrix, resolve_target
from bedrock_check.scanner import scan_paths
mx = load_matrix()
t = time.perf_counter()
report = scan_paths([sys.argv[1]], mx, resolve_target(mx, None, None), jobs=int(sys.argv[2]) or None)
elapsed = time.perf_counter() - t
self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
files = {f.path for f in report.findings if f.path != "(target)"}
print(json.dumps({"elapsed": elapsed, "self_rss": self_rss, "child_rss": child_rss, "stats": report.stats,
                  "findings": len(report.findings), "files_with_findings": len(files)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=30_000)
    parser.add_argument("--share", type=float, default=0.03)
    parser.add_argument("--jobs", type=int, default=0, help="0: the CPU count")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        users = make_repo(root, args.files, args.share)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(root), str(args.jobs)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout)
        st = r["stats"]
        print(f"repository: {args.files:,} files, {size / 1e6:.1f} MB, {users:,} using the OpenAI API")
        print(f"scan: {r['elapsed']:.2f} s = {args.files / r['elapsed']:,.0f} files/s, {size / 1e6 / r['elapsed']:.1f} MB/s; "
              f"{st['files_parsed']:,} parsed, {r['files_with_findings']:,} files with findings, {r['findings']:,} findings; "
              f"{st['workers']} workers")  # fmt: skip
        print(f"peak memory: {r['self_rss']:.0f} MiB (main process), {r['child_rss']:.0f} MiB (largest worker)")
        rg = shutil.which("rg")
        if rg:
            from bedrock_check.engine import Engine
            from bedrock_check.matrix import load_matrix, resolve_target
            from bedrock_check.scanner import prefilter_tokens

            mx = load_matrix()
            tokens = sorted(
                {t.decode() for ts in prefilter_tokens(Engine(mx, resolve_target(mx, None, None))).values() for t in ts}
            )
            cmd = [rg, "-l", "-F", *[arg for t in tokens for arg in ("-e", t)], str(root)]
            t = time.perf_counter()
            found = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.count("\n")
            rg_s = time.perf_counter() - t
            print(
                f"rg -l with the same {len(tokens)} tokens: {rg_s:.2f} s ({found:,} files); scan/rg = {r['elapsed'] / rg_s:.1f}x"
            )
        else:
            print("rg not installed: no ripgrep comparison")


if __name__ == "__main__":
    main()
