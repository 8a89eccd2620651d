"""Model ids in configuration files that configure an OpenAI client (YAML, JSON).

Some applications build their client from a config file: an AutoGen component config
(`provider: autogen_ext.models.openai.OpenAIChatCompletionClient`, `config: {model: gpt-4o}`),
a GraphRAG `settings.yaml` (`type: openai_chat` beside `model:`). Which mappings name
such a client, and where their model is, is catalogue data (`config_models` in
frameworks.yaml); a `model:` anywhere else in a config file is not read, so a list of
models in a price table or a test fixture is never a use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from bedrock_check.extract.common import OPENAI_MODEL_KEY, OPENAI_SETTING_KEY, config_key, model_string
from bedrock_check.extract.config_keys import CLIENT_CONFIG_KEYS
from bedrock_check.extract.config_lists import listed_models
from bedrock_check.extract.config_owned import (
    OWNER_SIGNS,
    deployments_beside,
    owned_models,
    provider_documents,
)
from bedrock_check.extract.config_values import compiled as _compiled
from bedrock_check.extract.config_values import mappings as _mappings
from bedrock_check.extract.config_values import model_settings, substituted
from bedrock_check.extract.deployment_keys import camel_words as _snake
from bedrock_check.extract.deployment_keys import config_deployments
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS


@lru_cache(maxsize=1)
def _openai_names() -> frozenset[str]:
    """The names a provider setting or a block's key gives the OpenAI API's and Azure OpenAI's
    clients (`chat_openai`, `azure_openai`: the catalogue's `setting_names`), from the cached
    prefilter words: a request file that names none never loads the catalogue."""
    from bedrock_check.catalogue_words import catalogue_words

    return frozenset(catalogue_words().provider_names)


def config_models(path: str, value: Any, locate: Callable[[Pointer], Span | None],
                  source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """One observation per OpenAI model id a client config in `value` names, at the line
    where the id is written (`locate` gives the span of a pointer)."""
    # Only mappings with a config key holding a client's name can match a spec below: the
    # catalogue (a third of checking a request file) is loaded only when there is one.
    # (A key with no names, Open Interpreter's `llm`, counts by holding a block, also flat: `llm.model`.
    # Also a provider or server setting, `planner_provider`, `llm.api_base`, and a `provider:model`
    # string: the catalogue's `provider_siblings` and model prefixes.)
    every = list(_mappings(value))
    names_openai = _openai_names()
    nodes = [(node, ptr) for node, ptr in every
             if any((isinstance(kind := node.get(key), str) and kind in names)
                    or (not names and (isinstance(node.get(key), (dict, list))  # (a block, or records: `guardrails: [...]`)
                                       or any(isinstance(k, str) and k.startswith(key + ".") for k in node)
                                       # (`model: gpt-4o` beside other settings; a request body is read as one)
                                       or (isinstance(node.get(key), str) and len(node) > 1
                                           and not any(k in node for k in _REQUEST_BODY))))
                    for key, names in CLIENT_CONFIG_KEYS.items())
             or any((isinstance(v, str) and (_prefixed(v) or (config_key(k) and "openai" in v.lower())
                                             or (isinstance(k, str) and OPENAI_MODEL_KEY.match(k) is not None)))
                    or (isinstance(v, dict) and isinstance(k, str) and k.lower() in names_openai)
                    for k, v in node.items())]  # fmt: skip
    # (A mapping holding an OpenAI client's own settings: `extract/config_owned.py`.)
    owned = any(any(isinstance(k, str) and (k in OWNER_SIGNS or OPENAI_SETTING_KEY.match(k)) for k in node)
                for node, _ in every)  # fmt: skip
    # (An Azure deployment named after the model it runs: `extract/deployment_keys.py`.)
    deployed = config_deployments(value)
    # (A document whose provider settings all say OpenAI, its model set in another block: `provider_documents`.)
    providing = isinstance(value, dict) and any(
        isinstance(v, str) and v.strip().lower() in names_openai for node, _ in every for v in node.values())
    if not nodes and not owned and not deployed and not providing:
        return []
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    every_named: list[tuple[str, Pointer, str]] = []
    for node, ptr in nodes:
        named = client_config(cat, node, files=True, row=_row(value, ptr))
        seen = {sub for _, sub, _ in named}
        # A provider-prefixed model string as any setting's value (`FAST_LLM: openai:gpt-5.4-mini`,
        # `"model": "openai:gpt-5.4"`, R2R's `quality_llm = "openai/gpt-5"` and `vlm = "azure/gpt-4.1"`):
        # the prefix says whose model it is. (List items are choices.)
        for key, setting in node.items():
            if isinstance(key, str) and isinstance(setting, str) and (key,) not in seen and _prefixed(setting):
                if setting.startswith(("openai/", "azure/")) and not _slash_setting(cat, value, node, ptr, key):
                    continue  # (a gateway's and a picker's form too: only a setting's value, see below)
                read = cat.prefixed_model(substituted(setting))
                if read is not None:
                    named.append((read[0], (key,), read[1]))
        direct = {sub[0]: provider for _, sub, provider in named if len(sub) == 1 and isinstance(sub[0], str)}
        if direct:  # the Azure deployment of the same request (`deployment_name: gpt-4` beside `model: gpt-4`)
            said = next(iter(direct.values()))
            named.extend((mid, (key,), said) for mid, key in deployments_beside(cat, node, set(direct)))
        every_named.extend((mid, (*ptr, *sub), provider) for mid, sub, provider in named)
    if owned:
        known = {where for _, where, _ in every_named}
        every_named.extend(m for m in owned_models(cat, value) if m[1] not in known)
    if providing:
        known = {where for _, where, _ in every_named}
        every_named.extend(m for m in provider_documents(cat, value) if m[1] not in known)
    if deployed:
        wheres = {where for _, where in deployed}
        every_named = [(mid, where, "azure") for mid, where in deployed] + [m for m in every_named if m[1] not in wheres]
    return model_settings(path, every_named, locate, source_line)


#: Keys of a request body (read as a request, not as a client's settings).
_REQUEST_BODY = ("input", "messages", "prompt", "custom_id", "body")
#: A list of more mappings than this is a table (a leaderboard, a catalogue), not settings.
_TABLE_ROWS = 8


def _list_holding(value: Any, ptr: Pointer) -> list[Any] | None:
    """The list the mapping at `ptr` below `value` is an item of, or None when it is none's."""
    if not ptr or not isinstance(ptr[-1], int):
        return None
    parent: Any = value
    for part in ptr[:-1]:
        parent = parent.get(part) if isinstance(parent, dict) else (
            parent[part] if isinstance(parent, list) and isinstance(part, int) and part < len(parent) else None)
    return parent if isinstance(parent, list) else None


def _row(value: Any, ptr: Pointer) -> bool:
    """Whether the mapping at `ptr` below `value` is one item of a list of several mappings."""
    holding = _list_holding(value, ptr)
    return holding is not None and sum(isinstance(item, dict) for item in holding) > 1


def _prefixed(value: str) -> bool:
    """Whether a config value may be a provider-prefixed model string: `openai:`, `openai/`,
    and LiteLLM's `azure/<model>` (in code `azure/` often begins a path; in a setting's value
    it names Azure OpenAI, and only an OpenAI model id after it is read)."""
    return model_string(value) or (value.startswith("azure/") and len(value) < 100 and " " not in value)


def _slash_setting(cat: Any, value: Any, node: dict[str, Any], ptr: Pointer, key: str) -> bool:
    """Whether an `openai/...` (or `azure/...`) value of `node[key]` is a model setting of a
    client that goes to OpenAI: whatever the key (R2R's `fast_llm`, `vlm`, `audio_lm`), unless
    it names a thing rather than choosing it (`name`, `label`, `id`: one model's record or a
    picker's option), the mapping is a row of a table, a provider setting or the key's own
    name says another vendor (`provider: openrouter`, `openrouter_model`), or a server URL
    beside it names anyone but OpenAI (a gateway: `openai-api-base: https://api.githubcopilot.com`
    beside `model: openai/gpt-4o`)."""
    if _NAMING_KEY.match(key.rpartition(".")[2]) or _model_record(node):
        return False
    if _names_vendor(cat, node) or _vendor_named(cat, key):
        return False
    holding = _list_holding(value, ptr)
    if holding is not None and len(holding) > _TABLE_ROWS:
        return False
    return _openai_servers(cat, node)


#: Keys whose value names or describes something (a model's own record, a picker's option,
#: a display string) rather than choosing the model a client uses.
_NAMING_KEY = re.compile(r"(?i)^(?:(?:display|short|full|model)[_-]?)?(?:name|id|label|title|alias|slug|value|key"
                         r"|description|text|repo(?:sitory)?|path|url|href|link|icon|image)$")


def _openai_servers(cat: Any, node: dict[str, Any]) -> bool:
    """Whether every server URL a mapping names is the OpenAI API's."""
    urls = [v for k, v in node.items() if isinstance(k, str) and k.lower().endswith(_URL_KEYS)
            and isinstance(v, str) and "://" in v]  # fmt: skip
    return all(cat.provider_of_host(substituted(url)) == "openai" for url in urls)


def _model_record(node: dict[str, Any]) -> bool:
    """Whether a mapping describes one model (`{name: openai/gpt-4o, weak_model_name: ...}`,
    a model catalogue's entry or a picker's option) rather than configuring a client: its
    name or id is itself a model string."""
    return any(isinstance(node.get(k), str) and "/" in node[k] for k in ("name", "id", "value"))


def client_config(cat: Any, node: dict[str, Any], *, files: bool = False,
                  row: bool = False) -> list[tuple[str, Pointer, str]]:  # fmt: skip
    """(model id, pointer below `node`, provider) for each OpenAI model a mapping that is a
    client config (a `config_models` entry of the catalogue) names: the same whether the
    mapping is a YAML file, a dict literal in code or a settings class's field defaults
    (`files`: a config file's, where the `files_only` entries are read too; `row`: the mapping
    is one of several records of a list, see `sibling_models`)."""
    node = _record_provider(cat, node)
    found: list[tuple[str, Pointer, str]] = sibling_models(cat, node, row=row)
    found.extend(listed_models(cat, node))  # (`{"config_list": [{"model": "gpt-4o", "api_key": key}]}`)
    found.extend(m for m in _named_for_openai(cat, node) if all(m[1] != seen for _, seen, _ in found))
    for spec in cat.frameworks.config_models:
        if spec.files_only and not files:
            continue
        if spec.values:
            kind = node.get(spec.key)
            # (`provider: Providers.OPENAI` whose enum value is `"openAI"`: a provider's name in any case.)
            if not isinstance(kind, str) or (kind not in spec.values and kind.lower() not in spec.values):
                continue
        elif spec.key not in node and spec.model not in node:
            continue
        if spec.beside and not any(k in node for k in spec.beside):
            continue
        if spec.unless and any(k in node for k in spec.unless):
            continue
        if row and spec.model in ("name", "id"):
            continue  # (one record of a list of them, `{id: "o3", provider: "OpenAI", name: "o3"}`: a picker's option)
        if spec.files_only and any(k in node for k in _REQUEST_BODY):
            continue  # a request body: the request reader reads its model
        for model, holder, sub in _spec_models(node, spec.model, spec.named):
            if not isinstance(model, str) or _elsewhere(cat, node) or (holder is not node and _elsewhere(cat, holder)):
                continue
            if spec.inside and not (isinstance(holder, dict) and any(k in holder for k in spec.inside)):
                continue
            if isinstance(holder, dict) and _names_another(cat, {k: v for k, v in holder.items()
                                                                 if not (spec.values and holder is node and k == spec.key)}):
                continue  # `llm: {api_type: ollama, model: ...}`: the setting beside the model says whose it is
            mid, vendor = cat.read_model(substituted(model))
            if vendor in MIGRATING_PROVIDERS and all(sub != seen for _, seen, _ in found):
                found.append((mid, sub, spec.provider or vendor))
    return found


def _record_provider(cat: Any, node: dict[str, Any]) -> dict[str, Any]:
    """A model record whose provider is set in a settings block of its own (open-canvas's
    registry: `{name: "gpt-4.1", label: ..., config: {provider: "openai", maxTokens: ...}}`),
    read with that provider beside its name: the record is the model the app routes to the
    provider. Only when the record names no provider itself, exactly one block names one, and
    that block names no model of its own (`{llm: {provider: openai, model: ...}}` is the block's)."""
    spec = cat.frameworks.provider_siblings
    if spec is None:
        return node
    names = _compiled(spec.provider_keys)
    if any(isinstance(k, str) and names.search(k) for k in node):
        return node
    from bedrock_check.extract.dotenv import MODEL_KEY  # (here: a request file names no provider)

    said: list[tuple[str, str]] = []
    for block in node.values():
        if not isinstance(block, dict):
            continue
        keys = [k for k in block if isinstance(k, str)]
        named = [(k, block[k]) for k in keys if isinstance(block[k], str) and names.search(k)]
        if not named:
            continue
        if any(MODEL_KEY.match(_snake(k)) or (isinstance(block[k], dict) and any(
                isinstance(sub, str) and MODEL_KEY.match(_snake(sub)) for sub in block[k])) for k in keys):  # fmt: skip
            return node  # the block configures a model of its own
        said.extend(named[:1])
    return {**node, said[0][0]: said[0][1]} if len(said) == 1 else node


def _named_for_openai(cat: Any, node: dict[str, Any]) -> list[tuple[str, Pointer, str]]:
    """(model id, pointer, provider) for the settings a mapping names as OpenAI's: a setting
    named for OpenAI's model (`openai_model: gpt-4-turbo`) and a model setting in a block
    keyed by the provider (`openai: {api_key: ..., model: gpt-4o}`, a per-vendor table's
    `'openai': {url: 'api.openai.com', model: 'text-embedding-ada-002'}`), unless the block
    points at another server."""
    from bedrock_check.extract.dotenv import MODEL_KEY  # (here: a request file names no provider)

    found: list[tuple[str, Pointer, str]] = []
    settings: list[tuple[str, Any, Pointer]] = [(k, v, (k,)) for k, v in node.items() if isinstance(k, str)
                                                  and OPENAI_MODEL_KEY.match(k)]  # fmt: skip
    for key, block in node.items():
        # An OpenAI block's model setting, or an Azure block's (mcp-agent's `azure: {default_model:
        # gpt-4o-mini}`: the deployment its requests use, named after the OpenAI model it runs; only
        # such an id counts, below; which block it is, `ptr[0]` says there).
        if (isinstance(key, str) and cat.provider_named(key) is not None and isinstance(block, dict)
                and not _elsewhere(cat, block)):  # fmt: skip
            settings.extend((k, v, (key, k)) for k, v in block.items() if isinstance(k, str) and MODEL_KEY.match(k))
    # The app's own model setting beside the block of OpenAI (or Azure OpenAI) credentials
    # (JARVIS's server config: `openai: {api_key: ...}` then `model: text-davinci-003`), unless a
    # provider setting of the mapping names someone else. (Only an OpenAI model id counts, below.)
    beside = [key.lower() for key, block in node.items() if isinstance(key, str) and isinstance(block, dict)
              and cat.provider_named(key) is not None and _CREDENTIAL_KEYS & set(block)
              and not _elsewhere(cat, block)]  # fmt: skip
    if beside and not _names_another(cat, node):
        settings.extend((k, v, (k,)) for k, v in node.items() if isinstance(k, str) and MODEL_KEY.match(k))
    elif ((any(isinstance(k, str) and OPENAI_SETTING_KEY.match(k) for k in node) or _openai_key_read(cat, node))
          and not _names_another(cat, node) and not _elsewhere(cat, node)):
        # An app's settings that hold the OpenAI API's key or server (chathub's defaults:
        # `openaiApiKey`, `openaiApiHost: "https://api.openai.com"` beside `chatgptApiModel`): its
        # model settings are what that client sends, unless named for another vendor
        # (`claudeApiModel`, `openrouterModel`).
        # (`openai/gpt-4o` is a gateway's form unless the server beside it is OpenAI's.)
        settings.extend((k, v, (k,)) for k, v in node.items() if isinstance(k, str) and MODEL_KEY.match(_snake(k))
                        and not _vendor_named(cat, k)
                        and not (isinstance(v, str) and v.startswith("openai/") and not _openai_servers(cat, node)))  # fmt: skip
    for _, value, ptr in settings:
        if isinstance(value, str):
            mid, vendor = cat.read_model(substituted(value))
            if vendor in MIGRATING_PROVIDERS:
                azure = (len(ptr) == 1 and beside and all(cat.provider_named(b) == "azure" for b in beside)) or \
                    (len(ptr) == 2 and cat.provider_named(str(ptr[0])) == "azure")
                found.append((mid, ptr, "azure" if azure else vendor))
    return found


def _openai_key_read(cat: Any, node: dict[str, Any]) -> bool:
    """Whether a mapping's API key is read from an environment variable of OpenAI's (an
    evaluator's `{"api_key": os.environ["OPENAICOM_KEY"], "model": "gpt-4"}`, an agent
    framework's `config_list` entry, `api_key: ${OPENAI_API_KEY}` in a config file)."""
    from bedrock_check.extract.common import API_KEY_KEYS
    from bedrock_check.extract.resolve.values import env_name

    for key in API_KEY_KEYS & set(node):
        value = node[key]
        name = env_name(value) or (value[2:-1].split(":")[0] if isinstance(value, str) and value.startswith("${")
                                   and value.endswith("}") else None)  # fmt: skip
        if name and cat.provider_of_env(name) == "openai":
            return True
    return False


#: Keys that make a provider's block its credentials (`openai: {api_key: ...}`).
_CREDENTIAL_KEYS = frozenset({"api_key", "apikey", "apiKey", "key", "token", "organization", "org_id"})


def _spec_models(node: dict[str, Any], path: str, named: bool) -> Iterator[tuple[Any, Any, Pointer]]:
    """(model value, the mapping holding it, pointer) at a `config_models` entry's dotted
    `path` below `node`: written flat (`llm.model: gpt-4o`), nested, and with `named` also one
    level further down in each named sub-config (`[llm.fast] model = "gpt-4o"`)."""
    if path in node:  # written flat: `llm.model: gpt-4o`
        yield node[path], node, (path,)
        return
    if "[]." in path:  # each record of a list: `guardrails[].config.model`
        head, rest = path.split("[].", 1)
        records = node.get(head)
        for i, record in enumerate(records if isinstance(records, list) else ()):
            if isinstance(record, dict):
                for found, within, sub in _spec_models(record, rest, named):
                    yield found, within, (head, i, *sub)
        return
    parts = path.split(".")
    model: Any = node
    holder: Any = node
    for part in parts:
        holder = model
        model = model.get(part) if isinstance(model, dict) else None
    yield model, holder, tuple(parts)
    if named and len(parts) == 2 and isinstance(node.get(parts[0]), dict):
        for name, child in node[parts[0]].items():
            if isinstance(name, str) and isinstance(child, dict) and isinstance(child.get(parts[1]), str):
                yield child[parts[1]], child, (parts[0], name, parts[1])


def sibling_models(cat: Any, node: dict[str, Any], *, row: bool = False) -> list[tuple[str, Pointer, str]]:
    """(model id, (key,), provider) for each model-named setting of a mapping whose provider
    setting says OpenAI (the catalogue's `provider_siblings`). A model's own record (`id`
    beside `providerId`) counts only when it is not a `row`, one of several records of a list:
    such a list is a picker's options or a catalogue of models (e2b fragments' `models.json`),
    while a record kept under a role's name (`quick: {id: ..., providerId: openai}`) is the
    model the app uses for that role."""
    spec = cat.frameworks.provider_siblings
    if spec is None:
        return []
    names, urls = _compiled(spec.provider_keys), _compiled(spec.url_keys)
    providers: dict[str, str | None] = {}  # stem -> provider its setting names
    servers: dict[str, str | None] = {}  # stem -> provider its server URL names
    for key, value in node.items():
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        m = names.search(key) or urls.search(key)
        if m is None:
            continue
        if m.re is names:
            said = "openai" if cat.names_openai(substituted(value)) else value.lower()
            providers[_stem(key[: m.start()])] = said
        else:
            # (A known server of another provider, `apiBase: http://localhost:11434/v1`, serves its own names.)
            servers[_stem(key[: m.start()])] = cat.provider_of_host(substituted(value)) if "://" in value else None
    for key, value in _grouped(cat, node):
        # (`configuration: {baseURL: "http://localhost:1234/v1"}`: the client's server, given in its options group.)
        if isinstance(key, str) and isinstance(value, str) and "://" in value and urls.search(key):
            servers.setdefault("", cat.provider_of_host(substituted(value)))
    for stem, server in servers.items():
        if server is not None or stem not in providers:
            providers[stem] = server
    # An engine setting named by its stem alone (`text_to_voice: openai` beside `text_to_voice_model: tts-1`).
    engines = {_stem(k) for k, v in node.items() if isinstance(k, str) and isinstance(v, str)
               and cat.names_openai(substituted(v)) and _stem(k) not in providers}  # fmt: skip
    if "openai" not in providers.values() and not engines:
        return []
    from bedrock_check.extract.dotenv import MODEL_KEY  # (here: a request file names no provider)

    alone = set(providers.values()) == {"openai"}
    found: list[tuple[str, Pointer, str]] = []
    for key, value in node.items():
        # (A camelCase setting is read as its snake_case name: `modelId` beside `providerId`.)
        snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key) if isinstance(key, str) else key
        # (A kebab-case one as its snake_case name: `default-model` beside `default-api`.)
        if not isinstance(snake, str) or not isinstance(value, str) or not MODEL_KEY.match(re.sub(r"[.-]", "_", snake)):
            continue
        stem = _stem(re.sub(r"(?i)[_.-]?model(_name|_id)?$", "", snake))
        # The mapping's general model setting (`model` beside `open_ai_api_base` and other vendors'
        # servers) is OpenAI's when its id is, unless a provider setting of its own says otherwise.
        general = not stem and "openai" in providers.values() and providers.get("") is None
        if not alone and providers.get(stem) != "openai" and stem not in engines and not general:
            continue
        mid, vendor = cat.read_model(substituted(value))
        if vendor in MIGRATING_PROVIDERS:
            found.append((mid, (key,), vendor))
    # An app's own model record that names its provider (morphic's `{id: "gpt-5.4-mini", name:
    # "GPT-5.4 mini", providerId: "openai"}`, resolved as `openai:<id>` by its provider registry):
    # with no model setting, the record's `id` is the model sent to that provider.
    record_id = node.get("id")
    if (not found and not row and providers.get("") == "openai" and isinstance(record_id, str)
            and not any(isinstance(k, str) and MODEL_KEY.match(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", k)) for k in node)):
        mid, vendor = cat.read_model(substituted(record_id))
        if vendor == "openai":
            found.append((mid, ("id",), vendor))
    return found


def _names_another(cat: Any, node: dict[str, Any]) -> bool:
    """Whether a mapping's provider setting (`api_type`, `provider`: the catalogue's
    `provider_siblings`) names a provider other than OpenAI."""
    spec = cat.frameworks.provider_siblings
    if spec is None:
        return False
    names = _compiled(spec.provider_keys)
    return any(isinstance(k, str) and isinstance(v, str) and v and names.search(k) and "." not in v
               and not cat.names_openai(substituted(v)) and v.lower() not in spec.api_values
               for k, v in node.items())  # fmt: skip


def _names_vendor(cat: Any, node: dict[str, Any]) -> bool:
    """Whether a mapping's provider setting names another vendor the catalogue knows
    (`provider: openrouter`); a router that sends each `provider/model` string on to its
    provider (`provider: litellm`) is none."""
    spec = cat.frameworks.provider_siblings
    if spec is None:
        return False
    names = _compiled(spec.provider_keys)
    for key, setting in node.items():
        if isinstance(key, str) and isinstance(setting, str) and names.search(key):
            said = substituted(setting).lower()
            if said in cat.providers.providers and not cat.is_checked(said):
                return True
    return False


def _vendor_named(cat: Any, key: str) -> bool:
    """Whether a setting's name names a provider other than OpenAI by its words
    (`claudeApiModel`, `openrouter_model`, `chatgptWebappModelName`: the ChatGPT web app's)."""
    words = _snake(key).lower().split("_")
    for provider in cat.providers.providers:
        if provider in MIGRATING_PROVIDERS:
            continue
        parts = provider.split("-")
        if (parts[0] in words if len(parts) == 1
                else all(any(w.startswith(p) for w in words) for p in parts)):  # fmt: skip
            return True
    return False


def _stem(prefix: str) -> str:
    """A setting name's stem, for pairing a provider with its model (`writer_`, `writer_model_`
    and `writer` are one stem)."""
    stem = prefix.lower().rstrip("_.-")
    return re.sub(r"[_.-]?model$", "", stem)


def _elsewhere(cat: Any, node: dict[str, Any]) -> bool:
    """Whether a client config points at another provider's server (`api_base:
    http://localhost:11434/v1` beside `provider: openai`: an OpenAI-compatible Ollama). (A
    host nobody can tell, `https://llm.example.com/v1`, may be a proxy to OpenAI: still checked.)"""
    # (Also in the option group a client's server is given in, `configuration: {baseURL: ...}`.)
    urls = [v for k, v in (*node.items(), *_grouped(cat, node)) if isinstance(k, str)
            and k.lower().endswith(_URL_KEYS) and isinstance(v, str) and "://" in v]  # fmt: skip
    return any(not cat.is_checked(cat.provider_of_host(substituted(url))) for url in urls)


def _grouped(cat: Any, node: dict[str, Any]) -> list[tuple[Any, Any]]:
    """The settings of the option groups a client's server is given in (`configuration: {baseURL: ...}`,
    catalogue `base_url_groups`)."""
    return [item for group in cat.providers.base_url_groups if isinstance(block := node.get(group), dict)
            for item in block.items()]  # fmt: skip


#: Keys that hold a client's server URL.
_URL_KEYS = ("url", "base", "endpoint", "host")


__all__ = ["client_config", "config_models", "substituted"]
