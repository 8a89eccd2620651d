"""Regular expressions from layers, in linear time.

A layer (or a matrix file) is hand-edited and may come from anywhere; Python's engine
backtracks, so a predicate like `^(a+)+$` against a long request value could run for
ages. With google-re2 (a dependency) every layer regex runs on RE2, whose matching time
is linear in the input; a pattern RE2 cannot run (backreferences, lookaround) is refused
when the layer is loaded, naming the pattern. Without re2, Python's engine is used.
"""

from __future__ import annotations

import functools
import re
from typing import Any


class RegexError(ValueError):
    """A pattern that cannot be used; the message says why."""


@functools.lru_cache(maxsize=1)
def _re2() -> Any:
    try:
        import re2
    except ImportError:
        return None
    return re2


@functools.lru_cache(maxsize=4096)
def compile_linear(pattern: str) -> Any:
    """A compiled pattern with `search`/`match`/`fullmatch` (RE2 when available);
    RegexError when the pattern is invalid or needs backtracking."""
    engine = _re2()
    if engine is None:
        try:
            return re.compile(pattern)
        except re.error as exc:
            raise RegexError(f"not a valid regular expression {pattern!r}: {exc}") from None
    try:
        re.compile(pattern)  # Python's syntax first: the matrix documents Python regexes
    except re.error as exc:
        raise RegexError(f"not a valid regular expression {pattern!r}: {exc}") from None
    try:
        return engine.compile(pattern)
    except Exception as exc:  # re2.error; also RE2's own size limits
        raise RegexError(
            f"regular expression {pattern!r} needs features that can take exponential time "
            f"(backreferences, lookaround): {exc}"
        ) from None
