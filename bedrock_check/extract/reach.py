"""What the files a file imports can hold, worked out without parsing them.

A call `client.connect()` may be a method of the application's own class of another file
(`session_methods`: a realtime wrapper), which the scan can only tell by resolving the receiver
`client`, following its value through other modules' returns: about a quarter of the CPU of a
scan of an agents SDK went there. The resolver follows a value into another file only through an
import (`Project.exported`, `lookup`, `star_imported`), so an instance of such a class is an
instance of a class of a file the scanned file reaches through its imports, re-exports and star
imports. `Reach.methods` gives the method names of every class of those files; a call whose
method name is none of them needs no receiver resolved.

Each file reached is read once as text, not parsed: patterns find every import and every method
its front end would (and more: a superset is all the question needs). A file already parsed
gives its own tables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import FileModel, Import
from bedrock_check.extract.project import MAX_FOLLOW_BYTES, _grammar, import_roots

if TYPE_CHECKING:
    from bedrock_check.extract.project import Project

#: How many files one walk of `Project.reachable_methods` may meet before it gives up (its answer is
#: then "not known", and every receiver is resolved as before).
MAX_REACHED = 1024
#: How much text one walk may read for itself before it gives up (the agents SDKs' largest
#: closures read about 1-2 MiB; a maths library's reaches most of its thousand modules).
MAX_READ_BYTES = 4 * 1024 * 1024
#: What a file's text can import, for a file not parsed (a superset of what its front end reads):
#: Python `from X import a, (b as c)` and `import a.b, c`, JS/TS `from "x"`, `import "x"`,
#: `require("x")`, `import("x")`.
_PY_FROM = re.compile(r"\bfrom\s+(\.*)\s*([\w.]*)\s+import\s+(\([^)]*\)|[^\n;#]*)")
_PY_IMPORT = re.compile(r"(?:^|[;:])[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)", re.M)
_JS_SPECIFIER = re.compile(r"(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*(['\"`])([^'\"`\n]{1,300})\1")
#: What can name a method of a class: Python `def name`; in JS/TS a name followed by its
#: parameters or type parameters (`name(`, `name?(`, `name<T>(`), not after a dot (a call
#: through an object defines nothing).
_PY_DEF = re.compile(r"\bdef\s+(\w+)")
_JS_DEF = re.compile(r"(?<![.\w$#])(#?[\w$]+)\s*\??\s*[(<]")
_IDENT = re.compile(r"[^\W\d]\w*")


class Reach:
    """The walks of one `Project` (its caches: each file's links, folder listings)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        #: Real path -> (the files its imports can name, the names its classes' methods can have).
        self._links: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
        self._listings: dict[str, frozenset[str] | None] = {}  # folder -> its names (see `_listing`)
        self._roots: dict[tuple[str, int], tuple[str, ...]] = {}  # (folder, level) -> where its imports are looked for
        #: Files a walk met before it gave up (see `MAX_READ_BYTES`); the text length the last read took.
        self._unfinished: set[str] = set()
        self._last_read = 0

    def methods(self, model: FileModel) -> frozenset[str] | None:
        """The names of the methods of every class of every file of the tree `model` reaches
        through its imports, re-exports and star imports, followed to the end; None when not
        worked out (more than `MAX_REACHED` files or `MAX_READ_BYTES` of text, or a Go file,
        whose package files are found by name). A value the resolver follows into another file
        is always one of these files (`exported`, `lookup` and `star_imported` go nowhere
        else), so an instance of a class of another file whose method is called has one of
        these names: a call whose method name is not one needs no receiver resolved to know
        it is not such a call."""
        memo = model.memo
        if "reachable_methods" in memo:
            found: frozenset[str] | None = memo["reachable_methods"]
            return found
        names: set[str] = set()
        seen: set[str] = set()
        read = 0
        todo = list(self._linked_paths(model))
        while todo:
            path = todo.pop()
            real = self.project._real(path)
            if real in seen:
                continue
            seen.add(real)
            if real in self._unfinished:
                memo["reachable_methods"] = None  # (a walk through this file was given up before)
                return None
            links = self._links.get(real)
            if links is None:
                links = self._read_links(path, real)
                if links is None:
                    memo["reachable_methods"] = None
                    return None
                read += self._last_read
            if len(seen) > MAX_REACHED or read > MAX_READ_BYTES:
                # (A deep import graph, a maths library's: every file that reaches these gives up
                # at once, instead of each reading on where this walk stopped.)
                if len(self._unfinished) > 65_536:
                    self._unfinished.clear()
                self._unfinished.update(seen)
                memo["reachable_methods"] = None
                return None
            names.update(links[1])
            todo.extend(links[0])
        found = memo["reachable_methods"] = frozenset(names)
        return found

    def _read_links(self, path: str, real: str) -> tuple[tuple[str, ...], frozenset[str]] | None:
        """(the files a file of the tree can import, the names its classes' methods can have),
        remembered by real path; None for a file whose imports are not read here (Go, whose
        package files are found by name). A file parsed already gives its own tables; any other
        is read as text, not parsed, with patterns that find every import and method its front
        end would (and perhaps more: a superset is all the question needs). A file too large to
        follow, or unreadable, gives nothing: the resolver does not follow into it either."""
        kind = _grammar(path)
        if kind == "go":
            return None
        links = self._links.get(real)
        if links is not None:
            return links
        model = self.project._models.get(real)
        self._last_read = 0
        if model is not None:
            links = (tuple(self._linked_paths(model)), frozenset(n for c in model.classes.values() for n in c.methods))
        else:
            try:
                if os.path.getsize(path) > MAX_FOLLOW_BYTES:
                    text = ""
                else:
                    with open(path, encoding="utf-8") as fh:
                        text = fh.read()
            except (OSError, UnicodeDecodeError):
                text = ""
            self._last_read = len(text)
            if kind == "python":
                links = (tuple(self._python_text_links(path, text)), frozenset(_PY_DEF.findall(text)))
            else:
                specs = {m.group(2) for m in _JS_SPECIFIER.finditer(text)}
                found = (self.project._js_file(path, spec) for spec in sorted(specs))
                names = set(_JS_DEF.findall(text))
                links = (tuple(f for f in found if f is not None), frozenset(names | {n.lstrip("#") for n in names}))
        if len(self._links) > 65_536:  # bounded, as `_found` is
            self._links.clear()
        self._links[real] = links
        return links

    def _python_text_links(self, origin: str, text: str) -> Iterator[str]:
        """The files a Python file's import statements can name, read from its text (each
        folder listed once: a module importing fifty names from a package is common)."""
        text = text.replace("\\\n", " ")
        for m in _PY_FROM.finditer(text):
            names = [n for n in _IDENT.findall(m.group(3)) if n not in ("as", "import")]
            yield from self._python_import_files(origin, len(m.group(1)), m.group(2), names, "*" in m.group(3))
        for m in _PY_IMPORT.finditer(text):
            for part in m.group(1).split(","):
                pieces = [p for p in (part.split() or [""])[0].split(".") if p]
                for i in range(1, len(pieces) + 1):
                    yield from self._python_import_files(origin, 0, ".".join(pieces[:i]), (), False)

    def _python_import_files(self, origin: str, level: int, module: str, names: Any, star: bool) -> Iterator[str]:
        """Every file `_find_python_file` could give for `from module import name` (each of
        `names`, or every module of the package for a star import) or `import module`, in every
        folder it looks in."""
        parts = [p for p in module.split(".") if p]
        here = os.path.dirname(origin)
        roots = self._roots.get((here, level))
        if roots is None:
            roots = tuple(import_roots(origin, level))
            if len(self._roots) > 65_536:  # bounded, as `_found` is
                self._roots.clear()
            self._roots[(here, level)] = roots
        for root in roots:
            stem = os.path.join(root, *parts)
            entries = self._listing(stem)
            if parts:
                parent = self._listing(os.path.dirname(stem))
                if parent is not None and parts[-1] + ".py" in parent:
                    yield stem + ".py"
                if entries is not None and "__init__.py" in entries:
                    yield os.path.join(stem, "__init__.py")
            if entries is None:
                continue
            for name in (sorted(entries) if star else names):
                if name.endswith(".py") and star:
                    yield os.path.join(stem, name)
                    continue
                if name + ".py" in entries:
                    yield os.path.join(stem, name + ".py")
                if name in entries:
                    inner = self._listing(os.path.join(stem, name))
                    if inner is not None and "__init__.py" in inner:
                        yield os.path.join(stem, name, "__init__.py")

    def _listing(self, folder: str) -> frozenset[str] | None:
        """The names in a folder (remembered), None when it is not one."""
        if folder in self._listings:
            return self._listings[folder]
        try:
            found: frozenset[str] | None = frozenset(os.listdir(folder))
        except OSError:
            found = None
        if len(self._listings) > 65_536:  # bounded, as `_found` is
            self._listings.clear()
        self._listings[folder] = found
        return found

    def _linked_paths(self, model: FileModel) -> Iterator[str]:
        """The files of the tree a file's imports, re-exports and star imports can name
        (a Python star import: its module and every module of that package, since
        `star_imported` looks a name up as a submodule first)."""
        if model.origin is None:
            return
        for imp in (*model.imports.values(), *model.reexports.values()):
            path = self.project.source(model, imp)[0]
            if path is not None:
                yield path
        for module in model.star_reexports:
            path = self.project.source(model, Import("*", module, "*"))[0]
            if path is not None:
                yield path
        for star in model.star_imports:
            if model.lang != "python":
                path = self.project.source(model, star)[0]
                if path is not None:
                    yield path
                continue
            # (`from .values import *`: the module and each module and subpackage of its folder,
            # as `_find_python_file` tries `values/NAME.py` before `values.py`.)
            yield from self._python_import_files(model.origin, star.level, star.module, (), True)
