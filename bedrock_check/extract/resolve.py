"""One resolver for every language: the value of an expression, as far as the code shows.

Values are JSON-like (dict, list, str, int, float, bool, None) or symbolic:
`Sym` (an imported name, a call result or an attribute of either: what a client or
a constructor *is*), `EnvVar` (a value read from the environment) or `UNRESOLVED`.
Names are followed through assignments in the enclosing scopes (the last one before
the use), mutations (`.append/.extend/.push`, `+=`, `d[k] = v`), parameter defaults,
function and method returns, class fields and `self.x`/`this.x` stores, conditionals
(every branch; the first that resolves is the value, the others are `alternates`),
comprehensions, spreads, `dict(...)`/`Object.assign`, and imports of other files of
the scanned tree (through `Project`, lazily and cached). Each value's span is
recorded under its JSON pointer, at the place it is written, in another file too.

Following is bounded (`MAX_DEPTH` steps, the project's import hops and file size).
Where a chain is cut, the value is unresolved and a `Stop` says which key it was for
and where it stopped, so the caller can say the key was not checked.
"""

from __future__ import annotations

import json
import posixpath
import urllib.parse
from collections.abc import Callable
from dataclasses import field, replace
from typing import Any

from bedrock_check.extract.callers import PARSED_ARGS, CallerValues
from bedrock_check.extract.callsite import (
    Add,
    Alt,
    Arr,
    Attr,
    Call,
    Comp,
    Expr,
    FileModel,
    Index,
    Lit,
    Obj,
    Ref,
    Spread,
    Unknown,
)
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.findings import ElsewhereSpan, Pointer, Span
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import RUNTIME_ID_FIELDS

#: Steps (names, calls, attributes, nesting levels, imports) one value is followed through.
MAX_DEPTH = 24
#: The first levels of a literal's own nesting cost no step: a JSON schema nested deep inside a
#: tool definition is one value written in one place, not a chain (bounded, for the interpreter's stack).
FREE_NESTING = 8


@dataclass(frozen=True, slots=True)
class Stop:
    """A value chain cut before its end: `path` and `line` where it stopped (line None when
    it stopped at a file not parsed), why, and the key of the value it was for (`()` when
    the cut happened in a value no key names, such as the client a call is made on)."""

    path: str
    line: int | None
    reason: str
    key: Pointer = ()


@dataclass(frozen=True, slots=True)
class Sym:
    """A symbolic value: `qual` is the qualified name as far as known (`openai.OpenAI`);
    `path` the attributes taken after it; `call` the constructor/factory call that made
    it (with the file it is in), when the value is a call result."""

    qual: str | None
    path: tuple[str, ...] = ()
    call: Call | None = None
    model: FileModel | None = None
    scope: int = 0

    def attr(self, name: str) -> Sym:
        """This value's attribute."""
        return Sym(self.qual, (*self.path, name), self.call, self.model, self.scope)

    @property
    def dotted(self) -> str:
        """`qual.path...`."""
        return ".".join([self.qual or "?", *self.path])


@dataclass(frozen=True, slots=True)
class EnvVar:
    """A value read from an environment variable (`os.environ["X"]`, `process.env.X`)."""

    name: str
    #: The default the code reads when the variable is unset, when it is a string written there
    #: (`os.getenv("X", "https://...")`); not part of the value's identity.
    default: str | None = field(default=None, compare=False)


_ENV_READERS = {"os.getenv", "os.environ.get", "os.environ.__getitem__", "process.env"}


def env_name(value: Any) -> str | None:
    """The environment variable a value is read from (`os.getenv("X")`, `process.env.X`), or None."""
    if isinstance(value, EnvVar):
        return value.name
    if isinstance(value, Sym) and value.qual == "process" and len(value.path) == 2 and value.path[0] == "env":
        return value.path[1]
    return None


