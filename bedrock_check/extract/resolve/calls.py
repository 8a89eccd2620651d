"""Values of calls: constructors and factories (symbols), the returns of the file's own
functions, `dict(...)`, copies, serialisers and URL joins, and `.get(key, default)`."""

from __future__ import annotations

import json
import re
from typing import Any

from bedrock_check.extract.callsite import (
    Attr,
    Call,
    Expr,
    Index,
    Lit,
    Ref,
)
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve.base import ResolverBase
from bedrock_check.extract.resolve.containers import from_pairs
from bedrock_check.extract.resolve.values import (
    _COPIES,
    _ENV_READERS,
    _FIELD_DEFAULTS,
    _NOT_A_GET,
    _PARSERS,
    _SERIALISERS,
    _URL_JOINS,
    EnvVar,
    Sym,
    _moved,
    _rehome,
    _require,
    holds_nothing,
)
from bedrock_check.findings import Pointer, Span

#: The keyword an environment reader takes its default under (`os.environ.get(k, default=...)`,
#: an app's `getenv("X", default_value="gpt-4o")`).
_DEFAULT_KEYWORDS = frozenset({"default", "default_value", "fallback"})
#: Calls that give one item of the list they are handed, picked at run time
#: (`random.choice(["gpt-3.5-turbo", "gpt-3.5-turbo-16k"])` spreads requests over models).
_CHOOSERS = frozenset({"random.choice", "secrets.choice", "numpy.random.choice"})


def _env_helper(e: Call) -> bool:
    """Whether a call is an application's own environment reader given a variable's name
    (`getenv("OPENAI_MODEL", ...)`, `get_env("X")`, `env("X", default=...)`): the callee's name
    is one the catalogue lists and the first argument is an environment variable's name."""
    func = e.func
    name = func.name if isinstance(func, (Ref, Attr)) else None
    first = e.args[0]
    if name is None or not isinstance(first, Lit) or not isinstance(first.value, str):
        return False
    from bedrock_check.catalogue import shipped_catalogue

    spec = shipped_catalogue().frameworks.setting_defaults
    return spec is not None and spec.env_helper(name) and spec.env_variable(first.value)


#: String methods that trim a value's ends (Python and JS): the value is still the string it was.
_TRIMS = frozenset({"strip", "rstrip", "lstrip", "removesuffix", "removeprefix", "trim", "trimEnd", "trimStart"})


