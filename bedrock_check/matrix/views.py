"""Human and machine views of the matrix: `matrix show` and `explain`."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from typing import Any

from bedrock_check.matrix import Capability, Citation, Matrix, Target
from bedrock_check.matrix.resolve import later_fact, offers_at, resolve_status


def plain_record(record: Any) -> dict[str, Any]:
    """A record as a JSON-ready dict without empty fields."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(record).items() if v is not None}


_STATUS_WORDS = {
    "available": "available",
    "conditional": "conditional",
    "not_available": "not available",
    "unverified": "unverified (source silent)",
}


def citation_text(matrix: Matrix, citation: Citation) -> str:
    """A one-line citation: the source's title, section or row, date and address."""
    src = matrix.source(citation.ref)
    if src is None:
        return citation.ref
    parts = [src.title]
    if citation.section or src.section:
        parts.append(f"section “{citation.section or src.section}”")
    if citation.row:
        parts.append(f"row “{citation.row}”")
    if src.as_of:
        parts.append(f"as of {src.as_of.isoformat()}")
    if src.url:
        parts.append(src.url)
    return ", ".join(parts)


def target_dict(matrix: Matrix, target: Target) -> dict[str, str]:
    """The four parts of a target, as every report shows them."""
    return {
        "model": target.model,
        "region": target.region,
        "endpoint": target.endpoint,
        "as_of": target.date(matrix).isoformat(),
    }


def models_dict(matrix: Matrix, target: Target) -> list[dict[str, Any]]:
    """Every model with what holds for it on the target's endpoint and date (decisive offers),
    and the offers the matrix carries but does not rely on (confidence L, or overruled by
    a source that decides against them)."""
    at = target.date(matrix)
    out = []
    for m in matrix.models:
        held = offers_at(m, target.endpoint, at)
        unconfirmed = [o for o in m.offers if not o.decides and o.since <= at]
        out.append(
            {
                "id": m.id,
                "title": m.title,
                "openai_id": m.openai_id,
                "offered": bool(held),
                "ids": sorted({i for o in held for i in (o.ids or [m.id])}),
                "regions": sorted({r for o in held for r in o.regions}),
                "apis": sorted({a for o in held for a in o.apis}),
                "base_path": next((o.base_path for o in held if o.base_path), None),
                "offers": [plain_record(o) for o in held],
                "unconfirmed": [plain_record(o) for o in unconfirmed],
                "notes": [plain_record(n) for n in m.notes],
            }
        )
    return out


def matrix_dict(matrix: Matrix, target: Target) -> dict[str, Any]:
    """The `matrix show --format json` object: every verdict for the target at its date."""
    at = target.date(matrix)
    caps = []
    for cap in matrix.capabilities:
        r = resolve_status(cap, target, at)
        later = later_fact(cap, target, at, r.status)
        caps.append(
            {
                "id": cap.id,
                "title": cap.title,
                "kind": cap.kind,
                "openai": cap.openai,
                "bedrock": r.status,
                "condition": r.condition,
                "source": plain_record(r.citation),
                "citation": citation_text(matrix, r.citation),
                "decided_by": plain_record(r.fact) if r.fact else None,
                "later": plain_record(later) if later else None,
                "message": cap.message,
                "remediation": cap.remediation,
                "notes": [plain_record(n) for n in cap.notes],
                "facts": [plain_record(f) for f in cap.facts],
            }
        )
    from bedrock_check.engine import Engine

    problems = Engine(matrix, target).check_target()
    return {
        "as_of": matrix.as_of.isoformat(),
        "latest": matrix.latest_date.isoformat(),
        "target": target_dict(matrix, target),
        "target_problems": [{"capability": p.capability, "message": p.message} for p in problems],
        "layers": list(matrix.layers),
        "capabilities": caps,
        "models": models_dict(matrix, target),
    }


