"""The SDK and framework catalogue: what a call *is*, as data.

Four YAML files beside this module say which SDK method and which HTTP path reaches which
endpoint (`sdk.yaml`), which provider a client, base URL, environment variable, SDK module or
model id belongs to (`providers.yaml`), which model ids are OpenAI's and which
model-string prefixes name a provider (`models.yaml`), and which framework
constructors and keywords become request fields, which functions wrap a client and
which literal `type` values are hosted tools (`frameworks.yaml`).

They are validated at load (pydantic, `extra="forbid"`) and cross-checked: an
endpoint, provider or request field that is not declared is an error naming the file,
the field and the closest declared name. The records are plain frozen dataclasses: the
checked shipped catalogue is cached as JSON like the matrix (`bedrock_check.matrix.cache`,
rebuilt field by field from these classes' annotations), so a run whose catalogue is
unchanged neither parses the YAML nor imports pydantic for it. The extractors only ask questions of the
loaded `Catalogue`; adding an SDK method or a framework is an entry here plus fixtures.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar

from bedrock_check.httppaths import PathTable, path_problem
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import CHECKED_PROVIDERS, TEST_DOUBLE

FILES = ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml")


#: Names too common in unrelated code to make a file worth parsing on their own.
_WEAK_TOKENS = frozenset({"default", "Agent", "openai", "completion", "environment", "bedrock", "azure", "models.list",
                          "items.list", "messages.list", "sessions.create", "parts.create", "patch", "apatch",
                          "threads.list", "files.list", "files.create", "files.delete", "jobs.list", "runs.create",
                          "Client", "AsyncClient", "responses", "languageModel", "items.delete", "items.retrieve",
                          "create"})


#: How a hosted-tool literal's `type` entry is written in Python, JS/TS and JSON.
_TYPE_LITERALS = ('type: "{}"', "type: '{}'", '"type": "{}"', "'type': '{}'", '"type":"{}"', "type:'{}'", 'type:"{}"')
#: A picker's option naming a hosted tool (`{label: "Web Search", name: "web_search_preview"}`).
_OPTION_LITERALS = ('name: "{}"', "name: '{}'", '"name": "{}"', "'name': '{}'", 'value: "{}"', "value: '{}'")


#: Bedrock inference-profile prefixes (`us.anthropic.claude-...`).
_PROFILES = frozenset({"us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"})


class CatalogueError(ValueError):
    """The catalogue cannot be loaded; the message names the file and the field."""


def _names(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regex: {exc}") from None
    return value


class _Before:
    """Annotation metadata: a function pydantic runs on a field's value, before (`before`)
    or after its type is checked; pydantic is imported only when YAML is validated."""

    def __init__(self, function: Any, before: bool) -> None:
        self.function, self.before = function, before

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        make = core_schema.no_info_before_validator_function if self.before else core_schema.no_info_after_validator_function
        return make(self.function, handler(source))


#: A list of names that YAML may also write as one name.
Names = Annotated[list[str], _Before(_names, True)]
#: A regular expression (checked to compile).
Regex = Annotated[str, _Before(_regex, False)]

# Every record is written with the same decorator in full, so type checkers see dataclasses.


class _Strict:
    """Base of the catalogue records: unknown keys are errors when YAML is validated."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Method(_Strict):
    """SDK methods (attribute paths after the client) that reach one endpoint."""

    path: Names
    endpoint: str
    #: The call's arguments are the request body.
    body: bool = False
    #: The call opens a WebSocket/realtime connection.
    connect: bool = False
    #: The pre-1.0 module API (`openai.ChatCompletion.create`, Node v3 `createEmbedding`):
    #: its names are common elsewhere, so it is matched only on the `openai` module itself
    #: or on a client of the catalogue, never on an object of unknown origin.
    legacy: bool = False
    #: Where the call's options name model ids (dotted paths, in the SDK's spelling).
    models: list[str] = field(default_factory=lambda: ["model"])
    #: Options kept and checked when the body as a whole is not (`tool_resources` of an
    #: assistant or thread: the OpenAI vector stores and files it reads).
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class SocketEvent(_Strict):
    """Client events sent over a realtime or Responses WebSocket, checked where they are
    written: literals with one of these `type` values, event classes, connection methods."""

    type: Names
    classes: Names = field(default_factory=list)
    methods: Names = field(default_factory=list)
    #: A method call (or class) counts only with one of these keywords (`session=`).
    requires_any: list[str] = field(default_factory=list)
    #: Where the event names model ids (dotted paths), each checked as a model the code sends.
    models: list[str] = field(default_factory=list)
    #: Keys that only the object under `requires_any[0]` has (a realtime session's
    #: `input_audio_transcription`): an object literal holding one, in a file that talks to
    #: OpenAI, is that object written apart from its event (`client.configure({...})`, a
    #: session dict kept on `self` and sent later), checked where it is written.
    literal_keys: list[str] = field(default_factory=list)



@dataclass(frozen=True, slots=True, kw_only=True)
class HttpCall(_Strict):
    """Raw HTTP calls (as written: `fetch`, `axios.post`, or as their import resolves:
    `httpx.Client().post`): the URL is argument `url`; the JSON body, when the call sends
    one, is argument `body_arg` (positional), keyword `body_key`, or both (`fetch(url, {body: ...})`)."""

    name: Names
    url: int = 0
    body_arg: int | None = None
    body_key: str | None = None
    #: The keyword (or option) of the client's constructor that holds the base URL the call's
    #: URL is relative to (`httpx.AsyncClient(base_url=...)` then `.post("/responses")`).
    base_url: str | None = None
    #: It opens a WebSocket: the URL constant it starts from is reported where written too.
    socket: bool = False
    #: It reads the answer as server-sent events (a streamed request): a URL that may name
    #: several endpoints is, through it, one of those that stream text (`stream_endpoints`).
    streams: bool = False



