"""Glob matching (gitignore syntax) that cannot backtrack without end.

pathspec turns each pattern into a regular expression; Python's engine backtracks, so a
`.gitignore` line like `*a*a*a*a…x` from a scanned repository could take exponential
time on one path. With google-re2 installed (a dependency) pathspec matches with RE2,
which runs in time linear in the path. Bad patterns from the command line or config are
one-line errors naming the pattern; a bad line in a repository's `.gitignore` is skipped.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bedrock_check.errors import ConfigError
from bedrock_check.quickclass import dataclass

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


@dataclass(frozen=True)
class Globs:
    """Globs of files to scan (`include`) or to skip, and the folder they are read from.

    `base` is the folder of the config file that declares them (as ruff reads its globs): a
    root config's `services/b/legacy/**` means the same whether the run scans the root,
    `services/b` or one file, and from whatever working folder. None (the command line's
    `--include`/`--exclude`, and a config built in code): read from each folder scanned,
    and a file named on the command line from the working folder."""

    patterns: tuple[str, ...]
    include: bool = False
    base: str | None = None
    #: How an error names the setting (`--exclude`, `.bedrock-check.yaml: exclude`).
    what: str = "--exclude"


def settings_globs(include: Iterable[str] | None, exclude: Iterable[str] | None,
                   include_from: Path | None = None, exclude_from: Path | None = None) -> tuple[Globs, ...]:  # fmt: skip
    """A run's include and exclude globs, each read from the folder of the config file that
    declares it (`*_from`; None: the command line's, see `Globs`)."""

    def one(patterns: Iterable[str] | None, is_include: bool, declared: Path | None) -> list[Globs]:
        found = tuple(patterns or ())
        key = "include" if is_include else "exclude"
        what = f"{declared}: {key}" if declared is not None else f"--{key}"
        base = os.path.abspath(declared.parent) if declared is not None else None
        return [Globs(found, is_include, base, what)] if found else []

    return (*one(include, True, include_from), *one(exclude, False, exclude_from))


class FileFilter:
    """Include and exclude globs compiled once; the one place a file found in a folder, or
    named on the command line, is matched against them (`scan`, `fix`, `baseline`, `validate`)."""

    def __init__(self, globs: Iterable[Globs]) -> None:
        self._items = [(g, spec) for g in globs if (spec := compile_globs(g.patterns, g.what)) is not None]

    def __bool__(self) -> bool:
        return bool(self._items)

    def under(self, root: str, *, force: bool = False) -> Callable[[str], bool]:
        """`kept(rel)` for files found under the folder `root` (`rel`: relative to it, with `/`).
        A folder named on the command line is scanned even when an exclude glob names it (as
        a file named is), unless `force` (`--force-exclude`); the globs below it still apply."""
        top = os.path.abspath(root)
        tests: list[tuple[bool, pathspec.GitIgnoreSpec, str | None]] = []
        for g, spec in self._items:
            prefix = "" if g.base is None else _prefix(top, g.base)
            if not g.include and not force and prefix:
                spec = _without_root(g, spec, prefix)
            tests.append((g.include, spec, prefix))

        def kept(rel: str) -> bool:
            for include, spec, prefix in tests:
                # A file outside the config's folder: only its name can match (`*.gen.py`).
                path = prefix + rel if prefix is not None else rel.rpartition("/")[2]
                if bool(spec.match_file(path)) != include:
                    return False
            return True

        return kept

    def excludes_named(self, path: str) -> bool:
        """Whether the exclude globs skip a file named on the command line (`--force-exclude`)."""
        for g, spec in self._items:
            if g.include:
                continue
            prefix = _prefix(os.path.abspath(os.path.dirname(path) or "."), g.base or os.getcwd())
            name = os.path.basename(path)
            if spec.match_file(prefix + name if prefix is not None else name):
                return True
        return False


def _prefix(folder: str, base: str) -> str | None:
    """`folder` relative to `base` as a glob path prefix (`a/b/`, or "" for the base itself);
    None when it lies outside `base`."""
    try:
        rel = os.path.relpath(folder, base)
    except ValueError:  # another drive
        return None
    if rel == ".." or rel.startswith(".." + os.sep):
        return None
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def _without_root(g: Globs, spec: pathspec.GitIgnoreSpec, prefix: str) -> pathspec.GitIgnoreSpec:
    """The exclude globs less those that exclude the named folder itself (or a folder above it)."""
    if not spec.match_file(prefix):
        return spec
    kept = [p for p in g.patterns if p.startswith("!") or not _spec([p]).match_file(prefix)]
    return _spec(kept)
