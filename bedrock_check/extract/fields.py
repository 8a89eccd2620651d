"""Model ids held in an object's model field.

An application's LLM class keeps its model in a field and sends it from a method, often
one of a base class in another file: `self.model = "gpt-4o"`, `this.model = "gpt-4o-mini"`,
`self.model.model_name = "gpt-3.5-turbo-16k"` on the LangChain chat model a service holds,
a class constant `DEFAULT_MODEL = "gpt-image-2"` read as `self.model = model or
self.DEFAULT_MODEL`, a TypeScript `static override modelName = 'gpt-4o-2024-08-06'` that the
base class sends as `model: modelName`. The string is the model the next request sends.

It counts in a file whose requests go to OpenAI directly or through a module of the tree it
imports; in a file that serves several providers (one class per vendor on a shared base),
only in a class named for OpenAI (`OpenAIProvider`, `ChatGPTBot`). Never in a test file (a
mock runs it), in a class named for another provider (`GroqLLM`, `LinkAIProvider`) or Azure,
or in a file that talks to no OpenAI library and names only other servers (a ChatGPT web
bot's `chatgpt.com/backend-api`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Expr

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: A class name that says it is OpenAI's client or model class, or the settings of an API only
#: OpenAI serves (a bot's `DallEConfig { DALL_E_MODEL = 'dall-e-3' }` beside its `OpenAIConfig`).
_OPENAI_CLASS = re.compile(r"OpenAI|Openai|OpenAi|ChatGPT|ChatGpt|^GPT|GPT\d|^Dall_?E|^DALL_?E|^Dalle")


def field_models(sites: Sites) -> list[tuple[str, Expr]]:
    """(field name, value) for each model field set to a string (see the module docstring)."""
    from bedrock_check.extract.defaults import _is_string, _model_key, _vendor_words, openai_workload
    from bedrock_check.extract.deployment_keys import camel_words

    m = sites.m
    named = [(cls, name, raw, scope) for cls, info in m.classes.items() for name, stores in info.fields.items()
             if _model_key(camel_words(name.rsplit(".", 1)[-1])) for raw, scope in stores if _is_string(raw)]  # fmt: skip
    if not named or sites._test_file:
        return []
    hosts = {sites.cat.provider_of_host(url) for url, _ in m.urls} - {None, "local"}
    if hosts and not any(sites.cat.is_checked(h) for h in hosts) and not openai_workload(sites):
        # Every server the file names is another's and nothing in it talks to OpenAI (a ChatGPT
        # web bot's `chatgpt.com/backend-api`); an OpenAI wrapper with an Ollama branch keeps its fields.
        return []
    vendors = _vendor_words(sites)
    named = [(cls, name, raw, scope) for cls, name, raw, scope in named if not vendors.search(cls)]
    if not named:
        return []
    if not openai_workload(sites) or _provider_siblings(sites, {cls for cls, _, _, _ in named}):
        # A file of several providers' classes: only the class named for OpenAI.
        named = [(cls, name, raw, scope) for cls, name, raw, scope in named if _openai_class(cls)]
    return [(name, m.lower(raw, scope)) for cls, name, raw, scope in named]


def _provider_siblings(sites: Sites, holders: set[str]) -> bool:
    """Whether the classes holding model fields are one class per vendor on a shared base
    (`OpenAIProvider(ImageProvider)` beside `LinkAIProvider(ImageProvider)`): one is named for
    OpenAI and another, of the same base, is not (its requests go to that other vendor)."""
    classes = sites.m.classes
    for cls in holders:
        if not _openai_class(cls) or cls not in classes:
            continue
        bases = set(classes[cls].bases)
        if bases and any(o != cls and not _openai_class(o) and o in classes and bases & set(classes[o].bases) for o in holders):
            return True
    return False


def _openai_class(name: str) -> bool:
    """Whether a class's name says it is OpenAI's (not Azure's, whose model is a deployment)."""
    return bool(_OPENAI_CLASS.search(name)) and "azure" not in name.lower()


__all__ = ["field_models"]
