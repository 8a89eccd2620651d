"""GitHub Actions workflow commands: an annotation per finding on the PR diff.

GitHub shows at most 10 error and 10 warning annotations per step (and drops the rest
without a word), so the first ones of each kind are annotations and a notice says how
many more there are and where the full list is.
"""

from __future__ import annotations

from typing import Any

from bedrock_check.findings import checkout_path
from bedrock_check.report.model import Report

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


#: Annotations GitHub shows per kind in one step.
ANNOTATION_LIMIT = 10


def render_github(report: Report, *, limit: int = ANNOTATION_LIMIT, **_: Any) -> str:
    """`::error file=…,line=…,col=…,title=…::message` lines (at most `limit` of each kind),
    then a notice for what did not fit and a summary notice."""
    from bedrock_check.report.text import summary_line

    lines = []
    shown: dict[str, int] = {}
    hidden = 0
    for f in report.sorted_findings():
        if f.suppressed is not None:
            continue
        props = [f"title={_prop(f'{f.capability}: {f.title}')}"]
        if f.line > 0:
            props[:0] = [
                f"file={_prop(checkout_path(f.path, 'GITHUB_WORKSPACE'))}", f"line={f.line}", f"col={f.column}",
                f"endLine={f.end_line}", f"endColumn={f.end_column}",
            ]  # fmt: skip
        command = _COMMAND[f.severity]
        if shown.get(command, 0) >= limit:
            hidden += 1
            continue
        shown[command] = shown.get(command, 0) + 1
        lines.append(f"::{command} {','.join(props)}::{_data(f'{f.message} Fix: {f.remediation}')}")
    for d in report.diagnostics:
        if shown.get("warning", 0) >= limit:
            hidden += 1
            continue
        shown["warning"] = shown.get("warning", 0) + 1
        props = (
            [f"file={_prop(checkout_path(d.path, 'GITHUB_WORKSPACE'))}"]
            + ([f"line={d.line}"] if d.line else [])
            + [f"title={_prop('bedrock-check: ' + d.kind)}"]
        )
        lines.append(f"::warning {','.join(props)}::{_data(d.message)}")
    if hidden:
        more = (
            f"{hidden} more {'annotation was' if hidden == 1 else 'annotations were'} not shown "
            f"(GitHub shows {limit} of each kind per step); the job summary and the SARIF upload list every one, "
            "as does `bedrock-check scan --format text`."
        )
        lines.append(f"::notice title=bedrock-check: more findings::{_data(more)}")
    lines.append(f"::notice title=bedrock-check::{_data(summary_line(report))}")
    return "\n".join(lines) + "\n"
