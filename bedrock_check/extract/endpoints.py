"""The endpoint a URL names, for readers that see URLs (curl commands, HAR entries,
Batch input lines, `.env` settings). The table itself lives in `bedrock_check.vocabulary`."""

from __future__ import annotations

from bedrock_check.vocabulary import ApiEndpoint, endpoint_for_url


def endpoint_of(url: str) -> ApiEndpoint:
    """The endpoint a URL or path names: `https://api.openai.com/v1/audio/speech` ->
    `audio.speech`; `ApiEndpoint.UNKNOWN` when it names none."""
    return endpoint_for_url(url) or ApiEndpoint.UNKNOWN
