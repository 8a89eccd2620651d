"""The loaded catalogue's tables: the four checked files indexed by name (SDK methods by
path, clients, constructors, HTTP calls, socket events, ...), what every lookup starts from."""

from __future__ import annotations

import re
from functools import cached_property

from bedrock_check.catalogue.framework_records import FrameworksFile
from bedrock_check.catalogue.records import ModelsFile, ProvidersFile, SdkFile
from bedrock_check.httppaths import PathTable
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, TEST_DOUBLE

#: The leading word of a model-string prefix (`azure` of `azure_openai:`); the catalogue's
#: check refuses a prefix that does not start with one.
#: (Portkey's model catalogue writes its provider after an `@`: `@openai/gpt-4o`.)
MODEL_PREFIX_HEAD = re.compile(r"@?[a-z0-9]+")


@dataclass(frozen=True)
class MethodMatch:
    """An SDK call recognised from its attribute path."""

    path: str
    endpoint: str
    body: bool
    connect: bool
    legacy: bool = False
    models: tuple[str, ...] = ("model",)
    fields: tuple[str, ...] = ()
    rename: tuple[tuple[str, str], ...] = ()
    args: tuple[str, ...] = ()
    unseen: tuple[str, ...] = ()


class CatalogueBase:
    """The four files of the catalogue and their entries indexed by name."""

    def __init__(self, sdk: SdkFile, providers: ProvidersFile, models: ModelsFile, frameworks: FrameworksFile) -> None:
        self.sdk = sdk
        self.providers = providers
        self.models = models
        self.frameworks = frameworks
        self.methods: dict[str, MethodMatch] = {
            p: MethodMatch(p, m.endpoint, m.body, m.connect, m.legacy, tuple(m.models), tuple(m.fields), tuple(m.rename.items()),
                           tuple(m.args), tuple(m.unseen))
            for m in sdk.methods for p in m.path
        }
        #: The Go SDKs' methods by path (`CreateChatCompletion`, `Chat.Completions.New`).
        self.go_methods: dict[str, MethodMatch] = {
            p: MethodMatch(p, m.endpoint, m.body, m.connect, m.legacy, tuple(m.models), tuple(m.fields), tuple(m.rename.items()),
                           unseen=tuple(m.unseen))
            for m in sdk.go_methods for p in m.path
        }
        self.wrappers = frozenset(sdk.wrappers)
        self.clients = {n: c for c in providers.clients for n in c.name}
        self.constructors = {n: c for c in frameworks.constructors for n in c.name}
        #: Raw HTTP calls by name (as written and as resolved): where their URL and body are.
        self.http_calls = {n: h for h in sdk.http_calls for n in h.name}
        #: The last names of the calls that send a body (`fetch`, `post`): only a call ending
        #: so is resolved to see whether it is one (`client.post` of an `httpx.Client()`).
        self.http_body_tails = frozenset(n.rsplit(".", 1)[-1] for h in sdk.http_calls for n in h.name
                                         if h.body_arg is not None or h.body_key is not None or "()." in n)  # fmt: skip
        #: Raw HTTP calls known by their method name on any object (`session.ws_connect(url)`).
        self.http_tails = {n.rsplit(".", 1)[-1]: h for h in sdk.http_calls if h.any_receiver for n in h.name}
        #: Method names of the app's own HTTP helpers, and the keywords that take their path.
        self.http_helpers = frozenset(sdk.http_helpers.names)
        self.path_keywords = tuple(sdk.http_helpers.path_keywords)
        self.openai_headers = tuple(sdk.openai_headers)
        self.realtime_markers = tuple(sdk.realtime_markers)
        self.generic_session_methods = frozenset(sdk.generic_session_methods)
        self.generic_methods = frozenset(sdk.generic_methods)
        #: Instances called as functions (`guardrails.Guard()`: `guard = Guard()`, then `guard(model=...)`),
        #: and the modules a file imports when it may call one.
        self.called_instances = frozenset(n for n in self.constructors if n.endswith("()"))
        self.called_instance_roots = frozenset(n.split(".")[0] for n in self.called_instances)
        #: Last names of instance methods in the catalogue (`agents.RealtimeRunner().run`).
        self.instance_methods = frozenset(n.rsplit(".", 1)[-1] for n, c in self.constructors.items() if "()." in n and not c.keys)
        #: And of those on an object looked up by key, held in a variable of the file (`llm =
        #: AnyLLM.create("openai")`, then `llm.completion(...)`), unless an SDK method is named so
        #: too (`create` of `get_registry().get("openai").create`, asked as written): only a receiver
        #: that is not an import is resolved for them (`openai.responses(...)` of the AI SDK is not one).
        sdk_names = frozenset(p.rsplit(".", 1)[-1] for p in self.methods)
        self.keyed_instance_methods = frozenset(n.rsplit(".", 1)[-1] for n, c in self.constructors.items()
                                                if "()." in n and c.keys and n.rsplit(".", 1)[-1] not in sdk_names)  # fmt: skip
        #: (lookup, method) of the entries on an object looked up by key (`get`, `create` of
        #: `get_registry().get("openai").create`): only such a chain is resolved to see whether it is one.
        self.keyed_methods = frozenset(tuple(n.rsplit(".", 2)[-2:]) for n, c in self.constructors.items() if c.keys)
        self.client_wrappers = {n: w.arg for w in frameworks.client_wrappers for n in w.name}
        self.dropins = {n: d.provider for d in frameworks.dropin_clients for n in d.name}
        self.hosted_types = {t: h for h in frameworks.hosted_tools for t in h.type}
        self.part_types = {t: p for p in frameworks.content_parts for t in p.type}
        self.commands = {n: c for c in frameworks.commands for n in c.name}
        self.media_adds = {a: m for m in sdk.media_inputs for a in m.add}
        self.module_mocks = frozenset(providers.module_mocks)
        self.doubles = frozenset(n for c in providers.clients if c.provider == TEST_DOUBLE for n in c.name)
        self.part_constructors = {n: p.type for p in frameworks.part_constructors if p.media_type is None for n in p.name}
        #: Constructors of a generic media part, by name: the part they build depends on their media type.
        self.media_parts = {n: p for p in frameworks.part_constructors if p.media_type is not None for n in p.name}
        self.tool_constructors = {n: t for t in frameworks.tool_constructors for n in t.name}
        self.event_types = {t: e for e in sdk.socket_events for t in e.type}
        self.event_classes = {c: (e.type[0], e) for e in sdk.socket_events for c in e.classes}
        for e in sdk.socket_events:  # (`InputAudioBufferAppendMessage`: a library's own class for the event)
            for t in e.type:
                stem = "".join(w[:1].upper() + w[1:] for w in re.split(r"[._]", t))
                for suffix in sdk.event_class_suffixes:
                    self.event_classes.setdefault(stem + suffix, (e.type[0], e))
        self.event_methods = {m: (e.type[0], e) for e in sdk.socket_events for m in e.methods}
        self.vendor_modules = {m: v.provider for v in providers.vendor_modules for m in v.module}
        self._prefixes = sorted(
            ((p, m.provider, m.keep) for m in models.model_prefixes for p in m.prefix), key=lambda t: -len(t[0])
        )
        #: (The gateway forms that name where the gateway forwards a request: `forwarded` prefixes.)
        self.forwarded_prefixes = tuple(p for m in models.model_prefixes if m.forwarded for p in m.prefix)

    @cached_property
    def model_string_heads(self) -> tuple[str, ...]:
        """The words the model-string prefixes of the providers to migrate start with (`openai`
        of `openai:`, `openai/`, `openai-responses:`; `azure` of `azure/`, `azure_openai:`): the
        cheap test a string literal passes before it is read as a `provider:model` string.
        (A word, not the prefix itself: `openai-foo:` is read further, as it always was.)"""
        # (Not a gateway's forwarded form, `tensorzero::model_name::openai::...`: read in the requests
        # it is sent in only, a gateway's logs and sample responses echo it.)
        heads = (MODEL_PREFIX_HEAD.match(p) for p, provider, _ in self._prefixes
                 if provider in MIGRATING_PROVIDERS and p not in self.forwarded_prefixes)  # fmt: skip
        return tuple(sorted({m[0] for m in heads if m}))  # (every prefix starts with one: `_check`)

    @cached_property
    def value_constructors(self) -> frozenset[str]:
        """Names whose calls stand for a value the catalogue describes (a tool, a content
        part): resolved by their import name, never followed into the library's source."""
        owners = (n.split("().", 1)[0] for n in self.constructors if "()." in n)
        return frozenset((*self.part_constructors, *self.media_parts, *self.tool_constructors, *owners))

    @cached_property
    def http(self) -> PathTable:
        """Which HTTP path belongs to which endpoint (`http_paths`): what every reader of a URL asks."""
        return PathTable(self.sdk.http_paths)
