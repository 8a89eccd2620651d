"""Requests written by hand: raw HTTP calls, URLs and realtime events built as objects.

Code that talks to the OpenAI API without the SDK still sends request bodies and model
ids: a `fetch`/`requests.post` to an OpenAI API URL with a JSON body (which calls are HTTP
calls, and where their URL and body are, is catalogue data: sdk.yaml's
`http_calls`), a model named in a URL's query (`wss://api.openai.com/v1/realtime?model=gpt-realtime`), a realtime
event written as an object and sent on a socket (`{type: "session.update", session: {...}}`).
Only URLs that resolve to the OpenAI API (or Azure OpenAI) are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.bodies import clean, models_at
from bedrock_check.extract.callsite import Call, CallSite
from bedrock_check.findings import Observation, Pointer, Span
from bedrock_check.httppaths import endpoint_for_url

if TYPE_CHECKING:
    from bedrock_check.catalogue import HttpCall
    from bedrock_check.extract.sites import Sites

#: A model named in a URL's query (`/v1/realtime?model=gpt-realtime`).
_MODEL_QUERY = re.compile(r"[?&]model=([\w.:-]+)")


def http_requests(sites: Sites, site: CallSite, spec: HttpCall) -> Iterator[Observation]:
    """A raw HTTP call (`fetch`, `requests.post`; `spec` is its catalogue entry) to an OpenAI
    API URL: its JSON body is a request like any other (the URL string itself is reported as
    the endpoint it names)."""
    if spec.body_arg is None and spec.body_key is None:
        return
    call = sites.m.lower(site.raw, site.scope)
    if not isinstance(call, Call) or len(call.args) <= spec.url:
        return
    url = sites.r.value(call.args[spec.url])
    provider = sites.cat.provider_of_host(url) if isinstance(url, str) else None
    if provider is not None and not sites.cat.is_checked(provider):
        sites.foreign(site.span)  # a body sent to Groq or xAI: the tool literals in it are theirs
    endpoint = endpoint_for_url(url) if provider in ("openai", "azure") else None
    if endpoint is None:
        return  # a URL of another host, or one built at run time: nothing known about it
    spans: dict[Pointer, Span] = {}
    body: Any = None
    if spec.body_arg is not None and len(call.args) > spec.body_arg:
        body = sites.r.value(call.args[spec.body_arg], (), spans)
        if spec.body_key is not None:
            body = body.get(spec.body_key) if isinstance(body, dict) else None
            n = 1
            spans = {p[n:]: sp for p, sp in spans.items() if p[:n] == (spec.body_key,)}
    elif spec.body_key is not None:
        expr = sites.kw(call, spec.body_key)
        body = sites.r.value(expr, (), spans) if expr is not None else None
    if not isinstance(body, dict):
        return
    body = clean(body, (), [], sites.presence)
    models = models_at(body, spans, sites.cat.endpoint_models(endpoint))
    provider = sites.model_provider(provider, body)
    if isinstance(body.get("model"), str) and sites.cat.read_model(body["model"])[1] is None:
        del body["model"]
    if not sites.cat.is_checked(provider):
        return
    if "messages" in body and endpoint == "chat.completions":
        spans[("messages",)] = site.span  # a Chat Completions request is one at the call, as with the SDK
    if body:
        # Reported as the body it holds; the endpoint itself is the URL's finding.
        yield sites.request(body, spans, "unknown", site.span, provider)
    yield from sites.more_models([m for m in models if m[1] != spans.get(("model",))], site.span, provider)


def url_models(sites: Sites, url: str, span: Span, provider: str | None) -> list[Observation]:
    """The model a URL of the OpenAI API names in its query, checked where the URL is written."""
    query = _MODEL_QUERY.search(url) if provider in ("openai", "azure") else None
    return sites.more_models([(query.group(1), span)], span, provider) if query is not None else []


def event_models(sites: Sites, value: Any, spans: dict[Pointer, Span], at: Span) -> list[Observation]:
    """The models a realtime event written as an object names, where its socket event
    entry (`session.update`) names them."""
    kind = value.get("type") if isinstance(value, dict) else None
    event = sites.cat.event_types.get(kind) if isinstance(kind, str) else None
    if event is None or not event.models:
        return []
    return sites.more_models(models_at(clean(value, (), []), spans, tuple(event.models)), at, None)


__all__ = ["event_models", "http_requests", "url_models"]
