"""File discovery for `scan`: which files of a tree to look at.

In a git work tree: what git tracks plus untracked files it does not ignore. Elsewhere:
a walk that honours `.gitignore` files. Either way: `.git`, `node_modules`, virtual
environments and build output are skipped, symlinks are never followed out of the
root (nor round a loop: directory links are not followed at all), and only regular
files of a kind bedrock-check reads are returned.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from bedrock_check.extract import REQUEST_KINDS, is_settings_only, kind_of
from bedrock_check.findings import Diagnostic, display_path
from bedrock_check.globs import FileFilter, Globs, compile_lenient, settings_globs
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import DiagnosticKind

if TYPE_CHECKING:
    import pathspec

#: Directory names never descended into unless named on the command line.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "bower_components", ".venv", "venv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox", ".eggs",
    ".next", ".nuxt", ".svelte-kit", "coverage", "site-packages", ".cache",
    ".terraform", ".idea", ".vscode",
})  # fmt: skip
#: Folder names build tools write their output to. They are skipped where a build tool
#: writes them, beside a project file (or at the top of the scan); elsewhere the name is an
#: ordinary folder (`docs/guides/build/` is source).
OUTPUT_DIRS = frozenset({"build", "dist", "out"})
_PROJECT_FILES = ("package.json", "pyproject.toml", "setup.py", "setup.cfg", "Cargo.toml", "go.mod", "Makefile",
                  "CMakeLists.txt", "tsconfig.json", "pom.xml", "build.gradle", "vite.config.ts", "vite.config.js")


#: Storybook stories (`Button.stories.tsx`): a component rendered with made-up data for its
#: catalogue of states (a fine-tuning job's `api.openai.com` URL, a model id in a mock), never a
#: request. Walking skips them; a story named on the command line is read.
_STORY = re.compile(r"\.stories\.(?:[cm]?[jt]sx?|mdx|svelte|vue)$")


def _output_dir(root: str, parent: str, names: set[str] | None = None) -> bool:
    """Whether an output-named folder under `parent` is a build's output: `parent` is the
    top of the scan or holds a project file (`names`: its entries, when already listed)."""
    if not parent:
        return True
    if names is not None:
        return any(f in names for f in _PROJECT_FILES)
    return any(os.path.exists(os.path.join(root, parent, f)) for f in _PROJECT_FILES)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to read: the path shown in reports, the path on disk, and its input kind."""

    display: str
    path: str
    kind: str
    #: Named on the command line (not found by walking a folder): read even when it looks
    #: like build output (a minified bundle).
    named: bool = False


class _DirFilter:
    """Decides, once per directory, whether files under it are skipped (git mode)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.cache: dict[str, bool] = {"": False}

    def skipped(self, rel_dir: str) -> bool:
        if rel_dir in self.cache:
            return self.cache[rel_dir]
        parent, _, name = rel_dir.rpartition("/")
        answer = (
            self.skipped(parent)
            or name in SKIP_DIRS
            or (name in OUTPUT_DIRS and _output_dir(self.root, parent))
            or name.endswith(".egg-info")
            # a virtual environment under any name
            or os.path.exists(os.path.join(self.root, rel_dir, "pyvenv.cfg"))
        )
        self.cache[rel_dir] = answer
        return answer


def _may_be_in_work_tree(root: str) -> bool:
    """Whether some folder from `root` up holds a `.git` (folder or file): the only way git
    finds a repository when it runs without the caller's GIT_* variables (gitsafe drops
    them). Without one, git is not started (four processes for nothing)."""
    here = os.path.abspath(root)
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent


def _git_files(root: str) -> list[str] | None:
    """Paths (relative to root) git lists, or None when root is not in a git work tree.
    git runs with the repository's own programs switched off (see gitsafe)."""
    if not _may_be_in_work_tree(root):
        return None
    from bedrock_check.gitsafe import GitError, run_git

    try:
        out = run_git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root)
    except GitError:
        return None
    names = [n for n in out.decode("utf-8", errors="surrogateescape").split("\0") if n]
    return sorted(set(names))


