"""The words the scan's prefilter looks for on the catalogue's behalf: one of them must be in
a file for the catalogue to find anything checked in it (`tokens`, `paired_tokens`,
`config_tokens`)."""

from __future__ import annotations

import re
from functools import cached_property

from bedrock_check.catalogue.base import CatalogueBase
from bedrock_check.vocabulary import CHECKED_PROVIDERS

#: A Go import path (`github.com/sashabaranov/go-openai.NewClient`): a host name, then a path.
_GO_PATH = re.compile(r"^[\w-]+(?:\.[\w-]+)+/")

#: Names too common in unrelated code to make a file worth parsing on their own.
_WEAK_TOKENS = frozenset({"default", "Agent", "openai", "completion", "environment", "bedrock", "azure", "models.list",
                          "items.list", "messages.list", "sessions.create", "parts.create", "patch", "apatch",
                          "threads.list", "files.list", "files.create", "files.delete", "jobs.list", "runs.create",
                          "Client", "AsyncClient", "responses", "languageModel", "items.delete", "items.retrieve",
                          "create"})


#: How a hosted-tool literal's `type` entry is written in Python, JS/TS and JSON.
_TYPE_LITERALS = ('type: "{}"', "type: '{}'", '"type": "{}"', "'type': '{}'", '"type":"{}"', "type:'{}'", 'type:"{}"')


#: A picker's option naming a hosted tool (`{label: "Web Search", name: "web_search_preview"}`).
_OPTION_LITERALS = ('name: "{}"', "name: '{}'", '"name": "{}"', "'name': '{}'", 'value: "{}"', "value: '{}'")


def _client_word(name: str) -> str:
    """The word a client's name passes a file on: its last name (`OpenAI`), or, for a member of a
    class of clients (AdalFlow's `ModelClientType.OPENAI`), its last two: `OPENAI` alone is in
    every file that names the provider."""
    parts = name.split(".")
    return ".".join(parts[-2:]) if parts[-1].isupper() else parts[-1]


