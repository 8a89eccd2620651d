"""Python syntax-tree helpers of the front-end: attribute chains, the nodes the walk skips
or reads specially, command-line option annotations and path and URL values."""

from __future__ import annotations

import ast
import re
from typing import Any

from bedrock_check.extract.common import API_KEY_KEYS, config_key
from bedrock_check.extract.joins import PATH_LIKE

_MAX_URLS = 2_000


#: Decorators that make a method an attribute whose value is its return (`self.extra`).
_GETTERS = frozenset({"property", "cached_property", "computed_field"})

_MUTATORS = {"append": "append", "insert": "append", "extend": "extend", "update": "update", "setdefault": "setdefault",
             # A form's field (`aiohttp.FormData().add_field("model", m)`): a key and its value.
             "add_field": "setitem"}


def chain_of(node: ast.AST) -> tuple[str, ...]:
    """The attribute chain of a callee as written: `client.responses.create`."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Subscript) and not parts:
            node = node.value  # `Agent[Deps, Out](...)`: a generic class called
        elif isinstance(node, (ast.Await, ast.Subscript)):
            parts.append("?")
            break
        else:
            parts.append("?")
            break
    return tuple(reversed(parts))


#: A constant's name (`ADD`, `EventType.SESSION_UPDATE` ends in one).
_CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


#: A multi-line string longer than this is not read as a config file's text.
_MAX_TEXT_BLOCK = 16 * 1024


#: String methods whose arguments are compared with a value, not set as one.
_STRING_TESTS = frozenset({"startswith", "endswith", "removeprefix", "removesuffix", "replace", "split", "rsplit",
                           "partition", "rpartition", "find", "rfind", "index", "count"})


#: Nodes with nothing below them the walk records (a name, its load/store context, an
#: operator): most of a tree, skipped without a visit.
_LEAVES = frozenset({
    ast.Name, ast.Load, ast.Store, ast.Del, ast.alias, ast.Pass, ast.Break, ast.Continue,
    *ast.operator.__subclasses__(), *ast.cmpop.__subclasses__(), *ast.unaryop.__subclasses__(),
    *ast.boolop.__subclasses__(),
})  # fmt: skip


#: Builtins that show or inspect a value, never call it (`print(client.chat.completions.create)`).
_SHOWN = frozenset({"print", "repr", "str", "id", "type", "isinstance", "issubclass", "callable", "hasattr",
                    "getattr", "setattr", "len", "vars", "dir", "help"})  # fmt: skip


def _annotated_option(annotation: ast.AST | None) -> str | None:
    """For `Annotated[str, typer.Option("--judge-model")]`: the option's long name ("" when
    it names none); None when the annotation declares no command-line option."""
    if not (isinstance(annotation, ast.Subscript) and _last_name(annotation.value) == "Annotated"
            and isinstance(annotation.slice, ast.Tuple)):  # fmt: skip
        return None
    for item in annotation.slice.elts[1:]:
        if isinstance(item, ast.Call) and _last_name(item.func) in ("Option", "Argument"):
            flags = [a.value for a in item.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            return next((f[2:] for f in flags if f.startswith("--")), "")
    return None


def _path_like(value: Any) -> bool:
    return isinstance(value, str) and len(value) < 160 and "/" in value and PATH_LIKE.match(value) is not None


def _url(value: Any) -> bool:
    return isinstance(value, str) and "://" in value


def _beside(node: ast.AST) -> str:
    """The name or URL a value beside a path is written as (`OPENAI_BASE`, `settings.openai_url`)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) and "://" in node.value else ""
    return ".".join(p for p in chain_of(node) if p not in ("()", "?")) if isinstance(node, (ast.Name, ast.Attribute)) else ""


def _last_name(node: ast.AST) -> str:
    """`BaseSettings` for `BaseSettings` and `pydantic_settings.BaseSettings`."""
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _is_static(node: Any) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(node, "decorator_list", ()))


#: Keys of a settings declaration (`{"name": "OPENAI_MODEL", "default_value": "gpt-4o"}`): its name, its default.
_DECLARED_NAME = ("name", "id", "key")
_DECLARED_DEFAULT = ("default", "defaultValue", "default_value")


def declared_default(node: ast.Dict) -> tuple[str, ast.AST] | None:
    """(name, default) of a dict that declares a setting: a string `name` (or `id`, `key`)
    beside a `default` (`{"name": "OPENAI_MODEL", "value_type": "string", "default_value": "gpt-4o"}`)."""
    name: str | None = None
    default: ast.AST | None = None
    for key, value in zip(node.keys, node.values, strict=True):
        word = key.value if isinstance(key, ast.Constant) else None
        if word in _DECLARED_NAME and isinstance(value, ast.Constant) and isinstance(value.value, str):
            # (A setting's key beside its display name, `{"key": "model", "name": "OpenAI model"}`:
            # the one written as an identifier names the setting.)
            if name is None or (" " in name and " " not in value.value):
                name = value.value
        elif word in _DECLARED_DEFAULT:
            default = value
    return (name, default) if name and default is not None else None


def deployment_url(node: ast.JoinedStr | ast.BinOp) -> list[ast.AST] | None:
    """The nested `+` nodes of an f-string or a `+` of strings that writes an Azure OpenAI
    deployment segment (`f"{base}/openai/deployments/{name}/chat/completions"`, `base +
    "/openai/deployments/" + name + "/embeddings"`), or None when it writes none."""
    if isinstance(node, ast.JoinedStr):
        parts: list[ast.AST] = list(node.values)
        inner: list[ast.AST] = []
    else:
        todo: list[ast.AST] = [node]
        parts, inner = [], []
        while todo:
            n = todo.pop()
            if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
                inner.append(n)
                todo.extend((n.left, n.right))
            else:
                parts.append(n)
    found = any(isinstance(p, ast.Constant) and isinstance(p.value, str) and "openai/deployments/" in p.value
                for p in parts)  # fmt: skip
    return inner if found else None


def config_dict(node: ast.Dict, block: bool) -> bool:
    """Whether a dict literal is a client-config candidate: a config key of its own, a block
    holding one (a model record whose provider sits in a settings block of its own, `{"name":
    "gpt-4.1", "config": {"provider": "openai"}}`, read as one mapping), or an API key when the
    dict stands on its own (`block`: it is a value inside another dict, as a hosted pipeline's
    `{"embedding": {"component": {"api_key": ..., "model_name": ...}}}` is the service's)."""
    keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
    return (any(config_key(k) for k in keys) or (not block and any(k in API_KEY_KEYS for k in keys))
            or any(isinstance(v, ast.Dict) and any(isinstance(k, ast.Constant) and config_key(k.value) for k in v.keys)
                   for v in node.values))  # fmt: skip

