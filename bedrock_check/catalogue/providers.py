"""Which provider a host, base URL, environment variable, identifier, SDK module or model
string belongs to, and which model ids are OpenAI's (`providers.yaml`, `models.yaml`)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from bedrock_check.catalogue.base import CatalogueBase
from bedrock_check.vocabulary import CHECKED_PROVIDERS, MIGRATING_PROVIDERS, ModelKind

#: Bedrock inference-profile prefixes (`us.anthropic.claude-...`).
_PROFILES = frozenset({"us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"})


#: A full http(s) URL with a real-looking host name (not a placeholder such as `{host}`).
_CONCRETE_URL = re.compile(r"https?://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(:\d+)?(/|$)")
#: A URL no OpenAI API host is reached by, whatever its host: plain HTTP (the OpenAI API and
#: Azure OpenAI answer HTTPS only), an explicit port, an IP address or a placeholder for one
#: (`http://<IP>:5000/v1`, `http://{host}:{port}/v1`, `https://10.0.0.5/v1`): the app's own
#: server or another OpenAI-compatible one. (`{}` is a part the code computes.)
_SERVER_URL = re.compile(
    r"http://[^/?#\s]"
    r"|https://(?:[^/?#\s]*:(?:\d+|\{[^}]*\}|<[^>]*>|\$\{[^}]*\})(?:[/?#]|$)|\d{1,3}(?:\.\d{1,3}){3}(?:[:/?#]|$)|<)"
)


#: How many answers each remembered lookup keeps before it starts again (a long scan meets
#: unbounded strings).
_MEMO_SIZE = 65_536


def _remember(memo: dict[str, Any], key: str, value: Any) -> Any:
    """`value`, kept in `memo` under `key` (emptied when full)."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


