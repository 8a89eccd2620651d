"""A framework's own model class or config object, constructed with an OpenAI model id.

The catalogue names the frameworks it knows (`ChatOpenAI`, `Agent(model=...)`); real code
also builds objects the catalogue cannot list one by one: `OpenAIModel(model_id="gpt-4.1")`,
`LLMConfig(model="gpt-4.1-mini")`, `self.Settings(model="gpt-4o-transcribe")`,
`new RealtimeClient({ model: "gpt-realtime" })`. Any class constructed with a model setting
(`model_settings` in frameworks.yaml) holding an OpenAI model id is a model the workload
calls, unless the same call says another provider: a provider keyword of another vendor,
a base URL of another host, or another vendor in the class's name (`ChatGroq`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Call, CallSite, Lit, Obj
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.resolve import EnvVar
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: Providers whose models the check reads (a call through either is an OpenAI API workload).
_OURS = frozenset({"openai", "azure"})


@lru_cache(maxsize=8)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def model_setting(sites: Sites, site: CallSite) -> Iterator[Observation]:
    """The OpenAI model id a constructed object is given, as a request fragment at the id."""
    cat = sites.cat
    spec = cat.frameworks.model_settings
    if spec is None:
        return
    named = sites.r.qualify(sites.m.lower(site.func_raw, site.scope))
    dotted = named.dotted if named is not None else ""
    if dotted in cat.clients or dotted in cat.constructors or dotted in cat.tool_constructors or dotted in cat.dropins:
        return  # the catalogue's own entry says what it is
    name = site.chain[-1]
    if spec.exclude and _pattern(spec.exclude).search(name):
        return  # `Tokenizer(model="gpt-4o")`: about a model, not a call of it
    hinted = cat.provider_of_code(name)
    if hinted is not None and hinted not in _OURS:
        return  # `ChatGroq(model=...)`, `OpenRouterModel(...)`
    call = sites.m.lower(site.raw, site.scope)
    if not isinstance(call, Call):
        return
    options, spans = _named(sites, call)
    if not _ours(sites, call, options, spec.provider_keywords):
        return
    found: list[tuple[str, Span]] = []
    for key in spec.keywords:
        value = options.get(key)
        if isinstance(value, str) and (key,) in spans:
            found.append((value, spans[(key,)]))
            break
    if not found and spec.positional and call.args and _pattern(spec.positional).search(name):
        sub: dict[Pointer, Span] = {}
        first = call.args[0]
        value = sites.r.value(first, ("model",), sub) if not isinstance(first, Obj) else UNRESOLVED
        if isinstance(value, str) and ("model",) in sub:
            found.append((value, sub[("model",)]))
    if found:
        yield from sites.more_models(found, site.span, hinted)


def _named(sites: Sites, call: Call) -> tuple[dict[str, Any], dict[Pointer, Span]]:
    """A call's named arguments (Python keywords, or a JS options object), resolved."""
    spans: dict[Pointer, Span] = {}
    if call.kwargs:
        out: dict[str, Any] = {}
        for k, v in call.kwargs:
            if k is not None:
                out[k] = sites.r.value(v, (k,), spans)
        return out, spans
    if call.args and isinstance(call.args[0], Obj):
        value = sites.r.value(call.args[0], (), spans)
        if isinstance(value, dict):
            return value, spans
    return {}, {}


def _ours(sites: Sites, call: Call, options: dict[str, Any], provider_keys: list[str]) -> bool:
    """Whether nothing in the call sends it to a provider other than OpenAI or Azure."""
    cat = sites.cat
    for key in provider_keys:
        value = options.get(key)
        if isinstance(value, str) and not value.lower().startswith(("openai", "azure")):
            return False
    for key in cat.providers.base_url_args:
        if key not in options:
            continue
        url = options[key]
        if isinstance(url, str) and url:
            found = cat.provider_of_base_url(url)
        elif isinstance(url, EnvVar):
            found = cat.provider_of_env(url.name)
        else:
            found = cat.provider_of_code(_arg_text(sites, call, key)) if url is UNRESOLVED or not isinstance(url, Lit) else None
        if found is not None and found not in _OURS:
            return False
    return True


def _arg_text(sites: Sites, call: Call, key: str) -> str:
    return sites._arg_text(call, key)  # the text of the code that passes it: `openrouter_base_url`


__all__ = ["model_setting"]
