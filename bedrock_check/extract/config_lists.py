"""Model ids in the lists of client configs agent frameworks take (AutoGen 0.2 and AG2).

Such a framework is given its models as a list of entries, each one client's settings:

    llm_config = {"config_list": [{"model": "gpt-4o-mini", "api_key": api_key}]}
    llm_config = LLMConfig({"model": "gpt-4o-mini", "cache_seed": None})   # each dict one entry
    llm_config = LLMConfig(config_list=[{"api_type": "google", "model": "gemini-2.0-flash"}])

and in the `OAI_CONFIG_LIST` file `config_list_from_json("OAI_CONFIG_LIST")` reads (a JSON
list of entries). An entry that names no provider (`api_type`) is the framework's default
client's, OpenAI's: its model is reported where it is written, when it is an OpenAI model id.
An entry whose `api_type` names another provider, or whose server (`base_url`) is another
provider's, is theirs; one whose `api_type` says `openai` or `azure` is that client's. Which keys hold such lists, which classes
take entries as their arguments and which files are such lists is catalogue data
(`config_lists` in frameworks.yaml).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.findings import Observation, Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.callsite import Call
    from bedrock_check.extract.sites import Sites

#: Keys of an entry that hold its server's URL.
_URL_KEYS = ("base_url", "api_base", "azure_endpoint", "endpoint")


def listed(value: Any, ptr: Pointer) -> list[tuple[Any, Pointer]]:
    """The entries of a config list and where each is (nothing when `value` is no list)."""
    return [(entry, (*ptr, i)) for i, entry in enumerate(value)] if isinstance(value, list) else []


def entry_model(cat: Any, entry: Any) -> tuple[str, str, str | None] | None:
    """(model id, provider the id names, provider of the entry's server or None) of one client
    config entry, `{"model": "gpt-4o", "api_key": ..., "base_url": ...}`, that names an OpenAI
    or Azure model; None for anything else: not a mapping with a `model` string, an id of
    another vendor, or a server URL (`base_url`, `api_base`, `azure_endpoint`, `endpoint`) of
    another provider: an OpenAI-compatible server of Ollama, vLLM or OpenRouter serves its own
    names. The one reader of such entries: in a framework's config list (`entry_models`) and in
    a JSON-valued `.env` setting (`extract/dotenv.py`)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("model"), str):
        return None
    servers = [cat.provider_of_host(v) for k, v in entry.items() if k in _URL_KEYS and isinstance(v, str) and "://" in v]
    if not all(cat.is_checked(server) for server in servers):
        return None
    mid, vendor = cat.read_model(entry["model"])
    if vendor not in MIGRATING_PROVIDERS:
        return None
    return mid, vendor, servers[0] if servers else None


def entry_models(cat: Any, entries: list[tuple[Any, Pointer]]) -> list[tuple[str, Pointer, str]]:
    """(model id, pointer to it, provider) for each config-list entry (with its pointer) that
    sends an OpenAI model id to the framework's default client (or to the OpenAI or Azure
    server its URL names), or to the OpenAI or Azure client its `api_type` names."""
    spec = cat.frameworks.config_lists
    if spec is None:
        return []
    found: list[tuple[str, Pointer, str]] = []
    for entry, ptr in entries:
        named = entry.get(spec.provider_key) if isinstance(entry, dict) else None
        if named is not None:
            # An entry naming its provider: OpenAI's or Azure's runs the model (on Azure, the
            # deployment named for it); another's is theirs.
            provider = cat.provider_named(named) if isinstance(named, str) else None
            read = entry_model(cat, entry) if provider in MIGRATING_PROVIDERS else None
            if read is not None and provider is not None:
                found.append((read[0], (*ptr, "model"), provider))
            continue
        read = entry_model(cat, entry)
        if read is not None:
            mid, vendor, server = read
            provider = server or spec.default
            found.append((mid, (*ptr, "model"), provider if provider != "openai" else vendor))
    return found


