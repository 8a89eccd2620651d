"""Client configs written in code: a dict literal or a settings class that names OpenAI
as its provider beside a model (the catalogue's `config_models`, as config files are read).

- `{"provider": "openai", "config": {"model": "text-embedding-3-small"}}` (mem0, embedchain),
  `{"model_provider": "openai", "model": "gpt-4o"}`, in Python or JS/TS;
- a class whose field defaults say the same: `provider: str = Field(default="openai")` beside
  `model: str = Field(default="text-embedding-3-small")` (pydantic), Django
  `model_type = CharField(default=ModelType.OPENAI)` beside `model_name = CharField(default="dall-e-3")`;
- an app's own call given the same as keywords (`AgentLLMConfig(provider=LLMProvider.OPENAI,
  model="gpt-4o-mini")`, `LLMConfig(...)`), or given the provider as its first argument
  (`get_llm("openai", model="gpt-3.5-turbo")`): the config object it builds is what the app's
  client is made from, wherever that is.

The model is reported where its id is written. A mapping without such a provider key
(a price table, a list of supported models, a test fixture) is never read here. A config
file's text held in a string (a YAML template an app writes to the user's config at first
run) is read as that file would be.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Attr, Call, Expr, Lit, Obj
from bedrock_check.extract.common import API_KEY_KEYS, OPENAI_MODEL_KEY, OPENAI_SETTING_KEY, config_key
from bedrock_check.extract.config_named import BARE_MODEL_KEYS
from bedrock_check.extract.configs import client_config
from bedrock_check.extract.dotenv import MODEL_KEY
from bedrock_check.extract.envset import code_env_settings
from bedrock_check.extract.fakes import fakes_transport
from bedrock_check.extract.resolve import Sym
from bedrock_check.extract.sites.base import DOUBLE_WORDS
from bedrock_check.extract.vendor_scope import elsewhere_module
from bedrock_check.findings import Observation, Pointer, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites
    from bedrock_check.extract.sites.base import SiteBase


def code_configs(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model a client config written in code names."""
    m = sites.m
    if sites.file_vendor is not None or not sites.cat.frameworks.config_models or elsewhere_module(sites):
        return  # (a module named for another vendor whose servers are all theirs: its configs are theirs)
    types = {v for c in sites.cat.frameworks.config_models if c.key == "type" for v in c.values}
    typed = [(raw, scope) for raw, scope, kind in m.typed_literals if kind in types]
    mocked: bool | None = None
    data = False
    keys: set[str] = set()  # the settings found to hold an OpenAI model
    read: set[Span] = set()
    for raw, scope in [*m.config_literals, *typed]:
        e = m.lower(raw, scope)
        if e.span in read or sites.in_foreign(e.span):
            continue
        read.add(e.span)  # (a record is collected for itself and for its settings block)
        spans: dict[Pointer, Span] = {}
        value = sites.r.value(e, (), spans)
        if isinstance(value, dict):
            if mocked is None:
                mocked = sites._test_file and test_mocks(sites)
                # A unit test that makes no request itself and either names nothing of OpenAI's or
                # replaces something with a double (`vi.fn()`, a mock) builds config objects as its
                # data (`makeModel({name: "gpt-4", provider: "openai"})`, the expected result of a
                # config parser beside `OPENAI_API_ENDPOINT: "https://api.openai.com/v1"`).
                data = sites._test_file and not sites.sends_openai and (
                    DOUBLE_WORDS.search(m.src.text) is not None or not (mocked or sites._talks_to_openai()))
            if data:
                continue
            if mocked and not any(config_key(k) and not OPENAI_MODEL_KEY.match(k) and not OPENAI_SETTING_KEY.match(k)
                                  for k in value):  # fmt: skip
                continue  # `patch.dict(os.environ, {"OPENAI_MODEL": ...})`: a test's double, nothing is sent
            if {"label", "value"} <= value.keys():
                continue  # `{provider: "openai", model: ..., label: "OpenAI ...", value: ...}`: a picker's option
            yield from _found(sites, _named_members(sites, value), spans, e.span, keys)
    if keys and not mocked:
        yield from _stored(sites, keys)
    if m.lang == "python":
        yield from _classes(sites)
        yield from _calls(sites)
        yield from _config_module(sites)
    yield from _module_constants(sites)
    yield from _keyed_classes(sites)
    if not sites._test_file:  # (a test's setting is its fixture: `os.environ["OPENAI_MODEL"] = "gpt-4"` for a double)
        yield from _env_settings(sites)


