"""Glob matching (gitignore syntax) that cannot backtrack without end.

pathspec turns each pattern into a regular expression; Python's engine backtracks, so a
`.gitignore` line like `*a*a*a*a…x` from a scanned repository could take exponential
time on one path. With google-re2 installed (a dependency) pathspec matches with RE2,
which runs in time linear in the path. Bad patterns from the command line or config are
one-line errors naming the pattern; a bad line in a repository's `.gitignore` is skipped.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bedrock_check.errors import ConfigError

if TYPE_CHECKING:
    import pathspec


@functools.lru_cache(maxsize=1)
def backend() -> str | None:
    """"re2" when google-re2 is importable, else pathspec's default (Python's re)."""
    try:
        import re2  # noqa: F401
    except ImportError:
        return None
    return "re2"


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    import pathspec  # here: a scan of a folder without globs or ignore files never needs it

    return pathspec.GitIgnoreSpec.from_lines(lines, backend=backend())


def compile_globs(patterns: Iterable[str], what: str) -> pathspec.GitIgnoreSpec | None:
    """A matcher for these patterns (None when there are none); ConfigError naming the
    first pattern that is not valid gitignore syntax. `what` names the option or key."""
    patterns = list(patterns)
    if not patterns:
        return None
    try:
        return _spec(patterns)
    except Exception:  # pathspec raises several types; find the culprit for the message
        for pattern in patterns:
            try:
                _spec([pattern])
            except Exception as exc:
                raise ConfigError(f"{what} {pattern!r}: not a valid glob ({exc})") from None
        raise


def compile_lenient(lines: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """A matcher for a repository's `.gitignore` lines; lines that are not valid are
    skipped (git itself ignores them) rather than failing the scan."""
    lines = list(lines)
    try:
        return _spec(lines)
    except Exception:
        good = []
        for line in lines:
            try:
                _spec([line])
            except Exception:
                continue
            good.append(line)
        return _spec(good)
