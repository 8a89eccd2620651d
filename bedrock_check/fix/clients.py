"""What a client construction becomes on Bedrock: the one list `fix` consults.

The OpenAI SDKs ship a Bedrock client (`BedrockOpenAI` in Python and JavaScript, from
openai-python 2.40.0 and openai-node 6.41.0, per the SDK changelogs cited in the fact
sheet). The rewrite keeps every argument that still applies and drops the ones that
only make sense against the OpenAI API: the OpenAI key, organization and project, and a
base URL that names api.openai.com. The Region is passed explicitly so the client does
not depend on the environment it happens to run in.
"""

from __future__ import annotations

#: Client class -> its Bedrock counterpart, per language.
CLIENT_RENAMES: dict[str, dict[str, str]] = {
    "python": {"OpenAI": "BedrockOpenAI", "AsyncOpenAI": "AsyncBedrockOpenAI"},
    "javascript": {"OpenAI": "BedrockOpenAI"},
}

#: The keyword (Python) or option (JavaScript) that carries the Region.
REGION_ARGUMENT = {"python": "aws_region", "javascript": "awsRegion"}

#: Arguments dropped whatever their value (they identify an OpenAI account).
_ALWAYS_DROP = {"organization", "project"}
#: Arguments dropped when their value names an OpenAI credential or host.
_DROP_WHEN = {"api_key": "OPENAI_API_KEY", "apiKey": "OPENAI_API_KEY",
              "base_url": "api.openai.com", "baseURL": "api.openai.com"}  # fmt: skip


def drops_argument(name: str, value_source: str) -> bool:
    """Whether a client argument no longer applies on Bedrock, from its name and its
    source text (`os.environ["OPENAI_API_KEY"]`, `"https://api.openai.com/v1"`)."""
    if name in _ALWAYS_DROP:
        return True
    marker = _DROP_WHEN.get(name)
    return marker is not None and marker in value_source