@dataclass(frozen=True, slots=True, kw_only=True)
class HttpPath(_Strict):
    """The HTTP paths of one endpoint below the API's version prefix (`audio/speech`)."""

    endpoint: str
    path: Names
    #: Only a request to the path itself carries a body to check (not `/responses/{id}/cancel`).
    create_only: bool = False
    #: The endpoint a `ws://`/`wss://` URL to the path opens.
    socket: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaInput(_Strict):
    """A captured media track added to a peer connection: what realtime event it amounts to."""

    capture: Names
    option: str
    add: Names
    peer: Names
    event: str



@dataclass(frozen=True, slots=True, kw_only=True)
class SdkFile(_Strict):
    """`sdk.yaml`."""

    wrappers: list[str]
    methods: list[Method]
    http_paths: list[HttpPath]
    socket_events: list[SocketEvent] = field(default_factory=list)
    http_calls: list[HttpCall] = field(default_factory=list)
    media_inputs: list[MediaInput] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderInfo(_Strict):
    """A provider's label and whether its calls are checked."""

    label: str
    checked: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientClass(_Strict):
    """Constructors or factories that make a client of one provider."""

    name: Names
    provider: str
    region_arg: Names = field(default_factory=list)
    #: A factory passed as `provider=` to the OpenAI client (`openai.providers.bedrock`).
    provider_factory: bool = False
    #: OpenAI API client classes this (Bedrock) class stands in for: what `fix` renames to it.
    replaces: Names = field(default_factory=list)

@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern(_Strict):
    """A regex and the provider it names."""

    pattern: Regex
    provider: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VendorModule(_Strict):
    """SDK modules of a vendor other than OpenAI."""

    module: Names
    provider: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvidersFile(_Strict):
    """`providers.yaml`."""

    providers: dict[str, ProviderInfo]
    clients: list[ClientClass]
    base_url_args: list[str]
    api_key_args: list[str]
    provider_args: list[str]
    hosts: list[Pattern]
    env_names: list[Pattern]
    vendor_modules: list[VendorModule]
    model_patterns: list[Pattern]
    identifier_hints: list[Pattern] = field(default_factory=list)
    #: Tool `type` values of other vendors' APIs (Anthropic's dated `web_search_20250305`).
    tool_types: list[Pattern] = field(default_factory=list)
    #: Calls that replace a module with a test double for the whole file (`vi.mock("openai")`).
    module_mocks: list[str] = field(default_factory=list)
    #: Client options that replace its HTTP transport (`fetch`): a client given one in a test
    #: file is a test double.
    transport_args: list[str] = field(default_factory=list)
    #: Calls that set the default client of every agent (`set_default_openai_client(client)`).
    default_client_setters: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPrefix(_Strict):
    """Model-string prefixes (`openai:`, `anthropic/`) and the provider they name."""

    prefix: Names
    provider: str
    #: Keep the prefix on the model id (the matrix reads gateway prefixes itself).
    keep: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SlashModels(_Strict):
    """`openai/<id>` strings written as a setting's value: the ids no OpenAI API serves
    (open-weight models) and the modules whose use makes the form a gateway's model name."""

    open_weight: list[str] = field(default_factory=list)
    gateway_modules: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelsFile(_Strict):
    """`models.yaml`."""

    openai_model_families: list[str]
    model_prefixes: list[ModelPrefix]
    bedrock_model_ids: list[str] = field(default_factory=list)
    #: Words that make an id of an OpenAI family a placeholder no request means to send.
    placeholder_models: list[str] = field(default_factory=list)
    #: How the `openai/gpt-4o` form is read outside a framework call (see models.yaml).
    slash_models: SlashModels | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Constructor(_Strict):
    """A framework constructor or function whose arguments become request fields."""

    name: Names
    provider: str | None = None
    #: Where the model is: a keyword/option name, a positional index, or a list of them
    #: (the first that is there wins: `dspy.LM("openai/gpt-4o")` or `dspy.LM(model=...)`).
    model: str | int | list[str | int] | None = None
    #: Further model ids in the options (dotted paths as written: a transcription model).
    models: list[str] = field(default_factory=list)
    #: Where the provider is named beside the model (a keyword, a positional index or a list of
    #: them, as for `model`): a provider name, or an enum member named for one (`ModelPlatformType.OPENAI`).
    model_provider: str | int | list[str | int] | None = None
    client: str | None = None
    rename: dict[str, str] = field(default_factory=dict)
    merge: list[str] = field(default_factory=list)
    fields: list[str] | None = None
    endpoint: str = "unknown"
    camel: bool = False
    options_arg: int | None = None
    #: Strings in `tools` name hosted tools (`builtin_tools=["web_search"]`).
    tool_names: bool = False
    #: The call configures a realtime session: its `session` option (a dotted path) is the
    #: session of this socket event (`session.update`).
    event: str | None = None
    session: str | None = None
    #: A model object or settings that names the model and sends nothing itself (smolagents'
    #: `LiteLLMModel`, graphiti's `LLMConfig`): in a test file it is exercised with a mock, and
    #: given to an Azure client's construction its model is a deployment name; neither is checked.
    config: bool = False

    @property
    def model_args(self) -> list[str | int]:
        """Where the model is, in order (see `model`)."""
        return [] if self.model is None else list(self.model) if isinstance(self.model, list) else [self.model]

    @property
    def provider_args(self) -> list[str | int]:
        """Where the provider is named, in order (see `model_provider`)."""
        mp = self.model_provider
        return [] if mp is None else list(mp) if isinstance(mp, list) else [mp]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientWrapper(_Strict):
    """Functions that take a client (argument `arg`) and return one making the same calls."""

    name: Names
    arg: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class DropIn(_Strict):
    """Drop-in replacements of the OpenAI client class."""

    name: Names
    provider: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HostedTool(_Strict):
    """Hosted-tool `type` values found where they are written."""

    type: Names
    requires_any: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Command(_Strict):
    """A command-line program whose options are an OpenAI request (`llm -m gpt-4o -T WebSearch`)."""

    name: Names
    model: list[str] = field(default_factory=list)
    option: list[str] = field(default_factory=list)
    tool: list[str] = field(default_factory=list)
    #: Tool names (as written after the tool option) -> hosted-tool type.
    tools: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolConstructor(_Strict):
    """A hosted-tool constructor whose arguments are the fields of the tool it builds."""

    name: Names
    #: The hosted-tool type it builds (None: it only `wraps` another tool).
    type: str | None = None
    args: list[str] = field(default_factory=list)
    camel: bool = False
    rename: dict[str, str] = field(default_factory=dict)
    neutral: bool = False
    wraps: int | None = None



