"""Model settings of a config file's mapping that holds an OpenAI client's own settings.

A config file often says whose client it configures not by a provider key but by the
client's own settings: the OpenAI API's key or server (`openai_api_key: ...`, a
`endpoint: https://api.openai.com/v1/embeddings`), an organization beside an API key
(`{api_key: sk-..., organization: org-..., model: gpt-4}`: only OpenAI's clients take
one), or the v0 SDK's `api_type: azure` beside an `engine:`. Such a mapping configures an
OpenAI (or Azure OpenAI) client, so its model settings are what that client sends, and so
are those of the mappings below it (gpt-cli's `gpt.yml`: `openai_api_key` at the top,
`assistants: {pirate: {model: gpt-4}}` below; XAgent's retriever: its `endpoint` on
api.openai.com, `payload: {model: text-embedding-ada-002}` below). A block below that names
another vendor or points at another server is that vendor's. Only an OpenAI model id is
read (or, in a deployment setting, Azure's spelling of one: `engine: GPT-35-Turbo-16k`).

A deployment setting beside a model setting read as OpenAI's (promptflow's `llm` node
inputs: `deployment_name: gpt-4` five lines above `model: gpt-4`) is the Azure deployment
the same request goes to: when its value is an OpenAI model id, it is reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.common import OPENAI_SETTING_KEY
from bedrock_check.findings import Pointer
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

#: Keys that make a mapping worth asking `owner` about (cheap test before the catalogue).
OWNER_SIGNS = frozenset({"organization", "org_id", "organization_id", "api_type", "endpoint", "url", "base_url",
                    "api_base", "baseURL", "baseUrl", "apiBase", "host"})  # fmt: skip
#: Keys that hold an API key.
_KEY_KEYS = frozenset({"api_key", "apikey", "apiKey", "key", "token"})
#: Keys that hold an OpenAI organization (the OpenAI API's own client argument).
_ORG_KEYS = frozenset({"organization", "org_id", "organization_id"})
#: Keys that hold an Azure deployment (or the v0 SDK's `engine`): the model the request runs
#: when the value is an OpenAI model id or Azure's spelling of one.
DEPLOYMENT_KEY = re.compile(r"(?i)^(?:azure[_-]?)?(?:deployment(?:[_-]?(?:name|id))?|engine)$")
#: How deep below the mapping that holds the client's settings its model settings are read.
_MAX_BELOW = 4


def owner(cat: Any, node: dict[str, Any]) -> str | None:
    """"openai" or "azure" when a mapping holds an OpenAI client's own settings (see the
    module docstring), else None (also when it names another vendor or another server)."""
    from bedrock_check.extract.config_values import substituted
    from bedrock_check.extract.configs import _elsewhere, _names_vendor

    said: str | None = None
    for key, value in node.items():
        if not isinstance(key, str):
            continue
        # (`openai_api_base: https://api.githubcopilot.com`: an OpenAI-shaped server of someone else's;
        # a server setting says OpenAI only with the OpenAI API's own host.)
        named = OPENAI_SETTING_KEY.match(key) is not None and not (
            isinstance(value, str) and "://" in value and cat.provider_of_host(substituted(value)) != "openai")
        if named or (key in _ORG_KEYS and isinstance(value, str) and value and any(k in node for k in _KEY_KEYS)):
            said = said or "openai"
        elif key.lower() == "api_type" and isinstance(value, str):
            # (The v0 SDK's values, `open_ai`, `azure_ad`: the catalogue's `setting_names`.)
            said = cat.provider_named(substituted(value)) or said
        elif key in OWNER_SIGNS and isinstance(value, str) and "://" in value:
            host = cat.provider_of_host(substituted(value))
            if host in MIGRATING_PROVIDERS:
                said = host
    if said is None or _names_vendor(cat, node) or _elsewhere(cat, node):
        return None
    return said


def owned_models(cat: Any, value: Any) -> list[tuple[str, Pointer, str]]:
    """(model id, pointer, provider) of each model setting in and below each mapping of a
    parsed config that holds an OpenAI client's own settings (see the module docstring)."""
    from bedrock_check.extract.config_values import mappings

    found: list[tuple[str, Pointer, str]] = []
    seen: set[Pointer] = set()
    for node, ptr in mappings(value):
        if not any(isinstance(k, str) and (k in OWNER_SIGNS or OPENAI_SETTING_KEY.match(k)) for k in node):
            continue
        provider = owner(cat, node)
        if provider is None:
            continue
        for holder, sub in _below(cat, node, ()):
            for mid, key in model_settings(cat, holder, azure=provider == "azure"):
                where = (*ptr, *sub, key)
                if where not in seen:
                    seen.add(where)
                    found.append((mid, where, provider))
    return found


