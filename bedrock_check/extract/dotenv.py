"""`.env` files: the OpenAI model a setting names, the service tier, endpoint URLs
(realtime and WebSocket ones, base URLs) and the AWS Region.

A setting that names a model (`OPENAI_MODEL`, `*_MODEL`, `MODEL_NAME`, ...) is checked
like the `model` of a request, but only when its value is an OpenAI model id: a
`CLAUDE_MODEL` or an embedding model of another vendor is nobody's migration. A file
whose credentials are obviously fake (`AWS_ACCESS_KEY_ID=testing`, `...EXAMPLE`) is a
test configuration: the Region it names is where a mock runs, not a Region finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import CodeObservation, RequestObservation, Span
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

_LINE = re.compile(r"^(?P<indent>\s*)(?P<export>export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*=")
_REGION_KEYS = {"AWS_REGION", "AWS_DEFAULT_REGION", "BEDROCK_REGION", "AWS_BEDROCK_REGION"}
#: Keys that name the model a workload calls.
#: (Not one that picks a tokenizer, `token_encoding_model`, `TOKENIZER_MODEL`,
#: `DEFAULT_TOKEN_COUNT_MODEL`: tiktoken reads it locally to count or chunk text, and no
#: request sends it.)
MODEL_KEY = re.compile(r"^(?!(?:[A-Z0-9_]*_)?(?:TOKENI[SZ]ER|ENCODING|TIKTOKEN|TOKEN_?COUNT(?:ING|ER)?)_)"
                       r"(?:(?:[A-Z0-9_]*_)?MODEL(?:_NAME|_ID)?$|(?:[A-Z0-9_]*_)?(?:DEPLOYMENT|ENGINE)_MODEL$"
                       # The purpose after the word (`OPENAI_MODEL_TTS`, `MODEL_EMBEDDING`, `MODEL_FAST`).
                       r"|(?:[A-Z0-9_]*_)?MODEL_(?:TTS|STT|ASR|CHAT|EMBED(?:DING)?S?|VISION|IMAGE|AUDIO|SPEECH"
                       r"|TRANSCRIPTION|TRANSCRIBE|REALTIME|VOICE|FAST|SMART|DEFAULT|FALLBACK|SUMMARY|REASONING)"
                       r"(?:_NAME|_ID)?$"
                       # The LLM a workload calls, by that word (`LLM_NAME`, `DEFAULT_LLM`, `--llm_name`).
                       r"|(?:[A-Z0-9_]*_)?LLM(?:_NAME|_ID)?$)", re.I)
#: An Azure deployment setting names the model too when its value is an OpenAI model id
#: (`AZURE_OPENAI_CHAT_DEPLOYMENT_NAME=gpt-4o`). Environment names only (upper case): a
#: config file's `deployment_name: gpt-4o-2` is someone's own deployment.
_UPPER_DEPLOYMENT = re.compile(r"^(?:[A-Z0-9_]*_)?DEPLOYMENT(?:_NAME|_ID)?$")
#: A model-type environment setting holds a model id when its value is one
#: (`DEFAULT_MODEL_TYPE=gpt-4.1-mini`); upper case only: a `model_type` parameter or field
#: is often an enum of the app's own, whose member is not written at the use.
UPPER_MODEL_TYPE = re.compile(r"^(?:[A-Z0-9_]*_)?MODEL_TYPE$")


def setting_names_model(key: str) -> bool:
    """Whether an environment setting's name says it holds the model a workload calls."""
    return (MODEL_KEY.match(key) is not None or _UPPER_DEPLOYMENT.match(key) is not None
            or UPPER_MODEL_TYPE.match(key) is not None)
