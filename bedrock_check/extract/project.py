"""Following imports into other files of the scanned tree, lazily and cached.

`Project` is created once per scanning process. When the resolver meets a name
imported from another file (`from .config import MODEL`, `import { TOOLS } from
"./tools"`, a re-export, `export default`), it asks `exported()`, which finds that
file on disk next to the importing file (Python packages by walking up from it; JS/TS
relative paths, `index` files and the `@/` alias), parses it with its front-end once,
and returns the exported expression. Nothing is resolved ahead of need: only files
reached from a call site or literal being resolved are ever parsed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.callsite import FileModel, Import, Ref
from bedrock_check.extract.dotenv import assignments
from bedrock_check.extract.gopackage import PACKAGE, package_file
from bedrock_check.extract.manifests import folder_manifests, manifests_depend
from bedrock_check.extract.sfc import COMPONENTS
from bedrock_check.extract.tsconfig import Alias, aliased, read_aliases
from bedrock_check.findings import Pointer, Span

#: Files larger than this are not followed (generated bundles, vendored code).
MAX_FOLLOW_BYTES = 512 * 1024
#: How deep one lookup goes through imports and re-exports (each hop counts two).
MAX_HOPS = 16
_JS_EXTS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
_END = (10**9, 0)
_NOWHERE = Span(1, 1, 1, 1)


#: `name = "langchain-xai"` in a pyproject's `[project]` table (read by line: nothing more is needed).
_PYPROJECT_NAME = re.compile(r'^\[project\][^\[]*?^name\s*=\s*["\']([^"\']+)["\']', re.M | re.S)


def _manifest_name(path: str) -> str | None:
    """The package name a manifest declares: "" when it declares none or cannot be read,
    None when there is no manifest there."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read(256 * 1024)
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else ""
    m = _PYPROJECT_NAME.search(text)
    return m.group(1).replace("-", "_").lower() if m else ""


def _js_source(stem: str) -> str | None:
    """The JS/TS file an import path without extension names (`./consts` -> `consts.ts`,
    a folder's `index.ts`, a `.js` name of a TS source)."""
    base, ext = os.path.splitext(stem)
    tries = [stem] if ext in (*_JS_EXTS, *COMPONENTS) else []
    if ext in (".js", ".mjs", ".cjs"):  # TS sources import their compiled names
        tries += [base + ".ts", base + ".tsx", base + ".mts"]
    tries += [stem + e for e in _JS_EXTS] + [os.path.join(stem, "index" + e) for e in _JS_EXTS]
    return next((f for f in tries if os.path.isfile(f)), None)


def import_roots(origin: str, level: int, src: bool = True) -> list[str]:
    """The folders a Python import in the file `origin` is looked up from: the package `level`
    dots up for a relative import, else the file's folder and its parents (the tree's roots),
    each followed by its `src` folder when it has one and `src` is true (a package in the `src`
    layout, `src/ell/`, imported by the project's `examples/` as `import ell`)."""
    if level:
        base = os.path.dirname(origin)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        return [base]
    roots: list[str] = []
    for base in _folders_up(origin, 8):
        roots.append(base)
        if src and os.path.isdir(inner := os.path.join(base, "src")) and inner != os.path.dirname(origin):
            roots.append(inner)
    return roots


def _folders_up(origin: str, limit: int) -> Iterator[str]:
    """The folder of the file `origin`, then its parents, nearest first (`limit` at most)."""
    base = os.path.dirname(origin)
    for _ in range(limit):
        yield base
        parent = os.path.dirname(base)
        if parent == base:
            return
        base = parent


def _grammar(path: str) -> str:
    """The grammar a file reached through an import is parsed with."""
    if path.endswith((".py", ".go")):
        return path.rpartition(".")[2].replace("py", "python")
    if path.endswith((".tsx", ".jsx")):
        return "tsx"
    return "typescript" if path.endswith((".ts", ".mts", ".cts", *COMPONENTS)) else "javascript"


