"""REST-client request files (`.http`, `.rest`: VS Code REST Client, JetBrains HTTP Client).

Each request is a request line (`POST https://.../chat/completions`), header lines, a blank
line and a body, requests apart by `###` lines; `@name = value` lines define variables used
as `{{name}}`. A POST to an OpenAI API or Azure OpenAI URL (by the catalogue's HTTP paths) is
a request like a recorded one: its JSON body is checked, and the endpoint is reported at the
request line. A `{{...}}` the file does not define (`{{$dotenv SERVICE}}`) stands for a value
set elsewhere: in a host it is one label of it (`https://{{$dotenv SERVICE}}.openai.azure.com`
is an Azure OpenAI resource), in a body a value nobody can check. A URL of any other host
(a local Ollama, another vendor) is not an OpenAI request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_REQUEST_LINE = re.compile(r"^(?P<method>" + "|".join(_METHODS) + r")\s+(?P<url>\S+)(\s+HTTP/[\d.]+)?\s*$")
_VARIABLE = re.compile(r"^@(?P<name>[\w.-]+)\s*=\s*(?P<value>.*?)\s*$")
_TEMPLATE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
#: A template standing alone as a JSON value (`"n": {{count}}`), not inside a string.
_BARE_TEMPLATE = re.compile(r"(?<![\"\w])\{\{[^{}]*\}\}(?![\"\w])")
_SEPARATOR = re.compile(r"^###")


def extract_http_file(path: str, text: str) -> Extracted:
    """Request observations for the OpenAI API requests of one REST-client file."""
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    lines = text.splitlines()
    variables: dict[str, str] = {}
    for line in lines:
        found = _VARIABLE.match(line)
        if found:
            variables[found.group("name")] = found.group("value")
    result = Extracted()
    for start, block in _blocks(lines):
        request = _request(path, cat, variables, start, block, lines)
        if request is not None:
            result.observations.append(request)
    return result


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """The requests of the file: (line number of the block's first line, its lines)."""
    blocks: list[tuple[int, list[str]]] = []
    start, current = 1, list[str]()
    for number, line in enumerate(lines, 1):
        if _SEPARATOR.match(line):
            blocks.append((start, current))
            start, current = number + 1, []
        else:
            current.append(line)
    blocks.append((start, current))
    return blocks


def _request(path: str, cat: Any, variables: dict[str, str], start: int, block: list[str],
             lines: list[str]) -> RequestObservation | None:  # fmt: skip
    """One block's request, when it is a POST to an OpenAI API or Azure OpenAI endpoint."""
    at = next((i for i, line in enumerate(block) if line.strip() and not line.lstrip().startswith(("#", "//", "@"))), None)
    if at is None:
        return None
    line = block[at]
    # (`{{$dotenv SERVICE}}` holds a space: the line is read with its templates put in)
    found = _REQUEST_LINE.match(_fill(line.strip(), variables, "x"))
    if found is None or found.group("method") != "POST":
        return None
    url = found.group("url")
    provider = cat.provider_of_host(url)
    if provider not in MIGRATING_PROVIDERS:
        return None
    endpoint = cat.http.request_endpoint(url)
    if endpoint is None:
        return None
    number = start + at
    here = Span(number, 1, number, len(line) + 1)
    body_at = next((i for i in range(at + 1, len(block)) if not block[i].strip()), len(block))
    raw = "\n".join(block[body_at + 1 :])
    body, read = _body(raw, variables)
    if endpoint == ApiEndpoint.CHAT_COMPLETIONS:
        body.setdefault("messages", [])
    return RequestObservation(
        path=path,
        body=body,
        endpoint=endpoint,
        span=here,
        locate=_locator(read, start + body_at + 1, here),
        source_line=lambda n: lines[n - 1] if 0 < n <= len(lines) else None,
        provider=provider,
    )


def _fill(text: str, variables: dict[str, str], unknown: str) -> str:
    """`text` with the file's `{{name}}` variables put in (twice: a variable may use another),
    and `unknown` for the rest (`{{$dotenv SERVICE}}`, a value set elsewhere)."""
    for _ in range(2):
        text = _TEMPLATE.sub(lambda m: variables.get(m.group(1), m.group(0)), text)
    return _TEMPLATE.sub(unknown, text)


def _body(raw: str, variables: dict[str, str]) -> tuple[dict[str, Any], str]:
    """The JSON body of a request and the text it is read from (`{}` when it has none or it
    is not JSON: a form upload). A model written as a value set elsewhere
    (`"model": "{{$dotenv AZURE_OPENAI_GPT_DEPLOYMENT}}"`) is left out: nobody can check it here."""
    if not raw.strip():
        return {}, raw
    text = _BARE_TEMPLATE.sub("null", _fill(raw, variables, "{{}}")) if _TEMPLATE.search(raw) else raw
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return {}, text
    if not isinstance(value, dict):
        return {}, text
    if value.get("model") == "{{}}":
        del value["model"]
    return value, text


def _locator(text: str, first_line: int, here: Span) -> Callable[[Pointer], Span | None]:
    """Where a part of the body is written (by the JSON text, its templates put in: the lines
    are the file's), else the request line; the endpoint and a Chat Completions request are
    at the request line."""
    from bedrock_check.extract.requests import _TextLocator

    inner = _TextLocator(text, (), first_line)

    def locate(ptr: Pointer) -> Span | None:
        if not ptr or ptr == ("messages",):
            return here
        return inner(ptr) or here

    return locate


__all__ = ["extract_http_file"]
