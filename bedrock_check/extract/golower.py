"""Lowering Go nodes (tree-sitter-go) to `callsite.Expr` when the resolver asks, with the
node helpers the Go front end's walk shares.

Go's request shapes are written as composite literals (`openai.ChatCompletionRequest{Model:
openai.GPT4o, Messages: ...}`): a struct literal is an object whose keys are its field names
as the JSON they marshal to (`PreviousResponseID` -> `previous_response_id`), a slice or array
literal is a list, a map literal an object. `&x`, `*x`, `(x)`, `x.(T)` and conversions
(`float32(x)`) are their operand. What is the SDK's own (its model-id constants, its settings
builders, its value wrappers, its union fields) comes from `catalogue/go.yaml`.
"""

from __future__ import annotations

import re
from typing import Any

from bedrock_check.catalogue.golang import GoCatalogue
from bedrock_check.extract.callsite import (
    Add,
    Arr,
    Attr,
    Call,
    Expr,
    FileModel,
    Index,
    Lit,
    Obj,
    Ref,
    Spread,
    Unknown,
)
from bedrock_check.extract.treelower import TreeLowering
from bedrock_check.findings import Span

#: Go's predeclared types: `float32(x)`, `string(b)` convert a value, they make none.
CONVERSIONS = frozenset({
    "string", "bool", "byte", "rune", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "any",
})  # fmt: skip
#: Wrappers looked through: the value is their only operand.
_THROUGH = frozenset({"parenthesized_expression", "type_assertion_expression", "type_conversion_expression"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "0": "\0"}


def json_name(field: str) -> str:
    """The JSON name a Go field marshals to in the SDKs (`PreviousResponseID` ->
    `previous_response_id`, `BaseURL` -> `base_url`, `MaxTokens` -> `max_tokens`)."""
    return _CAMEL.sub("_", field).lower()


def text_of(data: bytes, node: Any) -> str:
    """A node's source text."""
    return data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


def go_string(data: bytes, node: Any) -> str:
    """The value of an interpreted (`"..."`) or raw (`` `...` ``) string literal."""
    raw = text_of(data, node)[1:-1]
    if node.type == "raw_string_literal" or "\\" not in raw:
        return raw
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), raw)


def chain_of(data: bytes, node: Any) -> tuple[str, ...]:
    """A callee's names as written (`s.client.CreateChatCompletion`, `()` for a call in it)."""
    out: list[str] = []
    while node is not None:
        t = node.type
        if t == "selector_expression":
            f = node.child_by_field_name("field")
            out.append(text_of(data, f) if f is not None else "?")
            node = node.child_by_field_name("operand")
        elif t == "call_expression":
            out.append("()")
            node = node.child_by_field_name("function")
        elif t == "identifier":
            out.append(text_of(data, node))
            break
        elif t in _THROUGH:
            node = node.named_children[0] if node.named_children else None
        else:
            out.append("?")
            break
    return tuple(reversed(out)) or ("?",)


def unwrap(node: Any) -> Any:
    """`(x)`, `&x`, `*x` and `x.(T)`: the operand."""
    while node is not None:
        if node.type in ("parenthesized_expression", "type_assertion_expression"):
            node = node.named_children[0] if node.named_children else None
        elif node.type == "unary_expression" and node.child_by_field_name("operator") is not None \
                and node.child_by_field_name("operator").type in ("&", "*"):  # fmt: skip
            node = node.child_by_field_name("operand")
        else:
            return node
    return None


_BODY_ENDS = frozenset({"function_declaration", "method_declaration", "func_literal", "source_file"})


def branch_of(node: Any) -> tuple[tuple[int, int], ...]:
    """The `if`/`else` branches a statement is in, outermost first (see `Binding.branch`)."""
    found: list[tuple[int, int]] = []
    child, parent = node, node.parent
    while parent is not None and parent.type not in _BODY_ENDS:
        if parent.type == "if_statement":
            arm = parent.child_by_field_name("alternative")
            body = parent.child_by_field_name("consequence")
            inside_else = arm is not None and arm.start_byte <= child.start_byte and child.end_byte <= arm.end_byte
            inside_body = body is not None and body.start_byte <= child.start_byte and child.end_byte <= body.end_byte
            if inside_else or inside_body:  # (not the `if x := f(); ...` initializer)
                found.append((parent.id, 1 if inside_else else 0))
        child, parent = parent, parent.parent
    return tuple(reversed(found))


def type_name(data: bytes, node: Any) -> str | None:
    """The last name of a type (`*openai.Client` -> `Client`, `S` -> `S`), or None."""
    while node is not None and node.type in ("pointer_type", "generic_type"):
        node = node.named_children[-1] if node.type == "pointer_type" else node.child_by_field_name("type")
    if node is None:
        return None
    if node.type == "qualified_type":
        name = node.child_by_field_name("name")
        return text_of(data, name) if name is not None else None
    return text_of(data, node) if node.type == "type_identifier" else None


