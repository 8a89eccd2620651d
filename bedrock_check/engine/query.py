"""The path-and-predicate query language of request signals: paths over JSON, compiled predicates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedrock_check.findings import Pointer
from bedrock_check.linear_regex import compile_linear
from bedrock_check.matrix import Predicate
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import UNRESOLVED_VALUE

Segment = tuple[str, str | None]  # ("key", name) or ("each", None)


def parse_path(path: str) -> tuple[Segment, ...]:
    """`input[].content[]` -> (("key","input"),("each",None),("key","content"),("each",None))."""
    if path in ("", "."):
        return ()
    segs: list[Segment] = []
    for part in path.split("."):
        if part.endswith("[]"):
            segs.append(("key", part[:-2]))
            segs.append(("each", None))
        else:
            segs.append(("key", part))
    return tuple(segs)


def select(node: Any, segs: tuple[Segment, ...], ptr: Pointer = ()) -> Iterator[tuple[Any, Pointer]]:
    """Every value the path reaches from `node`, with its pointer. Missing keys and
    wrongly-typed containers simply yield nothing."""
    if not segs:
        yield node, ptr
        return
    kind, name = segs[0]
    rest = segs[1:]
    if kind == "key":
        if isinstance(node, dict) and name in node:
            yield from select(node[name], rest, (*ptr, name))  # type: ignore[arg-type]  # a "key" segment always holds a str name; mypy sees str | None
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from select(item, rest, (*ptr, i))


def _eq(a: Any, b: Any) -> bool:
    # True == 1 in Python; a request's `stream: 1` is not `stream: true`.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _in(value: Any, options: list[Any]) -> bool:
    return any(_eq(value, o) for o in options)


def _membership(options: list[Any]) -> Any:
    """A fast `value in options` that keeps bools apart from numbers."""
    try:
        keyed = frozenset((type(o) is bool, o) for o in options)
    except TypeError:  # unhashable options: fall back to the slow path
        return lambda v: _in(v, options)

    def test(v: Any) -> bool:
        try:
            return (type(v) is bool, v) in keyed
        except TypeError:
            return False

    return test


@dataclass(frozen=True, slots=True)
class CompiledPredicate:
    positives: tuple[Any, ...]  # callables value -> bool
    negatives: tuple[Any, ...]
    present: bool | None
    truthy: bool | None
    needs_value: bool

    def test(self, exists: bool, value: Any) -> bool:
        if not exists:
            return not self.needs_value and self.present is not True
        if self.present is False:
            return False
        if self.positives and not any(p(value) for p in self.positives):
            return False
        if any(n(value) for n in self.negatives):
            return False
        return self.truthy is None or bool(value) == self.truthy


def compile_predicate(pred: Predicate) -> CompiledPredicate:
    pos: list[Any] = []
    neg: list[Any] = []
    if "equals" in pred:
        pos.append(lambda v, e=pred["equals"]: _eq(v, e))
    if "in" in pred:
        pos.append(_membership(pred["in"]))
    if pred.get("prefix"):
        pos.append(lambda v, p=tuple(pred["prefix"]): isinstance(v, str) and v.startswith(p))
    if "regex" in pred:
        rx = compile_linear(pred["regex"])  # RE2: linear time on hostile request values
        pos.append(lambda v, rx=rx: isinstance(v, str) and rx.search(v) is not None)
    if "contains" in pred:
        pos.append(lambda v, c=pred["contains"]: isinstance(v, list) and _in(c, v))
    if "not_in" in pred:
        neg.append(_membership(pred["not_in"]))
    if pred.get("not_prefix"):
        neg.append(lambda v, p=tuple(pred["not_prefix"]): isinstance(v, str) and v.startswith(p))
    if "unresolved" in pred:
        # (The value a reader keeps for a key whose value the code does not show.)
        (pos if pred["unresolved"] else neg).append(lambda v: v == UNRESOLVED_VALUE)
    truthy = pred.get("truthy")
    needs_value = bool(pos) or truthy is True
    return CompiledPredicate(tuple(pos), tuple(neg), pred.get("present"), truthy, needs_value)

