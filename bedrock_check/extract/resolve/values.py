"""The values the resolver computes besides JSON-like ones (`Sym`, `EnvVar`), the `Stop`
that says where a chain was cut, its limits, and the pure helpers its layers share
(spans moved between pointers and files, enum and union classes, bindings in exclusive
branches)."""

from __future__ import annotations

import posixpath
import urllib.parse
from collections.abc import Callable
from dataclasses import field, replace
from typing import Any

from bedrock_check.extract.callsite import (
    Add,
    Arr,
    Call,
    Expr,
    FileModel,
    Index,
)
from bedrock_check.findings import ElsewhereSpan, Pointer, Span
from bedrock_check.quickclass import dataclass

#: Steps (names, calls, attributes, nesting levels, imports) one value is followed through.
MAX_DEPTH = 24


#: The first levels of a literal's own nesting cost no step: a JSON schema nested deep inside a
#: tool definition is one value written in one place, not a chain (bounded, for the interpreter's stack).
FREE_NESTING = 8


@dataclass(frozen=True, slots=True)
class Stop:
    """A value chain cut before its end: `path` and `line` where it stopped (line None when
    it stopped at a file not parsed), why, and the key of the value it was for (`()` when
    the cut happened in a value no key names, such as the callee or the receiver), and whether
    it is the client a call is made on, wrapped more times than followed (its provider untold)."""

    path: str
    line: int | None
    reason: str
    key: Pointer = ()
    client: bool = False


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
    #: For an instance of a class of the scanned tree (`<self:Cls>`): the call that built it
    #: and the file that call is written in (its arguments are the instance's fields).
    built: Call | None = None
    built_in: FileModel | None = None

    def attr(self, name: str) -> Sym:
        """This value's attribute."""
        return Sym(self.qual, (*self.path, name), self.call, self.model, self.scope)

    @property
    def dotted(self) -> str:
        """`qual.path...`."""
        return ".".join([self.qual or "?", *self.path])


@dataclass(frozen=True, slots=True)
class Lead:
    """A string known only by the provider prefix it starts with (`f"cohere/{name}"`,
    `` `anthropic/${model}` ``): enough to tell the vendor a model string names, not the model."""

    prefix: str


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
        elif sp.use is not None:
            sp = replace(sp, use=None)  # (where the other file names it: not a place in this one)
        spans[tuple(ptr) + tuple(p)] = sp


def used_at(spans: dict[Pointer, Span], ptr: Pointer, where: Span) -> None:
    """Note where this file names the value at `ptr` (`voice: VOICE`) when the value is written
    in another file (`VOICE = "coral"` in a constants module): a finding the key decides, not
    the value, belongs to the request written here (`ElsewhereSpan.use`)."""
    sp = spans.get(ptr)
    if isinstance(sp, ElsewhereSpan) and sp.use is None and not isinstance(where, ElsewhereSpan):
        spans[ptr] = replace(sp, use=where)


def _nesting_cost(ptr: Pointer) -> int:
    """The steps one more level of a literal's nesting costs under `ptr`."""
    return 0 if len(ptr) < FREE_NESTING else 1


def functions_of(model: FileModel) -> list[Any]:
    """Every function and method of a file."""
    found = [b.func for bindings in model.bindings.values() for b in bindings if b.kind == "func" and b.func is not None]
    return found + [m for info in model.classes.values() for m in info.methods.values()]


def function_at(model: FileModel, scope: int) -> Any:
    """The function or method whose body is `scope` (indexed once per file), else None."""
    index = model.memo.get("funcs_by_scope")
    if index is None:
        index = model.memo["funcs_by_scope"] = {info.scope: info for info in functions_of(model)}
    return index.get(scope)


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
BASE_KINDS = frozenset({"assign", "param", "func", "class", "self"})


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
_FIELD_DEFAULTS = frozenset({"pydantic.Field", "pydantic.fields.Field", "pydantic.PrivateAttr", "pydantic.fields.PrivateAttr",
                             "sqlmodel.Field", "dataclasses.field",
                             "attrs.field", "attr.ib", "attr.attrib",
                             # simple_parsing's dataclass field, a command-line option (`field(default="gpt-4o", alias="-m")`).
                             "simple_parsing.field", "simple_parsing.helpers.field",
                             # FastAPI's parameter declarations (`llm_model: str = Query("gpt-4o")`).
                             "fastapi.Query", "fastapi.Body", "fastapi.Form", "fastapi.Header", "fastapi.Cookie",
                             "fastapi.params.Query", "fastapi.params.Body", "fastapi.params.Form"})  # fmt: skip


#: `_get`'s answer for a `.get(...)` that is not a mapping's.
_NOT_A_GET = object()


#: Methods that return (a copy of) their receiver.
_COPIES = frozenset({"copy", "model_copy", "slice", "concat", "filter", "flat"})


#: Names that exist without an import.
_GLOBALS = frozenset({"dict", "list", "tuple", "Object", "Array", "process", "require", "structuredClone",
                      "JSON", "WebSocket", "RTCPeerConnection", "fetch",
                      # Test runners' globals (`jest.fn()`, vitest's `vi` with `globals: true`).
                      "jest", "vi"})  # fmt: skip


def holds_nothing(value: Any) -> bool:
    """Whether a value holds nothing: an empty list, dict or string, or a dict of those."""
    if isinstance(value, dict) and value:
        return all(v is None or (isinstance(v, list | dict | str) and not v) for v in value.values())
    return isinstance(value, list | dict | str) and not value
