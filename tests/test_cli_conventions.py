"""The command line behaves as users of ruff and other linters expect."""

from __future__ import annotations

import subprocess
import sys

from bedrock_check import __version__


def test_python_dash_m_runs_the_command_line() -> None:
    proc = subprocess.run([sys.executable, "-m", "bedrock_check", "--version"], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"bedrock-check {__version__}"
    helped = subprocess.run([sys.executable, "-m", "bedrock_check", "--help"], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert helped.stdout.startswith("Usage: bedrock-check "), helped.stdout
