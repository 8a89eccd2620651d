"""The names a Python scope is given, recorded by the front-end's walk (`pyfront._Front`):
assignments (to a name, an attribute, a key, a tuple of names), `with ... as` names,
augmented assignments, a local's own mutating methods (`.append`, `.update`, `.setdefault`),
loop and comprehension variables (each item of what they run over) and imports (`*` too).
A mixin: the walk's state it writes is declared here."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Binding, Import
from bedrock_check.extract.pylower import Items
from bedrock_check.extract.pynodes import _MUTATORS, chain_of

if TYPE_CHECKING:
    from bedrock_check.extract.callsite import ClassInfo, FileModel
    from bedrock_check.findings import Span


class Bindings:
    """The binding half of the walk (`_Front` is the rest)."""

    m: FileModel
    scope: int
    cls: ClassInfo | None
    branch: tuple[tuple[int, int], ...]
    nested: int
    #: The scope of each comprehension (by node id) where its variables are bound: its element
    #: is lowered there. The walk itself stays in the enclosing scope.
    comp_scopes: dict[int, int]

    if TYPE_CHECKING:

        def span(self, node: ast.AST) -> Span: ...

        def generic_visit(self, node: ast.AST) -> None: ...

    #: How many `except ImportError:` handlers the walk is in (see `visit_ExceptHandler`).
    import_fallback = 0

    def _bind(self, target: ast.AST, value: ast.AST, node: ast.AST) -> None:
        pos = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        if isinstance(target, ast.Name) and self.import_fallback and target.id in self.m.imports:
            return  # the stand-in for a missing package (see `visit_ExceptHandler`)
        if isinstance(target, ast.Name):
            self.m.bind(self.scope, target.id, Binding("assign", pos, value, branch=self.branch))
            if self.cls is not None and self.m.scopes[self.scope].kind == "class":
                self.cls.fields.setdefault(target.id, []).append((value, self.scope))
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            cls = self.m.scopes[self.scope].cls
            if cls and target.value.id == "self" and cls in self.m.classes:
                self.m.classes[cls].fields.setdefault(target.attr, []).append((value, self.scope))
            elif target.value.id != "self":
                self.m.attr_stores.append(((target.value.id, target.attr), value, self.scope, self.span(value)))
        elif (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Attribute)
              and isinstance(target.value.value, ast.Name) and target.value.value.id == "self"):  # fmt: skip
            # `self.config.model = "gpt-4o"`: a field of a field, kept under its dotted name.
            cls = self.m.scopes[self.scope].cls
            if cls and cls in self.m.classes:
                name = f"{target.value.attr}.{target.attr}"
                self.m.classes[cls].fields.setdefault(name, []).append((value, self.scope))
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Attribute):
            chain = chain_of(target)
            if chain[0] != "self" and "()" not in chain and "?" not in chain:
                # `interpreter.llm.model = "gpt-4o"`: a framework object configured by attribute.
                self.m.attr_stores.append((chain, value, self.scope, self.span(value)))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            key = target.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                self.m.bind(self.scope, target.value.id,
                            Binding("setitem", pos, value, key=key.value, nested=bool(self.nested or self.branch)))  # fmt: skip
        elif isinstance(target, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in target.elts):
            # `client, model = OpenAI(), "gpt-4o"`: each name its own value; `endpoint, _ = setup`
            # (a name or an attribute): each name the item of the value at its place.
            items = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) else None
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Attribute) and items is not None:
                    # `self.api_host, self.chat_url = state.api_host, state.chat_url`: each
                    # attribute is stored as if assigned alone (a field, an object's attribute).
                    self._bind(elt, items[i], node)
                    continue
                if not isinstance(elt, ast.Name) or elt.id == "_":
                    continue
                if items is not None:
                    item: ast.expr = items[i]
                elif isinstance(value, (ast.Name, ast.Attribute)):
                    index = ast.copy_location(ast.Constant(i), value)
                    item = ast.copy_location(ast.Subscript(value=value, slice=index, ctx=ast.Load()), value)
                else:
                    continue  # (a call's or a conditional's result: one branch's tuple is not the value)
                self.m.bind(self.scope, elt.id, Binding("assign", pos, item, branch=self.branch))

    def _mutation(self, name: str, method: str, node: ast.Call) -> None:
        """`name.append(x)`, `.insert(i, x)`, `.extend(xs)`, `.update(...)`, `.setdefault(k, v)`
        on a local: what it adds to the value the name has."""
        pos = (node.lineno, node.col_offset)
        kind = _MUTATORS[method]
        field = node.args[0] if len(node.args) >= 2 else None
        if method in ("add_field", "append") and isinstance(field, ast.Constant) and isinstance(field.value, str):
            # `form.add_field("model", model)` (aiohttp) or `.append("model", m)` (a list's takes
            # one argument): a multipart form's field, sent as the body's key.
            self.m.bind(self.scope, name, Binding("setitem", pos, node.args[1], key=field.value,
                                                  nested=bool(self.nested or self.branch)))  # fmt: skip
        elif method == "add_field":
            return
        elif method == "setdefault":
            key = node.args[0] if node.args else None
            if len(node.args) == 2 and isinstance(key, ast.Constant) and isinstance(key.value, str):
                # `kwargs.setdefault("service_tier", "scale")`: the key is sent, as given here
                # unless already set.
                self.m.bind(self.scope, name, Binding(kind, pos, node.args[1], key=key.value,
                                                      nested=bool(self.nested or self.branch)))  # fmt: skip
        elif method == "update" and node.keywords and len(node.args) <= 1:
            # `kwargs.update(background=True)`, `params.update(base, **extra)`: one dict of
            # the positional mapping and the keywords, in that order (as `dict.update` merges them).
            keys: list[ast.expr | None] = [None] * len(node.args)
            keys += [None if k.arg is None else ast.copy_location(ast.Constant(k.arg), k) for k in node.keywords]
            values = [*node.args, *(k.value for k in node.keywords)]
            merged = ast.copy_location(ast.Dict(keys=keys, values=values), node)
            self.m.bind(self.scope, name, Binding(kind, pos, merged))
        elif node.args:
            arg = node.args[-1] if method == "insert" else node.args[0]
            self.m.bind(self.scope, name, Binding(kind, pos, arg))

    def visit_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        # `[{"type": t} for t in NAMES]`: a scope of its own that binds each variable to each
        # item (the first iterable is read outside it, as Python does).
        if any(isinstance(gen.target, ast.Name) for gen in node.generators):
            inner = self.comp_scopes[id(node)] = self.m.new_scope(self.scope, "comprehension")
            pos = (node.lineno, node.col_offset)
            for i, gen in enumerate(node.generators):
                if isinstance(gen.target, ast.Name):
                    items = Items(gen.iter, self.scope if i == 0 else None)
                    self.m.bind(inner, gen.target.id, Binding("assign", pos, items))
        self.generic_visit(node)

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        # `async with httpx.AsyncClient() as client`: the name is what the context gives,
        # taken to be the object entered (clients and connections return themselves).
        for item in node.items:
            if isinstance(item.optional_vars, ast.Name):
                self._bind(item.optional_vars, item.context_expr, node)
        self.generic_visit(node)

    visit_AsyncWith = visit_With

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        if isinstance(node.target, ast.Name):
            # `for t in NAMES: tools.append({"type": t})`: each item in turn (after the loop too).
            pos = (node.lineno, node.col_offset)
            self.m.bind(self.scope, node.target.id, Binding("assign", pos, Items(node.iter), branch=self.branch))
            if node.body:
                # `for model in models:`: the name, what it iterates and the lines of the body
                # (`extract/loop_models.py` reports the models a loop hands to a call).
                last = getattr(node.body[-1], "end_lineno", None) or node.body[-1].lineno
                self.m.loops.append((node.target.id, node.iter, self.scope, node.body[0].lineno, last))
        self._visit_nested(node)

    visit_AsyncFor = visit_For

    def _visit_nested(self, node: ast.AST) -> None:
        # (Keys set in a loop, a `match` case or a `try` block hold on some paths only.)
        self.nested += 1
        try:
            self.generic_visit(node)
        finally:
            self.nested -= 1

    visit_While = visit_Try = visit_Match = _visit_nested
    visit_TryStar = _visit_nested

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        # `try: import litellm` / `except ImportError: litellm = None` (or a placeholder that
        # raises on use): the name is the package wherever the package is installed, which is
        # where the calls made through it run. The stand-in does not rebind the import.
        if _catches_import_error(node.type):
            self.import_fallback += 1
            try:
                self.generic_visit(node)
            finally:
                self.import_fallback -= 1
        else:
            self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            kind = "extend" if isinstance(node.op, ast.Add) else "update" if isinstance(node.op, ast.BitOr) else None
            if kind:
                self.m.bind(self.scope, node.target.id, Binding(kind, (node.lineno, node.col_offset), node.value))
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.m.imports[alias.asname] = Import(alias.asname, alias.name, "*")
            else:
                top = alias.name.split(".")[0]
                self.m.imports[top] = Import(top, top, "*")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name != "*":
                local = alias.asname or alias.name
                self.m.imports[local] = Import(local, node.module or "", alias.name, node.level)
            elif self.m.scopes[self.scope].kind == "module":
                self.m.star_imports.append(Import("*", node.module or "", "*", node.level))


#: The exceptions a failed import raises.
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _catches_import_error(kind: ast.expr | None) -> bool:
    """Whether an `except` clause names ImportError or ModuleNotFoundError (alone or in a tuple)."""
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind] if kind is not None else []
    return any((n.id if isinstance(n, ast.Name) else n.attr if isinstance(n, ast.Attribute) else "") in _IMPORT_ERRORS
               for n in names)  # fmt: skip

