"""Model ids given to the application's own model helper.

Apps that support several providers often pick every model through one helper of their
own: `getModel("gpt-4o", "openai")` whose body is `providerList[provider](name)`, where
`providerList.openai = createOpenAI({...})` (the AI SDK). The model id is written at the
helper's call, far from the provider call that sends it. The helper is followed into its
body: when it passes the argument as the model to a provider's model factory (the
catalogue's constructors, or an instance of a `provider_instances` factory), with the
provider chosen by another argument or that parameter's default, the argument is a model
use of that provider, checked where it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Alt, Attr, Call, Index, Lit, Ref
from bedrock_check.extract.resolve import EnvVar, Sym, env_name
from bedrock_check.findings import Observation
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: A string literal short enough to be a model id (`"gpt-4o"`), for the cheap test of a line.
_QUOTED = re.compile(r"""["'`]([\w.:/-]{2,80})["'`]""")


def helper_models(sites: Sites) -> Iterator[Observation]:
    """OpenAI model ids passed to the app's model helpers in this file."""
    m = sites.m
    if sites.file_vendor is not None or not m.calls:
        return
    is_openai = sites.cat.is_openai_model
    # Asked of the whole text first, as most files quote no model id (a quoted string never
    # spans a line, so the text holds one exactly when a line does).
    if not any(is_openai(t) for t in _QUOTED.findall(m.src.text)):
        return
    lines = {n for n, line in enumerate(m.src.lines, 1)
             if any(is_openai(t) for t in _QUOTED.findall(line))}  # fmt: skip
    if not lines:
        return
    for site, call in sites.calls_on(lines, lambda s: len(s.chain) == 1):
        ids = [(i, a) for i, a in enumerate(call.args) if isinstance(a, Lit) and isinstance(a.value, str)
               and sites.cat.read_model(a.value)[1] == "openai"]  # fmt: skip
        if not ids:
            continue
        for index, arg in ids:
            found = _sends_as_model(sites, call, index)
            if found is None:
                continue
            provider, endpoint = found
            if endpoint == "unknown":
                yield from sites.more_models([(arg.value, arg.span)], site.span, provider)
            else:
                # A helper that builds an endpoint's model (`getEmbeddingModel("text-embedding-3-small")`
                # returning `providerList[provider].embedding(name)`): that endpoint is used where the
                # helper is called, as it is where the factory is called directly.
                yield sites.request({"model": arg.value}, {("model",): arg.span}, endpoint, site.span, provider)


def _params(model: Any, scope: int) -> list[tuple[str, Any]]:
    """A function's parameters in order, with their bindings."""
    found = [(name, b) for (s, name), bs in model.bindings.items() if s == scope for b in bs if b.kind == "param"]
    return sorted(found, key=lambda nb: int(nb[1].key) if str(nb[1].key).isdigit() else nb[1].pos[1])


def _sends_as_model(sites: Sites, call: Call, index: int) -> tuple[str, str] | None:
    """The provider (`openai`, `azure`) the helper `call` calls sends its argument `index`
    to as a model, and the endpoint of the factory it is given to (`unknown` for a chat
    model's), or None when it does not (or sends it to another provider)."""
    func = sites.r.value(call.func)
    if not isinstance(func, Sym) or not (func.qual or "").startswith("<func:") or func.path:
        return None
    info = sites.r.function(func)
    if info is None:
        return None
    model = func.model or sites.m
    params = _params(model, info.scope)
    if index >= len(params):
        return None
    name = params[index][0]
    sub = sites.r._for(model)
    for raw in info.returns[:4]:
        e = model.lower(raw, info.scope)
        for option in e.options if isinstance(e, Alt) else (e,):
            if not isinstance(option, Call):
                continue
            # Where the helper passes the parameter: first (`providerList[provider](name)`) or, to
            # a class picked from a table by provider, as a keyword (`PROVIDERS[provider](model=name)`).
            where: list[int | str] = [0] if option.args and _is(option.args[0], name) else []
            if isinstance(option.func, Index):
                where += [k for k, v in option.kwargs if k is not None and _is(v, name)]
            if not where:
                continue
            for target in _callees(sites, sub, option.func, params, call):
                found = _openai_factory(sites, target, where)
                if found is not None:
                    return found
    return None


def _is(e: Any, name: str) -> bool:
    return isinstance(e, Ref) and e.name == name


def _callees(sites: Sites, sub: Any, e: Any, params: list[tuple[str, Any]], call: Call) -> list[Any]:
    """The values a callee expression of the helper's body can have, a parameter read as the
    argument the call gives it, else its default (every branch of it)."""
    if isinstance(e, Attr):
        return [v.attr(e.name) for v in _callees(sites, sub, e.obj, params, call) if isinstance(v, Sym)]
    if isinstance(e, Index):
        tables = [sub.value(e.obj)]
        keys = _param_values(sites, sub, e.key, params, call)
        return [t[k] for t in tables if isinstance(t, dict) for k in keys if isinstance(k, str) and k in t]
    return [sub.value(e)]


def _param_values(sites: Sites, sub: Any, e: Any, params: list[tuple[str, Any]], call: Call) -> list[Any]:
    names = [n for n, _ in params]
    if isinstance(e, Ref) and e.name in names:
        i = names.index(e.name)
        if i < len(call.args):
            return [sites.r.value(call.args[i])]
        default = params[i][1].raw
        if default is None:
            return []
        expr = sub.expr(default, e.scope)
        if isinstance(expr, Ref):  # `provider = defaultProvider`: every value the constant can have
            found = sub.lookup(expr.name, expr.scope, expr.pos)
            if found is not None and len(found[0]) == 1 and found[0][0].kind == "assign":
                expr = sub.expr(found[0][0].raw, found[1])
        return sub.options(expr, (), {}, 0)
    return [sub.value(e)]


def _openai_factory(sites: Sites, target: Any, where: list[int | str]) -> tuple[str, str] | None:
    """(`openai`/`azure`, its endpoint) when a value is a model factory of that provider: a catalogue
    constructor that names the model first (`@ai-sdk/openai.openai`), or an instance of a
    provider factory (`createOpenAI({...})`, its `.embedding`) whose base URL is that provider's."""
    if not isinstance(target, Sym) or not target.qual:
        return None
    qual, rest = target.qual, ".".join(target.path)
    base_provider: str | None = None
    if qual.endswith("()") and qual[:-2] in sites.cat.frameworks.provider_instances:
        name = sites.cat.frameworks.provider_instances[qual[:-2]]
        base_provider = _base_url_provider(sites, target)
        dotted = f"{name}.{rest}" if rest else name
    else:
        dotted = target.dotted
    spec = sites.cat.constructors.get(dotted)
    if spec is None or not any(w in spec.model_args for w in where):
        return None
    provider = base_provider or spec.provider
    return (provider, spec.endpoint) if provider in MIGRATING_PROVIDERS else None


def _base_url_provider(sites: Sites, instance: Sym) -> str | None:
    """Where a provider factory's instance goes by its `baseURL` (the environment variable it
    is read from, or the URL itself); None when it names none (the factory's own provider)."""
    call = instance.call
    if not isinstance(call, Call) or not call.args:
        return None
    r = sites.r._for(instance.model) if instance.model is not None else sites.r
    options = r.value(call.args[0])
    if not isinstance(options, dict):
        return None
    for key in ("baseURL", "baseUrl", "base_url"):
        url = options.get(key)
        if isinstance(url, str) and "://" in url:
            return sites.cat.provider_of_base_url(url)
        name = env_name(url) if not isinstance(url, EnvVar) else url.name
        if name:
            found = sites.cat.provider_of_env(name)
            return found if found else "other"
    return None


__all__ = ["helper_models"]