def listed_models(cat: Any, node: dict[str, Any]) -> list[tuple[str, Pointer, str]]:
    """The models of the config lists a mapping holds under the catalogue's keys
    (`{"config_list": [...], "temperature": 0.8}`)."""
    spec = cat.frameworks.config_lists
    if spec is None:
        return []
    return [m for key in spec.keys if key in node for m in entry_models(cat, listed(node[key], (key,)))]


def listed_provider(cat: Any, config: Any) -> str | None:
    """The provider a framework's model config sends to when all its entries name the same other
    one (AG2's `llm_config={"config_list": [{"api_type": "google", "model": "gemini-2.0-flash"}]}`),
    else None (an entry naming none is the default client's; a config not written out says nothing)."""
    spec = cat.frameworks.config_lists
    if spec is None or not isinstance(config, dict):
        return None
    entries = [e for key in spec.keys for e, _ in listed(config.get(key), ())] or [config]
    said = {e.get(spec.provider_key) if isinstance(e, dict) else None for e in entries}
    if len(said) != 1:
        return None
    only = said.pop()
    return only.lower() if isinstance(only, str) and only.lower() not in (spec.default, "azure") else None


def config_list_calls(sites: Sites) -> Iterator[Observation]:
    """Model request fragments for the entries a Python call is given: a `config_list=`
    keyword's list, and the positional arguments of a class that takes entries (`LLMConfig`)."""
    # (Imported here: the request-file readers import this module, and `validate` parses no code.)
    from bedrock_check.extract.callsite import Call

    m = sites.m
    spec = sites.cat.frameworks.config_lists
    if spec is None or m.lang != "python" or sites.file_vendor is not None:
        return
    short = {name.rsplit(".", 1)[-1] for name in spec.classes}
    keys = frozenset(spec.keys)
    for site in m.calls:
        given = any(getattr(k, "arg", None) in keys for k in getattr(site.raw, "keywords", ()))
        takes = site.chain[-1] in short and bool(getattr(site.raw, "args", None))
        if not (given or takes) or sites.in_foreign(site.span):
            continue
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            continue
        spans: dict[Pointer, Span] = {}
        entries: list[tuple[Any, Pointer]] = []
        if takes and _entry_class(sites, call, spec.classes):
            for i, arg in enumerate(call.args):
                value = sites.r.value(arg, ("args", i), spans)
                # (A positional list is entries too: `LLMConfig(*config_list)` spreads one.)
                entries.extend([(value, ("args", i))] if isinstance(value, dict) else listed(value, ("args", i)))
        for key, e in call.kwargs:
            if key in keys:
                entries.extend(listed(sites.r.value(e, (key,), spans), (key,)))
        for mid, where, provider in entry_models(sites.cat, entries):
            span = spans.get(where)
            if span is not None:
                yield from sites.more_models([(mid, span)], span, provider)


def _entry_class(sites: Sites, call: Call, classes: list[str]) -> bool:
    """Whether a call builds one of the catalogue classes that take entries as arguments."""
    qualified = sites.r.qualify(call.func)
    return qualified is not None and qualified.dotted in classes


def config_list_file(path: str, value: Any, locate: Callable[[Pointer], Span | None],
                     source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """A model request fragment per OpenAI model id the entries of a config-list file name
    (`OAI_CONFIG_LIST`, the catalogue's `config_lists.files`; a JSON list of `model` records
    under another name is any app's data, not read here)."""
    from bedrock_check.extract import named_kind

    if not isinstance(value, list) or named_kind(path.replace("\\", "/")) is None:
        return []
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.extract.config_values import model_settings

    cat = shipped_catalogue()
    spec = cat.frameworks.config_lists
    base = path.replace("\\", "/").rpartition("/")[2]
    if spec is None or not base.startswith(tuple(spec.files)):
        return []
    return model_settings(path, entry_models(cat, listed(value, ())), locate, source_line)


__all__ = ["config_list_calls", "config_list_file", "entry_model", "entry_models", "listed", "listed_models", "listed_provider"]
