"""Shell scripts and curl commands: request bodies in `-d`/`--data` arguments, the API
path of the URL, and WebSocket URLs. Comment lines are never a use."""

from __future__ import annotations

import json
import re
import shlex

from bedrock_check.extract.common import Extracted, SourceText
from bedrock_check.extract.endpoints import endpoint_of
from bedrock_check.extract.requests import request_shape
from bedrock_check.findings import CodeObservation, RequestObservation, Span
from bedrock_check.jsonloc import LineIndex, locate_offsets
from bedrock_check.vocabulary import ApiEndpoint

TOKENS = ("curl", "wss://", "/v1/")

_DATA_FLAGS = {"-d", "--data", "--data-raw", "--data-binary", "--json"}
_URL = re.compile(r"https?://[^\s'\"]+|wss?://[^\s'\"]+")
def _commands(text: str) -> list[tuple[int, str, list[str]]]:
    """(offset, command text, words) per command. Backslash-newline continuations are
    joined in place (same length, so offsets stay true), a quoted argument may span
    lines, and comment lines are skipped."""
    joined = text.replace("\\\r\n", "   ").replace("\\\n", "  ")
    lines = joined.split("\n")
    out: list[tuple[int, str, list[str]]] = []
    offset = 0
    i = 0
    while i < len(lines):
        start, command = offset, lines[i]
        offset += len(lines[i]) + 1
        i += 1
        stripped = command.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        while True:
            try:
                words = shlex.split(command, comments=True)
                break
            except ValueError:  # an open quote: the argument goes on over the next line
                if i >= len(lines) or command.count("\n") > 500:
                    words = command.split()
                    break
                command += "\n" + lines[i]
                offset += len(lines[i]) + 1
                i += 1
        out.append((start, command, words))
    return out


def extract_shell(path: str, text: str) -> Extracted:
    """Observations from shell text (a script, or a console block from Markdown)."""
    result = Extracted()
    src = SourceText(text)
    index = LineIndex(text)
    for offset, command, words in _commands(text):
        urls = [w for w in words if _URL.fullmatch(w)]
        for url in urls:
            if url.startswith(("ws://", "wss://")):
                start = text.find(url, offset)
                span = index.span(start, start + len(url)) if start >= 0 else Span(1, 1, 1, 1)
                result.observations.append(CodeObservation(path, "string", url, span, snippet=command.strip()))
        if not words or words[0] != "curl":
            continue
        endpoint = endpoint_of(urls[0]) if urls else ApiEndpoint.UNKNOWN
        for i, word in enumerate(words[:-1]):
            if word not in _DATA_FLAGS:
                continue
            body_text = words[i + 1]
            if body_text.startswith("@"):
                continue  # a file reference: the file itself is scanned on its own
            start = text.find(body_text, offset)
            try:
                value = json.loads(body_text)
            except (ValueError, RecursionError):
                continue
            shape = request_shape(value)
            if shape is None:
                continue
            begin = index.span(start, start + 1) if start >= 0 else Span(1, 1, 1, 1)

            def locate(ptr, _start=start, _inner=shape.inner):
                if _start < 0:
                    return None
                found = locate_offsets(text, (*_inner, *ptr), _start)
                return index.span(*found) if found else None

            # The URL names the endpoint; a Batch line's own `url` wins when the URL says nothing.
            kind = endpoint if endpoint is not ApiEndpoint.UNKNOWN else shape.endpoint
            result.observations.append(
                RequestObservation(
                    path=path, body=shape.body, endpoint=kind, span=begin, locate=locate, source_line=src.line
                )
            )
    return result
