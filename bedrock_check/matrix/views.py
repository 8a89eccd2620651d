"""Human and machine views of the matrix: `matrix show` and `explain`."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from typing import Any

from bedrock_check.matrix import Capability, Citation, Matrix, Target, effective_status


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


def matrix_dict(matrix: Matrix, target: Target) -> dict[str, Any]:
    """The `matrix show --format json` object."""
    caps = []
    for cap in matrix.capabilities:
        status, citation = effective_status(cap, target)
        caps.append(
            {
                "id": cap.id,
                "title": cap.title,
                "kind": cap.kind,
                "openai": cap.openai,
                "bedrock": status,
                "condition": cap.condition,
                "source": plain_record(citation),
                "citation": citation_text(matrix, citation),
                "message": cap.message,
                "remediation": cap.remediation,
                "notes": [plain_record(n) for n in cap.notes],
            }
        )
    return {
        "as_of": matrix.as_of.isoformat(),
        "target": {"model": target.model, "region": target.region},
        "layers": list(matrix.layers),
        "capabilities": caps,
        "models": [{"id": m.id, "openai_id": m.openai_id, "regions": list(m.regions)} for m in matrix.models],
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
        lines = [
            f"Capability matrix as of {data['as_of']} for `{target.model}` in `{target.region}`",
            "",
            "| Capability | Id | OpenAI API | Amazon Bedrock | Source |",
            "| --- | --- | --- | --- | --- |",
        ]
        for c in data["capabilities"]:
            bedrock = _STATUS_WORDS[c["bedrock"]] + (f": {c['condition']}" if c["condition"] else "")
            lines.append(
                f"| {c['title']} | `{c['id']}` | {_STATUS_WORDS[c['openai']]} | {bedrock} | {c['source']['ref']} |"
            )
        lines += ["", "| Model | OpenAI id | Regions |", "| --- | --- | --- |"]
        lines += [f"| `{m['id']}` | `{m['openai_id'] or ''}` | {', '.join(m['regions'])} |" for m in data["models"]]
        return "\n".join(lines) + "\n"
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=120, highlight=False)
    table = Table(title=f"Capability matrix as of {data['as_of']} — {target.model} in {target.region}")
    for col in ("Id", "Capability", "OpenAI API", "Bedrock", "Source"):
        table.add_column(col)
    style = {"available": "green", "conditional": "yellow", "not_available": "red", "unverified": "yellow"}
    for c in data["capabilities"]:
        bedrock = _STATUS_WORDS[c["bedrock"]] + (f" ({c['condition']})" if c["condition"] else "")
        table.add_row(
            c["id"], c["title"], _STATUS_WORDS[c["openai"]], f"[{style[c['bedrock']]}]{bedrock}[/]", c["source"]["ref"]
        )
    console.print(table)
    for m in data["models"]:
        console.print(f"model {m['id']} (OpenAI id {m['openai_id']}): {', '.join(m['regions'])}")
    return buf.getvalue()


def explain_text(matrix: Matrix, cap: Capability, target: Target) -> str:
    """Everything the matrix says about one capability, as plain text."""
    status, citation = effective_status(cap, target)
    out = [f"{cap.id}: {cap.title}", ""]
    out.append(f"  OpenAI API:      {_STATUS_WORDS[cap.openai]}")
    bedrock = _STATUS_WORDS[status] + (f" — {cap.condition}" if cap.condition else "")
    out.append(f"  Amazon Bedrock:  {bedrock}  (for {target.model} in {target.region})")
    out.append(f"  Source:          {citation_text(matrix, citation)}")
    if citation.reasoning:
        out.append(f"  Reasoning:       {citation.reasoning}")
    out += ["", "What it is", f"  {cap.docs.what}", "", "Why it matters", f"  {cap.docs.why}"]
    out += ["", "Example", f"  {cap.docs.example}", "", "What to do instead", f"  {cap.remediation}"]
    if cap.notes:
        out += ["", "Notes from other sources (the verdict above is unchanged)"]
        for note in cap.notes:
            src = matrix.source(note.source)
            out.append(f"  - {note.text} [{src.title if src else note.source}]")
    return "\n".join(out) + "\n"
