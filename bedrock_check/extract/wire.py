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
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.apphttp import mark_sent, path_from_caller
from bedrock_check.extract.bodies import clean, models_at
from bedrock_check.extract.branches import branch_urls
from bedrock_check.extract.callsite import Add, Alt, Attr, Call, CallSite, Lit, Ref
from bedrock_check.extract.common import writes_string
from bedrock_check.extract.given_urls import given_urls
from bedrock_check.extract.httpcall import lower_http, path_names
from bedrock_check.extract.joins import (
    added_parts,
    endpoint_request,
    holder_provider,
    joined_requests,
)
from bedrock_check.extract.resolve import Sym, env_name
from bedrock_check.extract.sentbody import branch_models, sent_body
from bedrock_check.findings import UNRESOLVED_BASE_URL, ElsewhereSpan, Observation, Pointer, Span
from bedrock_check.httppaths import endpoint_for_url
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

if TYPE_CHECKING:
    from bedrock_check.catalogue import HttpCall
    from bedrock_check.extract.sites import Sites
    from bedrock_check.extract.sites.base import SiteBase

#: Endpoints whose URL string is not a finding where it is written: the request is, at its call.
_AT_CALL = frozenset({ApiEndpoint.CHAT_COMPLETIONS, ApiEndpoint.RESPONSES})

#: A model named in a URL's query (`/v1/realtime?model=gpt-realtime`).
_MODEL_QUERY = re.compile(r"[?&]model=([\w.:-]+)")


def _sdp_offer(sites: Sites, site: CallSite) -> bool:
    """Whether a raw HTTP call posts an SDP offer (`application/sdp` written in the call) in a
    file that writes a name only OpenAI's realtime protocol uses (`"oai-events"`)."""
    lines = range(site.span.line, site.span.end_line + 1)
    return any("application/sdp" in (sites.m.src.line(n) or "") for n in lines) and sites.realtime_marked()


def _completed_constant(sites: Sites, site: CallSite, arg: Any, url: str) -> Iterator[Observation]:
    """Where the URL this call sends starts, when that is a URL constant of another file that
    the call completes (`` `${REALTIME_BASE_URL}?model=${REALTIME_MODEL}` `` with the base in
    `lib/constants.ts`): the scan reports the request here, not again at the constant (as a base
    URL constant of this file is: `Sites._fetched`). A constant sent as it is stays a use where
    it is written."""
    parts: list[Any] = []
    node = arg
    while isinstance(node, Add):
        parts.append(node.right)
        node = node.left
    parts.append(node)
    # (The first part written: a Python f-string starts from an empty string.)
    first = next((p for p in reversed(parts) if not (isinstance(p, Lit) and p.value == "")), None)
    if node is arg or not isinstance(first, (Ref, Attr)):
        return
    spans: dict[Pointer, Span] = {}
    base = sites.r.value(first, (), spans)
    where = spans.get(())
    if isinstance(base, str) and "://" in base and url.startswith(base) and len(url) > len(base) \
            and isinstance(where, ElsewhereSpan) and where.origin:  # fmt: skip
        yield sites._code("completes", sites._display(where.origin), site.span, attrs=(("line", str(where.line)),))