def _env_settings(sites: Sites) -> Iterator[Observation]:
    """The model settings a program makes in its own environment for the clients it builds after
    (`os.environ["AZURE_OPENAI_DEPLOYMENT_NAME"] = "gpt-4"`, `process.env.OPENAI_MODEL = "gpt-4o"`),
    read as `.env` lines are, where the value is written."""
    from bedrock_check.extract.dotenv import model_setting

    text = sites.m.src.text
    lines: list[str] | None = None
    for line, column, name, value in code_env_settings(text):
        lines = lines if lines is not None else text.splitlines()
        span = Span(line, column, line, column + len(value))
        obs = model_setting(sites.m.path, name, value, span, lines[line - 1] if line <= len(lines) else "")
        if obs is not None and not sites.in_foreign(span):
            yield obs


def _calls(sites: Sites) -> Iterator[Observation]:
    """Calls whose keywords are a client config (see the module docstring). (JS passes an
    options object: a literal, read above.)"""
    m = sites.m
    names_openai = sites.cat.names_openai
    if sites._test_file and (test_mocks(sites) or not _sends(sites)):
        return  # unit tests build config objects and mock the client (a live test sends them)
    for site in m.calls:
        raw = site.raw
        keywords = [k.arg for k in getattr(raw, "keywords", ())]
        first = raw.args[0] if getattr(raw, "args", None) else None
        leading = getattr(first, "value", None)
        named = any(config_key(k) for k in keywords)
        if not (named or (isinstance(leading, str) and names_openai(leading))):
            yield from _positional(sites, site)
            continue
        if not any(k is not None and MODEL_KEY.match(k) for k in keywords):
            yield from _positional(sites, site)  # (`provider="openai", options={"model": ...}`)
            continue
        call = m.lower(raw, site.scope)
        if not isinstance(call, Call) or sites.in_foreign(call.span):
            continue
        node: dict[str, Any] = {}
        spans: dict[Pointer, Span] = {}
        if not named and isinstance(leading, str):
            node["provider"] = leading
        for key, e in call.kwargs:
            if key is None or not (config_key(key) or MODEL_KEY.match(key)):
                continue
            value = sites.r.value(e, (key,), spans)
            if not isinstance(value, str) and isinstance(e, Attr) and names_openai(e.name):
                value = e.name.lower()  # an enum of a package out of reach: `LLMProvider.OPENAI`
            if isinstance(value, str):
                node[key] = value
        yield from _found(sites, node, spans, call.span)


def _positional(sites: Sites, site: Any) -> Iterator[Observation]:
    """A call given a provider's name and that provider's settings as positional arguments
    (`config.set_provider_config("llm", "OpenAI", {"model": "gpt-4o-mini"})`), or the settings as a
    keyword beside a provider keyword (BAML's `add_llm_client(name="c", provider="openai",
    options={"model": "gpt-4o"})`): the settings' model is that provider's."""
    args = getattr(site.raw, "args", None) or ()
    given = [k.value for k in getattr(site.raw, "keywords", ()) if config_key(k.arg)]
    provider = next((a.value for a in [*args, *given] if isinstance(a, ast.Constant) and isinstance(a.value, str)
                     and sites.cat.names_openai(a.value)), None)  # fmt: skip
    settings = [*args, *(k.value for k in getattr(site.raw, "keywords", ()) if k.arg is not None)]
    if provider is None or not any(isinstance(a, ast.Dict) for a in settings):
        return
    call = sites.m.lower(site.raw, site.scope)
    if not isinstance(call, Call) or sites.in_foreign(call.span):
        return
    for arg in [*call.args, *(e for _, e in call.kwargs)]:
        spans: dict[Pointer, Span] = {}
        value = sites.r.value(arg, (), spans)
        if isinstance(value, dict) and any(isinstance(k, str) and MODEL_KEY.match(k) for k in value):
            node = {"provider": provider, **{k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}}
            yield from _found(sites, node, spans, call.span)


