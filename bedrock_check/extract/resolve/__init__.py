"""One resolver for every language: the value of an expression, as far as the code shows.

Values are JSON-like (dict, list, str, int, float, bool, None) or symbolic:
`Sym` (an imported name, a call result or an attribute of either: what a client or
a constructor *is*), `EnvVar` (a value read from the environment), `Lead` (a model string
known only by its provider prefix) or `UNRESOLVED`.
Names are followed through assignments in the enclosing scopes (the last one before
the use), mutations (`.append/.extend/.push`, `+=`, `d[k] = v`), parameter defaults,
function and method returns, class fields and `self.x`/`this.x` stores, conditionals
(every branch; the first that resolves is the value, the others are `alternates`),
comprehensions, loop variables (each item of a list the loop runs over), spreads, `dict(...)`/`Object.assign`,
key-value pairs (`dict(pairs)`, `Object.fromEntries(pairs)`, a dict comprehension over pairs), and imports of other files of
the scanned tree (through `Project`, lazily and cached). Each value's span is
recorded under its JSON pointer, at the place it is written, in another file too.

Following is bounded (`MAX_DEPTH` steps, the project's import hops and file size).
Where a chain is cut, the value is unresolved and a `Stop` says which key it was for
and where it stopped, so the caller can say the key was not checked.

`Resolver` (here: the dispatch on the expression's kind) composes its layers:
`base.py` (state, other files' resolvers, stops, names in scope), `containers.py`,
`names.py`, `attributes.py` and `calls.py` (the values of each kind of expression),
`values.py` (the symbolic values, limits and shared helpers), and `CallerValues`
(`extract/callers.py`: what callers pass a parameter).
"""

from __future__ import annotations

from typing import Any

from bedrock_check.extract.callsite import (
    Add,
    Alt,
    Arr,
    Attr,
    Call,
    Comp,
    Each,
    Expr,
    Index,
    Lit,
    Obj,
    Ref,
    Unknown,
)
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve.attributes import Attributes
from bedrock_check.extract.resolve.calls import Calls
from bedrock_check.extract.resolve.names import Names
from bedrock_check.extract.resolve.values import (
    MAX_DEPTH,
    EnvVar,
    Lead,
    Stop,
    Sym,
    env_name,
    functions_of,
)
from bedrock_check.findings import Pointer, Span


class Resolver(Names, Attributes, Calls):
    """Resolves expressions of one file (and, through `project`, of the files it imports)."""

    def branched(self, e: Expr, ptr: Pointer, spans: dict[Pointer, Span]) -> tuple[Any, list[tuple[Pointer, Any, dict[Pointer, Span]]]]:
        """The value of `e` (its spans in `spans`) and every other value its conditionals can
        take, as (pointer, value, spans): a caller checks each branch, not only the first."""
        saved, self.alternates = self.alternates, []
        try:
            value = self.value(e, ptr, spans)
            return value, self.alternates
        finally:
            self.alternates = saved

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
        if t is Each:
            return self._each(e, ptr, spans, depth)  # type: ignore[arg-type]  # dispatched on type(e) above, which mypy does not narrow by
        if t is Comp:
            item = self.value(e.elt, (*ptr, 0), spans, depth + 1)  # type: ignore[union-attr]  # dispatched on type(e) above, which mypy does not narrow by
            if item is UNRESOLVED and type(e.elt) is Attr:  # type: ignore[union-attr]  # dispatched on type(e) above
                # `[f.id for f in self.files]`: a field of each item, known at run time (an
                # uploaded file's id), not an empty list.
                return [Sym(None, (e.elt.name,))]  # type: ignore[union-attr]  # dispatched on type(e) above
            return [] if item is UNRESOLVED else [item]
        return UNRESOLVED


__all__ = ["MAX_DEPTH", "UNRESOLVED", "EnvVar", "Lead", "Resolver", "Stop", "Sym", "Unknown", "env_name", "functions_of"]
