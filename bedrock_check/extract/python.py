"""Python source: request fragments, calls, constructors and strings, with stdlib `ast`.

The scanned code is parsed, never imported or run. Request bodies are rebuilt from
the keyword arguments of `*.responses.create/stream/parse` and
`*.chat.completions.create/parse/stream` calls (and of framework objects that end
up in a request: LangChain's `bind_tools` and `ChatOpenAI`, openai-agents'
`Agent`/`ModelSettings`). Values are followed through simple names: assignments in
the enclosing function or module, list concatenation, `.append`/`.extend`/`+=`,
`d["key"] = value`, `**kwargs` and `extra_body`. What cannot be worked out
statically is left out rather than guessed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.common import UNRESOLVED, Extracted, SourceText
from bedrock_check.findings import CodeObservation, Diagnostic, Pointer, RequestObservation, Span

#: Words whose presence makes a Python file worth parsing (besides the matrix's own tokens).
TOKENS = (
    "responses.",
    "completions.",
    "bind_tools",
    "ChatOpenAI",
    "ModelSettings",
    "BedrockOpenAI",
    "wss://",
    "from agents",
    "import agents",
)

_REQUEST_METHODS = {"create", "stream", "parse"}
_MAX_DEPTH = 12
_MAX_STRING_OBS = 2_000


def _dotted(node: ast.AST) -> str | None:
    """`client.beta.realtime.connect` for an attribute chain; calls render as `Name()`."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        elif isinstance(node, ast.Call):
            inner = _dotted(node.func)
            parts.append(f"{inner.rsplit('.', 1)[-1] if inner else '?'}()")
            break
        else:
            parts.append("?")
            break
    return ".".join(reversed(parts))


def request_endpoint(dotted: str) -> str | None:
    """The endpoint a call sends a request to, when it is one we rebuild bodies for."""
    parts = dotted.split(".")
    if len(parts) < 2 or parts[-1] not in _REQUEST_METHODS:
        return None
    if parts[-2] == "responses":
        return "responses"
    if parts[-2] == "completions" and len(parts) >= 3 and parts[-3] == "chat":
        return "chat.completions"
    return None


class _Scope:
    """Assignments visible in one function (or the module), in source order."""

    def __init__(self, parent: _Scope | None) -> None:
        self.parent = parent
        self.assigns: dict[str, list[tuple[int, ast.AST]]] = {}
        self.mutations: dict[str, list[tuple[int, str, ast.AST]]] = {}

    def lookup(self, name: str, line: int) -> tuple[ast.AST, _Scope] | None:
        scope: _Scope | None = self
        while scope is not None:
            found = scope.assigns.get(name)
            if found:
                before = [n for ln, n in found if ln <= line] or [found[-1][1]]
                return before[-1], scope
            scope = scope.parent
        return None


class _Collector(ast.NodeVisitor):
    """One pass that records scopes, imports, calls and string literals."""

    def __init__(self) -> None:
        self.module = _Scope(None)
        self.scope = self.module
        self.imports: dict[str, tuple[str, str]] = {}  # local name -> (module, original name)
        self.module_aliases: dict[str, str] = {}  # local name -> module
        self.calls: list[tuple[ast.Call, _Scope]] = []
        self.strings: list[ast.Constant] = []
        self._docstrings: set[int] = set()

    # -- scopes
    def _enter(self, node: ast.AST) -> None:
        body = getattr(node, "body", [])  # a lambda's body is one expression, not a list
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            self._docstrings.add(id(body[0].value))
        outer = self.scope
        self.scope = _Scope(outer)
        self.generic_visit(node)
        self.scope = outer

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _enter

    def visit_Module(self, node: ast.Module) -> None:
        if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            self._docstrings.add(id(node.body[0].value))
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            self._docstrings.add(id(node.body[0].value))
        self.generic_visit(node)

    # -- names
    def _bind(self, target: ast.AST, value: ast.AST, line: int) -> None:
        if isinstance(target, ast.Name):
            self.scope.assigns.setdefault(target.id, []).append((line, value))
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            key = target.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                self.scope.mutations.setdefault(target.value.id, []).append((line, f"[{key.value}]", value))

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._bind(target, node.value, node.lineno)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value, node.lineno)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name) and isinstance(node.op, ast.Add):
            self.scope.mutations.setdefault(node.target.id, []).append((node.lineno, "extend", node.value))
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.module_aliases[alias.asname or alias.name.split(".")[0]] = (
                alias.name if alias.asname else alias.name.split(".")[0]
            )

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module:
            for alias in node.names:
                self.imports[alias.asname or alias.name] = (node.module, alias.name)

    # -- calls and strings
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr in ("append", "extend")
                and isinstance(func.value, ast.Name) and node.args):  # fmt: skip
            kind = "append" if func.attr == "append" else "extend"
            self.scope.mutations.setdefault(func.value.id, []).append((node.lineno, kind, node.args[0]))
        self.calls.append((node, self.scope))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and id(node) not in self._docstrings and len(self.strings) < _MAX_STRING_OBS:
            self.strings.append(node)