@dataclass(frozen=True, slots=True, kw_only=True)
class PartConstructor(_Strict):
    """Calls that build one content part of a request (`Audio.from_path(...)`)."""

    name: Names
    type: str



@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderOptions(_Strict):
    """A path inside a call's options object whose dict holds request fields."""

    path: list[str]
    provider: str
    camel: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class NeutralModels(_Strict):
    """Model classes and config objects of frameworks the catalogue does not list: an imported
    class whose name matches `classes` (a regex) and whose `keywords` name an OpenAI model id."""

    classes: str
    keywords: list[str]
    #: Names that never name such a class (another vendor's, a deployment-named one).
    not_classes: str = "(?!)"
    #: Callees whose model keyword is not a request's (a tokenizer, a price table): in a file
    #: that talks to OpenAI, any other call given a model id literal is the app's way to send it.
    not_calls: str = "(?!)"
    #: Names of objects that stand for a language model (`self.llm`, `config.llm`, `spo_llm`): a
    #: model keyword given to their methods, or a model attribute stored on them, names the model
    #: they send, whatever the file imports.
    holders: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingDefaults(_Strict):
    """Where an application writes the default of a named setting (`extract/defaults.py`):
    calls that read an environment variable with a default second argument, as dotted
    paths (`os.getenv`), and the method names that declare a command-line option."""

    env_reads: list[str]
    option_calls: list[str]
    #: Method names of a config reader given a setting's name and its default
    #: (`config.get("model", "gpt-4o")`, `self._get_str("model", "gpt-4")`), as a regex:
    #: checked in a file whose requests go to OpenAI.
    getters: str = "(?!)"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderSiblings(_Strict):
    """Settings that say which provider a mapping's models go to: a key matching `provider_keys`
    whose value is one of `values`, or one matching `url_keys` whose URL is that provider's."""

    provider_keys: str
    url_keys: str
    values: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigModel(_Strict):
    """A mapping in a config file that configures an OpenAI client: `key` holds one of
    `values`; the model id is at the dotted path `model` below the mapping."""

    key: str
    #: Values of `key` that name such a client (empty: the key's presence is enough, with
    #: one of `beside` in the same mapping).
    values: list[str]
    model: str
    provider: str | None = None
    #: Keys one of which the mapping must also hold (a framework's own settings file:
    #: Open Interpreter's profile holds `llm:` beside `computer:` or `custom_instructions:`).
    beside: list[str] = field(default_factory=list)
    #: Keys one of which the mapping holding the model must also hold (`llm: {api_key: ..., model: ...}`).
    inside: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributeSetting(_Strict):
    """A framework object an application configures by storing attributes
    (`interpreter.llm.model = "gpt-4o"`): the stores under `prefix` are its settings."""

    #: The object's qualified names (`module.name`; `module.Class()` for an instance).
    object: Names
    #: The attribute path the settings are stored under (`llm`).
    prefix: str
    #: The setting that names the model.
    model: str = "model"


@dataclass(frozen=True, slots=True, kw_only=True)
class FrameworksFile(_Strict):
    """`frameworks.yaml`."""

    request_fields: list[str]
    presence_fields: list[str] = field(default_factory=list)
    constructors: list[Constructor]
    provider_options: list[ProviderOptions] = field(default_factory=list)
    client_wrappers: list[ClientWrapper]
    dropin_clients: list[DropIn]
    hosted_tools: list[HostedTool]
    #: Content-part `type` values reported where a literal of them is written.
    content_parts: list[HostedTool] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    config_models: list[ConfigModel] = field(default_factory=list)
    provider_siblings: ProviderSiblings | None = None
    #: Database column declarations whose `default=` is a new row's value (Django `CharField`).
    column_declarations: list[str] = field(default_factory=list)
    tool_constructors: list[ToolConstructor] = field(default_factory=list)
    part_constructors: list[PartConstructor] = field(default_factory=list)
    field_keywords: dict[str, str] = field(default_factory=dict)
    #: Library modules that an app re-exports under their own name from a module of its
    #: own (a lazy-loading proxy: `from app.llm import litellm`): the name is the library.
    module_proxies: list[str] = field(default_factory=list)
    neutral_models: NeutralModels | None = None
    setting_defaults: SettingDefaults | None = None
    attribute_settings: list[AttributeSetting] = field(default_factory=list)
    #: Provider factories whose instance is called like a constructor of this file
    #: (`createOpenAI({...})` returns what `@ai-sdk/openai.openai` is): factory -> constructor name.
    provider_instances: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MethodMatch:
    """An SDK call recognised from its attribute path."""

    path: str
    endpoint: str
    body: bool
    connect: bool
    legacy: bool = False
    models: tuple[str, ...] = ("model",)
    fields: tuple[str, ...] = ()


