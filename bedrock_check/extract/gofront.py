"""Go front-end: tree-sitter-go -> the shared call-site form.

One iterative walk records scopes, imports (the import path as the module, without its
major-version suffix), bindings (`:=`, `=`, `var`, `const`, `x.F = v`, `m["k"] = v`,
`xs = append(xs, v)`, `+=`), methods with their receiver (`func (s *Server) Ask(...)`: `s` is
the method's `self`, and `Server{client: c}` stores the struct's fields), parameters, returns,
calls and URL strings. Expressions are lowered when the resolver asks (`golower.py`), so the
resolver, the catalogue and the engine read Go as they read Python and JS/TS. Comments are
never code.
"""

from __future__ import annotations

from typing import Any

from bedrock_check.catalogue.golang import go_catalogue, module_path
from bedrock_check.extract.callsite import Binding, CallSite, ClassInfo, FileModel, FuncInfo, Import, Unknown
from bedrock_check.extract.common import SourceText
from bedrock_check.extract.golower import (
    CONVERSIONS,
    GoLowering,
    branch_of,
    chain_of,
    go_string,
    json_name,
    text_of,
    type_name,
    unwrap,
)
from bedrock_check.extract.gopackage import PACKAGE
from bedrock_check.findings import Span

#: URL strings kept per file (a long table of links says nothing more).
_MAX_URLS = 200
#: Node kinds the walk acts on; the rest it only descends into.
_ACTED_ON = frozenset({
    "comment", "import_declaration", "function_declaration", "method_declaration", "func_literal",
    "type_spec", "const_spec", "var_spec", "short_var_declaration", "assignment_statement", "call_expression",
    "return_statement", "composite_literal", "literal_value", "interpreted_string_literal", "raw_string_literal",
})  # fmt: skip


def package_name(path: str) -> str:
    """The name a package is used by when imported without one: its path's last element,
    without a `go-` prefix or `-go` suffix (`.../go-openai` and `.../openai-go` are `openai`)."""
    last = module_path(path).rstrip("/").rpartition("/")[2]
    for affix in ("go-", "go."):
        if last.startswith(affix):
            last = last[len(affix) :]
    if last.endswith("-go"):
        last = last[:-3]
    return last.replace("-", "").replace(".", "")


