"""The records of `frameworks.yaml`: framework constructors and keywords that become
request fields, client wrappers and drop-ins, hosted tools and the constructors that build
them, commands, config files, provider options and the settings applications write."""

from __future__ import annotations

import re
from dataclasses import field
from functools import lru_cache

from bedrock_check.catalogue.records import Names, Regex, _Strict
from bedrock_check.quickclass import dataclass


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
    #: Where an OpenAI client is passed (its provider wins): a keyword/option name, or a
    #: positional index (Outlines' `from_openai(client, "gpt-4o")`).
    client: str | int | None = None
    rename: dict[str, str] = field(default_factory=dict)
    merge: list[str] = field(default_factory=list)
    fields: list[str] | None = None
    endpoint: str = "unknown"
    #: The API a model object's requests go over when the call is none (swarms' `Agent(model_name=...)`
    #: sends through `litellm.completion`): its model is checked on it; no endpoint use is reported.
    api: str | None = None
    camel: bool = False
    options_arg: int | None = None
    #: Strings in `tools` (`builtin_tools=["web_search"]`) and a string `tool_choice` name hosted tools.
    tool_names: bool = False
    #: Options that switch a hosted tool on, option -> tool type (CopilotKit's
    #: `codeInterpreterEnabled: true` adds `{"type": "code_interpreter"}` to the tools it sends).
    flags: dict[str, str] = field(default_factory=dict)
    #: Options that, given at all, send the requests to a provider (Strands' `bedrock_mantle_config=`: Bedrock).
    routes: dict[str, str] = field(default_factory=dict)
    #: The call configures a realtime session: its `session` option (a dotted path) is the
    #: session of this socket event (`session.update`).
    event: str | None = None
    session: str | None = None
    #: Options that hand a realtime session a live audio source (Semantic Kernel's
    #: `audio_track=` microphone track): the session is fed audio, as by the realtime event
    #: `input_audio_buffer.append`, reported at the option.
    audio_in: list[str] = field(default_factory=list)
    #: Options that hand a realtime session where its spoken replies are played (AG2's
    #: `audio_adapter=WebSocketAudioAdapter(websocket)`, which streams the caller's audio in and
    #: the model's audio out): the session answers with audio, reported at the option.
    audio_out: list[str] = field(default_factory=list)
    #: The option holding the framework's model config (AG2's `llm_config`): when every
    #: config-list entry in it names another provider (`api_type: google`), the call is theirs.
    llm_config: str | None = None
    #: A model object or settings that names the model and sends nothing itself (smolagents'
    #: `LiteLLMModel`, graphiti's `LLMConfig`): in a test file it is exercised with a mock, and
    #: given to an Azure client's construction its model is a deployment name; neither is checked.
    config: bool = False
    #: The object whose method this is was looked up under one of these keys, its first argument
    #: (LanceDB's `get_registry().get("openai").create(...)`): another key is another provider's.
    keys: list[str] = field(default_factory=list)
    #: The call runs the model object given as its model (the AI SDK's `embed({model})`): its
    #: `endpoint` is used at the call, for the provider the model names (a model of no known
    #: provider is not reported: the SDK takes any vendor's); a model factory written inside
    #: the call (`openai.embedding("...")`) then gives its model only.
    runs_model: bool = False
    #: The endpoint is used where the model option is written, not at the call: an option of a
    #: larger object that switches the endpoint on (VoltAgent's `Memory({embedding: ...})`).
    used_at_model: bool = False
    #: Request fields (after `camel` and `rename`) that hold what is reported where it is written
    #: (a tool list: its hosted-tool constructors and literals), not as fields of this call; a
    #: value the code does not show as a whole (`tools=get_tools()` of an installed package, a
    #: parameter no call gives) is kept as the field, so the matrix's `unresolved` tests say the
    #: key was not checked.
    unseen: list[str] = field(default_factory=list)

    @property
    def model_args(self) -> list[str | int]:
        """Where the model is, in order (see `model`)."""
        return [] if self.model is None else list(self.model) if isinstance(self.model, list) else [self.model]

    @property
    def client_key(self) -> str | None:
        """The option the client is read from (`client` for a positional one)."""
        return "client" if isinstance(self.client, int) else self.client

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
    #: The literal holds no key but `type` (Assistants v1's `{"type": "retrieval"}`: other
    #: APIs' tools of that name carry their settings beside it).
    alone: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Command(_Strict):
    """A command-line program whose options are an OpenAI request (`llm -m gpt-4o -T WebSearch`)."""

    name: Names
    model: list[str] = field(default_factory=list)
    option: list[str] = field(default_factory=list)
    tool: list[str] = field(default_factory=list)
    #: Tool names (as written after the tool option) -> hosted-tool type.
    tools: dict[str, str] = field(default_factory=dict)
    #: The positional argument (1 = the first) that names the model (`oaieval gpt-4o test-match`).
    model_argument: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelOptions(_Strict):
    """Any program's long option that chooses the model its requests use (`--agent.model.name
    gpt-4o`, `--judge-model=gpt-4`): the words before `model` that make it name stored data
    instead (`--baseline-model`: answers to compare against, not a request)."""

    not_qualifiers: list[str] = field(default_factory=list)


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
    #: The keyword holding the MIME type of a generic media part (pydantic-ai's
    #: `BinaryContent(data, media_type="audio/wav")`): the call builds `type` only when
    #: that media type is of the part's kind (`audio/` for `input_audio`).
    media_type: str | None = None


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

    classes: Regex
    keywords: list[str]
    #: Names that never name such a class (another vendor's, a deployment-named one).
    not_classes: Regex = "(?!)"
    #: Callees whose model keyword is not a request's (a tokenizer, a price table): in a file
    #: that talks to OpenAI, any other call given a model id literal is the app's way to send it.
    not_calls: Regex = "(?!)"
    #: Names of objects that stand for a language model (`self.llm`, `config.llm`, `spo_llm`): a
    #: model keyword given to their methods, or a model attribute stored on them, names the model
    #: they send, whatever the file imports.
    holders: Regex | None = None
    #: Keyword names (a regex) that name the model a library sends through an OpenAI client
    #: given to the same call (`MarkItDown(llm_client=OpenAI(), llm_model="gpt-4o")`).
    beside_client: Regex | None = None
    #: Class names that say OpenAI (`OpenaiChatModel`, `OpenAIGPTConfig`, guidance's `OpenAI`): such a
    #: class of a library the catalogue does not list is that library's OpenAI model, read as a
    #: catalogue constructor of provider `openai` (`not_openai_classes`: names that say otherwise).
    openai_classes: Regex = "(?!)"
    not_openai_classes: Regex = "(?!)"
    #: Packages named for OpenAI (`@llamaindex/openai`, `langchain_openai`, `livekit.plugins.openai`):
    #: a class or a factory function imported from one that the catalogue does not list is that
    #: package's OpenAI model too (a function only with its model under a model-named option:
    #: `openaiResponses({model: "gpt-4o"})`); `not_openai_modules`: packages that say otherwise.
    openai_modules: Regex = "(?!)"
    not_openai_modules: Regex = "(?!)"
    #: Names in such a package that ask about a model rather than build one
    #: (`openai_modelname_to_contextsize("gpt-4")`, `is_function_calling_model(model=...)`).
    not_factories: Regex = "(?!)"
    #: Option groups a model setting may sit one level inside (`ChatModel({params: {model}})`).
    option_groups: list[str] = field(default_factory=list)
    #: A word of an OpenAI-named class's name -> the endpoint it calls (`OpenAIEmbeddingsConfig`: embeddings).
    class_endpoints: dict[str, str] = field(default_factory=dict)
    #: Names of settings objects (`...Config`, `...Settings`) and of a request's parts (an app's
    #: own `AssistantMessage` mirroring OpenAI's types): one names its endpoint only with a model.
    settings_classes: Regex = "(?!)"


@lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _search(pattern: str, text: str) -> bool:
    return _compiled(pattern).search(text) is not None


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
    getters: Regex = "(?!)"
    #: Names of an application's own environment readers (`from Globals import getenv`,
    #: `utils.get_env("X", "default")`), as a regex: read as `os.getenv` is when the first
    #: argument is an environment variable's name (`env_variable`).
    env_helpers: Regex = "(?!)"
    #: What an environment variable's name looks like (`OPENAI_MODEL`, not `model`).
    env_variable_name: Regex = "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$"

    def env_helper(self, name: str) -> bool:
        """Whether a function name is an application's environment reader."""
        return _search(self.env_helpers, name)

    def env_variable(self, text: str) -> bool:
        """Whether a string is an environment variable's name."""
        return _search(self.env_variable_name, text)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderSiblings(_Strict):
    """Settings that say which provider a mapping's models go to: a key matching `provider_keys`
    whose value is one of the OpenAI API's `setting_names` (`providers.yaml`), or one matching
    `url_keys` whose URL is that provider's. `document_keys`: the provider settings (the last dotted
    part of the key) a whole config document is read by; `api_values`: values naming an API, not a provider."""

    provider_keys: str
    url_keys: str
    document_keys: list[str] = field(default_factory=list)
    api_values: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassConfigs(_Strict):
    """Config mappings that name the class they build (`class: pkg.mod:OpenAISolver`,
    `_target_: ...ChatOpenAI`, `llm: ChatOpenAI`), read by `extract/class_configs.py`."""

    #: Keys that hold a class reference.
    keys: list[str]
    #: A class name that says OpenAI (its last name: `OpenAISolver`, `ChatOpenAI`).
    openai: Regex
    #: Of those, the Azure OpenAI ones.
    azure: Regex
    #: A class name of another vendor or of an OpenAI-compatible server: nothing below it is read.
    vendors: Regex
    #: Setting names that hold the model the class calls.
    model_keys: Regex


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
    #: The model may also be one level further down, in named sub-configs (`[llm.fast]` beside `[llm]`).
    named: bool = False
    #: Read in config files (and docs' fences of them) only: code holds such a key in every
    #: request body, so its dict literals are not searched for it.
    files_only: bool = False
    #: Keys whose presence in the mapping means the model is set there, not at `model`
    #: (`{name: o3, provider: openai, model: o3}`: the `name` is a label).
    unless: list[str] = field(default_factory=list)


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
class HeldOption(_Strict):
    """An object that gives back what one of its options was given: an attribute (`agent.voice`
    of `new Agent({voice: new OpenAIVoice()})`) or a method called with a key of the option
    (`mastra.getAgent("support")` of `new Mastra({agents: {support}})`)."""

    #: The constructors' qualified names.
    object: Names
    attribute: str | None = None
    method: str | None = None
    #: The option (a dotted path) given back; a method's first argument is a key in it.
    option: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Picker(_Strict):
    """A UI control whose value is the option the user picks, and until then its default
    (`st.selectbox("Model", ["gpt-4o-mini", "gpt-4o"])` is "gpt-4o-mini"): the value a request
    gets when nobody changes it."""

    #: The functions' qualified names.
    name: Names
    #: Where the options are passed: a position and a keyword.
    options_position: int
    options_keyword: str
    #: The keyword of the default option's index (the first option when absent), or of the
    #: default value itself.
    index_keyword: str | None = None
    value_keyword: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseClass(_Strict):
    """A framework base class an application subclasses, naming its model in a class attribute
    (django-ai-assistant's `class WeatherAIAssistant(AIAssistant): model = "gpt-4o"`): the base
    builds its model object from that attribute, `provider`'s by default."""

    name: Names
    #: The class attributes that name the model.
    attrs: list[str]
    provider: str | None = None
    #: Methods a subclass overrides to build its model another way (its own `get_llm` building
    #: another vendor's chat model): such a subclass's attribute is not the base's default.
    overrides: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigLists(_Strict):
    """Frameworks that take their models as a list of client configs (AutoGen and AG2's
    `config_list`), each entry going to `default` unless its `provider_key` names another
    provider (read by `extract/config_lists.py`)."""

    #: Keys and keywords whose value is such a list (`{"config_list": [...]}`, `config_list=[...]`).
    keys: list[str]
    #: Classes whose positional arguments are entries (`LLMConfig({"model": "gpt-4o-mini"})`).
    classes: Names = field(default_factory=list)
    #: Names of config files that are such a list (`OAI_CONFIG_LIST`, also with a suffix: `_sample`, `.json`).
    files: list[str] = field(default_factory=list)
    #: The entry key that names its provider (`api_type`).
    provider_key: str = "api_type"
    #: The provider of an entry that names none.
    default: str = "openai"


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFunction(_Strict):
    """A library function handed over by name as a callback that sends a fixed model (LightRAG's
    `LightRAG(llm_model_func=gpt_4o_mini_complete)`), read by `extract/handed_functions.py`."""

    endpoint: str
    model: str | None = None
    provider: str = "openai"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderIds(_Strict):
    """A tool's config that names the models it calls by provider id, `vendor:api:model`
    (promptfoo's `providers: [openai:responses:gpt-4o, {id: openai:realtime:gpt-realtime}]`),
    read by `extract/provider_ids.py`."""

    #: Top-level keys holding the provider entries (a string, a list, or `{id: ..., config: ...}` items).
    lists: list[str]
    #: Top-level keys one of which the document must also hold (it is the tool's config).
    beside: list[str]
    #: Dotted paths of further entries (a grader: `defaultTest.options.provider`), each a
    #: provider id, an entry, or a mapping of them (`{text: ..., embedding: ...}`).
    graders: list[str] = field(default_factory=list)
    #: The entry keys of the id and of the provider's options.
    id_key: str = "id"
    config_key: str = "config"
    #: Options of an entry that are request fields (`modalities`), sent as written.
    fields: list[str] = field(default_factory=list)
    #: Options of an entry that point its requests at a server of its own (`apiBaseUrl`): one of
    #: another provider (a local server, another vendor's host) makes the entry that server's.
    server_keys: list[str] = field(default_factory=list)
    #: The id's first part -> provider; `null`: the model id says (a LiteLLM proxy's `litellm:gpt-4.1`).
    vendors: dict[str, str | None]
    #: The id's middle part -> the endpoint its requests go to (`openai:image:dall-e-3`);
    #: an id without one (`openai:gpt-4.1`) goes to `default`.
    apis: dict[str, str]
    default: str = "chat.completions"


