"""JavaScript/TypeScript front-end: tree-sitter -> the shared call-site form.

One iterative walk (no recursion: deep nesting must not blow the stack) records
scopes, imports and re-exports, bindings (declarations, assignments, `this.x = ...`,
`obj.k = v`, `.push`, `+=`, `Object.assign(x, ...)`), class fields, parameter defaults,
returns, calls, typed object literals and URL strings. Expressions are lowered to
`callsite.Expr` when the resolver asks; TypeScript wrappers (`as`, `satisfies`, `!`,
`as const`) and `await` are looked through. Comments are never code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bedrock_check.extract.callsite import (
    Add,
    Alt,
    Arr,
    Attr,
    Binding,
    Call,
    CallSite,
    ClassInfo,
    Comp,
    Expr,
    FileModel,
    FuncInfo,
    Import,
    Index,
    Lit,
    Obj,
    Ref,
    Spread,
    Unknown,
)
from bedrock_check.extract.common import SourceText, config_key, model_string
from bedrock_check.extract.joins import PATH_LIKE, js_holders
from bedrock_check.extract.sessions import is_session_key
from bedrock_check.findings import Span
from bedrock_check.httppaths import request_endpoint
from bedrock_check.quickclass import dataclass

_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "non_null_expression", "parenthesized_expression",
                       "await_expression", "type_assertion"})  # fmt: skip
_FUNCS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                    "generator_function_declaration", "function"})  # fmt: skip
_MAX_URLS = 2_000
#: Node types the walk acts on; every other node only has its children walked.
_ACTED_ON = _FUNCS | frozenset({
    "comment", "class_declaration", "class", "abstract_class_declaration", "public_field_definition",
    "field_definition", "variable_declarator", "assignment_expression", "augmented_assignment_expression",
    "call_expression", "new_expression", "return_statement", "import_statement", "export_statement", "object",
    "string", "template_string", "binary_expression",
})  # fmt: skip
#: TypeScript types (annotations, interfaces, aliases) and leaves: nothing in them is a
#: call, a binding or a literal the scan needs, and they are much of a typed file's tree.
_SKIPPED = frozenset({
    "type_annotation", "interface_declaration", "type_alias_declaration", "type_arguments", "type_parameters",
    "identifier", "property_identifier", "shorthand_property_identifier", "number", "true", "false", "null",
    "undefined", "this", "type_identifier", "predefined_type", "regex", "string_fragment", "escape_sequence",
})  # fmt: skip


@lru_cache(maxsize=3)
def parser(kind: str) -> Any:
    """A tree-sitter parser for javascript, typescript or tsx."""
    from tree_sitter import Language, Parser

    if kind == "javascript":
        import tree_sitter_javascript

        return Parser(Language(tree_sitter_javascript.language()))
    import tree_sitter_typescript as grammar

    lang = grammar.language_tsx() if kind == "tsx" else grammar.language_typescript()
    return Parser(Language(lang))


_TEMPLATE_SUB = re.compile(r"\$\{[^}]*\}")


def _text(src: bytes, node: Any) -> str:
    """A node's text (sliced from the source: `node.text` costs ten times as much)."""
    return src[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


def _is_text(src: bytes, node: Any, text: str) -> bool:
    """`_text(src, node) == text` for an ASCII `text`, without copying a long node's text (the
    callee of `(async () => {...})()` is the whole function)."""
    return node.end_byte - node.start_byte == len(text) and src[node.start_byte : node.end_byte] == text.encode()


def unwrap(node: Any) -> Any:
    """Look through parentheses, `await` and TypeScript type wrappers."""
    while node is not None and node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type not in ("type_annotation", "comment")]
        if not inner:
            break
        node = inner[0]
    return node


