"""The words the matrix, the catalogue and the code share, declared once.

- `ApiEndpoint`: which OpenAI API a request goes to (`responses`, `chat.completions`,
  ...). Which HTTP path belongs to which is catalogue data (sdk.yaml `http_paths`, read
  through `bedrock_check.httppaths`). (The Bedrock endpoint of a target, `mantle` or
  `runtime`, is another thing.)
- Request field names (`REQUEST_FIELDS`, `FIELD_NAMES`, generated from the SDK into
  `bedrock_check.request_fields`), which the matrix's signal paths must use, and
  `RUNTIME_ID_FIELDS`: the fields that hold ids the API creates at run time.
- `DiagnosticKind`: why an input could not be read (or a value in it not followed), and
  `DIAGNOSTIC_GROUPS`: which of them are not unreadable inputs, as every report lists them.
- `bedrock_base_url`: the base URL of a Bedrock endpoint in a Region.
- `SDK_WRAPPERS`: the SDKs' accessors a call's chain may hold without changing its endpoint
  (`with_raw_response`, `withResponse`, ...), which the catalogue's `wrappers` must use.
- `MIGRATING_PROVIDERS`: the providers whose calls are an OpenAI API workload to migrate
  (the OpenAI API and Azure OpenAI); `CHECKED_PROVIDERS`: those and Bedrock, the providers
  whose calls are findings (`TEST_DOUBLE` names a client that reaches no API).
- `EngineCapability`: the capability ids the engine itself reports (model and
  Region checks), which every complete matrix must define.
- `ModelKind`: what an OpenAI model is for (text generation, embeddings, speech, ...): the
  catalogue says which family is which kind (models.yaml), the matrix how a kind is replaced.

Anything that reads these words from a file (a matrix, a layer, a catalogue)
refuses one that is not here, with a "did you mean" (`unknown_word`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from enum import Enum

from bedrock_check.request_fields import FIELD_NAMES, REQUEST_FIELDS

__all__ = [
    "CHECKED_PROVIDERS",
    "DIAGNOSTIC_GROUPS",
    "FIELD_NAMES",
    "MIGRATING_PROVIDERS",
    "REQUEST_FIELDS",
    "SDK_WRAPPERS",
    "TEST_DOUBLE",
    "UNRESOLVED_VALUE",
    "ApiEndpoint",
    "DiagnosticGroup",
    "DiagnosticKind",
    "EngineCapability",
    "ModelKind",
    "SuppressionKind",
    "bedrock_base_url",
    "field_path_problem",
    "unknown_word",
]

#: Providers whose calls are an OpenAI API workload to migrate: the OpenAI API and Azure OpenAI.
MIGRATING_PROVIDERS = frozenset({"openai", "azure"})
#: Providers whose calls are migration findings: those to migrate and Bedrock's (already migrated,
#: still checked); calls to every other provider are counted and skipped.
CHECKED_PROVIDERS = MIGRATING_PROVIDERS | {"bedrock"}
#: The provider of a test double standing in for a client: its calls reach no API.
TEST_DOUBLE = "test-double"


class _Word(str, Enum):
    """A str enum that prints and formats as its value (as `enum.StrEnum` does from 3.11)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class ApiEndpoint(_Word):
    """An OpenAI API endpoint, named as the SDK's resource path (`client.audio.speech`)."""

    RESPONSES = "responses"
    #: A Responses session over a WebSocket (`client.responses.connect`, `wss://…/responses`).
    RESPONSES_WEBSOCKET = "responses.websocket"
    CHAT_COMPLETIONS = "chat.completions"
    COMPLETIONS = "completions"
    EMBEDDINGS = "embeddings"
    IMAGES = "images"
    AUDIO_TRANSCRIPTIONS = "audio.transcriptions"
    AUDIO_TRANSLATIONS = "audio.translations"
    AUDIO_SPEECH = "audio.speech"
    MODERATIONS = "moderations"
    FILES = "files"
    UPLOADS = "uploads"
    VECTOR_STORES = "vector_stores"
    BATCHES = "batches"
    FINE_TUNING = "fine_tuning"
    ASSISTANTS = "assistants"
    THREADS = "threads"
    #: The Realtime API over a WebSocket (`client.realtime.connect`, `wss://…/realtime`).
    REALTIME = "realtime"
    #: Realtime over WebRTC: the SDP offer (`/realtime/calls`), its ephemeral keys and sessions.
    REALTIME_CALLS = "realtime.calls"
    REALTIME_CLIENT_SECRETS = "realtime.client_secrets"
    REALTIME_SESSIONS = "realtime.sessions"
    CONVERSATIONS = "conversations"
    CONTAINERS = "containers"
    EVALS = "evals"
    VIDEOS = "videos"
    CHATKIT = "chatkit"
    MODELS = "models"
    #: The Administration API (`/v1/organization/...`: usage, costs, projects, users, audit logs).
    ORGANIZATION = "organization"
    #: Only the request's shape is known, not where it is sent.
    UNKNOWN = "unknown"


