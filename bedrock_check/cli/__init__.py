"""The command line: parses options, calls the library, writes output, maps exit codes.

One module per command group; importing this package registers every command on `app`,
in the order `--help` lists them.
"""

from __future__ import annotations

import importlib

from bedrock_check.cli.app import app

for _module in ("scan", "targets", "fix", "matrix", "live", "baseline", "config"):
    importlib.import_module(f"bedrock_check.cli.{_module}")


def run() -> None:
    """Console-script entry point."""
    import sys

    # A report may hold characters the terminal's encoding cannot (ASCII stdout, a lone
    # surrogate from a hostile file name): they are written as escapes, never a crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    app(prog_name="bedrock-check")


__all__ = ["app", "run"]
