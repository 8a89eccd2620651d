"""JavaScript and TypeScript: the same observations as for Python, with tree-sitter.

Request bodies come from the object passed to `*.responses.create/stream/parse` and
`*.chat.completions.create/parse/stream` (object literals, and consts holding them,
spreads included). Also: the Vercel AI SDK (`openai.tools.webSearch()` and friends,
`providerOptions.openai`, `openai("model")`), `@openai/agents` tools and realtime
sessions, `new WebSocket("wss://…")`, and `new BedrockOpenAI({ awsRegion })`.
Comments are never parsed as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from bedrock_check.extract.common import UNRESOLVED, Extracted, SourceText
from bedrock_check.extract.python import request_endpoint
from bedrock_check.findings import CodeObservation, Diagnostic, Pointer, RequestObservation, Span

TOKENS = (
    "responses.",
    "completions.",
    "BedrockOpenAI",
    "wss://",
    "@ai-sdk/openai",
    "@openai/agents",
    "providerOptions",
)

SUFFIXES = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
}  # fmt: skip

_WRAPPERS = {"as_expression", "satisfies_expression", "non_null_expression", "parenthesized_expression",
             "await_expression", "type_assertion"}  # fmt: skip
_MAX_DEPTH = 12
_REGION_CLIENTS = {"BedrockOpenAI": ("openai", "awsRegion"), "bedrock": ("openai/providers/bedrock", "region")}


@lru_cache(maxsize=3)
def _parser(kind: str):
    from tree_sitter import Language, Parser

    if kind == "javascript":
        import tree_sitter_javascript as grammar

        return Parser(Language(grammar.language()))
    import tree_sitter_typescript as grammar

    lang = grammar.language_tsx() if kind == "tsx" else grammar.language_typescript()
    return Parser(Language(lang))


def _text(node: Any) -> str:
    return node.text.decode("utf-8", errors="replace")


def _unwrap(node: Any) -> Any:
    while node is not None and node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type not in ("type_annotation",)]
        if not inner:
            break
        node = inner[0] if node.type != "await_expression" else inner[-1]
    return node


def _dotted(node: Any) -> str:
    node = _unwrap(node)
    if node is None:
        return "?"
    if node.type in ("identifier", "this", "property_identifier"):
        return _text(node)
    if node.type == "member_expression":
        obj = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        return f"{_dotted(obj)}.{_text(prop) if prop else '?'}"
    if node.type == "call_expression":
        inner = _dotted(node.child_by_field_name("function"))
        return f"{inner.rsplit('.', 1)[-1]}()"
    if node.type == "new_expression":
        return f"{_dotted(node.child_by_field_name('constructor'))}()"
    return "?"


def _camel_to_snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class _JsFile:
    """One parsed file: declarations, imports, and the value builder."""

    def __init__(self, path: str, src: SourceText, data: bytes, root: Any) -> None:
        self.path = path
        self.src = src
        self.data = data
        self.root = root
        self.decls: dict[str, list[tuple[int, Any]]] = {}
        self.pushes: dict[str, list[tuple[int, Any]]] = {}
        self.imports: dict[str, tuple[str, str]] = {}
        self.calls: list[Any] = []
        self.strings: list[Any] = []

    def span(self, node: Any) -> Span:
        (r0, c0), (r1, c1) = node.start_point, node.end_point
        return Span(r0 + 1, self.src.char_column(r0 + 1, c0), r1 + 1, self.src.char_column(r1 + 1, c1))

    def collect(self) -> None:
        """Walk the tree once with a cursor: no recursion (deep nesting must not blow the
        stack) and no list of every node (a minified bundle has millions)."""
        cursor = self.root.walk()
        while True:
            node = cursor.node
            kind = node.type
            descend = kind != "comment"
            if kind == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None and name.type == "identifier":
                    self.decls.setdefault(_text(name), []).append((node.start_point[0], value))
            elif kind == "import_statement":
                self._import(node)
                descend = False
            elif kind in ("call_expression", "new_expression"):
                self._call(node)
            elif kind in ("string", "template_string"):
                if len(self.strings) < 2000 and b"://" in node.text:
                    self.strings.append(node)
                descend = kind == "template_string"
            if descend and cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return

    def _call(self, node: Any) -> None:
        fn = node.child_by_field_name("function" if node.type == "call_expression" else "constructor")
        if fn is None:
            return
        # Only calls that can matter are kept: member calls and calls of imported names.
        if fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            prop_name = _text(prop) if prop is not None else ""
            if prop_name == "push" and node.type == "call_expression":
                obj = _unwrap(fn.child_by_field_name("object"))
                args = node.child_by_field_name("arguments")
                if obj is not None and obj.type == "identifier" and args is not None:
                    for arg in args.named_children:
                        self.pushes.setdefault(_text(obj), []).append((node.start_point[0], arg))
                return
        elif fn.type != "identifier":
            return
        self.calls.append(node)

    def _import(self, node: Any) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        module = _text(source).strip("'\"`")
        for spec in _descendants(node, "import_specifier"):
            name = spec.child_by_field_name("name")
            alias = spec.child_by_field_name("alias")
            if name is not None:
                self.imports[_text(alias or name)] = (module, _text(name))
        for clause in _descendants(node, "import_clause"):
            for child in clause.named_children:
                if child.type == "identifier":  # default import
                    self.imports[_text(child)] = (module, "default")
                elif child.type == "namespace_import":
                    for ident in child.named_children:
                        self.imports[_text(ident)] = (module, "*")

    # -- values
    def value(self, node: Any, ptr: Pointer, spans: dict[Pointer, Span], depth: int = 0) -> Any:
        node = _unwrap(node)
        if node is None or depth > _MAX_DEPTH:
            return UNRESOLVED
        spans.setdefault(ptr, self.span(node))
        kind = node.type
        if kind == "string":
            return "".join(_text(c) for c in node.named_children if c.type in ("string_fragment", "escape_sequence"))
        if kind == "template_string":
            if any(c.type == "template_substitution" for c in node.named_children):
                return UNRESOLVED
            return _text(node)[1:-1]
        if kind == "number":
            try:
                return float(_text(node)) if any(ch in _text(node) for ch in ".eE") else int(_text(node), 0)
            except ValueError:
                return UNRESOLVED
        if kind in ("true", "false"):
            return kind == "true"
        if kind in ("null", "undefined"):
            return None
        if kind == "object":
            return self._object(node, ptr, spans, depth)
        if kind == "array":
            items: list[Any] = []
            for child in node.named_children:
                if child.type == "spread_element":
                    more = (
                        self.value(child.named_children[0], (*ptr, len(items)), spans, depth + 1)
                        if child.named_children
                        else None
                    )
                    if isinstance(more, list):
                        items.extend(more)
                    continue
                if child.type == "comment":
                    continue
                v = self.value(child, (*ptr, len(items)), spans, depth + 1)
                if v is UNRESOLVED:
                    spans.pop((*ptr, len(items)), None)
                else:
                    items.append(v)
            return items
        if kind == "identifier":
            return self.name(_text(node), node.start_point[0], ptr, spans, depth)
        return UNRESOLVED

    def _object(self, node: Any, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                val_node = child.child_by_field_name("value")
                if key_node is None or val_node is None:
                    continue
                if key_node.type == "string":
                    key = "".join(_text(c) for c in key_node.named_children)
                elif key_node.type in ("property_identifier", "number"):
                    key = _text(key_node)
                else:
                    continue  # computed keys
                v = self.value(val_node, (*ptr, key), spans, depth + 1)
                if v is UNRESOLVED:
                    spans.pop((*ptr, key), None)
                else:
                    out[key] = v
            elif child.type == "shorthand_property_identifier":
                key = _text(child)
                v = self.name(key, child.start_point[0], (*ptr, key), spans, depth)
                if v is not UNRESOLVED:
                    out[key] = v
            elif child.type == "spread_element" and child.named_children:
                merged = self.value(child.named_children[0], ptr, spans, depth + 1)
                if isinstance(merged, dict):
                    out.update(merged)
        return out

    def name(self, ident: str, row: int, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        found = self.decls.get(ident)
        if not found:
            return UNRESOLVED
        before = [n for r, n in found if r <= row] or [found[-1][1]]
        spans.pop(ptr, None)  # values come from their definition
        value = self.value(before[-1], ptr, spans, depth + 1)
        if isinstance(value, list):
            for prow, arg in self.pushes.get(ident, ()):
                if prow <= row:
                    v = self.value(arg, (*ptr, len(value)), spans, depth + 1)
                    if v is not UNRESOLVED:
                        value = [*value, v]
        return value


def _descendants(node: Any, kind: str) -> Iterator[Any]:
    stack = list(node.children)
    while stack:
        n = stack.pop()
        if n.type == kind:
            yield n
        stack.extend(n.children)


def extract_javascript(path: str, text: str, kind: str = "javascript") -> Extracted:
    """Observations from JS/TS source. A file tree-sitter cannot parse cleanly still
    yields what it can, with a diagnostic."""
    result = Extracted()
    data = text.encode("utf-8")
    try:
        tree = _parser(kind).parse(data)
    except (ValueError, RuntimeError) as exc:  # pragma: no cover - parser refusal
        result.diagnostics.append(Diagnostic(path, "parse-error", f"cannot parse: {exc}"))
        return result
    src = SourceText(text)
    f = _JsFile(path, src, data, tree.root_node)
    f.collect()
    if tree.root_node.has_error and not f.calls:
        result.diagnostics.append(Diagnostic(path, "parse-error", f"{kind} syntax error"))
        return result
    for call in f.calls:
        result.observations.extend(_from_call(f, call))
    for node in f.strings:
        value = f.value(node, (), {})
        if isinstance(value, str):
            span = f.span(node)
            result.observations.append(
                CodeObservation(path, "string", value, span, snippet=(src.line(span.line) or "").strip())
            )
    return result


def _from_call(f: _JsFile, call: Any) -> Iterator[RequestObservation | CodeObservation]:
    is_new = call.type == "new_expression"
    callee = call.child_by_field_name("constructor" if is_new else "function")
    args_node = call.child_by_field_name("arguments")
    args = [a for a in (args_node.named_children if args_node is not None else []) if a.type != "comment"]
    dotted = _dotted(callee)
    span = f.span(call)
    snippet = (f.src.line(span.line) or "").strip()

    def request(body: dict[str, Any], spans: dict[Pointer, Span], endpoint: str) -> RequestObservation:
        return RequestObservation(
            path=f.path, body=body, endpoint=endpoint, span=span, locate=spans.get, source_line=f.src.line
        )

    endpoint = None if is_new else request_endpoint(dotted)
    if endpoint:
        spans: dict[Pointer, Span] = {}
        body = f.value(args[0], (), spans) if args else {}
        if isinstance(body, dict):
            yield request(body, spans, endpoint)
        return
    yield CodeObservation(f.path, "call", dotted, span, snippet=snippet)
    origin = _origin(f, dotted)
    if origin is not None:
        module, original = origin
        yield CodeObservation(f.path, "constructor", original, span, module=module, snippet=snippet)
        if module.startswith("@ai-sdk/openai") and args:
            # openai("gpt-4o"), openai.responses("gpt-4o"): the model every call will use
            spans = {}
            model = f.value(args[0], ("model",), spans)
            if isinstance(model, str):
                yield request({"model": model}, spans, "unknown")
        client = _REGION_CLIENTS.get(original)
        if client and module.startswith(client[0]) and args:
            yield from _region(f, args[0], client[1], f"{original}")
    # Vercel AI SDK: providerOptions.openai holds request fields in camelCase.
    for arg in args:
        arg = _unwrap(arg)
        if arg is not None and arg.type == "object" and b"providerOptions" in arg.text:
            spans = {}
            options = f.value(arg, (), spans)
            openai_opts = (options.get("providerOptions") or {}).get("openai") if isinstance(options, dict) else None
            if isinstance(openai_opts, dict) and openai_opts:
                body = {_camel_to_snake(k): v for k, v in openai_opts.items()}
                moved = {(_camel_to_snake(str(p[2])), *p[3:]): s for p, s in spans.items()
                         if len(p) >= 3 and p[:2] == ("providerOptions", "openai")}  # fmt: skip
                yield request(body, moved, "responses")


def _origin(f: _JsFile, dotted: str) -> tuple[str, str] | None:
    """(module, exported name) of what a call constructs: `X()` with `X` imported by name,
    or `ns.X()` with `ns` a namespace or default import."""
    parts = dotted.split(".")
    root = parts[0]
    if root not in f.imports or root.endswith("()"):
        return None
    module, original = f.imports[root]
    if len(parts) == 1:
        return module, (root if original in ("*", "default") else original)
    if original in ("*", "default") and len(parts) == 2:
        return module, parts[1]
    return None


def _region(f: _JsFile, options: Any, key: str, where: str) -> Iterator[CodeObservation]:
    spans: dict[Pointer, Span] = {}
    value = f.value(options, (), spans)
    if isinstance(value, dict) and isinstance(value.get(key), str):
        span = spans.get((key,)) or f.span(options)
        yield CodeObservation(
            f.path, "region", value[key], span, module=where, snippet=(f.src.line(span.line) or "").strip()
        )