class _GoFront(GoLowering):
    """The walk that records a Go file's scopes, imports, bindings, calls and strings."""

    def walk(self, root: Any) -> None:
        m = self.m
        top = m.new_scope(None, "module")
        stack: list[tuple[Any, int, FuncInfo | None]] = [(root, top, None)]
        while stack:
            node, scope, func = stack.pop()
            t = node.type
            if t in _ACTED_ON:
                if t == "comment":
                    continue
                if t == "import_declaration":
                    self._imports(node)
                    continue
                if t in ("function_declaration", "method_declaration", "func_literal"):
                    scope, func = self._function(node, scope)
                elif t == "type_spec":
                    self._type(node, scope)
                elif t in ("const_spec", "var_spec"):
                    names = node.children_by_field_name("name")
                    value = node.child_by_field_name("value")
                    self._bind_all(names, value, scope, node)
                elif t in ("short_var_declaration", "assignment_statement"):
                    self._assign(node, scope)
                elif t == "call_expression":
                    self._call_site(node, scope)
                elif t == "return_statement" and func is not None:
                    values = [c for c in node.named_children if c.type != "comment"]
                    if values:
                        first = values[0]
                        if first.type == "expression_list" and first.named_children:
                            first = first.named_children[0]
                        func.returns.append(first)
                elif t == "composite_literal":
                    self._struct_fields(node, scope)
                    self._typed(node, node.child_by_field_name("type"), node.child_by_field_name("body"), scope)
                elif t == "literal_value" and node.parent is not None and node.parent.type == "literal_element":
                    self._typed(node, None, node, scope)  # `[]openai.Tool{{Type: openai.ToolTypeWebSearch}}`
                elif t in ("interpreted_string_literal", "raw_string_literal"):
                    self._string(node)
                    continue
            stack.extend((c, scope, func) for c in reversed(node.named_children))

    def _imports(self, node: Any) -> None:
        specs = [node] if node.type == "import_spec" else []
        stack = list(node.named_children)
        while stack:
            n = stack.pop()
            if n.type == "import_spec":
                specs.append(n)
            else:
                stack.extend(n.named_children)
        for spec in specs:
            path_node, name_node = spec.child_by_field_name("path"), spec.child_by_field_name("name")
            if path_node is None:
                continue
            path = module_path(go_string(self.data, path_node))
            local = text_of(self.data, name_node) if name_node is not None else package_name(path)
            if local in ("_", "."):
                continue  # (a blank import runs only its init; a dot import is not followed)
            self.m.imports[local] = Import(local, path, "*")
            sdk = self.go.sdk_of(path)
            if sdk is not None:
                self.sdk_names[local] = sdk

    def _function(self, node: Any, scope: int) -> tuple[int, FuncInfo]:
        m = self.m
        cls_name = None
        receiver = node.child_by_field_name("receiver") if node.type == "method_declaration" else None
        recv_name = None
        if receiver is not None:
            decl = next((c for c in receiver.named_children if c.type == "parameter_declaration"), None)
            if decl is not None:
                cls_name = type_name(self.data, decl.child_by_field_name("type"))
                n = decl.child_by_field_name("name")
                recv_name = text_of(self.data, n) if n is not None else None
        inner = m.new_scope(scope, "function", cls_name)
        name_node = node.child_by_field_name("name")
        name = text_of(self.data, name_node) if name_node is not None else "<anonymous>"
        info = FuncInfo(name, inner, cls=cls_name)
        if cls_name is not None:
            cls = m.classes.setdefault(cls_name, ClassInfo(cls_name, m.new_scope(0, "class", cls_name)))
            cls.methods[name] = info
            if recv_name:
                self.receivers[inner] = recv_name
        elif name_node is not None:
            m.bind(scope, name, Binding("func", self.pos(node), None, func=info))
        elif node.parent is not None and node.parent.type == "expression_list" and node.parent.parent is not None \
                and node.parent.parent.type in ("short_var_declaration", "var_spec"):  # fmt: skip
            # `handler := func(...) {...}`: the name is bound to the function itself.
            left = node.parent.parent.child_by_field_name("left") or node.parent.parent.child_by_field_name("name")
            target = left.named_children[0] if left is not None and left.type == "expression_list" else left
            if target is not None and target.type == "identifier":
                m.bind(scope, text_of(self.data, target), Binding("func", self.pos(node), None, func=info))
        params = node.child_by_field_name("parameters")
        index = 0
        for decl in params.named_children if params is not None else ():
            if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            for n in decl.children_by_field_name("name"):
                m.bind(inner, text_of(self.data, n), Binding("param", self.pos(n), None, key=str(index)))
                index += 1
        return inner, info

    def _type(self, node: Any, scope: int) -> None:
        """`type Server struct {...}`: a class (its methods are bound where they are declared)."""
        name = node.child_by_field_name("name")
        typ = node.child_by_field_name("type")
        if name is not None and typ is not None and typ.type == "struct_type":
            cname = text_of(self.data, name)
            self.m.classes.setdefault(cname, ClassInfo(cname, self.m.new_scope(scope, "class", cname)))

    def _bind_all(self, names: list[Any], value: Any, scope: int, at: Any, kind: str = "assign") -> None:
        values = [c for c in value.named_children if c.type != "comment"] if value is not None and value.type == "expression_list" \
            else [value] if value is not None else []  # fmt: skip
        for i, n in enumerate(names):
            if n.type != "identifier" or text_of(self.data, n) == "_":
                continue
            if len(values) == len(names):
                raw = values[i]
            elif i == 0 and len(values) == 1:
                raw = values[0]  # `resp, err := client.CreateChatCompletion(...)`: the first result
            else:
                continue
            self.m.bind(scope, text_of(self.data, n), Binding(kind, self.pos(at), raw, branch=branch_of(at)))

    def _assign(self, node: Any, scope: int) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        op = node.child_by_field_name("operator")
        op_text = op.type if op is not None else ":="
        targets = [c for c in left.named_children if c.type != "comment"]
        values = [c for c in right.named_children if c.type != "comment"]
        if op_text == "+=" and len(targets) == 1 == len(values) and targets[0].type == "identifier":
            self.m.bind(scope, text_of(self.data, targets[0]), Binding("extend", self.pos(node), values[0]))
            return
        if op_text not in ("=", ":="):
            return
        if len(targets) == 1 and len(values) == 1 and self._append(targets[0], values[0], scope, node):
            return
        plain = [t for t in targets if t.type == "identifier"]
        if len(plain) == len(targets):
            self._bind_all(targets, right, scope, node)
            return
        for i, target in enumerate(targets):
            raw = values[i] if len(values) == len(targets) else values[0] if i == 0 and values else None
            if raw is None:
                continue
            if target.type == "identifier":
                self.m.bind(scope, text_of(self.data, target), Binding("assign", self.pos(node), raw, branch=branch_of(node)))
            elif target.type == "selector_expression":
                self._store(target, raw, scope, node)
            elif target.type == "index_expression":
                obj, idx = unwrap(target.child_by_field_name("operand")), unwrap(target.child_by_field_name("index"))
                if obj is not None and obj.type == "identifier" and idx is not None and idx.type in (
                        "interpreted_string_literal", "raw_string_literal"):  # fmt: skip
                    self.m.bind(scope, text_of(self.data, obj), Binding("setitem", self.pos(node), raw, key=go_string(self.data, idx)))

    def _store(self, target: Any, raw: Any, scope: int, node: Any) -> None:
        """`req.Model = "gpt-4o"` (a key of the value `req` holds) or `s.model = m` in a method
        (a field of the receiver's struct)."""
        obj, field = unwrap(target.child_by_field_name("operand")), target.child_by_field_name("field")
        if obj is None or field is None or obj.type != "identifier":
            return
        name, key = text_of(self.data, obj), json_name(text_of(self.data, field))
        if self._receiver(name, scope):
            cls = self.m.class_of(scope)
            if cls is not None and cls in self.m.classes:
                self.m.classes[cls].fields.setdefault(key, []).append((raw, scope))
            return
        self.m.bind(scope, name, Binding("setitem", self.pos(node), raw, key=key))

    def _append(self, target: Any, value: Any, scope: int, node: Any) -> bool:
        """`xs = append(xs, a, b)` / `append(xs, more...)`: items added to `xs`."""
        if target.type != "identifier" or value.type != "call_expression":
            return False
        fn, args = value.child_by_field_name("function"), value.child_by_field_name("arguments")
        if fn is None or args is None or text_of(self.data, fn) != "append":
            return False
        items = [c for c in args.named_children if c.type != "comment"]
        name = text_of(self.data, target)
        if not items or text_of(self.data, items[0]) != name:
            return False
        for item in items[1:]:
            if item.type == "variadic_argument" and item.named_children:
                self.m.bind(scope, name, Binding("extend", self.pos(node), item.named_children[0]))
            else:
                self.m.bind(scope, name, Binding("append", self.pos(node), item))
        return True

    def _typed(self, node: Any, typ: Any, body: Any, scope: int) -> None:
        """A literal with a JSON `type` (a hosted-tool candidate, checked where it is written):
        a `Type` field, or an SDK struct that sets its own (`responses.FileSearchToolParam{}`)."""
        implied = self.typed(typ)
        has_key, kind = self.type_key(body)
        if implied is not None or has_key:
            self.m.typed_literals.append((node, scope, kind or implied))

    def _call_site(self, node: Any, scope: int) -> None:
        fn = node.child_by_field_name("function")
        if fn is None:
            return
        name = self._callee(fn)
        if name is not None and name in self.go.data.typed:
            self.m.typed_literals.append((node, scope, self.go.data.typed[name]))  # `responses.ToolParamOfMcp(...)`
        fn = unwrap(fn)
        if fn is None or fn.type not in ("identifier", "selector_expression"):
            return
        self.m.calls.append(CallSite(node, scope, self.span(node), chain_of(self.data, fn), fn))

    def _struct_fields(self, node: Any, scope: int) -> None:
        """`&Server{client: openai.NewClient(key), model: "gpt-4o"}`: the fields of a struct
        of this file, as a constructor's `self.x = ...` stores them."""
        typ, body = node.child_by_field_name("type"), node.child_by_field_name("body")
        if typ is None or body is None or typ.type != "type_identifier":
            return
        cls = self.m.classes.get(text_of(self.data, typ))
        if cls is None:
            return
        for e in body.named_children:
            parts = [c for c in e.named_children if c.type != "comment"] if e.type == "keyed_element" else []
            key = parts[0].named_children[0] if len(parts) == 2 and parts[0].named_children else None
            if key is not None and key.type in ("identifier", "field_identifier"):
                cls.fields.setdefault(json_name(text_of(self.data, key)), []).append((parts[1], scope))

    def _string(self, node: Any) -> None:
        if len(self.m.urls) < _MAX_URLS and self.data.find(b"://", node.start_byte, node.end_byte) >= 0:
            self.m.urls.append((go_string(self.data, node), self.span(node)))


