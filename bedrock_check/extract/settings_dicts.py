"""The model entry of a module's own defaults, written as one settings mapping.

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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.bodies import within
from bedrock_check.extract.callsite import Lit, Obj
from bedrock_check.extract.common import API_KEY_KEYS, config_key
from bedrock_check.extract.dotenv import MODEL_KEY
from bedrock_check.findings import Observation, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: A name that says a mapping holds the module's defaults or settings (`CONFIG_DEFAULTS`,
#: `DEFAULT_CONFIG`, `default_settings`, `defaultSettings`, `chatConfig`).
_SETTINGS_NAME = re.compile(r"(?i:(?:^|_)(?:defaults?|config|settings)(?:_|$))|^default(?=[A-Z])|[a-z](?:Defaults?|Config|Settings)$")
#: A name that says it is a table, not settings (`MODEL_PRICES`, `RATE_LIMITS`, `MODEL_CHOICES`).
_TABLE_NAME = re.compile(r"(?i)pric|cost|rate|limit|token|table|catalog|choices|options|models$|list$")


def settings_defaults(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id a module-level defaults mapping names
    under a model setting (see the module docstring)."""
    from bedrock_check.extract.config_code import _CONFIG_MODULE, _names_provider

    m = sites.m
    if sites.file_vendor is not None or sites._test_file:
        return
    named = [(name, bindings[0].raw) for (scope, name), bindings in m.bindings.items()
             if scope == 0 and len(bindings) == 1 and bindings[0].kind == "assign" and bindings[0].raw is not None
             and _SETTINGS_NAME.search(name) and not _TABLE_NAME.search(name)]  # fmt: skip
    if not named or _CONFIG_MODULE.search(m.path.replace("\\", "/")) or not sites.uses_openai_library():
        return
    for _, raw in named:
        e = m.lower(raw, 0)
        if not isinstance(e, Obj):
            continue
        keys = [k.value for k, _ in e.entries if isinstance(k, Lit) and isinstance(k.value, str)]
        if _names_provider(sites, keys) or any(config_key(k) or k in API_KEY_KEYS for k in keys):
            continue  # a client config: its provider decides (`config_code`)
        found: list[tuple[str, Span]] = []
        for key, item in e.entries:
            if (isinstance(key, Lit) and isinstance(key.value, str) and isinstance(item, Lit)
                    and isinstance(item.value, str) and MODEL_KEY.match(_snake(key.value))):  # fmt: skip
                found.append((item.value, item.span))
        for written, span in found:
            mid, vendor = sites.cat.read_model(written.strip())
            if vendor in ("openai", "azure") and not any(within(span, out) for out in sites._foreign):
                yield from sites.more_models([(mid, span)], span, vendor)


def _snake(name: str) -> str:
    """`chatModel` -> `chat_Model` (the model-key test ignores case)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)


__all__ = ["settings_defaults"]
