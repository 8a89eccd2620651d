"""Where a raw HTTP call's URL is, and what a module's place in the tree says about it.

The catalogue's `http_calls` say at which argument a call takes its URL; some calls also take
it inside one options object (`axios({method: "post", url, data})`) or by keyword
(`session.ws_connect(url=url)`), read here as if it came first. A URL whose base the code
does not show may still be named by the module that sends it: one module per provider
(`providers/openai/api.ts`, `apis/azure-openai-api.mjs`, `bridge_openrouter.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Call, CallSite, Lit, Obj

if TYPE_CHECKING:
    from bedrock_check.extract.sites.base import SiteBase


def lower_http(sites: SiteBase, site: CallSite, spec: Any) -> Any:
    """A raw HTTP call lowered with its URL where its catalogue entry (`spec`) says: given one
    options object that holds the URL (`axios({method: "post", url: URL, data})`, the entry's
    `url_key`), it is read as `axios(URL, {method: "post", url: URL, data})`; given the URL as
    that keyword (`ws_connect(url=URL)`), as `ws_connect(URL)`."""
    call = sites.m.lower(site.raw, site.scope)
    key = getattr(spec, "url_key", None)
    if key is None or not isinstance(call, Call):
        return call
    if len(call.args) == spec.url:
        # `session.ws_connect(url=url, headers=...)`: the URL given by its keyword.
        url = next((v for k, v in call.kwargs if k == key), None)
        return call if url is None else Call(call.func, (*call.args, url), call.kwargs, call.span, call.new)
    if len(call.args) != spec.url + 1:
        return call
    options = call.args[spec.url]
    if not isinstance(options, Obj):
        return call
    url = next((v for k, v in options.entries if isinstance(k, Lit) and k.value == key), None)
    if url is None:
        return call
    return Call(call.func, (*call.args[: spec.url], url, options), call.kwargs, call.span, call.new)


def path_names(path: str) -> list[str]:
    """The names a module's place gives it: its folder and its file name without the extension
    (`providers/openai/api.ts` -> `openai`, `api`); not the folders above, which may be where
    the repository was checked out."""
    parts = [p for p in path.replace("\\", "/").split("/") if p and p not in (".", "..")][-2:]
    if parts:
        parts[-1] = parts[-1].split(".", 1)[0]
    return parts


__all__ = ["lower_http", "path_names"]
