"""Model ids in a list the code loops over, sending each as a request's model.

A comparison or an evaluation runs one prompt on several models: the models are a list
(written in the loop or bound to a name, in this file or another), and the loop hands each
to the request, to an SDK call or to the app's own helper:

    models = ["openai:gpt-4o", "anthropic:claude-3-5-sonnet-20240620"]
    for model in models:
        client.chat.completions.create(model=model, messages=messages)

    for x in ["groq:llama3-70b-8192", "openai:gpt-4o"]:
        ask("Who made you?", model=x)

Every entry is sent, so each OpenAI model id of the list (a bare id or one with an `openai:`
or `openai/` prefix; another vendor's entry is theirs) is reported where it is written. Only
a loop variable given as a call's model keyword counts: a list looped over to print, to count
tokens or to price (`not_calls` of the catalogue's `neutral_models`) sends nothing. Not in a
test file, nor in a file of another vendor; a bare id is not read where every client of the
file goes to another provider the catalogue knows (`gpt-oss:20b` on Ollama is theirs anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Call, Ref
from bedrock_check.findings import Observation, Pointer, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: The keywords that give a call its model.
_MODEL_KEYWORDS = frozenset({"model", "model_name", "model_id"})


def looped_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id of a list whose entries a loop of the file
    gives a call as its model (see the module docstring)."""
    m = sites.m
    if not m.loops or sites.file_vendor is not None or sites._test_file:
        return
    spec = sites.cat.frameworks.neutral_models
    not_calls = re.compile(spec.not_calls) if spec is not None else None
    known = sites.cat.providers.providers
    elsewhere = bool(sites.client_providers) and all(p in known and p not in MIGRATING_PROVIDERS
                                                     for p in sites.client_providers)  # fmt: skip
    for name, raw, scope, first, last in m.loops:
        if not _sent(sites, name, first, last, not_calls):
            continue
        spans: dict[Pointer, Span] = {}
        value = sites.r.value(m.lower(raw, scope), ("models",), spans)
        if not isinstance(value, list):
            continue
        for i, item in enumerate(value):
            where = spans.get(("models", i))
            if not isinstance(item, str) or where is None or sites.in_foreign(where):
                continue
            mid, vendor = sites.cat.read_model(item)
            prefixed = sites.cat.prefixed_model(item) is not None
            if vendor in MIGRATING_PROVIDERS and (prefixed or not elsewhere):
                yield from sites.more_models([(mid, where)], where, vendor)


def _sent(sites: Sites, name: str, first: int, last: int, not_calls: re.Pattern[str] | None) -> bool:
    """Whether a call in the loop's body (lines `first`..`last`) gives the loop variable `name`
    as its model keyword, and is no tokenizer's, cost table's or test double's."""
    m = sites.m
    for site in m.calls:
        if site.span.line < first or site.span.line > last:
            continue
        if not_calls is not None and not_calls.search(".".join(site.chain)):
            continue
        text = "\n".join(m.src.lines[site.span.line - 1 : site.span.end_line])
        if name not in text:
            continue  # (the cheap test first)
        call = m.lower(site.raw, site.scope)
        if isinstance(call, Call) and any(k in _MODEL_KEYWORDS and isinstance(v, Ref) and v.name == name
                                          for k, v in call.kwargs):  # fmt: skip
            return True
    return False


__all__ = ["looped_models"]