class Catalogue:
    """The loaded catalogue, with the lookups the extractors and the guard need."""

    def __init__(self, sdk: SdkFile, providers: ProvidersFile, models: ModelsFile, frameworks: FrameworksFile) -> None:
        self.sdk = sdk
        self.providers = providers
        self.models = models
        self.frameworks = frameworks
        self.methods: dict[str, MethodMatch] = {
            p: MethodMatch(p, m.endpoint, m.body, m.connect, m.legacy, tuple(m.models), tuple(m.fields))
            for m in sdk.methods for p in m.path
        }
        self.wrappers = frozenset(sdk.wrappers)
        self.clients = {n: c for c in providers.clients for n in c.name}
        self.constructors = {n: c for c in frameworks.constructors for n in c.name}
        #: Raw HTTP calls by name (as written and as resolved): where their URL and body are.
        self.http_calls = {n: h for h in sdk.http_calls for n in h.name}
        #: The last names of the calls that send a body (`fetch`, `post`): only a call ending
        #: so is resolved to see whether it is one (`client.post` of an `httpx.Client()`).
        self.http_body_tails = frozenset(n.rsplit(".", 1)[-1] for h in sdk.http_calls for n in h.name
                                         if h.body_arg is not None or h.body_key is not None or "()." in n)  # fmt: skip
        #: Last names of instance methods in the catalogue (`agents.RealtimeRunner().run`).
        self.instance_methods = frozenset(n.rsplit(".", 1)[-1] for n in self.constructors if "()." in n)
        self.client_wrappers = {n: w.arg for w in frameworks.client_wrappers for n in w.name}
        self.dropins = {n: d.provider for d in frameworks.dropin_clients for n in d.name}
        self.hosted_types = {t: h for h in frameworks.hosted_tools for t in h.type}
        self.part_types = {t: p for p in frameworks.content_parts for t in p.type}
        self.commands = {n: c for c in frameworks.commands for n in c.name}
        self.media_adds = {a: m for m in sdk.media_inputs for a in m.add}
        self.module_mocks = frozenset(providers.module_mocks)
        self.doubles = frozenset(n for c in providers.clients if c.provider == TEST_DOUBLE for n in c.name)
        self.part_constructors = {n: p.type for p in frameworks.part_constructors for n in p.name}
        self.tool_constructors = {n: t for t in frameworks.tool_constructors for n in t.name}
        self.event_types = {t: e for e in sdk.socket_events for t in e.type}
        self.event_classes = {c: (e.type[0], e) for e in sdk.socket_events for c in e.classes}
        self.event_methods = {m: (e.type[0], e) for e in sdk.socket_events for m in e.methods}
        self.vendor_modules = {m: v.provider for v in providers.vendor_modules for m in v.module}
        self._prefixes = sorted(
            ((p, m.provider, m.keep) for m in models.model_prefixes for p in m.prefix), key=lambda t: -len(t[0])
        )

    # Patterns are compiled when first asked (a small run asks few of them).
    @cached_property
    def _hosts(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p.pattern, re.I), p.provider) for p in self.providers.hosts]

    @cached_property
    def _envs(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p.pattern), p.provider) for p in self.providers.env_names]

    @cached_property
    def _hints(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p.pattern, re.I), p.provider) for p in self.providers.identifier_hints]

    @cached_property
    def _foreign_tools(self) -> list[re.Pattern[str]]:
        return [re.compile(p.pattern) for p in self.providers.tool_types]

    def foreign_tool(self, item: Any) -> bool:
        """Whether a tool entry is another vendor's (`{"type": "web_search_20250305", ...}`)."""
        kind = item.get("type") if isinstance(item, dict) else None
        return isinstance(kind, str) and any(rx.search(kind) for rx in self._foreign_tools)

    @cached_property
    def _vendor_models(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p.pattern, re.I), p.provider) for p in self.providers.model_patterns]

    @cached_property
    def _families(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{f})" for f in self.models.openai_model_families))

    @cached_property
    def _bedrock_ids(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{f})" for f in self.models.bedrock_model_ids) or "(?!)")

    @cached_property
    def value_constructors(self) -> frozenset[str]:
        """Names whose calls stand for a value the catalogue describes (a tool, a content
        part): resolved by their import name, never followed into the library's source."""
        owners = (n.split("().", 1)[0] for n in self.constructors if "()." in n)
        return frozenset((*self.part_constructors, *self.tool_constructors, *owners))

    @cached_property
    def http(self) -> PathTable:
        """Which HTTP path belongs to which endpoint (`http_paths`): what every reader of a URL asks."""
        return PathTable(self.sdk.http_paths)

    # ------------------------------------------------------------ SDK calls

    def method(self, chain: list[str]) -> tuple[int, MethodMatch] | None:
        """The SDK method an attribute chain ends in, with the index where the method path
        starts (what comes before is the client). Wrapper segments are ignored; the longest
        method path wins (`chat.completions.create` over `completions.create`)."""
        parts = [p for p in chain if p not in self.wrappers]
        for start in range(1, len(parts)):
            found = self.methods.get(".".join(parts[start:]))
            if found is not None:
                return start, found
        return None

    def endpoint_models(self, endpoint: str) -> tuple[str, ...]:
        """Where the requests of an endpoint name model ids (the `models` of its SDK methods)."""
        paths = [p for m in self.sdk.methods if m.endpoint == endpoint for p in m.models]
        return tuple(dict.fromkeys(paths)) or ("model",)

    @cached_property
    def _method_ref(self) -> re.Pattern[str]:
        """An attribute chain ending in an SDK method's (or a framework function's) name that
        is not called where it is written (`retry(client.chat.completions.create, ...)`)."""
        alt = "|".join(sorted((re.escape(n) for n in self._method_ref_names), key=len, reverse=True))
        return re.compile(rf"(?<![\w$.])((?:[A-Za-z_$][\w$]*(?:\(\))?\.)+(?:{alt}))(?![\w$]|[ \t]*[(.\[])")

    @cached_property
    def _method_ref_names(self) -> frozenset[str]:
        """The last names `_method_ref` ends in."""
        names = {p.rsplit(".", 1)[-1] for p in self.methods}
        names |= {n.rsplit(".", 1)[-1] for n in self.constructors if n.rsplit(".", 1)[-1][:1].islower()}
        return frozenset(n for n in names if len(n) > 2)

    def method_refs(self, text: str) -> tuple[frozenset[int], frozenset[str]]:
        """Where a file names an SDK method or framework function without calling it (line
        numbers), and the names it binds one to (`completion = client.chat.completions.create`)."""
        lines: set[int] = set()
        aliases: set[str] = set()
        # A chain never spans lines, so the full pattern (slow: tried at every word of the
        # file) runs only on the lines where one of its last names follows a dot, uncalled.
        names, seen = self._method_ref_names, set()
        matches: list[re.Match[str]] = []
        for end in _REF_END.finditer(text):
            if end.group(1) in names:
                start = text.rfind("\n", 0, end.start()) + 1
                if start not in seen:
                    seen.add(start)
                    stop = text.find("\n", end.end())
                    matches.extend(self._method_ref.finditer(text, start, len(text) if stop < 0 else stop))
        for m in matches:
            parts = m.group(1).replace("()", "").split(".")
            if self.method(parts) is None and parts[-1] not in self._function_names:
                continue
            start = text.rfind("\n", 0, m.start()) + 1
            lines.add(text.count("\n", 0, m.start()) + 1)
            bound = _ALIAS.match(text[start : m.start()])
            if bound:
                aliases.add(bound.group(1))
        return frozenset(lines), frozenset(aliases)

    @cached_property
    def _neutral(self) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        n = self.frameworks.neutral_models
        return (re.compile(n.classes), re.compile(n.not_classes)) if n is not None else None

    def neutral_model_class(self, qual: str) -> bool:
        """Whether an imported name is a model class or config object of a framework the
        catalogue does not list (`FooModel`, `LLMConfig`), by its name alone."""
        if self._neutral is None or qual in self.constructors or qual in self.clients or qual in self.tool_constructors:
            return False
        module, _, name = qual.rpartition(".")
        yes, no = self._neutral
        return bool(module) and bool(yes.search(name)) and not no.search(name) and self.provider_of_module(module) is None

    @cached_property
    def _named_event(self) -> re.Pattern[str]:
        alt = "|".join(re.escape(t) for t in sorted(self.event_types, key=len, reverse=True))
        return re.compile(rf"""\(\s*(['"])(?:{alt})\1\s*[,)]""")

    def named_event_lines(self, text: str) -> frozenset[int]:
        """Lines where a call's first argument is a client event's type (`send('session.update', ...)`)."""
        if not any(t in text for t in self.event_types):
            return frozenset()
        return frozenset(text.count("\n", 0, m.start()) + 1 for m in self._named_event.finditer(text))

    @cached_property
    def _function_names(self) -> frozenset[str]:
        return frozenset(n.rsplit(".", 1)[-1] for n in self.constructors if n.rsplit(".", 1)[-1][:1].islower())

    def strip_wrappers(self, chain: list[str]) -> list[str]:
        """The chain without the SDK's wrapper segments (`with_raw_response`, `beta`)."""
        return [p for p in chain if p not in self.wrappers]

    @cached_property
    def client_renames(self) -> dict[str, str]:
        """OpenAI client class -> the Bedrock class that stands in for it, by class name as
        code spells it (`OpenAI` -> `BedrockOpenAI`): the `replaces` of the client classes."""
        return {old.rsplit(".", 1)[-1]: c.name[0].rsplit(".", 1)[-1]
                for c in self.providers.clients for old in c.replaces}  # fmt: skip

    def region_argument(self, language: str) -> str | None:
        """The keyword (Python) or option (JavaScript) a Bedrock client class that stands in
        for an OpenAI one takes its Region in: its `region_arg` spelt the language's way
        (Python keywords are snake_case, JavaScript options camelCase)."""
        for c in self.providers.clients:
            if c.replaces:
                found = [a for a in c.region_arg if ("_" in a) == (language == "python")]
                if found:
                    return found[0]
        return None

    @cached_property
    def connect_paths(self) -> tuple[str, ...]:
        """Method paths that open a realtime/WebSocket connection."""
        return tuple(p for p, m in self.methods.items() if m.connect)

    @cached_property
    def connect_points(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """The SDK resources whose `connect()` opens a socket, as (attribute path from the
        client, endpoint), also under the `beta` namespace: what the runtime guard and the
        pytest plugin wrap."""
        found: list[tuple[tuple[str, ...], str]] = []
        for path in self.connect_paths:
            parts = tuple(path.split("."))
            if parts[-1] == "connect":
                found.append((parts[:-1], self.methods[path].endpoint))
        beta = [(("beta", *p), e) for p, e in found if "beta" in self.wrappers]
        return (*found, *beta)

    @cached_property
    def connect_resources(self) -> tuple[tuple[str, ...], ...]:
        """The attribute paths of `connect_points`."""
        return tuple(p for p, _ in self.connect_points)

    @cached_property
    def known_names(self) -> frozenset[str]:
        """Qualified names whose meaning the catalogue gives (clients, client wrappers and
        drop-ins, framework constructors): the resolver takes them as they are and never
        follows them into a copy of the library's own source in the scanned tree."""
        return frozenset((*self.clients, *self.constructors, *self.client_wrappers, *self.dropins))

    @cached_property
    def known_modules(self) -> frozenset[str]:
        """Modules (and their parents) that hold a known name: `import instructor` then
        `instructor.from_openai(...)` is the catalogue's `instructor.from_openai`."""
        found: set[str] = set()
        for name in self.known_names:
            parts = re.split(r"[./]", name)[:-1]
            for i in range(1, len(parts) + 1):
                found.add(".".join(parts[:i]))
        return frozenset(m for m in found if m)

    @cached_property
    def free_names(self) -> dict[str, str]:
        """Framework functions by the chain written from their module's last segment on
        (`litellm.completion`, `openai.realtime.RealtimeModel` of `livekit.plugins.openai`):
        how code calls them through a name no import binds (a module the host injects, a
        documentation snippet whose imports are elided). Only chains that name one entry."""
        owner: dict[str, set[int]] = {}
        qual: dict[str, str] = {}
        for n, c in self.constructors.items():
            if "()" in n or "/" in n or "@" in n:
                continue
            parts = n.split(".")
            for i in range(len(parts) - 1):
                key = ".".join(parts[i:])
                owner.setdefault(key, set()).add(id(c))
                qual.setdefault(key, n)
        # (`openai.OpenAI` is the SDK's client, whatever framework class also ends so.)
        return {k: qual[k] for k, ids in owner.items() if len(ids) == 1 and k not in self.clients}

    # ------------------------------------------------------------ providers

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """Words one of which a source file must contain for the catalogue to find anything
        checked in it (the scan's prefilter adds them): SDK method paths, distinctive
        client and framework names, hosted-tool types and the keys that make one, model
        string prefixes. Files of other providers need not pass: they produce no finding."""
        words = {".".join(p.split(".")[-2:]) for p in self.methods}
        for entry in self.providers.clients:
            if entry.provider in CHECKED_PROVIDERS:
                words.update(n.rsplit(".", 1)[-1] for n in entry.name)
        for kind, hosted in self.hosted_types.items():
            words.update(hosted.requires_any or (kind,))
            if not hosted.requires_any:
                # The type alone is a common word (`web_search`); a `type` key holding it,
                # as a hosted-tool literal is written, is not; nor a picker option naming it.
                words.update(form.format(kind) for form in _TYPE_LITERALS)
                words.update(form.format(kind) for form in _OPTION_LITERALS)
        # (`session.update` and `response.create` are too common to pass a file on their own;
        # a file whose events go to OpenAI names it through an import or a URL anyway.)
        words.update(t for t in self.event_types if t.count("_") >= 2)
        words.update(self.part_types)
        words.update(p for m in self.sdk.media_inputs for p in m.peer)
        words.update(self.event_classes)
        words.update(p for p, provider, _ in self._prefixes if provider in CHECKED_PROVIDERS)
        # An endpoint's HTTP path of two segments (`/audio/speech`) in a URL built from a base URL
        # that only the environment holds; one segment (`/files`) is any web API's.
        words.update(f"/{p}" for p in self.http.paths if "/" in p)
        # A framework object's model setting as written, imported or not (`interpreter.llm.model`).
        words.update(f"{o.removesuffix('()').rsplit('.', 1)[-1]}.{s.prefix}.{s.model}"
                     for s in self.frameworks.attribute_settings for o in s.object if not o.endswith("()"))
        # An app's own config object built with a provider that says OpenAI beside its model
        # (`LLMConfig(provider=LLMProvider.OPENAI, model=...)`, `get_llm("openai", model=...)`).
        siblings = self.frameworks.provider_siblings
        # (`Provider.` and `providerName:` are weak: they need an anchor such as `OPENAI` beside them.)
        for v in siblings.values if siblings is not None else ():
            words.update((f'provider="{v}"', f"provider='{v}'", f'("{v}", model=', f"('{v}', model="))
        words.update(("Provider.", "providerName:"))
        # An object named for a language model given a model (`neutral_models.holders`:
        # `self.llm.model = "gpt-4o"`, `self.llm.gen_image(model="dall-e-3")`).
        if self.frameworks.neutral_models is not None and self.frameworks.neutral_models.holders:
            words.update(("llm.model", "self.llm.", "_LLM.", "_llm."))
        return tuple(sorted(w for w in words if len(w) >= 5 and w not in _WEAK_TOKENS))

    @cached_property
    def paired_tokens(self) -> dict[str, frozenset[str]]:
        """Framework names (`embedding`, `run_sync`, `createAgent`) with the modules one of
        which a file must also name: the scan recognises a framework call only through an
        import of its module in the same file (`from litellm import embedding`,
        `import { createAgent } from "langchain"`), so the name alone proves nothing."""
        from bedrock_check.prefilter import module_tokens

        pairs: dict[str, set[str]] = {}
        dropins = (n for n, provider in self.dropins.items() if provider in CHECKED_PROVIDERS)
        for name in (*self.constructors, *self.client_wrappers, *dropins):
            parts = name.split(".")
            # (A factory method named like any method, `ModelFactory.create`: its class's name.)
            word = parts[-2] if parts[-1] in _WEAK_TOKENS and len(parts) > 2 else parts[-1]
            if len(word) >= 6 and word not in _WEAK_TOKENS:
                pairs.setdefault(word, set()).update(module_tokens([name]))
        for setting in self.frameworks.attribute_settings:  # `interpreter.llm.model = ...`
            pairs.setdefault(f"{setting.prefix}.{setting.model}", set()).update(module_tokens(setting.object))
        return {word: frozenset(modules) for word, modules in pairs.items() if modules}

    @cached_property
    def config_tokens(self) -> tuple[str, ...]:
        """Words one of which a config file must hold to configure an OpenAI client
        (`config_models` values, without a module path; a plain word such as `openai`
        only as its key's value, `provider: openai`)."""
        words: set[str] = set()
        for c in self.frameworks.config_models:
            if not c.values:  # the key itself, at the top of a file, or flat (`llm.model:`)
                words.update((f"\n{c.key}:", f"{c.key}:\n", f"{c.model}:", f'"{c.model}"'))
            for v in c.values:
                if "." in v or "_" in v:  # a class path or a type name: rare enough alone
                    words.add(v.rsplit(".", 1)[-1])
                else:  # a plain word (`openai`): only as the value of its key
                    words.update((f"{c.key}: {v}", f'{c.key}: "{v}"', f"{c.key}: '{v}'", f'"{c.key}": "{v}"'))
        # A `provider:model` string as any setting's value; a provider or server setting beside
        # model settings (`provider_siblings`: `planner_provider: openai`, `llm.api_base`).
        words.update(("openai:", '_provider": "openai"', "_provider: openai", 'api_type": "openai"',
                      "api_type: openai", "api.openai.com", 'api_type: "openai"', "api_type: 'openai'",
                      '_provider: "openai"', "_provider: 'openai'"))  # fmt: skip
        # A model setting holding an `openai/gpt-4o` string (`model: openai/gpt-4o-mini` in a CI matrix).
        words.update(("model: openai/", "model: 'openai/", 'model: "openai/', 'model": "openai/'))
        return tuple(sorted(words))

    def is_checked(self, provider: str | None) -> bool:
        """Whether calls to this provider are migration findings (None: unknown, checked)."""
        return provider is None or provider in CHECKED_PROVIDERS

    def label(self, provider: str) -> str:
        """A provider's human name."""
        info = self.providers.providers.get(provider)
        return info.label if info else provider

    def provider_of_host(self, url: str) -> str | None:
        """The provider a base URL points at, from its host."""
        return next((p for rx, p in self._hosts if rx.search(url)), None)

    def provider_of_base_url(self, url: str) -> str | None:
        """The provider a base URL written in the code points at: by its host, else
        `other` for a full URL to a host the table does not know (an OpenAI-compatible
        server of someone else's; the OpenAI API's own hosts and gateways are listed)."""
        found = self.provider_of_host(url)
        if found is None and _CONCRETE_URL.match(url):
            return "other"
        return found

    def provider_of_env(self, name: str) -> str | None:
        """The provider an environment variable name belongs to (`GROQ_API_KEY`)."""
        return next((p for rx, p in self._envs if rx.search(name)), None)

    def provider_of_code(self, text: str) -> str | None:
        """The provider named by the code that passes a base URL or key (`openrouter_base_url`)."""
        return next((p for rx, p in self._hints if rx.search(text)), None)

    def provider_of_module(self, module: str) -> str | None:
        """The vendor of an SDK module other than OpenAI's (`anthropic`, `@google/genai`)."""
        known = self._module_vendors
        if module in known:
            return known[module]
        found = next((provider for mod, provider in self.vendor_modules.items()
                      if module == mod or module.startswith((mod + ".", mod + "/"))), None)  # fmt: skip
        if len(known) < 65_536:  # asked for every import of every file: remembered, bounded
            known[module] = found
        return found

    @cached_property
    def _module_vendors(self) -> dict[str, str | None]:
        return {}

    def read_model(self, model: str) -> tuple[str, str | None]:
        """A model string's id and the provider it names: `openai:gpt-4o` -> ("gpt-4o",
        "openai"), `claude-sonnet-4` -> (same, "anthropic"), `gpt-4o` -> (same, "openai"),
        an id of no known family -> (same, None)."""
        for prefix, provider, keep in self._prefixes:
            if model.startswith(prefix):
                if keep:  # `bedrock/us.anthropic.claude-...`: Bedrock, but not an OpenAI model
                    inner = model[len(prefix) :]
                    head, _, tail = inner.partition(".")
                    vendor = self._vendor_of(tail if head in _PROFILES and tail else inner)
                    if vendor is not None:
                        return model, vendor
                rest = model if keep else model[len(prefix) :]
                if not rest:
                    return model, None  # a prefix alone (`"azure/" + DEPLOYMENT`): no model id to check
                if provider in ("openai", "azure") and not keep:
                    # `openai/gpt-oss-120b` on OpenRouter-style ids: the family decides; an id
                    # of no OpenAI family (`openai/<a self-hosted model>`, `azure/<deployment>`)
                    # goes to an OpenAI-compatible server or names a deployment: not a model to check.
                    vendor = self._vendor_of(rest)
                    return rest, vendor or (provider if self.is_openai_model(rest) else None)
                return rest, provider
        if model.startswith("litellm/"):
            return self.read_model(model[len("litellm/") :])
        vendor = self._vendor_of(model)
        if vendor:
            return model, vendor
        return model, "openai" if self.is_openai_model(model) else None

    def _vendor_of(self, model: str) -> str | None:
        return next((p for rx, p in self._vendor_models if rx.search(model)), None)

    @cached_property
    def _open_weight(self) -> re.Pattern[str]:
        slash = self.models.slash_models
        return re.compile("|".join(f"(?:{f})" for f in (slash.open_weight if slash else [])) or "(?!)")

    def prefixed_model(self, value: str) -> tuple[str, str] | None:
        """(model id, provider) of a provider-prefixed string that names an OpenAI or Azure
        model (`openai:gpt-4.1`, `openai/gpt-4o`), else None: an id of no OpenAI family, a
        tagged id (`openai/gpt-oss-20b:free`, a router's), or an open-weight model written
        `openai/gpt-oss-120b` (served by other hosts only)."""
        mid, vendor = self.read_model(value)
        if vendor not in ("openai", "azure") or mid == value or ":" in mid:
            return None
        if value.startswith("openai/") and self._open_weight.search(mid):
            return None
        return mid, vendor

    def slash_gateway(self, modules: Iterable[str]) -> bool:
        """Whether a file importing these modules names a gateway's models in the
        `openai/gpt-4o` form (LiveKit Inference, the AI SDK's gateway, OpenRouter)."""
        slash = self.models.slash_models
        if slash is None:
            return False
        gateways = slash.gateway_modules
        return any(m == g or m.startswith(g + ".") or m.startswith(g + "/") for m in modules for g in gateways)

    def is_bedrock_model_id(self, model: str) -> bool:
        """Whether a model id is written in Bedrock's form (`openai.gpt-5.5`, `us.openai.gpt-5.6-sol`)."""
        return self._bedrock_ids.search(model) is not None

    def is_openai_model(self, model: str) -> bool:
        """Whether a model id (without a framework prefix) is one of OpenAI's families. A value
        that lists several (`"gpt-oss-120b,gpt-oss-20b"`) or holds spaces is not one model id."""
        if "," in model or " " in model.strip():
            return False
        return self._families.search(model) is not None and self._placeholders.search(model) is None

    @cached_property
    def _placeholders(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{f})" for f in self.models.placeholder_models) or "(?!)", re.I)

    def content_part(self, obj: dict[str, Any]) -> bool:
        """Whether a literal object is a content part the catalogue reports where it is written."""
        kind = obj.get("type")
        entry = self.part_types.get(kind) if isinstance(kind, str) else None
        return entry is not None and (not entry.requires_any or any(k in obj for k in entry.requires_any))

    def hosted_tool(self, obj: dict[str, Any]) -> bool:
        """Whether a literal object is an OpenAI hosted tool by its exact `type` value."""
        kind = obj.get("type")
        entry = self.hosted_types.get(kind) if isinstance(kind, str) else None
        if entry is None:
            return False
        return not entry.requires_any or any(k in obj for k in entry.requires_any)


#: The last name of an attribute chain that is not called where it is written (`x.create,`).
_REF_END = re.compile(r"\.([\w$]+)(?![\w$]|[ \t]*[(.\[])")
#: What precedes a method reference that binds it to a name (`completion = `, `const create = `).
_ALIAS = re.compile(r"^[ \t]*(?:(?:const|let|var)[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*=[ \t]*$")
#: A full http(s) URL with a real-looking host name (not a placeholder such as `{host}`).
_CONCRETE_URL = re.compile(r"https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(:\d+)?(/|$)")


def _suggest(value: str, known: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check(cat: Catalogue) -> None:
    """Cross-file checks: every endpoint, provider and request field is declared."""
    from bedrock_check.vocabulary import FIELD_NAMES, ApiEndpoint

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

    for i, m in enumerate(cat.sdk.methods):
        need(m.endpoint, endpoints, "sdk.yaml", f"methods[{i}].endpoint")
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
    for factory, name in cat.frameworks.provider_instances.items():
        need(name, set(cat.constructors), "frameworks.yaml", f"provider_instances[{factory!r}]")
    for i, media in enumerate(cat.sdk.media_inputs):
        need(media.event, set(cat.event_types), "sdk.yaml", f"media_inputs[{i}].event")
    for i, ev in enumerate(cat.sdk.socket_events):
        for key in ev.requires_any:
            need(key, set(FIELD_NAMES), "sdk.yaml", f"socket_events[{i}].requires_any")
        for method in ev.methods:
            if method in cat.methods:
                raise CatalogueError(f"sdk.yaml: socket_events[{i}].methods: {method!r} is also an SDK method")
    groups: dict[str, list[Any]] = {
        "clients": cat.providers.clients, "hosts": cat.providers.hosts, "env_names": cat.providers.env_names,
        "vendor_modules": cat.providers.vendor_modules, "model_patterns": cat.providers.model_patterns,
        "identifier_hints": cat.providers.identifier_hints, "tool_types": cat.providers.tool_types,
    }  # fmt: skip
    for key, entries in groups.items():
        for i, e in enumerate(entries):
            need(e.provider, providers, "providers.yaml", f"{key}[{i}].provider")
    openai_clients = {n for c in cat.providers.clients if c.provider == "openai" for n in c.name}
    for i, client in enumerate(cat.providers.clients):
        for old in client.replaces:
            need(old, openai_clients, "providers.yaml", f"clients[{i}].replaces")
    for i, mp in enumerate(cat.models.model_prefixes):
        need(mp.provider, providers, "models.yaml", f"model_prefixes[{i}].provider")
    for i, c in enumerate(cat.frameworks.constructors):
        where = f"constructors[{i}]"
        if c.provider is not None:
            need(c.provider, providers, "frameworks.yaml", f"{where}.provider")
        need(c.endpoint, endpoints, "frameworks.yaml", f"{where}.endpoint")
        for f in c.fields or ():
            need(f, fields, "frameworks.yaml", f"{where}.fields")
        for target in c.rename.values():
            need(target.split(".")[0], fields, "frameworks.yaml", f"{where}.rename")
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
        need(cm.key, {*CONFIG_KEYS, "type"}, "frameworks.yaml", f"config_models[{i}].key")
        if cm.provider is not None:
            need(cm.provider, providers, "frameworks.yaml", f"config_models[{i}].provider")
    for i, d in enumerate(cat.frameworks.dropin_clients):
        need(d.provider, providers, "frameworks.yaml", f"dropin_clients[{i}].provider")
    for name in CHECKED_PROVIDERS:
        need(name, providers, "providers.yaml", "providers")


def _load_file(directory: Path, name: str, model: type[_Strict], fast: bool = False) -> Any:
    from pydantic import TypeAdapter, ValidationError

    from bedrock_check.yamlsafe import YamlError, load_yaml_file

    try:
        data = load_yaml_file(directory / name, fast=fast)
    except YamlError as exc:
        raise CatalogueError(f"{name}: {exc}") from None
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        hint, msg = "", err["msg"]
        if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            msg = "not a field here"
            hint = _suggest(str(err["loc"][-1]), set(_fields_at(model, err["loc"][:-1])))
        raise CatalogueError(f"{name}: {loc}: {msg}{hint}") from None


def _fields_at(model: type[Any], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the record at a validation error's location (for "did you mean")."""
    import dataclasses
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        hint = typing.get_type_hints(current).get(part)
        if hint is None:
            break
        args = typing.get_args(hint)
        current = next((a for a in (hint, *args) if dataclasses.is_dataclass(a)), None)
    return [f.name for f in dataclasses.fields(current)] if current is not None else []


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogueFiles(_Strict):
    """The four checked files together: what the cache stores."""

    sdk: SdkFile
    providers: ProvidersFile
    models: ModelsFile
    frameworks: FrameworksFile


def load_catalogue(directory: str | Path | None = None, cache: bool = True) -> Catalogue:
    """Load and check the catalogue (the shipped one by default). The checked shipped
    files are cached as JSON (`bedrock_check.matrix.cache`, keyed by every file's path
    and content), so a later run rebuilds the records without YAML or pydantic."""
    where = Path(directory) if directory is not None else Path(__file__).parent
    fast = directory is None  # libyaml for the trusted shipped files
    key = None
    if cache and directory is None:
        from bedrock_check.matrix import cache as store

        key = store.cache_key(tuple(where / name for name in FILES))
        if key is not None:
            cached = store.read(key, CatalogueFiles, "catalogue")
            if cached is not None:
                return Catalogue(cached.sdk, cached.providers, cached.models, cached.frameworks)
    files = CatalogueFiles(
        sdk=_load_file(where, "sdk.yaml", SdkFile, fast),
        providers=_load_file(where, "providers.yaml", ProvidersFile, fast),
        models=_load_file(where, "models.yaml", ModelsFile, fast),
        frameworks=_load_file(where, "frameworks.yaml", FrameworksFile, fast),
    )
    cat = Catalogue(files.sdk, files.providers, files.models, files.frameworks)
    _check(cat)
    if key is not None:
        store.write(key, files, "catalogue")
    return cat


@lru_cache(maxsize=1)
def shipped_catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process (it is read-only data)."""
    return load_catalogue()


__all__ = ["CHECKED_PROVIDERS", "TEST_DOUBLE", "Catalogue", "CatalogueError", "HttpPath", "load_catalogue",
           "shipped_catalogue"]
