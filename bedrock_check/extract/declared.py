"""Model ids that reach a request from a declaration or a call of the app's own code.

- a settings declaration: a UI node's or a settings schema's model input and its default
  (`{name: "modelName", type: "asyncOptions", default: "gpt-4o-mini"}`, Langflow's
  `DropdownInput(name="model_name", value="gpt-4o")`): the model every user who changes
  nothing sends;
- a model given positionally to a function of the scanned code whose parameter there is
  named as a model and handed on as one (`get_chat_completion(messages, "gpt-4")`).

Both count only in a file whose requests go to OpenAI (`defaults.openai_workload`), never in
a test, and never where the file names another vendor's API base (an OpenAI-compatible
vendor's node built on the OpenAI classes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Lit, Ref
from bedrock_check.extract.defaults import (
    _handed_on,
    _model_key,
    _scope_ends,
    _text,
    model_values,
    openai_workload,
)
from bedrock_check.extract.deployment_keys import camel_words
from bedrock_check.extract.vendor_scope import openai_named
from bedrock_check.findings import Observation
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


def declared_models(sites: Sites) -> Iterator[Observation]:
    """OpenAI model ids a settings declaration defaults to: a UI node's or a settings schema's
    input named as a model (`{name: "modelName", type: "asyncOptions", default: "gpt-4o-mini"}`,
    `DropdownInput(name="model_name", value="gpt-4o")`), in a file whose requests go to OpenAI
    directly or through a module of the tree it imports. The default is the model every user
    who changes nothing sends."""
    m = sites.m
    found = [(name, raw, scope) for name, raw, scope in m.declared_defaults if _model_key(camel_words(name))]
    if m.lang == "python":
        found.extend(_declaring_calls(m))
    if not found or sites.file_vendor is not None or sites._test_file:
        return
    if sites.client_providers and not (sites.client_providers & {"openai", None}):
        return  # every client of this file goes to another provider (or is Azure's: a deployment)
    if _api_elsewhere(sites) or not openai_workload(sites):
        # A settings schema of every provider the app offers, in a module that sends nothing
        # itself (`{"name": "OPENAI_MODEL", "default_value": "gpt-4o"}` seeding its settings
        # table): a setting named for OpenAI is the model the OpenAI provider reads, wherever.
        found = [(name, raw, scope) for name, raw, scope in found if openai_named(sites, name)]
    yield from model_values(sites, [m.lower(raw, scope) for _, raw, scope in found])


#: A URL that is an API's base (`https://api.cometapi.com/v1`), not a documentation link.
_API_BASE = re.compile(r"^\w+://(?:api\.|[^/]*/(?:\w+/)?v\d+/?$)")


def _api_elsewhere(sites: Sites) -> bool:
    """Whether the file names another server's API base (an OpenAI-compatible vendor's node
    built on the OpenAI classes: its model list is that vendor's)."""
    return any(_API_BASE.match(url) and sites.cat.provider_of_base_url(url) not in {*MIGRATING_PROVIDERS, None}
               for url, _ in sites.m.urls)  # fmt: skip


def _declaring_calls(m: Any) -> list[tuple[str, Any, int]]:
    """(name, raw default, scope) of calls that declare a model-named input with a default
    (`DropdownInput(name="model_name", options=MODELS, value="gpt-4o")`)."""
    out: list[tuple[str, Any, int]] = []
    for site in m.calls:
        kws = {k.arg: k.value for k in getattr(site.raw, "keywords", ()) if k.arg}
        name = getattr(kws.get("name"), "value", None)
        default = kws.get("value", kws.get("default"))
        if isinstance(name, str) and default is not None and _model_key(name):
            out.append((name, default, site.scope))
    return out


#: A quoted string in a line of code (a candidate model id given positionally).
_QUOTED = re.compile(r"""(["'])([\w.:/-]{2,60})\1""")