_TIER_KEY = re.compile(r"^(?:[A-Z0-9_]*_)?SERVICE_TIER$", re.I)
#: An AWS Region name (`us-east-2`, `us-gov-west-1`); a placeholder such as `ADD_YOURS_HERE` is none.
_REGION = re.compile(r"^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$")
_CREDENTIAL_KEY = re.compile(r"(?:_KEY|_KEY_ID|_SECRET|_SECRET_KEY|_TOKEN|_PASSWORD)$", re.I)
_FAKE_VALUE = re.compile(
    r"^(?:test(?:ing)?|fake|dummy|mock(?:ed)?|foo(?:bar)?|bar|x{3,}|changeme|placeholder|example|none|null"
    r"|(?:sk-)?(?:test|fake|dummy|mock)[\w-]*|your[-_][\w-]*|<[^>]*>|\.\.\.|\*+)$"
    r"|EXAMPLE",
    re.I,
)
#: OpenAI settings a move to Bedrock replaces (the migration steps in the matrix say with what).
_SETTING_KEYS = {"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "AWS_BEDROCK_BASE_URL", "BEDROCK_BASE_URL"}


_OPENAI_URL_KEYS = {"OPENAI_BASE_URL", "OPENAI_API_BASE"}


def _is_bedrock(url: str) -> bool:
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().provider_of_host(url) == "bedrock"


def _names_openai_model(value: str) -> bool:
    """Whether a setting's value is an OpenAI model id, by the catalogue's model families
    and prefixes (`gpt-4o`, `openai/gpt-4.1`, `openai.gpt-5.5`; not `claude-*`)."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().read_model(value)[1] in MIGRATING_PROVIDERS


def _vendors(key: str) -> bool:
    """A setting named for another vendor (`GITHUB_MODEL=gpt-4o` is GitHub Models' model); not one
    named for a proxy that forwards the model to its own vendor (`LITELLM_MODEL=gpt-4` reaches OpenAI)."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().other_vendors_setting(key, served=True)


def _prefixed(value: str) -> bool:
    """A provider-prefixed model string (`openai:gpt-4.1`, LiteLLM's `azure/gpt-4.1`), by the
    catalogue's model prefixes."""
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.extract.common import model_string

    return (model_string(value) or value.startswith("azure/")) and shipped_catalogue().prefixed_model(value) is not None


@dataclass(frozen=True, slots=True)
class Assignment:
    """One `KEY=value` line of a `.env` file, as the reader checks it and as an edit keeps
    it: `indent` and `export` (`"export "` or `""`) as written, `head` the offset just
    past the `=` (where the value as written starts)."""

    indent: str
    export: str
    key: str
    head: int
    line: str

    @property
    def value(self) -> str:
        """The value: a quoted one ends at its closing quote, an unquoted one at a comment."""
        raw = self.line[self.head :].strip()
        if raw[:1] in ("'", '"'):
            return raw[1:].split(raw[0], 1)[0]
        return re.split(r"\s+#", raw, maxsplit=1)[0].strip()


def assignment(line: str) -> Assignment | None:
    """The assignment a line holds (None for a comment, a blank or anything else)."""
    m = _LINE.match(line)
    if m is None:
        return None
    return Assignment(m["indent"], m["export"] or "", m["key"], m.end(), line)


def assignments(text: str) -> Iterator[tuple[int, Assignment]]:
    """(line number, assignment) for each `KEY=value` line with a value: the one reading
    of a `.env` file (the reader, the provider lookup and `fix` all use it)."""
    for number, line in enumerate(text.splitlines(), 1):
        found = assignment(line)
        if found is not None and found.value:
            yield number, found


def _settings(text: str) -> Iterator[tuple[int, str, str, str]]:
    """(line number, key, value, line) for each `KEY=value` line with a value."""
    for number, a in assignments(text):
        yield number, a.key, a.value, a.line


def _setting(path: str, field: str, value: str, span: Span, line: str, provider: str | None = None) -> RequestObservation:
    """A one-field request body standing for a setting, located at the value (a model after
    its OpenAI prefix: `OPENAI_MODEL=openai:gpt-5.5` names `gpt-5.5`)."""
    if field == "model":
        from bedrock_check.catalogue import shipped_catalogue

        model, vendor = shipped_catalogue().read_model(value)
        value = model if vendor == "openai" else value
    return RequestObservation(
        path=path, body={field: value}, endpoint=ApiEndpoint.UNKNOWN, span=span,
        locate=lambda ptr: span if ptr[:1] == (field,) else None, source_line=lambda _n: line, provider=provider,
    )  # fmt: skip


def names_azure(key: str) -> bool:
    """Whether a setting's name is Azure OpenAI's by one of its words (`AZURE_OPENAI_MODEL_NAME`,
    `OPENAI_AZURE_DEPLOYMENT`: the catalogue's `env_names`)."""
    from bedrock_check.catalogue import shipped_catalogue

    return "azure" in shipped_catalogue().setting_providers(key)


def _azure_model(value: str) -> bool:
    """Whether a setting's value is an OpenAI model id as Azure OpenAI names its models
    (`gpt-35-turbo-16k`; the catalogue's `deployment_model`)."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().deployment_model(value)


def model_setting(path: str, key: str, value: str, span: Span, line: str) -> RequestObservation | None:
    """The model a `KEY=value` setting names, as a one-field request body (None when it names
    none: the key is no model setting and the value no `openai:` string, the value is no
    OpenAI model id, or the key is named for another provider, `OLLAMA_MODEL`)."""
    from bedrock_check.catalogue import shipped_catalogue

    if setting_names_model(key) and names_azure(key) and not _names_openai_model(value) and _azure_model(value):
        # Azure's own spelling of an OpenAI model, as in a `.env` file (`azd env set
        # AZURE_OPENAI_DEPLOYMENT gpt-35-turbo`): the model the deployment runs.
        return _setting(path, "model", value, span, line, provider="azure")
    if not ((setting_names_model(key) or _prefixed(value)) and _names_openai_model(value)):
        return None
    provider = shipped_catalogue().provider_of_env(key)
    if not shipped_catalogue().is_checked(provider) and not shipped_catalogue().forwards(provider):
        return None  # (`OLLAMA_MODEL`; not `LITELLM_MODEL=gpt-4`, which LiteLLM sends to OpenAI)
    return _setting(path, "model", value, span, line)


#: A setting named for the settings it holds (`CLIENT_SESSION_SETTINGS`, `LLM_CONFIG`, `CHAT_DEFAULTS`).
_SETTINGS_KEY = re.compile(r"(?i)(?:^|_)(?:settings|config|options|params|defaults?)$")


def _json_models(path: str, key: str, value: str, number: int, col: int, line: str) -> list[RequestObservation]:
    """The models a JSON-valued setting configures: AutoGen's `OAI_CONFIG_LIST='[{"model": "gpt-4",
    "api_key": "sk-..."}]'`, a list of client configs each with a key or a server (one whose
    server is another vendor's serves its own names), or one settings object under a name that
    says so (`CLIENT_SESSION_SETTINGS={"model":"gpt-4o-mini","temperature":0.6}`: the default
    settings of each chat the app starts)."""
    import json

    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.extract.config_lists import entry_model

    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        return []
    cat = shipped_catalogue()
    found: list[RequestObservation] = []
    at = 0
    for entry in parsed if isinstance(parsed, list) else [parsed]:
        if isinstance(entry, dict) and not any(k in entry for k in ("api_key", "base_url", "api_base", "api_type")) and not (
                isinstance(parsed, dict) and _SETTINGS_KEY.search(key)):  # fmt: skip
            continue  # a model without a client's settings: a record, not a config
        read = entry_model(cat, entry)  # (a mapping naming an OpenAI model, not on another's server)
        if read is None:
            continue
        mid = read[0]
        where = value.find(json.dumps(entry["model"]), at)
        if where < 0:
            continue
        at = where + 1
        start = col + where + 1
        span = Span(number, start, number, start + len(entry["model"]))
        found.append(_setting(path, "model", mid, span, line))
    return found


#: Words of a setting's name that say nothing of what it is for (`OPENAI_MODEL_TTS` is for `TTS`;
#: `OPENAI_BASE_URL` is for no purpose in particular: the whole client's).
_PLAIN_WORDS = frozenset({"OPENAI", "MODEL", "NAME", "ID", "URL", "BASE", "API", "ENDPOINT", "HOST"})
_PURPOSE_URL = re.compile(r"^OPENAI_\w+_(?:URL|BASE_URL|ENDPOINT|HOST)$")


def _purpose(key: str) -> frozenset[str]:
    return frozenset(key.upper().split("_")) - _PLAIN_WORDS


def _other_servers(settings: list[tuple[int, str, str, str]]) -> dict[frozenset[str], str]:
    """The servers other than the OpenAI API, Azure OpenAI or Bedrock that the file's OpenAI
    URLs point at (by host, or a plain-HTTP, port or local address: an unknown HTTPS host may be
    a gateway in front of the OpenAI API, and says nothing), by purpose: the base URL's is the
    empty purpose, `OPENAI_TTS_URL=http://localhost:8881/v1/audio/speech`'s is `TTS`."""
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    found: dict[frozenset[str], str] = {}
    for _, key, value, _ in settings:
        if (key in _OPENAI_URL_KEYS or _PURPOSE_URL.match(key.upper())) and "://" in value:
            provider = cat.provider_of_server_url(value)
            if provider is not None and not cat.is_checked(provider):
                found.setdefault(_purpose(key), provider)
    return found


def extract_dotenv(path: str, text: str) -> Extracted:
    """Model and service-tier settings become one-field request observations; URL-valued
    settings, string observations; Region settings, region observations."""
    result = Extracted()
    settings = list(_settings(text))
    fake = any(_CREDENTIAL_KEY.search(key) and _FAKE_VALUE.search(value) for _, key, value, _ in settings)
    # The model this file configures, if it names one: a Mantle base URL here is checked for
    # it (the path serves some models and not others), not for a model the file never names.
    model = next((v for _, k, v, _ in settings if setting_names_model(k) and _names_openai_model(v)), None)
    # OPENAI_BASE_URL pointed at Bedrock makes the OpenAI SDK a Bedrock client: its
    # OPENAI_API_KEY then holds a Bedrock API key (the AWS user guide's own setup).
    bedrock_url = any(k in _OPENAI_URL_KEYS and _is_bedrock(v) for _, k, v, _ in settings)
    # OPENAI_BASE_URL pointed at another server (`http://localhost:11434/v1`, Ollama) makes the
    # OpenAI SDK that server's client: its OPENAI_API_KEY is that server's placeholder or key,
    # and neither setting is an OpenAI API setting to migrate.
    servers = _other_servers(settings)
    elsewhere = servers.pop(frozenset(), None)
    # A model for one purpose whose own URL here is another server's (`OPENAI_MODEL_TTS=tts-1`
    # beside `OPENAI_TTS_URL=http://localhost:8881/...`) is that server's name for its model.
    if elsewhere is None and servers and not any(k in _OPENAI_URL_KEYS for _, k, _, _ in settings):
        # (A file whose only OpenAI URL is such a server's: its `OPENAI_API_KEY` is that server's.)
        elsewhere = next(iter(servers.values()))
    for number, key, value, line in settings:
        col = line.find(value) + 1
        span = Span(number, col, number, col + len(value))
        if key in _SETTING_KEYS and not fake:
            # The value is a secret for OPENAI_API_KEY: the finding factory redacts it. A mocked
            # test configuration (fake credentials) is not a setting anyone migrates.
            attrs = (("model", model),) if model and "://" in value else ()
            # (An `sk-` key is an OpenAI key whatever the URL beside it says.)
            provider = "bedrock" if bedrock_url and key == "OPENAI_API_KEY" and not value.startswith("sk-") else None
            if elsewhere is not None and key in (*_OPENAI_URL_KEYS, "OPENAI_API_KEY") and not value.startswith("sk-"):
                provider = elsewhere
            result.observations.append(CodeObservation(path, "setting", value, span, module=key, snippet=line.strip(),
                                                       provider=provider, attrs=attrs))  # fmt: skip
        if key in _REGION_KEYS:
            if not fake and _REGION.match(value):
                obs = CodeObservation(path, "region", value, span, module=key, snippet=line.strip())
                result.observations.append(obs)
        elif (setting_names_model(key) or _prefixed(value)) and _names_openai_model(value) and not _vendors(key):
            # (`FAST_LLM=openai:gpt-5.4-mini`: the prefix says it is a model, whatever the name.)
            result.observations.append(_setting(path, "model", value, span, line, servers.get(_purpose(key))))
        elif setting_names_model(key) and names_azure(key) and _azure_model(value):
            # (Azure's own spelling of an OpenAI model, `AZURE_OPENAI_MODEL_NAME=gpt-35-turbo-16k`:
            # the model of the deployment the workload calls, which the OpenAI API spells otherwise.)
            result.observations.append(_setting(path, "model", value, span, line, provider="azure"))
        elif value[:1] in "[{" and '"model"' in value:
            result.observations.extend(_json_models(path, key, value, number, col, line))
        elif _TIER_KEY.match(key):
            result.observations.append(_setting(path, "service_tier", value, span, line))
        elif "://" in value:
            result.observations.append(CodeObservation(path, "string", value, span, snippet=line.strip()))
    if not (fake or bedrock_url or elsewhere):
        result.observations.extend(_unset_keys(path, text))
    return result


def _unset_keys(path: str, text: str) -> Iterator[CodeObservation]:
    """`OPENAI_API_KEY=` with no value, as a template (`.env.example`) asks for it: whoever
    deploys the app is told to set an OpenAI key there, which Bedrock does not take. The step
    is placed on the key (a value to point at is not there)."""
    for number, line in enumerate(text.splitlines(), 1):
        found = assignment(line)
        if found is not None and found.key == "OPENAI_API_KEY" and not found.value:
            col = line.find(found.key) + 1
            span = Span(number, col, number, col + len(found.key))
            yield CodeObservation(path, "setting", "", span, module=found.key, snippet=line.strip())
