"""Model ids that reach an Azure OpenAI request as its deployment, in the URL's path.

Azure OpenAI takes the model in the URL, not in the body: `` `openai/deployments/${model}/chat/completions` ``,
`f"{base}/openai/deployments/{name}/embeddings"`. Apps that talk to both APIs often map the
OpenAI model they were given to Azure's name for it just before (`modelmapping[config.model]
|| config.model` with `{'gpt-3.5-turbo': 'gpt-35-turbo', ...}`), or pick it by a conditional or
a fallback. Every value the deployment segment can take is checked as the request's model,
where it is written; a value the code does not show (a deployment named by the user) is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Lit
from bedrock_check.extract.joins import added_parts
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.callsite import Expr
    from bedrock_check.extract.sites import Sites


def deployment_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id an Azure deployment segment of this file
    can hold (see the module docstring)."""
    m = sites.m
    if not m.deployment_urls or sites.file_vendor is not None:
        return
    seen: set[tuple[int, int]] = set()
    for raw, scope in m.deployment_urls:
        e = m.lower(raw, scope)
        if sites.in_foreign(e.span):
            continue
        for before, slot in pairwise(added_parts(e)):
            if not (isinstance(before, Lit) and isinstance(before.value, str) and before.value.endswith("openai/deployments/")):
                continue
            if isinstance(slot, Lit) or (slot.span.line, slot.span.column) in seen:
                continue  # (a name written out is the URL's own string: checked as written)
            seen.add((slot.span.line, slot.span.column))
            yield from _slot_models(sites, slot)


def _slot_models(sites: Sites, slot: Expr) -> list[Observation]:
    """The OpenAI model ids a deployment segment's expression can be, each where written."""
    spans: dict[Pointer, Span] = {}
    value, branches = sites.r.branched(slot, ("model",), spans)
    found = [(value, spans.get(("model",))), *((v, sub.get(("model",))) for p, v, sub in branches if p == ("model",))]
    if any(isinstance(v, str) and not sites.cat.deployment_model(v) for v, _ in found):
        # A table of every model the app offers (web, API, other vendors) looked up by a name known
        # at run time: choices, not the deployment's model (a mapping to Azure's names holds only those).
        return []
    return [sites.request({"model": v}, {("model",): where}, "unknown", slot.span, "azure", fragment=True)
            for v, where in found if isinstance(v, str) and where is not None and sites.cat.deployment_model(v)]


__all__ = ["deployment_models"]
