"""JavaScript/TypeScript front-end: tree-sitter -> the shared call-site form.

One iterative walk (no recursion: deep nesting must not blow the stack) records
scopes, imports and re-exports, bindings (declarations, assignments, `this.x = ...`,
`obj.k = v`, `.push`, `+=`, `Object.assign(x, ...)`, the items a `for...of` variable and a
`.map` callback's parameter take), class fields, getters, parameter defaults, returns, calls, typed object literals and URL strings. Expressions are lowered to
`callsite.Expr` when the resolver asks (`jslower.py`); TypeScript wrappers (`as`, `satisfies`, `!`,
`as const`) and `await` are looked through. Comments are never code. The walk is here;
the syntax-tree helpers it and the lowering share are in `jsnodes.py`.
"""

from __future__ import annotations

import re
from typing import Any

from bedrock_check.extract.callsite import (
    Binding,
    CallSite,
    ClassInfo,
    FileModel,
    FuncInfo,
    Import,
    Lit,
    Unknown,
)
from bedrock_check.extract.common import API_KEY_KEYS, SourceText, config_key, model_string
from bedrock_check.extract.joins import PATH_LIKE, js_holders, route_like
from bedrock_check.extract.jslower import _EACH_METHODS, _Items, _Lowering, _Pick, hook_initial
from bedrock_check.extract.jsmodules import _imported_module, _required_module, read_export, read_import
from bedrock_check.extract.jsnodes import (
    _ACTED_ON,
    _CONSTANT_NAME,
    _FUNCS,
    _MAX_URLS,
    _OPTION_LABELS,
    _OPTION_NAMES,
    _SKIPPED,
    _TEMPLATE_SUB,
    _branch,
    _declared,
    _declared_default,
    _env_name,
    _extends,
    _is_text,
    _model_value,
    _pattern_names,
    _schema_default,
    _string,
    _text,
    chain_of,
    model_entries,
    model_named,
    option_function,
    parser,
    record_of,
    server_set_beside,
    unwrap,
)
from bedrock_check.extract.sessions import is_session_key
from bedrock_check.findings import Span
from bedrock_check.httppaths import request_endpoint


def _parameter_property(p: Any) -> bool:
    """Whether a TypeScript constructor parameter declares a field too (`private x`, `readonly x`)."""
    return p.type in ("required_parameter", "optional_parameter") and any(
        c.type in ("accessibility_modifier", "readonly", "override_modifier") for c in p.children)


#: Assertion calls whose arguments are what a check expects, not what is sent: Node's `assert`,
#: and Jest's and Vitest's matchers (`expect(out).toEqual({...})`).
_ASSERTIONS = re.compile(rb"^(?:assert(?:\.\w+)?|.*\.(?:toEqual|toStrictEqual|toMatchObject|toContainEqual))$", re.S)
#: How a provider-prefixed model string starts (a cheap test before `model_string`, which asks the
#: catalogue's heads): `openai:`, `azure/`, Portkey's `@openai/`.
_MODEL_STRING_STARTS = (b"openai", b"azure:", b"azure/", b"azure_", b"azure-", b"@opena", b"@azure")


