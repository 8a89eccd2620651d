"""Values of attributes and subscripts: module and object attributes, class fields and
`self.x` stores (through base classes), dict and list items, table rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callers import PARSED_ARGS
from bedrock_check.extract.callsite import (
    Attr,
    Call,
    Index,
    Ref,
    Spread,
)
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve.calls import Calls
from bedrock_check.extract.resolve.values import (
    EnvVar,
    Sym,
    _is_enum,
    _moved,
    _rehome,
)
from bedrock_check.findings import Pointer, Span
from bedrock_check.vocabulary import RUNTIME_ID_FIELDS

#: React's mutable ref hooks: `useRef(initial).current` is the value it was made with
#: (`const clientRef = useRef(new RealtimeClient(...))`, then `clientRef.current.connect()`).
_REF_HOOKS = frozenset({"react.useRef()", "preact/hooks.useRef()"})
#: pydantic's private attribute declarations.
_PRIVATE_ATTRS = frozenset({"pydantic.PrivateAttr", "pydantic.fields.PrivateAttr"})


class Attributes(Calls):
    """Values of attributes, fields and subscripts."""

    if TYPE_CHECKING:  # the resolver's own method (`resolve/names.py`); declared for the type checker only

        def _instance_of(self, annotation: Any, scope: int, ptr: Pointer, depth: int) -> Any: ...

    def _attr(self, e: Attr, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        if isinstance(e.obj, Attr):
            # `self.config.model`, stored as such somewhere in the class (`self.config.model = ...`).
            owner = self._part(e.obj.obj, ptr, depth)
            if isinstance(owner, Sym) and owner.qual and owner.qual.startswith("<self:") and not owner.path:
                stored = self.field(owner.qual[6:-1], f"{e.obj.name}.{e.name}", ptr, spans, depth)
                if stored is not UNRESOLVED:
                    return stored
        row = e.obj if type(e.obj) is Index else self._row(e.obj) if type(e.obj) is Ref and self.alternates is not None else None
        if row is not None and self.alternates is not None:
            found = self._table_field(e.name, row, ptr, spans, depth)
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
            if name == "current" and base.qual in _REF_HOOKS and not base.path and base.call is not None and base.call.args:
                return self.value(base.call.args[0], ptr, spans, depth + 1)
            if base.qual and base.qual.startswith("<self:") and not base.path:
                given = self._constructed(base, name, ptr, spans, depth) if base.built is not None else UNRESOLVED
                if given is not UNRESOLVED:
                    return given
                if base.model is not None and base.model is not self.model:
                    # An instance of a class of another file (`settings = Settings()` imported).
                    held: dict[Pointer, Span] = {}
                    value = self._for(base.model).field(base.qual[6:-1], name, (), held, depth)
                    _rehome(base.model, held, ptr, spans)
                    return value
                return self.field(base.qual[6:-1], name, ptr, spans, depth)
            if base.qual and base.qual.startswith("<module:") and not base.path and base.model is not None:
                model = base.model
                if self.project is None:
                    return UNRESOLVED
                return self._elsewhere(lambda: self.project.lookup(model, name, depth + 1), ptr, depth, spans)
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
            if base.call is not None and not base.path and (base.qual or "").endswith("()"):
                held = self.held(base, "attribute", name, None, depth)  # `agent.voice` of `new Agent({voice})`
                if held is not UNRESOLVED:
                    return held
            return base.attr(name)
        return UNRESOLVED

    def _constructed(self, base: Sym, name: str, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """`sel.model` of `sel = Selection(model="gpt-4o")`, `Selection("gpt-4o")` or a function's
        `return Selection(model=TIERS[tier])`: the argument the call that built the instance
        gives the field, when the class takes its fields as arguments (a dataclass, pydantic
        model or NamedTuple: no `__init__` of its own, its annotated fields in order) or its
        `__init__` stores the parameter as it is (`self.model = model`). UNRESOLVED when the
        call does not give it (the field's default is then read as any field's)."""
        home = base.model or self.model
        info = home.classes.get((base.qual or "")[6:-1])
        call, built_in = base.built, base.built_in
        if info is None or call is None or built_in is None:
            return UNRESOLVED
        keyword, position = name, None
        init = info.methods.get("__init__")
        if init is None:
            if name not in info.declared:
                return UNRESOLVED
            position = info.declared.index(name)
        else:
            stores = [(raw, scope) for raw, scope in info.fields.get(name, ()) if scope == init.scope]
            if len(stores) != 1:
                return UNRESOLVED
            owner = self._for(home)
            stored = owner.expr(*stores[0])
            if not isinstance(stored, Ref):
                return UNRESOLVED  # (`self.model = MODELS[model]`: a value of its own)
            found = owner.lookup(stored.name, stored.scope, stored.pos)
            if found is None or found[1] != init.scope or not all(b.kind == "param" for b in found[0]):
                return UNRESOLVED
            keyword = stored.name
            key = found[0][0].key
            position = int(key) if key is not None and key.isdigit() else None
        arg = next((v for k, v in call.kwargs if k == keyword), None)
        if arg is None and position is not None and position < len(call.args) \
                and not any(isinstance(a, Spread) for a in call.args[: position + 1]):  # fmt: skip
            arg = call.args[position]
        if arg is None:
            return UNRESOLVED
        # (The value is written in the call's arguments, not at the use.)
        use = spans.pop(ptr, None)
        if built_in is self.model:
            value = self.value(arg, ptr, spans, depth + 1)
        else:
            held: dict[Pointer, Span] = {}
            value = self._for(built_in).value(arg, (), held, depth + 1)
            _rehome(built_in, held, ptr, spans)
        if value is UNRESOLVED and use is not None:
            spans[ptr] = use
        return value

    def field(self, cls: str, name: str, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """A class attribute or instance field (`self.model = ...` in any method), of the class
        or, when it has none of that name, of its nearest base class in this file (evaluated
        for an instance of `cls`: a method the base calls on `self` is the subclass's)."""
        info = None
        for owner in self._ancestors(cls):
            candidate = self.model.classes[owner]
            if name in candidate.methods or candidate.fields.get(name) or name in candidate.typed:
                info = candidate
                break
        if info is None:
            return UNRESOLVED
        if name in info.methods:
            method = Sym(f"<func:{id(info.methods[name])}>", model=self.model, scope=info.scope)
            if info.methods[name].getter:
                # `**self.extra` of `@property def extra(self): return {...}`, `...this.params` of
                # `get params() { return {...} }`: read as an attribute, the value is its return.
                # A getter that returns one of several values by a branch (a client per model
                # prefix) is left unresolved, as it was: its first return is no more the value
                # than its last.
                if len(info.methods[name].returns) > 1:
                    return UNRESOLVED
                return self._returns(method, ptr, spans, depth)
            return method
        stores = info.fields.get(name)
        if not stores and name in info.typed:
            # A field declared with a type alone (`config: EmbedConfig` of a dataclass), built
            # where this code cannot see: an instance of that class, read as a typed parameter is.
            return self._instance_of(info.typed[name], info.scope, ptr, depth + 1)
        if not stores:
            return UNRESOLVED
        init = info.methods.get("__init__")
        if init is not None and len(stores) > 1 and any(scope == init.scope for _, scope in stores):
            # (`_model: str = PrivateAttr(default="gpt-4o-mini")` and `self._model = model` in
            # `__init__`: the instance's own value replaces the declared one before any use.)
            stores = [(raw, scope) for raw, scope in stores if not (scope == info.scope and self._private_attr(raw, scope))]
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
                if v is UNRESOLVED and use is not None and ptr and ptr[-1] in RUNTIME_ID_FIELDS:
                    # `this.previousResponseId = streamState.previousResponseId` after a response:
                    # an id the request carries once set, whatever it is (`previous_response_id`).
                    v = Sym(None, (str(ptr[-1]),))
                if isinstance(v, Sym) and (v.call is None or v.path) and use is not None:
                    # A value known only at run time (`self.prev_id = response.id`): what the
                    # request holds is decided where the field is used, not where it is stored.
                    sub = {ptr: use}
                if v is not UNRESOLVED:
                    values.append((v, sub))
            if not values:
                return UNRESOLVED
            # The value is the first store that says what it is (a literal, a construction);
            # the others are further branches (`self.client = A()` here, `= B()` there). A `None`
            # placeholder (`self.client: Optional[RealtimeClient] = None` in `__init__`, the client
            # built in `initialize`) says nothing while another store does.
            said = [i for i, (v, _) in enumerate(values) if not isinstance(v, Sym) or v.call is not None]
            first = next((i for i in said if values[i][0] is not None), None)
            if first is None:
                first = next((i for i, (v, _) in enumerate(values) if v is not None), 0)
            found, sub = values[first]
            spans.update(sub)
            if self.alternates is not None:
                self.alternates.extend((ptr, v, s) for i, (v, s) in enumerate(values) if i != first)
            return found
        finally:
            self._active.discard(key)
            self._instance = saved_instance

    def _private_attr(self, raw: Any, scope: int) -> bool:
        """Whether a class-level store is a pydantic `PrivateAttr(...)` declaration."""
        e = self.expr(raw, scope)
        func = self.qualify(e.func) if isinstance(e, Call) else None
        return func is not None and func.dotted in _PRIVATE_ATTRS

    def _index(self, e: Index, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        row = e.obj if type(e.obj) is Index else self._row(e.obj) if type(e.obj) is Ref and self.alternates is not None else None
        if row is not None and self.alternates is not None:
            name = self._part(e.key, ptr, depth)
            found = self._table_field(name, row, ptr, spans, depth) if isinstance(name, str) else UNRESOLVED
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
            return self.any_value(base, where, ptr, spans)
        if isinstance(base, list) and isinstance(key, int) and -len(base) <= key < len(base):
            # (`MODELS[0]`: the item, where it is written, in another file too.)
            item = key % len(base)
            if (item,) in where:
                spans.pop(ptr, None)
                spans.update(_moved(where, (item,), ptr))
            return base[key]
        return UNRESOLVED

    def _row(self, ref: Ref) -> Index | None:
        """The table row a local holds (`spec = TEAM[name]`, bound once), for `spec["model"]`."""
        found = self.lookup(ref.name, ref.scope, ref.pos)
        if found is None or len(found[0]) != 1 or found[0][0].kind != "assign" or found[0][0].raw is None:
            return None
        value = self.expr(found[0][0].raw, found[1])
        return value if type(value) is Index else None

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
