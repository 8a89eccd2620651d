"""What a client construction becomes on Bedrock: which class and Region argument (read
from the catalogue) and which arguments are dropped.

The OpenAI SDKs ship a Bedrock client (`BedrockOpenAI` in Python and JavaScript, from
openai-python 2.40.0 and openai-node 6.41.0, per the SDK changelogs cited in the fact
sheet): that is the Mantle form. The runtime endpoint has one form only, the provider
form with `endpoint="runtime"` (openai-python 3.2.0 / openai-node 7.5.0, `bedrock.md`):
the OpenAI class stays, and takes a `provider`. The rewrite keeps every argument that
still applies and drops the ones that only make sense against the OpenAI API: the OpenAI
key, organization and project, and a base URL that names api.openai.com. The Region is
passed explicitly so the client does not depend on the environment it happens to run in.
"""

from __future__ import annotations

from bedrock_check.quickclass import dataclass


@dataclass(frozen=True, slots=True)
class ProviderForm:
    """The runtime client form in one language: `OpenAI(provider=bedrock(region=...,
    endpoint="runtime"), api_key=None)` and the import of `bedrock`."""

    #: The module `bedrock` is imported from.
    module: str
    #: The client option that takes the provider, and the factory's name.
    option: str
    factory: str
    #: The API key option and its "no key" value: without a key the client signs with SigV4,
    #: so a stale AWS_BEARER_TOKEN_BEDROCK in the environment does not win.
    api_key: str
    no_key: str


#: Per language (the fact sheet §6.3; JS SigV4 lives in `openai/providers/bedrock/aws`).
RUNTIME_FORMS: dict[str, ProviderForm] = {
    "python": ProviderForm("openai.providers", "provider", "bedrock", "api_key", "None"),
    "javascript": ProviderForm("openai/providers/bedrock/aws", "provider", "bedrock", "apiKey", "null"),
}


def runtime_provider_call(language: str, region: str) -> str:
    """`bedrock(region="us-east-1", endpoint="runtime")` (Python) or the JS options object form."""
    form = RUNTIME_FORMS[language]
    if language == "python":
        return f'{form.factory}(region="{region}", endpoint="runtime")'
    return f'{form.factory}({{ region: "{region}", endpoint: "runtime" }})'


def client_renames() -> dict[str, str]:
    """OpenAI client class -> its Bedrock counterpart (`OpenAI` -> `BedrockOpenAI`), from
    the catalogue's client classes (`replaces` in providers.yaml): the one home of which
    class stands in for which, also for reading code."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().client_renames


def region_argument(language: str) -> str:
    """The keyword (Python) or option (JavaScript) that carries the Region, from the
    catalogue's `region_arg` of the Bedrock client class."""
    from bedrock_check.catalogue import shipped_catalogue

    found = shipped_catalogue().region_argument(language)
    if found is None:  # the shipped catalogue is validated and has one; a broken copy is a bug
        raise RuntimeError(f"the catalogue names no Region argument of a Bedrock client for {language}")
    return found

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


#: Arguments that point a client at a server.
_BASE_URL_ARGS = frozenset({"base_url", "baseURL"})


def kept_base_url(name: str, value_source: str | None) -> str | None:
    """Why a client construction is left to a person, or None: it passes a base URL that is
    not the OpenAI API's (`base_url=self.base_url`, `baseURL: process.env.LLM_URL`, `{ baseURL }`).
    Kept on the Bedrock client, it would send there instead of to Bedrock; dropped, it would move
    a client that may serve another provider (a vLLM or Ollama server the code does not show)."""
    if name not in _BASE_URL_ARGS or (value_source is not None and drops_argument(name, value_source)):
        return None
    shown = " ".join((value_source or name).split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    return (f"the client's base URL (`{shown}`) is not the OpenAI API's: check where it points, then construct "
            "the Bedrock client by hand (it derives its own base URL)")