class GoLowering(TreeLowering):
    """The lowering of Go nodes to expressions (spans and the memo: `TreeLowering`)."""

    def __init__(self, model: FileModel, data: bytes, go: GoCatalogue, first_column: int = 0) -> None:
        super().__init__(model, data, first_column)
        self.go = go
        #: Imported package name -> the Go SDK it belongs to (`openai` -> `go-openai`).
        self.sdk_names: dict[str, str] = {}
        #: Function scope -> the name its method receiver is given (`func (s *Server) ...`: `s`).
        self.receivers: dict[int, str] = {}

    def _receiver(self, name: str, scope: int) -> bool:
        """Whether `name` is the receiver of the method `scope` is in (a closure inside it too)."""
        s: int | None = scope
        while s is not None:
            if self.receivers.get(s) == name:
                return True
            s = self.m.scopes[s].parent
        return False

    def _lower(self, node: Any, scope: int) -> Expr:
        if node.type == "unary_expression" and node.child_by_field_name("operator") is not None \
                and node.child_by_field_name("operator").type == "&":  # fmt: skip
            held = self._address_of_constant(node, scope)
            if held is not None:
                return held
        node = unwrap(node)
        if node is None:
            return Unknown(Span(1, 1, 1, 1))
        t = node.type
        span = self.span(node)
        if t in ("expression_list", "literal_element") or t in _THROUGH:
            inner = [c for c in node.named_children if c.type != "comment"]
            return self.lower(inner[0], scope) if inner else Unknown(span)
        if t in ("interpreted_string_literal", "raw_string_literal"):
            return Lit(go_string(self.data, node), span)
        if t in ("int_literal", "float_literal"):
            text = text_of(self.data, node).replace("_", "")
            try:
                return Lit(float(text) if t == "float_literal" else int(text, 0), span)
            except ValueError:
                return Unknown(span)
        if t in ("true", "false"):
            return Lit(t == "true", span)
        if t == "nil":
            return Lit(None, span)
        if t == "identifier":
            name = text_of(self.data, node)
            if self._receiver(name, scope):
                name = "self"
            return Ref(name, scope, self.pos(node), span)
        if t == "selector_expression":
            return self._selector(node, scope, span)
        if t == "index_expression":
            return Index(self.lower(node.child_by_field_name("operand"), scope),
                         self.lower(node.child_by_field_name("index"), scope), span)  # fmt: skip
        if t == "call_expression":
            return self._call(node, scope, span)
        if t == "composite_literal":
            return self._composite(node.child_by_field_name("body"), node.child_by_field_name("type"), scope, span)
        if t == "literal_value":
            return self._composite(node, None, scope, span)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type == "+":
                return Add(self.lower(node.child_by_field_name("left"), scope),
                           self.lower(node.child_by_field_name("right"), scope), span)  # fmt: skip
        return Unknown(span)

    def _address_of_constant(self, node: Any, scope: int) -> Lit | None:
        """`Store: &store` with `store := true` the only value `store` is given: Go takes the
        address of a variable, never of a literal, so an optional field is written this way;
        the value is the literal, reported where the field is set."""
        operand = node.child_by_field_name("operand")
        if operand is None or operand.type != "identifier":
            return None
        name = text_of(self.data, operand)
        s: int | None = scope
        while s is not None:
            bindings = self.m.bindings.get((s, name))
            if bindings:
                if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].raw is None:
                    return None
                raw = bindings[0].raw
                if raw.type in ("true", "false", "int_literal", "float_literal", "interpreted_string_literal", "raw_string_literal"):
                    value = self.lower(raw, s)
                    return Lit(value.value, self.span(node)) if isinstance(value, Lit) else None
                return None
            s = self.m.scopes[s].parent
        return None

    def _selector(self, node: Any, scope: int, span: Span) -> Expr:
        operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
        name = text_of(self.data, field) if field is not None else "?"
        if operand is not None and operand.type == "identifier":
            sdk = self.sdk_names.get(text_of(self.data, operand))
            if sdk is not None:
                value = self.go.constant(sdk, name)
                # `openai.GPT4o`: the model id the SDK's constant holds.
                return Lit(value, span) if value is not None else Attr(self.lower(operand, scope), name, span)
            if text_of(self.data, operand) in self.m.imports:
                return Attr(self.lower(operand, scope), name, span)  # a package's name, as written
        called = node.parent is not None and node.parent.type == "call_expression" \
            and node.parent.child_by_field_name("function") == node  # fmt: skip
        # A method keeps its name (the catalogue's); a field is the JSON name it marshals to.
        return Attr(self.lower(operand, scope), name if called else json_name(name), span)

    def _callee(self, fn: Any) -> str | None:
        """The function name of a call of an SDK package (`openai.DefaultConfig`), else None."""
        if fn is not None and fn.type == "selector_expression":
            operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
            if operand is not None and field is not None and operand.type == "identifier" \
                    and text_of(self.data, operand) in self.sdk_names:  # fmt: skip
                return text_of(self.data, field)
        return None

    def _call(self, node: Any, scope: int, span: Span) -> Expr:
        fn = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        raw = [a for a in (args_node.named_children if args_node is not None else ()) if a.type != "comment"]
        if fn is not None and fn.type == "identifier" and text_of(self.data, fn) in CONVERSIONS and len(raw) == 1:
            return self.lower(raw[0], scope)  # `float32(x)`
        name = self._callee(fn)
        if name is not None and name in self.go.values and raw:
            return self.lower(raw[0], scope)  # `openai.String("...")`
        if name is not None and name in self.go.data.typed:
            # `responses.ToolParamOfWebSearchPreview(...)`: a tool of the type the function is named for.
            return Obj(((Lit("type", span), Lit(self.go.data.typed[name], span)),), span)
        config = self.go.configs.get(name) if name is not None else None
        if config is not None:
            # `openai.DefaultAzureConfig(key, endpoint)`: the settings it makes.
            entries: list[tuple[Expr | None, Expr]] = [(Lit(k, span), Lit(v, span)) for k, v in config.set.items()]
            entries += [(Lit(k, span), self.lower(a, scope)) for k, a in zip(config.args, raw, strict=False)]
            return Obj(tuple(entries), span)
        args: list[Expr] = []
        for a in raw:
            if a.type == "variadic_argument":  # `f(opts...)`
                inner = a.named_children[0] if a.named_children else None
                args.append(Spread(self.lower(inner, scope), self.span(a)))
            else:
                args.append(self.lower(a, scope))
        if name is not None and any(isinstance(a, Obj) for a in args) and all(
                isinstance(a, (Obj, Spread)) for a in args):  # fmt: skip
            # openai-go `openai.NewClient(option.WithBaseURL(u), option.WithAPIKey(k))`: each
            # option is one setting of the client.
            merged = tuple((k, v) for a in args if isinstance(a, Obj) for k, v in a.entries)
            return Call(self.lower(fn, scope), (Obj(merged, span),), (), span)
        return Call(self.lower(fn, scope), tuple(args), (), span)

    def _composite(self, body: Any, typ: Any, scope: int, span: Span) -> Expr:
        """A composite literal: a list (slice, array, or elements without keys) or an object."""
        if body is None:
            return Unknown(span)
        elements = [c for c in body.named_children if c.type != "comment"]
        listy = typ is not None and typ.type in ("slice_type", "array_type", "implicit_length_array_type")
        if listy or (elements and all(e.type == "literal_element" for e in elements)):
            return Arr(tuple(self.lower(e, scope) for e in elements), span)
        entries: list[tuple[Expr | None, Expr]] = []
        struct = typ is None or typ.type != "map_type"
        for e in elements:
            if e.type != "keyed_element":
                continue
            parts = [c for c in e.named_children if c.type != "comment"]
            if len(parts) != 2:
                continue
            key_node = parts[0].named_children[0] if parts[0].type == "literal_element" and parts[0].named_children else parts[0]
            if key_node.type in ("identifier", "field_identifier") and struct:
                key: Expr = Lit(json_name(text_of(self.data, key_node)), self.span(key_node))
            else:
                key = self.lower(key_node, scope)
            entries.append((key, self.lower(parts[1], scope)))
        prefix = self.go.data.union_prefix
        if len(entries) == 1 and struct and self._union_field(elements[0], prefix):
            return entries[0][1]  # openai-go `{OfString: openai.String("hi")}`: the value it holds
        implied = self.typed(typ)
        if implied is not None and not any(isinstance(k, Lit) and k.value == "type" for k, _ in entries):
            entries.insert(0, (Lit("type", span), Lit(implied, span)))  # `responses.FileSearchToolParam{...}`
        return Obj(tuple(entries), span)

    def typed(self, typ: Any) -> str | None:
        """The JSON `type` an SDK struct sets itself (`responses.FileSearchToolParam`), or None."""
        if typ is None or typ.type != "qualified_type":
            return None
        package, name = typ.child_by_field_name("package"), typ.child_by_field_name("name")
        if package is None or name is None or text_of(self.data, package) not in self.sdk_names:
            return None
        return self.go.data.typed.get(text_of(self.data, name))

    def type_key(self, body: Any) -> tuple[bool, str | None]:
        """Whether a literal sets a `Type` field, and the string it sets when that is written
        out (`"web_search_preview"`) or an SDK constant (`openai.ToolTypeWebSearch`)."""
        for e in body.named_children if body is not None else ():
            parts = [c for c in e.named_children if c.type != "comment"] if e.type == "keyed_element" else []
            key = parts[0].named_children[0] if len(parts) == 2 and parts[0].named_children else None
            if key is None or text_of(self.data, key) not in ("Type", "type", '"type"'):
                continue
            value = self.lower(parts[1], 0)
            return True, value.value if isinstance(value, Lit) and isinstance(value.value, str) else None
        return False, None

    def _union_field(self, element: Any, prefix: str) -> bool:
        parts = [c for c in element.named_children if c.type != "comment"]
        key = parts[0].named_children[0] if parts and parts[0].named_children else None
        name = text_of(self.data, key) if key is not None else ""
        return name.startswith(prefix) and name[len(prefix) : len(prefix) + 1].isupper()
