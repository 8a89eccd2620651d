"""Client configs written in code: a dict literal or a settings class that names OpenAI
as its provider beside a model (the catalogue's `config_models`, as config files are read).

- `{"provider": "openai", "config": {"model": "text-embedding-3-small"}}` (mem0, embedchain),
  `{"model_provider": "openai", "model": "gpt-4o"}`, in Python or JS/TS;
- a class whose field defaults say the same: `provider: str = Field(default="openai")` beside
  `model: str = Field(default="text-embedding-3-small")` (pydantic), Django
  `model_type = CharField(default=ModelType.OPENAI)` beside `model_name = CharField(default="dall-e-3")`.

The model is reported where its id is written. A mapping without such a provider key
(a price table, a list of supported models, a test fixture) is never read here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.bodies import within
from bedrock_check.extract.callsite import Call, Expr, Lit
from bedrock_check.extract.common import config_key
from bedrock_check.extract.configs import client_config
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


def code_configs(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model a client config written in code names."""
    m = sites.m
    if sites.file_vendor is not None or not sites.cat.frameworks.config_models:
        return
    types = {v for c in sites.cat.frameworks.config_models if c.key == "type" for v in c.values}
    typed = [(raw, scope) for raw, scope, kind in m.typed_literals if kind in types]
    for raw, scope in [*m.config_literals, *typed]:
        e = m.lower(raw, scope)
        if any(within(e.span, out) for out in sites._foreign):
            continue
        spans: dict[Pointer, Span] = {}
        value = sites.r.value(e, (), spans)
        if isinstance(value, dict):
            yield from _found(sites, value, spans, e.span)
    if m.lang == "python":
        yield from _classes(sites)
    yield from _module_constants(sites)


def _module_constants(sites: Sites) -> Iterator[Observation]:
    """A module's constants as one mapping, when one of them names a provider
    (`DEFAULT_MODEL_PROVIDER = "openai"` beside `DEFAULT_COMPLETION_MODEL = "gpt-4.1"`)."""
    m = sites.m
    names = [name for (scope, name) in m.bindings if scope == 0 and config_key(name)]
    if not names:
        return
    node: dict[str, Any] = {}
    spans: dict[Pointer, Span] = {}
    at: Span | None = None
    for (scope, name), bindings in m.bindings.items():
        if scope != 0 or len(bindings) != 1 or bindings[0].kind != "assign":
            continue
        e = m.lower(bindings[0].raw, 0)
        if not isinstance(e, Lit) or not isinstance(e.value, str):
            continue  # only constants written as strings
        node[name] = e.value
        spans[(name,)] = e.span
        at = at or e.span
    if at is not None:
        yield from _found(sites, node, spans, at)


def _classes(sites: Sites) -> Iterator[Observation]:
    """Classes whose field defaults are a client config."""
    m = sites.m
    columns = frozenset(sites.cat.frameworks.column_declarations)
    for info in m.classes.values():
        if not any(config_key(k) for k in info.fields):
            continue
        node: dict[str, Any] = {}
        spans: dict[Pointer, Span] = {}
        at: Span | None = None
        for name, stores in info.fields.items():
            own = [(raw, scope) for raw, scope in stores if scope == info.scope]
            if len(own) != 1:
                continue
            e = _column_default(m.lower(*own[0]), columns)
            if e is None:
                continue
            value = sites.r.value(e, (name,), spans)
            if isinstance(value, str):
                node[name] = value
                at = at or e.span
        if at is not None:
            yield from _found(sites, node, spans, at)


def _column_default(e: Expr, columns: frozenset[str]) -> Expr | None:
    """A class field's value as a config: the value itself (a pydantic `Field(...)` is the
    resolver's), or the `default=` of a column declaration (`models.CharField(default=...)`)."""
    if not isinstance(e, Call) or getattr(e.func, "name", None) not in columns:
        return e
    return next((v for k, v in e.kwargs if k == "default"), None)


def _found(sites: Sites, value: dict[str, Any], spans: dict[Pointer, Span], at: Span) -> Iterator[Observation]:
    for mid, sub, provider in client_config(sites.cat, value):
        where = spans.get(sub)
        if where is not None:
            yield from sites.more_models([(mid, where)], at, provider)


__all__ = ["code_configs"]
