"""Text edits at source spans: the one way `fix` changes a file.

An edit names a span the scan reported (1-based line and column, end column one past
the end) and what to do there. Edits are applied to a file's text back to front so
earlier spans stay valid, and two edits that overlap are refused rather than guessed
at: `fix` never makes an edit it cannot make exactly.
"""

from __future__ import annotations

import difflib
from typing import Literal

from bedrock_check.quickclass import dataclass

EditKind = Literal["replace", "remove-entry", "client", "setting"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to one file, tied to the finding it resolves.

    `replace` swaps the text at the span for `text` after checking the span still holds
    `expect`; `remove-entry` drops the keyword argument, dict entry or object property
    whose value sits at the span; `client` rewrites the client construction at the span
    to its Bedrock form for `endpoint` (`text` is the Region); `setting` turns the `.env` setting on the
    span's line into its Bedrock counterpart."""

    path: str
    kind: EditKind
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    expect: str
    capability: str
    fingerprint: str
    title: str
    #: `client` edits: the endpoint whose client form to write (`mantle` or `runtime`).
    endpoint: str = "mantle"


class EditError(ValueError):
    """An edit that cannot be made exactly as planned (the file moved on, the syntax differs)."""


def line_starts(text: str) -> list[int]:
    """Offsets of the first character of each line (index 0 is line 1)."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def offset(starts: list[int], text: str, line: int, column: int) -> int:
    """The character offset of a 1-based (line, column) in `text`."""
    if not 1 <= line <= len(starts):
        raise EditError(f"line {line} is past the end of the file")
    pos = starts[line - 1] + column - 1
    if pos > len(text):
        raise EditError(f"column {column} is past the end of line {line}")
    return pos


def span_offsets(text: str, edit: Edit, starts: list[int] | None = None) -> tuple[int, int]:
    """Character offsets (start, end) of an edit's span."""
    starts = starts or line_starts(text)
    return offset(starts, text, edit.line, edit.column), offset(starts, text, edit.end_line, edit.end_column)


def replace_literal(text: str, edits: list[Edit]) -> str:
    """Apply `replace` edits: each span must hold a plain quoted literal (or a bare value,
    as in `.env` files) whose content is exactly `expect`; only the content changes, the
    quotes stay. Anything else (escapes, f-strings, concatenations) is refused."""
    starts = line_starts(text)
    placed = sorted(((*span_offsets(text, e, starts), e) for e in edits), key=lambda t: t[0], reverse=True)
    last_start = len(text) + 1
    for start, end, edit in placed:
        if end > last_start:
            raise EditError(f"{edit.path}:{edit.line}: two edits overlap")
        last_start = start
        current = text[start:end]
        inner_start, inner_end = start, end
        if len(current) >= 2 and current[0] in "\"'`" and current[-1] == current[0]:
            inner_start, inner_end = start + 1, end - 1
        if text[inner_start:inner_end] != edit.expect:
            raise EditError(f"{edit.path}:{edit.line}: expected {edit.expect!r} there, found {current!r}")
        text = text[:inner_start] + edit.text + text[inner_end:]
    return text


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file, with `a/` and `b/` prefixes as git prints them (the
    path relative to the working folder when it lies below it)."""
    import os

    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path.lstrip("/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