#: The OpenAI-compatible base URL of each Bedrock endpoint, per Region.
_BEDROCK_BASE_URLS = {
    "mantle": "https://bedrock-mantle.{region}.api.aws/openai/v1",
    "runtime": "https://bedrock-runtime.{region}.amazonaws.com/openai/v1",
}


def bedrock_base_url(region: str, endpoint: str = "mantle") -> str:
    """The OpenAI-compatible base URL of a Bedrock endpoint (`mantle` or `runtime`) in a
    Region: what `probe` sends to and what `fix` writes into a `.env`."""
    return _BEDROCK_BASE_URLS.get(endpoint, _BEDROCK_BASE_URLS["mantle"]).format(region=region)


class DiagnosticKind(_Word):
    """Why an input could not be read, parsed or fully checked (the JSON `kind` of a diagnostic);
    `DIAGNOSTIC_GROUPS` says how reports group them."""

    NOT_FOUND = "not-found"
    UNREADABLE = "unreadable"
    UNSUPPORTED = "unsupported"
    SYMLINK = "symlink"
    NOT_A_FILE = "not-a-file"
    EMPTY = "empty"
    BINARY = "binary"
    ENCODING = "encoding"
    TOO_LARGE = "too-large"
    TOO_DEEP = "too-deep"
    PARSE_ERROR = "parse-error"
    #: A code block in a document (Markdown) that does not parse: counted per snippet, and
    #: not a file that could not be read (documentation snippets are often fragments).
    SNIPPET_PARSE_ERROR = "snippet-parse-error"
    NOT_A_REQUEST = "not-a-request"
    #: A value in the code the resolver did not follow to its end (a chain of names,
    #: calls or imports longer than it follows): the key it was for is not checked.
    COULD_NOT_FOLLOW = "could-not-follow"
    BAD_SUPPRESSION = "bad-suppression"
    UNUSED_SUPPRESSION = "unused-suppression"
    INTERNAL_ERROR = "internal-error"


class DiagnosticGroup(_Word):
    """What a diagnostic tells the reader of a report (each report lists the groups apart)."""

    #: An input (or a part of one) that could not be read or parsed: it was not checked.
    UNREADABLE = "unreadable"
    #: A code block in a document that did not parse (often a fragment, by design).
    SNIPPET = "snippet"
    #: A suppression comment to fix: the file itself was read and checked.
    SUPPRESSION = "suppression"
    #: A value the resolver did not follow to its end: the file was checked, that key was not.
    NOT_FOLLOWED = "not-followed"


#: The group of each diagnostic kind that is not an input that could not be read.
DIAGNOSTIC_GROUPS: Mapping[DiagnosticKind, DiagnosticGroup] = {
    DiagnosticKind.SNIPPET_PARSE_ERROR: DiagnosticGroup.SNIPPET,
    DiagnosticKind.BAD_SUPPRESSION: DiagnosticGroup.SUPPRESSION,
    DiagnosticKind.UNUSED_SUPPRESSION: DiagnosticGroup.SUPPRESSION,
    DiagnosticKind.COULD_NOT_FOLLOW: DiagnosticGroup.NOT_FOLLOWED,
}


