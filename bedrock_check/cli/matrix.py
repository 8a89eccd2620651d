"""The explain command and the matrix commands (show, validate, schema, diff)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from bedrock_check.cli.app import app, matrix_app
from bedrock_check.cli.common import MATRIX_OPT, MODEL_OPT, REGION_OPT, MatrixFormat, ProbeFormat, _color, _fail, _load
from bedrock_check.errors import BedrockCheckError


@app.command()
def explain(
    capability: str = typer.Argument(..., help="Capability id, e.g. web-search."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
) -> None:
    """Show a capability's status, source, docs and remediation."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.matrix.views import explain_text

        mx = _load(matrix)
        wanted = capability.strip().lower().replace("_", "-")
        try:
            cap = mx.capability(wanted)
        except KeyError:
            from bedrock_check.vocabulary import unknown_word

            _fail(unknown_word("capability", capability, (c.id for c in mx.capabilities))
                  + " (`bedrock-check matrix show` lists them)")  # fmt: skip
        typer.echo(explain_text(mx, cap, resolve_target(mx, model, region)), nl=False)
    except BedrockCheckError as exc:
        _fail(str(exc))


@matrix_app.command("show")
def matrix_show(
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Print the matrix: every capability's status on the OpenAI API and on Bedrock."""
    try:
        from bedrock_check.matrix import resolve_target
        from bedrock_check.matrix.views import render_matrix

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


@matrix_app.command("diff")
def matrix_diff(
    a: str = typer.Argument(..., help="A matrix or override layer ('shipped' for the shipped matrix)."),
    b: str = typer.Argument(..., help="Another matrix or override layer."),
    format: ProbeFormat = typer.Option("text", "--format", "-f", help="Output format."),
) -> None:
    """Show what changed between two matrices or layers (exit 1 when they differ)."""
    import json

    try:
        from bedrock_check.matrix.diff import describe, diff_matrices, load_any

        changes = diff_matrices(load_any(a), load_any(b))
    except BedrockCheckError as exc:
        _fail(str(exc))
    if format.value == "json":
        typer.echo(json.dumps(changes, indent=2, default=str))
    else:
        typer.echo("\n".join(describe(c) for c in changes) if changes else "no differences")
    raise typer.Exit(1 if changes else 0)
