"""HTTP paths written apart from their base URL: path constants and the helpers that join them.

Applications that call the API by hand often keep the paths in a table of constants
(`OpenaiPath = {ChatPath: "v1/chat/completions", SpeechPath: "v1/audio/speech"}`, an enum,
`OPENAI_CHAT_PATH = "/v1/chat/completions"`) and join them to a base URL in a helper
(`this.path(OpenaiPath.SpeechPath)`, `joinUrl(OPENAI_BASE, path)`, `new URL(path, base)`)
whose result a `fetch`, an `axios` call or the app's own streaming helper sends. Which
paths are endpoints is the catalogue's `http_paths`; which provider they go to is read
from the names the code gives them (the table's name, a base-URL constant beside the
path, the helper's body), because OpenAI-compatible vendors use the very same paths:
a path with no OpenAI or Azure name around it is never reported (`/api/chat/completions`,
an app's own route; `XAI.ChatPath`, xAI's).

Reported twice, as a migration engineer reads it: where the path is written, and where
a request is sent to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Add, Alt, Attr, Call, CallSite, Expr, FileModel, Lit, Ref
from bedrock_check.extract.common import SAYS_OPENAI
from bedrock_check.extract.httpcall import lower_http, path_names
from bedrock_check.findings import Observation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

if TYPE_CHECKING:
    from bedrock_check.catalogue import Catalogue
    from bedrock_check.extract.sites import Sites

#: A string written like an API path (no scheme, no spaces): worth asking the catalogue about.
PATH_LIKE = re.compile(r"^/?[\w{}$.-]+(/[\w{}$.:-]+)+/?(\?[\w{}$=&.-]*)?$")
#: A server route of one segment or more (`/models`, `/v1/files/{file_id}`): with `PATH_LIKE`,
#: what the items of a route table are written as.
_ROUTE = re.compile(r"^/[\w{}$.:-]+(/[\w{}$.:-]+)*/?$")
#: The rest of a URL whose host starts with a name (`.openai.azure.com/openai/images/generations`).
_HOST_REST = re.compile(r"^\.(?P<host>[\w-]+(\.[\w-]+)+)(?P<path>/[^\s]*)$")
#: Node types of a JS/TS string's surroundings that name what holds it.
_NAMED = {"variable_declarator": "name", "enum_declaration": "name", "class_declaration": "name",
          "public_field_definition": "name", "function_declaration": "name", "method_definition": "name",
          "assignment_expression": "left"}  # fmt: skip
_MAX_UP = 10
#: Assignments of one name read as the ways a URL is built (see `_joins`).
_MAX_JOINS = 8
#: Method names that send an HTTP request whatever object they are on (`this.fetch(url, init)`,
#: a base class's wrapper around `fetch`).
_FETCH_METHODS = frozenset({"fetch"})
#: The endpoints whose answers an app reads as server-sent text events.
_STREAMED = frozenset({ApiEndpoint.RESPONSES, ApiEndpoint.CHAT_COMPLETIONS})


def js_holders(src: bytes, node: Any) -> tuple[str, ...]:
    """The names around a JS/TS string that may say whose path it is: the declarations,
    enum and class that hold it, and the other values of the object literal it sits in
    (`ExampleEndpoint: MOONSHOT_BASE_URL`, `baseURL: "https://api.openai.com/v1"`)."""
    names: list[str] = []
    siblings_done = False
    here, up = node, 0
    while here is not None and up < _MAX_UP:
        parent = here.parent
        if parent is None:
            break
        kind = parent.type
        if kind == "arguments":
            return ()  # an argument (`new URL(`openai/deployments/${d}/embeddings`, base)`): a use, not a table's constant
        if kind == "object" and not siblings_done:
            siblings_done = True
            for pair in parent.named_children:
                value = pair.child_by_field_name("value") if pair.type == "pair" else None
                if value is None or value.id == here.id:
                    continue
                if value.type in ("identifier", "member_expression") or (
                        value.type == "string" and b"://" in src[value.start_byte : value.end_byte]):  # fmt: skip
                    names.append(src[value.start_byte : value.end_byte].decode("utf-8", "replace").strip("'\"`"))
        field = _NAMED.get(kind)
        if field is not None:
            name = parent.child_by_field_name(field)
            if name is not None:
                names.append(src[name.start_byte : name.end_byte].decode("utf-8", "replace"))
            if kind in ("variable_declarator", "enum_declaration", "class_declaration"):
                break
        here, up = parent, up + 1
    return tuple(names)


def holder_provider(cat: Catalogue, names: Iterable[str]) -> str | None:
    """The provider the names around a path say it goes to: another vendor's name or URL
    wins (its path is the same as OpenAI's), then Azure, then OpenAI; None when no name
    says (an app's own route)."""
    found: set[str] = set()
    for name in names:
        if "://" in name:
            provider = cat.provider_of_base_url(name)
        else:
            provider = cat.provider_of_code(name) or ("openai" if SAYS_OPENAI.search(name) else None)
        if provider is not None:
            found.add(provider)
    others = {p for p in found if not cat.is_checked(p)}
    if others:
        return sorted(others)[0]
    for provider in ("azure", "openai"):
        if provider in found:
            return provider
    return None


def route_like(text: object) -> bool:
    """Whether a string is written like a path a server serves (`/models`) or an API path
    (`v1/chat/completions`): the items of a route table (`openai_routes = ["/models", ...]`)."""
    return isinstance(text, str) and len(text) < 160 and (_ROUTE.match(text) or PATH_LIKE.match(text)) is not None


def path_endpoint(cat: Catalogue, path: str, *, single: bool = False) -> ApiEndpoint | None:
    """The endpoint a path written apart from its base URL names, read from its start (after
    a `v1/`, `openai/v1/` or Azure `openai/deployments/{name}/` prefix), never from a segment
    in its middle: `/api/chat/completions` is an app's own route, `fim/completions` another
    API's. A single segment without a prefix (`"embeddings"`) counts only when `single` (the
    path argument of `new URL(path, base)` or of the app's URL helper, not any string of a table)."""
    if "://" in path or (not single and not PATH_LIKE.match(path)):
        return None
    segments = [s for s in path.split("?", 1)[0].split("/") if s]
    if segments[:1] == ["openai"]:
        segments = segments[1:]
    prefixed = True  # (`/v1/embeddings` says it is an API path; `embeddings` alone does not)
    if segments[:1] == ["deployments"] and len(segments) > 2:
        segments = segments[2:]
    elif segments[:1] == ["v1"]:
        segments = segments[1:]
    else:
        prefixed = False
    if not segments or (len(segments) == 1 and not single and not prefixed):
        return None
    return cat.http.request_endpoint("v1/" + "/".join(segments))


def endpoint_request(sites: Sites, endpoint: ApiEndpoint, span: Span, provider: str | None) -> Observation:
    """A request to `endpoint` reported at `span` (a Chat Completions request is one whatever its messages)."""
    if endpoint == ApiEndpoint.CHAT_COMPLETIONS:
        return sites.request({"messages": []}, {(): span, ("messages",): span}, endpoint, span, provider)
    return sites.request({}, {(): span}, endpoint, span, provider)


def path_constants(sites: Sites) -> Iterator[Observation]:
    """The endpoint paths this file writes as constants, where a name around them says
    they are the OpenAI API's or Azure OpenAI's (not a path a request of this file is
    built from and reported at: `sites.sent_lines`)."""
    if sites.file_vendor is not None:
        return
    for text, span, names, route_item in sites.m.paths:
        if route_item or span.line in sites.sent_lines:
            # A list of paths only is the routes a server or proxy serves or allows
            # (`openai_routes = ["/chat/completions", "/v1/chat/completions", ...]`), not a request.
            continue
        endpoint = path_endpoint(sites.cat, text)
        if endpoint is None:
            continue
        provider = holder_provider(sites.cat, names)
        if provider in MIGRATING_PROVIDERS:
            yield endpoint_request(sites, endpoint, span, provider)


def _leaves(e: Expr) -> list[Expr]:
    """The parts a URL is joined from: a helper call's arguments, `a + b`'s operands."""
    return list(e.args) if isinstance(e, Call) else added_parts(e)


def added_parts(e: Any) -> list[Any]:
    """The operands of a chain of `+` (an f-string is one), left to right; `[e]` for anything else."""
    out: list[Any] = []
    while isinstance(e, Add):
        out.insert(0, e.right)
        e = e.left
    out.insert(0, e)
    return out


def _names(e: Expr, out: list[str]) -> None:
    """The names an expression is written with (`OpenaiPath.ChatPath` gives both)."""
    if isinstance(e, Ref):
        out.append(e.name)
    elif isinstance(e, Attr):
        out.append(e.name)
        _names(e.obj, out)
    elif isinstance(e, Alt):
        for opt in e.options:
            _names(opt, out)
    elif isinstance(e, Call):
        _names(e.func, out)


def _joins(sites: Sites, arg: Expr) -> list[tuple[Expr, int]]:
    """The expressions a URL argument is built by: itself, or what the name it is holds
    (every assignment of it: `chatPath = this.path(isAzure ? ... : ...)` in two branches)."""
    if not isinstance(arg, Ref):
        return [(arg, 0)]
    found = sites.r.lookup(arg.name, arg.scope, arg.pos)
    if found is None:
        return []
    bindings, owner = found
    # The last few assignments only: a name bound thousands of times (`x = 1` in every cell
    # of a notebook) is read once per call that is given it, and no URL is built that way.
    kept = [b for b in bindings if b.kind in ("assign", "param") and b.raw is not None][-_MAX_JOINS:]
    return [(sites.r.expr(b.raw, owner), owner) for b in kept]


def joined_url(sites: Sites, arg: Expr, scope: int) -> tuple[list[ApiEndpoint], str] | None:
    """The endpoints a URL built by joining a path constant to a base names, and the
    provider the names around it say (None when it is not such a URL, or not OpenAI's)."""
    endpoints: list[ApiEndpoint] = []
    names: list[str] = []
    for expr, _ in _joins(sites, arg):
        if not isinstance(expr, (Call, Add)):
            continue
        exprs: list[tuple[Expr, Sites]] = [(expr, sites)]
        if isinstance(expr, Call) and not expr.args:
            exprs = _returned(sites, expr)  # `this._getEmbedEndpoint()`: the URL its body builds
        for one, where in exprs:
            _join(where, one, endpoints, names)
        if endpoints and isinstance(expr, Call):
            names.extend(_helper_names(sites, expr))
    if not endpoints:
        return None
    cls = sites.r._class_of(scope)
    if cls:
        names.append(cls)  # `class OpenAI extends BaseLLM`: whose request it is
    provider = holder_provider(sites.cat, names)
    if provider is None and not sites._test_file:
        # Nothing around the URL says whose it is: the module's own place in the tree may
        # (`src/providers/openai/api.ts`, `services/apis/azure-openai-api.mjs`), the way an
        # app with one module per provider is laid out; another vendor's module says theirs.
        # (Not a test's name: `test_openai_api.py` tests a server's OpenAI-compatible routes.)
        provider = holder_provider(sites.cat, path_names(sites.m.path))
    return (endpoints, provider) if provider in MIGRATING_PROVIDERS else None


def _join(sites: Sites, expr: Expr, endpoints: list[ApiEndpoint], names: list[str]) -> None:
    """The endpoints one join expression names (added to `endpoints`), with its names."""
    if not isinstance(expr, (Call, Add)):
        return
    parts = _leaves(expr)
    # The path argument of a call (`new URL("embeddings", base)`, `this._getEndpoint("chat/completions")`)
    # may be one segment; a string joined by `+` may not.
    single = isinstance(expr, Call)
    here: list[ApiEndpoint] = []
    for part in parts:
        if isinstance(part, Lit) and isinstance(part.value, str) and "://" in part.value:
            names.append(part.value)
            continue
        for value in sites.r.options(part, (), {}, 0):
            if not isinstance(value, str):
                continue
            if "://" in value:
                names.append(value)
                continue
            host = _HOST_REST.match(value)
            base = f"https://resource.{host['host']}" if host is not None else ""
            if host is not None and sites.cat.provider_of_base_url(base) in MIGRATING_PROVIDERS:
                # `` `${resource}.openai.azure.com/openai/...` ``: the host is written after the name
                names.append(base)
                value = host["path"]
            endpoint = path_endpoint(sites.cat, value, single=single)
            if endpoint is not None and endpoint not in here:
                here.append(endpoint)
    if here:
        endpoints.extend(e for e in here if e not in endpoints)
        for part in parts:
            _names(part, names)
            if isinstance(part, Ref):
                # (`apiUrl = config.customOpenAiApiUrl` a line up: the name the value is read by)
                for bound, _ in _joins(sites, part)[-2:]:
                    _names(bound, names)


def _returned(sites: Sites, call: Call) -> list[tuple[Expr, Sites]]:
    """What a helper of this file called without arguments returns, as expressions of its own
    scope (`return new URL("embeddings", this.apiBase)`)."""
    func = sites.r.value(call.func)
    info = sites.r.function(func) if _is_function(func) else None
    if info is None or (func.model is not None and func.model is not sites.m):
        return []
    return [(sites.m.lower(raw, info.scope), sites) for raw in info.returns[:8]]


def _helper_names(sites: Sites, call: Call) -> list[str]:
    """The names a URL helper of the scanned tree is written with (`path(p)` whose body
    picks `OPENAI_BASE_URL`): the names its local assignments and returns use."""
    func = sites.r.value(call.func)
    info = sites.r.function(func) if _is_function(func) else None
    if info is None:
        return []
    model = func.model or sites.m
    out: list[str] = []
    raws = [b.raw for (scope, _), bs in model.bindings.items() if scope == info.scope for b in bs
            if b.kind == "assign" and b.raw is not None]  # fmt: skip
    for raw in [*raws, *info.returns][:32]:
        _deep_names(model.lower(raw, info.scope), out)
    return out


def _deep_names(e: Any, out: list[str], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(e, Lit):
        if isinstance(e.value, str) and "://" in e.value:
            out.append(e.value)
        return
    if isinstance(e, (Ref, Attr)):
        _names(e, out)
        return
    for child in (getattr(e, f, None) for f in ("func", "obj", "left", "right", "elt")):
        if child is not None:
            _deep_names(child, out, depth + 1)
    for many in (getattr(e, f, ()) for f in ("args", "options", "items")):
        for child in many:
            _deep_names(child, out, depth + 1)


def _is_function(value: Any) -> bool:
    qual = getattr(value, "qual", None)
    return isinstance(qual, str) and qual.startswith("<func:") and not getattr(value, "path", ())


def _http_sites(sites: Sites, model: FileModel) -> list[tuple[CallSite, Any]]:
    """The calls of a file that are the catalogue's raw HTTP entries, with their entries (kept
    with the file: `sends_http` is asked for every call of a local function)."""
    found: list[tuple[CallSite, Any]] | None = model.memo.get("http_sites")
    if found is None:
        http = sites.cat.http_calls
        found = model.memo["http_sites"] = [(site, spec) for site in model.calls if len(site.chain) <= 2
                                            and (spec := http.get(".".join(site.chain))) is not None]  # fmt: skip
    return found


def sends_http(sites: Sites, call: Call) -> Any:
    """The catalogue's raw HTTP entries a function of the scanned tree calls in its body, when
    `call` calls one (the app's streaming helper: `streamWithThink(chatPath, ...)` whose body
    calls `fetchEventSource(chatPath, ...)`); an empty list when it is no such function."""
    func = sites.r.value(call.func)
    info = sites.r.function(func) if _is_function(func) else None
    if info is None:
        return []
    model = func.model or sites.m
    scopes = model.scopes
    found = []
    for site, spec in _http_sites(sites, model):
        s: int | None = site.scope
        while s is not None and s != info.scope:
            s = scopes[s].parent
        if s == info.scope:
            found.append(spec)
    return found


def helper_sends(sites: Sites, site: CallSite) -> bool:
    """Whether a bare call can be the app's own sending helper that `joined_requests` reports,
    asked before the call is lowered (every bare call of a file that names OpenAI is asked,
    and most are nothing of the kind): its first argument is built by a join (`joined_url`
    reads nothing else), and it calls `fetch` or a function of the scanned tree whose body
    sends HTTP. Both only narrow what `joined_requests` reports; what following the callee
    meets is not kept, so a request is found, and a value said not followed, as before."""
    lower_arg = sites.m.argument
    if site.func_raw is None or lower_arg is None:
        return True
    arg = lower_arg(site.raw, site.scope, 0)
    if arg is None or (isinstance(arg, Ref) and not any(isinstance(e, (Call, Add)) for e, _ in _joins(sites, arg))):
        return False
    if site.chain[-1] in _FETCH_METHODS:
        return True
    stops = sites.r.stops
    since = len(stops)
    try:
        return bool(sends_http(sites, Call(sites.m.lower(site.func_raw, site.scope), (), (), site.span)))
    finally:
        del stops[since:]


def joined_requests(sites: Sites, site: CallSite, spec: Any) -> Iterator[Observation]:
    """A request sent to a URL joined from a path constant: by a raw HTTP call (`spec` is its
    catalogue entry) or, when `spec` is None, by the app's own helper whose first argument
    is the URL and whose body makes the HTTP call."""
    call = lower_http(sites, site, spec)
    index = spec.url if spec is not None else 0
    if not isinstance(call, Call) or len(call.args) <= index or isinstance(call.args[index], Lit):
        return
    found = joined_url(sites, call.args[index], site.scope)
    if found is None:
        return
    specs = [spec] if spec is not None else sends_http(sites, call)
    if not specs and site.chain[-1] not in _FETCH_METHODS:
        return
    endpoints, provider = found
    if len(endpoints) > 1 and all(s.streams for s in specs):
        # `isDalle3 ? ImagePath : ChatPath` streamed as server-sent events: the text endpoint.
        endpoints = [e for e in endpoints if e in _STREAMED] or endpoints
    for endpoint in endpoints:
        yield endpoint_request(sites, endpoint, site.span, provider)
    url = call.args[index]
    if isinstance(url, Add):
        # The URL is joined inside the call (`client.stream("POST", f"{openai_url}/chat/completions",
        # ...)` over several lines): the request is this call's, whose span holds the path's line,
        # so a class or module named for OpenAI around it does not make the path a second
        # request where it is written (`path_constants`).
        sites.sent_lines.update(range(url.span.line, url.span.end_line + 1))
    if spec is not None and isinstance(call, Call):
        # The model ids its body names, in every branch (`"model": model` chosen before the call).
        from bedrock_check.extract.sentbody import body_models

        yield from body_models(sites, call, spec, endpoints[0], site.span, provider)


__all__ = [
    "PATH_LIKE",
    "added_parts",
    "endpoint_request",
    "helper_sends",
    "holder_provider",
    "joined_requests",
    "joined_url",
    "js_holders",
    "path_constants",
    "sends_http",
]
