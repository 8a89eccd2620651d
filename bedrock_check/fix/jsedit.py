"""Structural JavaScript and TypeScript edits: byte ranges taken from the tree-sitter tree.

The same two edits as for Python: drop an object property whose value sits at a
reported span (`service_tier: "flex"`, with its comma), and turn `new OpenAI({...})`
into `new BedrockOpenAI({ awsRegion, ... })`, adding the named import. Every range comes
from the parse tree, so nothing is matched by pattern in the text.
"""

from __future__ import annotations

from typing import Any

from bedrock_check.fix.clients import (
    RUNTIME_FORMS,
    client_renames,
    drops_argument,
    kept_base_url,
    region_argument,
    runtime_provider_call,
)
from bedrock_check.fix.textedit import Edit, EditError, line_starts


def _parser(kind: str) -> Any:
    from tree_sitter import Language, Parser

    if kind == "javascript":
        import tree_sitter_javascript

        return Parser(Language(tree_sitter_javascript.language()))
    import tree_sitter_typescript as grammar

    return Parser(Language(grammar.language_tsx() if kind == "tsx" else grammar.language_typescript()))


def has_syntax_error(source: bytes, kind: str) -> bool:
    """Whether tree-sitter finds an error or a missing node anywhere in the source."""
    return bool(_parser(kind).parse(source).root_node.has_error)


def _byte_offset(text: str, starts: list[int], line: int, column: int) -> int:
    start = starts[line - 1]
    return len(text[:start].encode("utf-8")) + len(text[start : start + column - 1].encode("utf-8"))


def _node_at(root: Any, start: int) -> list[Any]:
    """Every node that starts at byte `start`, outermost first."""
    out: list[Any] = []
    node = root
    while True:
        if node.start_byte == start:
            out.append(node)
        nxt = next((c for c in node.children if c.start_byte <= start < c.end_byte), None)
        if nxt is None:
            return out
        node = nxt


def _removal_range(source: bytes, pair: Any) -> tuple[int, int]:
    """The bytes to drop for one object property: the pair and the comma after it (or,
    for the last property, the comma before it), so the object stays well formed."""
    start, end = pair.start_byte, pair.end_byte
    sibling = pair.next_sibling
    if sibling is not None and sibling.type == ",":
        end = sibling.end_byte
        while end < len(source) and source[end : end + 1] in (b" ", b"\t"):
            end += 1
    else:
        prev = pair.prev_sibling
        if prev is not None and prev.type == "," and source.rfind(b"\n", prev.end_byte, start) < 0:
            start = prev.start_byte
    # A property alone on its line goes with its line.
    line_start = source.rfind(b"\n", 0, start) + 1
    if not source[line_start:start].strip() and source[end : end + 1] == b"\n":
        return line_start, end + 1
    return start, end


def edit_javascript(text: str, kind: str, edit: Edit) -> str:
    """Apply one `remove-entry` or `client` edit to JavaScript or TypeScript source."""
    source = text.encode("utf-8")
    tree = _parser(kind).parse(source)
    at = _byte_offset(text, line_starts(text), edit.line, edit.column)
    nodes = _node_at(tree.root_node, at)
    cuts: list[tuple[int, int, bytes]] = []
    if edit.kind == "remove-entry":
        pair = next((n.parent for n in nodes if n.parent is not None and n.parent.type == "pair"), None)
        if pair is None:
            raise EditError(f"{edit.path}:{edit.line}:{edit.column}: no object property at that position")
        cuts.append((*_removal_range(source, pair), b""))
    else:
        node = next((n for n in nodes if n.type == "new_expression"), None)
        if node is None:
            raise EditError(f"{edit.path}:{edit.line}:{edit.column}: no `new OpenAI(...)` at that position")
        cuts.extend(_client_cuts(source, node, edit))
    for start, end, new in sorted(cuts, key=lambda c: c[0], reverse=True):
        source = source[:start] + new + source[end:]
    return source.decode("utf-8")


def import_bedrock_client(text: str, kind: str, endpoint: str = "mantle") -> str:
    """Import `BedrockOpenAI` from the openai package beside its existing import; for the
    runtime form, `bedrock` from the provider module instead."""
    if endpoint == "runtime":
        form = RUNTIME_FORMS["javascript"]
        return _add_import(text, kind, form.factory, form.module, replace_default=False)
    return _add_import(text, kind, client_renames()["OpenAI"])


