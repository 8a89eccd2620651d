"""Python 3.12 type parameters (PEP 695) read by an older `ast`.

Since Python 3.12 a function or class may declare its type parameters in brackets
(`def first[T](items: list[T]) -> T:`, `class Box[T]:`) and a `type` statement names an
alias (`type Pair = tuple[str, int]`). Python 3.10 and 3.11 cannot parse either, which
would hide every request in the file. `older_type_params` rewrites them into code of the
same length that an older `ast` reads, so every line and column stays where it was:
`def first[T](items)` becomes `def first(   items)` (the brackets' text blanked, their
newlines kept inside the parenthesis), `class Box[T]:` becomes `class Box( ):`, and
`type Pair = ...` becomes `_t=0;Pair = ...`. Nothing here runs the code.
"""

from __future__ import annotations

import re

#: A function or class header whose name is followed by type parameters.
_HEADER = re.compile(r"\b(?:def|class)[ \t]+[A-Za-z_]\w*[ \t]*\[")
#: A `type` alias statement at the start of a line (its name, then `=` or its parameters).
_ALIAS = re.compile(r"(?m)^([ \t]*)type[ \t]+(?=[A-Za-z_]\w*[ \t]*[=\[])")
_OPEN, _CLOSE = "([{", ")]}"


def _closing(text: str, start: int) -> int | None:
    """The index of the bracket that closes the one at `start` (brackets in strings of the
    type parameters are not expected: their bounds are names and subscripts)."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return None


def older_type_params(text: str) -> str | None:
    """`text` with its type parameter lists and `type` statements rewritten for an older
    `ast` (same length, same lines), or None when it has none."""
    chars = list(text)
    changed = False
    for m in _HEADER.finditer(text):
        open_at = m.end() - 1
        close_at = _closing(text, open_at)
        if close_at is None:
            continue
        after = close_at + 1
        while after < len(text) and text[after] in " \t":
            after += 1
        for i in range(open_at + 1, close_at):
            if chars[i] != "\n":
                chars[i] = " "
        chars[open_at] = "("
        if after < len(text) and text[after] == "(":
            chars[close_at], chars[after] = " ", " "  # the parameters now sit in the bracket's parenthesis
        else:
            chars[close_at] = ")"  # `class Box[T]:` -> `class Box( ):`
        changed = True
    for m in _ALIAS.finditer(text):
        start = m.start() + len(m.group(1))
        chars[start : start + 5] = list("_t=0;")
        changed = True
    return "".join(chars) if changed else None


__all__ = ["older_type_params"]
