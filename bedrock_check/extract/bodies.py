"""Request bodies as the call-site layer builds them: pure helpers on (value, spans) pairs.

A body is a JSON-like value with the span of each part under its JSON pointer. These
helpers fold merged keywords in (`merge`), drop what the resolver could not work out
(`clean`), read the model ids a catalogue entry names (`models_at`), and give one body
per other branch of a conditional in it (`variants`), so every value the code can send
is checked, not only the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.deployment_keys import camel_words
from bedrock_check.extract.resolve import EnvVar, Lead, Sym
from bedrock_check.findings import Pointer, Span
from bedrock_check.vocabulary import RUNTIME_ID_FIELDS, UNRESOLVED_VALUE

Branches = list[tuple[Pointer, Any, dict[Pointer, Span]]]


#: Names already converted (the same option keys come again in every options object).
_SNAKE: dict[str, str] = {}


def camel_to_snake(name: str) -> str:
    """`serviceTier` -> `service_tier`, `vectorStoreIDs` -> `vector_store_ids` (JS option
    names as request fields; an acronym is one word, as `deployment_keys.camel_words` splits)."""
    found = _SNAKE.get(name)
    if found is None:
        found = camel_words(name).lower()
        if len(_SNAKE) < 65_536:  # asked for every key of every options object: remembered, bounded
            _SNAKE[name] = found
    return found


def merge(body: dict[str, Any], spans: dict[Pointer, Span], key: str) -> set[str]:
    """Fold the dict under `key` (`extra_body`, `model_kwargs`) into the body, its spans
    with it; returns the keys it brought."""
    extra = body.pop(key, None)
    if not isinstance(extra, dict):
        return set()
    body.update(extra)
    for p in [p for p in spans if p and p[0] == key]:
        span = spans.pop(p)
        if len(p) > 1:
            spans[p[1:]] = span
    return set(extra)


def within(inner: Span, outer: Span) -> bool:
    """Whether `inner` lies inside `outer`."""
    return (outer.line, outer.column) <= (inner.line, inner.column) and \
        (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)


def clean(value: Any, ptr: Pointer, unresolved: list[Pointer], presence: frozenset[str] = frozenset()) -> Any:
    """The value without unresolved parts; their pointers are collected. `presence` fields
    (dotted: inside an object) that cannot be resolved keep a placeholder value."""
    if isinstance(value, dict) and presence:
        value = {k: (UNRESOLVED_VALUE if k in presence and _unknown(v) else
                     [UNRESOLVED_VALUE] if k in presence and isinstance(v, list) and v and all(map(_unknown, v)) else v)
                 for k, v in value.items()}  # fmt: skip
    if _unknown(value):
        unresolved.append(ptr)
        return UNRESOLVED
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            # `prompt.id`: the id inside a `prompt` object decides too; `attachments[].file_id`:
            # the id in each item of a list.
            inner = frozenset(p[len(k) + 1 :] for p in presence if p.startswith(f"{k}.")) if presence else frozenset()
            if isinstance(v, list) and presence:
                items = frozenset(p[len(k) + 3 :] for p in presence if p.startswith(f"{k}[]."))
                c: Any = [x for i, e in enumerate(v) if (x := clean(e, (*ptr, k, i), unresolved, items)) is not UNRESOLVED]
            else:
                c = clean(v, (*ptr, k), unresolved, inner)
            if c is not UNRESOLVED:
                out[k] = c
        return out
    if isinstance(value, list):
        return [c for i, v in enumerate(value) if (c := clean(v, (*ptr, i), unresolved)) is not UNRESOLVED]
    return value


def _unknown(value: Any) -> bool:
    return value is UNRESOLVED or isinstance(value, (Sym, EnvVar, Lead))


def models_at(body: dict[str, Any], spans: dict[Pointer, Span], paths: tuple[str, ...]) -> list[tuple[str, Span]]:
    """The model ids a call's options name at the catalogue's `models` paths, with where
    each is written (the first path that holds one comes first). A `*` in a path stands for
    every item of a list (`model_list.*.litellm_params.model`: each deployment's model)."""
    found: list[tuple[str, Span]] = []
    for path in paths:
        for ptr, value in _at(body, (), tuple(path.split("."))):
            span = spans.get(ptr)
            if isinstance(value, str) and value and span is not None:
                found.append((value, span))
    return found


def _at(node: Any, ptr: Pointer, rest: tuple[str, ...]) -> Iterator[tuple[Pointer, Any]]:
    """The values at a dotted path below `node`, each with its pointer."""
    if not rest:
        yield ptr, node
    elif rest[0] == "*" and isinstance(node, list):
        for i, item in enumerate(node):
            yield from _at(item, (*ptr, i), rest[1:])
    elif isinstance(node, dict) and rest[0] in node:
        yield from _at(node[rest[0]], (*ptr, rest[0]), rest[1:])


def variants(body: dict[str, Any], spans: dict[Pointer, Span],
              branches: Branches) -> Iterator[tuple[dict[str, Any], dict[Pointer, Span]]]:  # fmt: skip
    """The body once per other branch of a conditional in it: `model="a" if c else "b"`
    gives the body with `"b"` (and its spans) in place of `"a"`. A branch inside another
    branch's value (`if file_id: attachments = [{"file_id": file_id}]` / `else: attachments = []`,
    with `file_id` itself set in branches) is applied to the body that branch gives."""
    made: list[tuple[dict[str, Any], dict[Pointer, Span]]] = []
    nested: Branches = []
    for ptr, value, sub in branches:
        if ptr and ptr[-1] in RUNTIME_ID_FIELDS and _value_at(body, ptr) is not None:
            # `previous_response_id = self._last_id or previous_response_id`: an id made at run
            # time decides by being sent, whatever it is; the body has one already (one use).
            continue
        new = _replaced(body, ptr, value)
        if not isinstance(new, dict):
            nested.append((ptr, value, sub))
            continue  # the path is not in this body, or the branch is not a body at all
        moved = {p: sp for p, sp in spans.items() if p[: len(ptr)] != ptr}
        moved.update(sub)
        made.append((new, moved))
        yield new, moved
    for ptr, value, sub in nested:
        # (The first body another branch gives that has the path; one variant per branch.)
        for other, where in made:
            new = _replaced(other, ptr, value)
            if isinstance(new, dict):
                moved = {p: sp for p, sp in where.items() if p[: len(ptr)] != ptr}
                moved.update(sub)
                yield new, moved
                break


def _value_at(node: Any, ptr: Pointer) -> Any:
    """The value at `ptr` in `node`, or None when the path is not there."""
    for head in ptr:
        if isinstance(node, dict) and isinstance(head, str):
            node = node.get(head)
        elif isinstance(node, list) and isinstance(head, int) and 0 <= head < len(node):
            node = node[head]
        else:
            return None
    return node


def _replaced(node: Any, ptr: Pointer, value: Any) -> Any:
    """A copy of `node` with `value` at `ptr` (None when the path is not there)."""
    if not ptr:
        return value
    head, rest = ptr[0], ptr[1:]
    if isinstance(node, dict) and isinstance(head, str) and head in node:
        inner = _replaced(node[head], rest, value)
        return None if inner is None else {**node, head: inner}
    if isinstance(node, list) and isinstance(head, int) and 0 <= head < len(node):
        inner = _replaced(node[head], rest, value)
        return None if inner is None else [*node[:head], inner, *node[head + 1 :]]
    return None


def at_entries(spans: dict[Pointer, Span], entries: set[Span]) -> dict[Pointer, Span]:
    """A tool whose `type` is picked from a map by a name known only at run time
    (`{"type": TOOL_TYPES[name]}`) is where that map's entry is written
    (`"search": "web_search_preview"`): one tool per entry, each at its own line."""
    moved: dict[Pointer, Span] = {p[:2]: sp for p, sp in spans.items()
                                  if len(p) == 3 and p[0] == "tools" and p[2] == "type" and sp in entries}  # fmt: skip
    return {**spans, **moved} if moved else spans


__all__ = ["UNRESOLVED_VALUE", "Branches", "at_entries", "camel_to_snake", "clean", "merge", "models_at", "variants", "within"]
