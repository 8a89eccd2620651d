"""Every capability has request fixtures that must fire (fires.json) and must not (clean.json)."""

from __future__ import annotations

import json

import pytest

from bedrock_check.engine import Engine
from bedrock_check.extract.requests import read_json
from bedrock_check.matrix import Matrix, resolve_target

from .conftest import FIXTURES

REQUESTS = FIXTURES / "requests"
CAPS = sorted(p.name for p in REQUESTS.iterdir() if p.is_dir())


def _engine(matrix: Matrix, cap: str) -> Engine:
    target_file = REQUESTS / cap / "target.json"
    target = json.loads(target_file.read_text()) if target_file.exists() else {}
    return Engine(
        matrix,
        resolve_target(matrix, target.get("model"), target.get("region"), target.get("endpoint"), target.get("as_of")),
    )


def _per_request(engine: Engine, path, *, with_uses: bool = True) -> list[set[str]]:
    obs, diags = read_json(str(path), path.read_text())
    assert not diags, diags
    found = []
    for o in obs:
        result = engine.evaluate([o])
        uses = {u.capability for u in result.uses} if with_uses else set()
        found.append({f.capability for f in result.findings} | uses)
    return found


@pytest.mark.parametrize("cap", CAPS)
def test_fires(matrix: Matrix, cap: str) -> None:
    engine = _engine(matrix, cap)
    path = REQUESTS / cap / "fires.json"
    per_request = _per_request(engine, path)
    assert per_request, f"{path} holds no requests"
    for i, found in enumerate(per_request):
        assert cap in found, f"{path} request {i + 1}: {cap} did not fire (got {sorted(found)})"


@pytest.mark.parametrize("cap", CAPS)
def test_clean(matrix: Matrix, cap: str) -> None:
    engine = _engine(matrix, cap)
    path = REQUESTS / cap / "clean.json"
    # A conditional capability may be used in a way that works (service_tier "auto"):
    # clean then means no finding. An available one is clean only when not used at all.
    with_uses = matrix.capability(cap).bedrock == "available"
    for i, found in enumerate(_per_request(engine, path, with_uses=with_uses)):
        assert cap not in found, f"{path} request {i + 1}: {cap} fired on a clean request"


@pytest.mark.parametrize("cap", CAPS)
def test_fires_with_the_matrix_verdict(matrix: Matrix, cap: str) -> None:
    """A capability that is not available yields errors; an unverified one, warnings only."""
    engine = _engine(matrix, cap)
    entry = matrix.capability(cap)
    obs, _ = read_json("f.json", (REQUESTS / cap / "fires.json").read_text())
    severities = {f.severity for f in engine.evaluate(obs).findings if f.capability == cap}
    if entry.bedrock == "not_available":
        assert severities == {"error"}
    elif entry.bedrock == "unverified":
        assert severities == {"warning"}
    elif entry.bedrock == "available":
        assert severities <= {"warning"}  # only newer sub-features may warn
