"""Lowering JavaScript/TypeScript nodes to `callsite.Expr` when the resolver asks (objects,
arrays, calls, conditionals, templates, destructured names), with the span helpers the
front-end's walk shares."""

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
    Spread,
    Unknown,
)
from bedrock_check.extract.jsnodes import (
    _string,
    _text,
    option_function,
    unwrap,
)
from bedrock_check.extract.treelower import TreeLowering
from bedrock_check.findings import Span
from bedrock_check.quickclass import dataclass

#: Node types lowered to a name (`Ref`).
_NAMES = frozenset({"identifier", "this", "shorthand_property_identifier", "type_identifier"})


@dataclass(frozen=True, slots=True)
class _Pick:
    """A name bound by destructuring: `keys` of `source` (a raw node), else `default`."""

    source: Any
    keys: tuple[str, ...]
    default: Any = None


@dataclass(frozen=True, slots=True)
class _Items:
    """A name that takes each item of `source` (a raw node) in turn: `for (const t of NAMES)`,
    the parameter of `NAMES.map((t) => ...)`."""

    source: Any


#: Array methods whose callback's first parameter is each item (its body an item of the result).
_EACH_METHODS = frozenset({"map", "flatMap"})


class _Lowering(TreeLowering):
    """The lowering of JS/TS nodes to expressions (spans and the memo: `TreeLowering`)."""

    def __init__(self, model: Any, data: bytes = b"", first_column: int = 0) -> None:
        super().__init__(model, data, first_column)
        #: The scope of each `.map` callback, by node id: its body is lowered there (where its
        #: parameter is each item of the array).
        self.callback_scopes: dict[int, int] = {}

    def lower(self, node: Any, scope: int) -> Expr:
        """The expression a node is; a destructuring pick or a loop's item is lowered each time it is asked."""
        if type(node) is _Pick:
            return self._lower_pick(node, scope)
        if type(node) is _Items:
            items = self.lower(node.source, scope)
            return Each(items, items.span)
        return super().lower(node, scope)

    def _lower(self, node: Any, scope: int) -> Expr:
        node = unwrap(node)
        if node is None:
            return Unknown(Span(1, 1, 1, 1))
        span = self.span(node)
        t = node.type
        lo = self.lower
        if t == "string":
            return Lit(_string(self.data, node), span)
        if t == "template_string":
            subs = [c for c in node.named_children if c.type == "template_substitution"]
            if not subs:
                return Lit(_text(self.data, node)[1:-1], span)
            # `${BASE}/v1/realtime?model=${model}`: the parts joined, so a value built from
            # constants resolves (one that uses an unknown value does not).
            raw, start = self.data[node.start_byte : node.end_byte], node.start_byte
            parts: list[Expr] = []
            pos = start + 1
            for sub in subs:
                if sub.start_byte > pos:
                    parts.append(Lit(raw[pos - start : sub.start_byte - start].decode("utf-8", "replace"), span))
                inner = next(iter(sub.named_children), None)
                parts.append(lo(inner, scope) if inner is not None else Unknown(span))
                pos = sub.end_byte
            if node.end_byte - 1 > pos:
                parts.append(Lit(raw[pos - start : node.end_byte - 1 - start].decode("utf-8", "replace"), span))
            joined = parts[0]
            for part in parts[1:]:
                joined = Add(joined, part, span)
            if isinstance(joined, (Lit, Ref, Attr)):  # `${x}` alone: its value (found where it is written)
                return joined
            return joined if len(parts) > 1 else Add(Lit("", span), joined, span)
        if t == "number":
            text = _text(self.data, node)
            try:
                return Lit(float(text) if any(ch in text for ch in ".eE") and not text.startswith("0x") else int(text, 0), span)
            except ValueError:
                return Unknown(span)
        if t in ("true", "false"):
            return Lit(t == "true", span)
        if t in ("null", "undefined"):
            return Lit(None, span)
        if t in _NAMES:
            return Ref(_text(self.data, node), scope, self.pos(node), span)
        inline = option_function(node) if t in ("arrow_function", "function_expression") else None
        if inline is not None:
            return Ref(inline, scope, self.pos(node), span)  # the function the walk bound under this name
        if t == "member_expression":
            prop = node.child_by_field_name("property")
            return Attr(lo(node.child_by_field_name("object"), scope), _text(self.data, prop) if prop is not None else "?", span)
        if t == "subscript_expression":
            return Index(lo(node.child_by_field_name("object"), scope), lo(node.child_by_field_name("index"), scope), span)
        if t in ("call_expression", "new_expression"):
            return self._lower_call(node, scope, span)
        if t == "object":
            return self._lower_object(node, scope, span)
        if t == "enum_body":  # an enum's members, each with the value it is given
            return Obj(tuple((Lit(_string(self.data, key) if key.type == "string" else _text(self.data, key), self.span(key)),
                              lo(value, scope)) for c in node.named_children if c.type == "enum_assignment"
                             for key, value in [(c.child_by_field_name("name"), c.child_by_field_name("value"))]
                             if key is not None and value is not None), span)  # fmt: skip
        if t == "array":
            items: list[Expr] = []
            for c in node.named_children:
                if c.type == "comment":
                    continue
                if c.type == "spread_element" and c.named_children:
                    items.append(Spread(lo(c.named_children[0], scope), self.span(c)))
                else:
                    items.append(lo(c, scope))
            return Arr(tuple(items), span)
        if t == "ternary_expression":
            return Alt((lo(node.child_by_field_name("consequence"), scope),
                        lo(node.child_by_field_name("alternative"), scope)), span)  # fmt: skip
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            op_text = _text(self.data, op) if op is not None else ""
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op_text in ("||", "??"):
                return Alt((lo(left, scope), lo(right, scope)), span)
            if op_text == "+":
                return Add(lo(left, scope), lo(right, scope), span)
        return Unknown(span)

    def _lower_pick(self, pick: _Pick, scope: int) -> Expr:
        """A destructured name: its member of the value, else its default (both checked)."""
        expr = self.lower(pick.source, scope)
        for key in pick.keys:
            expr = Attr(expr, key, expr.span)
        if pick.default is None:
            return expr
        default = self.lower(pick.default, scope)
        return Alt((expr, default), default.span)

    def _lower_call(self, node: Any, scope: int, span: Span) -> Expr:
        is_new = node.type == "new_expression"
        fn = node.child_by_field_name("constructor" if is_new else "function")
        args_node = node.child_by_field_name("arguments")
        body = self._mapped(fn, args_node)
        if body is not None:
            # (in the callback's own scope, where its parameter is each item of the array)
            return Comp(self.lower(body, self.callback_scopes.get(body.parent.id, scope)), span)
        args = [self._argument(a, scope) for a in args_node.named_children if a.type != "comment"] \
            if args_node is not None else []  # fmt: skip
        return Call(self.lower(unwrap(fn), scope), tuple(args), (), span, is_new)

    def _argument(self, a: Any, scope: int) -> Expr:
        if a.type == "spread_element" and a.named_children:
            return Spread(self.lower(a.named_children[0], scope), self.span(a))
        return self.lower(a, scope)

    def _mapped(self, fn: Any, args_node: Any) -> Any:
        """The body of `xs.map(x => body)` (lowered as a comprehension), else None."""
        fn = unwrap(fn)
        if fn is not None and fn.type == "member_expression" and args_node is not None:
            prop = fn.child_by_field_name("property")
            first = next((a for a in args_node.named_children if a.type != "comment"), None)
            if prop is not None and _text(self.data, prop) in _EACH_METHODS and first is not None and first.type == "arrow_function":
                body = first.child_by_field_name("body")
                if body is not None and body.type != "statement_block":
                    return body
        return None

    def argument(self, node: Any, scope: int, index: int) -> Ref | str | None:
        """A call's positional argument when it is a name, a call or a string joined from parts
        (`` `${base}/v1/chat/completions` ``, `base + "/v1/embeddings"`; see `FileModel.argument`)."""
        if node.type not in ("call_expression", "new_expression"):
            return None
        fn = node.child_by_field_name("constructor" if node.type == "new_expression" else "function")
        args_node = node.child_by_field_name("arguments")
        if args_node is None or self._mapped(fn, args_node) is not None:
            return None
        args = [a for a in args_node.named_children if a.type != "comment"]
        arg = unwrap(args[index]) if index < len(args) else None
        if arg is None or arg.type == "spread_element":
            return None
        if arg.type in _NAMES:
            found = self.lower(arg, scope)
            return found if isinstance(found, Ref) else None
        if arg.type in ("call_expression", "new_expression"):
            callee = arg.child_by_field_name("constructor" if arg.type == "new_expression" else "function")
            return "call" if self._mapped(callee, arg.child_by_field_name("arguments")) is None else None
        if (arg.type == "template_string" and any(c.type == "template_substitution" for c in arg.named_children)) \
                or (arg.type == "binary_expression" and _text(self.data, arg.child_by_field_name("operator")) == "+"):
            return "join"
        return None

    def _lower_object(self, node: Any, scope: int, span: Span) -> Expr:
        entries: list[tuple[Expr | None, Expr]] = []
        for c in node.named_children:
            if c.type == "pair":
                key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
                if key is None or value is None:
                    continue
                if key.type == "string":
                    k: Expr = Lit(_string(self.data, key), self.span(key))
                elif key.type in ("property_identifier", "number"):
                    k = Lit(_text(self.data, key), self.span(key))
                elif key.type == "computed_property_name" and key.named_children:
                    k = self.lower(key.named_children[0], scope)
                else:
                    continue
                entries.append((k, self.lower(value, scope)))
            elif c.type == "shorthand_property_identifier":
                entries.append((Lit(_text(self.data, c), self.span(c)), Ref(_text(self.data, c), scope, self.pos(c), self.span(c))))
            elif c.type == "spread_element" and c.named_children:
                entries.append((None, self.lower(c.named_children[0], scope)))
        return Obj(tuple(entries), span)


#: React state hooks and the argument that is the state's first value: `useState(initial)`,
#: usehooks' `useLocalStorage(key, initial)`.
_STATE_HOOKS = {"useState": 0, "useLocalStorage": 1, "useSessionStorage": 1}


def hook_initial(src: bytes, call: Any) -> Any:
    """The initial value a state hook call is given (`useState("gpt-4o")`, `React.useState(...)`),
    or None for any other value or a lazy initialiser (`useState(() => load())`)."""
    if call.type != "call_expression":
        return None
    fn, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
    if fn is None or args is None:
        return None
    if fn.type == "member_expression":
        fn = fn.child_by_field_name("property")
    at = _STATE_HOOKS.get(_text(src, fn)) if fn is not None else None
    given = [a for a in args.named_children if a.type != "comment"]
    if at is None or at >= len(given) or given[at].type in ("arrow_function", "function_expression", "function"):
        return None
    return given[at]
