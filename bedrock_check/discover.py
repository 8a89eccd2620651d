"""File discovery for `scan`: which files of a tree to look at.

In a git work tree: what git tracks plus untracked files it does not ignore. Elsewhere:
a walk that honours `.gitignore` files. Either way: `.git`, `node_modules`, virtual
environments and build output are skipped, symlinks are never followed out of the
root (nor round a loop: directory links are not followed at all), and only regular
files of a kind bedrock-check reads are returned.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from bedrock_check.extract import kind_of
from bedrock_check.findings import Diagnostic

#: Directory names never descended into unless named on the command line.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "bower_components", ".venv", "venv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox", ".eggs",
    "build", "dist", ".next", ".nuxt", ".svelte-kit", "out", "coverage", "site-packages", ".cache",
    ".terraform", ".idea", ".vscode",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to read: the path shown in reports, the path on disk, and its input kind."""

    display: str
    path: Path
    kind: str


def _globs(patterns: list[str]) -> pathspec.PathSpec | None:
    return pathspec.PathSpec.from_lines("gitwildmatch", patterns) if patterns else None


class _DirFilter:
    """Decides, once per directory, whether files under it are skipped."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[tuple[str, ...], bool] = {(): False}

    def skipped(self, parts: tuple[str, ...]) -> bool:
        if parts in self.cache:
            return self.cache[parts]
        name = parts[-1]
        answer = (
            self.skipped(parts[:-1])
            or name in SKIP_DIRS
            or name.endswith(".egg-info")
            # a virtual environment under any name
            or (self.root.joinpath(*parts) / "pyvenv.cfg").exists()
        )
        self.cache[parts] = answer
        return answer


def _git_files(root: Path) -> list[str] | None:
    """Paths (relative to root) git lists, or None when root is not in a git work tree."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    names = [n for n in proc.stdout.decode("utf-8", errors="surrogateescape").split("\0") if n]
    return sorted(set(names))


def _walk_files(root: Path) -> Iterator[str]:
    """Paths (relative to root) under a plain directory, honouring .gitignore files."""
    specs: list[tuple[str, pathspec.PathSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        ignore_file = Path(dirpath) / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
                specs.append((rel_dir, pathspec.PathSpec.from_lines("gitwildmatch", lines)))
            except OSError:
                pass

        def ignored(rel: str, is_dir: bool) -> bool:
            for base, spec in specs:
                if base and not rel.startswith(base + "/"):
                    continue
                inner = rel[len(base) + 1 :] if base else rel
                if spec.match_file(inner + ("/" if is_dir else "")):
                    return True
            return False

        keep = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            if not ignored(rel, True):
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if not ignored(rel, False):
                yield rel


def discover(
    paths: list[str], *, include: list[str] | None = None, exclude: list[str] | None = None
) -> Iterator[Candidate | Diagnostic]:
    """Candidate files under the given paths (files are taken as named), and a
    diagnostic for each path that cannot be used."""
    inc, exc = _globs(include or []), _globs(exclude or [])
    seen: set[Path] = set()
    for arg in paths:
        root = Path(arg)
        try:
            st = root.lstat()
        except OSError:
            yield Diagnostic(arg, "not-found", "no such file or directory")
            continue
        if stat.S_ISREG(st.st_mode) or (stat.S_ISLNK(st.st_mode) and root.is_file()):
            kind = kind_of(root.name)
            if kind is None:
                yield Diagnostic(arg, "unsupported", "not a kind of file bedrock-check reads")
            else:
                yield Candidate(arg, root, kind)
            continue
        if not root.is_dir():
            yield Diagnostic(arg, "unreadable", "not a regular file or directory")
            continue
        real_root = root.resolve()
        names = _git_files(root)
        listing = names if names is not None else _walk_files(root)
        dirs = _DirFilter(root)
        for rel in listing:
            parts = tuple(rel.split("/"))
            if dirs.skipped(parts[:-1]):
                continue
            kind = kind_of(parts[-1])
            if kind is None:
                continue
            if inc is not None and not inc.match_file(rel):
                continue
            if exc is not None and exc.match_file(rel):
                continue
            full = root / rel
            display = rel if arg in (".", "./") else f"{arg.rstrip('/')}/{rel}"
            try:
                lst = full.lstat()
            except OSError as err:
                yield Diagnostic(display, "unreadable", f"cannot stat: {err.strerror or err}")
                continue
            if stat.S_ISLNK(lst.st_mode):
                try:
                    target = full.resolve(strict=True)
                except (OSError, RuntimeError):
                    yield Diagnostic(display, "symlink", "symbolic link that leads nowhere (or round a loop)")
                    continue
                if real_root not in target.parents:
                    yield Diagnostic(display, "symlink", "symbolic link out of the scanned tree; not followed")
                    continue
                if not target.is_file():
                    continue
            elif not stat.S_ISREG(lst.st_mode):
                yield Diagnostic(display, "not-a-file", "not a regular file (FIFO, socket or device); skipped")
                continue
            real = full.resolve()
            if real in seen:
                continue
            seen.add(real)
            yield Candidate(display, full, kind)
