"""JavaScript/TypeScript syntax-tree helpers of the front-end: the tree-sitter parser, node
text and strings, the wrappers looked through, attribute chains, `if` branches, environment
reads, declared defaults, destructuring patterns and the node types the walk acts on."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

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
    "string", "template_string", "binary_expression", "enum_declaration", "for_in_statement",
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


#: Type-only wrappers whose type may be a dotted name (see `_type_tail`).
_TYPE_WRAPPERS = frozenset({"as_expression", "satisfies_expression"})
_TAILS = frozenset({"member_expression", "instantiation_expression"})


def _type_tail(node: Any) -> bool:
    """Whether a member access is the rest of a dotted type name, not a property read:
    tree-sitter parses `{...} satisfies OpenAI.Responses.ResponseCreateParams` as
    `({...} satisfies OpenAI.Responses).ResponseCreateParams` (a type name of three parts
    or more; `(x as T).y`, written out, has parentheses between)."""
    if node.type == "instantiation_expression":  # (`as A.B.C<D>`: the same, with type arguments)
        node = node.named_children[0] if node.named_children else node
    if node.type != "member_expression":
        return False
    obj = node.child_by_field_name("object")
    return obj is not None and obj.type in _TYPE_WRAPPERS


def option_function(node: Any) -> str | None:
    """The name the walk binds a function written as an option's value under
    (`{model: ({ requestContext }) => ...}`), so the option's value is that function (a
    framework calls it for the setting); None for any other node."""
    parent = node.parent
    if node.type in ("arrow_function", "function_expression") and parent is not None and parent.type == "pair":
        return f"<fn@{node.start_byte}>"
    return None


def unwrap(node: Any) -> Any:
    """Look through parentheses, `await` and TypeScript type wrappers."""
    while node is not None:
        t = node.type
        if t in _WRAPPERS:
            # (`<ResponseCreateParams>{...}`: the type comes first, as `type_arguments`)
            inner = [c for c in node.named_children if c.type not in ("type_annotation", "type_arguments", "comment")]
            if not inner:
                break
            node = inner[0]
        elif t in _TAILS and _type_tail(node):
            # `({...} satisfies A.B).C`: the expression typed, as for a shorter type name.
            if t == "instantiation_expression":
                node = node.named_children[0]
            node = node.child_by_field_name("object")
        else:
            break
    return node


def record_of(node: Any) -> Any:
    """The object literal holding `node` as the value of one of its keys (`{name: "gpt-4.1",
    config: {provider: "openai"}}` for the `config` block), or None."""
    parent = node.parent
    while parent is not None and (parent.type in _WRAPPERS or (parent.type in _TAILS and _type_tail(parent))):
        parent = parent.parent
    if parent is None or parent.type != "pair" or parent.parent is None or parent.parent.type != "object":
        return None
    return parent.parent


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
            # (A setting's key beside its display name, `{key: "model", name: "OpenAI model"}`:
            # the one written as an identifier names the setting.)
            written = _string(src, value)
            if name is None or (" " in name and " " not in written):
                name = written
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



#: Keys that make an object a table row, a picker's option or a response, not settings that
#: are sent: a price or a limit (`{model: "gpt-4o", inputCost: 2.5}`), a label shown to the
#: user (`{label: "GPT-4o", model: "gpt-4o"}`; a `title` may be a chat session's own), a
#: completion's fields (`{model, choices, usage}`), a result that reports what was used
#: (`{extractedData, model: "gpt-4.1", tokensUsed}`).
_NOT_SETTINGS_KEY = re.compile(r"(?i)^(label|display_?name|choices|usage|created|object|output"
                               r"|tokens_?used|used_?tokens|token_?usage)$"
                               r"|pric|cost|rate_?limit")


def model_entries(src: bytes, node: Any, keys: set[str | None]) -> list[Any]:
    """The values of an object literal's model-named entries (`model: "gpt-4o"`,
    `customModelName: "gpt-3.5-turbo"`, `model: settings.model || "gpt-4-turbo"`), unless the
    object is one item of a list (a picker's options, a table: `[{model: "gpt-4o"}, ...]`) or
    has a key that makes it a table row, an option or a response (`_NOT_SETTINGS_KEY`), or is
    written in a call's arguments (read by that call's rules), or names a server that is not
    OpenAI's (`{server_url: custom_url, model: ...}`)."""
    from bedrock_check.extract.common import API_KEY_KEYS, config_key

    parent = node.parent
    if parent is not None and parent.type == "array":
        return []
    # A setting left blank for the user to fill in (`{endpoint: '', apiKey: '', modelName: 'gpt-5-mini'}`,
    # an app's first-run defaults) names no server or client of its own: the model is the app's default.
    keys = keys - _blank_keys(src, node)
    if any(k is not None and (_NOT_SETTINGS_KEY.search(k) or config_key(k) or k in API_KEY_KEYS or k == "type") for k in keys):
        return []  # (a client config, `{providerName: "OpenRouter", model}`: its provider decides, `config_code`)
    if _given_to_call(node) or _table_or_unused(src, node):
        return []
    out = []
    for pair in node.named_children:
        key = pair.child_by_field_name("key") if pair.type == "pair" else None
        if key is None:
            continue
        name = _string(src, key) if key.type == "string" else _text(src, key)
        value = pair.child_by_field_name("value")
        if value is not None and _SERVER_KEY.search(name) and name in keys and not _openai_server(src, value):
            return []  # (settings for a server of their own: `{server_url: custom_url, model: ...}`)
        if value is not None and model_named(name):
            out.append(value)
    return out


