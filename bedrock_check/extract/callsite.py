"""The language-neutral call-site form the Python and JS/TS front-ends produce.

A front-end turns one file into a `FileModel`: its imports, its bindings (assignments,
augmented assignments, `.append/.extend/.push`, `d[k] = v`, attribute and `self.x`/
`this.x` stores, class fields, parameters with their defaults, function returns), its
calls and its object literals, each with a `Span`. Expressions are lowered lazily into
the small `Expr` vocabulary below only when the resolver reaches them, so a big file
costs one syntax walk plus the values that a call site actually needs.

The resolver (`resolve/`) is the only code that computes values from these records;
the questions asked of a call (which SDK method, which provider, which request body)
live in `sites/` and the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any

from bedrock_check.extract.common import SourceText
from bedrock_check.findings import Span
from bedrock_check.quickclass import dataclass

# ------------------------------------------------------------------ expressions


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal: str, int, float, bool or None."""

    value: Any
    span: Span


@dataclass(frozen=True, slots=True)
class Ref:
    """A name used at `pos` (line, column) inside scope `scope`."""

    name: str
    scope: int
    pos: tuple[int, int]
    span: Span


@dataclass(frozen=True, slots=True)
class Attr:
    """`obj.name` (also `obj?.name`)."""

    obj: Expr
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Index:
    """`obj[key]`."""

    obj: Expr
    key: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Spread:
    """`*x` / `**x` / `...x` inside a list, dict, object or call."""

    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """A call or `new`: positional arguments (maybe `Spread`), keyword arguments
    (name None: `**kwargs`)."""

    func: Expr
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str | None, Expr], ...]
    span: Span
    new: bool = False


@dataclass(frozen=True, slots=True)
class Obj:
    """A dict or object literal; a key of None is a spread (`**a`, `...a`)."""

    entries: tuple[tuple[Expr | None, Expr], ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Arr:
    """A list, tuple, set or array literal (items may be `Spread`)."""

    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Alt:
    """Several possible values: `x if c else y`, `c ? x : y`, `a or b`, `a ?? b`."""

    options: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Add:
    """`a + b` (lists concatenate, strings join)."""

    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Comp:
    """A comprehension or `.map(...)`: its element expression stands for every item."""

    elt: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Each:
    """Any item of an iterable: a loop's variable (`for t in NAMES`), a comprehension's, a
    `.map` callback's parameter. Every item is a value the name takes in turn."""

    iterable: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Unknown:
    """Something the resolver cannot compute (an f-string, arithmetic, a lambda)."""

    span: Span


Expr = Lit | Ref | Attr | Index | Spread | Call | Obj | Arr | Alt | Add | Comp | Each | Unknown

# ------------------------------------------------------------------ statements


@dataclass(frozen=True, slots=True)
class Import:
    """`local` names `name` of `module` (`*` a whole module/namespace; `default` a JS
    default export). `level` counts the leading dots of a Python relative import."""

    local: str
    module: str
    name: str
    level: int = 0


@dataclass(slots=True)
class Binding:
    """A value given to a name (or a mutation of it) at `pos` in a scope.

    kind: `assign`; `param` (raw is the default, or None); `append`, `extend` (also
    `+=`), `update` (also `|=`), `setitem` (`key` set), `setdefault` (`key` set only when
    absent: Python's `d.setdefault(key, value)`); `func` (a def; `func` set)."""

    kind: str
    pos: tuple[int, int]
    raw: Any
    key: str | None = None
    func: FuncInfo | None = None
    #: A parameter's type annotation as written (Python), or None.
    annotation: Any = None
    #: The `if`/`else` branches the binding is written in, outermost first: (the `if`'s id,
    #: 0 for its body, 1 for its `else`). Two assignments in different branches of one `if`
    #: are each the value after it (`if long: model = "a" else: model = "b"`).
    branch: tuple[tuple[int, int], ...] = ()
    #: A key set (`setitem`, `setdefault`) under a condition, in a loop, a `match` case or a
    #: `try` block: it holds on some paths only. None where the front end does not tell (the
    #: JS/TS and Go walks): such a key is not taken to hold on every path.
    nested: bool | None = None


@dataclass(slots=True)
class FuncInfo:
    """A function or method: its own scope, and the raw expressions it returns."""

    name: str
    scope: int
    returns: list[Any] = field(default_factory=list)
    cls: str | None = None
    #: A property read without a call (Python `@property`, a TypeScript `get` accessor): the
    #: attribute's value is what it returns.
    getter: bool = False


@dataclass(slots=True)
class ClassInfo:
    """A class: fields (class-level assignments, dataclass fields with defaults, and
    `self.x = ...`/`this.x = ...` stores in its methods) and methods."""

    name: str
    scope: int
    fields: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)  # name -> [(raw, scope)]
    methods: dict[str, FuncInfo] = field(default_factory=dict)
    #: The names of its base classes as written (`class OpenAIModel(ApiModel)`, `extends Base`).
    bases: list[str] = field(default_factory=list)
    #: Its annotated class-level names in order (`model: str`, `tier: str = "x"`): the fields a
    #: dataclass, pydantic model or NamedTuple takes by position when it is built. Python only.
    declared: list[str] = field(default_factory=list)
    #: Its fields declared with a type and no value (`config: EmbedConfig` of a dataclass): the
    #: annotation, as written, by name. Python only.
    typed: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Scope:
    """A module, function or class body."""

    parent: int | None
    kind: str  # module, function, class
    cls: str | None = None  # the class whose method this is (for `self`/`this`)