def http_requests(sites: Sites, site: CallSite, spec: HttpCall) -> Iterator[Observation]:
    """A raw HTTP call (`fetch`, `requests.post`; `spec` is its catalogue entry) to an OpenAI
    API URL: its JSON body is a request like any other (the URL string itself is reported as
    the endpoint it names)."""
    call = lower_http(sites, site, spec)
    if not isinstance(call, Call) or len(call.args) <= spec.url or path_from_caller(sites, call.args[spec.url]):
        return
    url = request_url(sites, call, spec)
    if isinstance(url, str) and "://" in url and not spec.socket:
        # (A socket's URL constant is the session's address, a use of its own: see `socket`.)
        yield from _completed_constant(sites, site, call.args[spec.url], url)
    if not (isinstance(url, str) and "://" in url) and _sdp_offer(sites, site):
        # The browser's SDP offer to the app's own server (`fetch("/openai_realtime_proxy",
        # {body: offer.sdp, headers: {"Content-Type": "application/sdp"}})`) in a file that opens
        # OpenAI's realtime data channel: the server hands it to the Realtime API's WebRTC calls.
        # (Or OpenAI's own URL with a query value the code cannot tell, `?model=${session?.model ?? ...}`:
        # reported here, not again at the template written in the call.)
        queried = query_url(sites, call.args[spec.url])
        if queried is not None:
            sites._fetched.append(queried.partition("?")[0])
        yield sites.request({}, {(): site.span}, "realtime.calls", site.span, "openai")
        return
    attrs: tuple[tuple[str, str], ...] = ()
    endpoint_named = "unknown"  # the URL's own string observation reports the endpoint
    queried = query_url(sites, call.args[spec.url]) if not isinstance(url, str) else None
    if queried is not None:
        # `` `${baseUrl}?model=${model}&voice=${voice}` `` with a query value known only at run
        # time: the endpoint is the known part's, reported at the call (not at `baseUrl`).
        url = queried
        sites._fetched.append(queried.partition("?")[0])
        yield sites._code("string", queried, site.span, provider=sites.cat.provider_of_host(queried))
    if isinstance(url, str):
        provider = sites.cat.provider_of_host(url)
        if provider is None and "://" not in url:
            # `ClientSession(base_url=endpoint).ws_connect("/openai/realtime", params=...)`, or one
            # branch of `direct ? `${endpoint}/openai/realtime?...` : "/realtime"`: Azure OpenAI's
            # own path, whatever base URL the app was configured with.
            shape = azure_shape(sites, call.args[spec.url], url)
            if shape is not None:
                provider, url = "azure", shape
        if provider not in MIGRATING_PROVIDERS:
            # `let apiUrl = ''` then `apiUrl = 'https://api.openai.com/v1/...'` in one vendor's
            # branch: the value followed is one branch's, another may be OpenAI's.
            found = list(_branches(sites, site, call, spec))
            if found or provider is None:
                yield from found
                return
        if provider == "azure":
            # `https://{resource}.openai.azure.com/openai/deployments/{name}/embeddings`: the
            # endpoint is the path's (the matrix's URL patterns name the OpenAI API's host only).
            endpoint_named = ""
    else:
        # `f"{os.environ['OPENAI_BASE_URL']}/chat/completions"`: the base URL is the
        # environment's; checked as the OpenAI API it is named for, and the finding says so.
        env = env_base(sites, call.args[spec.url])
        shape = url_shape(sites, call.args[spec.url]) if env is None else None
        if env is None and shape is None:
            shape = extended_shape(sites, call.args[spec.url])
        if env is None and shape is None:
            # `fetch(this.path(OpenaiPath.ChatPath), ...)`: a path constant joined to a base
            # URL by a helper; else the URL of one branch among vendors' (`apiUrl` set per
            # vendor, `new URL(proxy || API_OPENAI)`); else a URL built at run time, nothing known.
            found = list(joined_requests(sites, site, spec))
            yield from found or _branches(sites, site, call, spec)
            return
        project = sites.r.project
        setting = project.env_setting(sites.m.origin, env[0]) if project is not None and env is not None else None
        if env is None:
            # `base_url + "/openai/deployments/" + name + "/completions?api-version=" + v`: Azure
            # OpenAI's own path shape, whatever base URL the app was configured with.
            provider, url = "azure", str(shape)
        elif setting and "://" in setting:  # set in a .env of the tree: that is where it goes
            url = setting.rstrip("/") + env[1]
            provider = sites.cat.provider_of_host(url)
        else:
            provider, url = sites.cat.provider_of_env(env[0]), env[1]
            if provider is None:
                # `process.env.CHATKIT_API_BASE ?? DEFAULT_BASE` with `DEFAULT_BASE = "https://api.openai.com"`:
                # a variable no vendor is named for, the OpenAI API by default.
                yield from _branches(sites, site, call, spec, single=True)
                return
            if provider not in MIGRATING_PROVIDERS:
                return
            attrs = ((UNRESOLVED_BASE_URL, f"${env[0]}"),) if provider == "openai" else ()
        endpoint_named = ""
    # (a URL a sending helper is given by its callers is reported where it is written: `given_urls`)
    given = given_urls(sites, call.args[spec.url], site.span) if isinstance(url, str) and "://" in url else []
    yield from _send(sites, site, call, spec, url, provider, endpoint_named, attrs, at=given[0][1] if given else None)


