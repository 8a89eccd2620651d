"""The targets command: where can this workload run, and what blocks it elsewhere."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bedrock_check.cli.app import app
from bedrock_check.cli.common import _fail
from bedrock_check.cli.options import (
    AS_OF_OPT,
    CONFIG_OPT,
    ENDPOINT_OPT,
    EXCLUDE_OPT,
    INCLUDE_OPT,
    MATRIX_OPT,
    MODEL_OPT,
    NO_CONFIG_OPT,
    REGION_OPT,
)
from bedrock_check.errors import BedrockCheckError


class TargetsFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def targets(
    paths: Optional[list[str]] = typer.Argument(None, metavar="PATH", help="Files and directories to scan (default: .)."),
    model: Optional[str] = MODEL_OPT,
    region: Optional[str] = REGION_OPT,
    endpoint: Optional[str] = ENDPOINT_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    matrix: Optional[list[str]] = MATRIX_OPT,
    include: Optional[list[str]] = INCLUDE_OPT,
    exclude: Optional[list[str]] = EXCLUDE_OPT,
    format: TargetsFormat = typer.Option(TargetsFormat.text, "--format", "-f", help="Output format."),
    config: Optional[Path] = CONFIG_OPT,
    no_config: bool = NO_CONFIG_OPT,
) -> None:
    """Every (model, Region, endpoint) the matrix knows, with this workload's blocking findings there, best first.

    The findings are those at the as-of date; each file is read with its nearest config file, as `scan` reads it."""
    try:
        from bedrock_check.cli.scan import scan_by_config
        from bedrock_check.targets import render_targets, target_rows, used_capabilities

        report, _ = scan_by_config(paths, config, no_config, None, model=model, region=region, endpoint=endpoint,
                                   as_of=as_of, matrix=matrix, include=include, exclude=exclude)  # fmt: skip
        out = render_targets(target_rows(report), format.value, used_capabilities(report),
                             report.target.date(report.matrix).isoformat())  # fmt: skip
    except BedrockCheckError as exc:
        _fail(str(exc))
    sys.stdout.write(out)