#: Go's predeclared functions (never another file's).
_BUILTINS = frozenset({"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min",
                       "new", "panic", "print", "println", "real", "recover"})


def _package_names(model: FileModel) -> None:
    """Functions this file calls that it neither declares nor imports: declared by another file
    of its package (see `gopackage`), recorded as imported from it."""
    for site in model.calls:
        name = site.chain[0]
        if name in model.imports or name in _BUILTINS or name in CONVERSIONS or (0, name) in model.bindings:
            continue
        if not any((s, name) in model.bindings for s in range(len(model.scopes))):
            model.imports[name] = Import(name, PACKAGE, name)


def _parser() -> Any:
    import tree_sitter_go
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_go.language()))


def go_model(path: str, text: str, first_column: int = 0) -> FileModel:
    """The call-site form of one Go file (tree-sitter recovers from syntax errors).
    `first_column`: columns a snippet's wrapper added before its first line."""
    data = text.encode("utf-8")
    tree = _parser().parse(data)
    model = FileModel(path, "go", SourceText(text), lambda n, s: Unknown(Span(1, 1, 1, 1)))
    front = _GoFront(model, data, go_catalogue(), first_column)
    model.lower = front.lower
    front.walk(tree.root_node)
    _package_names(model)
    model.has_error = tree.root_node.has_error
    return model

