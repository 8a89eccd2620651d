"""JavaScript and TypeScript source -> observations: tree-sitter front-end, the shared
resolver and the catalogue questions (the same as for Python).

`jsfront` turns the syntax tree into the shared call-site form; `sites` asks the
catalogue what every call means (SDK methods, `@ai-sdk/openai`, `@openai/agents`,
LangChain JS, clients and their providers) and the resolver what every argument is.
Comments are never parsed as code.
"""

from __future__ import annotations

from typing import Any

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import Diagnostic
from bedrock_check.prefilter import ENTRY_STORES, FIELD_STORES, RETURNED, scoped_package
from bedrock_check.vocabulary import DiagnosticKind

TOKENS = (
    "responses.",
    "completions.",
    "BedrockOpenAI",
    "wss://",
    *scoped_package("@ai-sdk/openai"),
    *scoped_package("@openai/agents"),
    "providerOptions",
    "MODEL",
    "-model",
    ".default(",
    # `createChat({ model: "gpt-4o" })` through the app's own helper: weak (see python.py).
    "model:",
    # A model-named entry of an app's settings object (`customModelName: "gpt-3.5-turbo"`: weak,
    # see prefilter.ENTRY_STORES).
    *ENTRY_STORES,
    # A model id held in a class field or a variable (weak: see prefilter.FIELD_STORES).
    *FIELD_STORES,
    # A model id a getter returns or falls back to (weak: see prefilter.RETURNED).
    *RETURNED,
)

SUFFIXES = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
}  # fmt: skip


def extract_javascript(path: str, text: str, kind: str = "javascript", *, project: Any = None,
                       origin: str | None = None, context: str | None = None) -> Extracted:  # fmt: skip
    """Observations from JS/TS source. A file tree-sitter cannot parse cleanly still
    yields what it can; with nothing to show, it is a diagnostic."""
    from bedrock_check.extract.jsfront import js_model
    from bedrock_check.extract.sites import observe

    result = Extracted()
    # A module an earlier file imported is parsed already (a docs block never is).
    known = project.scanned(path, origin, text, kind) if project is not None and context is None else None
    if known is not None and not (known.has_error and not known.calls):
        return observe(known, project, context, "code")
    try:
        model = js_model(path, text, kind)
    except (ValueError, RuntimeError) as exc:  # pragma: no cover - parser refusal
        result.diagnostics.append(Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"cannot parse: {exc}"))
        return result
    if model.has_error and not model.calls:
        result.diagnostics.append(Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"{kind} syntax error"))
        return result
    model.origin = origin
    return observe(model, project, context, "code")