@dataclass(frozen=True, slots=True, kw_only=True)
class FrameworksFile(_Strict):
    """`frameworks.yaml`."""

    request_fields: list[str]
    presence_fields: list[str] = field(default_factory=list)
    #: Request fields an app's own request wrapper of another module is handed by keyword and
    #: writes into its request from the parameter of the same name (see extract/handed_settings.py).
    handed_fields: list[str] = field(default_factory=list)
    constructors: list[Constructor]
    provider_options: list[ProviderOptions] = field(default_factory=list)
    client_wrappers: list[ClientWrapper]
    dropin_clients: list[DropIn]
    hosted_tools: list[HostedTool]
    #: Keys no hosted-tool definition has: a literal holding one is the app's own entry named
    #: like a tool (a bot list's `{id: "image_generation", type: "image_generation"}`).
    not_tool_keys: list[str] = field(default_factory=list)
    #: Content-part `type` values reported where a literal of them is written.
    content_parts: list[HostedTool] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    model_options: ModelOptions | None = None
    config_models: list[ConfigModel] = field(default_factory=list)
    class_configs: ClassConfigs | None = None
    provider_siblings: ProviderSiblings | None = None
    #: Database column declarations whose `default=` is a new row's value (Django `CharField`).
    column_declarations: list[str] = field(default_factory=list)
    #: Keywords a model object is handed under only to count tokens (`trim_messages(...,
    #: token_counter=ChatOpenAI(model="gpt-4o"))`): it is built, and never sends a request.
    counting_keywords: list[str] = field(default_factory=list)
    tool_constructors: list[ToolConstructor] = field(default_factory=list)
    #: Where tool lists of function tools only come from (dotted prefixes of qualified names:
    #: an MCP client's `get_tools()`, a toolkit's loader): a tool list the code does not show,
    #: taken from one of them, hides no hosted tool.
    function_tool_sources: list[str] = field(default_factory=list)
    part_constructors: list[PartConstructor] = field(default_factory=list)
    field_keywords: dict[str, str] = field(default_factory=dict)
    #: Library modules that an app re-exports under their own name from a module of its
    #: own (a lazy-loading proxy: `from app.llm import litellm`): the name is the library.
    module_proxies: list[str] = field(default_factory=list)
    #: Library modules that stand in for another module name for name (GPTCache's
    #: `from gptcache.adapter import openai`, then `openai.ChatCompletion.create(...)`):
    #: a name imported from one is the other's.
    module_aliases: dict[str, str] = field(default_factory=dict)
    #: Packages that re-export another package's names as their own (agency-swarm's
    #: `from agency_swarm import Agent, WebSearchTool`, the openai-agents classes): a name
    #: imported from one is the other's of that name.
    module_reexports: dict[str, str] = field(default_factory=dict)
    neutral_models: NeutralModels | None = None
    setting_defaults: SettingDefaults | None = None
    attribute_settings: list[AttributeSetting] = field(default_factory=list)
    held_options: list[HeldOption] = field(default_factory=list)
    pickers: list[Picker] = field(default_factory=list)
    #: Provider factories whose instance is called like a constructor of this file
    #: (`createOpenAI({...})` returns what `@ai-sdk/openai.openai` is): factory -> constructor name.
    provider_instances: dict[str, str] = field(default_factory=dict)
    provider_ids: list[ProviderIds] = field(default_factory=list)
    model_functions: dict[str, ModelFunction] = field(default_factory=dict)
    #: A plugin package -> {its host framework's module: classes}: documentation that imports the
    #: plugin uses the host's classes without importing them (see `extract/snippets._host_imports`).
    plugin_hosts: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: Framework base classes whose subclasses name their model in a class attribute.
    base_classes: list[BaseClass] = field(default_factory=list)
    config_lists: ConfigLists | None = None