class TokenLookups(CatalogueBase):
    """The prefilter's words, built when first asked."""

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """Words one of which a source file must contain for the catalogue to find anything
        checked in it (the scan's prefilter adds them): SDK method paths, distinctive
        client and framework names, hosted-tool types and the keys that make one, model
        string prefixes. Files of other providers need not pass: they produce no finding."""
        words = {".".join(p.split(".")[-2:]) for p in self.methods}
        for entry in self.providers.clients:
            if entry.provider in CHECKED_PROVIDERS:
                # (A Go SDK's constructor, named by import path, is Go's: the Go reader's words are its modules.)
                words.update(_client_word(n) for n in entry.name if not _GO_PATH.match(n))
        for kind, hosted in self.hosted_types.items():
            words.update(hosted.requires_any or (kind,))
            if not hosted.requires_any:
                # The type alone is a common word (`web_search`); a `type` key holding it,
                # as a hosted-tool literal is written, is not; nor a picker option naming it.
                words.update(form.format(kind) for form in _TYPE_LITERALS)
                words.update(form.format(kind) for form in _OPTION_LITERALS)
        # (`session.update` and `response.create` are too common to pass a file on their own;
        # a file whose events go to OpenAI names it through an import or a URL anyway.)
        words.update(t for t in self.event_types if t.count("_") >= 2)
        words.update(self.part_types)
        words.update(self.realtime_markers)  # (`createDataChannel("oai-events")`)
        words.update(p for m in self.sdk.media_inputs for p in m.peer)
        words.update(self.event_classes)
        words.update(p for p, provider, _ in self._prefixes if provider in CHECKED_PROVIDERS)
        # An endpoint's HTTP path of two segments (`/audio/speech`) in a URL built from a base URL
        # that only the environment holds; one segment (`/files`) is any web API's.
        words.update(f"/{p}" for p in self.http.paths if "/" in p)
        # A framework object's model setting as written, imported or not (`interpreter.llm.model`).
        words.update(f"{o.removesuffix('()').rsplit('.', 1)[-1]}.{s.prefix}.{s.model}"
                     for s in self.frameworks.attribute_settings for o in s.object if not o.endswith("()"))
        # An app's own config object built with a provider that says OpenAI beside its model
        # (`LLMConfig(provider=LLMProvider.OPENAI, model=...)`, `get_llm("openai", model=...)`).
        # (`Provider.` and `providerName:` are weak: they need an anchor such as `OPENAI` beside them.)
        for v in self.providers.setting_names.get("openai", ()) if self.frameworks.provider_siblings else ():
            words.update((f'provider="{v}"', f"provider='{v}'", f'("{v}", model=', f"('{v}', model="))
        words.update(("Provider.", "providerName:"))
        # An object named for a language model given a model (`neutral_models.holders`:
        # `self.llm.model = "gpt-4o"`, `self.llm.gen_image(model="dall-e-3")`).
        if self.frameworks.neutral_models is not None and self.frameworks.neutral_models.holders:
            words.update(("llm.model", "self.llm.", "_LLM.", "_llm."))
        words.update(self._vendor_client_words())
        # A client config written in code with the provider's plain name as its key's value (the
        # `config_models` entries a config file's test reads too: `{"provider": "openai", ...}`,
        # Elasticsearch's `{"service": "openai", ...}`; also as a notebook's JSON escapes it).
        for c in self.frameworks.config_models:
            for v in c.values:
                if "." not in v and "_" not in v and ":" not in v:
                    words.update((f'"{c.key}": "{v}"', f"'{c.key}': '{v}'", f'\\"{c.key}\\": \\"{v}\\"'))
        # A call on what a framework object holds (`agent.voice.listen(` of a Mastra agent got from
        # the app's own module: `held_options`), in a file that imports no framework module itself.
        words.update(f".{h.attribute}.{m}(" for h in self.frameworks.held_options if h.attribute
                     for m in self.instance_methods)  # fmt: skip
        return tuple(sorted(w for w in words if len(w) >= 5 and w not in _WEAK_TOKENS))

    def _vendor_client_words(self) -> set[str]:
        """Other vendors' SDK clients as a construction is written (`Anthropic(`, `genai.Client(`,
        `new GoogleGenAI(`): a file that builds one is parsed so that its calls are counted in
        `skipped_by_provider` (they are never findings). A generic class name (`Client`) only
        with its module's last name; a default export by the module's own import is left out."""
        vendors = set(self.vendor_modules)
        words: set[str] = set()
        for entry in self.providers.clients:
            if entry.provider in CHECKED_PROVIDERS:
                continue
            for name in entry.name:
                module, _, cls = name.rpartition(".")
                if not module or cls == "default" or not any(module == v or module.startswith(v + ".") for v in vendors):
                    continue
                words.add(f"{module.rsplit('.', 1)[-1]}.{cls}(" if cls in _WEAK_TOKENS else f"{cls}(")
        return words

    @cached_property
    def paired_tokens(self) -> dict[str, frozenset[str]]:
        """Framework names (`embedding`, `run_sync`, `createAgent`) with the modules one of
        which a file must also name: the scan recognises a framework call only through an
        import of its module in the same file (`from litellm import embedding`,
        `import { createAgent } from "langchain"`), so the name alone proves nothing."""
        from bedrock_check.prefilter import module_tokens

        pairs: dict[str, set[str]] = {}
        dropins = (n for n, provider in self.dropins.items() if provider in CHECKED_PROVIDERS)
        for name in (*self.constructors, *self.client_wrappers, *dropins):
            parts = name.split(".")
            # (A factory method named like any method, `ModelFactory.create`: its class's name.)
            word = parts[-2] if parts[-1] in _WEAK_TOKENS and len(parts) > 2 else parts[-1]
            if len(word) >= 6 and word not in _WEAK_TOKENS:
                pairs.setdefault(word, set()).update(module_tokens([name]))
                if not name.startswith("@") and "/" not in name and word[:1].isupper():
                    # A Python class's name through the app's own module that imports it
                    # (`from helper_functions import *` in a tutorial's notebooks, `from .llm
                    # import ChatOpenAI`): the scan follows the import into the tree. (Not a
                    # function's: ell's `simple` and `complex` are everyday words of any star import.)
                    pairs[word].update(("import *", f"import {word}"))
            elif parts[-1] in _WEAK_TOKENS and getattr(self.constructors.get(name), "endpoint", "unknown") != "unknown":
                # A framework function that is itself a request, named with a common word
                # (LiteLLM's `completion(model="ollama/llama3", ...)`): the call as written, beside
                # its module, so a file whose only calls go to another provider is parsed and
                # they are counted in `skipped_by_provider`.
                pairs.setdefault(f"{parts[-1]}(", set()).update(module_tokens([name]))
        for setting in self.frameworks.attribute_settings:  # `interpreter.llm.model = ...`
            pairs.setdefault(f"{setting.prefix}.{setting.model}", set()).update(module_tokens(setting.object))
        for base in self.frameworks.base_classes:  # `class Weather(AIAssistant): model = "gpt-4o"`
            for name in base.name:
                pairs.setdefault(name.rsplit(".", 1)[-1], set()).update(module_tokens([name]))
        return {word: frozenset(modules) for word, modules in pairs.items() if modules}

    @cached_property
    def config_tokens(self) -> tuple[str, ...]:
        """Words one of which a config file must hold to configure an OpenAI client
        (`config_models` values, without a module path; a plain word such as `openai`
        only as its key's value, `provider: openai`)."""
        words: set[str] = set()
        for c in self.frameworks.config_models:
            if not c.values and c.model == c.key and c.beside:
                # A bare `model:` is in every other config file: the settings beside it say more.
                words.update(w for b in c.beside for w in (f"\n{b}:", f"  {b}:", f'"{b}":'))
            elif not c.values:  # the key itself, at the top of a file, or flat (`llm.model:`)
                # (`model: &chooser_model` then its settings: a block given a YAML anchor. A `model:`
                # line of its own is in every other config file: only its block form is a token.)
                # (And a JSON file's block, `"override_params": {`.)
                words.update((f"{c.key}:\n", f"{c.key}: &", f"{c.model}:", f'"{c.model}"', f'"{c.key}": {{'))
                if c.key != "model":
                    words.add(f"\n{c.key}:")
                if "[]." in c.model:  # (records under the key: `"guardrails": [`)
                    words.add(f'"{c.key}": [')
            for v in c.values:
                if "." in v or "_" in v:  # a class path or a type name: rare enough alone
                    words.add(v.rsplit(".", 1)[-1])
                else:  # a plain word (`openai`): only as the value of its key
                    words.update((f"{c.key}: {v}", f'{c.key}: "{v}"', f"{c.key}: '{v}'", f'"{c.key}": "{v}"'))
        # A `provider:model` string as any setting's value; a provider or server setting beside
        # model settings (`provider_siblings`: `planner_provider: openai`, `llm.api_base`).
        words.update(("openai:", '_provider": "openai"', "_provider: openai", 'api_type": "openai"',
                      "api_type: openai", "api.openai.com", 'api_type: "openai"', "api_type: 'openai'",
                      '_provider: "openai"', "_provider: 'openai'", "supplier: openai", 'supplier: "openai"',
                      "supplier: 'openai'", '"supplier": "openai"'))  # fmt: skip
        # A CLI's config naming its API (`default-api: openai`, mods).
        words.update(f"default{sep}api: {q}openai" for sep in "-_" for q in ("", '"', "'"))
        # An app's own model record naming its provider by id (`"providerId": "openai"` beside `"id"`).
        words.update(f"{lead}{q}openai" for lead in ('providerId": ', 'provider_id": ', "providerId: ", "provider_id: ")
                     for q in (('"',) if lead.endswith('": ') else ("", '"', "'")))  # fmt: skip
        # A hosted tool an app keeps in its own data (`"tools": [{"type": "web_search_preview"}]`,
        # a YAML agent's `- type: code_interpreter`): see extract/config_tools.py.
        for kind, hosted in self.hosted_types.items():
            if not hosted.requires_any:
                words.update((f"type: {kind}\n", f'"type": "{kind}"', f'"type":"{kind}"'))
        # A model setting beside a block of Azure OpenAI credentials (`azure: {api_key: ...}`).
        words.update(("\nazure:\n", "\nazure_openai:\n"))
        # An Azure deployment named after its model (`azure_deployment: gpt-4o` of a prompty file's
        # `type: azure_openai` configuration, `"llm.api_type": "azure"` beside `"llm.model"`, azd's
        # `${AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-5.4}`): see extract/azure_deployments.py.
        words.update(("deployment:", "deployment_name:", '"deployment_name"', '_deployment"', "DeploymentName",
                      "DEPLOYMENT=", "DEPLOYMENT_NAME=", "type: azure_openai", "api_type: azure", 'api_type": "azure',
                      # (azd's `infra/ai.yaml` and ARM templates: `model: {format: OpenAI, name: gpt-4o}`;
                      # an ARM file's parameters, `"AzureOpenAIModelName": {"defaultValue": "gpt-35-turbo"}`.)
                      "format: OpenAI", '"format": "OpenAI"', "schema.management.azure.com"))
        # A document whose provider setting names OpenAI's chat client (a preset's `provider: chat_openai`).
        words.update(("provider: chat_openai", "provider: azure_openai", 'provider": "chat_openai"'))
        # A mapping that names the class it builds (`class: pkg.mod:OpenAISolver`, `llm: ChatOpenAI`).
        if self.frameworks.class_configs is not None:
            words.update(f"{k}: " for k in self.frameworks.class_configs.keys)
        # A setting holding an `openai/gpt-4o` or `azure/gpt-4.1` string, whatever its key
        # (`model: openai/gpt-4o-mini` in a CI matrix, R2R's `quality_llm: openai/gpt-5`).
        words.update(f"{lead}{q}{prefix}/" for lead in (": ", '": ') for q in ("", "'", '"')
                     for prefix in self.model_string_heads)  # fmt: skip
        return tuple(sorted(words))
