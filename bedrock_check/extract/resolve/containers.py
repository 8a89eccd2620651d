"""Values of literal containers: objects (with spreads), arrays (with spreads and
comprehensions) and `+` joins of strings and lists."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bedrock_check.extract.callsite import (
    Add,
    Each,
    Expr,
    Lit,
    Obj,
    Spread,
)
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve.base import ResolverBase
from bedrock_check.extract.resolve.values import (
    Lead,
    _moved,
    _nesting_cost,
    _shift,
    used_at,
)
from bedrock_check.findings import Pointer, Span

#: A provider prefix alone (`openai/`, `openai:`, `azure/`): what is joined to it is the model id.
_PREFIX = re.compile(r"[A-Za-z][\w-]{0,30}[/:]")


class Containers(ResolverBase):
    """Object, array and `+` values."""

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
            if k in out:  # (a key a spread before it set: its value replaces that one, where it was written too)
                for old in [p for p in spans if p[: len(ptr) + 1] == (*ptr, k)]:
                    del spans[old]
            out[k] = self.value(val, (*ptr, k), spans, depth + _nesting_cost(ptr))
            used_at(spans, (*ptr, k), val.span)
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
            where: dict[Pointer, Span] = {}
            right = self._part(e.right, ptr, depth, where=where)
            if isinstance(right, (int, float)) and not isinstance(right, bool):
                right = str(right)  # (`f"{HOST}:{PORT}/v1"`, `"http://localhost:" + PORT`: a number's digits)
            if not isinstance(right, str):
                # `f"cohere/{name}"` with a name known at run time: the prefix still names the vendor.
                return Lead(left) if _PREFIX.fullmatch(left) else UNRESOLVED
            if _PREFIX.fullmatch(left) and right and not set("/: ") & set(right) and () in where:
                # `f"openai/{model_name}"`: the model id is written where the name gets its value.
                spans[ptr] = where[()]
            return left + right
        if isinstance(left, Lead):
            return left  # (`f"{vendor}/{family}-{size}"`: what follows the prefix stays unknown)
        if isinstance(left, dict):  # `a | b` on dicts is lowered to Add
            right = self.value(e.right, ptr, spans, depth + 1)
            return {**left, **right} if isinstance(right, dict) else left
        return UNRESOLVED

    def _each(self, e: Each, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        """A loop variable over a list this code shows (`for t in NAMES`, `[... for t in NAMES]`,
        `HOSTED.map((type) => ...)`): each item, where it is written; the first is the value,
        the others further values (as each of a conditional's branches is)."""
        where: dict[Pointer, Span] = {}
        base = self._part(e.iterable, ptr, depth, where=where)
        if not isinstance(base, list) or any(isinstance(v, (dict, list)) for v in base):
            # (a call's result, a stream, a mapping's keys: known at run time; a table of records,
            # `[{model: "gpt-3.5-turbo", contextLength: 16385}, ...]`, is data about models that
            # a loop reads, not the settings of a request)
            return UNRESOLVED
        items = [(i, v) for i, v in enumerate(base) if v is not UNRESOLVED]
        if not items:
            return UNRESOLVED
        spans.pop(ptr, None)
        (first, value), rest = items[0], items[1:]
        spans.update(_moved(where, (first,), ptr))
        if self.alternates is not None:
            self.alternates.extend((ptr, v, _moved(where, (i,), ptr)) for i, v in rest)
        return value


def from_pairs(items: Any, ptr: Pointer, spans: dict[Pointer, Span]) -> dict[str, Any] | None:
    """The dict a list of key-value pairs builds (`dict([("background", True)])`,
    `Object.fromEntries([["background", true]])`, `{k: v for k, v in [...]}`), the span of each
    value moved from the pair's second item to its key; None when `items` is not a list of
    pairs with string keys (then nothing is known of the dict's keys)."""
    if not isinstance(items, list) or not all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in items):
        return None
    n = len(ptr)
    for p in [p for p in spans if len(p) > n and p[:n] == ptr and isinstance(p[n], int)]:
        span, index = spans.pop(p), int(p[n])
        if len(p) > n + 1 and p[n + 1] == 1 and index < len(items):
            moved: Pointer = (*ptr, items[index][0], *p[n + 2 :])
            spans[moved] = span
    return {key: value for key, value in items}