def _named_members(sites: Sites, node: dict[str, Any]) -> dict[str, Any]:
    """The mapping with a provider setting given as an enum member of a module out of reach
    (`aiProvider: ModelProvider.OpenAI`) read as the provider its name says (`openai`), and a
    config key given a client class of the catalogue, or one built (AdalFlow's
    `{"model_client": OpenAIClient(), "model_kwargs": {...}}`), read as that client's provider."""
    import re

    out = dict(node)
    for key, value in node.items():
        if isinstance(key, str) and isinstance(value, Sym) and not value.path and value.qual and config_key(key):
            client = sites.cat.clients.get(value.qual.removesuffix("()"))  # (built: `OpenAIClient()`)
            if client is not None:
                out[key] = client.provider
    spec = sites.cat.frameworks.provider_siblings
    if spec is None:
        return out
    keys = re.compile(spec.provider_keys)
    for key, value in list(out.items()):
        if isinstance(key, str) and isinstance(value, Sym) and value.path and keys.search(key):
            name = value.path[-1].lower()
            if sites.cat.names_openai(name):
                out[key] = name
    return out


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


#: A module that holds an application's settings (`config.py`, `settings.py`, `app_config.py`).
_CONFIG_MODULE = re.compile(r"(?:^|/)(?:\w+_)?(?:config|configs|settings|conf|configuration|defaults?)(?:_\w+)?\.py$")
#: A setting named for a task a model does (`text_to_image`, `tts`, `embedding`, `llm`).
_TASK_KEY = re.compile(r"(?i)(?:^|_)(?:text_to_\w+|\w+_to_text|image|images|voice|speech|tts|stt|asr|vision|embeddings?|llm)$")


def _config_module(sites: Sites) -> Iterator[Observation]:
    """A settings module's own values, read as a `.env` file is: a top-level constant named
    for a model (`LLM_MODEL = "gpt-3.5-turbo-16k"`, `EMBEDDING_MODEL = ...`) and, in a
    top-level dict of settings, an entry named for a model or for the task it does (`"model":
    "gpt-3.5-turbo"`, `"text_to_image": "dall-e-2"`), when the value is an OpenAI model id.
    (A list of models, a comment and an id of another vendor are not settings.)"""
    m = sites.m
    if sites.file_vendor is not None or sites._test_file or not _CONFIG_MODULE.search(m.path.replace("\\", "/")):
        return
    # (Settings that name their provider, `DEFAULT_MODEL_PROVIDER = "ollama"` or `writer_provider`
    # beside `writer_model`, say whose each model is: the client-config reading above decides.)
    names = [name for (scope, name) in m.bindings if scope == 0]
    found: list[tuple[str, Span]] = []
    for (scope, name), bindings in m.bindings.items():
        if scope != 0 or len(bindings) != 1 or bindings[0].kind != "assign":
            continue
        e = m.lower(bindings[0].raw, 0)
        if isinstance(e, Lit) and isinstance(e.value, str) and MODEL_KEY.match(name) and not _names_provider(sites, names):
            found.append((e.value, e.span))
        elif isinstance(e, Obj) and not _TABLE_NAME.search(name):
            keys = [k.value for k, _ in e.entries if isinstance(k, Lit) and isinstance(k.value, str)]
            # (A client's API key names whose client it is: `{"api_key": os.environ["OPENROUTER_API_KEY"], ...}`.)
            client = _names_provider(sites, keys) or any(config_key(k) or k == "type" or k in API_KEY_KEYS for k in keys)
            if client and not _names_openai(e):
                continue  # a client config: read as one above
            for key, item in e.entries:
                if (isinstance(key, Lit) and isinstance(key.value, str) and isinstance(item, Lit)
                        and isinstance(item.value, str)
                        # (In a client config naming OpenAI, its model settings are read above:
                        # here only the settings named for a task, `"text_to_image": "dall-e-2"`.)
                        and ((MODEL_KEY.match(key.value) and not client) or _TASK_KEY.search(key.value))):  # fmt: skip
                    found.append((item.value, item.span))
    found.extend(_settings_class_models(sites))
    yield from written_models(sites, found)


def _settings_class_models(sites: Sites) -> list[tuple[str, Span]]:
    """A settings module's config classes, read as its constants are: a field named for a model
    whose default is written out and that says what the model is for (HippoRAG's `@dataclass
    class BaseConfig: llm_name: str = field(default="gpt-4o-mini")`), in a class that names no
    provider of its own."""
    m = sites.m
    found: list[tuple[str, Span]] = []
    for info in m.classes.values():
        if m.scopes[info.scope].parent != 0 or _names_provider(sites, list(info.fields)):
            continue  # (a nested class, or one whose provider field says whose its models are)
        for name, written in _declared(m, info):
            if not MODEL_KEY.match(name) or name.lower() in BARE_MODEL_KEYS:
                continue  # (a bare `model` is a record's field as often: a price row's, a log entry's)
            spans: dict[Pointer, Span] = {}
            value = sites.r.value(written, (name,), spans)
            if isinstance(value, str) and (name,) in spans:
                found.append((value, spans[(name,)]))
    return found