def _branches(sites: Sites, site: CallSite, call: Call, spec: HttpCall, *, single: bool = False) -> Iterator[Observation]:
    """The requests a call makes to the OpenAI API (or Azure OpenAI) in the branches whose URL
    is theirs (see `branches.branch_urls`), one per endpoint, reported at the call."""
    module = holder_provider(sites.cat, path_names(sites.m.path))
    if module is not None and not sites.cat.is_checked(module):
        return  # (`bridge_openrouter.py` picking a URL from a table of every vendor's: its own vendor's)
    tables: list[str] = []
    urls = branch_urls(sites, call.args[spec.url], tables)
    if len({sites.cat.provider_of_host(u) for u in tables}) > 1 and not _says_openai(sites, call, spec, module):
        # `model_info[llm_model]["endpoint"]`: a row of another module's table of every vendor's
        # URLs, picked at run time; OpenAI's only when the file says so (each vendor's bridge
        # reads the same table).
        return
    if len(urls) < 2 and not single and not any(endpoint_for_url(u) in _AT_CALL for u in urls):
        # One URL as written: its string is reported where it is written (a Chat Completions or
        # Responses URL is not: `fetch(getEndpoint() + "/v1/chat/completions")` with the host
        # in one branch of the helper is reported here).
        return
    found: dict[Any, tuple[str, str | None]] = {}
    for url in urls:
        provider = sites.cat.provider_of_host(url)
        endpoint = endpoint_for_url(url) if provider in MIGRATING_PROVIDERS else None
        if endpoint is not None and endpoint not in found:
            found[endpoint] = (url, provider)
            sites._fetched.append(url)  # (the URL constant is reported here, not again where written)
    # The body is checked once, as the request its shape says (`messages`: Chat Completions);
    # the other endpoints are reported at the call.
    first = ApiEndpoint.CHAT_COMPLETIONS if ApiEndpoint.CHAT_COMPLETIONS in found else next(iter(found), None)
    for endpoint, (url, provider) in found.items():
        if endpoint == first:
            yield from _send(sites, site, call, spec, url, provider, "", ())
        else:
            yield endpoint_request(sites, endpoint, site.span, provider)


def _says_openai(sites: Sites, call: Call, spec: HttpCall, module: str | None) -> bool:
    """Whether a file that sends to a URL read from a table of several vendors' says its requests
    are OpenAI's: its module is named for OpenAI, it sets a header only OpenAI reads
    (`OpenAI-Organization`), or the body of one of its raw HTTP calls names an OpenAI model
    (`"model": "whisper-1"`; `edit_image` beside `gen_image` sends to the same table's row)."""
    if module in MIGRATING_PROVIDERS:
        return True
    text = sites.m.src.text
    if writes_string(text, sites.cat.openai_headers):
        return True
    said: bool | None = sites.m.memo.get("wire.says_openai")
    if said is None:
        said = _body_names_openai(sites, call, spec)
        for other in sites.m.calls:
            if said:
                break
            other_spec = sites.cat.http_calls.get(".".join(other.chain)) if len(other.chain) < 3 else None
            if other_spec is not None and other_spec.body_key is not None:
                lowered = lower_http(sites, other, other_spec)
                said = isinstance(lowered, Call) and _body_names_openai(sites, lowered, other_spec)
        sites.m.memo["wire.says_openai"] = said
    return said


def _body_names_openai(sites: Sites, call: Call, spec: HttpCall) -> bool:
    body, _ = sent_body(sites, call, spec, {})
    model = body.get("model") if isinstance(body, dict) else None
    return isinstance(model, str) and sites.cat.read_model(model)[1] == "openai"


