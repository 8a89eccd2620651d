"""Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`: readiness, then findings by capability."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bedrock_check.findings import Finding
from bedrock_check.report.model import Report

_ICON = {"blocked": "⛔", "check": "⚠️", "works": "✅"}
_LABEL = {"blocked": "Blocked", "check": "Needs a check", "works": "Works on Bedrock"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, **_: Any) -> str:
    """A readiness table, the findings grouped by capability, and diagnostics."""
    from bedrock_check.report.text import summary_line

    out = [
        "## bedrock-check: Amazon Bedrock readiness",
        "",
        f"Target **`{report.target.model}`** in **`{report.target.region}`** on **`{report.target.endpoint}`** "
        f"as of **{report.target.date(report.matrix).isoformat()}** (capability matrix baseline "
        f"{report.matrix.as_of.isoformat()}).",
        "",
        f"**{summary_line(report)}**",
        "",
        "| | Capability | Uses |",
        "| --- | --- | ---: |",
    ]
    readiness = report.readiness()
    titles = {c.id: c.title for c in report.matrix.capabilities}
    for group in ("blocked", "check", "works"):
        for row in readiness[group]:
            out.append(
                f"| {_ICON[group]} {_LABEL[group]} | {titles.get(row['capability'], row['capability'])} (`{row['capability']}`) | {row['count']} |"
            )
    if not any(readiness.values()):
        out.append("| | No OpenAI API use found | 0 |")
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in report.sorted_findings():
        if f.suppressed is None:
            groups[f.capability].append(f)
    if groups:
        out += ["", "### Findings"]
    for cap_id, items in groups.items():
        first = items[0]
        out += ["", f"#### `{cap_id}` — {first.title} ({first.status.replace('_', ' ')} on Bedrock)", ""]
        out += ["| Severity | Location | Value | Message |", "| --- | --- | --- | --- |"]
        for f in items:
            where = f"`{f.path}:{f.line}:{f.column}`" if f.line else f"`{f.path}`"
            out.append(f"| {f.severity} | {where} | `{_cell(f.value[:80])}` | {_cell(f.message)} |")
        out += ["", f"**What to do instead:** {first.remediation}"]
    suppressed = [f for f in report.findings if f.suppressed]
    if suppressed:
        out += ["", f"<details><summary>{len(suppressed)} suppressed or known (baseline) findings</summary>", ""]
        out += [f"- `{f.capability}` at `{f.path}:{f.line}` — {_cell(f.suppressed or '')}" for f in suppressed]
        out += ["", "</details>"]
    if report.diagnostics:
        out += ["", "### Could not read", ""]
        out += [
            f"- `{d.path}`" + (f" line {d.line}" if d.line else "") + f": {_cell(d.message)}"
            for d in report.diagnostics
        ]
    return "\n".join(out) + "\n"