def chain_of(src: bytes, node: Any) -> tuple[str, ...]:
    """The attribute chain of a callee as written: `client.responses.create`."""
    parts: list[str] = []
    node = unwrap(node)
    while node is not None:
        t = node.type
        if t == "member_expression":
            prop = node.child_by_field_name("property")
            parts.append(_text(src, prop) if prop is not None else "?")
            node = unwrap(node.child_by_field_name("object"))
        elif t in ("identifier", "this", "property_identifier", "super"):
            parts.append(_text(src, node))
            break
        elif t in ("call_expression", "new_expression"):
            parts.append("()")
            node = unwrap(node.child_by_field_name("function" if t == "call_expression" else "constructor"))
        else:
            parts.append("?")
            break
    return tuple(reversed(parts))


#: Nodes that end the search for the `if` branches an assignment is in (its function's body).
_BODY_ENDS = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                        "generator_function_declaration", "class_body", "program"})


def _branch(node: Any) -> tuple[tuple[int, int], ...]:
    """The `if`/`else` branches a statement is in, outermost first (see `Binding.branch`)."""
    found: list[tuple[int, int]] = []
    child, parent = node, node.parent
    while parent is not None and parent.type not in _BODY_ENDS:
        if parent.type == "if_statement":
            arm = parent.child_by_field_name("alternative")
            inside_else = arm is not None and arm.start_byte <= child.start_byte and child.end_byte <= arm.end_byte
            found.append((parent.id, 1 if inside_else else 0))
        child, parent = parent, parent.parent
    return tuple(reversed(found))


def _extends(src: bytes, node: Any) -> list[str]:
    """The last name of the class a class declaration extends (`extends Base`, `extends ns.Base<T>`)."""
    for child in node.children:
        if child.type != "class_heritage":
            continue
        # TypeScript wraps it in an `extends_clause`; JavaScript writes `extends` and the value.
        clause = next((c for c in child.children if c.type == "extends_clause"), child)
        value = next((c for c in clause.named_children if c.type in ("identifier", "member_expression")), None)
        text = _text(src, value) if value is not None else ""
        return [text.rsplit(".", 1)[-1]] if text else []
    return []


def _env_name(src: bytes, node: Any, member: str | None = None) -> str | None:
    """`X` for `process.env.X`, `process.env["X"]` and `import.meta.env.X`; `member` is
    returned for the environment object itself (`process.env`); None for anything else."""
    if node is None:
        return None
    if _is_env(src, node):
        return member
    if node.type not in ("member_expression", "subscript_expression"):
        return None
    base = node.child_by_field_name("object")
    if base is None or not _is_env(src, base):
        return None
    key = node.child_by_field_name("property") or node.child_by_field_name("index")
    if key is None:
        return None
    return _string(src, key) if key.type == "string" else _text(src, key) if key.type == "property_identifier" else None


def _is_env(src: bytes, node: Any) -> bool:
    return _is_text(src, node, "process.env") or _is_text(src, node, "import.meta.env")


def _schema_default(src: bytes, pair: Any) -> tuple[str, Any] | None:
    """(key, default) for `OPENAI_MODEL: z.string().default("gpt-4o")` in an object literal."""
    key, value = pair.child_by_field_name("key"), unwrap(pair.child_by_field_name("value"))
    if key is None or value is None or value.type != "call_expression":
        return None
    fn = value.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
    args = value.child_by_field_name("arguments")
    if prop is None or _text(src, prop) != "default" or args is None:
        return None
    first = next((a for a in args.named_children if a.type != "comment"), None)
    if first is None:
        return None
    return (_string(src, key) if key.type == "string" else _text(src, key)), first


#: Keys of a settings declaration (`{name: "modelName", default: "gpt-4o-mini"}`): its name, its default.
_DECLARED_NAME = ("name", "id", "key")
_DECLARED_DEFAULT = ("default", "defaultValue", "default_value")


def _declared_default(src: bytes, node: Any) -> tuple[str, Any] | None:
    """(name, default) of an object that declares a setting: a string `name` (or `id`, `key`)
    beside a `default` (`{label: "Model Name", name: "modelName", type: "options", default: "gpt-4o-mini"}`)."""
    name = default = None
    for pair in node.named_children:
        if pair.type != "pair":
            continue
        key, value = pair.child_by_field_name("key"), unwrap(pair.child_by_field_name("value"))
        if key is None or value is None:
            continue
        word = _string(src, key) if key.type == "string" else _text(src, key)
        if word in _DECLARED_NAME and value.type == "string":
            name = _string(src, value)
        elif word in _DECLARED_DEFAULT:
            default = value
    return (name, default) if name and default is not None else None


