"""Diff-aware runs: keep only findings on lines changed since a git revision.

The repository is the one that holds the scanned paths (not the one around the current
folder): a tree inside another repository, or with its own `.git`, is diffed against its
own history, and a scanned path in no repository is an error, not a silent empty report.
git runs with the repository's own programs switched off (see gitsafe).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from bedrock_check.errors import ConfigError
from bedrock_check.gitsafe import GitError, run_git, unquote_path
from bedrock_check.report.model import Report

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: str) -> str:
    try:
        return run_git(args, cwd).decode("utf-8", "surrogateescape")
    except GitError as exc:
        raise ConfigError(f"--changed-since: git says: {exc}") from None


def repository_of(path: str) -> str:
    """The top folder of the git work tree holding `path` (resolved); ConfigError when none."""
    folder = path if os.path.isdir(path) else os.path.dirname(path) or "."
    try:
        top = run_git(["rev-parse", "--show-toplevel"], folder).decode("utf-8", "surrogateescape").strip()
    except GitError:
        raise ConfigError(f"--changed-since needs a git repository; {path} is not in one") from None
    return os.path.realpath(top)


def changed_lines(rev: str, cwd: str = ".") -> dict[str, set[int] | None]:
    """Resolved absolute path -> changed line numbers since `rev` in the repository
    holding `cwd` (None: the whole file is new)."""
    if rev.startswith("-"):
        raise ConfigError(f"--changed-since: {rev!r} is not a revision")
    top = repository_of(cwd)
    # No separate check of `rev`: git's own message ("bad revision ...") says what is
    # wrong better than a paraphrase.
    changes: dict[str, set[int] | None] = {}
    current: str | None = None
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/",
                 "--dst-prefix=b/", "--end-of-options", rev, "--"], top)  # fmt: skip
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = unquote_path(line[4:].rstrip("\t"))
            current = None if name == "/dev/null" else _inside(top, name.removeprefix("b/"))
            if current is not None:
                changes.setdefault(current, set())
        elif current is not None and (m := _HUNK.match(line)):
            start, count = int(m.group(1)), int(m.group(2) or "1")
            bucket = changes[current]
            if bucket is not None:
                bucket.update(range(start, start + count))
    for name in _git(["ls-files", "-z", "--others", "--exclude-standard"], top).split("\0"):
        if name and (full := _inside(top, name)) is not None:
            changes[full] = None
    return changes


def _inside(top: str, name: str) -> str | None:
    """The path git named, resolved; None when it leads out of the work tree."""
    full = os.path.realpath(os.path.join(top, name))
    return full if full.startswith(top.rstrip(os.sep) + os.sep) else None


def only_changed(report: Report, rev: str, cwd: str = ".", paths: list[str] | None = None) -> Report:
    """The report with findings outside the changed lines dropped. `paths` are the scanned
    paths (relative to `cwd`); each is diffed in its own repository."""
    changes: dict[str, set[int] | None] = {}
    tops: set[str] = set()
    for path in paths or ["."]:
        top = repository_of(os.path.join(cwd, path))
        if top not in tops:
            tops.add(top)
            changes.update(changed_lines(rev, top))
    kept = []
    for f in report.findings:
        if f.on_target:
            kept.append(f)
            continue
        lines = changes.get(os.path.realpath(os.path.join(cwd, f.path)), set())
        if lines is None or f.line in lines:
            kept.append(f)
    return replace(report, findings=tuple(kept))
