"""The resolver's state and what every layer of it uses: the resolver of another file
(sharing the cycle guard and the stops), stops and the keys they leave unchecked, parts
of a value worked out apart, project look-ups, names in scope, classes and conditionals."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callers import CallerValues
from bedrock_check.extract.callsite import (
    Alt,
    Attr,
    Expr,
    FileModel,
    Index,
    Ref,
)
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve.values import (
    _GLOBALS,
    _MAX_ANCESTORS,
    Stop,
    Sym,
    _rehome,
)
from bedrock_check.findings import Pointer, Span
from bedrock_check.vocabulary import RUNTIME_ID_FIELDS

if TYPE_CHECKING:
    from typing_extensions import Self


class ResolverBase(CallerValues):
    """The state of one file's resolver and the steps every layer takes."""

    def __init__(self, model: FileModel, project: Any = None, known: frozenset[str] = frozenset()) -> None:
        self.model = model
        self.project = project
        #: Qualified names that are what their import says, even when the library's own
        #: source is in the scanned tree (a call of one is a symbol, not followed there).
        self.known = known
        self._active: set[tuple[int, int, str]] = set()
        #: The class of the instance whose inherited field is being worked out (see `field`).
        self._instance: str | None = None
        #: Chains cut before their end (shared with the resolvers of other files it asks).
        self.stops: list[Stop] = []
        #: When a list: every value but the first that a conditional (or an environment
        #: read with a default) can take, as (pointer, value, spans), so a caller can
        #: check each branch and not only the first (`Sites` sets it around a call's options).
        self.alternates: list[tuple[Pointer, Any, dict[Pointer, Span]]] | None = None
        #: The call whose return is being worked out, by the function's scope: its parameters
        #: are the arguments of that call (`_url(Paths.TRANSCRIBE)` returns the transcription
        #: URL, whatever the file's other calls of `_url` pass).
        self.pinned: dict[int, Any] = {}
        #: Where the entries of a map a value was picked from by a name known only at run time
        #: are written (`TOOL_TYPES[name]` of `{"search": "web_search_preview", ...}`): a tool
        #: whose `type` is one of them is reported there (shared like `stops`).
        self.entries: set[Span] = set()

    def _for(self, model: FileModel) -> Self:
        """The resolver of `model` (this one, or one that shares its cycle guard and stops)."""
        if model is self.model:
            return self
        sub = type(self)(model, self.project, self.known)
        sub._active = self._active
        sub.stops = self.stops
        sub.entries = self.entries
        return sub

    def _stop(self, line: int | None, reason: str, ptr: Pointer) -> None:
        self.stops.append(Stop(self.model.origin or self.model.path, line, reason, ptr))

    def _part(self, e: Expr, ptr: Pointer, depth: int, sub: ResolverBase | None = None,
              spans: dict[Pointer, Span] | None = None, where: dict[Pointer, Span] | None = None) -> Any:  # fmt: skip
        """A value that is part of the one at `ptr` but under none of its keys (a base, a
        callee, a computed key, a value in another file); cuts in it leave `ptr` unchecked,
        and its conditionals are not branches of the body being built. With `spans`, a
        value from another file (`sub`) keeps its spans, in that file; `where` receives
        the part's own spans (relative to the part)."""
        since = len(self.stops)
        part: dict[Pointer, Span] = {} if where is None else where
        saved, self.alternates = self.alternates, None
        try:
            value = (sub or self).value(e, (), part, depth + 1)
        finally:
            self.alternates = saved
        if len(self.stops) > since:
            self._keyed(since, ptr)
        if spans is not None and sub is not None and sub.model is not self.model and value is not UNRESOLVED:
            _rehome(sub.model, part, ptr, spans)
        return value

    def _ask(self, lookup: Any, ptr: Pointer) -> Any:
        """A project lookup; when a limit cut it, its stops are kept for the key at `ptr`."""
        cuts = self.project.cuts
        since = len(cuts)
        found = lookup()
        if len(cuts) > since:
            if found is None:
                self.stops.extend(replace(c, key=ptr) for c in cuts[since:])
            del cuts[since:]
        return found

    def _elsewhere(self, lookup: Any, ptr: Pointer, depth: int, spans: dict[Pointer, Span] | None,
                   missing: Any = UNRESOLVED) -> Any:  # fmt: skip
        """The value a project lookup finds in another file (an import, a star import, a module's
        attribute), worked out there and adopted here; `missing` when it finds none."""
        found = self._ask(lookup, ptr)
        if found is None:
            return missing
        other, e = found
        if isinstance(e, Sym):
            return e
        return self.project.adopt(self._part(e, ptr, depth, self._for(other), spans), ptr, spans)

    def _keyed(self, since: int, ptr: Pointer) -> None:
        """Stops since `since` were met working out a part of the value at `ptr` (a base, a
        callee, a value from another file): `ptr` is the key they leave unchecked."""
        for i in range(since, len(self.stops)):
            self.stops[i] = replace(self.stops[i], key=ptr)

    def expr(self, raw: Any, scope: int) -> Expr:
        """Lower a raw node of this file."""
        return self.model.lower(raw, scope)

    def options(self, e: Expr, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> list[Any]:
        """Every value a conditional can take (resolvable ones first; at least one item)."""
        if not isinstance(e, Alt):
            return [self.value(e, ptr, spans, depth)]
        found: list[Any] = []
        unknown = False
        for opt in e.options:
            sub: dict[Pointer, Span] = {}
            v = self.value(opt, ptr, sub, depth + 1)
            if v is not UNRESOLVED:
                if not found:
                    spans.update(sub)
                elif self.alternates is not None:
                    self.alternates.append((ptr, v, sub))
                found.append(v)
            else:
                unknown = True
        if unknown and found == [[]] and ptr and ptr[-1] in RUNTIME_ID_FIELDS:
            # `"file_ids": list(files.values()) if files else []`: ids made at run time, or
            # none; the empty list is only the fallback, the ids are what the request is for.
            return [UNRESOLVED]
        return found or [UNRESOLVED]

    def lookup(self, name: str, scope: int, pos: tuple[int, int]) -> tuple[list[Any], int] | None:
        """The bindings of `name` visible from `scope` (innermost scope that binds it)."""
        s: int | None = scope
        while s is not None:
            found = self.model.bindings.get((s, name))
            if found:
                return found, s
            info = self.model.scopes[s]
            s = info.parent
            # Class bodies do not enclose their methods' names.
            while s is not None and self.model.scopes[s].kind == "class" and info.kind == "function":
                s = self.model.scopes[s].parent
        return None

    def _class_of(self, scope: int) -> str | None:
        return self.model.class_of(scope)

    def _dispatch(self, cls: str) -> str:
        """The class `self` is in a method of `cls`: the instance's own class when a base class's
        method is worked out for an instance of a subclass (`self.create_client()` in
        `ApiModel.__init__` is the subclass's override, as Python calls it)."""
        if self._instance and self._instance != cls and cls in self._ancestors(self._instance):
            return self._instance
        return cls

    def _ancestors(self, cls: str) -> list[str]:
        """A class of this file and its base classes of this file, nearest first."""
        found: list[str] = []
        todo = [cls]
        while todo and len(found) < _MAX_ANCESTORS:
            name = todo.pop(0)
            info = self.model.classes.get(name)
            if info is None or name in found:
                continue
            found.append(name)
            todo.extend(info.bases)
        return found

    def qualify(self, e: Expr) -> Sym | None:
        """The qualified name an expression spells through imports alone (`agents.Agent`,
        `openai.OpenAI`, `ns.tools.webSearch`), without following any value or file: the
        cheap question every call of an imported name asks."""
        if isinstance(e, Attr):
            base = self.qualify(e.obj)
            return base.attr(e.name) if base is not None else None
        if isinstance(e, Index):
            return self.qualify(e.obj)  # `Agent[Deps, Out]`: the generic class itself
        if isinstance(e, Ref):
            if self.lookup(e.name, e.scope, e.pos) is not None:
                return None
            imp = self.model.imports.get(e.name)
            if imp is None:
                return Sym(e.name) if e.name in _GLOBALS else None
            qual = imp.module if imp.name == "*" else f"{imp.module}.{imp.name}"
            if imp.level:
                return Sym("." * imp.level + qual)
            return Sym(self.reexported(imp) or qual)
        return None

    def reexported(self, imp: Any) -> str | None:
        """The qualified name an absolute import of a re-exporting package stands for (the
        catalogue's `module_reexports`: `from agency_swarm import WebSearchTool` is openai-agents'),
        else None."""
        cat = getattr(self.project, "catalogue", None)
        origin = cat.frameworks.module_reexports.get(imp.module) if cat is not None and not imp.level else None
        return f"{origin}.{imp.name}" if origin is not None and imp.name not in ("*", "default") else None
