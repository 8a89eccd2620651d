"""Which provider a call goes to: the client it is made on (followed through wrappers and
across files), the model id it names, a framework's provider setting or base URL, the
pre-1.0 module's settings, and a URL's host."""

from __future__ import annotations

import re
import sys
from typing import Any

from bedrock_check.catalogue import Constructor
from bedrock_check.extract.bodies import camel_to_snake
from bedrock_check.extract.callsite import Attr, Call, Ref
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.envset import azure_api_type
from bedrock_check.extract.resolve import EnvVar, Lead, Stop, Sym
from bedrock_check.extract.sites.base import _NAMES_OPENAI, _is_openai_module
from bedrock_check.extract.sites.clients import Clients
from bedrock_check.findings import (
    DEFAULT_BASE_URL,
    UNRESOLVED_BASE_URL,
)
from bedrock_check.vocabulary import CHECKED_PROVIDERS, TEST_DOUBLE

#: Node's built-in modules imported without `node:` (their functions pass values through).
_NODE_BUILTINS = frozenset({"util", "events", "stream", "buffer", "assert", "url", "path", "fs", "os", "http", "https", "crypto"})

#: Client wrappers (`wrap_openai(...)`, `instructor.from_openai(...)`) followed to the client inside.
MAX_WRAPPERS = 4


