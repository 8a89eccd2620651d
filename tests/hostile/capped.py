"""Running the command line under caps: a hostile input that regresses into a hang or a
memory blow-up fails its test (a timeout or a MemoryError) instead of stalling CI."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

#: Address-space cap for one run (the interpreter with tree-sitter and pydantic needs ~300 MiB).
MEMORY_MB = 1024
#: A run that has not finished by then is a failure (generous: the machine is shared).
TIMEOUT_S = 120

PLANTED = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"


def cli(
    *args: str,
    cwd: Path,
    timeout: float = TIMEOUT_S,
    memory_mb: int = MEMORY_MB,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`bedrock-check ARGS` in a subprocess with an address-space limit and a timeout."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    full_env = {**os.environ, "NO_COLOR": "1", "BEDROCK_CHECK_NO_CACHE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bedrock_check.cli", *args], cwd=cwd, capture_output=True, text=True,
        timeout=timeout, env=full_env, preexec_fn=limit, input=stdin if stdin is not None else "",
        errors="surrogateescape",
    )  # fmt: skip


def python(code: str, *, cwd: Path, timeout: float = TIMEOUT_S, memory_mb: int = MEMORY_MB) -> subprocess.CompletedProcess[str]:
    """`python -c CODE` under the same caps (for library calls that must stay bounded)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limit, env={**os.environ, "BEDROCK_CHECK_NO_CACHE": "1"})  # fmt: skip


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The single `bedrock-check: error:` line of a failed run (asserts there is no traceback)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("bedrock-check: error: "), proc.stderr[-3000:]
    return lines[0]