@dataclass(slots=True)
class CallSite:
    """A call as written: its raw node (lowered on demand), scope and span."""

    raw: Any
    scope: int
    span: Span
    #: The callee's attribute chain as written (`client.responses.create`), for
    #: cheap filtering before any resolution.
    chain: tuple[str, ...]
    #: The callee's raw node (lowered alone when the arguments are not needed).
    func_raw: Any = None


# (`CONFIG_KEYS`, `config_key`, `model_string`: shared with the config-file readers, see `extract.common`.)


# (Compared and hashed by identity: a symbolic value keeps the file it came from, and such a
# value may be a set member or a dict key, `{"type": helper()}` tested against event types.)
@dataclass(slots=True, eq=False)
class FileModel:
    """Everything the resolver needs from one file."""

    path: str
    lang: str  # python, javascript
    src: SourceText
    lower: Callable[[Any, int], Expr]
    scopes: list[Scope] = field(default_factory=list)
    imports: dict[str, Import] = field(default_factory=dict)
    bindings: dict[tuple[int, str], list[Binding]] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    calls: list[CallSite] = field(default_factory=list)
    #: Object/dict literals with a string `type` entry (hosted-tool candidates), with scope
    #: and that `type` as written (None when a spread or a second `type` key may change it).
    typed_literals: list[tuple[Any, int, str | None]] = field(default_factory=list)
    #: The typed literals written as a comparison's operand (`assert kwargs["tools"] == [{"type":
    #: "web_search_preview"}]`): an expectation about a request, not one (by node identity).
    compared: set[int] = field(default_factory=set)
    #: Object/dict literals with a string key of `CONFIG_KEYS` (client-config candidates:
    #: `{"provider": "openai", "config": {...}}`), with scope.
    config_literals: list[tuple[Any, int]] = field(default_factory=list)
    #: Object/dict literals with a key only a realtime session has (`input_audio_transcription`),
    #: with scope (see `extract.sessions`).
    session_literals: list[tuple[Any, int]] = field(default_factory=list)
    #: Object/dict literals with `custom_id` and `body` keys (a Batch API input line built in code,
    #: `{"custom_id": ..., "method": "POST", "url": "/v1/chat/completions", "body": {...}}`), with
    #: scope (see `sites.literals`).
    batch_lines: list[tuple[Any, int]] = field(default_factory=list)
    #: Provider-prefixed model strings written as a value (an assignment, a default, a dict
    #: value, an argument), not as a list item, a key, a comparison operand or an index.
    model_strings: list[tuple[str, Span]] = field(default_factory=list)
    #: Multi-line string literals that may hold a config file's text (a YAML template
    #: written to the user's config at first run), as (text, span). Python only.
    text_blocks: list[tuple[str, Span]] = field(default_factory=list)
    #: A picker's options naming a type (`{label: "Web Search", name: "web_search_preview"}`):
    #: the `name`/`value`/`id` string of an object literal beside a `label`, `description` or
    #: `title`, as (value, span); and whether the file builds an object whose `type` is not a
    #: literal (`{type: tool}`), as a tool built from such a name is.
    named_options: list[tuple[str, Span]] = field(default_factory=list)
    #: Values written under a model-named key or property (`{model: "gpt-4o"}`, `{customModelName: m
    #: || "gpt-3.5-turbo"}`, `settings.caption.multimodal_model = "gpt-4-turbo"`), with scope; not
    #: an item of a list of objects or a row of a table (see `jsnodes.model_entries`). JS/TS only.
    model_entries: list[tuple[Any, int]] = field(default_factory=list)
    dynamic_types: bool = False
    #: Object/dict literals whose `type` is a plain name (`{"type": media_type}`), with scope: a
    #: content part whose kind the app's code chose (see `sites.literals`).
    named_types: list[tuple[Any, int]] = field(default_factory=list)
    #: Object/dict literals whose `type` is looked up in a map (`{"type": TOOL_TYPES[name]}`),
    #: with scope: a tool of each type the map holds (see `sites.literals`).
    looked_up_types: list[tuple[Any, int]] = field(default_factory=list)
    #: String members of enum classes, as (class, value, span), and the classes used as the type
    #: of a `type` field (`type: ToolType`, `{"type": ToolType.X}`, `type=ToolType.X`): an enum
    #: of the hosted tools an Assistants tool list is built from.
    enum_members: list[tuple[str, str, Span]] = field(default_factory=list)
    type_enums: set[str] = field(default_factory=set)
    #: Branches taken only when a name equals a string (`if model_name == "text-embedding-ada-002":`),
    #: as (scope, name, value, span of the string, first and last line of the branch). Python only.
    narrowed: list[tuple[int, str, str, Span, int, int]] = field(default_factory=list)
    #: Member chains passed or bound as a value, not called where written
    #: (`retry(client.chat.completions.create, **kw)`, `completion = client.chat.completions.create`).
    references: list[CallSite] = field(default_factory=list)
    #: String literals holding `://` (URLs), as (value, span).
    urls: list[tuple[str, Span]] = field(default_factory=list)
    #: Strings written like an endpoint's API path without a base URL (`"v1/chat/completions"`),
    #: as (value, span, the names around it: its table, enum or class, the values beside it,
    #: whether it is one item of a list, tuple, set or array whose items are all path strings:
    #: a route table, `openai_routes = ["/v1/chat/completions", "/v1/embeddings"]`; an object's
    #: property, `{ChatPath: "v1/chat/completions"}`, is not one).
    paths: list[tuple[str, Span, tuple[str, ...], bool]] = field(default_factory=list)
    #: Named settings with a default written in code that no call records: a settings
    #: class field (pydantic `BaseSettings`), `process.env.X ?? d`, a zod `key: z.string().default(d)`,
    #: as (name, raw default, scope). Environment reads and command-line options are calls.
    named_defaults: list[tuple[str, Any, int]] = field(default_factory=list)
    #: Strings joined from parts around an Azure OpenAI deployment segment
    #: (`` `openai/deployments/${model}/chat/completions` ``, an f-string), as (raw node, scope).
    deployment_urls: list[tuple[Any, int]] = field(default_factory=list)
    #: Settings declared as an object of a settings schema, a UI node's inputs (`{name:
    #: "modelName", type: "options", default: "gpt-4o-mini"}`), as (the name, raw default, scope).
    declared_defaults: list[tuple[str, Any, int]] = field(default_factory=list)
    #: Attribute stores on a name other than `self` (`interpreter.llm.model = "gpt-4o"`), as
    #: (chain as written, raw value, scope, span of the value). Python only.
    attr_stores: list[tuple[tuple[str, ...], Any, int, Span]] = field(default_factory=list)
    #: `for` loops over a name: (the loop variable, raw iterable, scope, first and last line of
    #: the body). Python only.
    loops: list[tuple[str, Any, int, int, int]] = field(default_factory=list)
    #: JS `export { a as b } from "./x"` and `export * from "./x"`: exported name -> Import.
    reexports: dict[str, Import] = field(default_factory=dict)
    star_reexports: list[str] = field(default_factory=list)
    #: Python `from .values import *`: modules whose public names this file's module scope
    #: holds (and hands on to a file that imports them from here).
    star_imports: list[Import] = field(default_factory=list)
    #: JS `export default <expr>` (raw), module scope.
    default_export: Any = None
    #: The file's real location on disk (for following imports), when known.
    origin: str | None = None
    #: The parser recovered from a syntax error somewhere in the file.
    has_error: bool = False
    #: Stripped lines already given as snippets, by line number.
    _snippets: dict[int, str] = field(default_factory=dict)
    #: `<func:...>` symbol -> its function (built by the resolver on first use).
    functions: dict[str, FuncInfo] | None = None
    #: Indexes the resolver builds on first use (functions by id and by scope, calls by
    #: callee name), kept with the file so every resolver of it shares them.
    memo: dict[str, Any] = field(default_factory=dict)
    #: What a call node's positional argument (raw call, scope, index) lowers to, when that is
    #: a name (its `Ref`), a call ("call") or a string joined from parts ("join"), without
    #: lowering the rest; None for anything
    #: else, no such argument, or a node that does not lower to a `Call` (see the front-ends).
    argument: Callable[[Any, int, int], Ref | str | None] | None = None

    def bind(self, scope: int, name: str, binding: Binding) -> None:
        """Record a binding of `name` in `scope`."""
        self.bindings.setdefault((scope, name), []).append(binding)

    def new_scope(self, parent: int | None, kind: str, cls: str | None = None) -> int:
        """Open a scope and return its id."""
        self.scopes.append(Scope(parent, kind, cls))
        return len(self.scopes) - 1

    def class_of(self, scope: int) -> str | None:
        """The class whose body or method `scope` is in (a closure inside a method too), else None."""
        s: int | None = scope
        while s is not None:
            info = self.scopes[s]
            if info.cls:
                return info.cls
            s = info.parent
        return None

    def class_at(self, span: Span) -> str | None:
        """The class whose body or method holds the call written at `span`, else None."""
        index: dict[Span, int] | None = self.memo.get("call_scopes")
        if index is None:
            index = self.memo["call_scopes"] = {site.span: site.scope for site in self.calls}
        scope = index.get(span)
        return self.class_of(scope) if scope is not None else None

    def kept(self, raw: Any) -> bool:
        """Whether a raw node is assigned to a name, an attribute or a field (`lm = Model(...)`,
        `self.outline_lm = Model(...)`): an object the code keeps under a role's name."""
        ids: set[int] | None = self.memo.get("kept")
        if ids is None:
            ids = {id(b.raw) for bs in self.bindings.values() for b in bs if b.kind == "assign" and b.raw is not None}
            ids.update(id(raw) for info in self.classes.values() for stores in info.fields.values() for raw, _ in stores)
            ids.update(id(store[1]) for store in self.attr_stores)
            self.memo["kept"] = ids
        return id(raw) in ids

    def snippet(self, line: int) -> str:
        """The stripped source text of a line (stripped once: every observation on a long
        line shares the one copy)."""
        done = self._snippets.get(line)
        if done is None:
            done = self._snippets[line] = (self.src.line(line) or "").strip()
        return done