def _send(sites: Sites, site: CallSite, call: Call, spec: HttpCall, url: str, provider: str | None,
          endpoint_named: str, attrs: tuple[tuple[str, str], ...], *, at: Span | None = None) -> Iterator[Observation]:  # fmt: skip
    """The request a raw HTTP call sends to `url` (of `provider`), with its body; `endpoint_named`
    is "unknown" when the URL's own string observation reports the endpoint; `at`, where the
    request is reported when not at the call (the URL a helper's parameter is given, where written)."""
    if provider is not None and not sites.cat.is_checked(provider):
        sites.foreign(site.span)  # a body sent to Groq or xAI: the tool literals in it are theirs
    endpoint = endpoint_for_url(url) if provider in MIGRATING_PROVIDERS else None
    if endpoint is None:
        return  # a URL of another host: nothing known about it
    mark_sent(sites, call.args[spec.url], site.scope)
    if spec.body_arg is None and spec.body_key is None:
        if not endpoint_named:
            yield sites.request({}, {(): site.span}, endpoint, site.span, provider, attrs=attrs)
        return
    endpoint_named = endpoint_named or endpoint
    spans: dict[Pointer, Span] = {}
    body, branches = sent_body(sites, call, spec, spans)
    if not isinstance(body, dict):
        if endpoint != "chat.completions":
            if endpoint_named != "unknown":  # (no string observation names this endpoint)
                yield sites.request({}, {(): site.span}, endpoint_named, site.span, provider, attrs=attrs)
            return
        body = {}  # `json=payload` built elsewhere: a Chat Completions request all the same
    raw, raw_spans = body, dict(spans)
    body = clean(body, (), [], sites.presence)
    models = models_at(body, spans, sites.cat.endpoint_models(endpoint))
    provider = sites.model_provider(provider, body, written=raw.get("model"))
    if isinstance(body.get("model"), str) and body["model"].startswith(sites.cat.forwarded_prefixes):
        body["model"] = sites.cat.read_model(body["model"])[0]  # (the gateway's form: the model it forwards)
    if isinstance(body.get("model"), str) and sites.cat.read_model(body["model"])[1] is None:
        del body["model"]
    if not sites.cat.is_checked(provider):
        return
    if endpoint == "chat.completions" and sites.cat.http.endpoint_for_url(str(url), exact=True) is not None:
        # A Chat Completions request is one at the call whatever its messages, as with the SDK.
        body.setdefault("messages", [])
        spans[("messages",)] = at or site.span
    if endpoint_named != "unknown":
        spans[()] = site.span  # the endpoint is reported at the call, as a URL written there is
    if body:
        # Reported as the body it holds; the endpoint itself is the URL's finding.
        yield sites.request(body, spans, endpoint_named, site.span, provider, attrs=attrs)
    elif endpoint_named != "unknown":
        yield sites.request({}, {(): site.span}, endpoint_named, site.span, provider, attrs=attrs)
    yield from sites.more_models([m for m in models if m[1] != spans.get(("model",))], site.span, provider)
    yield from branch_models(sites, raw, raw_spans, branches, endpoint, site.span, provider, models)


def request_url(sites: SiteBase, call: Call, spec: HttpCall) -> Any:
    """The URL a raw HTTP call sends to, as far as the code shows it: its URL argument, joined
    to the base URL of the client it is made on when the catalogue says the client takes one
    (`httpx.AsyncClient(base_url=API)` then `client.post("/responses")`)."""
    url = sites.r.value(call.args[spec.url])
    if spec.base_url is None or not isinstance(url, str) or "://" in url or not isinstance(call.func, Attr):
        return url
    client = sites.r.value(call.func.obj)
    if not isinstance(client, Sym) or client.call is None or client.model is not sites.m:
        return url
    options, _ = sites.options_of(client.call)
    base = options.get(spec.base_url)
    if isinstance(base, str) and "://" in base:
        return base.rstrip("/") + "/" + url.lstrip("/") if url else base
    return url


def query_url(sites: SiteBase, expr: Any) -> str | None:
    """A URL whose scheme, host and path the code shows and whose query holds a value known
    only at run time (`` `${baseUrl}?model=${model}&voice=${voice}` ``), with each unknown part as
    `{}`; None for any other URL."""
    leaves = _joined_parts(sites, expr)
    if leaves is None or len(leaves) < 2:
        return None
    values = [sites.r.value(leaf) for leaf in leaves]
    known = next((i for i, v in enumerate(values) if not isinstance(v, str)), len(values))
    prefix = "".join(values[:known])
    if known == len(values) or "://" not in prefix or "?" not in prefix:
        return None
    return "".join(v if isinstance(v, str) else "{}" for v in values)


