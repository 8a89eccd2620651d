"""GitHub Actions workflow commands: an annotation per finding on the PR diff."""

from __future__ import annotations

from typing import Any

from bedrock_check.report.model import Report

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, **_: Any) -> str:
    """`::error file=…,line=…,col=…,title=…::message` lines, then a summary notice."""
    from bedrock_check.report.text import summary_line

    lines = []
    for f in report.sorted_findings():
        if f.suppressed is not None:
            continue
        props = [f"title={_prop(f'{f.capability}: {f.title}')}"]
        if f.line > 0:
            props[:0] = [
                f"file={_prop(f.path)}", f"line={f.line}", f"col={f.column}",
                f"endLine={f.end_line}", f"endColumn={f.end_column}",
            ]  # fmt: skip
        lines.append(f"::{_COMMAND[f.severity]} {','.join(props)}::{_data(f'{f.message} Fix: {f.remediation}')}")
    for d in report.diagnostics:
        props = (
            [f"file={_prop(d.path)}"]
            + ([f"line={d.line}"] if d.line else [])
            + [f"title={_prop('bedrock-check: ' + d.kind)}"]
        )
        lines.append(f"::warning {','.join(props)}::{_data(d.message)}")
    lines.append(f"::notice title=bedrock-check::{_data(summary_line(report))}")
    return "\n".join(lines) + "\n"
