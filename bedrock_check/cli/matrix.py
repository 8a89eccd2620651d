"""The explain command and the matrix commands (show, validate, schema, diff)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from bedrock_check.cli.app import app, matrix_app
from bedrock_check.cli.common import _color, _fail, _load, _target
from bedrock_check.cli.options import (
    AS_OF_OPT,
    ENDPOINT_OPT,
    MATRIX_OPT,
    MODEL_OPT,
    REGION_OPT,
    MatrixFormat,
    ProbeFormat,
)
from bedrock_check.errors import BedrockCheckError


@app.command()
def explain(
    capability: str = typer.Argument(..., metavar="ID", help="Capability id, e.g. web-search."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    endpoint: Optional[str] = ENDPOINT_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
) -> None:
    """Show a capability's status for the target, its dated facts, source, docs and remediation."""
    try:
        from bedrock_check.matrix.views import explain_text

        mx = _load(matrix)
        wanted = capability.strip().lower().replace("_", "-")
        try:
            cap = mx.capability(wanted)
        except KeyError:
            from bedrock_check.vocabulary import unknown_word

            _fail(unknown_word("capability", capability, (c.id for c in mx.capabilities))
                  + " (`bedrock-check matrix show` lists them)")  # fmt: skip
        typer.echo(explain_text(mx, cap, _target(mx, model, region, endpoint, as_of)), nl=False)
    except BedrockCheckError as exc:
        _fail(str(exc))


@matrix_app.command("show")
def matrix_show(
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    endpoint: Optional[str] = ENDPOINT_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Print the matrix for a target (model, Region, endpoint, date): every capability's status and the models."""
    try:
        from bedrock_check.matrix.views import render_matrix

        mx = _load(matrix)
        out = render_matrix(mx, _target(mx, model, region, endpoint, as_of), format.value, color=_color())
    except BedrockCheckError as exc:
        _fail(str(exc))
    sys.stdout.write(out)


@matrix_app.command("validate")
def matrix_validate(file: Path = typer.Argument(..., metavar="FILE", help="A matrix or override layer.")) -> None:
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


@matrix_app.command("diff")
def matrix_diff(
    files: Optional[list[str]] = typer.Argument(
        None, metavar="FILE", help="Two matrices or override layers ('shipped' for the shipped matrix); none with two --as-of."
    ),
    as_of: Optional[list[str]] = typer.Option(
        None, "--as-of", metavar="DATE|latest", help="Compare the matrix at two dates: --as-of 2026-06-01 --as-of latest."
    ),
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: ProbeFormat = typer.Option("text", "--format", "-f", help="Output format."),
) -> None:
    """Show what changed between two matrices or layers, or between two dates (exit 1 when they differ)."""
    import json

    try:
        from bedrock_check.matrix.diff import describe, diff_dates, diff_matrices, load_any

        if as_of:
            if len(as_of) != 2 or files:
                _fail("matrix diff takes two files, or two --as-of dates (and no files)")
            mx = _load(matrix)
            a, b = (_target(mx, None, None, None, d).as_of for d in as_of)
            changes = diff_dates(mx, a, b)
            lo, hi = sorted((a, b))
            named = {d: f" ({w})" for d, w in ((lo, "baseline" if lo == mx.as_of else ""), (hi, "latest" if hi == mx.latest_date else "")) if w}
            header = (f"What changed on Bedrock from {lo}{named.get(lo, '')} to {hi}{named.get(hi, '')}"
                      f"{' (dates given newest first; told oldest first)' if a > b else ''}: "
                      f"{len(changes)} change{'s' if len(changes) != 1 else ''}, oldest first")  # fmt: skip
        else:
            if not files or len(files) != 2:
                _fail("matrix diff takes two files, or two --as-of dates")
            changes = diff_matrices(load_any(files[0]), load_any(files[1]))
            header = ""
    except BedrockCheckError as exc:
        _fail(str(exc))
    if format.value == "json":
        typer.echo(json.dumps(changes, indent=2, default=str))
    elif not changes:
        typer.echo("no differences")
    else:
        typer.echo("\n".join([header] * bool(header) + [describe(c) for c in changes]))
    raise typer.Exit(1 if changes else 0)
