"""Test helpers: evaluate a body and summarise the result."""

from __future__ import annotations

import json
from typing import Any

from bedrock_check.engine import Engine, Evaluation
from bedrock_check.extract.requests import read_json


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
