"""Model ids in configuration files that configure an OpenAI client (YAML, JSON).

Some applications build their client from a config file: an AutoGen component config
(`provider: autogen_ext.models.openai.OpenAIChatCompletionClient`, `config: {model: gpt-4o}`),
a GraphRAG `settings.yaml` (`type: openai_chat` beside `model:`). Which mappings name
such a client, and where their model is, is catalogue data (`config_models` in
frameworks.yaml); a `model:` anywhere else in a config file is not read, so a list of
models in a price table or a test fixture is never a use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import ApiEndpoint

_MAX_DEPTH = 64


def config_models(path: str, value: Any, locate: Callable[[Pointer], Span | None],
                  source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """One observation per OpenAI model id a client config in `value` names, at the line
    where the id is written (`locate` gives the span of a pointer)."""
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    specs = cat.frameworks.config_models
    found: list[RequestObservation] = []
    stack: list[tuple[Any, Pointer, int]] = [(value, (), 0)]
    while stack:
        node, ptr, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(node, list):
            stack.extend((v, (*ptr, i), depth + 1) for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        stack.extend((v, (*ptr, k), depth + 1) for k, v in node.items() if isinstance(k, str))
        for spec in specs:
            kind = node.get(spec.key)
            if not isinstance(kind, str) or kind not in spec.values:
                continue
            model: Any = node
            where: Pointer = ptr
            for part in spec.model.split("."):
                model = model.get(part) if isinstance(model, dict) else None
                where = (*where, part)
            if not isinstance(model, str):
                continue
            mid, vendor = cat.read_model(model)
            span = locate(where)
            if vendor not in ("openai", "azure") or span is None:
                continue
            found.append(RequestObservation(
                path=path, body={"model": mid}, endpoint=ApiEndpoint.UNKNOWN, span=span,
                locate=_at_model(span), source_line=source_line,
                provider=spec.provider or vendor, fragment=True,
            ))  # fmt: skip
    return found


def _at_model(span: Span) -> Callable[[Pointer], Span | None]:
    """A locator that knows only where the model is."""

    def locate(ptr: Pointer) -> Span | None:
        return span if ptr == ("model",) else None

    return locate


__all__ = ["config_models"]