def _client_cuts(source: bytes, node: Any, edit: Edit) -> list[tuple[int, int, bytes]]:
    ctor = node.child_by_field_name("constructor")
    if ctor is None or ctor.text.decode() not in client_renames():
        raise EditError(f"{edit.path}:{edit.line}: not an OpenAI client construction")
    args = node.child_by_field_name("arguments")
    first = next((c for c in args.named_children), None) if args is not None else None
    for member in first.named_children if first is not None and first.type == "object" else ():
        value = member.child_by_field_name("value") if member.type == "pair" else None
        name = _option_name(member)
        why = kept_base_url(name, value.text.decode() if value is not None else None) if name else None
        if why is not None:
            raise EditError(f"{edit.path}:{edit.line}: {why}")
    if edit.endpoint == "runtime":
        return _runtime_cuts(source, node, ctor, edit)
    new_name = client_renames()[ctor.text.decode()].encode()
    cuts = [(ctor.start_byte, ctor.end_byte, new_name)]
    region = f'{region_argument("javascript")}: "{edit.text}"'.encode()
    args = node.child_by_field_name("arguments")
    options = None
    if args is not None:
        options = next((c for c in args.named_children), None)
    if options is None:
        at = args.start_byte + 1 if args is not None else ctor.end_byte
        insert = b"{ " + region + b" }"
        cuts.append((at, at, insert if args is not None else b"(" + insert + b")"))
        return cuts
    if options.type != "object":
        raise EditError(f"{edit.path}:{edit.line}: the client options are not an object literal")
    has_region = False
    for pair in options.named_children:
        if pair.type != "pair":
            continue
        key = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        name = key.text.decode().strip("'\"") if key is not None else ""
        if name == region_argument("javascript"):
            has_region = True
        if value is not None and drops_argument(name, value.text.decode()):
            start, end = _removal_range(source, pair)
            cuts.append((start, end, b""))
    if not has_region:
        at = options.start_byte + 1
        # Any member counts (a pair, a `{ apiKey }` shorthand, a spread): only a truly empty
        # object takes the Region without a comma.
        empty = not [c for c in options.named_children if c.type != "comment"]
        cuts.append((at, at, b" " + region + (b" " if empty else b",")))
    return cuts


def _option_name(member: Any) -> str | None:
    """The option a member of an object literal sets (`apiKey` for `apiKey: x` and `{ apiKey }`)."""
    if member.type == "pair":
        key = member.child_by_field_name("key")
        return key.text.decode().strip("'\"") if key is not None else None
    if member.type == "shorthand_property_identifier":
        return member.text.decode()
    return None


def _runtime_cuts(source: bytes, node: Any, ctor: Any, edit: Edit) -> list[tuple[int, int, bytes]]:
    """`new OpenAI({...})` -> `new OpenAI({ provider: bedrock({ region, endpoint: "runtime" }),
    apiKey: null, ... })`: the class stays; without a key of its own the client is told to
    take none, so it signs with the AWS credential chain (SigV4)."""
    form = RUNTIME_FORMS["javascript"]
    provider = f"{form.option}: {runtime_provider_call('javascript', edit.text)}"
    args = node.child_by_field_name("arguments")
    options = next((c for c in args.named_children), None) if args is not None else None
    if options is None:
        insert = f"{{ {provider}, {form.api_key}: {form.no_key} }}".encode()
        at = args.start_byte + 1 if args is not None else ctor.end_byte
        return [(at, at, insert if args is not None else b"(" + insert + b")")]
    if options.type != "object":
        raise EditError(f"{edit.path}:{edit.line}: the client options are not an object literal")
    cuts: list[tuple[int, int, bytes]] = []
    kept: set[str] = set()
    for member in options.named_children:
        name = _option_name(member)
        if name == form.option:
            raise EditError(f"{edit.path}:{edit.line}: the client already takes a `{form.option}`")
        value = member.child_by_field_name("value") if member.type == "pair" else None
        if name and value is not None and drops_argument(name, value.text.decode()):
            cuts.append((*_removal_range(source, member), b""))
        elif name:
            kept.add(name)
    new = ", ".join([provider] + ([] if form.api_key in kept else [f"{form.api_key}: {form.no_key}"]))
    if len(cuts) == len([c for c in options.named_children if c.type != "comment"]):
        # Nothing of the old options stays: the new ones are the whole object.
        return [(options.start_byte, options.end_byte, f"{{ {new} }}".encode())]
    at = options.start_byte + 1
    cuts.append((at, at, f" {new},".encode()))
    return cuts


def _references(root: Any, name: bytes) -> int:
    """How many identifiers in the tree spell `name` (the import itself included)."""
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "type_identifier") and node.text == name:
            count += 1
        stack.extend(node.children)
    return count


def _add_import(text: str, kind: str, name: str, module: str = "openai", *, replace_default: bool = True) -> str:
    """Add `import { name } from "module"` beside the existing import of the openai package
    (replacing `import OpenAI from "openai"` when nothing uses that name any more)."""
    source = text.encode("utf-8")
    tree = _parser(kind).parse(source)
    for node in tree.root_node.children:
        if node.type != "import_statement":
            continue
        src = node.child_by_field_name("source")
        if src is not None and src.text.decode().strip("'\"") == module != "openai" and name.encode() in node.text:
            return text  # already imported from the provider module
    for node in tree.root_node.children:
        if node.type != "import_statement":
            continue
        src = node.child_by_field_name("source")
        if src is None or src.text.decode().strip("'\"") != "openai":
            continue
        if module == "openai" and name.encode() in node.text:
            return text
        quote = src.text.decode()[0]
        line = f"import {{ {name} }} from {quote}{module}{quote};\n".encode()
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        only_default = clause is not None and [c.type for c in clause.named_children] == ["identifier"]
        if (replace_default and only_default and clause is not None
                and _references(tree.root_node, clause.named_children[0].text) == 1):  # fmt: skip
            # `import OpenAI from "openai"` whose name nothing uses any more: replace it.
            return (source[: node.start_byte] + line.rstrip(b"\n") + source[node.end_byte :]).decode("utf-8")
        end = node.end_byte
        while end < len(source) and source[end : end + 1] != b"\n":
            end += 1
        end = min(end + 1, len(source))
        return (source[:end] + line + source[end:]).decode("utf-8")
    return f'import {{ {name} }} from "{module}";\n' + text