class _Front(_Lowering):
    """The walk that records a file's scopes, imports, bindings, calls and literals."""

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
            elif t == "enum_declaration" and node.child_by_field_name("body") is not None:
                # `enum ChatModels { GPT_41 = "gpt-4.1" }`: a name whose members are its values.
                m.bind(scope, _text(self.data, node.child_by_field_name("name")),
                       Binding("assign", self.pos(node), node.child_by_field_name("body")))  # fmt: skip
            elif t == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None and name.type == "identifier" \
                        and (found := _imported_module(self.data, value)) is not None:
                    # `const OpenAI = (await import("openai")).default`: an import made at run time.
                    local = _text(self.data, name)
                    m.imports[local] = Import(local, found[0], found[1])
                elif name is not None and value is not None and name.type == "identifier":
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
                elif name is not None and value is not None and name.type == "array_pattern":
                    initial = hook_initial(self.data, unwrap(value))
                    first = next(iter(name.named_children), None)
                    if initial is not None and first is not None and first.type == "identifier":
                        # `const [model, setModel] = useState("gpt-4o")`: the state starts as the
                        # argument (a picker's default, sent until the user picks another).
                        m.bind(scope, _text(self.data, first), Binding("assign", self.pos(node), initial))
                        if model_named(_text(self.data, first)):
                            m.model_entries.append((initial, scope))  # (sent on through the app's own API route)
            elif t == "binary_expression":
                op, left = node.child_by_field_name("operator"), node.child_by_field_name("left")
                env = _env_name(self.data, unwrap(left)) if op is not None and _text(self.data, op) in ("??", "||") else None
                right = node.child_by_field_name("right")
                if env and right is not None:
                    m.named_defaults.append((env, right, scope))  # `process.env.OPENAI_MODEL ?? "gpt-4o"`
            elif t == "for_in_statement":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and right is not None and left.type == "identifier" \
                        and any(c.type == "of" for c in node.children):  # fmt: skip
                    # `for (const type of HOSTED) tools.push({ type })`: each item in turn
                    # (`for (k in obj)` gives keys, not items).
                    m.bind(scope, _text(self.data, left), Binding("assign", self.pos(node), _Items(right), branch=_branch(node)))
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
                read_import(self.data, node, m)
                continue
            elif t == "export_statement":
                read_export(self.data, node, m, scope, self.pos)
            elif t == "object":
                types: list[str] = []
                spread = False
                config = keyed = False
                session = False
                named: Any = None
                labelled = False
                keys: set[str | None] = set()
                for pair in node.named_children:
                    if pair.type == "pair":
                        key, value = pair.child_by_field_name("key"), unwrap(pair.child_by_field_name("value"))
                        key_name = None if key is None else _string(self.data, key) if key.type == "string" else _text(self.data, key)
                        config = config or config_key(key_name)
                        keyed = keyed or key_name in API_KEY_KEYS
                        session = session or is_session_key(key_name)
                        keys.add(key_name)
                        if value is not None and key_name in _OPTION_NAMES and value.type == "string":
                            named = value
                        labelled = labelled or key_name in _OPTION_LABELS
                        if (key_name == "type" and value is not None and value.type in ("identifier", "member_expression")
                                and not _CONSTANT_NAME.match(_text(self.data, value).rpartition(".")[2])):  # fmt: skip
                            m.dynamic_types = True  # `{type: tool}` (not a reducer's `{type: SHOW_DIALOG}`)
                            if value.type == "identifier":
                                m.named_types.append((node, scope))  # `{type: partType}`
                        elif (key_name == "type" and value is not None and value.type == "subscript_expression"
                              and (obj := value.child_by_field_name("object")) is not None
                              and obj.type in ("identifier", "member_expression")):  # fmt: skip
                            m.looked_up_types.append((node, scope))  # `{type: TOOL_TYPES[name]}`
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
                    if _asserted(self.data, node):
                        m.compared.add(id(node))  # (what a check expects: `assert.deepEqual(out, [{type: ...}])`)
                if named is not None and labelled:
                    m.named_options.append((_string(self.data, named), self.span(named)))
                if any(k is not None and "odel" in k for k in keys):
                    m.model_entries.extend((value, scope) for value in model_entries(self.data, node, keys))
                record = record_of(node) if config or keyed else None
                # (Read for its API key alone only when not a block of another object: a service's
                # pipeline settings, `{embedding: {component: {api_key, model_name}}}`, are the service's.)
                if config or (keyed and record is None):
                    m.config_literals.append((node, scope))
                    if record is not None and config:
                        # A model record whose provider sits in a settings block of its own
                        # (`{name: "gpt-4.1", config: {provider: "openai"}}`): read as one mapping.
                        m.config_literals.append((record, scope))
                if session:
                    m.session_literals.append((node, scope))
                if {"custom_id", "body"} <= keys:
                    m.batch_lines.append((node, scope))
            elif t in ("string", "template_string"):
                if t == "template_string" and self.data.find(b"openai/deployments/", node.start_byte, node.end_byte) >= 0:
                    m.deployment_urls.append((node, scope))  # `openai/deployments/${model}/chat/completions`
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
                if t == "string" and self.data[node.start_byte + 1 : node.start_byte + 7] in _MODEL_STRING_STARTS \
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
                self.m.paths.append((text, self.span(node), names, self._route_item(node)))

    def _route_item(self, node: Any) -> bool:
        """Whether a path string is one item of an array of path strings only (a route table,
        `const openaiRoutes = ["/v1/chat/completions", "/v1/embeddings"]`)."""
        parent = node.parent
        if parent is None or parent.type != "array":
            return False
        items = [c for c in parent.named_children if c.type != "comment"]
        return all(c.type == "string" and route_like(_string(self.data, c)) for c in items)

    def _function(self, node: Any, scope: int, cls: ClassInfo | None) -> tuple[int, FuncInfo]:
        m = self.m
        is_method = node.type == "method_definition" and cls is not None
        inner = m.new_scope(scope, "function", cls.name if is_method and cls else None)
        name_node = node.child_by_field_name("name")
        name = _text(self.data, name_node) if name_node is not None else "<anonymous>"
        info = FuncInfo(name, inner, cls=cls.name if is_method and cls else None)
        if is_method and cls is not None:
            # (`get params()`: the keyword is a token of its own; a method named `get` is a name)
            accessor = next((c.type for c in node.children if c.type in ("get", "set")), None)
            info.getter = accessor == "get"
            if accessor != "set" or name not in cls.methods:
                cls.methods[name] = info  # (a setter does not replace its property's getter)
        elif name_node is not None and node.type != "function_expression":
            m.bind(scope, name, Binding("func", self.pos(node), None, func=info))
        elif node.parent is not None and node.parent.type == "variable_declarator":
            # `const f = () => ...`: the declarator binds the arrow function itself.
            target = node.parent.child_by_field_name("name")
            if target is not None and target.type == "identifier":
                m.bind(scope, _text(self.data, target), Binding("func", self.pos(node), None, func=info))
        elif (inline := option_function(node)) is not None:
            m.bind(scope, inline, Binding("func", self.pos(node), None, func=info))  # `{model: () => ...}`
        params = node.child_by_field_name("parameters")
        items = self._mapped_items(node)
        if items is not None:
            self.callback_scopes[node.id] = inner
        if items is not None and params is None and node.child_by_field_name("parameter") is not None:
            # `NAMES.map(type => ({ type }))`: a parameter without parentheses.
            lone = node.child_by_field_name("parameter")
            m.bind(inner, _text(self.data, lone), Binding("assign", self.pos(lone), _Items(items)))
        for index, p in enumerate([c for c in params.named_children if c.type != "comment"] if params is not None else []):
            pname, default, declared = None, None, None
            if p.type in ("identifier", "object_pattern"):  # (`function ask({ model = "gpt-4o" })` in JavaScript)
                pname = p
            elif p.type == "assignment_pattern":
                pname, default = p.child_by_field_name("left"), p.child_by_field_name("right")
            elif p.type in ("required_parameter", "optional_parameter"):
                pname, default = p.child_by_field_name("pattern"), p.child_by_field_name("value")
                declared = _declared(p)
            if pname is not None and pname.type == "identifier" and index == 0 and items is not None:
                # `HOSTED.map((type) => ({ type }))`: the parameter is each item of the array.
                m.bind(inner, _text(self.data, pname), Binding("assign", self.pos(p), _Items(items)))
            elif pname is not None and pname.type == "identifier":
                # `key`: the argument's position at a call.
                m.bind(inner, _text(self.data, pname), Binding("param", self.pos(p), default, key=str(index), annotation=declared))
                if is_method and cls is not None and name == "constructor" and _parameter_property(p):
                    # `constructor(private model: string = "gpt-4o")`: TypeScript's parameter property
                    # is the field `this.model`, set from the parameter (as `this.model = model` would).
                    cls.fields.setdefault(_text(self.data, pname), []).append((pname, inner))
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

    def _mapped_items(self, node: Any) -> Any:
        """The array an arrow function is the `.map`/`.flatMap` callback of (`HOSTED` of
        `HOSTED.map((type) => ...)`), as a raw node, else None."""
        args = node.parent
        call = args.parent if args is not None and args.type == "arguments" else None
        if node.type != "arrow_function" or call is None or call.type != "call_expression":
            return None
        first = next((a for a in args.named_children if a.type != "comment"), None)
        fn = unwrap(call.child_by_field_name("function"))
        if first is None or first.id != node.id or fn is None or fn.type != "member_expression":
            return None
        prop = fn.child_by_field_name("property")
        if prop is None or _text(self.data, prop) not in _EACH_METHODS:
            return None
        return fn.child_by_field_name("object")

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
            if obj.type != "this" and model_named(_text(self.data, prop)) and not server_set_beside(self.data, node):
                # `settings.caption.multimodal_model = "gpt-4-turbo"` (a class's own `this.model = ...`
                # is its field: `fields.field_models` decides)
                m.model_entries.append((right, scope))
            if obj.type == "this":
                cls = m.class_of(scope)
                if cls and cls in m.classes:
                    m.classes[cls].fields.setdefault(_text(self.data, prop), []).append((right, scope))
                    self._reference(right, scope)  # `this.client = new OpenAI().chat.completions`
            elif obj.type == "member_expression" and unwrap(obj.child_by_field_name("object")) is not None \
                    and unwrap(obj.child_by_field_name("object")).type == "this":  # fmt: skip
                # `this.config.model = "gpt-4o"`: a field of a field, kept under its dotted name.
                cls = m.class_of(scope)
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
        if module is None and (found := _imported_module(self.data, value)) is not None and found[1] == "*":
            module = found[0]  # `const { default: OpenAI } = await import("openai")`
        for local, keys, fallback, at in _pattern_names(self.data, pattern):
            if module is not None and len(keys) == 1 and fallback is None:
                m.imports[local] = Import(local, module, keys[0])
            else:
                m.bind(scope, local, Binding("assign", self.pos(at), _Pick(value, keys, fallback)))

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
            if (obj is not None and obj.type == "identifier" and pname in ("append", "set") and len(arg_nodes) >= 2
                    and (field := _string(self.data, arg_nodes[0])) is not None):  # fmt: skip
                # `formData.append("model", "whisper-1")` (FormData, URLSearchParams): a field of
                # the form a request sends, read as the body's key.
                m.bind(scope, _text(self.data, obj), Binding("setitem", self.pos(node), arg_nodes[1], key=field))
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
            if obj is not None and obj.type in ("member_expression", "call_expression", "new_expression"):
                self.m.references.append(CallSite(node, scope, self.span(node), chain_of(self.data, node), node))


def js_model(path: str, text: str, kind: str) -> FileModel:
    """The call-site form of one JS/TS file (tree-sitter recovers from syntax errors)."""
    data = text.encode("utf-8")
    tree = parser(kind).parse(data)
    model = FileModel(path, "javascript", SourceText(text), lambda n, s: Unknown(Span(1, 1, 1, 1)))
    front = _Front(model, data)
    model.lower = front.lower
    model.argument = front.argument
    front.walk(tree.root_node)
    # The model holds the front (its `lower`); lowering needs only the source, so the front lets
    # go of the model: no reference cycle, and a file's model is freed as soon as it is unused.
    del front.m
    model.has_error = tree.root_node.has_error
    return model


def _asserted(data: bytes, node: Any) -> bool:
    """Whether an object literal is an argument (at any depth) of an assertion call, within its function."""
    up = node.parent
    while up is not None and up.type not in ("function_declaration", "arrow_function", "method_definition", "program"):
        if up.type == "call_expression":
            callee = up.child_by_field_name("function")
            if callee is not None and _ASSERTIONS.match(data[callee.start_byte : callee.end_byte]):
                return True
        up = up.parent
    return False
