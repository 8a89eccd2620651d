"""Test helpers: evaluate a body, summarise the result, scan a folder as a user would."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bedrock_check.engine import Engine, Evaluation
from bedrock_check.extract.requests import read_json
from bedrock_check.matrix import Matrix, Target
from bedrock_check.report import Report
from bedrock_check.scanner import scan_paths


def run(engine: Engine, body: Any) -> Evaluation:
    """Evaluate one body as if it had been read from a JSON file."""
    obs, diags = read_json("req.json", json.dumps(body, indent=2))
    assert not diags, diags
    return engine.evaluate(obs)


def caps(result: Evaluation) -> dict[str, str]:
    """capability id -> severity (or "ok" for uses), worst first wins."""
    out: dict[str, str] = {u.capability: "ok" for u in result.uses}
    for f in result.findings:
        out[f.capability] = f.severity
    return out


def scan_folder(root: Path, matrix: Matrix, target: Target) -> Report:
    """Scan `root` from inside it (`bedrock-check scan .`), so paths in the report are
    relative as a user sees them; the working folder is restored afterwards."""
    here = os.getcwd()
    os.chdir(root)
    try:
        return scan_paths(["."], matrix, target, jobs=1)
    finally:
        os.chdir(here)


def cli_in(cwd: Path, *args: str) -> str:
    """Run the command line from inside `cwd` (as a user in that folder would) and return
    its standard output; any exit other than 0 (clean) or 1 (findings) fails the test."""
    from typer.testing import CliRunner

    from bedrock_check.cli import app

    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1), result.output
    return result.stdout
