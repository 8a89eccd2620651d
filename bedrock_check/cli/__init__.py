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
    only_invoked(sys.argv[1:])
    app(prog_name="bedrock-check")


def only_invoked(args: list[str]) -> None:
    """Leave on `app` only the command (or command group) `args` invoke, when they name one.

    Typer builds the options of every registered command (reading each one's type hints)
    before it parses a word, so a run of one command would pay for all of them. The
    command's own help, errors and behaviour are the same; a run that names no known
    command (`--help`, a misspelled one, shell completion) keeps them all, so the list of
    commands and the "did you mean" are as before. Changes the process's `app`: for the
    console script, never for a test driving `app` itself."""
    import os

    from typer.main import get_command_name

    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return
    # Every option before the command is a flag (see `main` in app.py), so the command
    # is the first word that is not an option.
    name = next((arg for arg in args if not arg.startswith("-")), None)
    if name is None or "--" in args[: args.index(name)]:
        return
    commands = [c for c in app.registered_commands if get_command_name(c.name or str(getattr(c.callback, "__name__", ""))) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


__all__ = ["app", "only_invoked", "run"]
