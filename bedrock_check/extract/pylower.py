"""Lowering Python `ast` expressions to `callsite.Expr` when the resolver asks (literals,
names, attributes, calls, containers, comprehensions, f-strings, `%` and `.format`)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

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
from bedrock_check.findings import Span

if TYPE_CHECKING:
    from bedrock_check.extract.pyfront import _Front


def _formats(node: ast.Call) -> bool:
    """`"{}/v1/audio/speech".format(BASE)`: a string built, lowered as the string."""
    func = node.func
    return isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant) \
        and isinstance(func.value.value, str)  # fmt: skip


class Items:
    """A name that takes each item of `source` in turn (`for t in NAMES`, a comprehension's
    `for t in NAMES`): a binding's raw value, lowered as `Each`; `scope`, when set, is where
    `source` is read (a comprehension's first iterable is read outside it)."""

    __slots__ = ("scope", "source")

    def __init__(self, source: ast.expr, scope: int | None = None) -> None:
        self.source = source
        self.scope = scope


class _Lower:
    """Lowers ast expressions to `callsite.Expr`, on demand."""

    def __init__(self, front: _Front) -> None:
        self.front = front
        #: Every node already lowered, by node and scope: lowering is pure, and the same node
        #: is asked for again and again (a binding's value at each use of its name, a callee
        #: alone and then with its call). The node is kept beside its expression, so its id
        #: is never another node's.
        self._lowered: dict[tuple[int, int], tuple[Any, Expr]] = {}

    def __call__(self, node: Any, scope: int) -> Expr:
        return self.lower(node, scope)

    def argument(self, node: Any, scope: int, index: int) -> Ref | str | None:
        """A call's positional argument when it is a name, a call or a string joined from parts
        (`f"{base}/v1/chat/completions"`, `base + "/v1/embeddings"`; see `FileModel.argument`)."""
        if not isinstance(node, ast.Call) or _formats(node) or index >= len(node.args):
            return None
        arg = node.args[index]
        while isinstance(arg, (ast.Await, ast.NamedExpr)):  # lowered as their value
            arg = arg.value
        if isinstance(arg, ast.Name):
            found = self.lower(arg, scope)
            return found if isinstance(found, Ref) else None
        if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add)):
            return "join"
        return "call" if isinstance(arg, ast.Call) and not _formats(arg) else None

    def lower(self, node: Any, scope: int) -> Expr:
        """The expression a node is (once per node and scope: see `_lowered`)."""
        key = (id(node), scope)
        found = self._lowered.get(key)
        if found is None or found[0] is not node:
            found = self._lowered[key] = (node, self._lower(node, scope))
        return found[1]

    def _lower(self, node: Any, scope: int) -> Expr:
        if type(node) is Items:
            items = self.lower(node.source, scope if node.scope is None else node.scope)
            return Each(items, items.span)
        span = self.front.span(node)
        lo = self.lower
        if isinstance(node, ast.Constant):
            v = node.value
            return Lit(v, span) if v is None or isinstance(v, (str, int, float, bool)) else Unknown(span)
        if isinstance(node, ast.Name):
            return Ref(node.id, scope, (node.lineno, node.col_offset), span)
        if isinstance(node, ast.Attribute):
            return Attr(lo(node.value, scope), node.attr, span)
        if isinstance(node, ast.Subscript):
            return Index(lo(node.value, scope), lo(node.slice, scope), span)
        if isinstance(node, ast.Dict):
            return Obj(tuple((None if k is None else lo(k, scope), lo(v, scope))
                             for k, v in zip(node.keys, node.values, strict=True)), span)  # fmt: skip
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return Arr(tuple(lo(e, scope) for e in node.elts), span)
        if isinstance(node, ast.Starred):
            return Spread(lo(node.value, scope), span)
        if isinstance(node, ast.Call) and _formats(node):
            # `"{}/v1/audio/speech".format(BASE)`, `"{base}/responses".format(base=BASE)`
            named = {kw.arg: kw.value for kw in node.keywords if kw.arg is not None}
            template = node.func.value.value  # type: ignore[attr-defined]  # `_formats` checked it is a str constant's
            return _joined(_format(template, node.args, named, scope, lo, span), span)
        if isinstance(node, ast.Call):
            args = tuple(lo(a, scope) for a in node.args)
            kwargs = tuple((kw.arg, lo(kw.value, scope)) for kw in node.keywords)
            return Call(lo(node.func, scope), args, kwargs, span)
        if isinstance(node, ast.IfExp):
            return Alt((lo(node.body, scope), lo(node.orelse, scope)), span)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            return Alt(tuple(lo(v, scope) for v in node.values), span)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.BitOr)):
            return Add(lo(node.left, scope), lo(node.right, scope), span)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            # (in the comprehension's own scope, where its variables are each item: see `Bindings`)
            return Comp(lo(node.elt, self.front.comp_scopes.get(id(node), scope)), span)
        if isinstance(node, ast.DictComp):
            # `{k: v for k, v in params.items() if v is not None}`: the dict it filters (which
            # items the condition drops is known only at run time; every key is kept).
            gen = node.generators[0] if len(node.generators) == 1 else None
            targets = [t.id for t in gen.target.elts if isinstance(t, ast.Name)] \
                if gen is not None and isinstance(gen.target, ast.Tuple) else []  # fmt: skip
            pair = [n.id for n in (node.key, node.value) if isinstance(n, ast.Name)]
            if (gen is not None and len(targets) == 2 and pair == targets and isinstance(gen.iter, ast.Call)
                    and isinstance(gen.iter.func, ast.Attribute) and gen.iter.func.attr == "items"
                    and not gen.iter.args):  # fmt: skip
                return Obj(((None, lo(gen.iter.func.value, scope)),), span)
            if gen is not None and len(targets) == 2 and pair == targets and _literal_pairs(gen.iter):
                # `{k: v for k, v in [("background", True), ("store", False)]}`: the dict the pairs
                # build, as `dict(pairs)` is (the resolver reads both the same way).
                func = Ref("dict", scope, (node.lineno, node.col_offset), span)
                return Call(func, (lo(gen.iter, scope),), (), span)
            return Unknown(span)
        if isinstance(node, (ast.Await, ast.NamedExpr)):
            return lo(node.value, scope)
        if isinstance(node, ast.JoinedStr) and len(node.values) == 1 and isinstance(node.values[0], ast.FormattedValue) \
                and node.values[0].format_spec is None and node.values[0].conversion in (-1, ord("s")):  # fmt: skip
            # `model=f"{model_str}"`: the value itself, found where it is written.
            return lo(node.values[0].value, scope)
        if isinstance(node, ast.JoinedStr):
            # `f"{OPENAI_BASE}/v1/chat/completions"`: the parts joined, as a JS template literal
            # is, so a string built from constants resolves (one that uses an unknown value does not).
            return _joined([v.value if isinstance(v, ast.Constant) else _field(v, scope, lo, span) for v in node.values], span)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
                and isinstance(node.left.value, str):  # fmt: skip
            # `"%s/embeddings" % BASE`, `"%s/%s" % (BASE, path)`
            values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
            return _joined(_percent(node.left.value, [lo(v, scope) for v in values], span), span)
        return Unknown(span)


