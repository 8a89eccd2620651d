"""`matrix diff A B`: what changed between two matrices or override layers, or between two
dates of one matrix (`--as-of A --as-of B`): models offered, Regions, APIs, capability facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bedrock_check.matrix import ENDPOINTS, Matrix, load_matrix, offers_at, validate_matrix_file
from bedrock_check.matrix.records import DECISIVE


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
        oa = [asdict(o) for o in models_a[model_id].offers] if model_id in models_a else None
        ob = [asdict(o) for o in models_b[model_id].offers] if model_id in models_b else None
        if oa != ob:
            changes.append({"what": "model offers", "model": model_id, "from": _offer_summary(oa), "to": _offer_summary(ob)})
    return changes


def _offer_summary(offers: list[dict[str, Any]] | None) -> list[str] | None:
    if offers is None:
        return None
    return [f"{o['endpoint']} since {o['since']}: {','.join(o['regions'])}" for o in offers]


def _state(matrix: Matrix, endpoint: str, at: dt.date) -> dict[str, dict[str, Any]]:
    out = {}
    for m in matrix.models:
        held = offers_at(m, endpoint, at)  # type: ignore[arg-type]  # endpoint comes from ENDPOINTS
        if held:
            out[m.id] = {
                "ids": sorted({i for o in held for i in (o.ids or [m.id])}),
                "regions": sorted({r for o in held for r in o.regions}),
                "apis": sorted({api for o in held for api in o.apis}),
            }
    return out


def _since(matrix: Matrix, model_id: str, endpoint: str, lo: dt.date, hi: dt.date) -> str | None:
    """When a model's offers on an endpoint first changed between two dates (the first offer dated in between)."""
    model = next((m for m in matrix.models if m.id == model_id), None)
    dates = [o.since for o in (model.offers if model else []) if o.endpoint == endpoint and lo < o.since <= hi]
    ended = [o.until for o in (model.offers if model else []) if o.endpoint == endpoint and o.until and lo < o.until <= hi]
    found = dates + ended
    return min(found).isoformat() if found else None


def diff_dates(matrix: Matrix, a: dt.date, b: dt.date) -> list[dict[str, Any]]:
    """What changed on Bedrock between dates `a` and `b` (given in either order: always told
    from the earlier to the later), per endpoint: models offered or withdrawn, their ids,
    Regions and APIs, and every capability fact dated in between; oldest first."""
    lo, hi = min(a, b), max(a, b)
    changes: list[dict[str, Any]] = []
    for endpoint in ENDPOINTS:
        sa, sb = _state(matrix, endpoint, lo), _state(matrix, endpoint, hi)
        for model_id in sorted(sb.keys() - sa.keys()):
            changes.append({"what": "model added", "since": _since(matrix, model_id, endpoint, lo, hi),
                            "endpoint": endpoint, "model": model_id, "as_of": hi.isoformat(), **sb[model_id]})  # fmt: skip
        for model_id in sorted(sa.keys() - sb.keys()):
            changes.append({"what": "model withdrawn", "since": _since(matrix, model_id, endpoint, lo, hi),
                            "endpoint": endpoint, "model": model_id})  # fmt: skip
        for model_id in sorted(sa.keys() & sb.keys()):
            for key in ("ids", "regions", "apis"):
                if sa[model_id][key] != sb[model_id][key]:
                    changes.append({"what": f"model {key}", "since": _since(matrix, model_id, endpoint, lo, hi),
                                    "endpoint": endpoint, "model": model_id,
                                    "from": sa[model_id][key], "to": sb[model_id][key]})  # fmt: skip
    for cap in matrix.capabilities:
        for fact in sorted(cap.facts, key=lambda f: f.since):
            if lo < fact.since <= hi and fact.confidence in DECISIVE:
                src = matrix.source(fact.source.ref)
                changes.append({
                    "what": "capability fact", "capability": cap.id, "since": fact.since.isoformat(),
                    "endpoints": list(fact.endpoints), "models": list(fact.models), "regions": list(fact.regions),
                    "bedrock": fact.bedrock, "baseline": cap.bedrock, "text": fact.text,
                    "source": src.title if src else fact.source.ref, "confidence": fact.confidence,
                })  # fmt: skip
    # Oldest first; models before capability facts on the same day.
    changes.sort(key=lambda c: (c.get("since") or "", c["what"] == "capability fact"))
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
    if what == "model offers":
        return f"model {change['model']}: offers {change['from']} → {change['to']}"
    when = f"{change['since']} " if change.get("since") else ""
    if what == "model added":
        by = f"by {change['as_of']}: " if change.get("as_of") else ""
        return (f"{when}{change['endpoint']}: model {change['model']} added ({by}ids {', '.join(change['ids'])}; "
                f"Regions {', '.join(change['regions'])}; APIs {', '.join(change['apis'])})")  # fmt: skip
    if what == "model withdrawn":
        return f"{when}{change['endpoint']}: model {change['model']} withdrawn"
    if what.startswith("model ") and "endpoint" in change:
        return (f"{when}{change['endpoint']}: model {change['model']} {what[6:]}: {', '.join(change['from'])} → "
                f"{', '.join(change['to'])}")  # fmt: skip
    if what == "capability fact":
        became = {"available": "became available", "conditional": "became available under a condition",
                  "not_available": "is not available", "unverified": "is unverified"}.get(change["bedrock"], change["bedrock"])  # fmt: skip
        return (f"{change['since']} {'/'.join(change['endpoints'])}: {change['capability']} {became} "
                f"(models {', '.join(change['models'])}; Regions {', '.join(change['regions'])}) "
                f"— {change['text']} [{change['source']}, {change['confidence']}]")  # fmt: skip
    if what == "as_of":
        return f"as of: {change['from']} → {change['to']}"
    return f"{change['capability']}: {what} {change['from']} → {change['to']}"