def env_base(sites: Sites, expr: Any) -> tuple[str, str] | None:
    """A URL that starts with an environment variable and goes on with known strings
    (`f"{os.getenv('OPENAI_BASE_URL')}/responses"`, `` `${process.env.OPENAI_API_BASE}/embeddings` ``,
    also through a name bound to one): the variable's name and the rest of the URL."""
    leaves = _joined_parts(sites, expr)
    if leaves is None:
        return None
    if isinstance(leaves[0], Lit) and leaves[0].value == "":
        leaves.pop(0)
    if len(leaves) < 2:
        return None
    # (`process.env.OPENAI_API_BASE ?? "https://..."`: the variable is the value that counts)
    names = [n for n in map(env_name, sites.r.options(leaves[0], (), {}, 0)) if n is not None]
    if not names:
        return None
    rest = [sites.r.value(leaf) for leaf in leaves[1:]]
    if not any(isinstance(r, str) and "/" in r for r in rest):
        return None
    # (`f"{base}/openai/deployments/{deployment_name}/completions"`: a name read at run time is a
    # path segment the URL's shape does not need.)
    return names[0], "".join(r if isinstance(r, str) else "{}" for r in rest)


def _joined_parts(sites: SiteBase, expr: Any) -> list[Any] | None:
    """The parts a URL is joined from (`base + "/v1/" + path`, an f-string), also through a
    name bound once to one, and through the names it joins (`base_url + path` with each an
    f-string a line up); None for a name bound more than once or not by assignment."""
    if isinstance(expr, Ref):
        expr = _bound_once(sites, expr)
        if expr is None:
            return None
    leaves = added_parts(expr)
    if len(leaves) < 2:
        return leaves
    out: list[Any] = []
    for leaf in leaves:
        inner = _bound_once(sites, leaf) if isinstance(leaf, Ref) else None
        out.extend(added_parts(inner) if isinstance(inner, (Add, Lit)) else [leaf])
    return out


def _bound_once(sites: SiteBase, ref: Ref) -> Any:
    """What a name bound once, by assignment, is bound to (as an expression), else None."""
    found = sites.r.lookup(ref.name, ref.scope, ref.pos)
    if found is None or len(found[0]) != 1 or found[0][0].kind != "assign":
        return None
    return sites.r.expr(found[0][0].raw, found[1])


#: Azure OpenAI's own paths (`/openai/deployments/{name}/embeddings`, `/openai/realtime`), whatever the host.
_AZURE_PATH = re.compile(r"/openai/deployments/[^/]+/[a-z]|^(\{\})?/openai/realtime\b")


def url_shape(sites: SiteBase, expr: Any) -> str | None:
    """A URL joined from a base the code does not show and an Azure OpenAI path
    (`f"{api_base}/openai/deployments/{deployment}/embeddings?api-version={v}"`,
    `` `${endpoint}/openai/realtime?deployment=${d}` ``), with every part not known as `{}`;
    None for any other URL. Of a conditional (`direct ? `${endpoint}/openai/realtime` : "/realtime"`),
    the branch that has that shape."""
    leaves = _joined_parts(sites, expr)
    if leaves is not None and len(leaves) == 1 and isinstance(leaves[0], Alt):
        return next((s for s in (url_shape(sites, o) for o in leaves[0].options[:4]) if s), None)
    if leaves is None or len(leaves) < 2:
        return None
    if not any(isinstance(leaf, Lit) and "/openai/" in str(leaf.value) for leaf in leaves):
        return None
    values = [sites.r.value(leaf) for leaf in leaves]
    shape = "".join(v if isinstance(v, str) else "{}" for v in values)
    return shape if _AZURE_PATH.search(shape) else None


#: Azure OpenAI's deployment path appended to a configured endpoint (`openai/deployments/{m}/chat/completions`).
_AZURE_TAIL = re.compile(r"^/?openai/deployments/[^/]+/[a-z]")