class _Builder:
    """Turns AST expressions into JSON-like values, recording where each value came from."""

    def __init__(self, collector: _Collector, src: SourceText) -> None:
        self.collector = collector
        self.src = src

    def span(self, node: ast.AST) -> Span:
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", line) or line
        col = self.src.char_column(line, getattr(node, "col_offset", 0))
        end_col = self.src.char_column(end_line, getattr(node, "end_col_offset", 0) or 0)
        return Span(line, col, end_line, end_col)

    def value(self, node: ast.AST, scope: _Scope, ptr: Pointer, spans: dict[Pointer, Span], depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            return UNRESOLVED
        spans.setdefault(ptr, self.span(node))
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, (str, int, float, bool)) or node.value is None else UNRESOLVED
        if isinstance(node, ast.Dict):
            out: dict[str, Any] = {}
            for key, val in zip(node.keys, node.values, strict=True):
                if key is None:  # {**other}
                    merged = self.value(val, scope, ptr, spans, depth + 1)
                    if isinstance(merged, dict):
                        out.update(merged)
                    continue
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    v = self.value(val, scope, (*ptr, key.value), spans, depth + 1)
                    if v is not UNRESOLVED:
                        out[key.value] = v
            return out
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items: list[Any] = []
            for elt in node.elts:
                if isinstance(elt, ast.Starred):
                    more = self.value(elt.value, scope, (*ptr, len(items)), spans, depth + 1)
                    if isinstance(more, list):
                        items.extend(more)
                    continue
                v = self.value(elt, scope, (*ptr, len(items)), spans, depth + 1)
                if v is not UNRESOLVED:
                    items.append(v)
                else:
                    spans.pop((*ptr, len(items)), None)
            return items
        if isinstance(node, ast.Name):
            return self.name(node.id, node.lineno, scope, ptr, spans, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.value(node.left, scope, ptr, spans, depth + 1)
            if isinstance(left, list):
                return left + self._relocate(node.right, scope, ptr, len(left), spans, depth)
            if isinstance(left, str):
                right = self.value(node.right, scope, ptr, spans, depth + 1)
                return left + right if isinstance(right, str) else UNRESOLVED
            return UNRESOLVED
        if isinstance(node, ast.Call):
            return self.call_value(node, scope, ptr, spans, depth)
        return UNRESOLVED

    def _relocate(self, node: ast.AST, scope: _Scope, ptr: Pointer, offset: int,
                  spans: dict[Pointer, Span], depth: int) -> list[Any]:  # fmt: skip
        """Read a list that is appended after `offset` items (`a + b`, `a.extend(b)`), with
        its items' spans numbered after the existing ones."""
        tmp: dict[Pointer, Span] = {}
        value = self.value(node, scope, (), tmp, depth + 1)
        for key, span in tmp.items():
            if key and isinstance(key[0], int):
                spans[(*ptr, key[0] + offset, *key[1:])] = span
        return value if isinstance(value, list) else []

    def call_value(self, node: ast.Call, scope: _Scope, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        name = _dotted(node.func) or ""
        short = name.rsplit(".", 1)[-1]
        # dict(...) and typed request params (WebSearchToolParam(...)) are dicts of their keywords.
        if short == "dict" or short.endswith("Param"):
            out: dict[str, Any] = {}
            for kw in node.keywords:
                if kw.arg is None:
                    merged = self.value(kw.value, scope, ptr, spans, depth + 1)
                    if isinstance(merged, dict):
                        out.update(merged)
                else:
                    v = self.value(kw.value, scope, (*ptr, kw.arg), spans, depth + 1)
                    if v is not UNRESOLVED:
                        out[kw.arg] = v
            return out
        return UNRESOLVED

    def name(self, ident: str, line: int, scope: _Scope, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        found = scope.lookup(ident, line)
        if found is None:
            return UNRESOLVED
        node, owner = found
        # Values come from their definition: point at it, not at the use.
        spans.pop(ptr, None)
        value = self.value(node, owner, ptr, spans, depth + 1)
        for mline, kind, arg in owner.mutations.get(ident, ()):
            if mline > line:
                continue
            if kind == "append" and isinstance(value, list):
                v = self.value(arg, owner, (*ptr, len(value)), spans, depth + 1)
                if v is not UNRESOLVED:
                    value = [*value, v]
            elif kind == "extend" and isinstance(value, list):
                value = value + self._relocate(arg, owner, ptr, len(value), spans, depth)
            elif kind.startswith("[") and isinstance(value, dict):
                key = kind[1:-1]
                v = self.value(arg, owner, (*ptr, key), spans, depth + 1)
                if v is not UNRESOLVED:
                    value = {**value, key: v}
        return value

    def kwargs_body(self, call: ast.Call, scope: _Scope, rename: dict[str, str] | None = None,
                    merge: tuple[str, ...] = ("extra_body",)) -> tuple[dict[str, Any], dict[Pointer, Span], set[str]]:  # fmt: skip
        """A request body from a call's keyword arguments (`**kw` and merge keys folded in).
        Returns the body, its spans, and the keys that came from merged dicts. A value that
        cannot be worked out statically is left out (a guess would be noise)."""
        body: dict[str, Any] = {}
        spans: dict[Pointer, Span] = {}
        merged_keys: set[str] = set()
        later: list[ast.keyword] = []
        for kw in call.keywords:
            if kw.arg is None:
                merged = self.value(kw.value, scope, (), spans, 1)
                if isinstance(merged, dict):
                    body.update(merged)
                continue
            if kw.arg in merge:
                later.append(kw)
                continue
            key = (rename or {}).get(kw.arg, kw.arg)
            v = self.value(kw.value, scope, (key,), spans, 1)
            if v is UNRESOLVED:
                spans.pop((key,), None)
            else:
                body[key] = v
        for kw in later:  # extra_body goes last: the SDK merges it over the keywords
            merged = self.value(kw.value, scope, (), spans, 1)
            if isinstance(merged, dict):
                body.update(merged)
                merged_keys.update(merged)
        return body, spans, merged_keys


#: Framework constructors whose keywords become (part of) a request, by (module prefix, name).
_FRAMEWORK_FRAGMENTS: dict[tuple[str, str], tuple[dict[str, str], tuple[str, ...]]] = {
    ("langchain_openai", "ChatOpenAI"): (
        {"model_name": "model", "response_include": "include"},
        ("model_kwargs", "extra_body"),
    ),
    ("langchain_openai", "AzureChatOpenAI"): ({"model_name": "model"}, ("model_kwargs", "extra_body")),
    ("agents", "ModelSettings"): ({"response_include": "include"}, ("extra_body", "extra_args")),
    ("agents", "Agent"): ({}, ()),
    ("agents", "OpenAIResponsesModel"): ({}, ()),
    ("agents", "OpenAIChatCompletionsModel"): ({}, ()),
}
#: Keywords of those constructors that are request fields (the rest configure the client).
_FRAGMENT_KEYS = {
    "model", "service_tier", "reasoning", "reasoning_effort", "include", "store", "truncation",
    "prompt_cache_key", "prompt_cache_retention", "tool_choice", "background", "previous_response_id",
    "conversation", "prompt", "modalities", "audio", "text", "metadata", "stream",
}  # fmt: skip
_REGION_CLIENTS = {("openai", "BedrockOpenAI"): "aws_region", ("openai", "AsyncBedrockOpenAI"): "aws_region",
                   ("openai.providers", "bedrock"): "region"}  # fmt: skip


def _module_of(collector: _Collector, call: ast.Call) -> tuple[str, str] | None:
    """(module, name) of the imported class or function a call constructs, if any."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in collector.imports:
        return collector.imports[func.id]
    if isinstance(func, ast.Attribute):
        dotted = _dotted(func.value)
        if dotted:
            root, _, rest = dotted.partition(".")
            if root in collector.module_aliases:
                module = collector.module_aliases[root] + (f".{rest}" if rest else "")
                return module, func.attr
            if root in collector.imports:  # from openai import types; types.X(...)
                mod, orig = collector.imports[root]
                return f"{mod}.{orig}" + (f".{rest}" if rest else ""), func.attr
    return None


def _matches_module(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def extract_python(path: str, text: str, *, context: str | None = None) -> Extracted:
    """Observations from Python source; a syntax error becomes a diagnostic."""
    result = Extracted()
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        hint = " (Python 2 code?)" if exc.msg and ("print" in exc.msg or "Missing parentheses" in exc.msg) else ""
        result.diagnostics.append(
            Diagnostic(path, "parse-error", f"Python syntax error: {exc.msg}{hint}", exc.lineno, exc.offset)
        )
        return result
    except (RecursionError, MemoryError, ValueError) as exc:
        result.diagnostics.append(Diagnostic(path, "too-deep", f"cannot parse: {type(exc).__name__}"))
        return result
    src = SourceText(text)
    collector = _Collector()
    try:
        collector.visit(tree)
    except RecursionError:
        result.diagnostics.append(Diagnostic(path, "too-deep", "Python code nested too deeply to check"))
        return result
    builder = _Builder(collector, src)
    for call, scope in collector.calls:
        try:
            result.observations.extend(_from_call(path, call, scope, collector, builder, src, context))
        except RecursionError:
            result.diagnostics.append(Diagnostic(path, "too-deep", "a value nested too deeply to follow", call.lineno))
    for node in collector.strings:
        value = node.value
        if "://" in value:
            span = builder.span(node)
            result.observations.append(
                CodeObservation(
                    path, "string", value, span, snippet=(src.line(span.line) or "").strip(), context=context
                )
            )
    return result


def _from_call(path: str, call: ast.Call, scope: _Scope, collector: _Collector, builder: _Builder,
               src: SourceText, context: str | None) -> Iterator[RequestObservation | CodeObservation]:  # fmt: skip
    dotted = _dotted(call.func) or ""
    span = builder.span(call)
    snippet = (src.line(span.line) or "").strip()

    def request(body: dict[str, Any], spans: dict[Pointer, Span], endpoint: str) -> RequestObservation:
        return RequestObservation(
            path=path, body=body, endpoint=endpoint, span=span, locate=spans.get, source_line=src.line,
            context=context,
        )  # fmt: skip

    endpoint = request_endpoint(dotted)
    if endpoint:
        body, spans, _ = builder.kwargs_body(call, scope)
        yield request(body, spans, endpoint)
        return
    yield CodeObservation(path, "call", dotted, span, snippet=snippet, context=context)
    if dotted.endswith(".bind_tools") and call.args:
        spans: dict[Pointer, Span] = {}
        tools = builder.value(call.args[0], scope, ("tools",), spans, 1)
        body = {"tools": [t for t in tools if isinstance(t, dict)]} if isinstance(tools, list) else {}
        choice = next((kw for kw in call.keywords if kw.arg == "tool_choice"), None)
        if choice is not None:
            v = builder.value(choice.value, scope, ("tool_choice",), spans, 1)
            if isinstance(v, str) and v not in ("auto", "none", "required", "any"):
                v = {"type": v}  # LangChain turns a built-in tool name into {"type": name}
            if v is not UNRESOLVED:
                body["tool_choice"] = v
        if body:
            yield request(body, spans, "responses")
        return
    origin = _module_of(collector, call)
    if origin is None:
        return
    module, name = origin
    yield CodeObservation(path, "constructor", name, span, module=module, snippet=snippet, context=context)
    for (prefix, cls), (rename, merge) in _FRAMEWORK_FRAGMENTS.items():
        if name == cls and _matches_module(module, prefix):
            body, spans, merged_keys = builder.kwargs_body(call, scope, rename=rename, merge=merge)
            # Keep request fields only: the other keywords configure the client or the agent.
            body = {k: v for k, v in body.items() if k in _FRAGMENT_KEYS or k in merged_keys}
            if body:
                yield request(body, spans, "unknown")
            return
    for (prefix, cls), kwarg in _REGION_CLIENTS.items():
        if name == cls and _matches_module(module, prefix):
            for kw in call.keywords:
                if kw.arg == kwarg and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    rspan = builder.span(kw.value)
                    yield CodeObservation(path, "region", kw.value.value, rspan, module=f"{module}.{name}",
                                          snippet=(src.line(rspan.line) or "").strip(), context=context)  # fmt: skip
