"""Start-up time of the command line against the floor of any typer program.

Runs each command N times (after one warm-up run, so the matrix cache is built) and
prints the median wall time and CPU time:

    python bench/bench_startup.py --runs 21

The children run with bytecode caching on (in a temporary `PYTHONPYCACHEPREFIX`), as an
installed package has it: pip compiles every module at install time, so a user never
pays for compiling bedrock-check's 19,000 lines on each run. `PYTHONDONTWRITEBYTECODE=1`
in the environment (set on the machine these figures come from) would otherwise make
every run compile the package from source; `--no-bytecode` measures that case.

floor A: `python -c "import typer"`; floor B: a one-command typer program run with one
argument (what any typer command line pays, since typer imports pydantic to convert
parameters); then `bedrock-check validate small.json` and `bedrock-check scan tiny/`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPER_APP = (
    "import typer\napp = typer.Typer()\n@app.command()\ndef main(path: str) -> None:\n    print(path)\n"
    "app()\n"
)


def median_ms(cmd: list[str], runs: int, cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the child) in ms. On a
    shared machine the CPU time is the steadier figure: waiting for a core is not in it."""
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
        wall.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--no-bytecode", action="store_true", help="compile every module on every run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = dict(os.environ)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        (work / "small.json").write_text('{"model": "openai.gpt-5.5", "input": "hi"}\n')
        (work / "tiny").mkdir()
        (work / "tiny" / "app.py").write_text("print('hello')\n")
        (work / "typer_app.py").write_text(TYPER_APP)
        exe = [sys.executable, "-m", "bedrock_check"]
        rows = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("floor A: python -c 'import typer'", [sys.executable, "-c", "import typer"]),
            ("floor B: a one-command typer program", [sys.executable, "typer_app.py", "x"]),
            ("bedrock-check validate small.json", [*exe, "validate", "--no-config", "small.json"]),
            ("bedrock-check scan tiny/", [*exe, "scan", "--no-config", "tiny"]),
        ]
        results = {name: median_ms(cmd, args.runs, work, env) for name, cmd in rows}
    cpu_a = results["floor A: python -c 'import typer'"][1]
    cpu_b = results["floor B: a one-command typer program"][1]
    print(f"{'':40s} {'wall':>9s} {'cpu':>9s}  cpu vs floor A / B")
    for name, (wall, cpu) in results.items():
        print(f"{name:40s} {wall:6.1f} ms {cpu:6.1f} ms  {cpu / cpu_a:4.2f}x / {cpu / cpu_b:4.2f}x")


if __name__ == "__main__":
    main()
