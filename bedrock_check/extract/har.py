"""HAR files (recorded HTTP traffic): every POST to an OpenAI API endpoint
(by the catalogue's HTTP paths, `bedrock_check.httppaths`), with its JSON body when it has one
(a multipart upload is checked by its endpoint alone). A finding is located at the
entry's `postData.text` and names the entry's index."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bedrock_check.findings import Diagnostic, Pointer, RequestObservation, Span
from bedrock_check.httppaths import path_table
from bedrock_check.jsonloc import Containers, LineIndex, loads, locate_offsets
from bedrock_check.vocabulary import DiagnosticKind


def read_har(path: str, text: str) -> tuple[list[RequestObservation], list[Diagnostic]]:
    """Request observations from a HAR document."""
    try:
        har = loads(text)
    except json.JSONDecodeError as exc:
        return [], [Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)]
    except RecursionError:
        return [], [Diagnostic(path, DiagnosticKind.TOO_DEEP, "JSON nested too deeply to check")]
    log = har.get("log") if isinstance(har, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        return [], [Diagnostic(path, DiagnosticKind.NOT_A_REQUEST, "not a HAR file: no log.entries list")]
    index = LineIndex(text)
    containers: Containers = {}  # entries indexed once: N entries cost one pass, not N
    lines = text.splitlines()
    observations: list[RequestObservation] = []
    diagnostics: list[Diagnostic] = []
    paths = path_table()
    for i, entry in enumerate(entries):
        request = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(request, dict) or str(request.get("method", "")).upper() != "POST":
            continue
        endpoint = paths.request_endpoint(str(request.get("url", "")))
        post: dict[str, Any] = request["postData"] if isinstance(request.get("postData"), dict) else {}
        body_text, mime = post.get("text"), str(post.get("mimeType", ""))
        if endpoint is None or (endpoint in paths.create_only and not isinstance(body_text, str)):
            continue
        where = locate_offsets(text, ("log", "entries", i, "request", "postData", "text"), cache=containers)
        span = index.span(*where) if where else Span(1, 1, 1, 1)
        try:
            body = loads(body_text) if isinstance(body_text, str) and body_text.strip() else {}
        except (json.JSONDecodeError, RecursionError):
            if endpoint in paths.create_only or "json" in mime:
                message = f"entry {i}: the request body is not JSON"
                diagnostics.append(Diagnostic(path, DiagnosticKind.PARSE_ERROR, message, span.line, span.column))
                continue
            body = {}  # a multipart upload: the endpoint itself is what is checked
        if not isinstance(body, dict):
            continue
        observations.append(
            RequestObservation(
                path=path,
                body=body,
                endpoint=endpoint,
                span=span,
                locate=_fixed(span),
                source_line=_short_lines(lines),
                context=f"HAR entry {i}",
            )
        )
    return observations, diagnostics


def _fixed(span: Span) -> Callable[[Pointer], Span | None]:
    """A locator that puts every value of an entry at the entry's body."""
    return lambda _ptr: span


def _short_lines(lines: list[str]) -> Callable[[int], str | None]:
    """Source lines for snippets, except the long ones (a HAR body is often one huge line)."""
    return lambda n: lines[n - 1] if 0 < n <= len(lines) and len(lines[n - 1]) < 300 else None


def is_cassette(value: Any) -> bool:
    """Whether a parsed YAML or JSON document is a VCR cassette (vcrpy, pytest-recording: an
    `interactions` list of recorded `request`/`response` pairs): traffic a test replays in
    place of the network, not requests the application makes (and its responses name models)."""
    if not isinstance(value, dict):
        return False
    interactions = value.get("interactions")
    return (isinstance(interactions, list) and bool(interactions)
            and all(isinstance(i, dict) and "request" in i and "response" in i for i in interactions[:3]))  # fmt: skip
