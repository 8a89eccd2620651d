"""Find where a JSON pointer's value sits in JSON text, without a second full parse.

The stdlib parser gives values but no positions. Positions are needed only for
findings, so we locate lazily: walk the text along the pointer, skipping sibling
values with regular expressions that run in C (a 60 MB base64 string is one regex
match, not sixty million Python steps).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from bedrock_check.findings import Pointer, Span

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


#: CPython refuses int() of more than 4,300 digits (a DoS guard); JSON from a repository
#: may hold such a number. It is read as infinity instead of failing the whole file.
_MAX_DIGITS = 4000


def _int(text: str) -> int | float:
    return int(text) if len(text) <= _MAX_DIGITS else float(text)


def loads(text: str | bytes) -> Any:
    """json.loads that reads a huge integer as a float (inf) instead of raising ValueError."""
    return json.loads(text, parse_int=_int)


#: A JSON string, a `//` or `/* */` comment, or a comma before a closing bracket (JSONC).
_JSONC = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING_COMMA = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|,(?=\s*[}\]])', re.S)


def _blank(match: re.Match[str]) -> str:
    text = match.group(0)
    return text if text.startswith('"') else re.sub(r"[^\n]", " ", text)


def without_comments(text: str) -> str | None:
    """JSON with comments (JSONC: `//` and `/* */` comments, trailing commas), as plain
    JSON with every comment and trailing comma blanked out so each value keeps its line and
    column; None when the text has no comment to blank."""
    if "//" not in text and "/*" not in text:
        return None
    return _TRAILING_COMMA.sub(_blank, _JSONC.sub(_blank, text))


class LineIndex:
    """Maps character offsets to 1-based (line, column)."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._starts = [0]
        self._starts.extend(m.end() for m in re.finditer("\n", text))
        self._first = first_line

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        i = bisect_right(self._starts, offset) - 1
        return self._first + i, offset - self._starts[i] + 1

    def span(self, start: int, end: int) -> Span:
        """The span between two offsets."""
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col)


def _skip_ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()  # type: ignore[union-attr]  # these patterns match the empty string, so match() never returns None


def skip_value(text: str, i: int) -> int:
    """Offset just past the JSON value starting at `i` (which must be valid JSON)."""
    ch = text[i]
    if ch == '"':
        m = _STRING.match(text, i)
        if m is None:
            raise ValueError("unterminated string")
        return m.end()
    if ch in "[{":
        depth = 0
        for m in _TOKEN.finditer(text, i):
            tok = m.group()
            if tok in "[{":
                depth += 1
            elif tok in "]}":
                depth -= 1
                if depth == 0:
                    return m.end()
        raise ValueError("unterminated container")
    m = _SCALAR.match(text, i)
    if m is None:
        raise ValueError(f"unexpected character {ch!r}")
    return m.end()


_KEY = re.compile(r'[ \t\n\r]*"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\n\r]*:[ \t\n\r]*', re.S)
_SEP = re.compile(r"[ \t\n\r]*,?[ \t\n\r]*")


def _object_index(text: str, i: int) -> dict[str, int]:
    """Key -> offset of its value, for the object that opens at `i` (first key wins)."""
    index: dict[str, int] = {}
    i += 1
    while True:
        m = _KEY.match(text, i)
        if m is None:
            return index
        name = m.group(1)
        if "\\" in name:
            name = json.loads(f'"{name}"')
        index.setdefault(name, m.end())
        i = _SEP.match(text, skip_value(text, m.end())).end()  # type: ignore[union-attr]  # _SEP matches the empty string: never None


#: Per text, the containers already indexed: offset -> item offsets (arrays) or key
#: offsets (objects). Locating N values in one large request then costs one pass over
#: each container instead of one pass per value (N tools: linear, not quadratic).
Containers = dict[int, "list[tuple[int, int]] | dict[str, int]"]


def locate_offsets(
    text: str, pointer: Pointer, start: int = 0, cache: Containers | None = None
) -> tuple[int, int] | None:
    """(start, end) offsets of the value at `pointer` in the JSON value starting at `start`.
    With a `cache` (one per text), containers are indexed once and reused."""
    try:
        i = _skip_ws(text, start)
        for key in pointer:
            ch = text[i]
            if cache is not None and ch in "{[":
                known = cache.get(i)
                if known is None:
                    known = cache[i] = _object_index(text, i) if ch == "{" else array_items_at(text, i)
                if ch == "{" and isinstance(key, str) and isinstance(known, dict) and key in known:
                    i = known[key]
                elif ch == "[" and isinstance(key, int) and isinstance(known, list) and 0 <= key < len(known):
                    i = known[key][0]
                else:
                    return None
                continue
            if ch == "{" and isinstance(key, str):
                i += 1
                while True:
                    m = _KEY.match(text, i)
                    if m is None:  # the closing brace: no such key
                        return None
                    name = m.group(1)
                    if "\\" in name:
                        name = json.loads(f'"{name}"')
                    i = m.end()
                    if name == key:
                        break
                    i = _SEP.match(text, skip_value(text, i)).end()  # type: ignore[union-attr]  # these patterns match the empty string, so match() never returns None
            elif ch == "[" and isinstance(key, int):
                i = _skip_ws(text, i + 1)
                for _ in range(key):
                    if text[i] == "]":
                        return None
                    i = _SEP.match(text, skip_value(text, i)).end()  # type: ignore[union-attr]  # these patterns match the empty string, so match() never returns None
                if text[i] == "]":
                    return None
            else:
                return None
        return i, skip_value(text, i)
    except (IndexError, ValueError):
        return None


def array_items(text: str, pointer: Pointer) -> list[tuple[int, int]]:
    """(start, end) offsets of every item of the array at `pointer`, in one pass
    (locating items one by one from the top would be quadratic in their number)."""
    found = locate_offsets(text, pointer)
    if found is None or text[found[0]] != "[":
        return []
    return array_items_at(text, found[0])


def array_items_at(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the items of the array that opens at `start`."""
    items: list[tuple[int, int]] = []
    try:
        i = _skip_ws(text, start + 1)
        while text[i] != "]":
            end = skip_value(text, i)
            items.append((i, end))
            i = _SEP.match(text, end).end()  # type: ignore[union-attr]  # these patterns match the empty string, so match() never returns None
    except (IndexError, ValueError):
        return items
    return items
