"""Requests sent through the application's own HTTP helpers.

Applications that call the API without the SDK often wrap the raw HTTP call once and call the
wrapper everywhere: `self._request(path="/completions", payload=...)` in their own client
class, `this.postJson('/chat/completions', payload)` on a base class from an installed
package, `self._post_json(url, payload)` with `url = f"{self.api_base}/images/generations"`
built a few lines up, and callers of the client's methods in other files
(`self._http_client.chat_completions(model=..., messages=...)`). Each is a request to the
endpoint its path names, reported once, at the call that sends it:

- a helper call is known by its name (the catalogue's `http_helpers`) or because the function
  it calls is one of the scanned tree whose body makes a raw HTTP call (`http_calls`);
- the path is its first argument or a path keyword, written there, built into a local of the
  same function, or a parameter's default (`path: str = "/chat/completions"`, reported where
  the default is written, since every caller that leaves it out sends there);
- a method of the tree whose body sends to one endpoint (an *endpoint method*) is a request
  to that endpoint wherever another file calls it, with the call's arguments as the body;
- the provider is the base URL's when the code shows it (another vendor's URL: nothing is
  reported), else the one the names around the call say (`class OpenAIHTTPClient`), else,
  when nothing says, the file must talk to OpenAI (an OpenAI library or URL, no other
  vendor's), and the request is checked as an OpenAI API request.

Route registrations of a web server (`@app.post("/v1/chat/completions")`, `router.post(path,
handler)`) and HTTP mocks are not requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Add, Alt, Attr, Call, CallSite, Lit, Ref
from bedrock_check.extract.joins import endpoint_request, holder_provider, path_endpoint
from bedrock_check.extract.resolve import Sym
from bedrock_check.findings import Observation, Pointer, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

if TYPE_CHECKING:
    from bedrock_check.extract.callsite import FileModel, FuncInfo
    from bedrock_check.extract.sites import Sites
    from bedrock_check.extract.sites.base import SiteBase

#: Receivers that register routes or intercept requests, not send them (`app.post(path, handler)`,
#: `nock(base).post(path)`).
_NOT_SENDERS = frozenset({"app", "router", "server", "fastify", "express", "hono", "bp", "blueprint",
                          "routes", "nock", "mock", "msw", "http_mock", "httpx_mock", "respx", "responses"})  # fmt: skip
#: An argument written as a function (a route's handler): `(req, res) => ...`, `function`, `lambda`.
_FUNCTION_ARG = re.compile(r"^\s*(async\s+)?(function\b|lambda\b|\([^()]*\)\s*=>|\w+\s*=>)")
#: A parameter named as the path a helper is given (`path`, `endpoint`, `api_path`, `apiPath`, `route`).
_PATH_NAME = re.compile(r"path|endpoint|route", re.IGNORECASE)
#: Words of the endpoints' paths, as a call's line writes them (`/chat/completions`, `/v1/embeddings`).
_PATH_WORD = re.compile(r"/(v1|chat/completions|completions|responses|embeddings|images|audio|moderations)\b")
#: Words an app's client names its endpoint methods with (`chat_completions`, `imagesGenerate`, `embed`).
_ENDPOINT_NAME = re.compile(r"complet|embed|image|transcri|translat|speech|moderat|respons|realtime|assistant"
                            r"|batch|fine_?tun|vector_?store|upload", re.IGNORECASE)
#: How deep a helper's body is followed to see that it sends HTTP (`_request` calls `_stream` calls `requests.post`).
_MAX_DEPTH = 3


def helper_requests(sites: Sites, site: CallSite) -> Iterator[Observation]:
    """The request a call of the app's own HTTP helper (or of an endpoint method of the tree)
    makes, when its path names an OpenAI endpoint (see the module's docstring)."""
    chain = site.chain
    # (a bare name is a helper only when it is a function of the tree that sends: `post(...)`
    # alone may be anything)
    named = len(chain) > 1 and chain[-1] in sites.cat.http_helpers
    # Decided before anything is resolved (most calls of most files are none of these): a
    # helper by name, a call whose line writes an API path, or (in code that names OpenAI) a
    # call named for an endpoint, as an app's client names its methods (`chat_completions`).
    if not (named or _names_path(sites, site.span) or (sites._names_openai and _ENDPOINT_NAME.search(chain[-1]))):
        return
    if _NOT_SENDERS & set(chain[:-1]) or _decorator(sites, site.span):
        return
    call = sites.m.lower(site.raw, site.scope)
    if not isinstance(call, Call):
        return
    if named and isinstance(first := _path_arg(sites, call), Lit) and (
            not isinstance(first.value, str) or _endpoint_of(sites, first.value)[0] is None):  # fmt: skip
        return  # `self.post("/login", ...)`: no endpoint's path
    func = sites.r.value(sites.m.lower(site.func_raw, site.scope))
    info = sites.r.function(func) if _is_function(func) else None
    model = (func.model or sites.m) if info is not None else None
    if info is not None and model is not None and not _sends(sites, model, info, 0):
        info = None  # a function of the tree that sends nothing: not a helper, whatever its name
        if not named:
            return
    if not named and info is None:
        return
    if any(_FUNCTION_ARG.match(_text(sites, a.span)) for a in call.args):
        return  # `router.post("/v1/chat/completions", (req, res) => ...)`: a route of the app's own server
    found = _path_request(sites, site, call)
    if found is not None:
        yield from found
        return
    if info is not None and model is not None:
        yield from _endpoint_method_call(sites, site, call, model, info)


def _path_request(sites: Sites, site: CallSite, call: Call) -> list[Observation] | None:
    """The request a helper call makes to the path it is given here (None when it is given no
    path this code shows: a parameter with no default, or no path at all)."""
    arg = _path_arg(sites, call)
    if arg is None:
        return None
    spans: dict[Pointer, Span] = {}
    value = sites.r.value(arg, (), spans)
    where = site.span
    if isinstance(arg, Ref) and sites.r.is_parameter(arg):
        # `self._request(path=path)` in `def chat_completions(self, path="/chat/completions")`:
        # every caller that leaves the path out sends there; reported where the default is written.
        where = spans.get((), where)
        if not isinstance(value, str) or where.line == site.span.line:
            return None
    if not isinstance(value, str):
        value = _joined(sites, arg)
        if value is None:
            return None
    endpoint, base = _endpoint_of(sites, value)
    if endpoint is None or (base is not None and isinstance(arg, Lit)):
        return None  # (a full URL written at the call is reported as the string it is)
    ok, provider = _provider(sites, site, arg, base)
    if not ok:
        return []
    mark_sent(sites, arg, site.scope)
    if where.line != site.span.line:
        sites.sent_lines.add(where.line)
    return [_request(sites, endpoint, where, provider, call, 1)]


def _endpoint_method_call(sites: Sites, site: CallSite, call: Call, model: FileModel, info: FuncInfo) -> Iterator[Observation]:
    """A call of an endpoint method of the tree (`client.chat_completions(model=..., ...)`):
    a request to each endpoint its body sends to, with the call's arguments as the body. A
    call from the method's own file is not one more request: the helper call in its body is
    reported there already (`requestChatCompletionsStream(...)` calling `this.post(...)`)."""
    if model is sites.m:
        return
    for endpoint, provider in _endpoints(sites, model, info):
        yield _request(sites, endpoint, site.span, provider, call, 0)


def _endpoints(sites: Sites, model: FileModel, info: FuncInfo) -> list[tuple[ApiEndpoint, str | None]]:
    """The endpoints a function's own body sends to through a helper call with a path (cached
    per function: a client's method is called from many files)."""
    cache = sites.endpoint_methods
    key = id(info)
    if key in cache:
        return cache[key]
    cache[key] = []  # (a recursive helper is no endpoint method)
    sub = sites if model is sites.m else sites.other(model)
    found: list[tuple[ApiEndpoint, str | None]] = []
    for other in _calls_in(model, info.scope):
        if len(found) >= 4:
            break
        if len(other.chain) < 2 or _NOT_SENDERS & set(other.chain[:-1]) or sub._http_spec(other) is not None:
            continue  # (a raw HTTP call is reported where it is made, with its own URL)
        call = model.lower(other.raw, other.scope)
        if not isinstance(call, Call):
            continue
        func = sub.r.value(model.lower(other.func_raw, other.scope))
        inner = sub.r.function(func) if _is_function(func) else None
        if other.chain[-1] not in sites.cat.http_helpers and (inner is None or not _sends(sub, func.model or model, inner, 0)):
            continue
        arg = _path_arg(sub, call)
        value = sub.r.value(arg) if arg is not None else None
        if not isinstance(value, str):
            continue
        endpoint, base = _endpoint_of(sub, value)
        if endpoint is None:
            continue
        ok, provider = _provider(sub, other, arg, base)
        if ok and (endpoint, provider) not in found:
            found.append((endpoint, provider))
    cache[key] = found
    return found


def _path_arg(sites: Sites, call: Call) -> Any:
    """The path (or URL) a helper call is given: a path keyword, else its first argument."""
    for name in sites.cat.path_keywords:
        expr = sites.kw(call, name)
        if expr is not None:
            return expr
    return call.args[0] if call.args else None


def _endpoint_of(sites: Sites, value: str) -> tuple[ApiEndpoint | None, str | None]:
    """The endpoint a path or URL names, with the URL's base when it has one."""
    if "://" in value:
        from bedrock_check.httppaths import endpoint_for_url

        return endpoint_for_url(value, exact=True) or None, value
    endpoint = path_endpoint(sites.cat, value, single=True)
    if endpoint in (ApiEndpoint.MODELS, None):
        return None, None  # (the models list is no request to check)
    return endpoint, None


def _joined(sites: Sites, arg: Any) -> str | None:
    """A URL built from a base the code does not show and a path (`f"{self.api_base}/images/generations"`,
    `` `${this.options.apiHost}${apiPath}` ``), as its known parts with `{}` for the rest; None when
    no part is a known string."""
    from bedrock_check.extract.joins import added_parts

    expr = arg
    if isinstance(arg, Ref) and not sites.r.is_parameter(arg):
        found = sites.r.lookup(arg.name, arg.scope, arg.pos)
        bindings = found[0] if found is not None else []
        if len(bindings) != 1 or bindings[0].kind != "assign":
            return None
        expr = sites.r.expr(bindings[0].raw, found[1] if found is not None else arg.scope)
    if not isinstance(expr, Add):
        return None
    leaves = added_parts(expr)
    parts = []
    for index, leaf in enumerate(leaves):
        if isinstance(leaf, Lit):
            parts.append(leaf.value if isinstance(leaf.value, str) else "{}")
            continue
        options = [v for v in sites.r.options(leaf, (), {}, 0) if isinstance(v, str)]
        # (`this.options.apiPath || '/v1/chat/completions'`: the default the code writes)
        path = next((v for v in options if "://" not in v and "/" in v), None)
        base = next((v for v in options if "://" in v), None) if index == 0 else None
        parts.append(base if base is not None else path if path is not None else "{}")
    text = "".join(parts)
    while text.startswith("{}"):
        text = text[2:]
    return text if "/" in text else None


def _provider(sites: Sites, site: CallSite, arg: Any, base: str | None) -> tuple[bool, str | None]:
    """Whether a helper call's request goes to the OpenAI API (or Azure OpenAI, or a provider
    nothing names in a file that talks to OpenAI), and to which provider (None: not told)."""
    if base is not None:
        found = sites.cat.provider_of_base_url(base)
        return found in MIGRATING_PROVIDERS, found
    names: list[str] = [p for p in site.chain[:-1] if p not in ("self", "this", "()")]
    cls = sites.r._class_of(site.scope)
    if cls:
        names.append(cls)
        info = sites.m.classes.get(cls)
        names.extend(info.bases if info is not None else ())
    for url in _base_urls(sites, arg):
        names.append(url)
    said = holder_provider(sites.cat, names)
    if said is not None:
        return sites.cat.is_checked(said), said
    if any("://" in n for n in names):
        return False, None  # a base URL of a host nobody knows (a local server, another vendor)
    # (A browser app's helper prefixes the path with the OpenAI base URL a user sets,
    # `${store.OPENAI_API_BASE_URL}${url}`: the file's own setting names where it goes.)
    if sites.talks_to_openai():
        return True, None
    named = sites.m.memo.get("apphttp.openai_base")
    if named is None:
        named = sites.m.memo["apphttp.openai_base"] = sites.cat.names_openai_env(sites.m.src.text, "BASE_URL|API_BASE|BASE|HOST")
    return named, None


def _base_urls(sites: Sites, arg: Any) -> list[str]:
    """The base URLs the parts of a joined URL can be (`self.api_base` set from a default)."""
    from bedrock_check.extract.joins import added_parts

    expr = arg
    if isinstance(arg, Ref) and not sites.r.is_parameter(arg):
        found = sites.r.lookup(arg.name, arg.scope, arg.pos)
        if found is not None and len(found[0]) == 1 and found[0][0].kind == "assign":
            expr = sites.r.expr(found[0][0].raw, found[1])
    out: list[str] = []
    for leaf in added_parts(expr)[:1]:
        if isinstance(leaf, (Ref, Attr)):
            out.extend(v for v in sites.r.options(leaf, (), {}, 0) if isinstance(v, str) and "://" in v)
    return out


def _request(sites: Sites, endpoint: ApiEndpoint, span: Span, provider: str | None, call: Call, body_at: int) -> Observation:
    """The request at `span`, with the body the call shows (its keywords, or the argument after
    the path) when it holds a model; else the endpoint alone."""
    body, spans = sites.options_of(call) if call.kwargs else ({}, {})
    if not body and len(call.args) > body_at:
        spans = {}
        value = sites.r.value(call.args[body_at], (), spans)
        body = value if isinstance(value, dict) else {}
    if isinstance(body.get("body"), dict) and "model" not in body:
        # `fetchSSE(url, {method: "POST", body: JSON.stringify(body)})`: fetch's options
        body = body["body"]
        spans = {p[1:]: sp for p, sp in spans.items() if p[:1] == ("body",)}
    model = body.get("model")
    if isinstance(model, str) and ("model",) in spans and sites.cat.read_model(model)[1] in MIGRATING_PROVIDERS:
        keep: dict[Pointer, Span] = {(): span, ("model",): spans[("model",)]}
        fields: dict[str, Any] = {"model": model}
        if endpoint == ApiEndpoint.CHAT_COMPLETIONS:
            fields["messages"] = []
            keep[("messages",)] = span
        return sites.request(fields, keep, endpoint, span, provider)
    return endpoint_request(sites, endpoint, span, provider)


def mark_sent(sites: Sites, arg: Any, scope: int) -> None:
    """Note the lines of the path literals a URL sent here is built from, in the sending
    function itself (`url = f"{api_base}/audio/transcriptions"` a few lines up): the request is
    reported at the call, not again where its path is written. A path constant of a table or
    module is still reported where it is written (see `joins`)."""
    lines = sites.sent_lines
    if isinstance(arg, (Lit, Add)):
        lines.add(arg.span.line)
    elif isinstance(arg, Ref):
        found = sites.r.lookup(arg.name, arg.scope, arg.pos)
        if found is not None and found[1] == scope:
            lines.update(sites.r.expr(b.raw, scope).span.line for b in found[0][-4:] if b.kind == "assign" and b.raw is not None)


def path_from_caller(sites: SiteBase, arg: Any, depth: int = 0) -> bool:
    """Whether a URL is a base joined to a path its function is given (`f"{self.api_base}{path}"`
    in `def _request(self, *, path, payload)`, also in one branch of a conditional, or handed on
    as a parameter to the function that posts it: `self._stream(url=url)`): the endpoint is each
    caller's, reported at the callers' helper calls, not at this generic POST."""
    from bedrock_check.extract.joins import added_parts

    expr = arg
    if isinstance(arg, Ref) and sites.r.is_parameter(arg):
        return depth < 2 and any(path_from_caller(sites, given, depth + 1) for given in _given(sites, arg))
    if isinstance(arg, Ref):
        found = sites.r.lookup(arg.name, arg.scope, arg.pos)
        if found is None or len(found[0]) != 1 or found[0][0].kind != "assign":
            return False
        expr = sites.r.expr(found[0][0].raw, found[1])
    options = expr.options if isinstance(expr, Alt) else (expr,)
    return any(isinstance(leaf, Ref) and _PATH_NAME.search(leaf.name) and sites.r.is_parameter(leaf)
               for one in options if isinstance(one, Add) for leaf in added_parts(one)[1:])  # fmt: skip


def _given(sites: SiteBase, param: Ref) -> list[Any]:
    """What this file's calls of the function that has parameter `param` pass for it (by
    keyword: `self._stream_chat(url=url)`), as expressions of the callers' scopes."""
    info = sites.r._function_at(param.scope)
    if info is None:
        return []
    out: list[Any] = []
    for site in sites.m.calls:
        if site.chain[-1] != info.name or len(out) >= 4:
            continue
        call = sites.m.lower(site.raw, site.scope)
        if isinstance(call, Call):
            out.extend(v for k, v in call.kwargs if k == param.name)
    return out


def _sends(sites: Sites, model: FileModel, info: FuncInfo, depth: int) -> bool:
    """Whether a function of the tree makes a raw HTTP call in its body, or calls a helper of
    the tree (or a helper by name) that does, up to a few calls deep."""
    cache = sites.senders
    key = id(info)
    if key in cache:
        return cache[key]
    cache[key] = False
    sub = sites if model is sites.m else sites.other(model)
    result = False
    for other in _calls_in(model, info.scope):
        chain = other.chain
        if len(chain) <= 2 and sites.cat.http_calls.get(".".join(chain)) is not None:
            result = True
            break
        if chain[-1] in sites.cat.http_helpers and chain[0] in ("self", "this"):
            func = sub.r.value(model.lower(other.func_raw, other.scope))
            inner = sub.r.function(func) if _is_function(func) else None
            if inner is None or (depth < _MAX_DEPTH and _sends(sub, func.model or model, inner, depth + 1)):
                result = True  # (a helper of a base class outside the tree, or one of ours that sends)
                break
        elif chain[-1] in sites.cat.http_body_tails and sub._http_spec(other) is not None:
            result = True
            break
    cache[key] = result
    return result


def _calls_in(model: FileModel, scope: int) -> list[CallSite]:
    """The calls written in a function's body, its nested functions' too (indexed once per file)."""
    index: dict[int, list[CallSite]] | None = model.memo.get("apphttp.calls")
    if index is None:
        index = {}
        for site in model.calls:
            s: int | None = site.scope
            while s is not None:
                index.setdefault(s, []).append(site)
                s = model.scopes[s].parent
        model.memo["apphttp.calls"] = index
    return index.get(scope, [])


def _is_function(value: Any) -> bool:
    qual = getattr(value, "qual", None)
    return isinstance(value, Sym) and isinstance(qual, str) and qual.startswith("<func:") and not value.path


def _text(sites: Sites, span: Span) -> str:
    lines = sites.m.src.lines
    return lines[span.line - 1][span.column - 1 :] if 1 <= span.line <= len(lines) else ""


def _names_path(sites: Sites, span: Span) -> bool:
    """Whether the call's first line writes an API path (`` fetchSSE(`${base}/v1/chat/completions`, ...) ``)."""
    lines = sites.m.src.lines
    text = lines[span.line - 1] if 1 <= span.line <= len(lines) else ""
    return "/" in text and _PATH_WORD.search(text) is not None


def _decorator(sites: Sites, span: Span) -> bool:
    """Whether the call is a decorator (`@app.post("/v1/chat/completions")`)."""
    lines = sites.m.src.lines
    return 1 <= span.line <= len(lines) and lines[span.line - 1].lstrip().startswith("@")


__all__ = ["helper_requests", "mark_sent", "path_from_caller"]
