"""The records of `sdk.yaml`, `providers.yaml` and `models.yaml`, and the building blocks
every catalogue record uses: frozen dataclasses that pydantic validates (`extra="forbid"`)
when YAML is loaded, and that the JSON cache rebuilds from their annotations."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Annotated, Any, ClassVar

from bedrock_check.errors import BedrockCheckError
from bedrock_check.quickclass import dataclass


class CatalogueError(BedrockCheckError, ValueError):
    """The catalogue cannot be loaded; the message names the file and the field (shown as one
    line, exit 2, wherever in a run the catalogue is first loaded)."""


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
    #: Keyword -> request field, when no keyword of that field is given (the pre-1.0 API's
    #: `engine=`: the model; not on Azure, where it names the deployment).
    rename: dict[str, str] = field(default_factory=dict)
    #: Names of the positional arguments (the pre-1.0 `Audio.transcribe("whisper-1", f)`:
    #: `model` first), each read as that option when no keyword gives it.
    args: list[str] = field(default_factory=list)
    #: Options whose value the code does not show as a whole (`tools=get_tools()` of an
    #: installed package, a parameter no call gives) are kept as that request field with a value
    #: that could not be checked, so the matrix's `unresolved` tests say the key was not checked.
    unseen: list[str] = field(default_factory=list)


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
    #: Settings the event holds below its top level, read as the request field they are
    #: (dotted path -> field): the realtime `response.create`'s `response.modalities`.
    hoist: dict[str, str] = field(default_factory=dict)


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
    #: The option that holds the URL when the call is given one options object in its place
    #: (`axios({method: "post", url, data})`): read as the URL, the object as argument `url` + 1.
    url_key: str | None = None
    #: The keyword of the form fields a multipart or URL-encoded request sends
    #: (`requests.post(url, files=files, data={"model": "whisper-1"})`): read like a body
    #: when the call sends no JSON body.
    form_key: str | None = None
    #: It opens a WebSocket: the URL constant it starts from is reported where written too.
    socket: bool = False
    #: Its method name alone says what it is, whatever object it is called on (`ws_connect` is
    #: aiohttp's, also on a session the app's own factory returns).
    any_receiver: bool = False
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
    """A captured media track added to a peer connection, or handed to a realtime session
    under one of `keys` of the options of an `add` call: what realtime event it amounts to."""

    capture: Names
    option: str
    add: Names
    peer: Names = field(default_factory=list)
    keys: Names = field(default_factory=list)
    #: Calls that take a stream's audio tracks (`stream.getAudioTracks()`): a file that adds
    #: such tracks holds audio whatever captured the stream (a library handed the stream).
    tracks: Names = field(default_factory=list)
    #: The track must be traced back, through the names it is bound to, to a capture with the
    #: option set (`sender.replaceTrack(micTrack)` also swaps in silent placeholder tracks).
    traced: bool = False
    event: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HttpHelpers(_Strict):
    """The application's own HTTP helpers, known by their names wherever they are defined
    (a base class of an installed package: `this.postJson('/chat/completions', body)`):
    the path or URL is the first argument or one of `path_keywords`."""

    names: Names = field(default_factory=list)
    path_keywords: Names = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class SdkFile(_Strict):
    """`sdk.yaml`."""

    wrappers: list[str]
    #: The SDKs' sentinels for an option not given (`NOT_GIVEN`, `omit`): no value to check.
    not_given: list[str] = field(default_factory=list)
    methods: list[Method]
    http_paths: list[HttpPath]
    socket_events: list[SocketEvent] = field(default_factory=list)
    #: How client libraries name an event's class after its type (`input_audio_buffer.append`
    #: -> `InputAudioBufferAppend` + `Event` in openai, + `Message` in Azure's `rtclient`).
    event_class_suffixes: list[str] = field(default_factory=list)
    http_calls: list[HttpCall] = field(default_factory=list)
    media_inputs: list[MediaInput] = field(default_factory=list)
    http_helpers: HttpHelpers = field(default_factory=HttpHelpers)
    #: Request headers only the OpenAI API takes (`OpenAI-Organization`): a file that sets one
    #: sends its raw HTTP calls to OpenAI, whichever row of a table of vendors' URLs it reads.
    openai_headers: list[str] = field(default_factory=list)
    #: Names only OpenAI's realtime protocol uses (the WebRTC data channel `oai-events`): a file
    #: that writes one as a string talks to OpenAI's Realtime API, even through the app's proxy.
    realtime_markers: list[str] = field(default_factory=list)
    #: Method names that many libraries share with OpenAI's realtime sessions (`send_audio`):
    #: on a receiver not resolved, a use only in a file that imports a workload module itself.
    generic_session_methods: list[str] = field(default_factory=list)
    #: SDK method paths other libraries' clients share (`files.list`): on a receiver from nowhere,
    #: a use only in a file that uses an OpenAI library or talks to OpenAI.
    generic_methods: list[str] = field(default_factory=list)
    #: The Go SDKs' methods (matched in Go code only: their names are not other languages').
    go_methods: list[Method] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderInfo(_Strict):
    """A provider's label and whether its calls are checked."""

    label: str
    checked: bool = False
    #: The id is also a common word of class and setting names (`meta`, `local`, `other`): such
    #: a word does not name the provider.
    common_word: bool = False
    #: A proxy that forwards a request to the vendor of the model it names (a LiteLLM proxy):
    #: a model its setting names is that vendor's, not the proxy's.
    forwards: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientClass(_Strict):
    """Constructors or factories that make a client of one provider."""

    name: Names
    provider: str
    region_arg: Names = field(default_factory=list)
    #: A factory passed as `provider=` to the OpenAI client (`openai.providers.bedrock`).
    provider_factory: bool = False
    #: Arguments that hand in a client already built (`OpenAIProvider(openai_client=AsyncAzureOpenAI())`):
    #: given one, this object goes where that client goes.
    client_arg: Names = field(default_factory=list)
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
class RequestKeys(_Strict):
    """Top-level keys of another vendor's request body that no OpenAI request has."""

    keys: list[str]
    provider: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TransportFakes(_Strict):
    """What makes a test file answer its own HTTP (an interceptor or a fake transport): its
    clients and raw HTTP calls reach no API."""

    #: Libraries whose import intercepts HTTP (`respx`, `nock`, `msw/node`), by module.
    modules: list[str] = field(default_factory=list)
    #: Calls or decorators that fake the transport, as written (`httpx.MockTransport`, `pytest.mark.vcr`).
    calls: list[str] = field(default_factory=list)
    #: A framework's models that answer in place of a provider (`TestModel()`, `FakeListChatModel(...)`).
    models: list[str] = field(default_factory=list)
    #: Test fixtures, as parameter names, that intercept HTTP (`httpx_mock`, `respx_mock`).
    fixtures: list[str] = field(default_factory=list)
    #: Global functions a test replaces (`global.fetch = vi.fn()`, `vi.stubGlobal("fetch", ...)`).
    globals: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class TestFiles(_Strict):
    """How a test file is told by its path: a folder it is in, or a glob its name matches."""

    folders: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProvidersFile(_Strict):
    """`providers.yaml`."""

    providers: dict[str, ProviderInfo]
    clients: list[ClientClass]
    base_url_args: list[str]
    #: Option groups a framework object's base URL may sit in (LangChain.js `configuration: {baseURL}`).
    base_url_groups: list[str] = field(default_factory=list)
    api_key_args: list[str]
    provider_args: list[str]
    hosts: list[Pattern]
    env_names: list[Pattern]
    vendor_modules: list[VendorModule]
    #: SDKs of platforms whose own resources have the OpenAI API's names (LangGraph's
    #: `get_client(url=...).threads.create()`): what they return is theirs, in a page's code too.
    platform_sdks: Names = field(default_factory=list)
    model_patterns: list[Pattern]
    identifier_hints: list[Pattern] = field(default_factory=list)
    #: Tool `type` values of other vendors' APIs (Anthropic's dated `web_search_20250305`).
    tool_types: list[Pattern] = field(default_factory=list)
    #: Test files (`tests/`, `test_x.py`, `x.test.ts`, `x.vitest.ts`): their clients may be doubles.
    test_files: TestFiles = field(default_factory=TestFiles)
    #: Calls that replace a module with a test double for the whole file (`vi.mock("openai")`).
    module_mocks: list[str] = field(default_factory=list)
    #: Client options that replace its HTTP transport (`fetch`): a client given one in a test
    #: file is a test double.
    transport_args: list[str] = field(default_factory=list)
    #: SDK methods that send a request (`_post`): a test file that patches one is mocked.
    transport_methods: list[str] = field(default_factory=list)
    #: Interceptors and fake transports that make a whole test file a test double.
    transport_fakes: TransportFakes = field(default_factory=TransportFakes)
    #: Calls that set the default client of every agent (`set_default_openai_client(client)`).
    default_client_setters: list[str] = field(default_factory=list)
    #: Packages (PyPI and npm names) whose presence in a package's manifest says the package
    #: talks to OpenAI (`openai`, `@openai/agents`): its hosted-tool literals are OpenAI's.
    openai_packages: list[str] = field(default_factory=list)
    #: The names a provider setting gives each checked OpenAI provider's clients (`chat_openai`,
    #: `azure_ad`), by provider id (`openai`, `azure`), lower case.
    setting_names: dict[str, list[str]] = field(default_factory=dict)
    #: Import names that make a file part of an OpenAI workload (a module inside one counts; a
    #: name ending in `/` is a scope), and of those the OpenAI SDK's own.
    workload_modules: list[str] = field(default_factory=list)
    sdk_modules: list[str] = field(default_factory=list)
    #: Request-body keys of other vendors' APIs (Anthropic's `anthropic_version`, `system`).
    request_keys: list[RequestKeys] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPrefix(_Strict):
    """Model-string prefixes (`openai:`, `anthropic/`) and the provider they name."""

    prefix: Names
    provider: str
    #: Keep the prefix on the model id (the matrix reads gateway prefixes itself).
    keep: bool = False
    #: A gateway's form that says which vendor the gateway forwards the request to: the request
    #: is that vendor's whatever server the client is pointed at (a gateway on localhost).
    forwarded: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SlashModels(_Strict):
    """`openai/<id>` strings written as a setting's value: the ids no OpenAI API serves
    (open-weight models) and the modules whose use makes the form a gateway's model name."""

    open_weight: list[str] = field(default_factory=list)
    gateway_modules: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFamily(_Strict):
    """An OpenAI model family: its pattern and what it is for (a `bedrock_check.vocabulary.ModelKind`
    word). A family written as a bare pattern is a text family."""

    family: Regex
    kind: str = "text"


def _family(value: Any) -> Any:
    return {"family": value} if isinstance(value, str) else value


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelsFile(_Strict):
    """`models.yaml`."""

    #: The patterns of OpenAI's model ids; an entry with a `kind` also says what the family is for
    #: (the first entry that matches an id decides its kind).
    openai_model_families: list[Annotated[ModelFamily, _Before(_family, True)]]
    model_prefixes: list[ModelPrefix]
    bedrock_model_ids: list[str] = field(default_factory=list)
    #: Words that make an id of an OpenAI family a placeholder no request means to send.
    placeholder_models: list[Regex] = field(default_factory=list)
    #: How the `openai/gpt-4o` form is read outside a framework call (see models.yaml).
    slash_models: SlashModels | None = None
    #: Names in OpenAI's npm scope, written `@openai/<name>` like Portkey's model strings (`@openai/codex`
    #: is the Codex CLI's package): such a string names a package, not a model.
    scoped_packages: list[Regex] = field(default_factory=list)
    #: Azure's own spellings of OpenAI models (`gpt-35-turbo`): model ids where the code names
    #: an Azure deployment by them (see models.yaml).
    azure_spellings: list[str] = field(default_factory=list)
