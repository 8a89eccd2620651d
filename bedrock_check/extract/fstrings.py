"""Python 3.12 f-strings (PEP 701) read by an older `ast`.

Since Python 3.12 a replacement field may reuse the f-string's own quote
(`f"{name.replace(" ", "")}"`), hold a backslash or a comment, and span lines in a
single-quoted f-string. Code written that way is common, and Python 3.10 and 3.11
cannot parse it, which would hide every request in the file. `older_fstrings`
rewrites only the replacement fields that need 3.12 into `{_   }` of the same length,
so every line and column stays where it was and the literal text around the field
(a URL's host and path) is kept. Nothing here runs the code.
"""

from __future__ import annotations

_PREFIX_CHARS = frozenset("rRbBuUfF")
_QUOTES = ("'''", '"""', "'", '"')


def older_fstrings(text: str) -> str | None:
    """`text` with each replacement field that only Python 3.12 accepts blanked out, or
    None when there is none (the syntax error has another cause)."""
    fixes: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif ch in "'\"":
            i = _string(text, i, "", fixes)
        elif ch.isalpha() or ch == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            if j < n and text[j] in "'\"" and len(word) <= 2 and set(word) <= _PREFIX_CHARS:
                i = _string(text, j, word.lower(), fixes)
            else:
                i = j
        else:
            i += 1
    if not fixes:
        return None
    out = list(text)
    for start, end in fixes:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "
        out[start] = "_"
    return "".join(out)


def _string(text: str, i: int, prefix: str, fixes: list[tuple[int, int]]) -> int:
    """Read the string literal whose opening quote is at `i`; the index after it."""
    quote = next(q for q in _QUOTES if text.startswith(q, i))
    j, n = i + len(quote), len(text)
    formatted = "f" in prefix
    while j < n:
        if text.startswith(quote, j):
            return j + len(quote)
        ch = text[j]
        if ch == "\\":
            j += 2
        elif ch == "\n" and len(quote) == 1:
            return j  # an unterminated string: the parser will say so
        elif formatted and ch == "{":
            if text.startswith("{{", j):
                j += 2
            else:
                j = _field(text, j + 1, quote, fixes)
        else:
            j += 1
    return n


def _field(text: str, j: int, quote: str, fixes: list[tuple[int, int]]) -> int:
    """Read a replacement field that starts at `j` (after its `{`); the index after its `}`.
    A field that needs Python 3.12 is recorded in `fixes`."""
    start, depth, n = j, 0, len(text)
    newer = False
    while j < n:
        ch = text[j]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                if newer:
                    fixes.append((start, j))
                return j + 1
            depth -= 1
        elif ch in "'\"":
            k = j - 1
            while k >= start and text[k] in _PREFIX_CHARS:
                k -= 1
            end = _string(text, j, text[k + 1 : j].lower(), [])
            # Before 3.12 a field may not hold the quote that closes its f-string, not even
            # inside a string of its own (`f"{t(f'KEY_{info["key"]}')}"`), nor a backslash
            # (`{sep.join(f'{k}\n' ...)}`).
            newer |= quote in text[j:end] or "\\" in text[j:end]
            j = end
            continue
        elif ch in "\\#" or (ch == "\n" and len(quote) == 1):
            newer = True
        j += 1
    return n


__all__ = ["older_fstrings"]
