"""The one finding factory: redaction, location, pointer, fingerprint and citation for every finding,
whatever produced it (a request signal, a code signal, a target check)."""

from __future__ import annotations

from typing import Any

from bedrock_check.findings import (
    CodeObservation,
    Finding,
    Pointer,
    RequestObservation,
    compact_json,
    fingerprint,
)
from bedrock_check.matrix import Capability
from bedrock_check.redact import redact

#: What joins a finding's message to the line saying what a later fact changes; text output
#: shows that line on its own.
LATER = " Later: "


def make_finding(
    cap: Capability,
    severity: str,
    status: str,
    message: str,
    obs: RequestObservation | CodeObservation,
    source: str,
    ptr: Pointer = (),
    value: Any = None,
    later: str | None = None,
) -> Finding:
    """A finding about `obs`: for a request, at the pointer `ptr` with `value`; for code, at the
    observation itself. Scanned code may hold credentials next to the finding: never carry them out."""
    if later:
        message = f"{message}{LATER}{later.removeprefix('Later: ')}"
    if isinstance(obs, RequestObservation):
        span = obs.locate(ptr) or obs.span
        value_text = redact(compact_json(value))
        line_text = obs.source_line(span.line)
        snippet = redact(line_text.strip()) if line_text is not None and len(line_text) <= 300 else value_text
        pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in ptr)
    else:
        span = obs.span
        value_text = redact(obs.value)
        snippet = redact(obs.snippet)
        pointer = ""
    return Finding(
        capability=cap.id,
        title=cap.title,
        severity=severity,  # type: ignore[arg-type]  # callers pass a Severity literal as str
        status=status,
        message=redact(message),
        remediation=cap.remediation,
        path=obs.path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        snippet=snippet,
        value=value_text,
        pointer=pointer,
        context=obs.context,
        source=source,
        fingerprint=fingerprint(cap.id, obs.path, value_text),
    )