class SuppressionKind(_Word):
    """What made a finding not count (the start of the JSON `suppressed` string)."""

    INLINE = "inline"
    IGNORE_FILE = "ignore-file"
    CONFIG = "config"
    BASELINE = "baseline"


class EngineCapability(_Word):
    """Capability ids the engine reports from the target and the model ids it meets."""

    MODEL_ID = "model-id"
    MODEL_AVAILABILITY = "model-availability"
    REGION_AVAILABILITY = "region-availability"
    MODEL_ENDPOINT = "model-endpoint"
    RUNTIME_PROFILE_ID = "runtime-profile-id"
    MANTLE_BASE_PATH = "mantle-base-path"
    MIGRATE_CLIENT = "migrate-client"
    MIGRATE_SETTINGS = "migrate-settings"
    MIGRATE_SDK_VERSION = "migrate-sdk-version"
    MIGRATE_IAM = "migrate-iam"
    #: The use a framework's model object stands for (`findings.MODEL_OBJECT`): it names no
    #: API, but every call made through it asks its model for text.
    TEXT_GENERATION = "text-generation"


class ModelKind(_Word):
    """What an OpenAI model is for. A text model (chat, reasoning, legacy completions) is
    replaced by another text model; a model of any other kind is not: a chat model cannot
    embed, speak, transcribe, draw or moderate, so what replaces it is a service of its kind."""

    TEXT = "text"
    EMBEDDING = "embedding"
    SPEECH = "speech"
    TRANSCRIPTION = "transcription"
    IMAGE = "image"
    MODERATION = "moderation"
    REALTIME = "realtime"
    VIDEO = "video"


def unknown_word(kind: str, value: object, known: Iterable[str]) -> str:
    """A message for a word that is not in the vocabulary, with the closest known ones."""
    choices = sorted(set(known))
    close = difflib.get_close_matches(str(value), choices, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown {kind} {value!r}{hint}"


def field_path_problem(path: str, *, top_level: bool) -> str | None:
    """What is wrong with a signal path's field names (`tools[]`, `text.format.type`), or None.

    With `top_level`, the first name must be a request body field; every other
    name must be a field the API declares somewhere.
    """
    if path in ("", "."):
        return None
    for i, raw in enumerate(path.split(".")):
        name = raw.removesuffix("[]")
        if i == 0 and top_level:
            if name not in REQUEST_FIELDS:
                return unknown_word("request field", name, REQUEST_FIELDS)
        elif name not in FIELD_NAMES:
            return unknown_word("field", name, FIELD_NAMES)
    return None


#: The value kept for a request field whose presence decides a verdict but whose value
#: the code does not show (see `presence_fields` in frameworks.yaml); the matrix's
#: `unresolved` predicate tests for it (a key that could not be checked).
UNRESOLVED_VALUE = "(a value bedrock-check could not work out from the code)"

#: Request fields that hold ids the API creates at run time: a variable that is None until a
#: first reply or upload sets it (`previous = None`, then `previous = reply.id`) still sends
#: one, and such an id is a use of its own beside another signal of its capability.
RUNTIME_ID_FIELDS = frozenset({"previous_response_id", "conversation", "file_ids", "file_id"})

#: The accessors the OpenAI SDKs put in a call's chain that change what the call returns, not
#: where it goes: openai-python's `with_raw_response` and `with_streaming_response` (on every
#: resource), openai-node's `withResponse()` and `asResponse()` (on the promise a method
#: returns), and the `beta` namespace both keep older paths under. The catalogue's `wrappers`
#: (sdk.yaml) must be among them: a misspelt wrapper would leave every call written through it
#: unmatched, silently. A new accessor of the SDKs is added here and in the catalogue.
SDK_WRAPPERS = frozenset({"with_raw_response", "with_streaming_response", "withResponse", "asResponse", "beta"})

