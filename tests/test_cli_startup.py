"""Start-up: what the common commands import, and the plain conversion of option values
(`bedrock_check.cli.coerce`) giving exactly what typer's own conversion gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bedrock_check.cli import app
from bedrock_check.cli.coerce import _converter

typer_coercion = pytest.importorskip("typer._coercion")
typer_main = pytest.importorskip("typer.main")


def _params() -> list[Any]:
    """Every parameter of every command, as typer builds them."""
    out: list[Any] = []

    def walk(cmd: Any) -> None:
        out.extend(cmd.params)
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(typer_main.get_command(app))
    return out


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return ("value", runtime._coerce_value(value, param=param, ctx=ctx))
    except Exception as exc:  # the error typer would show, compared as words
        return ("error", f"{type(exc).__name__}: {getattr(exc, 'message', exc)}")


SAMPLES = ["x", "3", "-2", "007", " 4", "4.0", "", "text", "json", "JSON", "never", "auto", "nope",
           "-", "a\0b", ["a", "b"], ("1", "2"), [], True, False, 0, 5]  # fmt: skip


def test_plain_conversion_matches_typer_for_every_parameter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "there.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    ctx = typer_main.get_command(app).make_context("bedrock-check", ["scan"], resilient_parsing=True)
    checked = 0
    for param in _params():
        desc = param.type_descriptor
        convert = _converter(desc.annotation, desc.parameter_info)
        if convert is None:
            continue
        plain = param.get_runtime_param()
        assert type(plain).__name__ == "PlainRuntimeParam", param.name
        slow = typer_coercion.build_runtime_param(desc)
        for value in [*SAMPLES, "there.json", str(tmp_path / "missing")]:
            got = _outcome(plain, value, param, ctx)
            want = _outcome(slow, value, param, ctx)
            assert got == want, (param.name, desc.annotation, value)
            checked += 1
    assert checked > 500  # every kind of option this command line has was compared


_IMPORTED = (
    "import sys, atexit\n"
    "atexit.register(lambda: print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr))\n"
    "sys.argv = ['bedrock-check', *sys.argv[1:]]\n"
    "from bedrock_check.cli import run\nrun()\n"
)


def _modules(args: list[str], cwd: Path) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _IMPORTED, *args], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize("command", ["validate", "scan"])
def test_common_commands_import_no_heavy_library(tmp_path: Path, command: str) -> None:
    """`validate` of a request and `scan` of a folder without OpenAI calls never import
    pydantic (typer's conversion of option values is done plainly), rich (text output is
    a few ANSI codes), YAML, the live service's clients or the parsers of other languages."""
    (tmp_path / "small.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "hi"}))
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "app.py").write_text("print('hello')\n")
    target = "small.json" if command == "validate" else "tiny"
    _modules([command, "--no-config", target], tmp_path)  # the first run may fill the matrix cache
    loaded = {name.split(".")[0] for name in _modules([command, "--no-config", target], tmp_path)}
    heavy = {"pydantic", "rich", "yaml", "httpx", "boto3", "botocore", "tree_sitter", "markdown_it", "libcst"}
    assert not loaded & heavy, sorted(loaded & heavy)


#: What each common command does not need, so does not import: the other commands' code,
#: the fixer and the glob library while nothing is fixable or ignored, the project model and
#: other languages' readers while no file is parsed, logging while nothing fails, the
#: catalogue while no request file holds a client config or no file passes the prefilter,
#: hashlib (OpenSSL) and tempfile while nothing is written.
NOT_NEEDED = {
    "validate": {"bedrock_check.scanner", "bedrock_check.discover", "bedrock_check.fix", "bedrock_check.extract.project",
                 "bedrock_check.extract.callsite", "bedrock_check.extract.dotenv", "bedrock_check.live",
                 "bedrock_check.targets", "bedrock_check.catalogue", "pathspec", "logging", "hashlib", "tempfile"},
    "scan": {"bedrock_check.fix", "bedrock_check.extract.project", "bedrock_check.extract.callsite",
             "bedrock_check.extract.javascript", "bedrock_check.extract.shell", "bedrock_check.live",
             "bedrock_check.targets", "bedrock_check.catalogue", "bedrock_check.validator", "pathspec", "logging",
             "hashlib", "tempfile"},
}  # fmt: skip


@pytest.mark.parametrize("command", ["validate", "scan"])
def test_common_commands_import_only_what_they_use(tmp_path: Path, command: str) -> None:
    (tmp_path / "small.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "hi"}))
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "app.py").write_text("print('hello')\n")
    target = "small.json" if command == "validate" else "tiny"
    _modules([command, "--no-config", target], tmp_path)
    loaded = _modules([command, "--no-config", target], tmp_path)
    not_needed = set(NOT_NEEDED[command])
    if sys.platform.startswith("linux") and os.path.isabs(os.environ.get("HOME", "")):
        not_needed.add("platformdirs")  # the cache folder is found without it
    assert not loaded & not_needed, sorted(loaded & not_needed)


def test_a_run_builds_only_the_command_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """`run` leaves on the app only the invoked command (typer then builds no other's
    options); a run naming no known command keeps them all (help, "did you mean")."""
    from bedrock_check import cli

    # `only_invoked` takes the first word that is not an option for the command, which
    # holds while every option before the command is a flag: a new one with a value
    # must teach it to skip that value.
    assert all(p.is_flag or p.count for p in typer_main.get_command(app).params)
    every = (list(app.registered_commands), list(app.registered_groups))
    try:
        for args, kept in [(["validate", "x.json"], "validate"), (["--debug", "scan", "."], "scan"),
                           (["matrix", "show"], "matrix"), (["-V"], None), (["valdate"], None), ([], None),
                           (["--", "scan"], None)]:  # fmt: skip
            app.registered_commands[:], app.registered_groups[:] = every
            cli.only_invoked(args)
            names = [c.callback.__name__ for c in app.registered_commands if c.callback] + [
                g.name for g in app.registered_groups
            ]
            assert names == ([kept] if kept else [c.callback.__name__ for c in every[0] if c.callback]
                             + [g.name for g in every[1]]), args  # fmt: skip
    finally:
        app.registered_commands, app.registered_groups = every