class ProviderLookups(CatalogueBase):
    """Provider and model questions (patterns compiled when first asked)."""

    # Patterns are compiled when first asked (a small run asks few of them).
    @cached_property
    def _hosts(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p.pattern, re.I), p.provider) for p in self.providers.hosts]

    @cached_property
    def _envs(self) -> list[tuple[re.Pattern[str], str]]:
        listed = [(re.compile(p.pattern), p.provider) for p in self.providers.env_names]
        # Then each provider's own id as a name's first word (`DEEPINFRA_API_KEY`,
        # `_ORCAROUTER_DEFAULT_MODEL`), unless the id is a common word of setting names.
        own = [(re.compile(rf"^{re.escape(key.upper())}(?:_|$)"), key)
               for key, entry in self.providers.providers.items()
               if key.isalnum() and not entry.common_word and not entry.checked]  # fmt: skip
        return listed + own

    @cached_property
    def _hints(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p.pattern, re.I), p.provider) for p in self.providers.identifier_hints]

    @cached_property
    def _foreign_tools(self) -> list[re.Pattern[str]]:
        return [re.compile(p.pattern) for p in self.providers.tool_types]

    def foreign_tool(self, item: Any) -> bool:
        """Whether a tool entry is another vendor's (`{"type": "web_search_20250305", ...}`)."""
        kind = item.get("type") if isinstance(item, dict) else None
        return isinstance(kind, str) and any(rx.search(kind) for rx in self._foreign_tools)

    @cached_property
    def _vendor_models(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(p.pattern, re.I), p.provider) for p in self.providers.model_patterns]

    @cached_property
    def _families(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{f.family})" for f in self.models.openai_model_families))

    @cached_property
    def _kind_patterns(self) -> list[tuple[re.Pattern[str], str]]:
        return [(re.compile(f.family), f.kind) for f in self.models.openai_model_families]

    def model_kind(self, model: str) -> str:
        """What the OpenAI model `model` is for (a `ModelKind` word): the kind of the first family
        that matches it, `text` for any other id. A framework's prefix (`openai/`, `openai:`),
        `openai.` and a cross-Region profile's prefix are read past (`openai/text-embedding-3-small`
        is an embedding model, `openai.gpt-oss-safeguard-120b` the moderation model it names)."""
        model = self.read_model(model)[0]
        head, _, rest = model.partition(".")
        if rest and (head in _PROFILES or head == "in") and rest.startswith("openai."):
            model = rest
        model = model.removeprefix("openai.")
        return next((kind for rx, kind in self._kind_patterns if rx.search(model)), ModelKind.TEXT.value)

    @cached_property
    def _azure_spellings(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{f})" for f in self.models.azure_spellings) or "(?!)")

    def deployment_model(self, name: str) -> bool:
        """Whether an Azure deployment's name is an OpenAI model id, in OpenAI's spelling or
        Azure's own (`gpt-35-turbo`): the model the deployment runs."""
        return self.read_model(name)[1] in MIGRATING_PROVIDERS or (
            self._azure_spellings.search(name) is not None and self._placeholders.search(name) is None)

    @cached_property
    def _bedrock_ids(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{f})" for f in self.models.bedrock_model_ids) or "(?!)")

    @cached_property
    def _test_path(self) -> re.Pattern[str]:
        tests = self.providers.test_files
        folders = "|".join(re.escape(f) for f in tests.folders) or "(?!)"
        # (A name glob's `*` is any run of characters but `/`, `?` one of them.)
        names = "|".join(re.escape(n).replace(r"\*", "[^/]*").replace(r"\?", "[^/]") for n in tests.names) or "(?!)"
        return re.compile(rf"(?:^|/)(?:{folders})/|(?:^|/)(?:{names})$")

    def is_test_path(self, path: str) -> bool:
        """Whether a file's path makes it a test file (`test_files`: a folder, a name glob)."""
        return self._test_path.search(path.replace(os.sep, "/")) is not None

    def is_checked(self, provider: str | None) -> bool:
        """Whether calls to this provider are migration findings (None: unknown, checked)."""
        return provider is None or provider in CHECKED_PROVIDERS

    def label(self, provider: str) -> str:
        """A provider's human name."""
        info = self.providers.providers.get(provider)
        return info.label if info else provider

    def provider_of_host(self, url: str) -> str | None:
        """The provider a base URL points at, from its host."""
        memo = self._host_memo
        if url in memo:
            return memo[url]
        found = next((p for rx, p in self._hosts if rx.search(url)), None)
        return _remember(memo, url, found)

    @cached_property
    def _host_memo(self) -> dict[str, str | None]:
        return {}

    def provider_of_base_url(self, url: str) -> str | None:
        """The provider a base URL written in the code points at: by its host, else
        `other` for a full URL to a host the table does not know (an OpenAI-compatible
        server of someone else's; the OpenAI API's own hosts and gateways are listed), or for
        one whose scheme, port or address is none of the OpenAI API's (`_SERVER_URL`)."""
        found = self.provider_of_host(url)
        if found is None and (_CONCRETE_URL.match(url) or _SERVER_URL.match(url)):
            return "other"
        return found

    def provider_of_server_url(self, url: str) -> str | None:
        """The provider a URL a request is sent to points at: by its host, else `other` when its
        scheme, port or address is none of the OpenAI API's (`_SERVER_URL`: `http://<HOST>:<PORT>/v1/...`).
        An unknown HTTPS host says nothing (a gateway in front of the OpenAI API, say)."""
        found = self.provider_of_host(url)
        return "other" if found is None and _SERVER_URL.match(url) else found

    def provider_of_env(self, name: str) -> str | None:
        """The provider an environment variable name belongs to (`GROQ_API_KEY`)."""
        return next((p for rx, p in self._envs if rx.search(name)), None)

    def setting_providers(self, name: str) -> list[str | None]:
        """The provider each word of a setting's name starts the name of, by `env_names`
        (`_DEFAULT_OPENROUTER_STT_MODEL`: openrouter at `OPENROUTER_STT_MODEL`; `defaultGroqModel`,
        `OPENAI_AZURE_DEPLOYMENT`: azure at `AZURE_DEPLOYMENT`); None for a word that starts none."""
        key = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").upper()
        return [self.provider_of_env(key[m.start() :]) for m in re.finditer(r"(?<![A-Z0-9])[A-Z0-9]", key)]

    def other_vendors_setting(self, name: str, served: bool = False) -> bool:
        """Whether a setting's name says it is another vendor's (`GROQ_MODEL`, `GITHUB_MODEL`,
        `OLLAMA_EMBEDDING_MODEL`): its model is what that vendor serves under the name, even an
        OpenAI model id (GitHub Models' `gpt-4o`), not a request to the OpenAI API. The vendor's
        name may follow other words (`_DEFAULT_OPENROUTER_STT_MODEL`, `defaultGroqModel`)."""
        # (`served`: the model a value names is the one the request reaches; a proxy's setting,
        # `litellm_model = "gpt-4o"`, forwards that model to its vendor.)
        return any(not self.is_checked(p) and not (served and p in self._forwarders) for p in self.setting_providers(name))

    @cached_property
    def _forwarders(self) -> frozenset[str]:
        return frozenset(p for p, info in self.providers.providers.items() if info.forwards)

    def forwards(self, provider: str | None) -> bool:
        """Whether a provider is a proxy that sends each model id to that model's own vendor
        (LiteLLM's: its `gpt-4` reaches OpenAI)."""
        return provider in self._forwarders

    def provider_named(self, value: str) -> str | None:
        """The checked OpenAI provider (`openai`, `azure`) a provider setting's value names by one
        of its `setting_names` (`chat_openai`, `azure_ad`; any case), else None."""
        return self._setting_names.get(value.lower())

    def vendor_named(self, name: str) -> str | None:
        """The provider that is not checked a name in the code says (`OllamaAPIAdapter`,
        `_build_gemini_tools`, `self.groq_client`: the catalogue's `identifier_hints`), else None."""
        found = self.provider_of_code(name)
        return found if found is not None and not self.is_checked(found) else None

    def names_openai_env(self, text: str, ending: str) -> bool:
        """Whether `text` names an environment variable of the OpenAI API (`env_names`) whose name
        ends with `ending` (a regex: `KEY`, `BASE_URL|API_BASE`)."""
        return any(self.provider_of_env(name) == "openai"
                   for name in re.findall(rf"\b[A-Z][A-Z0-9_]*(?:{ending})\b", text))  # fmt: skip

    def provider_of_prefix(self, name: str) -> str | None:
        """The provider a model-string prefix names when given alone, as LiteLLM's
        `custom_llm_provider="vertex_ai"` names what `vertex_ai/gemini-2.5-pro` does."""
        low = name.lower()
        return next((p for prefix, p, _keep in self._prefixes if prefix[:-1].lower() == low and prefix[-1] in "/:"), None)

    def names_openai(self, value: str) -> bool:
        """Whether a provider setting's value names the OpenAI API (`openai`, `open_ai`, `chat_openai`)."""
        return self.provider_named(value) == "openai"

    @cached_property
    def _setting_names(self) -> dict[str, str]:
        return {name: provider for provider, names in self.providers.setting_names.items() for name in names}

    @cached_property
    def vendor_words(self) -> frozenset[str]:
        """Provider ids that name their provider when a class or setting name holds them as a
        word (not the `common_word` ones: `MetaAgent`, `LocalCache`)."""
        return frozenset(p for p, info in self.providers.providers.items() if not info.common_word)

    @cached_property
    def _workload_module(self) -> re.Pattern[str]:
        # (One regular expression: asked for every import of every file, several times.)
        return re.compile("|".join(re.escape(m) if m.endswith("/") else re.escape(m) + r"(?:[./]|\Z)"
                                   for m in self.providers.workload_modules) or "(?!)")  # fmt: skip

    def is_workload_module(self, module: str) -> bool:
        """Whether importing `module` makes a file part of an OpenAI workload (`workload_modules`:
        one of them or a module inside one, `openai.types`, `@openai/agents`)."""
        return self._workload_module.match(module) is not None

    def foreign_request(self, keys: Iterable[str]) -> str | None:
        """The vendor whose request body has one of these top-level keys and no OpenAI request
        does (`anthropic_version`, `system`: Anthropic's Messages API), else None."""
        keys = set(keys)
        return next((r.provider for r in self.providers.request_keys if keys.intersection(r.keys)), None)

    def provider_of_code(self, text: str) -> str | None:
        """The provider named by the code that passes a base URL or key (`openrouter_base_url`)."""
        return next((p for rx, p in self._hints if rx.search(text)), None)

    def provider_of_module(self, module: str) -> str | None:
        """The vendor of an SDK module other than OpenAI's (`anthropic`, `@google/genai`)."""
        known = self._module_vendors
        if module in known:
            return known[module]
        found = next((provider for mod, provider in self.vendor_modules.items()
                      if module == mod or module.startswith((mod + ".", mod + "/"))), None)  # fmt: skip
        if len(known) < 65_536:  # asked for every import of every file: remembered, bounded
            known[module] = found
        return found

    @cached_property
    def _module_vendors(self) -> dict[str, str | None]:
        return {}

    def read_model(self, model: str) -> tuple[str, str | None]:
        """A model string's id and the provider it names: `openai:gpt-4o` -> ("gpt-4o",
        "openai"), `claude-sonnet-4` -> (same, "anthropic"), `gpt-4o` -> (same, "openai"),
        an id of no known family -> (same, None)."""
        memo = self._model_memo
        found = memo.get(model)
        if found is None:
            found = _remember(memo, model, self._read_model(model))
        return found

    @cached_property
    def _model_memo(self) -> dict[str, tuple[str, str | None]]:
        # Asked of every quoted string of many files (a pure question of the catalogue's
        # patterns, a dozen regular expressions each time): remembered, bounded.
        return {}

    def _read_model(self, model: str) -> tuple[str, str | None]:
        for prefix, provider, keep in self._prefixes:
            if model.startswith(prefix):
                if keep:  # `bedrock/us.anthropic.claude-...`: Bedrock, but not an OpenAI model
                    inner = model[len(prefix) :]
                    head, _, tail = inner.partition(".")
                    vendor = self._vendor_of(tail if head in _PROFILES and tail else inner)
                    if vendor is not None:
                        return model, vendor
                rest = model if keep else model[len(prefix) :]
                if not rest:
                    return model, None  # a prefix alone (`"azure/" + DEPLOYMENT`): no model id to check
                if provider in MIGRATING_PROVIDERS and not keep:
                    # `openai/gpt-oss-120b` on OpenRouter-style ids: the family decides; an id
                    # of no OpenAI family (`openai/<a self-hosted model>`, `azure/<deployment>`)
                    # goes to an OpenAI-compatible server or names a deployment: not a model to check.
                    vendor = self._vendor_of(rest)
                    return rest, vendor or (provider if self.is_openai_model(rest) else None)
                return rest, provider
        if model.startswith("litellm/"):
            return self.read_model(model[len("litellm/") :])
        vendor = self._vendor_of(model)
        if vendor:
            return model, vendor
        return model, "openai" if self.is_openai_model(model) else None

    def _vendor_of(self, model: str) -> str | None:
        return next((p for rx, p in self._vendor_models if rx.search(model)), None)

    @cached_property
    def _scoped_package(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.models.scoped_packages) or "(?!)")

    @cached_property
    def _open_weight(self) -> re.Pattern[str]:
        slash = self.models.slash_models
        return re.compile("|".join(f"(?:{f})" for f in (slash.open_weight if slash else [])) or "(?!)")

    def prefixed_model(self, value: str) -> tuple[str, str] | None:
        """(model id, provider) of a provider-prefixed string that names an OpenAI or Azure
        model (`openai:gpt-4.1`, `openai/gpt-4o`), else None: an id of no OpenAI family, a
        tagged id (`openai/gpt-oss-20b:free`, a router's), or an open-weight model written
        `openai/gpt-oss-120b` (served by other hosts only)."""
        mid, vendor = self.read_model(value)
        if vendor not in MIGRATING_PROVIDERS or mid == value or ":" in mid:
            return None
        if value.startswith("@") and self._scoped_package.search(mid):
            return None  # (`@openai/codex`: a package of OpenAI's npm scope)
        if value.startswith("openai/") and self._open_weight.search(mid):
            return None
        return mid, vendor

    def slash_gateway(self, modules: Iterable[str]) -> bool:
        """Whether a file importing these modules names a gateway's models in the
        `openai/gpt-4o` form (LiveKit Inference, the AI SDK's gateway, OpenRouter)."""
        slash = self.models.slash_models
        if slash is None:
            return False
        gateways = slash.gateway_modules
        return any(m == g or m.startswith(g + ".") or m.startswith(g + "/") for m in modules for g in gateways)

    def is_bedrock_model_id(self, model: str) -> bool:
        """Whether a model id is written in Bedrock's form (`openai.gpt-5.5`, `us.openai.gpt-5.6-sol`)."""
        return self._bedrock_ids.search(model) is not None

    def is_openai_model(self, model: str) -> bool:
        """Whether a model id (without a framework prefix) is one of OpenAI's families. A value
        that lists several (`"gpt-oss-120b,gpt-oss-20b"`) or holds spaces is not one model id."""
        memo = self._family_memo
        found = memo.get(model)
        if found is None:
            found = _remember(memo, model, "," not in model and " " not in model.strip()
                              and self._families.search(model) is not None and self._placeholders.search(model) is None)  # fmt: skip
        return found

    @cached_property
    def _family_memo(self) -> dict[str, bool]:
        return {}

    @cached_property
    def _placeholders(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{f})" for f in self.models.placeholder_models) or "(?!)", re.I)
