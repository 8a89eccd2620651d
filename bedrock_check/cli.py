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