class _Containment:
    """Whether a folder git names sits inside the scanned tree with no link on the way:
    an index entry under a folder since replaced by a symbolic link must not make the
    scan read what the link points at. One realpath per folder, cached."""

    def __init__(self, root: str, real_root: str) -> None:
        self.root, self.real_root = root, real_root
        self.cache: dict[str, bool] = {"": True}

    def inside(self, rel_dir: str) -> bool:
        if rel_dir not in self.cache:
            expected = os.path.normpath(os.path.join(self.real_root, rel_dir))
            real = os.path.realpath(os.path.join(self.root, rel_dir))
            self.cache[rel_dir] = real == expected and expected.startswith(self.real_root + os.sep)
        return self.cache[rel_dir]


def _walk_files(root: str, prefix: str) -> Iterator[str | Diagnostic]:
    """Paths (relative to root) under a plain directory, honouring .gitignore files and
    skipping the usual dependency and build folders. Uses scandir's file types, so a
    file costs no extra system call; directory links are never followed. A folder or
    `.gitignore` that cannot be read is a diagnostic (shown under `prefix`), not a silent gap."""
    #: (folder, its rules, the rules that may skip a whole folder under it: see `_folder_rules`).
    specs: list[tuple[str, pathspec.GitIgnoreSpec, pathspec.GitIgnoreSpec]] = []
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel_dir) if rel_dir else root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            where = (prefix + rel_dir) or root
            yield Diagnostic(where, DiagnosticKind.UNREADABLE, f"folder not scanned: {err.strerror or err}")
            continue
        names = {e.name for e in entries}
        if rel_dir and "pyvenv.cfg" in names:
            continue  # a virtual environment under any name
        if ".gitignore" in names:
            try:
                with open(os.path.join(root, rel_dir, ".gitignore"), encoding="utf-8", errors="replace") as handle:
                    rules = [r for r in handle.read(1 << 20).splitlines() if not _one_name(r)]
                specs.append((rel_dir, compile_lenient(rules), compile_lenient(_folder_rules(rules))))
            except OSError as err:
                where = prefix + (f"{rel_dir}/.gitignore" if rel_dir else ".gitignore")
                message = f"ignore file not read, so its rules were not applied: {err.strerror or err}"
                yield Diagnostic(where, DiagnosticKind.UNREADABLE, message)
        scoped = [(base, files, folders) for base, files, folders in specs
                  if not base or rel_dir == base or rel_dir.startswith(base + "/")]  # fmt: skip

        def ignored(rel: str, is_dir: bool, scoped=scoped) -> bool:
            for base, files, folders in scoped:
                inner = rel[len(base) + 1 :] if base else rel
                if (folders if is_dir else files).match_file(inner + ("/" if is_dir else "")):
                    return True
            return False

        subdirs = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if entry.is_dir(follow_symlinks=False):
                output = entry.name in OUTPUT_DIRS and _output_dir(root, rel_dir, names)
                if entry.name not in SKIP_DIRS and not output and not entry.name.endswith(".egg-info") and not ignored(rel, True):
                    subdirs.append(rel)
            elif not ignored(rel, False):
                yield rel
        stack.extend(reversed(subdirs))


def _folder_rules(rules: list[str]) -> list[str]:
    """The rules that skip a whole folder. In git, a file under an ignored folder cannot be
    re-included, so `*` then `!*.py` leaves untracked `.py` files in subfolders out; but
    files committed there are tracked all the same, and without git which files are
    tracked cannot be told (see `_one_name`). So in an ignore file that re-includes
    anything (a line starting `!`), only its folder lines (`__pycache__/`) skip folders,
    and every file is matched by all its lines (`*` then `!*.py` keeps each `.py` file:
    NirDiamant/RAG_Techniques commits its scripts under folders its `*` ignores)."""
    if not any(r.strip().startswith("!") for r in rules):
        return rules
    return [r for r in rules if r.strip().endswith("/") and not r.strip().startswith("!")]