#: Parents of a string that make it a choice or a look-up, not a setting's value.
#: A constant's name (`SHOW_DIALOG`, `ActionType.ADD` ends in one): an action type, not a picked tool.
_CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
#: Keys of a picker's option: the one naming it, and those that describe it to the user.
_OPTION_NAMES = frozenset({"name", "value", "id"})
_OPTION_LABELS = frozenset({"label", "description", "title"})
_NOT_VALUE_PARENTS = frozenset({"array", "subscript_expression", "switch_case", "enum_assignment"})
#: String methods whose arguments are compared with a value, not set as one (`model.startsWith("openai/")`).
_STRING_TESTS = frozenset({"startsWith", "endsWith", "includes", "indexOf", "replace", "replaceAll", "split"})
#: Comparison operators (a `||`/`??` default is a value).
_COMPARISONS = frozenset({"===", "==", "!==", "!=", "in", "instanceof", "<", ">"})


def _model_value(node: Any) -> bool:
    """Whether a string literal is written as a value (not a list item, a key, a comparison
    operand or an index)."""
    parent = node.parent
    if parent is None:
        return True
    if parent.type in _NOT_VALUE_PARENTS:
        return False
    if parent.type == "binary_expression":
        op = parent.child_by_field_name("operator")
        return op is None or op.type not in _COMPARISONS
    if parent.type == "pair":
        key = parent.child_by_field_name("key")
        return key is None or key.start_byte != node.start_byte
    if parent.type == "arguments" and parent.parent is not None and parent.parent.type == "call_expression":
        func = parent.parent.child_by_field_name("function")
        prop = func.child_by_field_name("property") if func is not None and func.type == "member_expression" else None
        return prop is None or prop.text.decode("utf-8", "replace") not in _STRING_TESTS
    return True


def _string(src: bytes, node: Any) -> str:
    return "".join(_text(src, c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))