def positional_models(sites: Sites) -> Iterator[Observation]:
    """OpenAI model id literals given positionally to a function of the scanned code whose
    parameter there is named as a model (`get_chat_completion(messages, "gpt-4")` with
    `def get_chat_completion(messages, model=None)`), in a file whose requests go to OpenAI."""
    m = sites.m
    if sites.file_vendor is not None or (sites.holds_tests() and not sites.live_test()):
        return  # (a live test hands the app's code the models it sends)
    read = sites.cat.read_model
    # Most files quote no OpenAI model id at all: asked of the whole text first (a quoted
    # string never spans a line, so the text holds one exactly when a line does).
    if not any(read(q.group(2))[1] == "openai" for q in _QUOTED.finditer(m.src.text)):
        return
    lines = {n for n, line in enumerate(m.src.lines, 1)
             if any(read(q.group(2))[1] == "openai" for q in _QUOTED.finditer(line))}  # fmt: skip
    if not lines:
        return
    workload: bool | None = None
    for site, call in sites.calls_on(lines):
        given = [(i, a) for i, a in enumerate(call.args) if isinstance(a, Lit) and isinstance(a.value, str)
                 and read(a.value)[1] == "openai"]  # fmt: skip
        if not given:
            continue
        func = sites.r.value(call.func)
        qual = getattr(func, "qual", None) or ""
        info = sites.r.function(func) if qual.startswith("<func:") and not func.path else None
        if info is None:
            continue  # not a function of the scanned code: a library's own rules decide
        where = func.model or m
        names = {b.key: name for (scope, name), bindings in where.bindings.items() if scope == info.scope
                 for b in bindings if b.kind == "param" and b.key is not None}  # fmt: skip
        ids = [(a.value, a.span) for i, a in given if _model_key(camel_words(names.get(str(i), "")))
               and _reaches(sites, where, info.scope, names[str(i)])]  # fmt: skip
        if not ids:
            continue  # (`transcribe_with("whisper-1")` that only prints it)
        if workload is None:
            workload = openai_workload(sites)
        if not workload:
            return
        yield from sites.more_models(ids, site.span, "openai")


#: How many helpers a model parameter is followed through (`create_frame(path, model)` passing
#: it on to `get_embedding(text, model)`, which sends it).
_MAX_HOPS = 3


def _reaches(sites: Sites, m: Any, scope: int, name: str, hops: int = 0) -> bool:
    """Whether a function (body `scope` of file `m`) hands its parameter `name` on as a model:
    itself (`_handed_on`), or positionally to a function of the scanned code that does
    (`df.combined.apply(lambda x: get_embedding(x, model))`)."""
    if _handed_on(_function_text(m, scope), name, m.lang == "python"):
        return True
    if hops >= _MAX_HOPS:
        return False
    r = sites.r._for(m)
    for site in m.calls:
        if not _inside(m, site.scope, scope) or (name not in site.chain and not _names(sites, m, site, name)):
            continue
        call = m.lower(site.raw, site.scope)
        for i, arg in enumerate(getattr(call, "args", ())):
            if not (isinstance(arg, Ref) and arg.name == name):
                continue
            func = r.value(call.func)
            qual = getattr(func, "qual", None) or ""
            info = r.function(func) if qual.startswith("<func:") and not func.path else None
            if info is None:
                continue
            where = func.model or m
            params = {b.key: n for (sc, n), bs in where.bindings.items() if sc == info.scope
                      for b in bs if b.kind == "param" and b.key is not None}  # fmt: skip
            if str(i) in params and _reaches(sites, where, info.scope, params[str(i)], hops + 1):
                return True
    return False


def _names(sites: Sites, m: Any, site: Any, name: str) -> bool:
    """Whether a call's lines name `name` (a cheap test before lowering it)."""
    return any(re.search(rf"\b{re.escape(name)}\b", m.src.line(n) or "") for n in range(site.span.line, site.span.end_line + 1))


def _inside(m: Any, scope: int, outer: int) -> bool:
    """Whether `scope` is `outer` or nested in it (a lambda or comprehension of its body)."""
    while scope is not None and scope != outer:
        scope = m.scopes[scope].parent
    return scope == outer


def _function_text(m: Any, scope: int) -> str:
    """The source of a function's body, near enough (from its first binding to its last line)."""
    firsts = [b.pos[0] for (sc, _), bindings in m.bindings.items() if sc == scope for b in bindings]
    if not firsts:
        return ""
    return _text(m, min(firsts), _scope_ends(m).get(scope, min(firsts)))


__all__ = ["declared_models", "positional_models"]
