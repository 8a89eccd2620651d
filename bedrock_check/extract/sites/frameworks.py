"""Framework constructors and calls whose arguments become request fields (the catalogue's
constructors, and libraries' own model classes read as one: `extract/libmodels.py`), client
constructions, realtime session settings, `providerOptions` objects and framework objects
configured by attribute stores."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bedrock_check.catalogue import Constructor
from bedrock_check.extract.bodies import camel_to_snake, clean, merge, models_at, variants, within
from bedrock_check.extract.callsite import Alt, Arr, Attr, Call, CallSite, Obj, Ref
from bedrock_check.extract.classvendor import class_provider
from bedrock_check.extract.config_lists import listed_provider
from bedrock_check.extract.libmodels import library_spec
from bedrock_check.extract.resolve import Sym
from bedrock_check.extract.session_methods import AUDIO_APPEND
from bedrock_check.extract.sites.clients import _DOUBLES
from bedrock_check.extract.sites.providers import Providers, _route
from bedrock_check.extract.sites.tools import Tools, _snake_keys, _snake_ptr
from bedrock_check.findings import (
    MODEL_OBJECT,
    UNRESOLVED_BASE_URL,
    CodeObservation,
    ElsewhereSpan,
    Observation,
    Pointer,
    Span,
)
from bedrock_check.vocabulary import CHECKED_PROVIDERS, TEST_DOUBLE

#: An enum member's or class constant's name (`GPT_4O_MINI`, langroid's `GPT4o`).
_CONSTANT_MEMBER = re.compile(r"^[A-Z][A-Za-z0-9_]*$")


def _move(body: dict[str, Any], spans: dict[Pointer, Span], old: Pointer, new: Pointer) -> None:
    """Move the value at path `old` (a keyword, or a field inside one) to `new`, its spans with it.
    An alias never replaces the field itself when both are given: LangChain.js's
    `AzureOpenAIEmbeddings({model: "text-embedding-3-small", azureOpenAIApiDeploymentName: "embed"})`
    names its model by `model`; the deployment name stands in only when no model is given.
    A field that holds the alias's own object is replaced (`model: {modelName: "gpt-4o"}`)."""
    parent: Any = body
    for key in old[:-1]:
        parent = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(parent, dict) or old[-1] not in parent:
        return
    target: Any = body
    for key in new[:-1]:
        target = target.get(key, {}) if isinstance(target, dict) else None
    if isinstance(target, dict) and new[-1] in target and tuple(old[: len(new)]) != tuple(new):
        return  # (unless the field is the object the alias sits in: Stagehand's `model: {modelName}`)
    value = parent.pop(old[-1])
    target = body
    for key in new[:-1]:
        target = target.setdefault(key, {}) if isinstance(target, dict) else None
    if not isinstance(target, dict):
        return
    target[new[-1]] = value
    n = len(old)
    for p in [p for p in spans if tuple(p[:n]) == old]:
        moved: Pointer = (*new, *p[n:])
        spans[moved] = spans.pop(p)


def _switched_tool(body: dict[str, Any], spans: dict[Pointer, Span], key: str, kind: str) -> None:
    """An option set to `true` that switches a hosted tool on (`codeInterpreterEnabled: true`):
    the tool it adds to the request's `tools`, written where the option is."""
    if body.pop(key, None) is not True or (key,) not in spans:
        return
    tools = body.setdefault("tools", [])
    if isinstance(tools, list):
        where = spans[(key,)]
        spans[("tools", len(tools))] = spans[("tools", len(tools), "type")] = where
        tools.append({"type": kind})


def _provider_key(spec: Constructor) -> str:
    """The options key a framework call's provider setting is read under (its keyword, or
    `model_provider` when only its position is known)."""
    return next((w for w in spec.provider_args if isinstance(w, str)), "model_provider")


