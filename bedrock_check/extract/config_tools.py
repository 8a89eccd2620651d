"""Hosted tools an application keeps in its own data files.

Apps that load their agents or steps from JSON or YAML write the tools there (a recipe step's
`"openai_builtin_tools": [{"type": "web_search_preview"}]`, an agent file's `tools:` list with
`- type: code_interpreter`), and the code that loads them hands the list to the request. A
mapping whose `type` is one of the catalogue's hosted tool types, written as an item of a list
under a key that names tools (`tools`, `builtin_tools`, `hosted_tools`), is that tool, reported
where it is written, in a file that names OpenAI (a document read as a request has its own
`tools` read with it; an API object as recorded, `"object": "response"`, echoes the tools it was
sent and is no use).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from bedrock_check.extract.common import SAYS_OPENAI
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import ApiEndpoint

#: A key naming a list of tools (`tools`, `openai_builtin_tools`, `hostedTools`).
_TOOLS_KEY = re.compile(r"(?i)(?:^|[_-]|[a-z])tools$")
#: Mappings visited at most (a large data file is not walked whole).
_MAX_NODES = 50_000


def config_tools(path: str, text: str, value: Any, locate: Callable[[Pointer], Span | None],
                 source_line: Callable[[int], str | None], *, requests: bool, named: bool = False) -> list[RequestObservation]:  # fmt: skip
    """A hosted-tool fragment per tool item of a tools list in a data file (see the module
    docstring). In a document read as a request (`requests`), its own `tools` are the request's.
    `named`: the text's page names OpenAI where the text itself may not (a block of a page)."""
    if not (named or SAYS_OPENAI.search(text)) or ('"type"' not in text and "type:" not in text):
        return []
    from bedrock_check.catalogue import shipped_catalogue

    hosted = shipped_catalogue().hosted_types
    found: list[RequestObservation] = []
    for ptr, item in _tool_items(value):
        if requests and ptr[-2:-1] == ("tools",):
            continue
        kind = item.get("type")
        span = locate(ptr)
        if isinstance(kind, str) and kind in hosted and span is not None:
            found.append(RequestObservation(
                path=path, body={"tools": [item]}, endpoint=ApiEndpoint.UNKNOWN, span=span,
                locate=_within(locate, ptr), source_line=source_line, fragment=True,
            ))  # fmt: skip
    return found


def fenced_tools(path: str, code: str) -> list[RequestObservation]:
    """The hosted tools a page's JSON block shows on their own, as a tool payload is written in
    API docs: one tool object (`{ "type": "tool_search" }`), an array of them, or a tools list
    inside any object. The caller asks only of a page that names OpenAI, for a block that is
    no request body."""
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.jsonloc import LineIndex, loads, locate_offsets, without_comments

    if '"type"' not in code:
        return []
    text = without_comments(code) or code
    try:
        value = loads(text)
    except ValueError:
        return []
    cat = shipped_catalogue()
    index = LineIndex(code)
    lines = code.split("\n")

    def locate(ptr: Pointer) -> Span | None:
        where = locate_offsets(text, ptr)
        return index.span(*where) if where else None

    def line(n: int) -> str | None:
        return lines[n - 1] if 1 <= n <= len(lines) else None

    items: list[tuple[Pointer, Any]] = [((i,), v) for i, v in enumerate(value)] if isinstance(value, list) else [((), value)]
    items = [(p, v) for p, v in items if isinstance(v, dict) and cat.hosted_tool(v)]
    found = [RequestObservation(path=path, body={"tools": [item]}, endpoint=ApiEndpoint.UNKNOWN, span=span,
                                locate=_within(locate, ptr), source_line=line, fragment=True)
             for ptr, item in items if (span := locate(ptr)) is not None]  # fmt: skip
    return found or config_tools(path, code, value, locate, line, requests=False, named=True)


def _within(locate: Callable[[Pointer], Span | None], at: Pointer) -> Callable[[Pointer], Span | None]:
    """A locator for the one-tool body `{"tools": [item]}` of the item written at `at`."""

    def find(ptr: Pointer) -> Span | None:
        return locate((*at, *ptr[2:])) if tuple(ptr[:2]) == ("tools", 0) else locate(at)

    return find


def _tool_items(value: Any) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    """(pointer, item) for each mapping in a list held under a tools-named key."""
    stack: list[tuple[Any, Pointer]] = [(value, ())]
    seen = 0
    while stack and seen < _MAX_NODES:
        node, ptr = stack.pop()
        seen += 1
        if isinstance(node, dict):
            if isinstance(node.get("object"), str):
                continue  # an API object as recorded (`"object": "response"` echoes the tools it was sent)
            for key, child in node.items():
                at: Pointer = (*ptr, key)
                if isinstance(key, str) and _TOOLS_KEY.search(key) and isinstance(child, list):
                    yield from ((( *at, i), item) for i, item in enumerate(child) if isinstance(item, dict))
                elif isinstance(child, (dict, list)):
                    stack.append((child, at))
        elif isinstance(node, list):
            stack.extend((child, (*ptr, i)) for i, child in enumerate(node) if isinstance(child, (dict, list)))


__all__ = ["config_tools", "fenced_tools"]