def render_matrix(matrix: Matrix, target: Target, fmt: str, *, color: bool = False) -> str:
    """The matrix as a table, JSON, Markdown or YAML."""
    data = matrix_dict(matrix, target)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    if fmt == "markdown":
        t = data["target"]
        lines = [
            f"Capability matrix for `{t['model']}` in `{t['region']}` on `{t['endpoint']}` as of {t['as_of']}"
            f" (baseline {data['as_of']})",
            "",
            *[f"- **{p['capability']}**: {p['message']}" for p in data["target_problems"]],
            "",
            "| Capability | Id | OpenAI API | Amazon Bedrock | Source |",
            "| --- | --- | --- | --- | --- |",
        ]
        for c in data["capabilities"]:
            bedrock = _STATUS_WORDS[c["bedrock"]] + (f": {c['condition']}" if c["condition"] else "")
            lines.append(
                f"| {c['title']} | `{c['id']}` | {_STATUS_WORDS[c['openai']]} | {bedrock} | {c['source']['ref']} |"
            )
        lines += [
            "",
            f"Models on `{t['endpoint']}` as of {t['as_of']}",
            "",
            "| Model | Bedrock ids | Regions | APIs | Base path |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| `{m['id']}` | {', '.join(f'`{i}`' for i in m['ids'])} | {', '.join(m['regions'])} | "
            f"{', '.join(m['apis'])} | {m['base_path'] or ''} |"
            for m in data["models"]
            if m["offered"]
        ]
        return "\n".join(lines) + "\n"
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=120, highlight=False)
    t = data["target"]
    table = Table(
        title=f"Capability matrix — {t['model']} in {t['region']} on {t['endpoint']} as of {t['as_of']}"
        f" (baseline {data['as_of']})"
    )
    for col in ("Id", "Capability", "OpenAI API", "Bedrock", "Source"):
        table.add_column(col)
    style = {"available": "green", "conditional": "yellow", "not_available": "red", "unverified": "yellow"}
    for c in data["capabilities"]:
        bedrock = _STATUS_WORDS[c["bedrock"]] + (f" ({c['condition']})" if c["condition"] else "")
        if c["later"]:
            bedrock += f" — from {c['later']['since']}: {_STATUS_WORDS[c['later']['bedrock']]}"
        table.add_row(
            c["id"], c["title"], _STATUS_WORDS[c["openai"]], f"[{style[c['bedrock']]}]{bedrock}[/]", c["source"]["ref"]
        )
    for p in data["target_problems"]:
        head = f"[red]target: {p['capability']}[/]" if color else f"target: {p['capability']}"
        console.print(f"{head}: {p['message']}", markup=color, soft_wrap=True)
    console.print(table)
    console.print(f"Models on {t['endpoint']} as of {t['as_of']}:")
    for m in data["models"]:
        if m["offered"]:
            console.print(
                f"  {m['id']} (OpenAI id {m['openai_id']}): ids {', '.join(m['ids'])}; Regions {', '.join(m['regions'])};"
                f" APIs {', '.join(m['apis'])}" + (f"; base path {m['base_path']}" if m["base_path"] else ""),
                soft_wrap=True,
            )
    unconfirmed = [m["id"] for m in data["models"] if m["unconfirmed"] and not m["offered"]
                   and not any(o.get("overruled_by") for o in m["unconfirmed"])]  # fmt: skip
    if unconfirmed:
        console.print(f"  not confirmed (single third-party source only): {', '.join(unconfirmed)}", soft_wrap=True)
    for m in data["models"]:
        for o in m["unconfirmed"]:
            if o.get("overruled_by") and o["endpoint"] == t["endpoint"]:
                console.print(f"  disputed ({o['confidence']}, {o['source']['ref']}, {o['since']}, overruled by "
                              f"{o['overruled_by']}): {m['id']} Regions {', '.join(o['regions'])}; APIs {', '.join(o['apis'])}"
                              + (f" — {o['note']}" if o.get("note") else ""), soft_wrap=True)  # fmt: skip
    return buf.getvalue()


def explain_text(matrix: Matrix, cap: Capability, target: Target) -> str:
    """Everything the matrix says about one capability, as plain text."""
    at = target.date(matrix)
    r = resolve_status(cap, target, at)
    citation = r.citation
    out = [f"{cap.id}: {cap.title}", ""]
    out.append(f"  OpenAI API:      {_STATUS_WORDS[cap.openai]}")
    bedrock = _STATUS_WORDS[r.status] + (f" — {r.condition}" if r.condition else "")
    out.append(f"  Amazon Bedrock:  {bedrock}  (for {target.describe(matrix)})")
    out.append(f"  Source:          {citation_text(matrix, citation)}")
    if r.fact is not None:
        out.append(f"  Decided by:      the fact since {r.fact.since.isoformat()} (confidence {r.fact.confidence}): {r.fact.text}")
    if citation.reasoning:
        out.append(f"  Reasoning:       {citation.reasoning}")
    later = later_fact(cap, target, at, r.status)
    if later is not None:
        out.append(
            f"  Later:           from {later.since.isoformat()} {_STATUS_WORDS[later.bedrock]}: {later.text}"
            f" [{citation_text(matrix, later.source)}]"
        )
    out += ["", "What it is", f"  {cap.docs.what}", "", "Why it matters", f"  {cap.docs.why}"]
    out += ["", "Example", f"  {cap.docs.example}", "", "What to do instead", f"  {cap.remediation}"]
    if cap.facts:
        out += ["", "Dated facts (the latest one on or before the as-of date that matches the target decides)"]
        for fact in cap.facts:
            scope = f"{'/'.join(fact.endpoints)}; models {', '.join(fact.models)}; Regions {', '.join(fact.regions)}"
            until = f" until {fact.until.isoformat()}" if fact.until else ""
            out.append(
                f"  - since {fact.since.isoformat()}{until}: {_STATUS_WORDS[fact.bedrock]} ({scope}; confidence "
                f"{fact.confidence}) — {fact.text} [{citation_text(matrix, fact.source)}]"
            )
    if cap.notes:
        out += ["", "Notes from other sources (the verdict above is unchanged)"]
        for note in cap.notes:
            src = matrix.source(note.source)
            out.append(f"  - {note.text} [{src.title if src else note.source}]")
    return "\n".join(out) + "\n"
