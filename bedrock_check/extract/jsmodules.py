"""JavaScript/TypeScript module references of the front end: static imports (`import ... from`),
exports and re-exports (`export ... from`), `require(...)` and run-time `import(...)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bedrock_check.extract.callsite import Binding, FileModel, Import
from bedrock_check.extract.jsnodes import _string, _text, unwrap


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


def _imported_module(src: bytes, node: Any) -> tuple[str, str] | None:
    """(module, name) of a dynamic import: `("openai", "*")` for `await import("openai")`,
    `("openai", "default")` for `(await import("openai")).default` (or any `.Name` of it)."""
    node = unwrap(node)
    name = "*"
    if node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        name = _text(src, prop) if prop is not None else "?"
        node = unwrap(node.child_by_field_name("object"))
    if node is None or node.type != "call_expression":
        return None
    fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    if fn is None or fn.type != "import" or args is None:
        return None
    first = [a for a in args.named_children if a.type != "comment"]
    module = _string(src, first[0]) if len(first) == 1 and first[0].type == "string" else None
    return (module, name) if module else None


def read_import(data: bytes, node: Any, m: FileModel) -> None:
    """`import OpenAI, { toFile } from "openai"`, `import * as sdk from "openai"`: each name
    the statement binds, as an import of its module."""
    source = node.child_by_field_name("source")
    if source is None:
        return
    module = _string(data, source)
    stack = list(node.named_children)
    while stack:
        n = stack.pop()
        if n.type == "import_specifier":
            name, alias = n.child_by_field_name("name"), n.child_by_field_name("alias")
            if name is not None:
                local = _text(data, alias or name)
                m.imports[local] = Import(local, module, _text(data, name))
        elif n.type == "namespace_import":
            for ident in n.named_children:
                m.imports[_text(data, ident)] = Import(_text(data, ident), module, "*")
        elif n.type == "identifier" and n.parent is not None and n.parent.type == "import_clause":
            m.imports[_text(data, n)] = Import(_text(data, n), module, "default")
        else:
            stack.extend(n.named_children)


def read_export(data: bytes, node: Any, m: FileModel, scope: int, pos: Callable[[Any], tuple[int, int]]) -> None:
    """`export default <expr>`, `export { a as b } from "./x"`, `export * from "./x"`: what the
    module exports, and what it re-exports from another."""
    source = node.child_by_field_name("source")
    module = _string(data, source) if source is not None else None
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
        exported = _text(data, alias or name)
        if module is not None:
            m.reexports[exported] = Import(exported, module, _text(data, name))
        elif exported != _text(data, name):
            m.bind(scope, exported, Binding("assign", pos(spec), name))


__all__ = ["_imported_module", "_required_module", "read_export", "read_import"]