def written_models(sites: Sites, found: list[tuple[str, Span]]) -> Iterator[Observation]:
    """A model request fragment for each written value that names an OpenAI or Azure model,
    where it is written (not in a part of the file that belongs to another vendor)."""
    for written, span in found:
        mid, vendor = sites.cat.read_model(written.strip())
        if vendor in MIGRATING_PROVIDERS and not sites.in_foreign(span):
            yield from sites.more_models([(mid, span)], span, vendor)


#: A module-level dict named as a table of models, not the app's settings (`PRICES`, `MODEL_LIMITS`).
_TABLE_NAME = re.compile(r"(?i)pric|cost|rate|limit|token|table|catalog|choices|options|models$|list$")


def _names_openai(e: Obj) -> bool:
    """Whether a settings dict names OpenAI's API or OpenAI as a value (`"open_ai_api_base":
    "https://api.openai.com/v1"`, `"text_to_voice": "openai"`)."""
    return any(isinstance(item, Lit) and isinstance(item.value, str)
               and ("api.openai.com" in item.value or item.value.lower() == "openai") for _, item in e.entries)  # fmt: skip


def _names_provider(sites: Sites, keys: list[str]) -> bool:
    """Whether settings include a provider setting (the catalogue's `provider_siblings`)."""
    spec = sites.cat.frameworks.provider_siblings
    return spec is not None and any(re.search(spec.provider_keys, k) for k in keys)


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
        for name, written in _declared(m, info):
            e = _column_default(written, columns)
            if e is None:
                continue
            value = sites.r.value(e, (name,), spans)
            if isinstance(value, str):
                node[name] = value
                at = at or e.span
        if at is not None:
            yield from _found(sites, node, spans, at)


#: A field holding the OpenAI API's key (`OPENAI_API_KEY`, `openaiApiKey`) or Azure OpenAI's
#: (`AZURE_API_KEY`, `azureOpenAIApiKey`): the class is that client's settings.
_KEY_FIELD = re.compile(r"(?i)^(?:(?P<azure>azure_?(?:open_?ai_?)?)|open_?ai_?)api_?key$")


def _keyed_classes(sites: Sites) -> Iterator[Observation]:
    """A settings class that holds the OpenAI (or Azure OpenAI) API key: its model fields'
    defaults are that client's models (ChatGPT-Telegram-Workers' `class AzureConfig {
    AZURE_API_KEY = null; AZURE_CHAT_MODEL = 'gpt-4o-mini'; AZURE_IMAGE_MODEL = 'dall-e-3' }`,
    on Azure the deployment each names, named after the model it runs). Only an OpenAI model id
    counts, and not in a class that names another provider in a provider setting."""
    m = sites.m
    if sites.file_vendor is not None or sites._test_file:
        return
    for info in m.classes.values():
        keyed = [k for k in info.fields if _KEY_FIELD.match(k)]
        if not keyed:
            continue
        provider = "azure" if any(_KEY_FIELD.match(k).group("azure") for k in keyed) else "openai"  # type: ignore[union-attr]  # matched above
        node: dict[str, Any] = {}
        spans: dict[Pointer, Span] = {}
        for name, written in _declared(m, info):
            if MODEL_KEY.match(name) or _names_provider(sites, [name]):
                value = sites.r.value(written, (name,), spans)
                if isinstance(value, str):
                    node[name] = value
        from bedrock_check.extract.configs import _names_another

        if _names_another(sites.cat, node):
            continue
        for name, value in node.items():
            where = spans.get((name,))
            if MODEL_KEY.match(name) and where is not None:
                yield from sites.more_models([(value, where)], where, provider)


#: Mocking libraries a Python test replaces objects with (`patch.dict(os.environ, ...)`); the
#: libraries and globals that fake a test's HTTP are catalogue data (`fakes.fakes_transport`).
_MOCK_MODULES = frozenset({"unittest.mock", "mock", "pytest_mock"})