class Calls(ResolverBase):
    """Values of calls and function returns."""

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

    def _trimmed(self, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """A string trimmed of its ends (`base_url.rstrip("/")`, `url.trim()`): a base URL
        tidied before a path is joined to it is still that URL."""
        assert isinstance(e.func, Attr)
        chars = e.args[0].value if e.args and isinstance(e.args[0], Lit) else None
        if e.args and not isinstance(chars, str):
            return UNRESOLVED
        value = self.value(e.func.obj, ptr, spans, depth + 1)
        if isinstance(value, EnvVar):
            return value  # (`os.getenv("OPENAI_BASE_URL").rstrip("/")`: still that setting)
        if not isinstance(value, str):
            return UNRESOLVED
        name = e.func.name
        if name == "removesuffix":
            return value.removesuffix(chars) if chars else value
        if name == "removeprefix":
            return value.removeprefix(chars) if chars else value
        if name in ("rstrip", "trimEnd"):
            return value.rstrip(chars)
        if name in ("lstrip", "trimStart"):
            return value.lstrip(chars)
        return value.strip(chars)

    def _picker(self, qual: str) -> Any:
        """The catalogue's UI picker called as `qual`, if it is one."""
        from bedrock_check.catalogue import shipped_catalogue

        return (getattr(self.project, "catalogue", None) or shipped_catalogue()).pickers.get(qual)

    def _picked(self, picker: Any, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """A picker's default: its default value when given, else the option at its default
        index (the first), written where that option is; unknown when it has none (a Gradio
        dropdown without `value=` starts empty)."""
        kwargs = {k: v for k, v in e.kwargs if k is not None}
        if picker.value_keyword in kwargs:
            return self.value(kwargs[picker.value_keyword], ptr, spans, depth + 1)
        if picker.index_keyword is None:
            return UNRESOLVED
        options = kwargs.get(picker.options_keyword)
        if options is None and len(e.args) > picker.options_position:
            options = e.args[picker.options_position]
        index = kwargs.get(picker.index_keyword)
        at = index.value if isinstance(index, Lit) else 0 if index is None else None
        if options is None or not isinstance(at, int) or isinstance(at, bool):
            return UNRESOLVED
        sub: dict[Pointer, Span] = {}
        found = self.value(options, ptr, sub, depth + 1)
        if not isinstance(found, list) or not 0 <= at < len(found):
            return UNRESOLVED
        spans.pop(ptr, None)
        spans.update(_moved(sub, (*ptr, at), ptr))
        return found[at]

    def _chosen(self, options: Expr, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """An item picked at run time from a list (`random.choice(MODELS)`): each item is a
        value it can be, as each branch of a conditional is (the first is the value, the
        others its alternates), each written where the list holds it."""
        sub: dict[Pointer, Span] = {}
        found = self.value(options, ptr, sub, depth + 1)
        if not isinstance(found, list) or not found:
            return UNRESOLVED
        spans.pop(ptr, None)
        spans.update(_moved(sub, (*ptr, 0), ptr))
        if self.alternates is not None:
            self.alternates.extend((ptr, item, _moved(sub, (*ptr, i), ptr)) for i, item in enumerate(found) if i)
        return found[0]

    def call(self, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """The value of a call: a function's return, `dict(...)`, `Object.assign(...)`,
        a copy of its argument, or a symbol for what it constructs."""
        if self.known:
            named = self.qualify(e.func)
            if named is not None and named.dotted in self.known:
                return Sym(named.dotted + "()", (), e, self.model)
        if isinstance(e.func, Attr) and e.func.name in ("get", "pop") and e.args:
            got = self._get(e, ptr, spans, depth)
            if got is not _NOT_A_GET:
                return got
            if e.func.name == "get" and len(e.args) == 1 and not e.kwargs and isinstance(e.args[0], Lit):
                stored = self._stored(e, ptr, spans, depth)
                if stored is not UNRESOLVED:
                    return stored
        if e.args and _env_helper(e):
            # `getenv("OPENAI_MODEL", "gpt-4o")` through the app's own helper (`from Globals import
            # getenv`, `config.get_env(...)`): an environment read with a default, as `os.getenv` is.
            return self._env_read(e, ptr, spans, depth)
        func = self._part(e.func, ptr, depth)
        if func is UNRESOLVED and isinstance(e.func, Index):
            func = self._part(e.func.obj, ptr, depth)  # `Agent[Deps, Out](...)`: a generic class
            func = func if isinstance(func, Sym) else UNRESOLVED
        if not isinstance(func, Sym):
            if isinstance(e.func, Attr) and e.func.name in _COPIES and not e.args:
                return self.value(e.func.obj, ptr, spans, depth + 1)
            if isinstance(e.func, Attr) and e.func.name in _TRIMS and len(e.args) <= 1:
                return self._trimmed(e, ptr, spans, depth)
            return UNRESOLVED
        qual = func.dotted
        if func.qual and func.qual.startswith("<func:") and not func.path:
            return self._returns(func, ptr, spans, depth, e)
        if func.qual and func.qual.startswith("<class:") and not func.path:
            return Sym(f"<self:{func.qual[7:-1]}>", model=func.model, built=e, built_in=self.model)
        picker = self._picker(qual)
        if picker is not None:
            return self._picked(picker, e, ptr, spans, depth)
        if qual in _CHOOSERS and len(e.args) == 1 and not e.kwargs:
            return self._chosen(e.args[0], ptr, spans, depth)
        # (The SDK's request parameter types, `openai.types.beta.assistant_update_params.ToolResources(...)`,
        # are the dict of their keywords, as their `...Param` TypedDicts are; not its models.)
        if qual in ("dict", "builtins.dict") or qual.endswith(("Param", "TypedDict")) or (
                qual.startswith("openai.types.") and "_params." in qual):  # fmt: skip
            out: dict[str, Any] = {}
            for arg in e.args:
                more = self.value(arg, ptr, spans, depth + 1)
                if isinstance(more, list):
                    more = from_pairs(more, ptr, spans)  # `dict([("background", True)])`
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
        if qual == "Object.fromEntries" and len(e.args) == 1:
            # `Object.fromEntries([["background", true]])`: the object its entries say (entries the
            # code does not show, `Object.fromEntries(map)`, are read as any other call's value).
            sub: dict[Pointer, Span] = {}
            pairs = from_pairs(self.value(e.args[0], ptr, sub, depth + 1), ptr, sub)
            if pairs is not None:
                for p, sp in sub.items():
                    spans.setdefault(p, sp)
                return pairs
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
            if default is None and e.args and qual.startswith(("pydantic", "sqlmodel", "fastapi")):
                default = e.args[0]
            if default is None:
                return UNRESOLVED
            spans.pop(ptr, None)  # the value is written at the default, not at `Field(`
            return self.value(default, ptr, spans, depth + 1)
        if qual in _ENV_READERS or qual == "os.environ.get":
            return self._env_read(e, ptr, spans, depth)
        if func.path and func.path[-1] in _COPIES and isinstance(e.func, Attr):
            return self.value(e.func.obj, ptr, spans, depth + 1)
        if func.path and func.path[-1] in _TRIMS and isinstance(e.func, Attr) and len(e.args) <= 1:
            return self._trimmed(e, ptr, spans, depth)
        if qual == "require" and e.args:
            mod = self._part(e.args[0], ptr, depth)
            if isinstance(mod, str):
                found = self._ask(lambda: self.project.exported(self.model, _require(mod), depth), ptr) \
                    if self.project is not None else None  # fmt: skip
                return Sym(mod) if found is None else UNRESOLVED
        if func.call is not None and len(func.path) == 1 and (func.qual or "").endswith("()"):
            # `mastra.getAgent("support")`: what the object's options hold under that key.
            key = self._part(e.args[0], ptr, depth) if e.args else None
            held = self.held(Sym(func.qual, (), func.call, func.model), "method", func.path[0], key, depth)
            if held is not UNRESOLVED:
                return held
        return Sym(qual + "()", (), e, self.model)

    def held(self, obj: Sym, kind: str, name: str, key: Any, depth: int) -> Any:
        """What an object built by a framework's constructor gives back of its options (the
        catalogue's `held_options`): by an attribute (`kind` "attribute") or by a method given
        a key (`kind` "method", `key` its first argument); UNRESOLVED for any other."""
        from bedrock_check.catalogue import shipped_catalogue

        qual = (obj.qual or "")[:-2]
        cat = getattr(self.project, "catalogue", None) or shipped_catalogue()
        spec = next((h for h in cat.frameworks.held_options if qual in h.object and getattr(h, kind) == name), None)
        if spec is None or obj.call is None or not obj.call.args:
            return UNRESOLVED
        # (The options are read in the file the object is built in.)
        options: Any = self._for(obj.model or self.model).value(obj.call.args[0], (), {}, depth + 1)
        for part in spec.option.split("."):
            options = options.get(part, UNRESOLVED) if isinstance(options, dict) else UNRESOLVED
        if kind == "method":
            return options.get(key, UNRESOLVED) if isinstance(options, dict) and isinstance(key, str) else UNRESOLVED
        return options

    def _env_read(self, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """An environment variable read with a default (`os.getenv("MODEL", "gpt-4o")`)."""
        name = self._part(e.args[0], ptr, depth) if e.args else None
        default = e.args[1] if len(e.args) > 1 else next((v for k, v in e.kwargs if k in _DEFAULT_KEYWORDS), None)
        written = self._part(default, ptr, depth) if isinstance(default, Lit) else None
        if default is not None and self.alternates is not None:
            # `os.getenv("MODEL", "gpt-4o")`: the default is sent whenever the variable is unset.
            sub: dict[Pointer, Span] = {}
            v = self.value(default, ptr, sub, depth + 1)
            if v is not UNRESOLVED and v is not None:
                self.alternates.append((ptr, v, sub))
        return EnvVar(name, written if isinstance(written, str) else None) if isinstance(name, str) else UNRESOLVED

    def _get(self, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """`options.get("model", "gpt-4o")` on a mapping: the key's value when the mapping is
        known and holds it, else the default (what is sent when the caller gives none; a
        mapping that is None here is the `config or {}` of a parameter left out)."""
        default = e.args[1] if len(e.args) > 1 else next((v for k, v in e.kwargs if k == "default"), None)
        where: dict[Pointer, Span] = {}
        base = self._part(e.func.obj, ptr, depth, where=where) if isinstance(e.func, Attr) else UNRESOLVED
        if not isinstance(e.args[0], Lit):
            return self._get_any(e, base, where, default, ptr, spans, depth)
        key = e.args[0].value
        if not isinstance(key, str) or not (isinstance(base, dict) or base is UNRESOLVED or base is None):
            return _NOT_A_GET  # `os.environ.get(...)`, `requests.get(url)`: a call like any other
        if isinstance(base, dict) and key in base:
            spans.pop(ptr, None)
            spans.update(_moved(where, (key,), ptr))
            return base[key]
        if default is None or (base is UNRESOLVED and isinstance(e.func, Attr) and self.forwarded(e.func.obj)):
            return UNRESOLVED
        spans.pop(ptr, None)
        return self.value(default, ptr, spans, depth + 1)

    def _get_any(self, e: Call, base: Any, where: dict[Pointer, Span], default: Any, ptr: Pointer,
                 spans: dict[Pointer, Span], depth: int) -> Any:  # fmt: skip
        """`MODELS.get(paradigm, "o3")` on a mapping the code shows, with a key known only at run
        time: the default (what is sent for any other key), and each of the mapping's values as
        another branch, each where written (as `MODELS[paradigm]` gives them)."""
        if not isinstance(base, dict) or not base or not isinstance(e.func, Attr) or e.func.name != "get":
            return _NOT_A_GET
        if default is None:
            return self.any_value(base, where, ptr, spans)
        self.any_value(base, where, ptr, {}, every=True)  # (each value another branch)
        spans.pop(ptr, None)
        return self.value(default, ptr, spans, depth + 1)

    def any_value(self, base: dict[Any, Any], where: dict[Pointer, Span], ptr: Pointer, spans: dict[Pointer, Span],
                  every: bool = False) -> Any:  # fmt: skip
        """A mapping's value for a key known only at run time (`TOOL_TYPES[name]`,
        `MODELS.get(name)`): any of its values, each where written; the first is the value and
        the others its alternates (`every`: all of them alternates, the value being another's).
        `where`: the spans of the mapping's entries."""
        choices = [(k, v) for k, v in base.items() if v is not UNRESOLVED and v is not None]
        if not choices:
            return UNRESOLVED
        self.entries.update(sp for k, _ in choices if (sp := where.get((k,))) is not None)
        if self.alternates is not None:
            self.alternates.extend((ptr, v, _moved(where, (k,), ptr)) for k, v in choices[0 if every else 1 :])
        spans.pop(ptr, None)
        spans.update(_moved(where, (choices[0][0],), ptr))
        return choices[0][1]

    def _stored(self, e: Call, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """`cl.user_session.get("settings")` on a store of a library (a web framework's session):
        the value this file stores there under that key, `cl.user_session.set("settings", settings)`
        in another handler (Chainlit's chat-start handler builds the request settings that its
        message handler spreads into `chat.completions.create(**settings)`). One `set` of the key
        in the file, on the same store written the same way; else unknown."""
        assert isinstance(e.func, Attr) and isinstance(e.args[0], Lit)
        store = _chain(e.func.obj)
        if store is None or not isinstance(self._part(e.func.obj, ptr, depth), Sym):
            return UNRESOLVED
        memo = self.model.memo.setdefault("stored", {})
        if (store, e.args[0].value) not in memo:
            found = []
            for site in self.model.calls:
                if site.chain == (*store, "set"):
                    call = self.model.lower(site.raw, site.scope)
                    if (isinstance(call, Call) and len(call.args) == 2 and isinstance(call.args[0], Lit)
                            and call.args[0].value == e.args[0].value):  # fmt: skip
                        found.append(call.args[1])
            memo[(store, e.args[0].value)] = found[0] if len(found) == 1 else None
        value = memo[(store, e.args[0].value)]
        return UNRESOLVED if value is None else self.value(value, ptr, spans, depth + 1)

    def forwarded(self, e: Expr) -> bool:
        """Whether `e` is a parameter its function hands on whole (`**kwargs`): a wrapper that
        reads the caller's arguments (`kwargs.get("model", "gpt-4o")` to name a span) and
        calls `wrapped(*args, **kwargs)` sends what the caller gave, never its own default."""
        if not isinstance(e, Ref) or not self.is_parameter(e):
            return False
        memo = self.model.memo.setdefault("forwarded", {})
        key = (e.scope, e.name)
        if key not in memo:
            spread = re.compile(rf"\*\*\s*{re.escape(e.name)}\b")
            lines = self.model.src.lines
            memo[key] = any(spread.search("\n".join(lines[c.span.line - 1 : c.span.end_line]))
                            for c in self.model.calls if c.scope == e.scope)  # fmt: skip
        return bool(memo[key])

    def is_parameter(self, e: Expr) -> bool:
        """Whether `e` names a parameter of the function it is used in (its value is the
        caller's, whatever its default)."""
        if not isinstance(e, Ref):
            return False
        found = self.lookup(e.name, e.scope, e.pos)
        return found is not None and found[1] == e.scope and all(b.kind == "param" for b in found[0])

    def is_var_keyword(self, e: Expr) -> bool:
        """Whether `e` names the `**kwargs` parameter of the function it is used in."""
        if not isinstance(e, Ref):
            return False
        found = self.lookup(e.name, e.scope, e.pos)
        return found is not None and found[1] == e.scope and any(b.kind == "param" and b.key == "**" for b in found[0])

    def returns(self, func: Any, ptr: Pointer, spans: dict[Pointer, Span]) -> Any:
        """What a function passed as a value returns (`prompt=make_prompt`: the SDK calls
        it), or the value itself when it is not a function of the scanned code."""
        if isinstance(func, Sym) and func.qual and func.qual.startswith("<func:") and not func.path:
            return self._returns(func, ptr, spans, 0)
        return func

    def _returns(self, func: Sym, ptr: Pointer, spans: dict[Pointer, Span], depth: int, at: Call | None = None) -> Any:
        info = self.function(func)
        if info is None:
            return UNRESOLVED
        model = func.model or self.model
        sub = self._for(model)
        key = (id(model), info.scope, "<return>")
        if key in self._active:
            return UNRESOLVED
        self._active.add(key)
        pinned = self.pinned
        before = pinned.get(info.scope)
        if at is not None and model is self.model and (at.args or at.kwargs):
            pinned[info.scope] = at  # (a function of this file: its arguments are written here)
        if sub is not self and self.alternates is not None:
            sub.alternates = []  # the other file's branches reach this use too
        try:
            found: Any = UNRESOLVED
            nothing = False
            empty: tuple[Any, dict[Pointer, Span]] | None = None
            for raw in info.returns:
                if found is not UNRESOLVED and self.alternates is None:
                    break  # (nobody asks for the other values)
                part: dict[Pointer, Span] = {}
                v = sub.value(sub.expr(raw, info.scope), ptr, part, depth + 1)
                if v is UNRESOLVED:
                    continue
                if v is None:  # (an early `return None` sends nothing: a later `return`'s value is checked)
                    nothing = True
                    continue
                if found is UNRESOLVED and holds_nothing(v):
                    empty = empty or (v, part)  # (likewise an early `return { vector_store_ids: [] }`)
                    continue
                if found is not UNRESOLVED:  # (another `return`: a further value, checked as a branch is)
                    # (A client built elsewhere too: `return openrouter_client` ... `return openai_client`.)
                    if self.alternates is not None and (isinstance(v, str) or (isinstance(v, Sym) and v.call is not None)):
                        self.alternates.append((ptr, v, self._returned_spans(model, part, ptr)))
                    continue
                found = self._first_return(v, part, model, sub, ptr, spans)
            if found is UNRESOLVED and empty is not None:
                found = self._first_return(*empty, model, sub, ptr, spans)  # (only empty values were returned)
            return None if found is UNRESOLVED and nothing else found
        finally:
            self._active.discard(key)
            if before is None:
                pinned.pop(info.scope, None)
            else:
                pinned[info.scope] = before

    def _first_return(self, v: Any, part: dict[Pointer, Span], model: Any, sub: Any, ptr: Pointer, spans: dict) -> Any:
        """The value a function returns, its spans and branches adopted at the use at `ptr`."""
        spans.update(self._returned_spans(model, part, ptr))
        if model is self.model:
            return v
        for alt_ptr, alt, alt_spans in sub.alternates or ():
            assert self.alternates is not None
            moved = self._returned_spans(model, alt_spans, ptr)
            self.alternates.append((alt_ptr, self.project.adopt(alt, alt_ptr, moved) if self.project is not None else alt,
                                    moved))  # fmt: skip
        if sub.alternates:
            sub.alternates = []
        return self.project.adopt(v, ptr, spans) if self.project is not None else v

    def _returned_spans(self, model: Any, part: dict[Pointer, Span], ptr: Pointer) -> dict[Pointer, Span]:
        """The spans of a value returned by a function of `model`, as spans of the use at `ptr`."""
        if model is self.model:
            return part
        moved: dict[Pointer, Span] = {}
        _rehome(model, {p[len(ptr):]: sp for p, sp in part.items() if p[: len(ptr)] == ptr}, ptr, moved)
        return moved


def _chain(e: Expr) -> tuple[str, ...] | None:
    """The names of a dotted expression as written (`cl.user_session`), or None for any other."""
    names: list[str] = []
    while isinstance(e, Attr):
        names.append(e.name)
        e = e.obj
    if not isinstance(e, Ref):
        return None
    return (e.name, *reversed(names))
