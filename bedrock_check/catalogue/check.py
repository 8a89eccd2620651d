"""Cross-file checks of a loaded catalogue: every endpoint, provider, request field, event
and hosted-tool type it names is declared; an error names the file, the field and the
closest declared name."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from bedrock_check.catalogue.base import MODEL_PREFIX_HEAD
from bedrock_check.catalogue.records import CatalogueError
from bedrock_check.httppaths import path_problem
from bedrock_check.vocabulary import CHECKED_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.catalogue import Catalogue


def _suggest(value: str, known: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check(cat: Catalogue) -> None:
    """Cross-file checks: every endpoint, provider and request field is declared."""
    from bedrock_check.extract.bodies import camel_to_snake
    from bedrock_check.vocabulary import FIELD_NAMES, SDK_WRAPPERS, ApiEndpoint, ModelKind

    def need(value: str, known: set[str], file: str, where: str) -> None:
        if value not in known:
            raise CatalogueError(f"{file}: {where}: unknown {value!r}{_suggest(value, known)}")

    endpoints = {e.value for e in ApiEndpoint}
    providers = set(cat.providers.providers)
    fields = set(cat.frameworks.request_fields)
    for i, f in enumerate(cat.frameworks.request_fields):
        need(f, set(FIELD_NAMES), "frameworks.yaml", f"request_fields[{i}]")
    for i, f in enumerate(cat.frameworks.presence_fields):
        need(f.split(".")[0].removesuffix("[]"), set(FIELD_NAMES), "frameworks.yaml", f"presence_fields[{i}]")
    for i, f in enumerate(cat.frameworks.handed_fields):
        need(f, set(FIELD_NAMES), "frameworks.yaml", f"handed_fields[{i}]")
    for i, hosted in enumerate(cat.frameworks.hosted_tools):
        for key in hosted.requires_any:
            # (A misspelt key would make every literal of that tool type not the tool: a silent miss.)
            need(key, set(FIELD_NAMES), "frameworks.yaml", f"hosted_tools[{i}].requires_any")

    for i, w in enumerate(cat.sdk.wrappers):
        # (A misspelt wrapper would leave `client.responses.with_raw_response.create(...)` unmatched.)
        need(w, set(SDK_WRAPPERS), "sdk.yaml", f"wrappers[{i}]")
    method_at: dict[str, int] = {}  # a method path -> the entry that maps it
    for i, m in enumerate(cat.sdk.methods):
        need(m.endpoint, endpoints, "sdk.yaml", f"methods[{i}].endpoint")
        for path in m.models:
            # A dotted path to a model option always ends at the API's `model` key.
            need(path.rsplit(".", 1)[-1], {"model"}, "sdk.yaml", f"methods[{i}].models: {path!r}")
        for kept in m.fields or ():
            # (A misspelt field would silently drop what the method's options say.)
            need(kept, set(FIELD_NAMES), "sdk.yaml", f"methods[{i}].fields")
        for kept in m.unseen:
            need(kept, set(FIELD_NAMES), "sdk.yaml", f"methods[{i}].unseen")
        for name in m.path:
            j = method_at.setdefault(name, i)
            if j != i and cat.sdk.methods[j].endpoint != m.endpoint:
                raise CatalogueError(f"sdk.yaml: methods[{i}].path: {name!r} is also methods[{j}]'s, "
                                     f"for another endpoint ({cat.sdk.methods[j].endpoint})")  # fmt: skip
    for i, m in enumerate(cat.sdk.go_methods):
        need(m.endpoint, endpoints, "sdk.yaml", f"go_methods[{i}].endpoint")
    seen_paths: dict[str, int] = {}
    for i, hp in enumerate(cat.sdk.http_paths):
        need(hp.endpoint, endpoints, "sdk.yaml", f"http_paths[{i}].endpoint")
        if hp.socket is not None:
            need(hp.socket, endpoints, "sdk.yaml", f"http_paths[{i}].socket")
        for path in hp.path:
            problem = path_problem(path)
            if problem:
                raise CatalogueError(f"sdk.yaml: http_paths[{i}].path: {path!r} {problem}")
            if path in seen_paths:
                raise CatalogueError(f"sdk.yaml: http_paths[{i}].path: {path!r} is also http_paths[{seen_paths[path]}]'s")
            seen_paths[path] = i
    for i, c in enumerate(cat.frameworks.constructors):
        if c.event is not None:
            need(c.event, set(cat.event_types), "frameworks.yaml", f"constructors[{i}].event")
    paths = {p for m in cat.sdk.methods for p in m.path}
    for i, path in enumerate(cat.sdk.generic_methods):
        need(path, paths, "sdk.yaml", f"generic_methods[{i}]")
    for name, fn in cat.frameworks.model_functions.items():
        need(fn.endpoint, endpoints, "frameworks.yaml", f"model_functions.{name}.endpoint")
        need(fn.provider, providers, "frameworks.yaml", f"model_functions.{name}.provider")
    for i, pid in enumerate(cat.frameworks.provider_ids):
        for vendor, said in pid.vendors.items():
            if said is not None:
                need(said, providers, "frameworks.yaml", f"provider_ids[{i}].vendors.{vendor}")
        for api, endpoint in [*pid.apis.items(), ("default", pid.default)]:
            need(endpoint, endpoints, "frameworks.yaml", f"provider_ids[{i}].apis.{api}")
        for name in pid.fields:
            need(name, set(FIELD_NAMES), "frameworks.yaml", f"provider_ids[{i}].fields")
    for factory, name in cat.frameworks.provider_instances.items():
        need(name, set(cat.constructors), "frameworks.yaml", f"provider_instances[{factory!r}]")
    for i, media in enumerate(cat.sdk.media_inputs):
        need(media.event, set(cat.event_types), "sdk.yaml", f"media_inputs[{i}].event")
    for i, ev in enumerate(cat.sdk.socket_events):
        for path in ev.models:
            need(path.rsplit(".", 1)[-1], {"model"}, "sdk.yaml", f"socket_events[{i}].models: {path!r}")
        for key in ev.requires_any:
            need(key, set(FIELD_NAMES), "sdk.yaml", f"socket_events[{i}].requires_any")
        for method in ev.methods:
            if method in cat.methods:
                raise CatalogueError(f"sdk.yaml: socket_events[{i}].methods: {method!r} is also an SDK method")
    groups: dict[str, list[Any]] = {
        "clients": cat.providers.clients, "hosts": cat.providers.hosts, "env_names": cat.providers.env_names,
        "vendor_modules": cat.providers.vendor_modules, "model_patterns": cat.providers.model_patterns,
        "identifier_hints": cat.providers.identifier_hints, "tool_types": cat.providers.tool_types,
        "request_keys": cat.providers.request_keys,
    }  # fmt: skip
    for key, entries in groups.items():
        for i, e in enumerate(entries):
            need(e.provider, providers, "providers.yaml", f"{key}[{i}].provider")
    openai_clients = {n for c in cat.providers.clients if c.provider == "openai" for n in c.name}
    for i, client in enumerate(cat.providers.clients):
        for old in client.replaces:
            need(old, openai_clients, "providers.yaml", f"clients[{i}].replaces")
    kinds = {k.value for k in ModelKind}
    for i, fam in enumerate(cat.models.openai_model_families):
        need(fam.kind, kinds, "models.yaml", f"openai_model_families[{i}].kind")
    for i, mp in enumerate(cat.models.model_prefixes):
        need(mp.provider, providers, "models.yaml", f"model_prefixes[{i}].provider")
        for prefix in mp.prefix:
            if not MODEL_PREFIX_HEAD.match(prefix):  # (the word is what a string's cheap test looks for)
                raise CatalogueError(f"models.yaml: model_prefixes[{i}].prefix: {prefix!r} does not start with a "
                                     "lowercase word (`openai:`, `azure/`)")  # fmt: skip
    for name, module in cat.frameworks.module_aliases.items():
        need(module, set(cat.providers.workload_modules), "frameworks.yaml", f"module_aliases.{name}")
    for name, module in cat.frameworks.module_reexports.items():
        need(module, set(cat.providers.workload_modules), "frameworks.yaml", f"module_reexports.{name}")
    for i, c in enumerate(cat.frameworks.constructors):
        where = f"constructors[{i}]"
        if c.provider is not None:
            need(c.provider, providers, "frameworks.yaml", f"{where}.provider")
        for routed in c.routes.values():
            need(routed, providers, "frameworks.yaml", f"{where}.routes")
        need(c.endpoint, endpoints, "frameworks.yaml", f"{where}.endpoint")
        if c.api is not None:
            need(c.api, endpoints, "frameworks.yaml", f"{where}.api")
        for f in c.fields or ():
            need(f, fields, "frameworks.yaml", f"{where}.fields")
        for target in c.rename.values():
            need(target.split(".")[0], fields, "frameworks.yaml", f"{where}.rename")
        for option in c.unseen:
            # (An option read under a name no request field has would never be reported.)
            named = camel_to_snake(option) if c.camel else option
            need(c.rename.get(named, named), fields, "frameworks.yaml", f"{where}.unseen")
        for kind in c.flags.values():
            need(kind, set(cat.hosted_types), "frameworks.yaml", f"{where}.flags")
        if (c.event is None) != (c.session is None):
            raise CatalogueError(f"frameworks.yaml: {where}: `event` and `session` go together")
    for i, command in enumerate(cat.frameworks.commands):
        for kind in command.tools.values():
            need(kind, set(cat.hosted_types), "frameworks.yaml", f"commands[{i}].tools")
    for i, tc in enumerate(cat.frameworks.tool_constructors):
        if tc.type is None and tc.wraps is None:
            raise CatalogueError(f"frameworks.yaml: tool_constructors[{i}]: needs `type` or `wraps`")
        if tc.type is not None:
            need(tc.type, {*cat.hosted_types, "function"}, "frameworks.yaml", f"tool_constructors[{i}].type")
        for a in tc.args:
            need(a, set(FIELD_NAMES), "frameworks.yaml", f"tool_constructors[{i}].args")
    for i, pc in enumerate(cat.frameworks.part_constructors):
        need(pc.type, {"input_audio", "input_image", "input_file", "input_text", "image_url", "file"},
             "frameworks.yaml", f"part_constructors[{i}].type")
    for key, target in cat.frameworks.field_keywords.items():
        need(target, fields, "frameworks.yaml", f"field_keywords.{key}")
    for i, po in enumerate(cat.frameworks.provider_options):
        need(po.provider, providers, "frameworks.yaml", f"provider_options[{i}].provider")
    from bedrock_check.extract.common import CONFIG_KEYS

    for i, cm in enumerate(cat.frameworks.config_models):
        # Code is searched for config literals by their key (`extract.callsite.CONFIG_KEYS`).
        if not cm.files_only:
            need(cm.key, {*CONFIG_KEYS, "type"}, "frameworks.yaml", f"config_models[{i}].key")
        if cm.provider is not None:
            need(cm.provider, providers, "frameworks.yaml", f"config_models[{i}].provider")
    lists = cat.frameworks.config_lists
    for key in lists.keys if lists is not None else ():
        need(key, set(CONFIG_KEYS), "frameworks.yaml", "config_lists.keys")
    from bedrock_check.extract import NAMED_FILES

    # (A config-list file is found by its name: the reader registry's `NAMED_FILES`.)
    for name in lists.files if lists is not None else ():
        need(name, set(NAMED_FILES), "frameworks.yaml", "config_lists.files")
    neutral = cat.frameworks.neutral_models
    for word, endpoint in (neutral.class_endpoints if neutral is not None else {}).items():
        need(endpoint, endpoints, "frameworks.yaml", f"neutral_models.class_endpoints.{word}")
    for i, d in enumerate(cat.frameworks.dropin_clients):
        need(d.provider, providers, "frameworks.yaml", f"dropin_clients[{i}].provider")
    for name in CHECKED_PROVIDERS:
        need(name, providers, "providers.yaml", "providers")
    _check_setting_names(cat)
    for i, module in enumerate(cat.providers.sdk_modules):
        need(module, set(cat.providers.workload_modules), "providers.yaml", f"sdk_modules[{i}]")


def _check_setting_names(cat: Catalogue) -> None:
    """`setting_names`: each list is a checked provider's, and each name is lower case (values
    are compared lower-cased) and says one provider only."""
    said: dict[str, str] = {}
    for provider, names in cat.providers.setting_names.items():
        if provider not in CHECKED_PROVIDERS:
            raise CatalogueError(f"providers.yaml: setting_names: {provider!r} is not a checked provider"
                                 f"{_suggest(provider, set(CHECKED_PROVIDERS))}")  # fmt: skip
        for i, name in enumerate(names):
            where = f"providers.yaml: setting_names.{provider}[{i}]: {name!r}"
            if name != name.lower():
                raise CatalogueError(f"{where} is not lower case")
            if name in said:
                raise CatalogueError(f"{where} is also setting_names.{said[name]}'s")
            said[name] = provider


def check_tool_types(cat: Catalogue, reported: Any, names: set[str]) -> None:
    """Every hosted-tool `type` of the catalogue is one the matrix reports (`reported(kind)`:
    a `tools[]` signal's `type` test of the compiled matrix matches it; `names`: the types it
    names outright, for the suggestion). A type the matrix does
    not know would be found in code and then checked as nothing, a silent miss; asked where
    the scan has both (the catalogue does not load the matrix)."""
    for i, hosted in enumerate(cat.frameworks.hosted_tools):
        for kind in hosted.type:
            if not reported(kind):
                raise CatalogueError(f"frameworks.yaml: hosted_tools[{i}].type: {kind!r} is no tool type the matrix "
                                     f"reports{_suggest(kind, names)}")  # fmt: skip