class _Front:
    """The walk and the lowering, sharing the span helper."""

    def __init__(self, model: FileModel, data: bytes = b"") -> None:
        self.m = model
        #: The source as parsed (node byte offsets index it).
        self.data = data

    def span(self, node: Any) -> Span:
        (r0, c0), (r1, c1) = node.start_point, node.end_point
        src = self.m.src
        if src.ascii:  # byte columns are character columns
            return Span(r0 + 1, c0 + 1, r1 + 1, c1 + 1)
        return Span(r0 + 1, src.char_column(r0 + 1, c0), r1 + 1, src.char_column(r1 + 1, c1))

    @staticmethod
    def pos(node: Any) -> tuple[int, int]:
        return node.start_point[0] + 1, node.start_point[1]

    # ------------------------------------------------------------ walk

    def walk(self, root: Any) -> None:
        m = self.m
        top = m.new_scope(None, "module")
        stack: list[tuple[Any, int, FuncInfo | None, ClassInfo | None]] = [(root, top, None, None)]
        acted_on, skipped = _ACTED_ON, _SKIPPED
        while stack:
            node, scope, func, cls = stack.pop()
            t = node.type
            if t not in acted_on:
                # Anonymous tokens (punctuation, keywords) hold nothing: named children only.
                stack.extend([(child, scope, func, cls) for child in reversed(node.named_children)
                              if child.type not in skipped])  # fmt: skip
                continue
            if t == "comment":
                continue
            if t in _FUNCS:
                scope, func = self._function(node, scope, cls)
                cls = None if t != "method_definition" else cls
            elif t in ("class_declaration", "class", "abstract_class_declaration"):
                name_node = node.child_by_field_name("name")
                name = _text(self.data, name_node) if name_node is not None else f"<class@{node.start_point[0]}>"
                info = m.classes.setdefault(name, ClassInfo(name, m.new_scope(scope, "class", name), bases=_extends(self.data, node)))
                if name_node is not None:
                    m.bind(scope, name, Binding("class", self.pos(node), None, key=name))
                cls, scope = info, info.scope
            elif t in ("public_field_definition", "field_definition") and cls is not None:
                prop = node.child_by_field_name("property") or node.child_by_field_name("name")
                value = node.child_by_field_name("value")
                if prop is not None and value is not None:
                    cls.fields.setdefault(_text(self.data, prop), []).append((value, scope))
            elif t == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None and name.type == "identifier":
                    m.bind(scope, _text(self.data, name), Binding("assign", self.pos(node), value))
                    self._reference(value, scope)
                elif name is not None and value is not None and name.type == "object_pattern" and _env_name(self.data, unwrap(value), "") == "":
                    # `const { OPENAI_MODEL = "gpt-4o" } = process.env`
                    for part in name.named_children:
                        left, right = part.child_by_field_name("left"), part.child_by_field_name("right")
                        if part.type == "object_assignment_pattern" and left is not None and right is not None:
                            m.named_defaults.append((_text(self.data, left), right, scope))
                elif name is not None and value is not None and name.type == "object_pattern":
                    self._destructure(name, value, scope)
            elif t == "binary_expression":
                op, left = node.child_by_field_name("operator"), node.child_by_field_name("left")
                env = _env_name(self.data, unwrap(left)) if op is not None and _text(self.data, op) in ("??", "||") else None
                right = node.child_by_field_name("right")
                if env and right is not None:
                    m.named_defaults.append((env, right, scope))  # `process.env.OPENAI_MODEL ?? "gpt-4o"`
            elif t == "assignment_expression":
                self._assign(node, scope)
            elif t == "augmented_assignment_expression":
                left = node.child_by_field_name("left")
                op = node.child_by_field_name("operator")
                if left is not None and left.type == "identifier" and op is not None and _text(self.data, op) == "+=":
                    m.bind(scope, _text(self.data, left), Binding("extend", self.pos(node), node.child_by_field_name("right")))
            elif t in ("call_expression", "new_expression"):
                self._call(node, scope)
            elif t == "return_statement" and func is not None:
                value = next((c for c in node.named_children if c.type != "comment"), None)
                if value is not None:
                    func.returns.append(value)
            elif t == "import_statement":
                self._import(node)
                continue
            elif t == "export_statement":
                self._export(node, scope)
            elif t == "object":
                types: list[str] = []
                spread = False
                config = False
                session = False
                named: Any = None
                labelled = False
                for pair in node.named_children:
                    if pair.type == "pair":
                        key, value = pair.child_by_field_name("key"), unwrap(pair.child_by_field_name("value"))
                        key_name = None if key is None else _string(self.data, key) if key.type == "string" else _text(self.data, key)
                        config = config or config_key(key_name)
                        session = session or is_session_key(key_name)
                        if value is not None and key_name in _OPTION_NAMES and value.type == "string":
                            named = value
                        labelled = labelled or key_name in _OPTION_LABELS
                        if (key_name == "type" and value is not None and value.type in ("identifier", "member_expression")
                                and not _CONSTANT_NAME.match(_text(self.data, value).rpartition(".")[2])):  # fmt: skip
                            m.dynamic_types = True  # `{type: tool}` (not a reducer's `{type: SHOW_DIALOG}`)
                        if (key is not None and value is not None and value.type == "string"
                                and (_text(self.data, key) == "type" or (key.type == "string" and _string(self.data, key) == "type"))):  # fmt: skip
                            escaped = any(c.type == "escape_sequence" for c in value.named_children)
                            types.append("\\" if escaped else _string(self.data, value))  # an escape: resolve to know
                    elif pair.type == "spread_element":
                        spread = True
                    if pair.type == "pair":
                        default = _schema_default(self.data, pair)
                        if default is not None:
                            m.named_defaults.append((default[0], default[1], scope))
                declared = _declared_default(self.data, node)
                if declared is not None:
                    m.declared_defaults.append((declared[0], declared[1], scope))
                if types:
                    # The `type` as written, unless a `...spread` or a second `type` key may change it.
                    plain = len(types) == 1 and not spread and types[0] != "\\"
                    m.typed_literals.append((node, scope, types[0] if plain else None))
                if named is not None and labelled:
                    m.named_options.append((_string(self.data, named), self.span(named)))
                if config:
                    m.config_literals.append((node, scope))
                if session:
                    m.session_literals.append((node, scope))
            elif t in ("string", "template_string"):
                scheme = self.data.find(b"://", node.start_byte, node.end_byte) >= 0
                if scheme and len(m.urls) < _MAX_URLS:
                    value = self.lower(node, scope)
                    if isinstance(value, Lit):
                        m.urls.append((value.value, value.span))
                    elif t == "template_string":
                        # `https://api.openai.com/v1/containers/${id}/files`: the URL's shape,
                        # each substitution as `{}` (checked as a URL, never as a value).
                        m.urls.append((_TEMPLATE_SUB.sub("{}", _text(self.data, node)[1:-1]), self.span(node)))
                elif (not scheme and len(m.paths) < _MAX_URLS and node.end_byte - node.start_byte < 160
                      and self.data.find(b"/", node.start_byte, node.end_byte) >= 0):  # fmt: skip
                    self._path(node, t)
                if t == "string" and self.data[node.start_byte + 1 : node.start_byte + 7] in (b"openai", b"azure:", b"azure/", b"azure_", b"azure-") \
                        and _model_value(node):  # fmt: skip
                    value = self.lower(node, scope)
                    if isinstance(value, Lit) and isinstance(value.value, str) and model_string(value.value):
                        m.model_strings.append((value.value, value.span))
                if t == "string":
                    continue
            stack.extend([(child, scope, func, cls) for child in reversed(node.named_children) if child.type not in skipped])

    def _path(self, node: Any, kind: str) -> None:
        """A string written like an endpoint's API path (`"v1/chat/completions"`, an Azure
        `` `deployments/${name}/chat/completions` ``), with the names around it."""
        text = _string(self.data, node) if kind == "string" else _TEMPLATE_SUB.sub("{}", _text(self.data, node)[1:-1])
        if PATH_LIKE.match(text) and request_endpoint(text) is not None:
            names = js_holders(self.data, node)
            if names:
                self.m.paths.append((text, self.span(node), names))

    def _function(self, node: Any, scope: int, cls: ClassInfo | None) -> tuple[int, FuncInfo]:
        m = self.m
        is_method = node.type == "method_definition" and cls is not None
        inner = m.new_scope(scope, "function", cls.name if is_method and cls else None)
        name_node = node.child_by_field_name("name")
        name = _text(self.data, name_node) if name_node is not None else "<anonymous>"
        info = FuncInfo(name, inner, cls=cls.name if is_method and cls else None)
        if is_method and cls is not None:
            cls.methods[name] = info
        elif name_node is not None and node.type != "function_expression":
            m.bind(scope, name, Binding("func", self.pos(node), None, func=info))
        elif node.parent is not None and node.parent.type == "variable_declarator":
            # `const f = () => ...`: the declarator binds the arrow function itself.
            target = node.parent.child_by_field_name("name")
            if target is not None and target.type == "identifier":
                m.bind(scope, _text(self.data, target), Binding("func", self.pos(node), None, func=info))
        params = node.child_by_field_name("parameters")
        for index, p in enumerate([c for c in params.named_children if c.type != "comment"] if params is not None else []):
            pname, default, declared = None, None, None
            if p.type == "identifier":
                pname = p
            elif p.type == "assignment_pattern":
                pname, default = p.child_by_field_name("left"), p.child_by_field_name("right")
            elif p.type in ("required_parameter", "optional_parameter"):
                pname, default = p.child_by_field_name("pattern"), p.child_by_field_name("value")
                declared = _declared(p)
            if pname is not None and pname.type == "identifier":
                # `key`: the argument's position at a call.
                m.bind(inner, _text(self.data, pname), Binding("param", self.pos(p), default, key=str(index), annotation=declared))
            elif pname is not None and pname.type == "object_pattern":
                # `constructor({ model = "gpt-4o" } = {})`: each name is a parameter whose
                # value is its own default (what callers pass is an object, not this name).
                for local, keys, fallback, at in _pattern_names(self.data, pname):
                    if fallback is None and default is not None:
                        # `connect({ model } = { model: "gpt-4o-realtime-preview" })`
                        fallback = _Pick(default, keys)
                    m.bind(inner, local, Binding("param", self.pos(at), fallback))
        body = node.child_by_field_name("body")
        if node.type == "arrow_function" and body is not None and body.type != "statement_block":
            info.returns.append(body)
        return inner, info

    def _assign(self, node: Any, scope: int) -> None:
        m = self.m
        left, right = unwrap(node.child_by_field_name("left")), node.child_by_field_name("right")
        if left is None or right is None:
            return
        if left.type == "identifier":
            m.bind(scope, _text(self.data, left), Binding("assign", self.pos(node), right, branch=_branch(node)))
        elif left.type == "member_expression":
            obj, prop = unwrap(left.child_by_field_name("object")), left.child_by_field_name("property")
            if obj is None or prop is None:
                return
            if obj.type == "this":
                cls = m.scopes[scope].cls or self._class_of(scope)
                if cls and cls in m.classes:
                    m.classes[cls].fields.setdefault(_text(self.data, prop), []).append((right, scope))
            elif obj.type == "member_expression" and unwrap(obj.child_by_field_name("object")) is not None \
                    and unwrap(obj.child_by_field_name("object")).type == "this":  # fmt: skip
                # `this.config.model = "gpt-4o"`: a field of a field, kept under its dotted name.
                cls = m.scopes[scope].cls or self._class_of(scope)
                inner = obj.child_by_field_name("property")
                if cls and cls in m.classes and inner is not None:
                    m.classes[cls].fields.setdefault(f"{_text(self.data, inner)}.{_text(self.data, prop)}", []).append((right, scope))
            elif obj.type == "identifier":
                m.bind(scope, _text(self.data, obj), Binding("setitem", self.pos(node), right, key=_text(self.data, prop)))
        elif left.type == "subscript_expression":
            obj, idx = unwrap(left.child_by_field_name("object")), unwrap(left.child_by_field_name("index"))
            if obj is not None and obj.type == "identifier" and idx is not None and idx.type == "string":
                m.bind(scope, _text(self.data, obj), Binding("setitem", self.pos(node), right, key=_string(self.data, idx)))

    def _destructure(self, pattern: Any, value: Any, scope: int) -> None:
        """`const { OpenAI: Client } = require("openai")` is an import of each name;
        `const { model = "gpt-4o", options } = config` binds each name to its member of
        the value (or to its default, when the member is not there)."""
        m = self.m
        module = _required_module(self.data, value)
        for local, keys, fallback, at in _pattern_names(self.data, pattern):
            if module is not None and len(keys) == 1 and fallback is None:
                m.imports[local] = Import(local, module, keys[0])
            else:
                m.bind(scope, local, Binding("assign", self.pos(at), _Pick(value, keys, fallback)))

    def _class_of(self, scope: int) -> str | None:
        s: int | None = scope
        while s is not None:
            if self.m.scopes[s].cls:
                return self.m.scopes[s].cls
            s = self.m.scopes[s].parent
        return None

    def _call(self, node: Any, scope: int) -> None:
        m = self.m
        is_new = node.type == "new_expression"
        fn = node.child_by_field_name("constructor" if is_new else "function")
        if fn is None:
            return
        fn = unwrap(fn)
        args = node.child_by_field_name("arguments")
        arg_nodes = [a for a in (args.named_children if args is not None else ()) if a.type != "comment"]
        if fn.type == "member_expression" and not is_new:
            obj, prop = unwrap(fn.child_by_field_name("object")), fn.child_by_field_name("property")
            pname = _text(self.data, prop) if prop is not None else ""
            if obj is not None and obj.type == "identifier" and pname in ("push", "unshift"):
                for a in arg_nodes:
                    if a.type == "spread_element" and a.named_children:
                        m.bind(scope, _text(self.data, obj), Binding("extend", self.pos(node), a.named_children[0]))
                    else:
                        m.bind(scope, _text(self.data, obj), Binding("append", self.pos(node), a))
                return
            if obj is not None and pname == "assign" and _is_text(self.data, obj, "Object") and len(arg_nodes) >= 2:
                target = unwrap(arg_nodes[0])
                if target is not None and target.type == "identifier":
                    for a in arg_nodes[1:]:
                        m.bind(scope, _text(self.data, target), Binding("update", self.pos(node), a))
        elif fn.type not in ("identifier", "member_expression", "super"):
            return  # (`super({baseURL})`: a subclass picks its base class's settings)
        m.calls.append(CallSite(node, scope, self.span(node), chain_of(self.data, fn), fn))
        # `console.log(client.chat.completions.create)` only shows it.
        if self.data[fn.start_byte : fn.start_byte + 8] != b"console.":
            for a in arg_nodes:  # `retry(client.chat.completions.create, params)`
                self._reference(a, scope)

    def _reference(self, node: Any, scope: int) -> None:
        """A member chain used as a value (`const complete = client.chat.completions.create`)."""
        node = unwrap(node)
        if node is not None and node.type == "member_expression":
            obj = unwrap(node.child_by_field_name("object"))
            if obj is not None and obj.type == "member_expression":
                self.m.references.append(CallSite(node, scope, self.span(node), chain_of(self.data, node), node))

    def _import(self, node: Any) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        module = _string(self.data, source)
        stack = list(node.named_children)
        while stack:
            n = stack.pop()
            if n.type == "import_specifier":
                name, alias = n.child_by_field_name("name"), n.child_by_field_name("alias")
                if name is not None:
                    local = _text(self.data, alias or name)
                    self.m.imports[local] = Import(local, module, _text(self.data, name))
            elif n.type == "namespace_import":
                for ident in n.named_children:
                    self.m.imports[_text(self.data, ident)] = Import(_text(self.data, ident), module, "*")
            elif n.type == "identifier" and n.parent is not None and n.parent.type == "import_clause":
                self.m.imports[_text(self.data, n)] = Import(_text(self.data, n), module, "default")
            else:
                stack.extend(n.named_children)

    def _export(self, node: Any, scope: int) -> None:
        m = self.m
        source = node.child_by_field_name("source")
        module = _string(self.data, source) if source is not None else None
        value = node.child_by_field_name("value")
        if value is not None:  # export default <expr>
            m.default_export = value
            return
        decl = node.child_by_field_name("declaration")
        if decl is not None:
            if any(c.type == "default" for c in node.children):
                name = decl.child_by_field_name("name")
                m.default_export = name if name is not None else decl
            return
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is None:
            if module is not None:
                m.star_reexports.append(module)
            return
        for spec in clause.named_children:
            if spec.type != "export_specifier":
                continue
            name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
            if name is None:
                continue
            exported = _text(self.data, alias or name)
            if module is not None:
                m.reexports[exported] = Import(exported, module, _text(self.data, name))
            elif exported != _text(self.data, name):
                m.bind(scope, exported, Binding("assign", self.pos(spec), name))

    # ------------------------------------------------------------ lowering

    def lower(self, node: Any, scope: int) -> Expr:
        if type(node) is _Pick:
            return self._lower_pick(node, scope)
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
            if isinstance(joined, Lit):  # `${x}` alone: its value, not a string of it
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
        if t in ("identifier", "this", "shorthand_property_identifier", "type_identifier"):
            return Ref(_text(self.data, node), scope, self.pos(node), span)
        if t == "member_expression":
            prop = node.child_by_field_name("property")
            return Attr(lo(node.child_by_field_name("object"), scope), _text(self.data, prop) if prop is not None else "?", span)
        if t == "subscript_expression":
            return Index(lo(node.child_by_field_name("object"), scope), lo(node.child_by_field_name("index"), scope), span)
        if t in ("call_expression", "new_expression"):
            return self._lower_call(node, scope, span)
        if t == "object":
            return self._lower_object(node, scope, span)
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
        args: list[Expr] = []
        for a in args_node.named_children if args_node is not None else ():
            if a.type == "comment":
                continue
            if a.type == "spread_element" and a.named_children:
                args.append(Spread(self.lower(a.named_children[0], scope), self.span(a)))
            else:
                args.append(self.lower(a, scope))
        fn = unwrap(fn)
        if fn is not None and fn.type == "member_expression" and args_node is not None:
            prop = fn.child_by_field_name("property")
            first = next((a for a in args_node.named_children if a.type != "comment"), None)
            if prop is not None and _text(self.data, prop) in ("map", "flatMap") and first is not None and first.type == "arrow_function":
                body = first.child_by_field_name("body")
                if body is not None and body.type != "statement_block":
                    return Comp(self.lower(body, scope), span)
        return Call(self.lower(fn, scope), tuple(args), (), span, is_new)

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


