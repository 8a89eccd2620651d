"""URLs a sending helper is given by its callers, reported where they are written.

Libraries and apps wrap `fetch` or `requests.post` once and hand it the URL as a parameter:
`fetchWithTimeout(url, options)` called from `createFetchLanguageModel(url, ...)`, itself called
with `endPoint = "https://api.openai.com/v1/chat/completions"` (a parameter's default) and with
`env.OPENAI_ENDPOINT ?? "https://api.openai.com/v1/chat/completions"` (a fallback). The helper's
`fetch` sends whatever it is given; the request to OpenAI is where its URL is written, as it is
for a URL constant no call of the file sends (`url_constants`). A URL written in another file is
reported there, as that file's own literal.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.apphttp import path_from_caller
from bedrock_check.extract.callsite import Ref
from bedrock_check.findings import Observation, Pointer, Span
from bedrock_check.httppaths import endpoint_for_url
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

if TYPE_CHECKING:
    from bedrock_check.extract.sites.base import SiteBase
    from bedrock_check.extract.sites.providers import Providers

#: More values than this through one parameter are a table of choices, not a helper's callers.
_MAX = 8


def given_urls(sites: SiteBase, arg: Any, at: Span) -> list[tuple[str, Span]]:
    """The full URLs a raw HTTP call's URL parameter is given, each where it is written in this
    file away from the call (empty when the URL is not a parameter, or any value of it is not
    written in this file: then the call reports the URL it sends, as before)."""
    if not isinstance(arg, Ref) or not sites.r.is_parameter(arg) or path_from_caller(sites, arg):
        return []  # (a base joined to each caller's path: reported at the callers' helper calls)
    saved = sites.r.alternates
    sites.r.alternates = []
    try:
        spans: dict[Pointer, Span] = {}
        first = sites.r.value(arg, (), spans)
        values = [(first, spans.get(())), *((v, sub.get(())) for p, v, sub in sites.r.alternates if p == ())]
    finally:
        sites.r.alternates = saved
    out: list[tuple[str, Span]] = []
    for value, span in values[:_MAX]:
        if not isinstance(value, str) or "://" not in value:
            continue
        if span is None or type(span) is not Span or span.line == at.line:
            return []  # (written at the call, or in another file: reported as it was)
        if (value, span) not in out:
            out.append((value, span))
    return out


def written_url(sites: Providers, url: str, span: Span) -> Iterator[Observation]:
    """A URL a sending helper is given, where it is written: the string it is, and a Chat
    Completions request when it is OpenAI's (or Azure OpenAI's) Chat Completions URL."""
    provider = sites._url_provider(url)
    yield sites._code("string", url, span, provider=provider)
    if provider in MIGRATING_PROVIDERS and endpoint_for_url(url) == ApiEndpoint.CHAT_COMPLETIONS:
        sites.sent_lines.add(span.line)
        yield sites.request({"messages": []}, {(): span, ("messages",): span}, ApiEndpoint.CHAT_COMPLETIONS, span, provider)


__all__ = ["given_urls", "written_url"]
