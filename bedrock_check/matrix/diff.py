"""`matrix diff A B`: what changed between two matrices or override layers."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from bedrock_check.matrix import Matrix, load_matrix, validate_matrix_file


def load_any(path: str | Path) -> Matrix:
    """A complete matrix file as it is, or a layer applied over the shipped matrix."""
    if str(path) == "shipped":
        return load_matrix()
    return validate_matrix_file(path)


def _variants(cap: Any) -> list[dict[str, Any]]:
    return [
        {
            "models": v.models,
            "regions": v.regions,
            "bedrock": v.bedrock,
            "source": v.source.ref,
            "as_of": v.as_of.isoformat() if v.as_of else None,
        }
        for v in cap.variants
    ]


def diff_matrices(a: Matrix, b: Matrix) -> list[dict[str, Any]]:
    """Changes from `a` to `b`, one dict per change."""
    changes: list[dict[str, Any]] = []
    if a.as_of != b.as_of:
        changes.append({"what": "as_of", "from": a.as_of.isoformat(), "to": b.as_of.isoformat()})
    caps_a = {c.id: c for c in a.capabilities}
    caps_b = {c.id: c for c in b.capabilities}
    for cap_id in sorted(caps_a.keys() - caps_b.keys()):
        changes.append({"what": "capability removed", "capability": cap_id})
    for cap_id in sorted(caps_b.keys() - caps_a.keys()):
        changes.append({"what": "capability added", "capability": cap_id, "bedrock": caps_b[cap_id].bedrock})
    for cap_id in sorted(caps_a.keys() & caps_b.keys()):
        ca, cb = caps_a[cap_id], caps_b[cap_id]
        for name in ("openai", "bedrock", "condition", "severity"):
            if getattr(ca, name) != getattr(cb, name):
                changes.append({"what": name, "capability": cap_id, "from": getattr(ca, name), "to": getattr(cb, name)})
        if _variants(ca) != _variants(cb):
            changes.append({"what": "variants", "capability": cap_id, "from": _variants(ca), "to": _variants(cb)})
        if asdict(ca.signals) != asdict(cb.signals):
            changes.append({"what": "signals", "capability": cap_id})
        if ca.remediation != cb.remediation:
            changes.append({"what": "remediation", "capability": cap_id})
    models_a = {m.id: m for m in a.models}
    models_b = {m.id: m for m in b.models}
    for model_id in sorted(models_a.keys() | models_b.keys()):
        ra = models_a[model_id].regions if model_id in models_a else None
        rb = models_b[model_id].regions if model_id in models_b else None
        if ra != rb:
            changes.append({"what": "model regions", "model": model_id, "from": ra, "to": rb})
    return changes


def describe(change: dict[str, Any]) -> str:
    """One line for a change."""
    what = change["what"]
    if what == "variants":
        parts = [
            f"{','.join(v['models'])}@{','.join(v['regions'])} → {v['bedrock']} ({v['source']})" for v in change["to"]
        ] or ["none"]
        return f"{change['capability']}: per-model/Region verdicts now: {'; '.join(parts)}"
    if what in ("capability added", "capability removed"):
        return f"{change['capability']}: {what}"
    if what in ("signals", "remediation"):
        return f"{change['capability']}: {what} changed"
    if what == "model regions":
        return f"model {change['model']}: Regions {change['from']} → {change['to']}"
    if what == "as_of":
        return f"as of: {change['from']} → {change['to']}"
    return f"{change['capability']}: {what} {change['from']} → {change['to']}"