class Resolver(CallerValues):
    """Resolves expressions of one file (and, through `project`, of the files it imports)."""

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

    def _for(self, model: FileModel) -> Resolver:
        """The resolver of `model` (this one, or one that shares its cycle guard and stops)."""
        if model is self.model:
            return self
        sub = Resolver(model, self.project, self.known)
        sub._active = self._active
        sub.stops = self.stops
        return sub

    def _stop(self, line: int | None, reason: str, ptr: Pointer) -> None:
        self.stops.append(Stop(self.model.origin or self.model.path, line, reason, ptr))

    def _part(self, e: Expr, ptr: Pointer, depth: int, sub: Resolver | None = None,
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

    def _keyed(self, since: int, ptr: Pointer) -> None:
        """Stops since `since` were met working out a part of the value at `ptr` (a base, a
        callee, a value from another file): `ptr` is the key they leave unchecked."""
        for i in range(since, len(self.stops)):
            self.stops[i] = replace(self.stops[i], key=ptr)

    # ------------------------------------------------------------ entry points

    def expr(self, raw: Any, scope: int) -> Expr:
        """Lower a raw node of this file."""
        return self.model.lower(raw, scope)

    def value(self, e: Expr, ptr: Pointer = (), spans: dict[Pointer, Span] | None = None, depth: int = 0) -> Any:
        """The value of `e`, recording spans of its parts under `ptr`."""
        if spans is None:
            spans = {}
        if depth > MAX_DEPTH:
            self._stop(e.span.line, f"more than {MAX_DEPTH} steps", ptr)
            return UNRESOLVED
        spans.setdefault(ptr, e.span)
        t = type(e)
        if t is Lit:
            return e.value  # type: ignore[union-attr]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Obj:
            return self._obj(e, ptr, spans, depth)  # type: ignore[arg-type]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Arr:
            return self._arr(e.items, ptr, spans, depth)  # type: ignore[union-attr]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Ref:
            return self.name(e, ptr, spans, depth)  # type: ignore[arg-type]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Attr:
            return self._attr(e, ptr, spans, depth)  # type: ignore[arg-type]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Index:
            return self._index(e, ptr, spans, depth)  # type: ignore[arg-type]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Alt:
            return self.options(e, ptr, spans, depth)[0]
        if t is Add:
            return self._add(e, ptr, spans, depth)  # type: ignore[arg-type]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Call:
            return self.call(e, ptr, spans, depth)  # type: ignore[arg-type]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Comp:
            item = self.value(e.elt, (*ptr, 0), spans, depth + 1)  # type: ignore[union-attr]  # dispatched on type(e) above, which mypy does not narrow by
            return [] if item is UNRESOLVED else [item]
        return UNRESOLVED

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
            return Sym("." * imp.level + qual if imp.level else qual)
        return None

    def options(self, e: Expr, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> list[Any]:
        """Every value a conditional can take (resolvable ones first; at least one item)."""
        if not isinstance(e, Alt):
            return [self.value(e, ptr, spans, depth)]
        found: list[Any] = []
        for opt in e.options:
            sub: dict[Pointer, Span] = {}
            v = self.value(opt, ptr, sub, depth + 1)
            if v is not UNRESOLVED:
                if not found:
                    spans.update(sub)
                elif self.alternates is not None:
                    self.alternates.append((ptr, v, sub))
                found.append(v)
        return found or [UNRESOLVED]

    # ------------------------------------------------------------ containers

    def _obj(self, e: Obj, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        out: dict[str, Any] = {}
        for key, val in e.entries:
            if key is None:
                merged = self.value(val, ptr, spans, depth + 1)
                if isinstance(merged, dict):
                    out.update(merged)
                continue
            k = self._part(key, ptr, depth) if not isinstance(key, Lit) else key.value
            if not isinstance(k, str):
                continue
            out[k] = self.value(val, (*ptr, k), spans, depth + _nesting_cost(ptr))
        return out

    def _arr(self, items: tuple[Expr, ...], ptr: Pointer, spans: dict[Pointer, Span], depth: int,
             start: list[Any] | None = None) -> list[Any]:  # fmt: skip
        out: list[Any] = list(start or [])
        for item in items:
            if isinstance(item, Spread):
                more = self._relocate(item.value, ptr, len(out), spans, depth)
                out.extend(more)
                continue
            v = self.value(item, (*ptr, len(out)), spans, depth + _nesting_cost(ptr))
            if v is UNRESOLVED:
                spans.pop((*ptr, len(out)), None)
            else:
                out.append(v)
        return out

    def _relocate(self, e: Expr, ptr: Pointer, offset: int, spans: dict[Pointer, Span], depth: int) -> list[Any]:
        """A list appended after `offset` items, its spans renumbered after them."""
        tmp: dict[Pointer, Span] = {}
        since = len(self.stops)
        mark = len(self.alternates) if self.alternates is not None else 0
        value = self.value(e, (), tmp, depth + 1)
        for i in range(since, len(self.stops)):
            key = self.stops[i].key
            if key and isinstance(key[0], int):
                self.stops[i] = replace(self.stops[i], key=(*ptr, key[0] + offset, *key[1:]))
        if not isinstance(value, list):
            return []
        for key, span in tmp.items():
            if key and isinstance(key[0], int):
                spans.setdefault((*ptr, key[0] + offset, *key[1:]), span)
        if self.alternates is not None:  # their pointers were relative to this list too
            moved = [(_shift(p, ptr, offset), v, {_shift(k, ptr, offset): sp for k, sp in sub.items()})
                     for p, v, sub in self.alternates[mark:]]  # fmt: skip
            self.alternates[mark:] = [m for m in moved if m[0]]
        return value

    def _add(self, e: Add, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        left = self.value(e.left, ptr, spans, depth + 1)
        if isinstance(left, list):
            return left + self._relocate(e.right, ptr, len(left), spans, depth)
        if isinstance(left, str):
            right = self._part(e.right, ptr, depth)
            return left + right if isinstance(right, str) else UNRESOLVED
        if isinstance(left, dict):  # `a | b` on dicts is lowered to Add
            right = self.value(e.right, ptr, spans, depth + 1)
            return {**left, **right} if isinstance(right, dict) else left
        return UNRESOLVED

    # ------------------------------------------------------------ names

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

    def name(self, e: Ref, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """The value a name has where it is used."""
        found = self.lookup(e.name, e.scope, e.pos)
        if found is None:
            imp = self.model.imports.get(e.name)
            if imp is not None:
                return self.imported(imp, ptr, spans, depth)
            if e.name in ("self", "this"):
                cls = self._class_of(e.scope)
                return Sym(f"<self:{self._dispatch(cls)}>") if cls else UNRESOLVED
            return Sym(e.name) if e.name in _GLOBALS else UNRESOLVED
        bindings, owner = found
        key = (id(self.model), owner, e.name)
        if key in self._active:
            return UNRESOLVED
        self._active.add(key)
        use = spans.get(ptr)
        try:
            value = self._from_bindings(bindings, owner, e, ptr, spans, depth)
        finally:
            self._active.discard(key)
        if use is not None and (value is UNRESOLVED or (isinstance(value, (Sym, EnvVar)) and ptr)):
            # Nothing to see where it is written (`prev = result.last_response_id`): point
            # at the use, where the request field is passed.
            spans[ptr] = use
        return value

    def _from_bindings(self, bindings: list[Any], owner: int, e: Ref, ptr: Pointer,
                       spans: dict[Pointer, Span], depth: int) -> Any:  # fmt: skip
        assigns = [b for b in bindings if b.kind in _BASES]
        if not assigns:
            return UNRESOLVED
        same_scope = owner == e.scope
        before = [b for b in assigns if b.pos <= e.pos] if same_scope else assigns
        base = (before or assigns)[-1]
        if same_scope and not before:
            base = assigns[0]
        spans.pop(ptr, None)  # values come from where they are written
        if base.kind == "func":
            return Sym(f"<func:{id(base.func)}>", call=None, model=self.model, scope=owner)
        if base.kind == "class":
            return Sym(f"<class:{base.key}>", model=self.model)
        if base.kind == "self":
            return Sym(f"<self:{self._dispatch(base.key)}>", model=self.model)
        if base.kind == "param":
            passed = self._arguments(owner, e.name, base.key, ptr, depth)
            default = None if base.raw is None else self.expr(base.raw, owner)
            if default is None or (isinstance(default, Lit) and default.value is None):
                # A parameter without a default, or whose default is only "not given"
                # (`prev=None`, `prev = undefined`): the values the file's calls pass to it,
                # else unknown (`if prev: body["previous_response_id"] = prev` is sent
                # whenever a caller gives one).
                if not passed:
                    return self._instance_of(base.annotation, owner, ptr, depth)
                (value, sub), passed = passed[0], passed[1:]
                spans.update(sub)
            else:
                value = self.value(default, ptr, spans, depth + 1)
            if self.alternates is not None:
                self.alternates.extend((ptr, v, sub) for v, sub in passed)
            return value
        value = self.value(self.expr(base.raw, owner), ptr, spans, depth + 1)
        if self.alternates is not None and base.branch:
            # `if long: model = "gpt-3.5-turbo-16k"` / `else: model = "gpt-3.5-turbo"`: each
            # branch's value reaches the use, as both values of a conditional expression do.
            for b in before or assigns:
                if b is not base and b.kind == "assign" and _exclusive(b.branch, base.branch):
                    other: dict[Pointer, Span] = {}
                    v = self.value(self.expr(b.raw, owner), ptr, other, depth + 1)
                    if v is not UNRESOLVED:
                        self.alternates.append((ptr, v, other))
        if (value is UNRESOLVED or isinstance(value, Sym)) and any(
                b.kind in ("setitem", "update") and b.pos > base.pos for b in bindings):  # fmt: skip
            # `params = self._defaults(); params["model"] = "gpt-4o"`: the keys set here are known.
            value = {}
        for b in bindings:
            if b.kind in _BASES or (same_scope and b.pos > e.pos):
                continue
            if b.pos < base.pos:
                continue
            value = self._mutate(value, b, owner, ptr, spans, depth)
        return value

    def _instance_of(self, annotation: Any, scope: int, ptr: Pointer, depth: int) -> Any:
        """A parameter typed with a class of the scanned code (`config: AgentConfig`) and
        passed nothing this file shows: an instance of that class, whose fields are its
        defaults (`config.model` is `AgentConfig.model = "gpt-4.1"`)."""
        if annotation is None:
            return UNRESOLVED
        typed = self.expr(annotation, scope)
        cls = self._part(typed, ptr, depth)
        if isinstance(cls, Sym) and cls.qual and cls.qual.startswith("<class:") and not cls.path:
            return Sym(f"<self:{cls.qual[7:-1]}>", model=cls.model)
        # `client: AsyncAzureOpenAI | AsyncOpenAI`, `Optional[AzureOpenAI]`: a client of the class
        # first named (the provider its calls go to), built where this code cannot see.
        from bedrock_check.catalogue import shipped_catalogue

        clients = (getattr(self.project, "catalogue", None) or shipped_catalogue()).clients
        for member in _union_members(typed):
            named = self.qualify(member)
            if named is not None and named.qual in clients:
                return Sym(named.qual)
        return UNRESOLVED

    def _mutate(self, value: Any, b: Any, owner: int, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        arg = self.expr(b.raw, owner)
        if b.kind == "append" and isinstance(value, list):
            v = self.value(arg, (*ptr, len(value)), spans, depth + 1)
            return value if v is UNRESOLVED else [*value, v]
        if b.kind == "extend" and isinstance(value, list):
            return value + self._relocate(arg, ptr, len(value), spans, depth)
        if b.kind == "extend" and isinstance(value, str):
            more = self._part(arg, ptr, depth)
            return value + more if isinstance(more, str) else value
        if b.kind == "setitem" and isinstance(value, dict) and b.key is not None:
            # Kept even when unresolved, as in a literal: a key set later (`body.previous_response_id
            # = id`) still decides a verdict, or is reported as not checked. A key set again
            # is where its last value is written, not its first.
            key_ptr = (*ptr, b.key)
            for old in [p for p in spans if p[: len(key_ptr)] == key_ptr]:
                del spans[old]
            v = self.value(arg, (*ptr, b.key), spans, depth + 1)
            if (v is UNRESOLVED or (v is None and b.key in RUNTIME_ID_FIELDS)) and not isinstance(arg, Lit):
                # `if state["previous_response_id"]: config["previous_response_id"] = state[...]`:
                # a value that starts as None and is stored only once set (a None written
                # out is kept: it clears the key), or one not known here: reported where it
                # is stored, not where some function first wrote it.
                v = UNRESOLVED
                for old in [p for p in spans if p[: len(key_ptr)] == key_ptr]:
                    del spans[old]
                spans[key_ptr] = arg.span
            return {**value, b.key: v}
        if b.kind == "update" and isinstance(value, dict):
            more = self.value(arg, ptr, spans, depth + 1)
            return {**value, **more} if isinstance(more, dict) else value
        return value

    def _class_of(self, scope: int) -> str | None:
        s: int | None = scope
        while s is not None:
            info = self.model.scopes[s]
            if info.cls:
                return info.cls
            s = info.parent
        return None

    def imported(self, imp: Any, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """An imported name: its value in a file of the scanned tree, else a symbol.
        The spans of a value from another file are in that file (`ElsewhereSpan`): a
        finding about it is reported where it is written."""
        cat = getattr(self.project, "catalogue", None)
        if cat is not None and self._known(cat, imp):
            return Sym(imp.module if imp.name == "*" else f"{imp.module}.{imp.name}")
        key = (id(self.model), 0, "<import>" + imp.local)
        if self.project is not None and key not in self._active:  # in the set: an import cycle
            if depth < MAX_DEPTH - 4:
                self._active.add(key)
                try:
                    found = self._ask(lambda: self.project.exported(self.model, imp, depth), ptr)
                    if found is not None:
                        other, e = found
                        if isinstance(e, Sym):
                            return e
                        return self.project.adopt(self._part(e, ptr, depth, self._for(other), spans))
                finally:
                    self._active.discard(key)
            elif self.project.source(self.model, imp)[0] is not None:
                source = "." * imp.level + imp.module
                self._stop(None, f"`{imp.name}` imported from `{source}`: a chain of imports longer than followed", ptr)
        qual = imp.module if imp.name == "*" else f"{imp.module}.{imp.name}"
        if imp.level:
            qual = "." * imp.level + qual
        return Sym(qual)

    @staticmethod
    def _known(cat: Any, imp: Any) -> bool:
        """An absolute import of a name (or module) the catalogue describes: its meaning
        comes from the catalogue, not from a copy of that library in the scanned tree."""
        if imp.level:
            return False
        if imp.name == "*":
            return imp.module in cat.known_modules
        return f"{imp.module}.{imp.name}" in cat.known_names

    # ------------------------------------------------------------ attributes and calls

    def _attr(self, e: Attr, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        if isinstance(e.obj, Attr):
            # `self.config.model`, stored as such somewhere in the class (`self.config.model = ...`).
            owner = self._part(e.obj.obj, ptr, depth)
            if isinstance(owner, Sym) and owner.qual and owner.qual.startswith("<self:") and not owner.path:
                stored = self.field(owner.qual[6:-1], f"{e.obj.name}.{e.name}", ptr, spans, depth)
                if stored is not UNRESOLVED:
                    return stored
        if type(e.obj) is Index and self.alternates is not None:
            found = self._table_field(e.name, e.obj, ptr, spans, depth)
            if found is not UNRESOLVED:
                return found
        where: dict[Pointer, Span] = {}
        base = self._part(e.obj, ptr, depth, where=where)
        if isinstance(base, dict) and e.name in base:
            # `aiConfig.model` of `const aiConfig = {model: "gpt-4o"}` (here or imported): the
            # value is written in the object, not at the use.
            spans.pop(ptr, None)
            spans.update(_moved(where, (e.name,), ptr))
            return base[e.name]
        return self.attr_of(base, e.name, ptr, spans, depth)

    def attr_of(self, base: Any, name: str, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """`base.name` for a resolved base."""
        if isinstance(base, dict):
            return base.get(name, UNRESOLVED)
        if isinstance(base, Sym):
            if base.qual == "process.env" and not base.path:
                return EnvVar(name)
            if base.qual in PARSED_ARGS and not base.path:
                return self._cli_default(name, ptr, spans, depth)
            if base.qual and base.qual.startswith("<self:") and not base.path:
                if base.model is not None and base.model is not self.model:
                    # An instance of a class of another file (`settings = Settings()` imported).
                    held: dict[Pointer, Span] = {}
                    value = self._for(base.model).field(base.qual[6:-1], name, (), held, depth)
                    _rehome(base.model, held, ptr, spans)
                    return value
                return self.field(base.qual[6:-1], name, ptr, spans, depth)
            if base.qual and base.qual.startswith("<module:") and not base.path and base.model is not None:
                model = base.model
                found = self._ask(lambda: self.project.lookup(model, name, depth + 1), ptr) \
                    if self.project is not None else None  # fmt: skip
                if found is None:
                    return UNRESOLVED
                other, e = found
                if isinstance(e, Sym):
                    return e
                return self.project.adopt(self._part(e, ptr, depth, self._for(other), spans))
            if base.qual and base.qual.startswith("<class:") and not base.path and base.model is not None:
                if base.model is self.model:
                    return self.field(base.qual[7:-1], name, ptr, spans, depth)
                part: dict[Pointer, Span] = {}
                value = self._for(base.model).field(base.qual[7:-1], name, (), part, depth)
                if not _is_enum(base.model, base.qual[7:-1]):
                    # (a member of an enum of another file, `ModelType.GPT_4O_MINI`, is one entry
                    # of a list of names: the use here is where the code chooses it)
                    _rehome(base.model, part, ptr, spans)
                return value
            return base.attr(name)
        return UNRESOLVED

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

    def field(self, cls: str, name: str, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """A class attribute or instance field (`self.model = ...` in any method), of the class
        or, when it has none of that name, of its nearest base class in this file (evaluated
        for an instance of `cls`: a method the base calls on `self` is the subclass's)."""
        info = None
        for owner in self._ancestors(cls):
            candidate = self.model.classes[owner]
            if name in candidate.methods or candidate.fields.get(name):
                info = candidate
                break
        if info is None:
            return UNRESOLVED
        if name in info.methods:
            return Sym(f"<func:{id(info.methods[name])}>", model=self.model, scope=info.scope)
        stores = info.fields.get(name)
        if not stores:
            return UNRESOLVED
        key = (id(self.model), -1 - info.scope, name)
        if key in self._active:
            return UNRESOLVED
        self._active.add(key)
        saved_instance = self._instance
        if info.name != cls and not (self._instance and cls in self._ancestors(self._instance)):
            self._instance = cls
        try:
            use = spans.pop(ptr, None)
            values: list[tuple[Any, dict[Pointer, Span]]] = []
            for raw, scope in stores:
                sub: dict[Pointer, Span] = {}
                v = self.value(self.expr(raw, scope), ptr, sub, depth + 1)
                if isinstance(v, Sym) and (v.call is None or v.path) and use is not None:
                    # A value known only at run time (`self.prev_id = response.id`): what the
                    # request holds is decided where the field is used, not where it is stored.
                    sub = {ptr: use}
                if v is not UNRESOLVED:
                    values.append((v, sub))
            if not values:
                return UNRESOLVED
            # The value is the first store that says what it is (a literal, a construction);
            # the others are further branches (`self.client = A()` here, `= B()` there).
            first = next((i for i, (v, _) in enumerate(values) if not isinstance(v, Sym) or v.call is not None), 0)
            found, sub = values[first]
            spans.update(sub)
            if self.alternates is not None:
                self.alternates.extend((ptr, v, s) for i, (v, s) in enumerate(values) if i != first)
            return found
        finally:
            self._active.discard(key)
            self._instance = saved_instance

    def _index(self, e: Index, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        if type(e.obj) is Index and self.alternates is not None:
            name = self._part(e.key, ptr, depth)
            found = self._table_field(name, e.obj, ptr, spans, depth) if isinstance(name, str) else UNRESOLVED
            if found is not UNRESOLVED:
                return found
        where: dict[Pointer, Span] = {}
        base = self._part(e.obj, ptr, depth, where=where)
        key = self._part(e.key, ptr, depth)
        if isinstance(base, Sym) and base.dotted == "os.environ" and isinstance(key, str):
            return EnvVar(key)
        if isinstance(base, dict) and isinstance(key, str):
            if key in base:
                spans.pop(ptr, None)
                spans.update(_moved(where, (key,), ptr))
            return base.get(key, UNRESOLVED)
        if isinstance(base, dict) and not isinstance(key, (int, float, bool)) and base:
            # `TOOL_TYPES[name]` with a name known only at run time: any of the map's values
            # (`{"web": "web_search_preview", "code": "code_interpreter"}`), each where written.
            choices = [(k, v) for k, v in base.items() if v is not UNRESOLVED and v is not None]
            if not choices:
                return UNRESOLVED
            spans.pop(ptr, None)
            spans.update(_moved(where, (choices[0][0],), ptr))
            if self.alternates is not None:
                self.alternates.extend((ptr, v, _moved(where, (k,), ptr)) for k, v in choices[1:])
            return choices[0][1]
        if isinstance(base, list) and isinstance(key, int) and -len(base) <= key < len(base):
            return base[key]
        return UNRESOLVED

    def _table_field(self, field_name: str, row: Index, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """`MODEL_CONFIG[model]["api_name"]` (JS `MODEL_CONFIG[model].apiName`) with a row known
        only at run time: the field of every row that has it (each where written), as
        `TABLE[name]` gives every value."""
        row_key = self._part(row.key, ptr, depth)
        if isinstance(row_key, (str, int, float, bool)):
            return UNRESOLVED  # a known row: the plain look-up finds it
        where: dict[Pointer, Span] = {}
        table = self._part(row.obj, ptr, depth, where=where)
        if not isinstance(table, dict):
            return UNRESOLVED
        choices = [(k, v[field_name]) for k, v in table.items()
                   if isinstance(v, dict) and v.get(field_name) not in (None, UNRESOLVED)]  # fmt: skip
        if not choices:
            return UNRESOLVED
        spans.pop(ptr, None)
        spans.update(_moved(where, (choices[0][0], field_name), ptr))
        assert self.alternates is not None
        self.alternates.extend((ptr, v, _moved(where, (k, field_name), ptr)) for k, v in choices[1:])
        return choices[0][1]

    def function(self, sym: Sym) -> Any:
        """The FuncInfo a `<func:...>` symbol stands for, searched in its file."""
        model = sym.model or self.model
        if model.functions is None:  # indexed once per file: a file resolves many calls
            index: dict[str, Any] = {}
            for info in (m for c in model.classes.values() for m in c.methods.values()):
                index.setdefault(f"<func:{id(info)}>", info)
            for bindings in model.bindings.values():
                for b in bindings:
                    if b.kind == "func":
                        index[f"<func:{id(b.func)}>"] = b.func
            model.functions = index
        return model.functions.get(sym.qual or "")

    def call(self, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """The value of a call: a function's return, `dict(...)`, `Object.assign(...)`,
        a copy of its argument, or a symbol for what it constructs."""
        if self.known:
            named = self.qualify(e.func)
            if named is not None and named.dotted in self.known:
                return Sym(named.dotted + "()", (), e, self.model)
        if isinstance(e.func, Attr) and e.func.name == "get" and e.args and isinstance(e.args[0], Lit):
            got = self._get(e, ptr, spans, depth)
            if got is not _NOT_A_GET:
                return got
        func = self._part(e.func, ptr, depth)
        if func is UNRESOLVED and isinstance(e.func, Index):
            func = self._part(e.func.obj, ptr, depth)  # `Agent[Deps, Out](...)`: a generic class
            func = func if isinstance(func, Sym) else UNRESOLVED
        if not isinstance(func, Sym):
            if isinstance(e.func, Attr) and e.func.name in _COPIES and not e.args:
                return self.value(e.func.obj, ptr, spans, depth + 1)
            return UNRESOLVED
        qual = func.dotted
        if func.qual and func.qual.startswith("<func:") and not func.path:
            return self._returns(func, ptr, spans, depth)
        if func.qual and func.qual.startswith("<class:") and not func.path:
            return Sym(f"<self:{func.qual[7:-1]}>", model=func.model)
        if qual in ("dict", "builtins.dict") or qual.endswith("Param") or qual.endswith("TypedDict"):
            out: dict[str, Any] = {}
            for arg in e.args:
                more = self.value(arg, ptr, spans, depth + 1)
                if isinstance(more, dict):
                    out.update(more)
            for k, v in e.kwargs:
                if k is None:
                    more = self.value(v, ptr, spans, depth + 1)
                    if isinstance(more, dict):
                        out.update(more)
                else:
                    val = self.value(v, (*ptr, k), spans, depth + 1)
                    if val is not UNRESOLVED:
                        out[k] = val
            return out
        if qual in ("Object.assign", "Object.freeze", "structuredClone", "copy.deepcopy", "copy.copy", "list",
                    "tuple", "Array.from", "deepcopy"):  # fmt: skip
            out2: Any = {} if qual == "Object.assign" else UNRESOLVED
            for arg in e.args:
                v = self.value(arg, ptr, spans, depth + 1)
                if qual != "Object.assign":
                    return v
                if isinstance(v, dict):
                    out2.update(v)
            return out2
        if qual in _URL_JOINS and e.args and not e.kwargs:
            # `urljoin(BASE, "responses")`, `posixpath.join(BASE, "v1", "responses")`: the stdlib
            # function's own answer once every part is a known string (nothing is imported or run
            # but the standard library's string functions).
            parts = [self._part(a, ptr, depth) for a in e.args]
            if all(isinstance(p, str) for p in parts):
                return _URL_JOINS[qual](*parts)
            return UNRESOLVED
        if qual in _SERIALISERS and e.args:
            # `JSON.stringify({...})`, `json.dumps({...})`: the body as sent is the object.
            return self.value(e.args[0], ptr, spans, depth + 1)
        if qual in _PARSERS and e.args:
            # `JSON.parse(JSON.stringify(defaults))` (a deep copy): the object; a JSON text
            # written out is read as data.
            v = self.value(e.args[0], ptr, spans, depth + 1)
            if isinstance(v, str):
                try:
                    return json.loads(v)
                except ValueError:
                    return UNRESOLVED
            return v
        if qual in _FIELD_DEFAULTS:
            # `model: str = Field(default="gpt-4o")`: the field's value is its default.
            default = next((v for k, v in e.kwargs if k == "default"), None)
            if default is None and e.args and qual.startswith(("pydantic", "sqlmodel")):
                default = e.args[0]
            if default is None:
                return UNRESOLVED
            spans.pop(ptr, None)  # the value is written at the default, not at `Field(`
            return self.value(default, ptr, spans, depth + 1)
        if qual in _ENV_READERS or qual == "os.environ.get":
            name = self._part(e.args[0], ptr, depth) if e.args else None
            default = e.args[1] if len(e.args) > 1 else next((v for k, v in e.kwargs if k == "default"), None)
            written = self._part(default, ptr, depth) if isinstance(default, Lit) else None
            if default is not None and self.alternates is not None:
                # `os.getenv("MODEL", "gpt-4o")`: the default is sent whenever the variable is unset.
                sub: dict[Pointer, Span] = {}
                v = self.value(default, ptr, sub, depth + 1)
                if v is not UNRESOLVED and v is not None:
                    self.alternates.append((ptr, v, sub))
            return EnvVar(name, written if isinstance(written, str) else None) if isinstance(name, str) else UNRESOLVED
        if func.path and func.path[-1] in _COPIES and isinstance(e.func, Attr):
            return self.value(e.func.obj, ptr, spans, depth + 1)
        if qual == "require" and e.args:
            mod = self._part(e.args[0], ptr, depth)
            if isinstance(mod, str):
                found = self._ask(lambda: self.project.exported(self.model, _require(mod), depth), ptr) \
                    if self.project is not None else None  # fmt: skip
                return Sym(mod) if found is None else UNRESOLVED
        return Sym(qual + "()", (), e, self.model)

    def _get(self, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """`options.get("model", "gpt-4o")` on a mapping: the key's value when the mapping is
        known and holds it, else the default (what is sent when the caller gives none; a
        mapping that is None here is the `config or {}` of a parameter left out)."""
        key = e.args[0].value if isinstance(e.args[0], Lit) else None
        default = e.args[1] if len(e.args) > 1 else next((v for k, v in e.kwargs if k == "default"), None)
        where: dict[Pointer, Span] = {}
        base = self._part(e.func.obj, ptr, depth, where=where) if isinstance(e.func, Attr) else UNRESOLVED
        if not isinstance(key, str) or not (isinstance(base, dict) or base is UNRESOLVED or base is None):
            return _NOT_A_GET  # `os.environ.get(...)`, `requests.get(url)`: a call like any other
        if isinstance(base, dict) and key in base:
            spans.pop(ptr, None)
            spans.update(_moved(where, (key,), ptr))
            return base[key]
        if default is None:
            return UNRESOLVED
        spans.pop(ptr, None)
        return self.value(default, ptr, spans, depth + 1)

    def is_parameter(self, e: Expr) -> bool:
        """Whether `e` names a parameter of the function it is used in (its value is the
        caller's, whatever its default)."""
        if not isinstance(e, Ref):
            return False
        found = self.lookup(e.name, e.scope, e.pos)
        return found is not None and found[1] == e.scope and all(b.kind == "param" for b in found[0])

    def returns(self, func: Any, ptr: Pointer, spans: dict[Pointer, Span]) -> Any:
        """What a function passed as a value returns (`prompt=make_prompt`: the SDK calls
        it), or the value itself when it is not a function of the scanned code."""
        if isinstance(func, Sym) and func.qual and func.qual.startswith("<func:") and not func.path:
            return self._returns(func, ptr, spans, 0)
        return func

    def _returns(self, func: Sym, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        info = self.function(func)
        if info is None:
            return UNRESOLVED
        model = func.model or self.model
        sub = self._for(model)
        key = (id(model), info.scope, "<return>")
        if key in self._active:
            return UNRESOLVED
        self._active.add(key)
        if sub is not self and self.alternates is not None:
            sub.alternates = []  # the other file's branches reach this use too
        try:
            for raw in info.returns:
                part: dict[Pointer, Span] = {}
                v = sub.value(sub.expr(raw, info.scope), ptr, part, depth + 1)
                if v is not UNRESOLVED:
                    if model is self.model:
                        spans.update(part)
                        return v
                    _rehome(model, {p[len(ptr):]: sp for p, sp in part.items() if p[: len(ptr)] == ptr}, ptr, spans)
                    for alt_ptr, alt, alt_spans in sub.alternates or ():
                        moved: dict[Pointer, Span] = {}
                        _rehome(model, {p[len(ptr):]: sp for p, sp in alt_spans.items() if p[: len(ptr)] == ptr}, ptr, moved)
                        assert self.alternates is not None
                        self.alternates.append((alt_ptr, self.project.adopt(alt) if self.project is not None else alt, moved))
                    return self.project.adopt(v) if self.project is not None else v
            return UNRESOLVED
        finally:
            self._active.discard(key)


def _exclusive(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    """Whether two bindings are in different branches of one `if` (so never both run)."""
    for (if_a, arm_a), (if_b, arm_b) in zip(a, b, strict=False):
        if if_a != if_b:
            return False
        if arm_a != arm_b:
            return True
    return False


_NOWHERE = Span(1, 1, 1, 1)


def _union_members(e: Expr) -> list[Expr]:
    """The classes a type annotation names: `A | B` (lowered as `Add`), `Optional[A]`, `Union[A, B]`."""
    if isinstance(e, Add):
        return [*_union_members(e.left), *_union_members(e.right)]
    if isinstance(e, Index):
        key = e.key
        return [m for item in (key.items if isinstance(key, Arr) else (key,)) for m in _union_members(item)]
    return [e]


#: Base classes that make a class an enumeration (Python `enum`, and the common backports).
_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag", "ReprEnum"})


def _is_enum(model: FileModel, cls: str) -> bool:
    """Whether a class of `model` is an enumeration (directly, or through a base of that file)."""
    todo: list[str] = [cls]
    seen: set[str] = set()
    while todo and len(seen) < _MAX_ANCESTORS:
        name = todo.pop()
        info = model.classes.get(name)
        if info is None or name in seen:
            continue
        seen.add(name)
        if any(b in _ENUM_BASES or b.endswith("Enum") for b in info.bases):
            return True
        todo.extend(info.bases)
    return False


def _rehome(other: FileModel, part: dict[Pointer, Span], ptr: Pointer, spans: dict[Pointer, Span]) -> None:
    """Spans of a value resolved in another file, put under `ptr` as spans of that file
    (the finding is reported where the value is written). A span already elsewhere (a
    third file) stays; without the file's location on disk the use keeps its span here."""
    if other.origin is None:
        return
    for p, sp in part.items():
        if sp == _NOWHERE:
            continue  # a name looked up in that file, never found written: the use stays
        if not isinstance(sp, ElsewhereSpan):
            text = other.src.line(sp.line) or ""
            sp = ElsewhereSpan(sp.line, sp.column, sp.end_line, sp.end_column, origin=other.origin, text=text)
        spans[tuple(ptr) + tuple(p)] = sp


def _nesting_cost(ptr: Pointer) -> int:
    """The steps one more level of a literal's nesting costs under `ptr`."""
    return 0 if len(ptr) < FREE_NESTING else 1


def functions_of(model: FileModel) -> list[Any]:
    """Every function and method of a file."""
    found = [b.func for bindings in model.bindings.values() for b in bindings if b.kind == "func" and b.func is not None]
    return found + [m for info in model.classes.values() for m in info.methods.values()]


def _moved(spans: dict[Pointer, Span], prefix: Pointer, ptr: Pointer) -> dict[Pointer, Span]:
    """The spans under `prefix`, moved under `ptr`."""
    n = len(prefix)
    return {(*ptr, *p[n:]): sp for p, sp in spans.items() if p[:n] == prefix}


def _shift(p: Pointer, ptr: Pointer, offset: int) -> Pointer:
    """A pointer relative to a list spliced at `ptr` after `offset` items (() when not in it)."""
    if p and isinstance(p[0], int):
        return (*ptr, p[0] + offset, *p[1:])
    return ()


def _require(module: str) -> Any:
    from bedrock_check.extract.callsite import Import

    return Import(module, module, "*")


#: Binding kinds that give a name its value (the rest mutate it).
_BASES = frozenset({"assign", "param", "func", "class", "self"})
#: Functions whose result is their argument serialised (the same request body).
_SERIALISERS = frozenset({"JSON.stringify", "json.dumps"})
#: Functions whose result is the object their serialised argument holds.
_PARSERS = frozenset({"JSON.parse", "json.loads"})
#: Base classes followed from a class (a deep hierarchy is cut there).
_MAX_ANCESTORS = 8
#: Standard-library functions that join a base URL or path with more of it.
_URL_JOINS: dict[str, Callable[..., str]] = {
    "urllib.parse.urljoin": lambda base, url, *_: urllib.parse.urljoin(base, url),
    "posixpath.join": posixpath.join,
}
#: Field declarations whose value is their `default` (pydantic also takes it first).
_FIELD_DEFAULTS = frozenset({"pydantic.Field", "pydantic.fields.Field", "sqlmodel.Field", "dataclasses.field",
                             "attrs.field", "attr.ib", "attr.attrib"})  # fmt: skip
#: `_get`'s answer for a `.get(...)` that is not a mapping's.
_NOT_A_GET = object()
#: Methods that return (a copy of) their receiver.
_COPIES = frozenset({"copy", "model_copy", "slice", "concat", "filter", "flat"})
#: Names that exist without an import.
_GLOBALS = frozenset({"dict", "list", "tuple", "Object", "Array", "process", "require", "structuredClone",
                      "JSON", "WebSocket", "RTCPeerConnection", "fetch",
                      # Test runners' globals (`jest.fn()`, vitest's `vi` with `globals: true`).
                      "jest", "vi"})  # fmt: skip

__all__ = ["MAX_DEPTH", "UNRESOLVED", "EnvVar", "Resolver", "Stop", "Sym", "Unknown", "env_name"]
