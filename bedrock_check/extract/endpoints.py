"""OpenAI API paths and the endpoint name each stands for, in one table shared by every
reader that sees a URL (curl commands, HAR entries, Batch input lines, `.env` settings).

Endpoint names are what `RequestObservation.endpoint` holds and what the matrix's
`endpoint:` predicates test; a path the table does not know is "unknown"."""

from __future__ import annotations

import re

#: Path prefix after `/v1` -> endpoint name. Longer prefixes come first, so
#: `/realtime/calls` wins over `/realtime`, and `/chat/completions` over `/completions`.
PATHS: tuple[tuple[str, str], ...] = (
    ("/chat/completions", "chat.completions"),
    ("/responses", "responses"),
    ("/realtime/calls", "realtime.calls"),
    ("/realtime/client_secrets", "realtime.client_secrets"),
    ("/realtime/sessions", "realtime.sessions"),
    ("/realtime/transcription_sessions", "realtime.sessions"),
    ("/realtime", "realtime"),
    ("/audio/transcriptions", "audio.transcriptions"),
    ("/audio/translations", "audio.translations"),
    ("/audio/speech", "audio.speech"),
    ("/images", "images"),
    ("/embeddings", "embeddings"),
    ("/moderations", "moderations"),
    ("/files", "files"),
    ("/uploads", "uploads"),
    ("/vector_stores", "vector_stores"),
    ("/batches", "batches"),
    ("/assistants", "assistants"),
    ("/threads", "threads"),
    ("/fine_tuning", "fine_tuning"),
    ("/completions", "completions"),
    ("/conversations", "conversations"),
    ("/containers", "containers"),
    ("/evals", "evals"),
    ("/videos", "videos"),
    ("/chatkit", "chatkit"),
)

# `/v1/<path>` anywhere in a URL or a bare path; the host is not checked here (the
# caller knows whether the URL goes to OpenAI).
_V1 = re.compile(r"/v1(/[A-Za-z_/]+)")


def endpoint_of(url: str) -> str:
    """The endpoint a URL or path names: `https://api.openai.com/v1/audio/speech` ->
    "audio.speech"; "unknown" when it names none."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    m = _V1.search(path)
    if m:
        tail = m.group(1)
        for prefix, endpoint in PATHS:
            if tail == prefix or tail.startswith(prefix + "/"):
                return endpoint
        return "unknown"
    # No `/v1` (an Azure deployment path, a base URL variable): the path ends in one.
    path = path.rstrip("/")
    for prefix, endpoint in PATHS:
        if path.endswith(prefix):
            return endpoint
    return "unknown"
