"""Requests whose host and path are written apart, as Node's `https.request` takes them.

Code that calls the API with Node's `https`/`http` modules gives the host and the path as
separate options (`https.request({hostname: "api.openai.com", path: "/v1/chat/completions",
method: "POST"})`), and apps wrap that in a helper that takes them as separate arguments
(`httpsPost("api.openai.com", "/v1/chat/completions", headers, json)`). A call given the
OpenAI API's bare host and an endpoint path, as arguments or as values of one options
object, is a request to that endpoint, reported at the call.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Call, CallSite, Lit, Obj
from bedrock_check.extract.common import writes_string
from bedrock_check.extract.joins import endpoint_request, path_endpoint
from bedrock_check.findings import Observation

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: The hosts that name the OpenAI API when written bare (without a scheme), quoted as code writes them.
BARE_HOSTS = ("api.openai.com",)


def writes_bare_host(text: str) -> bool:
    """Whether a file writes one of `BARE_HOSTS` as a string of its own (`'api.openai.com'`)."""
    return writes_string(text, BARE_HOSTS)


def host_path_requests(sites: Sites, site: CallSite) -> Iterator[Observation]:
    """The request a call makes when given the OpenAI API's bare host and an endpoint path
    (see the module's docstring); nothing for any other call."""
    call = sites.m.lower(site.raw, site.scope)
    if not isinstance(call, Call):
        return
    strings = _strings(call)
    if not any(s in BARE_HOSTS for s in strings):
        return
    for s in strings:
        endpoint = path_endpoint(sites.cat, s) if s.startswith("/") else None
        if endpoint is not None:
            sites.sent_lines.add(site.span.line)
            yield endpoint_request(sites, endpoint, site.span, "openai")
            return


def _strings(call: Call) -> list[str]:
    """The string literals a call is given: its arguments, and the values of an options object among them."""
    out: list[str] = []
    for arg in (*call.args, *(v for _, v in call.kwargs)):
        if isinstance(arg, Lit) and isinstance(arg.value, str):
            out.append(arg.value)
        elif isinstance(arg, Obj):
            out.extend(v.value for _, v in arg.entries if isinstance(v, Lit) and isinstance(v.value, str))
    return out


__all__ = ["BARE_HOSTS", "host_path_requests", "writes_bare_host"]