class Frameworks(Providers, Tools):
    """Framework constructors and the request fields their arguments become."""

    def _counts_tokens(self, site: CallSite) -> bool:
        """Whether a construction is the value of a `counting_keywords` keyword (`token_counter=ChatOpenAI(...)`)."""
        before = (self.m.src.line(site.span.line) or "")[: max(site.span.column - 1, 0)].rstrip()
        return any(before.endswith((f"{k}=", f"{k}:")) for k in self.cat.frameworks.counting_keywords)

    def _double_named(self, span: Span | None) -> bool:
        """Whether an argument written in this file is named as a test double (`mock_client`)."""
        if span is None or isinstance(span, ElsewhereSpan) or span.line != span.end_line:
            return False
        text = (self.m.src.line(span.line) or "")[span.column - 1 : span.end_column - 1]
        return _DOUBLES.search(text) is not None

    def _tree_class(self, site: CallSite, call: Call, qual: str) -> bool:
        """Whether a call builds, given nothing, a class defined in a file of the scanned tree
        (the app's own `OpenAIEmbedder()` in a registry of embedders): no library's, read by its
        name; its own file's calls are what it sends, reported there. (One given a model sends
        that model: `RoleLLM("gpt-4o-mini")`; a name the tree re-exports is the library's.)"""
        imp = self.m.imports.get(site.chain[0]) if len(site.chain) == 1 else None
        if imp is None or call.args or call.kwargs or qual != f"{imp.module}.{imp.name}" or self.r.project is None:
            return False
        path, name = self.r.project.source(self.m, imp)
        model = self.r.project.model(path) if path is not None else None
        return model is not None and (name or imp.name) in model.classes

    def _constructed(self, site: CallSite, call: Call, func: Sym) -> Iterator[Observation]:
        qual = func.dotted
        module, _, name = qual.rpartition(".")
        entry = self.cat.clients.get(qual)
        spec = self.cat.constructors.get(qual) if entry is None else None
        if spec is None and entry is None and qual not in self.cat.tool_constructors:
            spec = library_spec(self, site, qual, call)  # a library's own model class (`OpenaiChatModel("gpt-4o")`)
            if spec is not None and self._tree_class(site, call, qual):
                spec = None  # (asked only of a class read as a library's: it may parse the other file)
        found = list(self._framework(site, call, spec)) if spec is not None else []
        if found and self._counts_tokens(site):
            found = []  # (a model object that only counts tokens sends no request)
        # A framework object the catalogue sends to another provider (its model is another
        # vendor's) is not an OpenAI endpoint's construction: its call, counted as skipped, says so.
        elsewhere = any(isinstance(o, CodeObservation) and o.kind == "call" and o.span == site.span
                        and not self.cat.is_checked(o.provider) for o in found)  # fmt: skip
        if module and not elsewhere:
            yield self._code("constructor", name, site.span, module=module)
        if entry is not None and not entry.provider_factory:
            provider, attrs = (TEST_DOUBLE, ()) if self._double(func) else self._client_args(entry, call)
            if self.go_test_client(provider, attrs):
                provider = TEST_DOUBLE
            if provider == "openai" and self.m.classes and any(k == UNRESOLVED_BASE_URL for k, _ in attrs):
                provider = class_provider(self, site.scope) or provider  # (as for its calls, in `_sdk_call`)
            yield self._code("client", qual, site.span, module=module, provider=provider, attrs=attrs)
            shown = f"{module}.{site.chain[-1]}" if name == "default" else qual  # `import OpenAI from "openai"`
            if provider == "bedrock":
                for key, value in attrs:
                    if key == "region":
                        yield self._region(call, entry, value, shown, site.span)
                        break
            return
        if entry is not None and entry.provider_factory:
            return  # `bedrock(region=...)`: the client it is passed to reports the Region, once
        yield from found
        tool = self.cat.tool_constructors.get(qual)
        if tool is not None and self.file_vendor is None:
            yield from self._tool(site, call, tool)

    def _region(self, call: Call, entry: Any, value: str, qual: str, span: Span) -> CodeObservation:
        _, spans = self._options(call)
        keys = (*entry.region_arg, *self.cat.providers.base_url_args)
        where = next((spans[(k,)] for k in keys if (k,) in spans), span)
        return self._code("region", value, where, module=qual)

    def _framework(self, site: CallSite, call: Call, spec: Constructor) -> Iterator[Observation]:
        if not spec.model_args and spec.provider is None and self.in_foreign(site.span):
            return  # settings given to another provider's call (`Agent(model="litellm/gemini/...", model_settings=...)`)
        if self._test_file:
            from bedrock_check.extract.config_code import test_mocks
            if spec.api is not None and test_mocks(self):
                return  # (a model object in a test that fakes its calls sends nothing: `monkeypatch.setattr(llm._client...)`)
            if self._patches_library(spec):
                return  # (`patch("lightrag.llm.openai.create_openai_async_client", ...)`: the library's sending is faked)
        saved, self.r.alternates = self.r.alternates, []
        try:
            raw, raw_spans = self._options(call, index=spec.options_arg)
            raw = dict(raw)
            fields = set(spec.fields if spec.fields is not None else self.cat.frameworks.request_fields)
            for key in [k for k in raw if k in fields]:
                raw[key] = self.r.returns(raw[key], (key,), raw_spans)  # `prompt=make_prompt`
            for where in spec.model_args:
                if isinstance(where, int) and len(call.args) > where:
                    raw["model"] = self.r.value(call.args[where], ("model",), raw_spans)
                    break
            if self._own_enum_model(call, spec):
                for key in ("model", *(k for k in spec.model_args if isinstance(k, str))):
                    raw.pop(key, None)
            if isinstance(spec.client, int) and len(call.args) > spec.client:  # (`from_openai(client, ...)`)
                raw.setdefault("client", self.r.value(call.args[spec.client], ("client",), raw_spans))
            named = _provider_key(spec)
            for where in spec.provider_args:
                if isinstance(where, int) and len(call.args) > where and named not in raw:
                    raw[named] = self.r.value(call.args[where], (named,), raw_spans)
                    break
            branches = self.r.alternates
        finally:
            self.r.alternates = saved
        first = True
        foreign: str | None = None
        for body, spans in [(raw, raw_spans), *variants(raw, raw_spans, branches)]:
            provider, found = self._framework_requests(site, body, spans, spec, fragment=not first)
            if first and not self.cat.is_checked(provider):
                # (One branch's value, `EMBEDDINGS_MODEL = "amazon.titan-embed-text-v2:0"` under `elif provider
                # == BEDROCK`, makes the call another vendor's only when no other branch's makes it OpenAI's.)
                foreign = foreign or provider
                continue
            first = False
            yield from found
        if first and foreign is not None:
            self._foreign.append(site.span)
            self._foreign.extend(sp for sp in raw_spans.values() if not isinstance(sp, ElsewhereSpan))
            yield self._code("call", ".".join(spec.name[0].split(".")[-2:]), site.span, provider=foreign)

    def _framework_requests(self, site: CallSite, body: dict[str, Any], spans: dict[Pointer, Span], spec: Constructor,
                            fragment: bool) -> tuple[str | None, list[Observation]]:  # fmt: skip
        """The provider and the requests of one framework call (of one branch of its options)."""
        body, spans = dict(body), dict(spans)
        extra = models_at(clean(body, (), []), spans, tuple(spec.models)) if spec.models else []
        fields = set(spec.fields if spec.fields is not None else self.cat.frameworks.request_fields)
        unseen = [(k, spec.rename.get(n, n), body[k], spans.get((k,), site.span))
                  for k in spec.unseen if k in body and self.unseen_whole(body[k])
                  for n in [camel_to_snake(k) if spec.camel else k]]  # fmt: skip
        if spec.camel:
            body = _snake_keys(body)
            spans = {_snake_ptr(p): s for p, s in spans.items()}
        for old, new in spec.rename.items():
            _move(body, spans, tuple(old.split(".")), tuple(new.split(".")))
        for key, kind in spec.flags.items():
            _switched_tool(body, spans, key, kind)
        if spec.event is not None and spec.session is not None:
            # The settings are the socket event they configure; the models named are checked too.
            named = [(body["model"], spans[("model",)])] if isinstance(body.get("model"), str) and ("model",) in spans else []
            event = list(self._session_event(site, body, spans, spec))
            return spec.provider, event + self.more_models(named + extra, site.span, spec.provider)
        merged: set[str] = set()
        for key in spec.merge:
            merged |= merge(body, spans, key)
        provider = spec.provider
        client_attrs: tuple[tuple[str, str], ...] = ()
        given = spec.client_key
        if provider is None and isinstance(body.get("model"), Sym):
            provider = self._model_object_provider(body["model"])
        if provider is None and not given:
            provider = self.default_client_provider()  # `set_default_openai_client(...)` in this file
        if given and isinstance(body.get(given), Sym):
            provider, client_attrs = self.provider_of(body[given])
        if spec.model_provider is not None:
            provider = self._provider_named(body.get(_provider_key(spec))) or provider
        provider = next((p for k, p in spec.routes.items() if k in body or (k,) in spans), provider)
        if given and self._test_file and self._double_named(spans.get((given,))):
            provider = TEST_DOUBLE  # (`llm_factory("gpt-4", client=mock_sync_client)`: a test's fixture)
        pair = body.get("model")
        if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str) and self._provider_named(pair[0]):
            # `model=("openai", "gpt-4o-mini")`: a (platform, model) pair names both.
            provider = self._provider_named(pair[0])
            body["model"] = pair[1]
            if ("model", 1) in spans:
                spans[("model",)] = spans[("model", 1)]
        if provider == "azure" and not given:
            # (An Azure OpenAI object pointed at a local proxy of Azure's routes, or at another
            # vendor's server, `azure_endpoint="http://localhost:4000"`: that server's.)
            served = self._base_url_provider(body)
            provider = served if served is not None and served not in CHECKED_PROVIDERS else provider
        if provider in (None, "openai") and not given:
            provider = self._base_url_provider(body) or provider
            if provider == spec.provider == "openai" and not any(k in body for k in self.cat.providers.base_url_args):
                # (`ChatOpenAI(model="gpt-3.5-turbo")` in a file that sets `OPENAI_API_BASE` to a local server)
                provider = self.env_provider() or provider
        model = body.get("model")  # names the provider even when it is not a checked field
        # (On Azure a model object's model names the deployment: one named after an OpenAI model
        # runs it, `AzureOpenAILLMClient(config=LLMConfig(model="gpt-5-mini"))`; another name is no model.)
        deployed = isinstance(model, str) and self.cat.deployment_model(model)
        if spec.config and self._test_file:
            return "azure" if self._in_azure_call(site.span) else provider, []
        if spec.config and self._in_azure_call(site.span):
            if not deployed:
                return "azure", []
            provider = "azure"
        if spec.llm_config is not None:
            provider = listed_provider(self.cat, body.get(spec.llm_config)) or provider
        # (An audio source handed to the session: `audio_track=AudioRecorderWebRTC()`; and where
        # its spoken replies are played: AG2's `audio_adapter=` does both.)
        fed = [spans[(k,)] for k in spec.audio_in if body.get(k) is not None and (k,) in spans]
        played = [spans[(k,)] for k in spec.audio_out if body.get(k) is not None and (k,) in spans]
        body = {k: v for k, v in body.items() if k in fields or k in merged}
        self._tool_options(body, spans, fields, spec.tool_names)
        body = clean(body, (), [], self.presence)
        if provider in (None, "openai") and (led := self.lead_vendor(model)) is not None:
            provider = led  # `model=f"cohere/{self.name}"`
        elif isinstance(model, str):
            _, vendor = self.cat.read_model(model)
            if vendor is not None and provider in (None, "openai"):
                provider = vendor if vendor not in ("openai",) else (provider or "openai")
            elif provider in ("bedrock", "azure") and vendor not in {None, *CHECKED_PROVIDERS}:
                # Another vendor's model on Bedrock (Mistral on Mantle) or on Azure AI Foundry
                # (Cohere through an Azure client): not an OpenAI workload.
                provider = vendor
        if spec.config and provider == "azure" and not deployed:
            return provider, []  # `LiteLLMModel(model_id="azure/<deployment>")`: a deployment's name, not a model id
        self._fix_model(body, provider)
        if not self.cat.is_checked(provider):
            return provider, []
        endpoint = spec.endpoint
        if spec.runs_model:
            if provider is None or not self._runs_here(site, model):
                return provider, []  # (a model object made elsewhere reports its endpoint where it is made)
            self._runs.append(site.span)
        elif endpoint != "unknown" and any(within(site.span, outer) for outer in self._runs):
            endpoint = "unknown"  # a model factory given to a call that uses the endpoint: its model only
            self._run_models.add(site.span)
        # (`Agent(tools=get_tools())` of an installed package: kept as a value the code does not show.)
        self.keep_unseen(site, body, spans, unseen)
        if spec.endpoint == "chat.completions":
            body.setdefault("messages", [])
            spans[("messages",)] = site.span  # reported at the call, whatever its messages
        route = _route(provider, client_attrs)
        found: list[Observation] = [self.request({"type": AUDIO_APPEND}, {(): sp}, "unknown", sp, provider, fragment=True)
                                    for sp in fed]  # fmt: skip
        found.extend(self.request({"modalities": ["audio"]}, {(): sp, ("modalities",): sp, ("modalities", 0): sp}, "unknown",
                                  sp, provider, fragment=True) for sp in played)  # fmt: skip
        if endpoint != "unknown":
            # The endpoint is used at the call, not where a spread dict was built; or where the
            # model is written, for an option that switches the endpoint on (`embedding:` of a memory).
            spans[()] = spans.get(("model",), site.span) if spec.used_at_model else site.span
        if body or endpoint != "unknown":  # a call to an endpoint is a use, whatever its options
            # (A model object's requests go over `api` when run: its model is checked there.)
            endpoint = spec.api if endpoint == "unknown" and spec.api else endpoint
            if endpoint == "unknown" and isinstance(body.get("model"), str):
                # A model object: the text generation of every call made through it (the
                # readiness counts it as such, as it does a request that sends `input`).
                route = (*route, (MODEL_OBJECT, "1"))
            found.append(self.request(body, spans, endpoint, site.span, provider, fragment=fragment, attrs=route))
        return provider, found + self.more_models(extra, site.span, provider, route)

    def _runs_here(self, site: CallSite, model: Any) -> bool:
        """Whether a `runs_model` call's model is written in it: a model string, or a model
        object made inside the call (`embed({model: openai.embedding("...")})`). A model object
        made elsewhere (`const m = openai.embedding(...)`) is reported where it is made."""
        if isinstance(model, str):
            return True
        call = model.call if isinstance(model, Sym) else None
        return call is not None and (model.model is None or model.model is self.m) and within(call.span, site.span)

    def _patches_library(self, spec: Constructor) -> bool:
        """Whether this test file replaces a part of the library module a catalogue function
        comes from (`patch("lightrag.llm.openai.create_openai_async_client")`, `vi.mock("@ai-sdk/openai")`):
        the function's calls there reach a double."""
        text = self.m.src.text
        for name in spec.name:
            module, dot, _ = name.rpartition(".")
            if dot and any(f"{q}{module}." in text or f"mock({q}{module}{q}" in text for q in ("'", '"')):
                return True
        return False

    def _fix_model(self, body: dict[str, Any], provider: str | None = None) -> None:
        """Read a framework model string; drop ids that are not OpenAI's (nothing to check).
        On Azure the model names a deployment: one named in Azure's spelling of a model
        (`gpt-35-turbo`) runs that model."""
        model = body.get("model")
        if isinstance(model, str):
            mid, vendor = self.cat.read_model(model)
            if vendor in CHECKED_PROVIDERS:
                body["model"] = mid
            elif provider == "azure" and self.cat.deployment_model(model):
                pass
            else:
                del body["model"]

    def _own_enum_model(self, call: Call, spec: Constructor) -> bool:
        """Whether a framework call names its model by a member of the framework's own model
        enum (`ChatAgent(model=ModelType.GPT_4O_MINI)`, `(ModelPlatformType.OPENAI,
        ModelType.GPT_4O)` with CAMEL's `camel.types`): the id is written once, in the
        framework's catalogue of model names, and this call writes none to check."""
        exprs = [v for k, v in call.kwargs if k in spec.model_args]
        exprs += [call.args[i] for i in spec.model_args if isinstance(i, int) and len(call.args) > i]
        package = spec.name[0].split(".")[0]
        for _ in range(3):  # (through a parameter's default or a local: `model_type=ModelType.GPT_4O`)
            # (Of a `(platform, model)` pair, the model: `(ModelPlatformType.OPENAI, "gpt-4.1")` names an id.)
            # (Of `model or OpenAIChatModel.GPT4o`, each option: the library's enum names the fallback.)
            exprs = [o for e in exprs for o in (e.options if isinstance(e, Alt) else (e,))]
            items = [i for e in exprs for i in (e.items[-1:] if isinstance(e, Arr) else (e,))]
            for item in items:
                sym = self.r.qualify(item) if isinstance(item, Attr) else None
                if sym is not None and sym.dotted.split(".")[0] == package and _CONSTANT_MEMBER.match(sym.dotted.rpartition(".")[2]):
                    return True
            exprs = []
            for item in items:
                found = self.r.lookup(item.name, item.scope, item.pos) if isinstance(item, Ref) else None
                if found is not None:
                    bindings, owner = found
                    exprs += [self.m.lower(b.raw, owner) for b in bindings if b.raw is not None and b.kind in ("param", "assign")]
            if not exprs:
                break
        return False

    def _session_event(self, site: CallSite, body: dict[str, Any], spans: dict[Pointer, Span],
                       spec: Constructor) -> Iterator[Observation]:  # fmt: skip
        """A framework call that configures a realtime session, checked as the socket event
        that carries those settings."""
        assert spec.event is not None and spec.session is not None
        _move(body, spans, tuple(spec.session.split(".")), ("session",))
        session = clean(body.get("session"), ("session",), [])
        if isinstance(session, dict) and session and self._talks_to_openai():
            spans = {p: sp for p, sp in spans.items() if p and p[0] == "session"}
            yield self.request({"type": spec.event, "session": session}, spans, "unknown", site.span, None, fragment=True)

    def _provider_options(self, site: CallSite, call: Call) -> Iterator[Observation]:
        """`providerOptions.openai` (and the like) in a call's option objects."""
        options = self.cat.frameworks.provider_options
        if not options or not call.args:
            return
        for spec in options:
            if not self._holds_options(site.span, spec.path[0]):
                continue
            for arg in call.args:
                if not isinstance(arg, Obj):
                    continue
                spans: dict[Pointer, Span] = {}
                value: Any = self.r.value(arg, (), spans)
                owner = self._options_provider(value, spec.provider)
                for key in spec.path:
                    value = value.get(key) if isinstance(value, dict) else None
                if not isinstance(value, dict) or not value:
                    continue
                n = len(spec.path)
                conv = camel_to_snake if spec.camel else str
                body = clean({conv(k): v for k, v in value.items()}, (), [], self.presence)
                moved = {(conv(str(p[n])), *p[n + 1 :]): sp for p, sp in spans.items()
                         if len(p) > n and tuple(p[:n]) == tuple(spec.path)}  # fmt: skip
                if body:
                    yield self.request(body, moved, "responses", site.span, owner)

    def _options_provider(self, options: Any, provider: str | None) -> str | None:
        """The provider a call's `providerOptions.openai` settings go to: the OpenAI provider's,
        unless the call's model object is an already-Bedrock one (`model: bedrockMantle.responses(
        "openai.gpt-5.5")`, or a `createBedrockMantle` instance's, `mantle.responses(...)`: the
        catalogue's `provider_instances`), which reads the same options; its findings are then
        worded as every call already on Bedrock is (no migration step)."""
        model = options.get("model") if isinstance(options, dict) else None
        if provider != "openai" or not isinstance(model, Sym) or model.path:
            return provider
        qual = model.qual or ""
        # (`mantle("openai.gpt-5.5")` is `<factory>()()`, `mantle.responses(...)` `<factory>().responses()`.)
        factory, _, rest = (qual[:-4], "", "") if qual.endswith("()()") else qual.partition("().")
        instances = self.cat.frameworks.provider_instances
        if factory in instances and (rest.endswith("()") or not rest):
            spec = self.cat.constructors.get(f"{instances[factory]}.{rest[:-2]}" if rest else instances[factory])
            owner = spec.provider if spec is not None else None
        else:
            owner = self._model_object_provider(model)
        return "bedrock" if owner == "bedrock" else provider

    def _attribute_settings(self) -> Iterator[Observation]:
        """Framework objects configured by attribute stores (the catalogue's `attribute_settings`:
        `interpreter.llm.model = "gpt-4o"`): each store of the model is a request with the
        object's other settings of the file (its `api_base`) beside it."""
        for entry in self.cat.frameworks.attribute_settings:
            prefix = tuple(entry.prefix.split("."))
            stores: dict[str, list[tuple[str, Any, int, Span]]] = {}
            for chain, raw, scope, span in self.m.attr_stores:
                if chain[1:-1] == prefix and self._object_of(chain[0], scope, span) in entry.object:
                    stores.setdefault(chain[0], []).append((chain[-1], raw, scope, span))
            spec = Constructor(name=list(entry.object), model=entry.model, fields=["model"])
            for settings in stores.values():
                others: dict[str, Any] = {}
                for attr, raw, scope, _ in settings:
                    if attr != entry.model and attr not in others:
                        others[attr] = self.r.value(self.m.lower(raw, scope), (attr,), {})
                for attr, raw, scope, span in settings:
                    if attr != entry.model:
                        continue
                    spans: dict[Pointer, Span] = {}
                    body = {**others, "model": self.r.value(self.m.lower(raw, scope), ("model",), spans)}
                    spans.setdefault(("model",), span)
                    site = CallSite(raw, scope, span, (entry.prefix, attr))
                    yield from self._framework_requests(site, body, spans, spec, fragment=False)[1]

    def _object_of(self, name: str, scope: int, span: Span) -> str | None:
        """The qualified name of the object a name stands for where it is stored to: an
        import, an instance built in the file, or (bound by nothing) the one catalogue
        object of that name (a profile the host runs with `interpreter` injected)."""
        imp = self.m.imports.get(name)
        if imp is not None:
            return f"{imp.module}.{imp.name}" if imp.name != "*" else None
        value = self.r.value(Ref(name, scope, (span.line, span.column), span))
        if isinstance(value, Sym):
            return value.dotted
        if self.r.lookup(name, scope, (span.line, span.column)) is not None:
            return None
        owners = {n for e in self.cat.frameworks.attribute_settings for n in e.object if n.rsplit(".", 1)[-1] == name}
        return owners.pop() if len(owners) == 1 else None