def extended_shape(sites: SiteBase, expr: Any) -> str | None:
    """The Azure OpenAI URL a name holds when the code appends Azure's deployment path to it
    (`if (isAzure) { endpoint += `openai/deployments/${model}/chat/completions?...` }`, the
    endpoint a parameter or a setting), as `url_shape` gives it; None for any other URL."""
    if not isinstance(expr, Ref):
        return None
    found = sites.r.lookup(expr.name, expr.scope, expr.pos)
    if found is None:
        return None
    for b in found[0][-6:]:
        if b.kind != "extend" or b.raw is None:
            continue
        leaves = _joined_parts(sites, sites.r.expr(b.raw, found[1])) or []
        values = [sites.r.value(leaf) for leaf in leaves]
        tail = "".join(v if isinstance(v, str) else "{}" for v in values)
        if _AZURE_TAIL.match(tail):
            return "{}/" + tail.lstrip("/")
    return None


def azure_shape(sites: SiteBase, expr: Any, url: Any) -> str | None:
    """The Azure OpenAI path a URL without a host is sent to (`"/openai/realtime"` relative to
    a client's base URL, or one branch of a conditional URL: see `url_shape`), or None."""
    if isinstance(url, str) and "://" not in url and _AZURE_PATH.match(url):
        return url
    return url_shape(sites, expr) if not isinstance(url, str) or "://" not in url else None


def url_models(sites: Sites, url: str, span: Span, provider: str | None) -> list[Observation]:
    """The model a URL of the OpenAI API names in its query, or the deployment an Azure OpenAI
    URL names when it is named after the model it runs (`/openai/deployments/text-embedding-ada-002/embeddings`),
    checked where the URL is written."""
    query = _MODEL_QUERY.search(url) if provider in MIGRATING_PROVIDERS else None
    if query is not None:
        return sites.more_models([(query.group(1), span)], span, provider)
    return deployment_url_models(sites, url, span) if provider == "azure" else []


def deployment_url_models(sites: Sites, url: str, span: Span) -> list[Observation]:
    """The model an Azure OpenAI URL written out runs, when its deployment is named after it
    (`/openai/deployments/text-embedding-ada-002/embeddings`), where the URL is written (also
    when a call of the file sends to it: the call reports the endpoint, the URL its model)."""
    deployed = _DEPLOYMENT_SEGMENT.search(url)
    if deployed is None or not sites.cat.deployment_model(deployed.group(1)):
        return []
    return [sites.request({"model": deployed.group(1)}, {("model",): span}, "unknown", span, "azure", fragment=True)]


#: The deployment an Azure OpenAI URL written out names (`/openai/deployments/gpt-4o/chat/completions`).
_DEPLOYMENT_SEGMENT = re.compile(r"/openai/deployments/([\w.-]+)/")


def query_models(sites: SiteBase, expr: Any, url: str, provider: str | None) -> list[Observation]:
    """The model a URL built at the call names in its query from a value of its own
    (`f"{self.url}?model={model}"` with `model="gpt-realtime"` a parameter's default: what is
    sent when the caller gives none), checked where that value is written."""
    query = _MODEL_QUERY.search(url) if provider in MIGRATING_PROVIDERS else None
    if query is None:
        return []
    leaves: list[Any] = []
    while isinstance(expr, Add):
        leaves.insert(0, expr.right)
        expr = expr.left
    leaves.insert(0, expr)
    for before, leaf in pairwise(leaves):
        if isinstance(before, Lit) and str(before.value).endswith("model=") and not isinstance(leaf, Lit):
            spans: dict[Pointer, Span] = {}
            value = sites.r.value(leaf, (), spans)
            if isinstance(value, str) and () in spans:
                return sites.more_models([(value, spans[()])], spans[()], provider)
    return []


def event_models(sites: SiteBase, value: Any, spans: dict[Pointer, Span], at: Span) -> list[Observation]:
    """The models a realtime event written as an object names, where its socket event
    entry (`session.update`) names them."""
    kind = value.get("type") if isinstance(value, dict) else None
    event = sites.cat.event_types.get(kind) if isinstance(kind, str) else None
    if event is None or not event.models:
        return []
    return sites.more_models(models_at(clean(value, (), []), spans, tuple(event.models)), at, None)


__all__ = ["azure_shape", "env_base", "event_models", "http_requests", "query_models", "request_url", "url_models", "url_shape"]
