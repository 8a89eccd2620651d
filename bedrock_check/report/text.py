"""Text rendering for people: findings grouped by capability, then readiness and a summary.

Uses rich for colour; plain text when `color` is false (not a terminal, or NO_COLOR).
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.text import Text

from bedrock_check.findings import Finding
from bedrock_check.report.model import Report

_STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}
_LABEL = {"works": "works on Bedrock", "check": "needs a check", "blocked": "blocked"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    """One line: counts of errors and warnings, and what was read."""
    c = report.counts()
    noun = "file" if report.command == "scan" else "input"
    parts = [_plural(c["error"], "error"), _plural(c["warning"], "warning")]
    if c["note"]:
        parts.append(_plural(c["note"], "note"))
    suppressed = len(report.findings) - len(report.active)
    tail = f" ({suppressed} suppressed)" if suppressed else ""
    read = f"{_plural(report.requests, 'request')} in {_plural(report.inputs, noun)}"
    unreadable = f"; {_plural(len(report.diagnostics), noun)} could not be read" if report.diagnostics else ""
    return f"{', '.join(parts)}{tail} — {read}{unreadable}; target {report.target.describe(report.matrix)}"


def render_text(report: Report, *, color: bool = False, width: int = 100, **_: Any) -> str:
    """The report as text: groups, diagnostics, readiness, summary."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in report.sorted_findings():
        if f.suppressed is None:
            groups[f.capability].append(f)
    order = {c.id: i for i, c in enumerate(report.matrix.capabilities)}
    rank = {"error": 0, "warning": 1, "note": 2}
    for cap_id in sorted(groups, key=lambda c: (min(rank[f.severity] for f in groups[c]), order.get(c, 999))):
        items = groups[cap_id]
        first = items[0]
        head = Text()
        head.append(cap_id, style="bold")
        head.append(f"  {first.title}  ")
        head.append(f"[{first.status} on Bedrock]", style="dim")
        console.print(head)
        for f in items:
            line = Text("  ")
            line.append(f.severity, style=_STYLE[f.severity])
            line.append(f"  {f.path}:{f.line}:{f.column}" if f.line else f"  {f.path} {f.pointer or ''}".rstrip())
            if f.context:
                line.append(f"  ({f.context})", style="dim")
            console.print(line)
            console.print(Text(f"      {f.snippet}", style="dim"))
            console.print(Text(f"      {f.message}"))
        console.print(Text(f"  fix: {first.remediation}", style="green"))
        console.print(Text(f"  source: {first.source}", style="dim"))
        console.print()
    if report.diagnostics:
        console.print(Text("Could not read:", style="bold"))
        for d in report.diagnostics:
            where = f":{d.line}" + (f":{d.column}" if d.column else "") if d.line else ""
            console.print(Text(f"  {d.path}{where}: {d.message}"))
        console.print()
    readiness = report.readiness()
    if any(readiness.values()):
        heading = Text("Readiness: ", style="bold")
        heading.append(" · ".join(f"{len(readiness[g])} {_LABEL[g]}" for g in ("works", "check", "blocked")))
        console.print(heading)
        for group in ("blocked", "check", "works"):
            if readiness[group]:
                names = ", ".join(
                    f"{r['capability']}" + (f" ×{r['count']}" if r["count"] > 1 else "") for r in readiness[group]
                )
                console.print(Text(f"  {_LABEL[group]}: {names}"))
    style = "bold red" if report.counts()["error"] else ("yellow" if report.counts()["warning"] else "green")
    console.print(Text(summary_line(report), style=style))
    return buf.getvalue()
