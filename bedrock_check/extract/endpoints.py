"""The endpoint a URL names, for readers that see URLs (curl commands, HAR entries,
Batch input lines, `.env` settings). The table itself is catalogue data (sdk.yaml `http_paths`)."""

from __future__ import annotations

from bedrock_check.httppaths import endpoint_for_url
from bedrock_check.vocabulary import ApiEndpoint


def endpoint_of(url: str) -> ApiEndpoint:
    """The endpoint a URL or path names: `https://api.openai.com/v1/audio/speech` ->
    `audio.speech`; `ApiEndpoint.UNKNOWN` when it names none."""
    return endpoint_for_url(url) or ApiEndpoint.UNKNOWN


#: Endpoints whose request body is an inference request (checked field by field); a call
#: to any other endpoint is a use of that endpoint whatever its body holds.
INFERENCE_ENDPOINTS = frozenset(
    {ApiEndpoint.RESPONSES, ApiEndpoint.CHAT_COMPLETIONS, ApiEndpoint.REALTIME, ApiEndpoint.UNKNOWN}
)


def sent_to_other_provider(url: str) -> bool:
    """Whether a URL's host belongs to a provider whose calls are not checked (Ollama,
    Groq, a local server, ...), by the catalogue's host table, or the URL's scheme, port or
    address is none of the OpenAI API's (`http://<HOST>:<PORT>/v1/embeddings`)."""
    from bedrock_check.catalogue import shipped_catalogue

    catalogue = shipped_catalogue()
    provider = catalogue.provider_of_server_url(url)
    return provider is not None and not catalogue.is_checked(provider)


def other_vendors_model(body: object) -> bool:
    """Whether a request body names another vendor's model (`"model": "Qwen/Qwen2.5-72B-Instruct"`
    sent to a self-hosted server at `http://$IP:8000/v1/...`): the request goes to a server
    of theirs, whatever its URL's path says."""
    from bedrock_check.catalogue import shipped_catalogue

    model = body.get("model") if isinstance(body, dict) else None
    if not isinstance(model, str):
        return False
    catalogue = shipped_catalogue()
    return not catalogue.is_checked(catalogue.read_model(model)[1])