def _sends(sites: Sites) -> bool:
    """Whether a test file reaches OpenAI (it builds the app's OpenAI client, directly or
    through a module of the tree), rather than only validating config objects."""
    from bedrock_check.extract.defaults import openai_workload

    return openai_workload(sites)


def test_mocks(sites: SiteBase) -> bool:
    """Whether a test file replaces something with a double (its calls never reach a server):
    a mocking library, or a faked transport (an interceptor, a cassette, a replaced `fetch`)."""
    m = sites.m
    return (any(i.module in _MOCK_MODULES for i in m.imports.values())
            or any(w in m.src.text for w in ("monkeypatch", "mocker", "MagicMock"))
            or fakes_transport(m, sites.cat.providers.transport_fakes))  # fmt: skip


def _declared(m: Any, info: Any) -> Iterator[tuple[str, Expr]]:
    """(name, value as written) of each field the class body itself assigns exactly once: its
    declared default (what its methods store is not looked at here)."""
    for name, stores in info.fields.items():
        own = [(raw, scope) for raw, scope in stores if scope == info.scope]
        if len(own) == 1:
            yield name, m.lower(*own[0])


def _column_default(e: Expr, columns: frozenset[str]) -> Expr | None:
    """A class field's value as a config: the value itself (a pydantic `Field(...)` is the
    resolver's), or the `default=` of a column declaration (`models.CharField(default=...)`)."""
    if not isinstance(e, Call) or getattr(e.func, "name", None) not in columns:
        return e
    return next((v for k, v in e.kwargs if k == "default"), None)


def _found(sites: Sites, value: dict[str, Any], spans: dict[Pointer, Span], at: Span,
           keys: set[str] | None = None) -> Iterator[Observation]:  # fmt: skip
    for mid, sub, provider in client_config(sites.cat, value):
        where = spans.get(sub)
        if where is not None:
            if keys is not None and len(sub) == 1 and isinstance(sub[0], str):
                keys.add(sub[0])
            yield from sites.more_models([(mid, where)], at, provider)


def _stored(sites: Sites, keys: set[str]) -> Iterator[Observation]:
    """The same settings given another OpenAI model id elsewhere in the file: a stored
    setting's migration (`result.chatgptApiModel = "gpt-4"` beside the defaults
    `{openaiApiHost: ..., chatgptApiModel: ...}`), a reset to a default."""
    m = sites.m
    stores = [(b.raw, scope) for (scope, _), bindings in m.bindings.items() for b in bindings
              if b.kind == "setitem" and b.key in keys and b.raw is not None]  # fmt: skip
    stores.extend((raw, scope) for chain, raw, scope, _ in m.attr_stores if len(chain) == 2 and chain[-1] in keys)
    for raw, scope in stores:
        e = m.lower(raw, scope)
        if not isinstance(e, Lit) or not isinstance(e.value, str) or sites.in_foreign(e.span):
            continue
        mid, vendor = sites.cat.read_model(e.value)
        if vendor in MIGRATING_PROVIDERS:
            yield from sites.more_models([(mid, e.span)], e.span, vendor)


__all__ = ["code_configs"]


def text_configs(sites: Sites) -> Iterator[Observation]:
    """Model request fragments of the client configs a multi-line string holds as YAML text
    (a `DEFAULT_CONFIG` string whose lines are `llm:`, `api_type: "openai"`, `model: "gpt-4-turbo"`),
    at the line of the string where the model is written."""
    from bedrock_check.extract.common import shift_observation
    from bedrock_check.extract.requests import read_yaml

    m = sites.m
    if not m.text_blocks or sites.file_vendor is not None or sites._test_file:
        return
    tokens = sites.cat.config_tokens
    for text, span in m.text_blocks:
        if not any(t in text for t in tokens) or sites.in_foreign(span):
            continue
        found, _ = read_yaml(m.path, text, quiet=True)
        # (The text starts on the literal's line, after its opening quotes.)
        shift, first = span.line - 1, span.column + 3

        def line_map(line: int, column: int, _shift: int = shift, _first: int = first) -> tuple[int, int]:
            return line + _shift, column + (_first - 1 if line == 1 else 0)

        seen: set[tuple[Any, ...]] = set()
        for obs in found:
            key = (obs.span, repr(obs.body))
            if set(obs.body) == {"model"} and key not in seen:
                seen.add(key)
                yield shift_observation(obs, line_map, source_line=m.src.line, path=m.path)