@dataclass(frozen=True, slots=True)
class _Pick:
    """A name bound by destructuring: `keys` of `source` (a raw node), else `default`."""

    source: Any
    keys: tuple[str, ...]
    default: Any = None


def _pattern_names(src: bytes, pattern: Any, keys: tuple[str, ...] = ()) -> list[tuple[str, tuple[str, ...], Any, Any]]:
    """The names an object pattern binds, as (name, member keys, default node, node):
    `{ a, b: c, d = 1, e: { f } }` binds a (a), c (b), d (d, default 1) and f (e.f).
    A `...rest` is left out (it holds the members not named)."""
    out: list[tuple[str, tuple[str, ...], Any, Any]] = []
    for c in pattern.named_children:
        t = c.type
        if t == "shorthand_property_identifier_pattern":
            out.append((_text(src, c), (*keys, _text(src, c)), None, c))
        elif t == "object_assignment_pattern":
            left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                out.append((_text(src, left), (*keys, _text(src, left)), right, c))
        elif t == "pair_pattern":
            key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
            if key is None or value is None or key.type not in ("property_identifier", "string"):
                continue
            name = _string(src, key) if key.type == "string" else _text(src, key)
            if value.type == "identifier":
                out.append((_text(src, value), (*keys, name), None, c))
            elif value.type == "assignment_pattern":
                left, right = value.child_by_field_name("left"), value.child_by_field_name("right")
                if left is not None and left.type == "identifier":
                    out.append((_text(src, left), (*keys, name), right, c))
            elif value.type == "object_pattern":
                out.extend(_pattern_names(src, value, (*keys, name)))
    return out


def _declared(param: Any) -> Any:
    """A parameter's type when it names a class (`agent: Agent`): the type's name node."""
    ann = param.child_by_field_name("type")
    inner = next((c for c in ann.named_children), None) if ann is not None else None
    return inner if inner is not None and inner.type == "type_identifier" else None


def _required_module(src: bytes, node: Any) -> str | None:
    """`"openai"` for `require("openai")` (a CommonJS import), else None."""
    node = unwrap(node)
    if node is None or node.type != "call_expression":
        return None
    fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    if fn is None or fn.type != "identifier" or _text(src, fn) != "require" or args is None:
        return None
    first = [a for a in args.named_children if a.type != "comment"]
    return _string(src, first[0]) if len(first) == 1 and first[0].type == "string" else None


def js_model(path: str, text: str, kind: str) -> FileModel:
    """The call-site form of one JS/TS file (tree-sitter recovers from syntax errors)."""
    data = text.encode("utf-8")
    tree = parser(kind).parse(data)
    model = FileModel(path, "javascript", SourceText(text), lambda n, s: Unknown(Span(1, 1, 1, 1)))
    front = _Front(model, data)
    model.lower = front.lower
    front.walk(tree.root_node)
    model.has_error = tree.root_node.has_error
    return model
