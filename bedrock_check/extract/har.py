"""HAR files (recorded HTTP traffic): the bodies of requests to `/v1/responses` and
`/v1/chat/completions`. A finding is located at the entry's `postData.text` and names
the entry's index."""

from __future__ import annotations

import json

from bedrock_check.findings import Diagnostic, RequestObservation, Span
from bedrock_check.jsonloc import LineIndex, locate_offsets

_PATHS = (("/chat/completions", "chat.completions"), ("/responses", "responses"))


def read_har(path: str, text: str) -> tuple[list[RequestObservation], list[Diagnostic]]:
    """Request observations from a HAR document."""
    try:
        har = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [Diagnostic(path, "parse-error", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)]
    except RecursionError:
        return [], [Diagnostic(path, "too-deep", "JSON nested too deeply to check")]
    entries = har.get("log", {}).get("entries") if isinstance(har, dict) else None
    if not isinstance(entries, list):
        return [], [Diagnostic(path, "not-a-request", "not a HAR file: no log.entries list")]
    index = LineIndex(text)
    lines = text.splitlines()
    observations: list[RequestObservation] = []
    diagnostics: list[Diagnostic] = []
    for i, entry in enumerate(entries):
        request = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(request, dict) or str(request.get("method", "")).upper() != "POST":
            continue
        url = str(request.get("url", "")).split("?", 1)[0].rstrip("/")
        endpoint = next((e for suffix, e in _PATHS if url.endswith(suffix)), None)
        body_text = (request.get("postData") or {}).get("text") if isinstance(request.get("postData"), dict) else None
        if endpoint is None or not isinstance(body_text, str):
            continue
        where = locate_offsets(text, ("log", "entries", i, "request", "postData", "text"))
        span = index.span(*where) if where else Span(1, 1, 1, 1)
        try:
            body = json.loads(body_text)
        except (json.JSONDecodeError, RecursionError):
            diagnostics.append(
                Diagnostic(path, "parse-error", f"entry {i}: the request body is not JSON", span.line, span.column)
            )
            continue
        if not isinstance(body, dict):
            continue
        observations.append(
            RequestObservation(
                path=path,
                body=body,
                endpoint=endpoint,
                span=span,
                locate=lambda _ptr, _s=span: _s,
                source_line=lambda n, _l=lines: _l[n - 1] if 0 < n <= len(_l) and len(_l[n - 1]) < 300 else None,
                context=f"HAR entry {i}",
            )
        )
    return observations, diagnostics