def _literal_pairs(node: ast.AST) -> bool:
    """Whether `node` is a list or tuple written out as key-value pairs (`[("a", 1), ("b", 2)]`)."""
    return isinstance(node, (ast.List, ast.Tuple)) and bool(node.elts) and all(
        isinstance(e, (ast.Tuple, ast.List)) and len(e.elts) == 2 for e in node.elts)


def _strings(node: ast.AST) -> list[str]:
    """The strings an expression is written to be: a string, or the branches of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def _joined(parts: list[Any], span: Span) -> Expr:
    """String parts (str or `Expr`) as one expression: a `Lit` when all are strings, else
    an `Add` chain that starts from a string (so it resolves as string concatenation)."""
    exprs = [Lit(p, span) if isinstance(p, str) else p for p in parts] or [Lit("", span)]
    if all(isinstance(e, Lit) and isinstance(e.value, str) for e in exprs):
        return Lit("".join(e.value for e in exprs if isinstance(e, Lit)), span)
    joined: Expr = Lit("", span) if not (isinstance(exprs[0], Lit) and isinstance(exprs[0].value, str)) else exprs.pop(0)
    for e in exprs:
        joined = Add(joined, e, span)
    return joined


def _field(node: ast.AST, scope: int, lo: Any, span: Span) -> Expr:
    """One `{...}` of an f-string: its value, unless a conversion or format spec changes its text."""
    if isinstance(node, ast.FormattedValue) and node.conversion == -1 and node.format_spec is None:
        return lo(node.value, scope)
    return Unknown(span)


def _percent(text: str, values: list[Expr], span: Span) -> list[Any]:
    """`%`-formatting with `%s` fields only (any other conversion: not a string to follow)."""
    parts: list[Any] = []
    pieces = text.split("%")
    parts.append(pieces[0])
    given = iter(values)
    i = 1
    while i < len(pieces):
        piece = pieces[i]
        if piece == "" and i + 1 < len(pieces):  # `%%`
            parts.append("%" + pieces[i + 1])
            i += 2
            continue
        if not piece.startswith("s"):
            return [Unknown(span)]
        parts.append(next(given, Unknown(span)))
        parts.append(piece[1:])
        i += 1
    return parts


def _format(text: str, args: list[ast.expr], named: dict[str, ast.expr], scope: int, lo: Any, span: Span) -> list[Any]:
    """`str.format` with plain fields (`{}`, `{0}`, `{name}`); a field with a conversion, a
    format spec, an attribute or an index gives a part not followed."""
    import string

    parts: list[Any] = []
    auto = 0
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return [Unknown(span)]
    for literal, name, spec, conversion in fields:
        parts.append(literal)
        if name is None:
            continue
        node: ast.expr | None = None
        if spec or conversion:
            node = None
        elif name == "":
            node = args[auto] if auto < len(args) else None
            auto += 1
        elif name.isdigit():
            node = args[int(name)] if int(name) < len(args) else None
        elif name.isidentifier():
            node = named.get(name)
        parts.append(lo(node, scope) if node is not None and not isinstance(node, ast.Starred) else Unknown(span))
    return parts