def _one_name(rule: str) -> bool:
    """Whether a `.gitignore` line names one file or folder by its name or path, with no
    wildcard (`config.yml`, `assets/gpt4_config.yml`, `.env`, `prompts`). Without git, which
    files are tracked cannot be told, and a tree with no `.git` is most often an export of a
    repository (an archive, a CI checkout, a download) where every file present was
    committed: a template the repository ships and then ignores so that local edits stay
    out of commits (XAgent's `assets/config.yml`) is its real configuration, and a folder of
    pages a site ignores by a bare name written for its build (`prompts`, when the site's
    `pages/prompts/` is committed) is its real content. A folder line (`ignored/`) and a
    wildcard line (`*.log`) still skip what they name; dependency and build folders are
    skipped by name whatever the ignore files say."""
    rule = rule.strip()
    return bool(rule) and not rule.startswith(("#", "!")) and not rule.endswith("/") and not any(
        c in rule for c in "*?[\\")


def discover(
    paths: list[str],
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    globs: Sequence[Globs] = (),
    force_exclude: bool = False,
) -> Iterator[Candidate | Diagnostic]:
    """Candidate files under the given paths, and a diagnostic for each path that cannot
    be used. `include`/`exclude` are read from each folder scanned; `globs` each from its
    own folder (a config file's, see `Globs`). Files named on the command line are taken as
    named, unless `force_exclude` (as pre-commit runs it): then the exclude globs apply to
    them too, as ruff's `--force-exclude` does."""
    filters = FileFilter([*settings_globs(include, exclude), *globs])
    for arg in paths:
        try:
            st = os.lstat(arg)
        except OSError:
            yield Diagnostic(display_path(arg), DiagnosticKind.NOT_FOUND, "no such file or directory")
            continue
        if stat.S_ISREG(st.st_mode) or (stat.S_ISLNK(st.st_mode) and os.path.isfile(arg)):
            if force_exclude and filters.excludes_named(arg):
                continue
            kind = kind_of(arg)
            if kind is None:
                yield Diagnostic(display_path(arg), DiagnosticKind.UNSUPPORTED, "not a kind of file bedrock-check reads")
            else:
                yield Candidate(display_path(arg), arg, kind, named=True)
            continue
        if not os.path.isdir(arg):
            yield Diagnostic(display_path(arg), DiagnosticKind.UNREADABLE, "not a regular file or directory")
            continue
        root = arg
        kept = filters.under(root, force=force_exclude) if filters else None
        real_root = os.path.realpath(root)
        names = _git_files(root)
        shown = display_path(arg)
        prefix = "" if shown == "." else shown.rstrip("/") + "/"
        contained: _Containment | None = None
        if names is not None:
            dirs = _DirFilter(root)
            contained = _Containment(root, real_root)
            listing: Iterator[str | Diagnostic] = (n for n in names if not dirs.skipped(n.rpartition("/")[0]))
        else:
            listing = _walk_files(root, prefix)
        for rel in listing:
            if isinstance(rel, Diagnostic):
                yield rel
                continue
            kind = kind_of(rel)
            if kind is None or (kind in REQUEST_KINDS and is_settings_only(rel)) or _STORY.search(rel):
                continue  # not read, another tool's settings or a UI story (nothing in them is an API use)
            if kept is not None and not kept(rel):
                continue
            full = os.path.join(root, rel)
            display = prefix + rel
            if contained is not None and not contained.inside(rel.rpartition("/")[0]):
                yield Diagnostic(display, DiagnosticKind.SYMLINK, "under a symbolic link or outside the scanned tree; not followed")
                continue
            try:
                lst = os.lstat(full)
            except OSError as err:
                yield Diagnostic(display, DiagnosticKind.UNREADABLE, f"cannot stat: {err.strerror or err}")
                continue
            if stat.S_ISLNK(lst.st_mode):
                target = os.path.realpath(full)
                if not os.path.exists(target):
                    yield Diagnostic(display, DiagnosticKind.SYMLINK, "symbolic link that leads nowhere (or round a loop)")
                elif not target.startswith(real_root + os.sep):
                    yield Diagnostic(display, DiagnosticKind.SYMLINK, "symbolic link out of the scanned tree; not followed")
                # A link to a file inside the tree: that file is scanned under its own name.
                continue
            if not stat.S_ISREG(lst.st_mode):
                yield Diagnostic(display, DiagnosticKind.NOT_A_FILE, "not a regular file (FIFO, socket or device); skipped")
                continue
            yield Candidate(display, full, kind)
