"""The command line: parses options, calls the library, writes output, maps exit codes.

Nothing else in the package prints. Every expected failure is a BedrockCheckError,
shown as one line on stderr with exit code 2.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

import typer

from bedrock_check import __version__
from bedrock_check.errors import BedrockCheckError

app = typer.Typer(
    name="bedrock-check",
    help="Find what an OpenAI API workload uses that fails on OpenAI models in Amazon Bedrock.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
matrix_app = typer.Typer(help="Show, validate and export the capability matrix.", no_args_is_help=True)
app.add_typer(matrix_app, name="matrix")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


class MatrixFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    yaml = "yaml"


def _fail(message: str) -> NoReturn:
    typer.echo(f"bedrock-check: error: {message}", err=True)
    raise typer.Exit(2)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bedrock-check {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Find what an OpenAI API workload uses that fails on OpenAI models in Amazon Bedrock."""


MODEL_OPT = typer.Option(None, "--model", "-m", help="Bedrock model id of the target (default: from the matrix).")
REGION_OPT = typer.Option(None, "--region", "-r", help="AWS Region of the target (default: from the matrix).")
MATRIX_OPT = typer.Option(None, "--matrix", help="Override layer over the shipped matrix (repeatable, in order).")


def _load(matrix_files: Optional[list[Path]]):
    from bedrock_check.matrix import load_matrix

    return load_matrix(*(matrix_files or []))


@app.command()
def validate(
    files: list[str] = typer.Argument(
        ..., help="Request files (JSON, JSON Lines, YAML), directories of them, or - for stdin."
    ),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[Path]] = MATRIX_OPT,
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Output format."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Lowest severity that makes the exit code 1."),
) -> None:
    """Check request bodies against the matrix for the target model and Region."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.validate import validate_paths

        mx = _load(matrix)
        target = resolve_target(mx, model, region)
        stdin = sys.stdin.buffer.read() if "-" in files else None
        report = validate_paths(files, mx, target, stdin=stdin)
        out = report.render(format.value, color=_color())
    except BedrockCheckError as exc:
        _fail(str(exc))
    sys.stdout.write(out)
    raise typer.Exit(report.exit_code(fail_on.value))


@app.command()
def scan(
    paths: Optional[list[str]] = typer.Argument(None, help="Files and directories to scan (default: .)."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[Path]] = MATRIX_OPT,
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Output format."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Lowest severity that makes the exit code 1."),
    include: Optional[list[str]] = typer.Option(None, "--include", help="Only files matching this glob (repeatable)."),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable)."),
    max_file_size: int = typer.Option(
        4 * 1024 * 1024, "--max-file-size", help="Skip files larger than this many bytes."
    ),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes (default: CPU count)."),
    stats: bool = typer.Option(False, "--stats", help="Print files seen, read, parsed and time per stage to stderr."),
) -> None:
    """Scan a repository for OpenAI API features that fail on Bedrock."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.scan import scan_paths

        mx = _load(matrix)
        target = resolve_target(mx, model, region)
        with _progress() as progress:
            report = scan_paths(
                paths or ["."], mx, target, include=include, exclude=exclude,
                max_file_size=max_file_size, jobs=jobs, progress=progress,
            )  # fmt: skip
        out = report.render(format.value, color=_color())
    except BedrockCheckError as exc:
        _fail(str(exc))
    sys.stdout.write(out)
    if stats:
        figures = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.stats.items())
        typer.echo(f"stats: {figures}", err=True)
    raise typer.Exit(report.exit_code(fail_on.value, unreadable_fails=False))


class _progress:
    """A rich progress bar on stderr, only when stderr is a terminal."""

    def __enter__(self):
        self._bar = None
        if not sys.stderr.isatty() or os.environ.get("CI"):
            return None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("scanning", total=None)

        def update(done: int, total: int) -> None:
            self._bar.update(self._task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


@app.command()
def explain(
    capability: str = typer.Argument(..., help="Capability id, e.g. web-search."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[Path]] = MATRIX_OPT,
) -> None:
    """Show a capability's status, source, docs and remediation."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.matrix_views import explain_text

        mx = _load(matrix)
        try:
            cap = mx.capability(capability)
        except KeyError:
            known = ", ".join(c.id for c in mx.capabilities)
            _fail(f"unknown capability {capability!r}; known ids: {known}")
        typer.echo(explain_text(mx, cap, resolve_target(mx, model, region)), nl=False)
    except BedrockCheckError as exc:
        _fail(str(exc))


@matrix_app.command("show")
def matrix_show(
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[Path]] = MATRIX_OPT,
    format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Print the matrix: every capability's status on the OpenAI API and on Bedrock."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.matrix_views import render_matrix

        mx = _load(matrix)
        out = render_matrix(mx, resolve_target(mx, model, region), format.value, color=_color())
    except BedrockCheckError as exc:
        _fail(str(exc))
    sys.stdout.write(out)


@matrix_app.command("validate")
def matrix_validate(file: Path = typer.Argument(..., help="A matrix or override layer.")) -> None:
    """Check a matrix file (or an override layer over the shipped matrix)."""
    try:
        from bedrock_check.matrix import validate_matrix_file

        mx = validate_matrix_file(file)
    except BedrockCheckError as exc:
        _fail(str(exc))
    typer.echo(f"{file}: valid ({len(mx.capabilities)} capabilities, {len(mx.models)} models, as of {mx.as_of})")


@matrix_app.command("schema")
def matrix_schema() -> None:
    """Print the JSON Schema of a matrix file."""
    import json

    from bedrock_check.matrix import matrix_json_schema

    typer.echo(json.dumps(matrix_json_schema(), indent=2))


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