def _below(cat: Any, node: dict[str, Any], sub: Pointer) -> Iterator[tuple[dict[str, Any], Pointer]]:
    """The mapping and the mappings below it (not inside lists: a list of mappings holds
    choices or rows, each read on its own), except blocks of another vendor or server."""
    from bedrock_check.extract.configs import _elsewhere, _names_vendor, _vendor_named

    yield node, sub
    if len(sub) >= _MAX_BELOW:
        return
    for key, child in node.items():
        if (isinstance(key, str) and isinstance(child, dict) and not _vendor_named(cat, key)
                and not _names_vendor(cat, child) and not _elsewhere(cat, child)):  # fmt: skip
            yield from _below(cat, child, (*sub, key))


def model_settings(cat: Any, node: dict[str, Any], *, azure: bool = False) -> Iterator[tuple[str, str]]:
    """(model id, key) of each model setting of one mapping that names an OpenAI model: a
    model-named key (`model`, `base_model`, `chat_model_name`) not named for another vendor,
    and a deployment key (`deployment_name`, `engine`) whose value is an OpenAI model id. In
    an Azure client's settings both name the user's own deployment (`gpt-4-1106`, `gpt-4o-2`),
    except in Azure's spelling of a model (`engine: GPT-35-Turbo-16k`), a name nobody gives a
    deployment but for the model it runs."""
    from bedrock_check.extract.config_values import substituted
    from bedrock_check.extract.configs import _vendor_named
    from bedrock_check.extract.deployment_keys import camel_words
    from bedrock_check.extract.dotenv import MODEL_KEY

    for key, setting in node.items():
        if not isinstance(key, str) or not isinstance(setting, str) or _vendor_named(cat, key):
            continue
        value = substituted(setting)
        if MODEL_KEY.match(camel_words(key).replace("-", "_")) and not azure:
            mid, vendor = cat.read_model(value)
            if vendor in MIGRATING_PROVIDERS:
                yield mid, key
        elif DEPLOYMENT_KEY.match(key) and (cat.read_model(value)[1] in MIGRATING_PROVIDERS if not azure
                                            else cat.deployment_model(value.lower()) and not cat.read_model(value)[1]):  # fmt: skip
            # (Azure's names ignore case: `GPT-35-Turbo-16k` is the `gpt-35-turbo-16k` deployment.)
            yield cat.read_model(value)[0], key


def deployments_beside(cat: Any, node: dict[str, Any], models: set[str]) -> Iterator[tuple[str, str]]:
    """(model id, key) of each deployment setting of a mapping whose model settings `models`
    (their keys) were read as OpenAI's: the Azure deployment of the same request, when its
    value is an OpenAI model id (promptflow's `deployment_name: gpt-4` beside `model: gpt-4`)."""
    if not models:
        return
    from bedrock_check.extract.config_values import substituted

    for key, setting in node.items():
        if isinstance(key, str) and key not in models and isinstance(setting, str) and DEPLOYMENT_KEY.match(key):
            value = substituted(setting)
            if cat.deployment_model(value):
                yield cat.read_model(value)[0], key


def provider_documents(cat: Any, value: Any) -> list[tuple[str, Pointer, str]]:
    """(model id, pointer, provider) of each model setting of a config document whose
    provider settings all name OpenAI, wherever in the document they are: a preset file
    names its provider in one block and customises the model in another (`metadata:
    {provider: chat_openai}` beside `model_customizations: {model_name: gpt-4o}`). Only
    mappings (not lists, which hold choices or rows), and only when every provider setting
    of the document says OpenAI (a document naming two providers is read per mapping). The
    provider settings are the catalogue's `provider_siblings.document_keys` (by the key's last
    dotted part); the names that say OpenAI or Azure OpenAI, its `setting_names` (LangChain's
    and the applications' own: `chat_openai`, a preset's `metadata: {provider: chat_openai}`)."""
    from bedrock_check.extract.config_values import mappings, substituted

    spec = cat.frameworks.provider_siblings
    if not isinstance(value, dict) or spec is None:
        return []
    keys = frozenset(spec.document_keys)
    nodes = [(node, ptr) for node, ptr in mappings(value) if not any(isinstance(p, int) for p in ptr)]
    providers = {cat.provider_named(substituted(v)) for node, _ in nodes for k, v in node.items()
                 if isinstance(k, str) and k.rpartition(".")[2] in keys and isinstance(v, str)}  # fmt: skip
    if not providers or None in providers:
        return []
    from bedrock_check.extract.configs import _elsewhere, _names_vendor

    said = "azure" if "azure" in providers else "openai"
    # (A block that names another vendor or points at another server is that one's.)
    return [(mid, (*ptr, key), said) for node, ptr in nodes if not _names_vendor(cat, node) and not _elsewhere(cat, node)
            for mid, key in model_settings(cat, node)]  # fmt: skip


__all__ = ["DEPLOYMENT_KEY", "OWNER_SIGNS", "deployments_beside", "model_settings",
           "owned_models", "owner", "provider_documents"]