class Project:
    """Per-process cache of parsed files, keyed by real path."""

    def __init__(self, catalogue: Any = None, max_files: int = 256) -> None:
        self.catalogue = catalogue
        self.max_files = max_files
        self._models: OrderedDict[str, FileModel | None] = OrderedDict()
        self._env: dict[str, dict[str, str]] = {}
        #: Why a file of the tree was not parsed for following (too large), by real path.
        self._unfollowed: dict[str, str] = {}
        #: Lookups cut by a limit, as `Stop`s (the resolver that asked takes them).
        self.cuts: list[Any] = []
        #: (file, name) pairs being looked up now: meeting one again is an import cycle.
        self._visiting: set[tuple[int, str]] = set()
        self._found: dict[tuple[str, str, str, int], tuple[str | None, str | None]] = {}
        #: Path -> real path (see `_real`).
        self._realpaths: dict[str, str] = {}
        #: Manifest path -> the package's name ("" when the manifest names none, None when absent).
        self._packages: dict[str, str | None] = {}
        #: (folder, python) -> whether that folder's manifests install an OpenAI library (None: it has none).
        self._depends: dict[tuple[str, bool], bool | None] = {}
        self._aliases: dict[str, list[Alias]] = {}  # tsconfig folder -> its path aliases
        self._alias_folders: dict[str, str | None] = {}  # a file's folder -> its nearest tsconfig folder
        self._reach: Any = None  # (`reach.Reach`, made when first asked)

    # ------------------------------------------------------------ finding files

    def _python_file(self, origin: str, imp: Import) -> tuple[str | None, str | None]:
        """(file, name inside it) for a Python import; name None means the module itself.
        Remembered per folder: the files of one package import the same modules, and a
        module that is not in the tree (`import pytest`) costs a dozen `stat` calls to rule out."""
        key = (os.path.dirname(origin), imp.module, imp.name, imp.level)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find_python_file(origin, imp)
            if len(self._found) > 65_536:  # bounded: a long scan meets unbounded folders
                self._found.clear()
        return found

    def _find_python_file(self, origin: str, imp: Import) -> tuple[str | None, str | None]:
        parts = [p for p in imp.module.split(".") if p]
        # (A package the catalogue knows, `agents` in openai-agents-python's own `src/agents`, is read
        # as the library it is in the repository's examples and tests, not as the tree's code.)
        library = self.catalogue is not None and bool(parts) and parts[0] in self.catalogue.library_packages
        for root in import_roots(origin, imp.level, src=not library):
            stem = os.path.join(root, *parts)
            if imp.name != "*":
                sub = os.path.join(stem, imp.name)
                for f in (sub + ".py", os.path.join(sub, "__init__.py")):
                    if os.path.isfile(f):
                        return f, None
            for f in (stem + ".py", os.path.join(stem, "__init__.py")):
                if parts and os.path.isfile(f):
                    return f, (None if imp.name == "*" else imp.name)
        return None, None

    def _js_file(self, origin: str, module: str) -> str | None:
        key = (os.path.dirname(origin), module, "", -1)  # remembered per folder, as for Python
        if key not in self._found:
            if len(self._found) > 65_536:
                self._found.clear()
            self._found[key] = (self._find_js_file(origin, module), None)
        return self._found[key][0]

    def _find_js_file(self, origin: str, module: str) -> str | None:
        if module.startswith("."):
            stem = os.path.normpath(os.path.join(os.path.dirname(origin), module))
        elif module.startswith(("@/", "~/")):
            root = self._js_root(origin)
            if root is None:
                return None
            stem = os.path.join(root, module[2:])
            if not any(os.path.exists(stem + e) for e in ("", *_JS_EXTS)) and os.path.isdir(os.path.join(root, "src")):
                stem = os.path.join(root, "src", module[2:])
        else:
            # A path alias of the project's tsconfig (`~app/consts` with `"~*": ["./src/*"]`).
            return next((f for stem in self._aliased(origin, module) for f in [_js_source(stem)] if f), None)
        return _js_source(stem)

    def _aliased(self, origin: str, module: str) -> list[str]:
        """The paths an import names through the path aliases of the nearest tsconfig."""
        here = os.path.dirname(origin)
        if here not in self._alias_folders:  # (the same for every import of every file of a folder)
            self._alias_folders[here] = next(
                (base for base in _folders_up(origin, 10)
                 if any(os.path.isfile(os.path.join(base, f)) for f in ("tsconfig.json", "jsconfig.json"))), None)  # fmt: skip
        folder = self._alias_folders[here]
        if folder is None:
            return []
        if folder not in self._aliases:
            self._aliases[folder] = read_aliases(folder)
        return aliased(module, self._aliases[folder])

    def _js_root(self, origin: str) -> str | None:
        return next((base for base in _folders_up(origin, 10)
                     if any(os.path.isfile(os.path.join(base, f)) for f in ("tsconfig.json", "package.json"))), None)  # fmt: skip

    # ------------------------------------------------------------ packages

    def package_name(self, origin: str | None) -> str | None:
        """The name of the package a file is part of: the `name` of the nearest
        `package.json` (a JS/TS file or a doc) or the `[project]` name of the nearest
        `pyproject.toml` (a Python file; `langchain-xai` read as `langchain_xai`), below
        the repository's top."""
        if origin is None:
            return None
        manifest = "pyproject.toml" if origin.endswith((".py", ".pyi", ".ipynb")) else "package.json"
        for base in _folders_up(origin, 12):
            key = os.path.join(base, manifest)
            if key not in self._packages:
                self._packages[key] = _manifest_name(key)
            if self._packages[key] is not None:
                return self._packages[key] or None
            if os.path.isdir(os.path.join(base, ".git")):
                return None
        return None

    def depends_on_openai(self, origin: str | None, python: bool) -> bool | None:
        """Whether the nearest manifest of a file's ecosystem (see `manifests`) installs an
        OpenAI library; None when no folder up to the repository's top holds one."""
        if origin is None or self.catalogue is None:
            return None
        names = frozenset(self.catalogue.providers.openai_packages)
        for base in _folders_up(origin, 12):
            key = (base, python)
            if key not in self._depends:
                paths = folder_manifests(base, python)
                self._depends[key] = manifests_depend(paths, python, names) if paths else None
            if self._depends[key] is not None:
                return self._depends[key]
            # (A folder whose manifests list no dependency, or none at all: the next one up decides.)
            if os.path.exists(os.path.join(base, ".git")):
                return None  # (a repository's top: a folder, or a worktree's or submodule's file)
        return None

    # ------------------------------------------------------------ .env settings

    def env_setting(self, origin: str | None, name: str) -> str | None:
        """A variable set in the nearest `.env` (or `.env.local`) above a file, such as
        `OPENAI_BASE_URL`, which the OpenAI SDK reads when no base URL is passed."""
        if origin is None:
            return None
        for base in _folders_up(origin, 8):
            values = self._env_at(base)
            if name in values:
                return values[name]
            if os.path.isdir(os.path.join(base, ".git")):
                return None  # the repository's top: a .env above it is not this project's
        return None

    def _env_at(self, directory: str) -> dict[str, str]:
        found = self._env.get(directory)
        if found is None:
            found = {}
            for name in (".env", ".env.local"):
                try:
                    with open(os.path.join(directory, name), encoding="utf-8") as fh:
                        text = fh.read(64 * 1024)
                except (OSError, UnicodeDecodeError):
                    continue
                for _, setting in assignments(text):
                    found.setdefault(setting.key, setting.value)
            self._env[directory] = found
        return found

    # ------------------------------------------------------------ parsing

    def model(self, path: str) -> FileModel | None:
        """The parsed call-site form of a file (cached; None when it cannot be read)."""
        key = self._real(path)
        if key in self._models:
            self._models.move_to_end(key)
            return self._models[key]
        model = self._parse(path)
        self._models[key] = model
        if len(self._models) > self.max_files:
            self._models.popitem(last=False)
        return model

    def _real(self, path: str) -> str:
        """A path's real location (remembered: asked at every lookup into a file, and
        `os.path.realpath` checks each folder of the path on disk)."""
        real = self._realpaths.get(path)
        if real is None:
            if len(self._realpaths) > 65_536:  # bounded, as `_found` is
                self._realpaths.clear()
            real = self._realpaths[path] = os.path.realpath(path)
        return real

    def scanned(self, path: str, origin: str | None, text: str, kind: str) -> FileModel | None:
        """A model for scanning the file `origin` (shown as `path`) without parsing it again,
        when this cache already holds one parsed from the same text with the same grammar (it
        was imported by a file scanned earlier); None when it holds none. The scan's model is a
        copy that shares the front-end's tables, which nothing changes after the walk, and
        builds its own resolver indexes."""
        if origin is None:
            return None
        model = self._models.get(self._real(origin))
        if model is None or _grammar(origin) != kind or model.src.text != text:
            return None
        return dataclasses.replace(model, path=path, origin=origin, _snippets={}, functions=None, memo={})

    def _parse(self, path: str) -> FileModel | None:
        try:
            if os.path.getsize(path) > MAX_FOLLOW_BYTES:
                self._unfollowed[self._real(path)] = f"larger than {MAX_FOLLOW_BYTES // 1024} KiB"
                return None
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError):
            return None
        try:
            kind = _grammar(path)
            if kind == "python":
                from bedrock_check.extract.pyfront import python_model
                from bedrock_check.extract.python import parse_python

                tree, _ = parse_python(path, text)
                model = None if tree is None else python_model(path, text, tree)
            elif kind == "go":
                from bedrock_check.extract.gofront import go_model

                model = go_model(path, text)
            else:
                from bedrock_check.extract.jsfront import js_model
                from bedrock_check.extract.sfc import source_text

                model = js_model(path, source_text(path, text), kind)  # (a component: its script, as scanned)
        except (RecursionError, MemoryError, ValueError):
            return None
        if model is not None:
            model.origin = path
        return model

    # ------------------------------------------------------------ lookups

    def source(self, importer: FileModel, imp: Import) -> tuple[str | None, str | None]:
        """(file of the scanned tree, name inside it) an import names; (None, None) when it
        names none (an installed package); name None for the module itself."""
        if importer.origin is None:
            return None, None
        if importer.lang == "python":
            return self._python_file(importer.origin, imp)
        if importer.lang == "go":  # (a name another file of the package declares: see `gopackage`)
            return (package_file(importer.origin, imp.name), imp.name) if imp.module == PACKAGE else (None, None)
        return self._js_file(importer.origin, imp.module), imp.name

    def exported(self, importer: FileModel, imp: Import, depth: int) -> tuple[FileModel, Any] | None:
        """The file and expression an import names, when it is a file of the scanned tree.
        A lookup a limit cuts returns None and leaves a `Stop` in `cuts`."""
        path, name = self.source(importer, imp)
        if path is None:
            return None
        if depth > MAX_HOPS:
            self._cut(importer, f"`{imp.name}` imported from `{'.' * imp.level}{imp.module}`: a chain of imports longer than followed")
            return None
        other = self.model(path)
        if other is None:
            reason = self._unfollowed.get(self._real(path))
            if reason is not None:
                self._cut(importer, f"`{imp.name}` imported from `{'.' * imp.level}{imp.module}`: {os.path.basename(path)} is {reason}")
            return None
        if name is None or name == "*":
            from bedrock_check.extract.resolve import Sym

            return other, Sym(f"<module:{id(other)}>", model=other)
        return self.lookup(other, name, depth + 1)

    def lookup(self, other: FileModel, name: str, depth: int) -> tuple[FileModel, Any] | None:
        """A module-level name of a parsed file (following its own imports and re-exports;
        None for a name an import cycle brings back to)."""
        if name == "default" and other.default_export is not None:
            return other, other.lower(other.default_export, 0)
        if (0, name) in other.bindings:
            return other, Ref(name, 0, _END, _NOWHERE)
        key = (id(other), name)
        if key in self._visiting:
            return None  # a cycle (`openai.py` importing `openai`): no value in the tree
        self._visiting.add(key)
        try:
            return self._imported_name(other, name, depth)
        finally:
            self._visiting.discard(key)

    def _imported_name(self, other: FileModel, name: str, depth: int) -> tuple[FileModel, Any] | None:
        if name in other.imports:
            return self.exported(other, other.imports[name], depth + 1) or (other, Ref(name, 0, _END, _NOWHERE))
        if name in other.reexports:
            return self.exported(other, other.reexports[name], depth + 1)
        for module in other.star_reexports:
            found = self.exported(other, Import(name, module, name), depth + 1)
            if found is not None:
                return found
        return self.star_imported(other, name, depth)

    def star_imported(self, other: FileModel, name: str, depth: int) -> tuple[FileModel, Any] | None:
        """A name a Python file holds through `from .values import *` (a package's `__init__.py`
        gathering its modules' names), when a file of the scanned tree defines it; a name
        with a leading underscore is not one `*` imports."""
        if name.startswith("_"):
            return None
        for star in other.star_imports:
            found = self.exported(other, Import(name, star.module, name, star.level), depth + 1)
            if found is not None:
                return found
        return None

    # ------------------------------------------------------------ what a file can reach

    def reachable_methods(self, model: FileModel) -> frozenset[str] | None:
        """The method names of the classes of the files `model` reaches (`reach.Reach.methods`)."""
        if self._reach is None:
            from bedrock_check.extract.reach import Reach

            self._reach = Reach(self)
        return self._reach.methods(model)

    def _cut(self, importer: FileModel, reason: str) -> None:
        from bedrock_check.extract.resolve import Stop

        self.cuts.append(Stop(importer.origin or importer.path, None, reason))

    def adopt(self, value: Any, ptr: Pointer = (), spans: dict[Pointer, Span] | None = None) -> Any:
        """A value from another file, without the hosted-tool literals that are reported
        where they are written (in that file). `spans` (the value's, under `ptr`) follow the
        items that stay: an item after a dropped one moves up, and so does its span, so a
        finding about it is not placed at the dropped literal's line."""
        cat = self.catalogue
        if cat is None:
            return value
        if isinstance(value, list):
            out: list[Any] = []
            for i, v in enumerate(value):
                here, there = (*ptr, i), (*ptr, len(out))
                if isinstance(v, dict) and cat.hosted_tool(v):
                    _move_spans(spans, here, None)
                    continue
                if here != there:
                    _move_spans(spans, here, there)
                out.append(self.adopt(v, there, spans))
            return out
        if isinstance(value, dict):
            return {k: self.adopt(v, (*ptr, k), spans) for k, v in value.items()}
        return value


def _move_spans(spans: dict[Pointer, Span] | None, old: Pointer, new: Pointer | None) -> None:
    """The spans at and under `old` moved under `new` (dropped when `new` is None)."""
    if not spans:
        return
    n = len(old)
    for p in [p for p in spans if p[:n] == old]:
        sp = spans.pop(p)
        if new is not None:
            spans[new + p[n:]] = sp
