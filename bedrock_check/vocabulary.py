"""The words the matrix, the catalogue and the code share, declared once.

- `ApiEndpoint`: which OpenAI API a request goes to (`responses`, `chat.completions`,
  ...), with the HTTP path of each (`REQUEST_PATHS`), and `endpoint_for_url` that
  every reader and the guard use to name the endpoint of a URL (`request_endpoint` for
  a recorded or intercepted POST). (The Bedrock
  endpoint of a target, `mantle` or `runtime`, is another thing.)
- Request field names (`REQUEST_FIELDS`, `FIELD_NAMES`, generated from the SDK into
  `bedrock_check.request_fields`), which the matrix's signal paths must use.
- `DiagnosticKind`: why an input could not be read (or a value in it not followed), and
  `DIAGNOSTIC_GROUPS`: which of them are not unreadable inputs, as every report lists them.
- `bedrock_base_url`: the base URL of a Bedrock endpoint in a Region.
- `CHECKED_PROVIDERS`: the providers whose calls are findings (`TEST_DOUBLE` names a
  client that reaches no API).
- `EngineCapability`: the capability ids the engine itself reports (model and
  Region checks), which every complete matrix must define.

Anything that reads these words from a file (a matrix, a layer, a catalogue)
refuses one that is not here, with a "did you mean" (`unknown_word`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from enum import Enum

from bedrock_check.request_fields import FIELD_NAMES, REQUEST_FIELDS

__all__ = [
    "CHECKED_PROVIDERS",
    "CREATE_ONLY",
    "DIAGNOSTIC_GROUPS",
    "FIELD_NAMES",
    "REQUEST_FIELDS",
    "REQUEST_PATHS",
    "TEST_DOUBLE",
    "ApiEndpoint",
    "DiagnosticGroup",
    "DiagnosticKind",
    "EngineCapability",
    "SuppressionKind",
    "bedrock_base_url",
    "endpoint_for_url",
    "field_path_problem",
    "request_endpoint",
    "unknown_word",
]

#: Providers whose calls are migration findings; calls to every other provider are counted and skipped.
CHECKED_PROVIDERS = frozenset({"openai", "azure", "bedrock"})
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
    #: Only the request's shape is known, not where it is sent.
    UNKNOWN = "unknown"


#: The HTTP paths of each endpoint below the API's version prefix (`/v1`, `/openai/v1`).
#: Requests to a path below one of these (`files/{id}/content`) belong to it too.
REQUEST_PATHS: Mapping[ApiEndpoint, tuple[str, ...]] = {
    ApiEndpoint.RESPONSES: ("responses",),
    ApiEndpoint.CHAT_COMPLETIONS: ("chat/completions",),
    ApiEndpoint.COMPLETIONS: ("completions",),
    ApiEndpoint.EMBEDDINGS: ("embeddings",),
    ApiEndpoint.IMAGES: ("images/generations", "images/edits", "images/variations"),
    ApiEndpoint.AUDIO_TRANSCRIPTIONS: ("audio/transcriptions",),
    ApiEndpoint.AUDIO_TRANSLATIONS: ("audio/translations",),
    ApiEndpoint.AUDIO_SPEECH: ("audio/speech",),
    ApiEndpoint.MODERATIONS: ("moderations",),
    ApiEndpoint.FILES: ("files",),
    ApiEndpoint.UPLOADS: ("uploads",),
    ApiEndpoint.VECTOR_STORES: ("vector_stores",),
    ApiEndpoint.BATCHES: ("batches",),
    ApiEndpoint.FINE_TUNING: ("fine_tuning",),
    ApiEndpoint.ASSISTANTS: ("assistants",),
    ApiEndpoint.THREADS: ("threads",),
    ApiEndpoint.REALTIME: ("realtime",),
    ApiEndpoint.REALTIME_CALLS: ("realtime/calls",),
    ApiEndpoint.REALTIME_CLIENT_SECRETS: ("realtime/client_secrets",),
    ApiEndpoint.REALTIME_SESSIONS: ("realtime/sessions", "realtime/transcription_sessions"),
    ApiEndpoint.CONVERSATIONS: ("conversations",),
    ApiEndpoint.CONTAINERS: ("containers",),
    ApiEndpoint.EVALS: ("evals",),
    ApiEndpoint.VIDEOS: ("videos",),
    ApiEndpoint.CHATKIT: ("chatkit",),
    ApiEndpoint.MODELS: ("models",),
}

#: Longest path first, so `realtime/calls` is tried before `realtime`.
_BY_PATH: tuple[tuple[tuple[str, ...], ApiEndpoint], ...] = tuple(
    sorted(
        ((tuple(p.split("/")), e) for e, paths in REQUEST_PATHS.items() for p in paths),
        key=lambda item: -len(item[0]),
    )
)
_SOCKET_ENDPOINTS = {ApiEndpoint.RESPONSES: ApiEndpoint.RESPONSES_WEBSOCKET}
_SCHEME_HOST = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://[^/?#]*")


def endpoint_for_url(url: str, *, exact: bool = False) -> ApiEndpoint | None:
    """The endpoint a URL or path names, or None.

    The path is read after its last `v1` segment when it has one (`/v1/…`,
    `/openai/v1/…`), else from the first segment where an endpoint's path fits
    (`/responses` as the SDK's `client.post` takes it, a gateway's `/openai/responses`). `exact` asks for the endpoint's own path (a create request), not a
    path below it (`/responses/{id}/cancel`). A `ws://`/`wss://` URL to `responses`
    is a Responses WebSocket session.
    """
    m = _SCHEME_HOST.match(url)
    scheme = m.group("scheme").lower() if m else ""
    path = url[m.end() :] if m else url
    path = path.split("?", 1)[0].split("#", 1)[0]
    segments = tuple(s for s in path.split("/") if s)
    if "v1" in segments:
        starts: Iterable[int] = (len(segments) - segments[::-1].index("v1"),)
    else:  # a gateway's own prefix (`/openai/responses`): the first place a path fits
        starts = range(len(segments))
    for start in starts:
        rest = segments[start:]
        for parts, endpoint in _BY_PATH:
            if rest[: len(parts)] == parts and (not exact or len(rest) == len(parts)):
                if scheme in ("ws", "wss"):
                    return _SOCKET_ENDPOINTS.get(endpoint, endpoint)
                return endpoint
    return None


#: Endpoints whose requests are checked only at the endpoint's own path (a create request):
#: their sub-resources (`/responses/{id}/cancel`) carry no request body to check.
CREATE_ONLY = frozenset({ApiEndpoint.RESPONSES, ApiEndpoint.CHAT_COMPLETIONS})


def request_endpoint(url: str) -> ApiEndpoint | None:
    """The endpoint a request POSTed to `url` is checked as, or None: none at all, or a
    sub-resource of a `CREATE_ONLY` endpoint (the guard and the HAR reader ask this)."""
    endpoint = endpoint_for_url(url)
    if endpoint in CREATE_ONLY and endpoint_for_url(url, exact=True) is None:
        return None
    return endpoint


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