def _blank_keys(src: bytes, node: Any) -> set[str | None]:
    """The keys of an object literal whose value is an empty string."""
    blank: set[str | None] = set()
    for pair in node.named_children:
        key, value = (pair.child_by_field_name("key"), pair.child_by_field_name("value")) if pair.type == "pair" else (None, None)
        if key is not None and value is not None and value.type == "string" and _string(src, value) == "":
            blank.add(_string(src, key) if key.type == "string" else _text(src, key))
    return blank


def _given_to_call(node: Any) -> bool:
    """Whether an object is written in a call's arguments (`fetch(url, {body: JSON.stringify({model:
    ...})})`, `new OpenAI({...})`): the rules of that call read it, knowing where it goes. (A
    function written there is code of its own: `create((set) => ({model: "gpt-4o"}))`.)"""
    up = node.parent
    while up is not None and up.type not in _FUNCS and not up.type.endswith(("statement", "declaration")):
        if up.type == "arguments":
            return True
        up = up.parent
    return False


#: A name that says an object is a table or a list of choices, not settings (`MODEL_RATES`, `CATALOG`).
_TABLE_NAME = re.compile(r"(?i)pric|cost|rate|limit|token|table|catalog|choices|models$|list$")


def _table_or_unused(src: bytes, node: Any) -> bool:
    """Whether the name an object is bound to (`const MODEL_RATES = {...}`, `prices: {...}`), or
    one it is written in (`export const models = {gpt5: {title, params: {model: "gpt-5"}}}`, an
    add-model dialog's catalogue), says it is a table, or it is a module constant nothing reads
    (not exported, not named again)."""
    up = node.parent
    while up is not None and up.type in _WRAPPERS:
        up = up.parent
    if up is None or up.type not in ("variable_declarator", "pair"):
        return False
    outer = up.parent
    while outer is not None and outer.type not in _FUNCS and not outer.type.endswith("statement"):
        named = outer.child_by_field_name("name" if outer.type == "variable_declarator" else "key")
        if outer.type in ("variable_declarator", "pair") and named is not None and _TABLE_NAME.search(_text(src, named)):
            return True
        if outer.type == "object" and any(_client_config_key(src, pair) for pair in outer.named_children):
            return True  # (`{provider: "...OpenAIChatCompletionClient", config: {model}}`: `config_code` reads it)
        outer = outer.parent
    name_node = up.child_by_field_name("name" if up.type == "variable_declarator" else "key")
    name = _text(src, name_node) if name_node is not None else ""
    if _TABLE_NAME.search(name) or (up.type == "variable_declarator" and name.lower().endswith("options")):
        return True  # (a constant's `chatOptions` are choices; a client's `modelOptions:` entry is its settings)
    declaration = up.parent
    if up.type != "variable_declarator" or declaration is None or declaration.parent is None:
        return False
    if declaration.parent.type != "program":
        return False  # (an `export const`'s parent is the export statement)
    return len(re.findall(rb"\b" + re.escape(name.encode()) + rb"\b", src)) < 2


def _client_config_key(src: bytes, pair: Any) -> bool:
    """Whether an object's entry makes it a client config (a provider, an API key)."""
    from bedrock_check.extract.common import API_KEY_KEYS, config_key

    key = pair.child_by_field_name("key") if pair.type == "pair" else None
    name = None if key is None else _string(src, key) if key.type == "string" else _text(src, key)
    return config_key(name) or name in API_KEY_KEYS or name == "type"


#: A key or property that names the server a request goes to (`baseURL`, `server_url`, `api_base`).
_SERVER_KEY = re.compile(r"(?i)(url|_?base|endpoint|host)$")


def _openai_server(src: bytes, value: Any) -> bool:
    """Whether a server value is OpenAI's or Azure OpenAI's URL written out."""
    text = _text(src, value)
    return "api.openai.com" in text or ".openai.azure.com" in text


def server_set_beside(src: bytes, node: Any) -> bool:
    """Whether a property assignment's block also sets a server that is not OpenAI's
    (`if (isCustom) { body.server_url = s.custom_url; body.model = s.custom_model || "gpt-4-turbo"; }`):
    the model there is that server's."""
    statement = node.parent
    block = statement.parent if statement is not None else None
    if block is None or block.type not in ("statement_block", "program"):
        return False
    for other in block.named_children:
        assign = other.named_children[0] if other.type == "expression_statement" and other.named_child_count else None
        if assign is None or assign.type != "assignment_expression":
            continue
        left, right = unwrap(assign.child_by_field_name("left")), assign.child_by_field_name("right")
        prop = left.child_by_field_name("property") if left is not None and left.type == "member_expression" else None
        if prop is not None and right is not None and _SERVER_KEY.search(_text(src, prop)) and not _openai_server(src, right):
            return True
    return False


def model_named(name: str) -> bool:
    """Whether a key or property names a model setting (`model`, `customModelName`,
    `multimodal_model`: the `.env` rule's `MODEL_KEY`), not a list of them (`models`)."""
    from bedrock_check.extract.deployment_keys import camel_words
    from bedrock_check.extract.dotenv import MODEL_KEY

    return "odel" in name and MODEL_KEY.match(camel_words(name)) is not None
