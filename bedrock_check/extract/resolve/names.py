"""Values of names: the bindings in scope (assignments, parameters and their callers,
mutations, annotated instances) and imports, followed into other files of the scanned tree."""

from __future__ import annotations

from typing import Any

from bedrock_check.extract.callsite import (
    Call,
    Lit,
    Ref,
    Spread,
)
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve.containers import Containers
from bedrock_check.extract.resolve.values import (
    _GLOBALS,
    BASE_KINDS,
    MAX_DEPTH,
    EnvVar,
    Sym,
    _exclusive,
    _union_members,
)
from bedrock_check.findings import Pointer, Span
from bedrock_check.vocabulary import RUNTIME_ID_FIELDS

#: Bindings that set one key of a dict (`d["k"] = v`, `d.setdefault("k", v)`).
_SETS = ("setitem", "setdefault")


#: A lookup in the project that found nothing (unlike a value found there that is None or unresolved).
_NOT_FOUND = object()

class Names(Containers):
    """Values of names, through their bindings and imports."""

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
            if e.name in _GLOBALS:
                return Sym(e.name)
            return self._star(e.name, ptr, spans, depth) if self.model.star_imports else UNRESOLVED
        bindings, owner = found
        if self.model.narrowed:
            narrowed = self._narrowed(e, bindings)
            if narrowed is not None:
                spans.pop(ptr, None)
                spans[ptr] = narrowed[1]
                return narrowed[0]
        key = (id(self.model), owner, e.name)
        if key in self._active:
            return UNRESOLVED
        self._active.add(key)
        use = spans.get(ptr)
        known = len(self.alternates) if self.alternates is not None else 0
        try:
            value = self._from_bindings(bindings, owner, e, ptr, spans, depth)
        finally:
            self._active.discard(key)
        if use is not None and (value is UNRESOLVED or (isinstance(value, (Sym, EnvVar)) and ptr)):
            # Nothing to see where it is written (`prev = result.last_response_id`): point
            # at the use, where the request field is passed.
            spans[ptr] = use
        if use is not None and ptr and self.alternates is not None:
            # (The same for another branch's value: `file_id = upload.id` in one branch,
            # `file_id = None` in the other.)
            for i in range(known, len(self.alternates)):
                at, other, sub = self.alternates[i]
                if at == ptr and isinstance(other, (Sym, EnvVar)):
                    self.alternates[i] = (at, other, {**sub, ptr: use})
        return value

    def _narrowed(self, e: Ref, bindings: list[Any]) -> tuple[str, Span] | None:
        """The string a name equals in the branch of `if name == "...":` that holds the use
        (unless the branch binds it again before the use), with where the string is written."""
        for scope, name, value, span, first, last in self.model.narrowed:
            if name == e.name and first <= e.pos[0] <= last and self._within(e.scope, scope) and not any(
                    b.kind in BASE_KINDS and first <= b.pos[0] <= e.pos[0] for b in bindings):  # fmt: skip
                return value, span
        return None

    def _within(self, scope: int, outer: int) -> bool:
        """Whether `scope` is `outer` or nested in it."""
        s: int | None = scope
        while s is not None and s != outer:
            s = self.model.scopes[s].parent
        return s == outer

    def _in_own_value(self, b: Any, owner: int, e: Ref) -> bool:
        """Whether the use `e` is inside the value binding `b` gives its own name (the name
        read on the right of `client = client.chat.completions`)."""
        if b.kind != "assign" or b.raw is None:
            return False
        value = self.expr(b.raw, owner)
        span = getattr(value, "span", None)
        return span is not None and (span.line, span.column) <= (e.span.line, e.span.column) and (
            (e.span.end_line, e.span.end_column) <= (span.end_line, span.end_column))

    def base_binding(self, bindings: list[Any], owner: int, e: Ref) -> tuple[Any, list[Any], list[Any]] | None:
        """The binding a use of a name takes its value from (the last assignment before the use
        in its own scope, else the last one of the enclosing scope), with the assignments before
        the use and all of them; None when the name is never assigned."""
        assigns = [b for b in bindings if b.kind in BASE_KINDS]
        if not assigns:
            return None
        same_scope = owner == e.scope
        before = [b for b in assigns if b.pos <= e.pos] if same_scope else assigns
        if same_scope and before and self._in_own_value(before[-1], owner, e):
            # `client = client.chat.completions`: the name on the right is the value before.
            before = before[:-1]
        base = (before or assigns)[-1]
        if same_scope and not before:
            base = assigns[0]
        return base, before, assigns

    def _server_setting(self, name: str) -> bool:
        """Whether a parameter is named like a client's server setting (catalogue `base_url_args`)."""
        from bedrock_check.catalogue import shipped_catalogue

        return name in (getattr(self.project, "catalogue", None) or shipped_catalogue()).providers.base_url_args

    def _from_bindings(self, bindings: list[Any], owner: int, e: Ref, ptr: Pointer,
                       spans: dict[Pointer, Span], depth: int) -> Any:  # fmt: skip
        chosen = self.base_binding(bindings, owner, e)
        if chosen is None:
            return UNRESOLVED
        base, before, assigns = chosen
        same_scope = owner == e.scope
        spans.pop(ptr, None)  # values come from where they are written
        if base.kind == "func":
            return Sym(f"<func:{id(base.func)}>", call=None, model=self.model, scope=owner)
        if base.kind == "class":
            return Sym(f"<class:{base.key}>", model=self.model)
        if base.kind == "self":
            return Sym(f"<self:{self._dispatch(base.key)}>", model=self.model)
        if base.kind == "param":
            at = self.pinned.get(owner)
            arg = _argument(at, e.name, base.key) if at is not None else None
            if arg is not None:
                return self.value(arg, ptr, spans, depth + 1)
            passed = self._arguments(owner, e.name, base.key, ptr, depth)
            default = None if base.raw is None else self.expr(base.raw, owner)
            if default is None or (isinstance(default, Lit) and default.value is None):
                # A parameter without a default, or whose default is only "not given"
                # (`prev=None`, `prev = undefined`): the values the file's calls pass to it,
                # else unknown (`if prev: body["previous_response_id"] = prev` is sent
                # whenever a caller gives one).
                if passed and default is not None and self.omitted(owner, e.name) and self._server_setting(e.name):
                    # `def complete(model, base_url=None)` called as `complete("gpt-4o")` and as
                    # `complete(m, base_url=NVIDIA_URL)`: a caller that gives no server reaches the
                    # client's default one; the server another caller gives is a further value.
                    value = self.value(default, ptr, spans, depth + 1)
                    if self.alternates is not None:
                        self.alternates.extend((ptr, v, sub) for v, sub in passed)
                    return value
                if not passed:
                    value = self._instance_of(base.annotation, owner, ptr, depth)
                    sets = [b for b in bindings if b.kind in _SETS and b.pos > base.pos and b.nested is False]
                    if value is UNRESOLVED and sets:
                        # `def __init__(self, **config): config["base_url"] = "https://api.deepseek.com"`
                        # (or `config.setdefault("base_url", ...)`) then `OpenAI(**config)`: the keys
                        # the function always sets are known (a provider class's vendor URL), as for
                        # a dict built by a call it cannot see. (Not a key set in one branch of a
                        # `match` or under an `if`: the other branches pass the parameter on as given.)
                        return self._mutated({}, sets, base, e, same_scope, owner, ptr, spans, depth)
                    return value
                (value, sub), passed = passed[0], passed[1:]
                spans.update(sub)
            else:
                value = self.value(default, ptr, spans, depth + 1)
                if not isinstance(value, (Lit, dict, list, str)) and base.annotation is not None:
                    value = self._injected(default, base.annotation, value, owner, ptr, depth)
            if self.alternates is not None:
                self.alternates.extend((ptr, v, sub) for v, sub in passed)
            return value
        value = self.value(self.expr(base.raw, owner), ptr, spans, depth + 1)
        if self.alternates is not None and base.branch:
            # `if long: model = "gpt-3.5-turbo-16k"` / `else: model = "gpt-3.5-turbo"`: each
            # branch's value reaches the use, as both values of a conditional expression do.
            others = [b for b in before or assigns
                      if b is not base and b.kind == "assign" and _exclusive(b.branch, base.branch)]  # fmt: skip
            if not others:
                # `model = "gpt-4o-mini"` then `if change: model = input(...)`: the value before
                # the branch reaches the use whenever the branch is not taken.
                others = [b for b in before or assigns if b.kind == "assign" and b.pos < base.pos
                          and len(b.branch) < len(base.branch) and base.branch[: len(b.branch)] == b.branch][-1:]  # fmt: skip
            if not others:
                # `if len(sys.argv) > 1: model = sys.argv[1]` / `else: model = "gpt-3.5-turbo"`, then
                # `if model.startswith("ollama/"): model = ...`: when that branch is not taken, the
                # values of the assignments before it reach the use (the last, and its if/else siblings).
                prior = [b for b in before or assigns if b.kind == "assign" and b.pos < base.pos
                         and base.branch[: len(b.branch)] != b.branch[: len(base.branch)]]  # fmt: skip
                if prior:
                    others = [b for b in prior[:-1] if _exclusive(b.branch, prior[-1].branch)] + prior[-1:]
            for b in others:
                other: dict[Pointer, Span] = {}
                v = self.value(self.expr(b.raw, owner), ptr, other, depth + 1)
                if v is not UNRESOLVED:
                    self.alternates.append((ptr, v, other))
        if (value is UNRESOLVED or isinstance(value, Sym)) and any(
                b.kind in ("setitem", "update", "setdefault") and b.pos > base.pos for b in bindings):  # fmt: skip
            # `params = self._defaults(); params["model"] = "gpt-4o"`: the keys set here are known.
            value = {}
        return self._mutated(value, bindings, base, e, same_scope, owner, ptr, spans, depth)

    def _mutated(self, value: Any, bindings: list[Any], base: Any, e: Ref, same_scope: bool, owner: int,
                 ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:  # fmt: skip
        """`value` with the changes made to the name after `base` and before the use `e`
        (items set, appended, merged)."""
        for b in bindings:
            if b.kind in BASE_KINDS or (same_scope and b.pos > e.pos):
                continue
            if b.pos < base.pos:
                continue
            value = self._mutate(value, b, owner, ptr, spans, depth)
        return value

    def _injected(self, default: Any, annotation: Any, value: Any, scope: int, ptr: Pointer, depth: int) -> Any:
        """A parameter typed with an SDK client class whose default is a framework's injection
        marker (FastAPI `client: AsyncOpenAI = Depends(get_client)`): the client the marker's
        factory returns when this code shows it (`get_client` builds it for Groq: the calls go to
        Groq), else a client of the annotated class (a lambda factory is not followed)."""
        typed = self._instance_of(annotation, scope, ptr, depth)
        if not isinstance(typed, Sym) or typed.qual is None or typed.qual.startswith("<self:"):
            return value
        if isinstance(default, Call) and default.args and not isinstance(default.args[0], Spread):
            made = self.value(Call(default.args[0], (), (), default.span), ptr, {}, depth + 1)
            # `openai.OpenAI()`: an instance of the annotated class, with its constructor's arguments.
            if isinstance(made, Sym) and not made.path and made.qual in (typed.qual, f"{typed.qual}()"):
                return made
        return typed

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
        if b.kind == "setdefault" and isinstance(value, dict) and b.key is not None and b.key not in value:
            # `kwargs.setdefault("service_tier", "scale")`: a key not set before is sent as given.
            v = self.value(arg, (*ptr, b.key), spans, depth + 1)
            return value if v is UNRESOLVED else {**value, b.key: v}
        if b.kind == "update" and isinstance(value, dict):
            more = self.value(arg, ptr, spans, depth + 1)
            return {**value, **more} if isinstance(more, dict) else value
        return value

    def imported(self, imp: Any, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """An imported name: its value in a file of the scanned tree, else a symbol.
        The spans of a value from another file are in that file (`ElsewhereSpan`): a
        finding about it is reported where it is written."""
        cat = getattr(self.project, "catalogue", None)
        if cat is not None and self._known(cat, imp):
            return Sym(imp.module if imp.name == "*" else f"{imp.module}.{imp.name}")
        alias = cat.frameworks.module_aliases.get(f"{imp.module}.{imp.name}") if cat is not None and not imp.level else None
        if alias is not None:
            return Sym(alias)  # (also in the library's own tree, whose module would be followed)
        reexported = self.reexported(imp)
        if reexported is not None:
            return Sym(reexported)
        key = (id(self.model), 0, "<import>" + imp.local)
        if self.project is not None and key not in self._active:  # in the set: an import cycle
            if depth < MAX_DEPTH - 4:
                self._active.add(key)
                try:
                    value = self._elsewhere(lambda: self.project.exported(self.model, imp, depth), ptr, depth, spans,
                                            _NOT_FOUND)  # fmt: skip
                    if value is not _NOT_FOUND:
                        return value
                finally:
                    self._active.discard(key)
            elif self.project.source(self.model, imp)[0] is not None:
                source = "." * imp.level + imp.module
                self._stop(None, f"`{imp.name}` imported from `{source}`: a chain of imports longer than followed", ptr)
        qual = imp.module if imp.name == "*" else f"{imp.module}.{imp.name}"
        if imp.level:
            qual = "." * imp.level + qual
        return Sym(qual)

    def _star(self, name: str, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """A name this file holds through `from .values import *`: its value in the file of
        the scanned tree that defines it (else unresolved, as a name nothing binds)."""
        key = (id(self.model), 0, "<import>" + name)
        if self.project is None or key in self._active or depth >= MAX_DEPTH - 4:
            return UNRESOLVED
        self._active.add(key)
        try:
            return self._elsewhere(lambda: self.project.star_imported(self.model, name, depth), ptr, depth, spans)
        finally:
            self._active.discard(key)

    @staticmethod
    def _known(cat: Any, imp: Any) -> bool:
        """An absolute import of a name (or module) the catalogue describes: its meaning
        comes from the catalogue, not from a copy of that library in the scanned tree."""
        if imp.level:
            return False
        if imp.name == "*":
            return imp.module in cat.known_modules
        return f"{imp.module}.{imp.name}" in cat.known_names


def _argument(call: Any, name: str, key: str | None) -> Any:
    """The argument a call passes for parameter `name` (at position `key`), or None."""
    arg = next((v for k, v in call.kwargs if k == name), None)
    if arg is None and key is not None and key.isdigit():
        index = int(key)
        if index < len(call.args) and not any(isinstance(a, Spread) for a in call.args[: index + 1]):
            arg = call.args[index]
    return arg
