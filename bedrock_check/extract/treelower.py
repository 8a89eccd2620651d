"""What the tree-sitter front ends (JS/TS, Go) share when they lower nodes to expressions:
the node spans and positions, and the memo of nodes already lowered."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from bedrock_check.extract.callsite import Expr, FileModel, Unknown
from bedrock_check.findings import Span


class TreeLowering(ABC):
    """Node spans and positions, and the lowering of nodes once per node and scope; a front
    end gives `_lower`, the expression one node is."""

    def __init__(self, model: FileModel, data: bytes = b"", first_column: int = 0) -> None:
        self.m = model
        #: What spans are read from (a walk may drop `m`: see `js_model`).
        self.src = model.src
        #: The source as parsed (node byte offsets index it).
        self.data = data
        #: Columns of the first line that a snippet's wrapper added (`package main; func main() {`).
        self.first_column = first_column
        #: Every node already lowered, by (node id, scope): lowering is pure, and the same
        #: node is asked for again and again (a binding's value at each use of its name, a
        #: callee alone and then with its call, a nested call inside each enclosing one).
        self._lowered: dict[tuple[int, int], Expr] = {}

    def span(self, node: Any) -> Span:
        """The node's span in the source, in character columns."""
        (r0, c0), (r1, c1) = node.start_point, node.end_point
        if self.first_column:
            c0 = max(c0 - self.first_column, 0) if r0 == 0 else c0
            c1 = max(c1 - self.first_column, 0) if r1 == 0 else c1
        src = self.src
        if src.ascii:  # byte columns are character columns
            return Span(r0 + 1, c0 + 1, r1 + 1, c1 + 1)
        return Span(r0 + 1, src.char_column(r0 + 1, c0), r1 + 1, src.char_column(r1 + 1, c1))

    @staticmethod
    def pos(node: Any) -> tuple[int, int]:
        """The node's (line, byte column), as bindings record positions."""
        return node.start_point[0] + 1, node.start_point[1]

    def lower(self, node: Any, scope: int) -> Expr:
        """The expression a node is (once per node and scope: see `_lowered`)."""
        if node is None:
            return Unknown(Span(1, 1, 1, 1))
        key = (node.id, scope)
        found = self._lowered.get(key)
        if found is None:
            found = self._lowered[key] = self._lower(node, scope)
        return found

    @abstractmethod
    def _lower(self, node: Any, scope: int) -> Expr:
        """The expression one node is, in a scope: each front end's own lowering."""
