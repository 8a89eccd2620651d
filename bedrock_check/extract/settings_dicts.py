"""Model entries of settings mappings: a module's own defaults, and a call's configuration.

An application that keeps its request settings in one mapping at the top of a module
(`CONFIG_DEFAULTS = {"model": "gpt-3.5-turbo", "temperature": 0.7}`, `const DEFAULT_SETTINGS =
{model: "gpt-4o", temperature: 1}`) reads each setting from it when nobody sets one (gpt-cli's
`self.config.get(param, CONFIG_DEFAULTS.get(param))`): its model entry is the model the app
sends by default. This is the mapping form of `DEFAULT_MODEL = "gpt-4o"` at the top of a module
that talks to OpenAI (`defaults.default_models`), and it counts under the same conditions: the
mapping's name says it holds defaults, settings or config, the module (or a module of the tree it
imports) uses an OpenAI library, the file is not a test, and the value is an OpenAI model id.

A mapping that names a provider or holds a client's API key is a client config, read by
`config_code` (whose provider decides); a table (prices, limits, choices, a list of models)
is never read; a settings module (`config.py`) is read by `config_code` as a whole.

The same holds for a configuration handed to a call (`rag_generation_config={"model":
"gpt-4.1-mini"}`, `llm_config`, `generationConfig`): its `model` entry is what the service
called generates with (`config_arguments`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Call, Lit, Obj
from bedrock_check.extract.common import API_KEY_KEYS, config_key
from bedrock_check.extract.config_code import written_models
from bedrock_check.extract.deployment_keys import camel_words
from bedrock_check.extract.dotenv import MODEL_KEY
from bedrock_check.findings import Observation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: A name that says a mapping holds the module's defaults or settings (`CONFIG_DEFAULTS`,
#: `DEFAULT_CONFIG`, `default_settings`, `defaultSettings`, `chatConfig`).
_SETTINGS_NAME = re.compile(r"(?i:(?:^|_)(?:defaults?|config|settings)(?:_|$))|^default(?=[A-Z])|[a-z](?:Defaults?|Config|Settings)$")
#: A name that says it is a table, not settings (`MODEL_PRICES`, `RATE_LIMITS`, `MODEL_CHOICES`).
_TABLE_NAME = re.compile(r"(?i)pric|cost|rate|limit|token|table|catalog|choices|options|models$|list$")


def settings_mapping_name(name: str) -> bool:
    """Whether a module-level name says its mapping holds the module's defaults or settings
    (`DEFAULT_CONFIG`, `defaultSettings`), not a table (`MODEL_PRICES`, `RATE_LIMITS`)."""
    return _SETTINGS_NAME.search(name) is not None and not _TABLE_NAME.search(name)


def settings_defaults(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id a module-level defaults mapping names
    under a model setting (see the module docstring)."""
    from bedrock_check.extract.config_code import _CONFIG_MODULE, _names_provider

    m = sites.m
    if sites.file_vendor is not None or sites._test_file:
        return
    named = [(name, bindings[0].raw) for (scope, name), bindings in m.bindings.items()
             if scope == 0 and len(bindings) == 1 and bindings[0].kind == "assign" and bindings[0].raw is not None
             and settings_mapping_name(name)]  # fmt: skip
    if not named or _CONFIG_MODULE.search(m.path.replace("\\", "/")) or not sites.uses_openai_library():
        return
    for _, raw in named:
        e = m.lower(raw, 0)
        if not isinstance(e, Obj):
            continue
        keys = [k.value for k, _ in e.entries if isinstance(k, Lit) and isinstance(k.value, str)]
        if _names_provider(sites, keys) or any(config_key(k) or k == "type" or k in API_KEY_KEYS for k in keys):
            continue  # a client config: its provider decides (`config_code`)
        found: list[tuple[str, Span]] = []
        for key, item in e.entries:
            if (isinstance(key, Lit) and isinstance(key.value, str) and isinstance(item, Lit)
                    and isinstance(item.value, str) and MODEL_KEY.match(camel_words(key.value))):  # fmt: skip
                found.append((item.value, item.span))
        yield from written_models(sites, found)


#: An argument named as a configuration of what a call generates with (`rag_generation_config`,
#: `generation_config`, `llm_config`, `generationConfig`).
_CONFIG_ARG = re.compile(r"(?i:(?:^|_)config$)|[a-z]Config$")


def config_arguments(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id a call is given as the `model` of a
    configuration argument (`client.rag(query=q, rag_generation_config={"model": "gpt-4.1-mini"})`,
    `client.rag({query, rag_generation_config: {model: "openai/gpt-4o"}})`): the settings the
    service it calls generates with. Not in a test that sends nothing, not in a call that names
    another provider, and not for another vendor's model id."""
    from bedrock_check.extract.vendor_scope import elsewhere_module, other_provider_call

    m = sites.m
    if sites.file_vendor is not None or (sites._test_file and not sites.live_test()) or "onfig" not in m.src.text:
        return
    if elsewhere_module(sites):
        return  # every server the module names is another vendor's
    for site in m.calls:
        text = "\n".join(m.src.lines[site.span.line - 1 : site.span.end_line])
        if "onfig" not in text or sites.in_foreign(site.span):
            continue  # (the cheap test first: no configuration argument is written in the call)
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or other_provider_call(sites, call):
            continue
        given = [(k, v) for k, v in call.kwargs if isinstance(k, str)]
        given += [(k.value, v) for a in call.args if isinstance(a, Obj) for k, v in a.entries
                  if isinstance(k, Lit) and isinstance(k.value, str)]  # fmt: skip
        for key, value in given:
            if not isinstance(value, Obj) or not _CONFIG_ARG.search(key) or _names_another(sites, value):
                continue
            for k, item in value.entries:
                if (isinstance(k, Lit) and k.value == "model" and isinstance(item, Lit)
                        and isinstance(item.value, str)):  # fmt: skip
                    mid, vendor = sites.cat.read_model(item.value.strip())
                    if vendor in MIGRATING_PROVIDERS:
                        yield from sites.more_models([(mid, item.span)], item.span, vendor)


def _names_another(sites: Sites, value: Obj) -> bool:
    """Whether a configuration names a provider other than OpenAI (`{"model": ..., "provider":
    "ollama"}`): its model is that provider's."""
    spec = sites.cat.frameworks.provider_siblings
    if spec is None:
        return False
    keys = re.compile(spec.provider_keys)
    return any(isinstance(k, Lit) and isinstance(k.value, str) and keys.search(k.value) and isinstance(v, Lit)
               and isinstance(v.value, str) and not sites.cat.names_openai(v.value) for k, v in value.entries)  # fmt: skip


__all__ = ["config_arguments", "settings_defaults"]