def _route(provider: str | None, attrs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Where a call through a Bedrock client goes: its client's endpoint, Region and base URL
    (each call is checked against them, not only against the workload's target)."""
    if provider != "bedrock":
        # A base URL the code does not show goes with every call (the finding says so).
        return tuple((k, v) for k, v in attrs if k == UNRESOLVED_BASE_URL)
    return tuple((k, v) for k, v in attrs if k in ("endpoint", "region", "base_url"))


class Providers(Clients):
    """Which provider a call, a client value, a model or a URL goes to."""

    def provider_of(self, value: Any, depth: int = 0) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        """The provider of a client value (and what its constructor says: base URL, Region)."""
        if isinstance(value, Sym) and depth > MAX_WRAPPERS:
            model = value.model or self.m
            line = value.call.span.line if value.call is not None else None
            self.r.stops.append(Stop(model.origin or model.path, line, f"a client wrapped more than {MAX_WRAPPERS} times", client=True))
        if not isinstance(value, Sym) or depth > MAX_WRAPPERS:
            return self.file_vendor, ()
        if self._double(value):
            return TEST_DOUBLE, ()
        qual = value.qual or ""
        call = value.call
        if call is None:
            base = qual
            return self.cat.clients[base].provider if base in self.cat.clients else (
                self.cat.provider_of_module(base) or self.file_vendor), ()  # fmt: skip
        name = qual[:-2] if qual.endswith("()") else qual
        if value.model is None or value.model is self.m:
            sub = self
        else:
            sub = type(self)(value.model, self.cat, self.r.project)
            sub.r.stops = self.r.stops
        if name in self.cat.client_wrappers:
            idx = self.cat.client_wrappers[name]
            if len(call.args) > idx:
                return sub.provider_of(sub.r.value(call.args[idx]), depth + 1)
            given = next((v for k, v in call.kwargs if k is not None and "client" in k.lower()), None)
            if given is not None:  # (`instructor.patch(client=client)`)
                return sub.provider_of(sub.r.value(given), depth + 1)
            return None, ()
        if name in self.cat.dropins:
            return self.cat.dropins[name], ()
        entry = self.cat.clients.get(name)
        if entry is None:
            named = sub._constructor_vendor(name, call)
            if named is not None:
                return named, ()
            vendor = self.cat.provider_of_module(name) or self.file_vendor
            if vendor is None:
                return sub._library_object(name, call, depth)
            return vendor, ()
        if entry.client_arg:
            options, _ = sub._options(call)
            for key in entry.client_arg:
                given = options.get(key)
                if isinstance(given, Sym) and given.call is not None and not given.path:
                    return sub.provider_of(given, depth + 1)  # (`OpenAIProvider(openai_client=AsyncAzureOpenAI())`)
        return sub._client_args(entry, call)

    def _stored_client(self, base: Any, prefixes: list[Any]) -> Any:
        """The client an application stores on an installed library's object and calls through
        it (`bp.openai_client = AsyncOpenAI(...)` on a Quart `Blueprint`, then
        `bp.openai_client.responses.stream(...)`): the SDK method's receiver is that attribute,
        not the library object. None when the base is no such object, or no attribute of it
        on the way to the method is a client (a library's own client keeps its calls:
        `get_client(url=...).threads.create()`)."""
        if not (isinstance(base, Sym) and base.call is not None and not base.path):
            return None
        name = (base.qual or "").removesuffix("()")
        if name in self.cat.clients or name in self.cat.client_wrappers or name in self.cat.dropins:
            return None
        if self._installed_module(name) is None:
            return None
        root = prefixes[-1]
        for prefix in reversed(prefixes[:-1]):
            if not (isinstance(prefix, Attr) and prefix.obj is root and isinstance(root, Ref)):
                continue
            # (`bp.openai_client = AsyncOpenAI(...)` in a setup hook: a store on the object.)
            for chain, raw, scope, _ in self.m.attr_stores:
                if chain != (root.name, prefix.name):
                    continue
                value = self.r.value(self.m.lower(raw, scope))
                if isinstance(value, Sym) and value.call is not None and not value.path and \
                        (value.qual or "").removesuffix("()") in self.cat.clients:  # fmt: skip
                    return value
        return None

    def _library_object(self, name: str, call: Call, depth: int,
                        treeless: bool = False) -> tuple[str | None, tuple[tuple[str, str], ...]]:  # fmt: skip
        """The provider of an object an installed library's function or class returns
        (`client = get_client(url=...)` of `langgraph_sdk`, whose `client.threads.create()` is
        LangGraph's): that library's own, unless it is given a client (a wrapper, whose calls
        are that client's) or names OpenAI (`get_openai_client`, `wrap_openai`). Unknown
        (checked) when the function is the application's own or cannot be told (`treeless`: see
        `_installed_module`)."""
        if _NAMES_OPENAI.search(name):
            return None, ()
        for arg in (*call.args, *(v for _, v in call.kwargs)):
            inner = self.r.value(arg)
            if isinstance(inner, Sym) and inner.call is not None and not inner.path:
                provider, attrs = self.provider_of(inner, depth + 1)
                if self.cat.is_checked(provider) or provider == TEST_DOUBLE:
                    return provider, attrs  # (a wrapper of an OpenAI client, or of an unknown one)
        library = self._installed_module(name, treeless=treeless)
        return (library, ()) if library is not None else (None, ())

    def _installed_module(self, name: str, *, treeless: bool = False) -> str | None:
        """The top-level package of an imported dotted name when it comes from an installed
        library (not the scanned tree, not OpenAI's own packages), else None. With no tree
        to look in (a document's code fences), None unless `treeless` (then any absolute
        import is a library's) or the module is a catalogue `platform_sdks` one."""
        project = self.r.project
        platform = project is None and not treeless
        for imp in self.m.imports.values():
            if platform and imp.module not in self.cat.providers.platform_sdks:
                continue
            if imp.level or not imp.module:
                continue
            dotted = imp.module if imp.name in ("*", "default") else f"{imp.module}.{imp.name}"
            if name != dotted and not name.startswith(dotted + "."):
                continue
            if project is not None and project.source(self.m, imp)[0] is not None:
                return None  # (the application's own module)
            parts = imp.module.split("/")
            top = "/".join(parts[:2]) if imp.module.startswith("@") else parts[0].split(".")[0]
            if top in sys.stdlib_module_names or imp.module.startswith("node:") or top in _NODE_BUILTINS:
                return None  # (`typing.cast(...)`, `util.promisify(...)`: the value passes through)
            return None if _is_openai_module(imp.module) else top
        return None

    def default_client_provider(self) -> str | None:
        """The provider of the client this file makes every agent's default
        (`set_default_openai_client(AsyncOpenAI(base_url=...))`), or None when it sets none."""
        if self._default_client is None:
            found: str | None = None
            setters = self.cat.providers.default_client_setters
            tails = {n.rsplit(".", 1)[-1] for n in setters}
            for site in self.m.calls:
                if site.chain[-1] not in tails:
                    continue
                call = self.m.lower(site.raw, site.scope)
                named = self.r.qualify(call.func) if isinstance(call, Call) else None
                if isinstance(call, Call) and call.args and named is not None and named.dotted in setters:
                    found = self.provider_of(self.r.value(call.args[0]))[0]
                    break
            self._default_client = (found,)
        return self._default_client[0]

    def _caller(self, call: Call) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        """The provider of the client a call is made on. A client built in several places
        (`self.client = OpenAI(base_url=openrouter)` in one branch, `OpenAI()` in the
        other) is checked when one of them is a provider that is checked."""
        # The receiver's prefixes, base first (`self`, `self.client`, `self.client.chat`, ...):
        # the first that is an object is the client, with the other values it can be.
        prefixes: list[Any] = []
        expr: Any = call.func
        while isinstance(expr, Attr):
            prefixes.append(expr)
            expr = expr.obj
        prefixes.append(expr)
        saved = self.r.alternates
        client: Any = UNRESOLVED
        others: list[Any] = []
        try:
            for prefix in reversed(prefixes):
                self.r.alternates = []
                client = self.r.value(prefix)
                if not (isinstance(client, Sym) and (client.qual or "").startswith(("<self:", "<module:", "<class:"))):
                    others = [v for _, v, _ in self.r.alternates]
                    break
        finally:
            self.r.alternates = saved
        stored = self._stored_client(client, prefixes)
        if stored is not None:
            client, others = stored, []
        if not isinstance(client, Sym) and self._double(self.r.value(call.func)):
            # An object standing in for a client (`{responses: {create: vi.fn()}} as unknown as OpenAI`).
            return TEST_DOUBLE, ()
        told: tuple[str | None, tuple[tuple[str, str], ...]] | None = None
        for value in (client, *others):
            receiver = Sym(value.qual, (), value.call, value.model) if isinstance(value, Sym) else value
            provider, attrs = self.provider_of(receiver)
            if provider is None and others:
                continue  # (a client passed in: one of the kind the code builds itself, below)
            if self.cat.is_checked(provider):
                return provider, attrs
            told = told or (provider, attrs)
        if told is not None:
            # `self._client = client or OpenAI(base_url=local_url)`: built here only for another provider.
            return told
        return self.provider_of(Sym(client.qual, (), client.call, client.model) if isinstance(client, Sym) else client)

    def _module_provider(self) -> str | None:
        """The provider the pre-1.0 `openai` module is pointed at by the file
        (`openai.api_base = "http://localhost:8000/v1"`, `openai.api_type = "azure"`), or the
        base URL it sets in its environment, which the module reads."""
        text = self.m.src.text
        if azure_api_type(text):
            return "azure"  # (also set by another block or cell of the document: `with_settings`)
        if "openai.api_" not in text and "openai.base_url" not in text:
            return self.env_provider()
        keys = "|".join(re.escape(k) for k in (*self.cat.providers.base_url_args, "api_type"))
        for m in re.finditer(rf"^[ \t]*openai\.({keys})[ \t]*=[ \t]*[\"']([^\"'\n]+)[\"']", text, re.M):
            if m.group(1) == "api_type":
                if m.group(2).startswith("azure"):
                    return "azure"
                continue
            # (a full URL of a host no table knows is someone else's server, as a client's `base_url` is)
            found = self.cat.provider_of_base_url(m.group(2))
            if found:
                return found
        for chain, raw, scope, _ in self.m.attr_stores:
            # `openai.base_url = f"{server}/v1/"`: a URL built from the file's own values.
            if len(chain) == 2 and chain[0] == "openai" and chain[1] in self.cat.providers.base_url_args:
                url = self.r.value(self.m.lower(raw, scope))
                found = self.cat.provider_of_host(url) if isinstance(url, str) else None
                if found:
                    return found
        return self.env_provider()  # (`os.environ["OPENAI_API_BASE"] = ...`: the module's client reads it)

    def _legacy_receiver(self, client: Any, call: Call | None = None) -> bool:
        """Whether a pre-1.0 API name is called on the `openai` module itself or on a client
        the catalogue knows (`Completion.create` on anything else is someone else's), or on a
        name nothing in the code binds where the code imports a client class the catalogue
        knows: a documentation page builds the client in one fence
        (`const openai = new OpenAIApi(config)`) and calls it in the next."""
        if call is not None and not (isinstance(client, Sym) and client.qual) and self._unbound_receiver(call):
            return any(f"{imp.module}.{imp.name}" in self.cat.clients for imp in self.m.imports.values())
        if not isinstance(client, Sym) or not client.qual:
            return False
        if client.call is None:
            return client.qual == "openai"
        return client.qual.removesuffix("()") in self.cat.clients

    def _unbound_receiver(self, call: Call) -> bool:
        """Whether a method is called on a plain name that no import or binding of the code
        gives a value (`openai.createChatCompletion(...)` in a fence without its setup)."""
        base = call.func.obj if isinstance(call.func, Attr) else None
        return isinstance(base, Ref) and base.name not in self.m.imports and \
            self.r.lookup(base.name, base.scope, base.pos) is None

    def model_provider(self, provider: str | None, body: dict[str, Any],
                       attrs: tuple[tuple[str, str], ...] = (), written: Any = None) -> str | None:  # fmt: skip
        """A model id of another vendor moves an OpenAI-shaped call to that vendor. A Bedrock
        model id does so only on a client whose host is not known (`attrs`: what its
        construction says): an `OpenAI()` built with no base URL reaches the OpenAI API, where
        `openai.gpt-oss-120b` is no model, so its calls stay the OpenAI API's, to migrate.
        (`written`: the model as written, before `clean` drops a value known only by its prefix.)"""
        model = body.get("model", body.get("modelId"))
        said = written if isinstance(written, str) else model
        if isinstance(said, str) and said.startswith(self.cat.forwarded_prefixes) and said.count("::") > 1:
            return self.cat.read_model(said)[1]  # (a gateway's model that says where it forwards the request)
        led = self.lead_vendor(written if written is not None else model)
        if led is not None and provider in (None, "openai"):
            return led  # `model=f"cohere/{name}"`
        if isinstance(model, str) and provider is not None and provider not in self.cat.providers.providers:
            # An installed library's client with OpenAI's call shape that routes each request
            # by its model string (aisuite's `Client().chat.completions.create(model="openai:gpt-4o")`):
            # a provider-prefixed OpenAI or Azure model sends it there.
            named = self.cat.prefixed_model(model)
            return named[1] if named is not None else provider
        if isinstance(model, str) and provider in (None, "openai") and self.cat.is_bedrock_model_id(model) and not (
                provider == "openai" and self._openai_host(attrs)):  # fmt: skip
            return "bedrock"  # a Bedrock model id: the client is Bedrock's, however it was built
        if isinstance(model, str) and provider in (None, "openai", "bedrock"):
            _, vendor = self.cat.read_model(model)
            if vendor is not None and vendor not in CHECKED_PROVIDERS:
                return vendor  # (on Bedrock too: a Claude model there is not an OpenAI workload)
        return provider

    def lead_vendor(self, model: Any) -> str | None:
        """The vendor not checked that a model string known only by its prefix names
        (`f"cohere/{name}"`: Cohere), else None."""
        vendor = self.cat.provider_of_prefix(model.prefix[:-1]) if isinstance(model, Lead) else None
        return vendor if vendor is not None and vendor not in CHECKED_PROVIDERS else None

    def _openai_host(self, attrs: tuple[tuple[str, str], ...]) -> bool:
        """Whether a client's construction says it reaches the OpenAI API: no base URL at all
        (the SDK's default), or one whose host is the OpenAI API's."""
        return any(k == DEFAULT_BASE_URL or (k == "base_url" and self.cat.provider_of_base_url(v) == "openai")
                   for k, v in attrs)  # fmt: skip

    def _provider_named(self, value: Any) -> str | None:
        """The provider a framework's provider setting names: a provider's name, or an enum
        member named for one (`ModelPlatformType.OPENAI`, `LLMProvider.OPENAI`)."""
        if isinstance(value, Sym) and value.path:
            value = value.path[-1]
        elif isinstance(value, Sym) and value.qual:
            value = value.qual.rpartition(".")[2]
        if not isinstance(value, str):
            return None
        low = value.lower()
        return low if low in self.cat.providers.providers else self.cat.provider_of_prefix(low)

    def _base_url_provider(self, options: dict[str, Any]) -> str | None:
        """The provider a framework object's own base URL names (`api_base=` to Together, a
        local server, OpenAI's host), from the URL or the environment variable it is read from;
        also inside a client-settings group (LangChain.js `configuration: {baseURL}`)."""
        groups = [options.get(g) for g in self.cat.providers.base_url_groups]
        # (A camelCase option read with snake_case keys is `base_u_r_l`: both spellings are asked.)
        keys = list(dict.fromkeys(k for a in self.cat.providers.base_url_args for k in (a, camel_to_snake(a))))
        for key, holder in ((k, h) for h in (options, *groups) if isinstance(h, dict) for k in keys):
            url = holder.get(key)
            if isinstance(url, str):
                found = self.cat.provider_of_base_url(url)
            elif isinstance(url, EnvVar):
                # A vendor's variable name says it; else the default the code falls back to
                # (`os.getenv("OPENAI_BASE_URL", "http://localhost:1234/v1")`: LM Studio).
                found = self.cat.provider_of_env(url.name)
                if found in (None, "openai") and url.default and "://" in url.default:
                    found = self.cat.provider_of_base_url(url.default) or found
            else:
                continue
            if found:
                return found
        return None

    def _model_object_provider(self, model: Sym) -> str | None:
        """The provider of a model object passed as a framework's model
        (`Agent(OpenAIResponsesModel("gpt-5.2"))`, `Agent(GoogleModel("gemini-3"))`): its
        catalogue entry's, or the one its model string names."""
        qual = model.qual or ""
        if model.call is None or not qual.endswith("()") or model.path:
            return None
        spec = self.cat.constructors.get(qual[:-2])
        if spec is not None and spec.provider is not None:
            return spec.provider
        vendor = next((p for mod, p in self.cat.vendor_modules.items() if qual.startswith(mod + ".")), None)
        if vendor is not None and _named_directly(model.call.func):
            # `google.textEmbeddingModel("text-embedding-004")`: the SDK's vendor, whatever the id
            # looks like (not a provider picked from a table, `providers[name](id)`: any of them).
            return vendor
        sub = self if model.model is None or model.model is self.m else type(self)(model.model, self.cat, self.r.project)
        first = sub.r.value(model.call.args[0]) if model.call.args else sub.r.value(sub.kw(model.call, "model") or model.call)
        return self.cat.read_model(first)[1] if isinstance(first, str) else None

    def _constructor_vendor(self, name: str, call: Call) -> str | None:
        """The vendor of an object a framework builds from a model string that names its
        provider (instructor's `from_provider("anthropic/claude-3-haiku")`, whose client then
        takes OpenAI-shaped `client.chat.completions.create(...)` calls with no model): that
        vendor (`openai/gpt-4o`: OpenAI's, so a helper given clients of several providers is
        checked for the OpenAI one). None for any other callee, or a model string of no known
        vendor."""
        spec = self.cat.constructors.get(name)
        if spec is None or spec.provider is not None:
            return None
        for where in spec.model_args:
            raw = call.args[where] if isinstance(where, int) and len(call.args) > where else \
                self.kw(call, where) if isinstance(where, str) else None  # fmt: skip
            if raw is None:
                continue
            value = self.r.value(raw)
            return self.cat.read_model(value)[1] if isinstance(value, str) else None
        return None

    def _built_elsewhere(self, func: Sym, spec: Constructor) -> bool:
        """Whether a catalogue entry `spec` on an object's method (`praisonaiagents.ImageAgent().generate`)
        is called on an object built with another vendor's model (`ImageAgent(llm="gemini/imagen-3")`):
        the method sends to that vendor, as the object was built to. (An entry that names its
        provider, `OpenAIVoice().speak`, is that provider's whatever the object was given.)"""
        qual = func.qual or ""
        if spec.provider is not None or not qual.endswith("()") or len(func.path) != 1:
            return False
        if func.call is None or (func.model is not None and func.model is not self.m):
            return False  # (an object built in another file: its own file reports the construction)
        vendor = self._constructor_vendor(qual[:-2], func.call)
        return vendor is not None and not self.cat.is_checked(vendor)

    def _url_provider(self, url: str) -> str | None:
        """The provider a URL written in this file goes to: its host's, else (a host built
        at run time, `wss://${host}/v1/realtime`) the vendor the file belongs to."""
        found = self.cat.provider_of_host(url) or self.file_vendor
        if found is None and self._test_file:
            # A test's own server (`wss://gateway.example.com/v1/responses` given to the code
            # under test): a test value, not where the workload sends its requests.
            found = self.cat.provider_of_base_url(re.sub(r"^wss?://", "https://", url))
        return found


def _named_directly(func: Any) -> bool:
    """Whether a callee is written by name (`google.textEmbeddingModel`, `createOllama().embedding`),
    with no lookup by a key on the way (`providerList[provider].embedding`)."""
    while not isinstance(func, Ref):
        if isinstance(func, Attr):
            func = func.obj
        elif isinstance(func, Call):
            func = func.func
        else:
            return False
    return True
