"""What each call site means: SDK method, framework constructor, client and provider.

Language-neutral: it reads a `FileModel` (from either front-end), asks the resolver for
values and the catalogue for meaning, and yields observations:

- a request body (`RequestObservation`) for SDK calls that carry one and for framework
  constructors whose arguments become request fields;
- a `call` for every member call (the matrix's call signals match them), a
  `constructor` for every call of an imported name, a `client` for every client
  construction (with its provider and attributes), a `region` for a Bedrock client's
  Region, a `string` for every URL literal;
- a request holding one hosted-tool literal, wherever such a literal is written.

Every observation carries the provider it goes to when that is known; the scanner
skips (and counts) observations of providers that are not checked. A value the resolver
did not follow to its end becomes a `could-not-follow` diagnostic at the call, naming
the key left unchecked and where the chain stopped (`not_followed`).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from bedrock_check.catalogue import Catalogue, Constructor
from bedrock_check.extract.bodies import camel_to_snake, clean, merge, models_at, variants, within
from bedrock_check.extract.callsite import Arr, Attr, Call, CallSite, Expr, FileModel, Lit, Obj, Ref, Spread
from bedrock_check.extract.classdefaults import class_default_models
from bedrock_check.extract.classvendor import class_provider
from bedrock_check.extract.common import UNRESOLVED, Extracted
from bedrock_check.extract.config_code import code_configs, text_configs
from bedrock_check.extract.declared import declared_models, positional_models
from bedrock_check.extract.defaults import call_models, default_models, holder_models, prefixed_models
from bedrock_check.extract.helpers import helper_models
from bedrock_check.extract.joins import joined_requests, path_constants
from bedrock_check.extract.resolve import EnvVar, Resolver, Stop, Sym, env_name
from bedrock_check.extract.sessions import session_literals
from bedrock_check.extract.wire import event_models, http_requests, query_models, request_url, url_models
from bedrock_check.findings import (
    UNRESOLVED_BASE_URL,
    CodeKind,
    CodeObservation,
    Diagnostic,
    ElsewhereSpan,
    Observation,
    Pointer,
    RequestObservation,
    Span,
)
from bedrock_check.vocabulary import CHECKED_PROVIDERS, RUNTIME_ID_FIELDS, TEST_DOUBLE, ApiEndpoint, DiagnosticKind

#: Modules whose import marks a file as part of an OpenAI workload.
_OPENAI_MODULES = ("openai", "agents", "@openai/", "@ai-sdk/openai", "langchain_openai", "@langchain/openai",
                   "litellm", "llama_index.llms.openai", "pydantic_ai", "instructor", "crewai", "ai",
                   "rt-client")  # fmt: skip


_NAMES_OPENAI = re.compile(r"open[_-]?ai|azure", re.IGNORECASE)
_BEDROCK_HOST = re.compile(r"bedrock-(mantle|runtime)(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.")


def _other_models_only(found: list[Observation], cat: Catalogue) -> list[Observation]:
    """A file whose Bedrock client sends only another vendor's models (Qwen on Mantle's `/v1`;
    every call that names a model names one of theirs): the client's Region and base path are
    not checked for the target's OpenAI model, which nothing in the file sends."""
    bedrock = [o for o in found if isinstance(o, CodeObservation) and (o.kind == "region" or (
               o.kind == "client" and o.provider == "bedrock" and any(k == "base_url" for k, _ in o.attrs)))]
    if not bedrock:
        return found
    # (a call whose model is not known here, `model=fine_tuned_model`, names no OpenAI model either)
    checked = any(isinstance(o, RequestObservation) and cat.is_checked(o.provider) and isinstance(o.body.get("model"), str)
                  for o in found)  # fmt: skip
    other = any(isinstance(o, CodeObservation) and o.kind == "call" and o.provider is not None
                and not cat.is_checked(o.provider) for o in found)  # fmt: skip
    if checked or not other:
        return found
    ids = {id(o) for o in bedrock}
    out: list[Observation] = []
    for o in found:
        if id(o) in ids and isinstance(o, CodeObservation):
            if o.kind == "region":
                continue
            o = replace(o, attrs=tuple((k, v) for k, v in o.attrs if k != "base_url"))
        out.append(o)
    return out


def bedrock_host_attrs(url: str) -> list[tuple[str, str]]:
    """The endpoint and Region a Bedrock base URL names (none for another host)."""
    host = _BEDROCK_HOST.search(url)
    if host is None:
        return []
    return [("endpoint", "runtime" if host.group(1) == "runtime" else "mantle"), ("region", host.group(2))]


def _route(provider: str | None, attrs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Where a call through a Bedrock client goes: its client's endpoint, Region and base URL
    (each call is checked against them, not only against the workload's target)."""
    if provider != "bedrock":
        # A base URL the code does not show goes with every call (the finding says so).
        return tuple((k, v) for k, v in attrs if k == UNRESOLVED_BASE_URL)
    return tuple((k, v) for k, v in attrs if k in ("endpoint", "region", "base_url"))


#: A test file: `*.test.ts`, `*.spec.js`, or a file under `__tests__/`, `test/` or `tests/`.
_TEST_FILE = re.compile(r"\.(test|spec)\.[cm]?[jt]sx?$|(^|/)(__tests__|tests?)/")

#: Could-not-follow diagnostics one file reports one by one (the rest are counted).
MAX_NOT_FOLLOWED = 20
#: Client wrappers (`wrap_openai(...)`, `instructor.from_openai(...)`) followed to the client inside.
MAX_WRAPPERS = 4


#: Paths of test files (a `tests/` folder, `test_x.py`, `x_test.py`, `x.test.ts`, `x.spec.js`).
_TEST_FILE = re.compile(r"(^|/)(tests?|__tests__)/|(^|/)test_[^/]*\.py$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$")


def _attr_names(e: Expr) -> list[str]:
    """An attribute chain's names, base first, `()` for a call in it (`a.b().c`)."""
    out: list[str] = []
    while True:
        if isinstance(e, Attr):
            out.append(e.name)
            e = e.obj
        elif isinstance(e, Call):
            out.append("()")
            e = e.func
        elif isinstance(e, Ref):
            out.append(e.name)
            return out[::-1]
        else:
            return ["?", *out[::-1]]


def _key_text(key: Pointer) -> str:
    """`tools[0].parameters` for the pointer ("tools", 0, "parameters")."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


#: Import roots that are never a module of the scanned tree (standard library and common
#: packages: not worth a look-up).
_LIBRARY_ROOTS = frozenset({"os", "sys", "json", "typing", "re", "logging", "asyncio", "dataclasses", "pathlib",
                            "collections", "datetime", "time", "pydantic", "openai", "react", "next"})


#: A part's field read from another part (`part.input_audio.data`, `part.file.file_id`).
_CONVERTED = re.compile(r"\.\s*(?:input_audio|file_id|file_data|file)\b")


def _is_openai_module(module: str) -> bool:
    return any(module == m or module.startswith(m if m.endswith("/") else (m + ".", m + "/"))
               for m in _OPENAI_MODULES)  # fmt: skip


def _unknown(value: Any) -> bool:
    """None, or a list of values none of which is written out (`[f.id for f in files]`, an
    uploaded file's id)."""
    return value is None or (isinstance(value, list) and all(v is UNRESOLVED or isinstance(v, Sym) for v in value))


def _move(body: dict[str, Any], spans: dict[Pointer, Span], old: Pointer, new: Pointer) -> None:
    """Move the value at path `old` (a keyword, or a field inside one) to `new`, its spans with it."""
    parent: Any = body
    for key in old[:-1]:
        parent = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(parent, dict) or old[-1] not in parent:
        return
    value = parent.pop(old[-1])
    target: Any = body
    for key in new[:-1]:
        target = target.setdefault(key, {}) if isinstance(target, dict) else None
    if not isinstance(target, dict):
        return
    target[new[-1]] = value
    n = len(old)
    for p in [p for p in spans if tuple(p[:n]) == old]:
        moved: Pointer = (*new, *p[n:])
        spans[moved] = spans.pop(p)


#: An enum member's or class constant's name (`GPT_4O_MINI`).
_CONSTANT_MEMBER = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _provider_key(spec: Constructor) -> str:
    """The options key a framework call's provider setting is read under (its keyword, or
    `model_provider` when only its position is known)."""
    return next((w for w in spec.provider_args if isinstance(w, str)), "model_provider")


def _without_foreign_tools(body: dict[str, Any], spans: dict[Pointer, Span],
                           foreign: Any) -> tuple[dict[str, Any], dict[Pointer, Span]]:  # fmt: skip
    """The body without the tool entries of other vendors' APIs, its spans renumbered."""
    kept = [i for i, item in enumerate(body["tools"]) if not foreign(item)]
    moved = {old: new for new, old in enumerate(kept)}
    out: dict[Pointer, Span] = {}
    for ptr, sp in spans.items():
        if len(ptr) >= 2 and ptr[0] == "tools" and isinstance(ptr[1], int):
            if ptr[1] not in moved:
                continue
            ptr = ("tools", moved[ptr[1]], *ptr[2:])
        out[ptr] = sp
    return {**body, "tools": [body["tools"][i] for i in kept]}, out


def _snake_keys(value: Any) -> Any:
    """camelCase keys at any depth in snake_case (`vectorStoreIds` -> `vector_store_ids`)."""
    if isinstance(value, dict):
        return {camel_to_snake(k): _snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake_keys(v) for v in value]
    return value


def _snake_ptr(ptr: Pointer) -> Pointer:
    return tuple(camel_to_snake(p) if isinstance(p, str) else p for p in ptr)


def observe(model: FileModel, project: Any, context: str | None, what: str) -> Extracted:
    """Everything one parsed file says: its observations and the values not followed to
    their end; code nested past the interpreter's recursion limit is one diagnostic
    (`what` names the code in it: "Python code")."""
    from bedrock_check.catalogue import shipped_catalogue

    result = Extracted()
    try:
        sites = Sites(model, shipped_catalogue(), project, context)
        result.observations.extend(sites.observations())
        result.diagnostics.extend(sites.not_followed)
    except RecursionError:
        result.diagnostics.append(Diagnostic(model.path, DiagnosticKind.TOO_DEEP, f"{what} nested too deeply to check"))
    return result


class Sites:
    """Asks the catalogue about every call of one file."""

    def __init__(self, model: FileModel, catalogue: Catalogue, project: Any = None, context: str | None = None) -> None:
        self.m = model
        self.cat = catalogue
        self.r = Resolver(model, project, catalogue.value_constructors)
        self.context = context
        self.file_vendor = self._file_vendor()
        self.presence = frozenset(catalogue.frameworks.presence_fields)
        #: Per option key (`providerOptions`), the lines that hold it: a call needs its
        #: arguments read for them only when its own lines do (looked up, not re-joined,
        #: so a test file's enclosing `describe(...)` does not cost its whole text per call).
        self._option_lines: dict[str, list[int]] = {}
        for word in {o.path[0] for o in catalogue.frameworks.provider_options}:
            if word in model.src.text:
                self._option_lines[word] = [n for n, line in enumerate(model.src.lines, 1) if word in line]
        self._has_options = bool(self._option_lines)
        self._field_keywords = [k for k in catalogue.frameworks.field_keywords if k in model.src.text]
        #: Spans of calls that go to another provider: literals inside them are theirs.
        self._foreign: list[Span] = []
        #: The providers of the clients this file constructs (None: not told).
        self.client_providers: set[str | None] = set()
        #: A could-not-follow diagnostic per (call, key, stop), in the order met.
        self._not_followed: dict[tuple[Any, ...], Diagnostic] = {}
        self._openai_file: bool | None = None
        #: The provider of the agents' default client this file sets, when first asked.
        self._default_client: tuple[str | None] | None = None
        #: Whether the file's own calls make a request to OpenAI (set once its calls are read).
        self.sends_openai = False
        #: Modules the file replaces with test doubles (`vi.mock("openai")`), when first asked.
        self._mocked: frozenset[str] | None = None
        #: URLs that raw HTTP calls of this file build from constants.
        self._fetched: list[str] = []
        #: Lines that name an SDK method (or a framework function) without calling it there
        #: (`retry(client.chat.completions.create, ...)`), and names bound to one.
        self._ref_lines, self._aliases = catalogue.method_refs(model.src.text)
        #: Lines that pass a client event's type as a call's first argument (`send('session.update', {...})`).
        self._named_event_lines = catalogue.named_event_lines(model.src.text)
        #: Calls that construct an Azure client (what they are given names deployments).
        self._azure_calls: list[Span] = []
        #: A test file: a provider-neutral model object there is exercised with a mock, not sent.
        self._test_file = bool(_TEST_FILE.search(model.path.replace(os.sep, "/")))
        #: The code names OpenAI or Azure (`OpenaiPath`, `OPENAI_BASE_URL`): a path it joins may be theirs.
        self._names_openai = bool(_NAMES_OPENAI.search(model.src.text))
        #: Local names of library modules this file imports from a module of the scanned
        #: tree under their own name (`from app.llm import litellm`, a lazy proxy).
        self.proxies = frozenset(
            local for local, imp in model.imports.items()
            if imp.name in catalogue.frameworks.module_proxies and imp.module.split(".")[0] != imp.name
            and (imp.level or (project is not None and project.source(model, imp)[0] is not None)))  # fmt: skip

    def _talks_to_openai(self) -> bool:
        """Whether this file's socket events go to OpenAI: it imports an OpenAI library or
        names an OpenAI/Azure URL, and names no other provider's URL or SDK (xAI, Inworld
        and others speak the same realtime protocol)."""
        if self._openai_file is None:
            hosts = {self.cat.provider_of_host(url) for url, _ in self.m.urls} - {None}
            self._openai_file = self.file_vendor is None and not (hosts - CHECKED_PROVIDERS) and (
                bool(hosts & {"openai", "azure"})
                or any(_is_openai_module(i.module) and self.cat.provider_of_module(i.module) is None
                       for i in self.m.imports.values())
                or self._imports_openai_socket())  # fmt: skip
            if not self._openai_file and self.file_vendor is None and not hosts:
                # `fetch(REALTIME_CALLS_URL, ...)` with the URL imported from a constants module.
                sent = {self.cat.provider_of_host(url) for url in self._http_urls()} - {None}
                self._openai_file = bool(sent & {"openai", "azure"}) and not (sent - CHECKED_PROVIDERS)
        return self._openai_file

    def talks_to_openai(self) -> bool:
        """Whether this file's socket events go to OpenAI (see `_talks_to_openai`)."""
        return self._talks_to_openai()

    def inside_event(self, span: Span, tails: frozenset[str]) -> bool:
        """Whether a span lies inside a socket event written as an object literal or sent by
        a connection method (`{type: "session.update", session: {...}}`, `conn.session.update(session={...})`),
        or inside a call named like a catalogue entry (`tails`: `client.updateSession({...})`),
        where it is checked as that event or call says."""
        for raw, scope, kind in self.m.typed_literals:
            if kind in self.cat.event_types and within(span, self.m.lower(raw, scope).span):
                return True
        return any(((len(site.chain) >= 3 and ".".join(site.chain[-2:]) in self.cat.event_methods)
                    or site.chain[-1] in tails) and within(span, site.span)
                   for site in self.m.calls)  # fmt: skip

    def _http_urls(self) -> list[str]:
        """The URLs this file's raw HTTP calls (`fetch(URL, ...)`) send to, as far as resolved."""
        urls: list[str] = []
        for site in self.m.calls:
            spec = self.cat.http_calls.get(".".join(site.chain)) if len(site.chain) < 3 else None
            if spec is None:
                continue
            call = self.m.lower(site.raw, site.scope)
            if isinstance(call, Call) and len(call.args) > spec.url:
                url = request_url(self, call, spec)
                if isinstance(url, str) and "://" in url:
                    urls.append(url)
        return urls

    def _imports_openai_socket(self) -> bool:
        """Whether a module of the scanned tree this file imports (its own socket wrapper,
        `import { RealtimeAPI } from './api.js'`) names an OpenAI URL and no other provider's."""
        project = self.r.project
        if project is None:
            return False
        for imp in self.m.imports.values():
            path = project.source(self.m, imp)[0] if imp.level or imp.module.startswith(".") else None
            other = project.model(path) if path else None
            if other is None:
                continue
            hosts = {self.cat.provider_of_host(url) for url, _ in other.urls} - {None}
            if hosts & {"openai", "azure"} and not hosts - CHECKED_PROVIDERS:
                return True
        return False

    def uses_openai_library(self) -> bool:
        """Whether this file, or a module of the scanned tree it imports, imports an OpenAI
        library, whatever other providers it also names: an app's `llms.py` that builds
        `ChatOpenAI`, `ChatOllama` and `ChatAnthropic` side by side still sends OpenAI model
        ids to OpenAI (looser than `_talks_to_openai`, which must be sure of every event)."""
        if self.file_vendor is not None:
            return False
        if self._talks_to_openai() or self.imports_openai_module():
            return True

        def openai_imports(m: FileModel) -> bool:
            return any(_is_openai_module(i.module) and self.cat.provider_of_module(i.module) is None
                       for i in m.imports.values())  # fmt: skip

        return openai_imports(self.m) or any(openai_imports(other) for other in self._tree_imports())

    def _tree_imports(self) -> Iterator[FileModel]:
        """The modules of the scanned tree this file imports (parsed when first asked)."""
        project = self.r.project
        if project is None:
            return
        for imp in self.m.imports.values():
            if imp.module.split(".")[0] in _LIBRARY_ROOTS:
                continue
            path = project.source(self.m, imp)[0]
            other = project.model(path) if path else None
            if other is not None:
                yield other

    def imports_openai_module(self) -> bool:
        """Whether a module of the scanned tree this file imports (the app's own OpenAI
        helpers, `from app.openai_utils import chat`) imports an OpenAI library or names an
        OpenAI URL, and no other provider's."""
        for other in self._tree_imports():
            hosts = {self.cat.provider_of_host(url) for url, _ in other.urls} - {None}
            if hosts - CHECKED_PROVIDERS:
                continue
            if hosts & {"openai", "azure"} or any(
                    _is_openai_module(i.module) and self.cat.provider_of_module(i.module) is None
                    for i in other.imports.values()):  # fmt: skip
                return True
        return False

    def openai_class(self, imp: Any) -> bool:
        """Whether an import names a framework class the catalogue says talks to OpenAI
        (`from langchain.chat_models import ChatOpenAI`, a legacy path of no OpenAI module)."""
        spec = self.cat.constructors.get(f"{imp.module}.{imp.name}")
        return spec is not None and spec.provider == "openai"

    def _file_vendor(self) -> str | None:
        """Another vendor's SDK imported by a file that imports no OpenAI library, or the
        vendor whose SDK package the file is part of (`@ai-sdk/xai`'s sources and tests,
        `langchain-xai`: their `{type: "web_search"}` is that vendor's tool, whatever
        they import)."""
        project = self.r.project
        package = project.package_name(self.m.origin) if project is not None else None
        owner = self.cat.provider_of_module(package) if package else None
        if owner is not None and not self.cat.is_checked(owner):
            return owner
        vendor = None
        for imp in self.m.imports.values():
            mod = imp.module
            if _is_openai_module(mod) and self.cat.provider_of_module(mod) is None:
                return None
            vendor = vendor or self.cat.provider_of_module(mod)
        return vendor

    # ------------------------------------------------------------ helpers

    def request(self, body: dict[str, Any], spans: dict[Pointer, Span], endpoint: ApiEndpoint | str, span: Span,
                 provider: str | None, fragment: bool = False,
                 attrs: tuple[tuple[str, str], ...] = ()) -> RequestObservation:  # fmt: skip
        """A request observation of this file (`spans` locate its parts)."""
        if isinstance(body.get("tools"), list) and any(map(self.cat.foreign_tool, body["tools"])):
            body, spans = _without_foreign_tools(body, spans, self.cat.foreign_tool)
        locate: Any = spans.get
        if any(isinstance(sp, ElsewhereSpan) for sp in spans.values()):
            shown = {sp.origin: self._display(sp.origin) for sp in spans.values() if isinstance(sp, ElsewhereSpan)}
            spans = {p: (replace(sp, path=shown[sp.origin]) if isinstance(sp, ElsewhereSpan) else sp)
                     for p, sp in spans.items()}  # fmt: skip
            locate = spans.get
        return RequestObservation(
            path=self.m.path, body=body, endpoint=ApiEndpoint(endpoint), span=span, locate=locate,
            source_line=self.m.src.line, context=self.context, provider=provider, fragment=fragment, attrs=attrs,
        )  # fmt: skip

    def _display(self, origin: str) -> str:
        """Another file's path as the report shows this one's: relative to the same root."""
        here = self.m.origin
        if here is None:
            return origin
        rel = os.path.relpath(origin, os.path.dirname(here))
        return os.path.normpath(os.path.join(os.path.dirname(self.m.path), rel)).replace(os.sep, "/")

    def _code(self, kind: CodeKind, value: str, span: Span, module: str | None = None, provider: str | None = None,
              attrs: tuple[tuple[str, str], ...] = ()) -> CodeObservation:  # fmt: skip
        if kind == "client":
            self.client_providers.add(provider)
        return CodeObservation(self.m.path, kind, value, span, module=module, snippet=self.m.snippet(span.line),
                               context=self.context, provider=provider, attrs=attrs)  # fmt: skip

    def kw(self, call: Call, name: str) -> Any:
        """The expression passed as keyword `name`, or None."""
        for k, v in call.kwargs:
            if k == name:
                return v
        return None

    def options_of(self, call: Call) -> tuple[dict[str, Any], dict[Pointer, Span]]:
        """A call's named arguments: Python keywords, or the JS options object."""
        return self._options(call)

    def _options(self, call: Call, scope_depth: int = 1, index: int | None = None) -> tuple[dict[str, Any], dict[Pointer, Span]]:
        """A call's named arguments: Python keywords, or the JS options object (the first
        object argument, or argument `index`)."""
        spans: dict[Pointer, Span] = {}
        body: dict[str, Any] = {}
        if index is not None:
            if len(call.args) > index:
                value = self.r.value(call.args[index], (), spans, scope_depth)
                if isinstance(value, dict):
                    return value, spans
            return {}, {}
        if call.kwargs:
            for k, v in call.kwargs:
                if k is None:
                    merged = self.r.value(v, (), spans, scope_depth)
                    if isinstance(merged, dict):
                        body.update(merged)
                    continue
                body[k] = self.r.value(v, (k,), spans, scope_depth)
                if k in RUNTIME_ID_FIELDS and not isinstance(v, (Lit, Arr, Obj)) and _unknown(body[k]):
                    # `previous_response_id=prev` with `prev = None` until the first reply sets it
                    # (the state the call sends from its second turn on), `file_ids=file_ids` built
                    # from ids known only at run time: reported where the request names them.
                    body[k] = UNRESOLVED
                    for p in [p for p in spans if p[:1] == (k,)]:
                        del spans[p]
                    spans[(k,)] = v.span
            return body, spans
        # The first argument that is an object: ids come first in the Node SDK's resource
        # methods (`assistants.update(assistantId, {...})`, `runs.submitToolOutputsStream(threadId, runId, {...})`).
        for arg in call.args:
            if isinstance(arg, Spread):
                continue
            if not isinstance(arg, Obj) and isinstance(arg, Lit):
                continue
            value = self.r.value(arg, (), spans, scope_depth)
            if isinstance(value, dict):
                return value, spans
            spans.clear()
            if isinstance(arg, Obj):
                break
        return {}, {}

    # ------------------------------------------------------------ providers

    def provider_of(self, value: Any, depth: int = 0) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        """The provider of a client value (and what its constructor says: base URL, Region)."""
        if isinstance(value, Sym) and depth > MAX_WRAPPERS:
            model = value.model or self.m
            line = value.call.span.line if value.call is not None else None
            self.r.stops.append(Stop(model.origin or model.path, line, f"a client wrapped more than {MAX_WRAPPERS} times"))
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
            sub = Sites(value.model, self.cat, self.r.project)
            sub.r.stops = self.r.stops
        if name in self.cat.client_wrappers:
            idx = self.cat.client_wrappers[name]
            if len(call.args) > idx:
                return sub.provider_of(sub.r.value(call.args[idx]), depth + 1)
            return None, ()
        if name in self.cat.dropins:
            return self.cat.dropins[name], ()
        entry = self.cat.clients.get(name)
        if entry is None:
            return self.cat.provider_of_module(name) or self.file_vendor, ()
        return sub._client_args(entry, call)

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

    def _client_args(self, entry: Any, call: Call) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        options, _ = self._options(call)
        if _TEST_FILE.search(self.m.path) and any(k in options for k in self.cat.providers.transport_args):
            # `new OpenAI({ fetch: async () => new Response(...) })` in a test: the client's
            # transport is a test double, and its requests reach no API.
            return TEST_DOUBLE, ()
        attrs: list[tuple[str, str]] = []
        provider = entry.provider
        bedrock_sdk = entry.provider == "bedrock"  # BedrockOpenAI, or OpenAI(provider=bedrock(...)) below
        for key in self.cat.providers.provider_args:
            factory = options.get(key)
            if isinstance(factory, Sym) and factory.call is not None:
                fname = (factory.qual or "")[:-2]
                fentry = self.cat.clients.get(fname)
                if fentry is not None and fentry.provider_factory:
                    provider = fentry.provider
                    bedrock_sdk = bedrock_sdk or fentry.provider == "bedrock"
                    fopts, _ = self._options(factory.call)
                    for rk in fentry.region_arg:
                        if isinstance(fopts.get(rk), str):
                            attrs.append(("region", fopts[rk]))
                    if isinstance(fopts.get("endpoint"), str):
                        attrs.append(("endpoint", fopts["endpoint"]))
        for key in entry.region_arg:
            if isinstance(options.get(key), str):
                attrs.append(("region", options[key]))
        for key in self.cat.providers.base_url_args:
            url = options.get(key)
            if isinstance(url, Sym) and env_name(url) is not None:
                url = EnvVar(str(env_name(url)))  # `baseURL: process.env.OPENAI_BASE_URL`
            if isinstance(url, str) and url:
                attrs.append(("base_url", url))
                # An unknown host is another server only for the generic client: an Azure
                # or Bedrock client class says where it goes whatever the host's spelling.
                found = self.cat.provider_of_base_url(url) if entry.provider == "openai" else self.cat.provider_of_host(url)
                if found and not (provider == "bedrock" and found == "local"):
                    provider = found
                attrs.extend(bedrock_host_attrs(url))
            elif isinstance(url, EnvVar):
                attrs.append(("base_url_env", url.name))
                found = self.cat.provider_of_env(url.name)
                # `os.getenv("AIMLAPI_BASE_URL", "https://api.aimlapi.com/v1")`: where it goes when unset.
                default = self.cat.provider_of_base_url(url.default) if url.default and "://" in url.default else None
                if found and found != "openai":
                    provider = found
                elif default and entry.provider == "openai":
                    provider = default
                    attrs.append(("base_url", str(url.default)))
                elif provider == entry.provider == "openai":
                    # `base_url=os.getenv("OPENAI_API_BASE")`: set where the app runs, maybe to another
                    # server; a .env of the tree that sets it says which, else the finding says so.
                    setting = self.r.project.env_setting(self.m.origin, url.name) if self.r.project is not None else None
                    if setting and "://" in setting:
                        attrs.append(("base_url", setting))
                        provider = self.cat.provider_of_base_url(setting) or provider
                        attrs.extend(bedrock_host_attrs(setting))
                    else:
                        attrs.append((UNRESOLVED_BASE_URL, f"${url.name}"))
        if provider == "bedrock" and bedrock_sdk and self.r.project is not None and not any(
                k in ("endpoint", "base_url", "base_url_env") for k, _ in attrs):  # fmt: skip
            # The OpenAI SDKs' Bedrock clients read AWS_BEDROCK_BASE_URL (never OPENAI_BASE_URL).
            url = self.r.project.env_setting(self.m.origin, "AWS_BEDROCK_BASE_URL")
            if url:
                attrs.append(("base_url", url))
                attrs.extend(bedrock_host_attrs(url))
        if provider == "bedrock" and bedrock_sdk and not any(k in ("endpoint", "base_url", "base_url_env") for k, _ in attrs):
            attrs.append(("endpoint", "mantle"))  # the Bedrock clients' default endpoint
        if provider == entry.provider == "openai" and self.r.project is not None and not any(
                k in options for k in self.cat.providers.base_url_args):  # fmt: skip
            # No base URL passed: the SDK reads OPENAI_BASE_URL, maybe set in a .env of the tree.
            url = self.r.project.env_setting(self.m.origin, "OPENAI_BASE_URL")
            if url:
                attrs.append(("base_url", url))
                attrs.extend(bedrock_host_attrs(url))  # a Bedrock URL there names the endpoint and Region
                provider = self.cat.provider_of_host(url) or provider
        if provider == entry.provider == "openai":
            for key in (*self.cat.providers.base_url_args, *self.cat.providers.api_key_args):
                value = options.get(key)
                # (an empty string is a helper's default, not the URL its callers pass)
                if key in options and (value is UNRESOLVED or value == "" or isinstance(value, Sym)):
                    hinted = self.cat.provider_of_code(self._arg_text(call, key))
                    if hinted:
                        provider = hinted
                        break
        if provider == entry.provider == "openai":
            # A base URL read from a database or a settings object (`base_url=row.base_url`):
            # where the calls go is not known. They are still checked as the OpenAI API (what
            # the class defaults to), and each finding says the base URL was not resolved.
            for key in self.cat.providers.base_url_args:
                value = options.get(key)
                if key in options and (value is UNRESOLVED or isinstance(value, Sym)):
                    if self.file_vendor is not None and not self.cat.is_checked(self.file_vendor):
                        provider = self.file_vendor  # in another vendor's SDK package: its server
                    else:
                        attrs.append((UNRESOLVED_BASE_URL, self._arg_text(call, key).strip()[:80] or key))
                    break
        if provider == entry.provider == "openai":
            for key in self.cat.providers.api_key_args:
                env = options.get(key)
                if isinstance(env, EnvVar):
                    found = self.cat.provider_of_env(env.name)
                    if found and found != "openai":
                        provider = found
        return provider, tuple(attrs)

    def _arg_text(self, call: Call, key: str) -> str:
        """The source text of a keyword argument or option value (for name hints)."""
        expr = self.kw(call, key)
        if expr is None:
            for arg in call.args:
                if isinstance(arg, Ref):
                    arg = self._bound_object(arg)  # `new OpenAI(localAIOptions)`: the options object it names
                if isinstance(arg, Obj):
                    expr = next((v for k, v in arg.entries if k is not None and getattr(k, "value", None) == key), None)
                    if expr is not None:
                        break
        if expr is None:
            return ""
        sp = expr.span
        lines = self.m.src.lines[sp.line - 1 : sp.end_line]
        return "\n".join(lines)[:400] if sp.line != sp.end_line else (lines[0] if lines else "")[sp.column - 1 : sp.end_column - 1]

    def _bound_object(self, ref: Ref) -> Any:
        """The object literal a name is last given before its use, or None."""
        found = self.r.lookup(ref.name, ref.scope, ref.pos)
        if found is None:
            return None
        bindings, owner = found
        assigns = [b for b in bindings if b.kind == "assign" and b.raw is not None and b.pos <= ref.pos]
        return self.m.lower(assigns[-1].raw, owner) if assigns else None

    def model_provider(self, provider: str | None, body: dict[str, Any]) -> str | None:
        """A model id of another vendor moves an OpenAI-shaped call to that vendor."""
        model = body.get("model", body.get("modelId"))
        if isinstance(model, str) and provider in (None, "openai") and self.cat.is_bedrock_model_id(model):
            return "bedrock"  # a Bedrock model id: the client is Bedrock's, however it was built
        if isinstance(model, str) and provider in (None, "openai", "bedrock"):
            _, vendor = self.cat.read_model(model)
            if vendor is not None and vendor not in ("openai", "azure", "bedrock"):
                return vendor  # (on Bedrock too: a Claude model there is not an OpenAI workload)
        return provider

    def _fix_model(self, body: dict[str, Any]) -> None:
        """Read a framework model string; drop ids that are not OpenAI's (nothing to check)."""
        model = body.get("model")
        if isinstance(model, str):
            mid, vendor = self.cat.read_model(model)
            if vendor in ("openai", "azure", "bedrock"):
                body["model"] = mid
            else:
                del body["model"]

    # ------------------------------------------------------------ observations

    def observations(self) -> Iterator[Observation]:
        """Every observation of the file (then `not_followed` holds what was cut short)."""
        found: list[Observation] = []
        for site in self.m.calls:
            since = len(self.r.stops)
            found.extend(self._site(site))
            self._stopped(since, site.span)
            if self._field_keywords:
                found.extend(self._keywords(site))
        # A request of its own to OpenAI (or a provider not told) makes the file an OpenAI workload.
        self.sends_openai = any(isinstance(o, RequestObservation) and not o.fragment
                                and o.provider in ("openai", "azure", None) for o in found)  # fmt: skip
        yield from _other_models_only(found, self.cat)
        yield from self._literals()
        if self.m.paths:
            yield from path_constants(self)
        yield from session_literals(self)
        yield from default_models(self)
        yield from call_models(self)
        yield from helper_models(self)
        yield from declared_models(self)
        yield from positional_models(self)
        yield from holder_models(self)
        yield from prefixed_models(self)
        yield from code_configs(self)
        yield from text_configs(self)
        yield from class_default_models(self)
        if self.m.attr_stores and self.cat.frameworks.attribute_settings:
            yield from self._attribute_settings()
        for url, span in self.m.urls:
            if any(f.startswith(url) for f in self._fetched):
                continue  # a base-URL constant: reported where the URL it starts is fetched
            provider = self._url_provider(url)
            yield self._code("string", url, span, provider=provider)
            yield from url_models(self, url, span, provider)

    def foreign(self, span: Span) -> None:
        """Mark a call as going to a provider that is not checked: the literals written
        inside it are that provider's (a hosted-tool type there is not OpenAI's tool)."""
        self._foreign.append(span)

    def _double(self, value: Any) -> bool:
        """Whether a value is a test double: built by a mock factory (`vi.fn()`, `MagicMock()`,
        `sinon.createStubInstance(OpenAI)`, then anything chained on it), or a client of a
        module the file replaces with a double (`vi.mock("openai")`)."""
        if not isinstance(value, Sym) or not value.qual:
            return False
        qual = value.qual
        if qual.split("()", 1)[0] in self.cat.doubles and "()" in qual:
            return True
        mocked = self._mocked_modules()
        return bool(mocked) and any(qual == m or qual.startswith((m + ".", m + "/")) for m in mocked)

    def _mocked_modules(self) -> frozenset[str]:
        """The modules this file replaces with test doubles (`vi.mock("openai")`, `jest.mock(...)`)."""
        if self._mocked is None:
            found: set[str] = set()
            if "mock" in self.m.src.text:
                for site in self.m.calls:
                    if site.chain[-1:] not in (("mock",), ("doMock",)):
                        continue
                    call = self.m.lower(site.raw, site.scope)
                    if not isinstance(call, Call) or not call.args or not isinstance(call.args[0], Lit):
                        continue
                    func = self.r.value(call.func)
                    if isinstance(func, Sym) and func.dotted in self.cat.module_mocks and isinstance(call.args[0].value, str):
                        found.add(call.args[0].value)
            self._mocked = frozenset(found)
        return self._mocked

    def _url_provider(self, url: str) -> str | None:
        """The provider a URL written in this file goes to: its host's, else (a host built
        at run time, `wss://${host}/v1/realtime`) the vendor the file belongs to."""
        found = self.cat.provider_of_host(url) or self.file_vendor
        if found is None and self._test_file:
            # A test's own server (`wss://gateway.example.com/v1/responses` given to the code
            # under test): a test value, not where the workload sends its requests.
            found = self.cat.provider_of_base_url(re.sub(r"^wss?://", "https://", url))
        return found

    @property
    def not_followed(self) -> list[Diagnostic]:
        """One `could-not-follow` diagnostic per key a call's value chain was cut for (at
        most `MAX_NOT_FOLLOWED` a file, then one that counts the rest)."""
        found = list(self._not_followed.values())
        if len(found) <= MAX_NOT_FOLLOWED:
            return found
        rest = len(found) - MAX_NOT_FOLLOWED
        more = Diagnostic(self.m.path, DiagnosticKind.COULD_NOT_FOLLOW,
                          f"{rest} more values in this file could not be followed to their end; not checked")  # fmt: skip
        return [*found[:MAX_NOT_FOLLOWED], more]

    def _stopped(self, since: int, span: Span) -> None:
        """Turn the stops met since `since` into diagnostics at `span` (the call they are for)."""
        stops = self.r.stops
        for stop in stops[since:]:
            entry = (span.line, span.column, stop)
            if entry not in self._not_followed:
                self._not_followed[entry] = Diagnostic(self.m.path, DiagnosticKind.COULD_NOT_FOLLOW,
                                                       self._stop_message(stop), span.line, span.column)  # fmt: skip
        del stops[since:]

    def _stop_message(self, stop: Stop) -> str:
        here = self.m.origin or self.m.path
        if stop.path == here:
            where = f"line {stop.line}" if stop.line else "this file"
        else:
            shown = os.path.relpath(stop.path, os.path.dirname(here)) if self.m.origin else stop.path
            where = shown.replace(os.sep, "/") + (f":{stop.line}" if stop.line else "")
        what = f"the value of `{_key_text(stop.key)}`" if stop.key else "a value this call uses"
        return f"could not follow {what} to its end: stopped at {where} ({stop.reason}); not checked"

    def _dotted(self, chain: tuple[str, ...]) -> str:
        parts: list[str] = []
        for p in self.cat.strip_wrappers(list(chain)):
            if p == "()" and parts:
                parts[-1] += "()"
            else:
                parts.append(p)
        return ".".join(parts)

    def _site(self, site: CallSite) -> Iterator[Observation]:
        chain = site.chain
        if "Azure" in chain[-1]:
            self._azure_calls.append(site.span)
        http = self._http_spec(site)
        if http is not None:
            yield from http_requests(self, site, http)
        # The method path follows the last call in the chain: `drive.files().list()` is
        # not `files.list`, `OpenAI().responses.create` is `responses.create`.
        last = max((i for i, p in enumerate(chain) if p == "()"), default=-1)
        tail = ["<client>", *chain[last + 1 :]] if last >= 0 else list(chain)
        method = self.cat.method(tail) if len(tail) > 1 else None
        imported = chain[0] in self.m.imports or chain[0] in ("require",)
        if http is not None:
            yield from self._http_call(site, http)
        if len(chain) > 1 and chain[-1] in self.cat.media_adds:
            yield from self._media_input(site, self.cat.media_adds[chain[-1]])
        event = self._event_of(tail) if method is None else None
        if event is not None:
            yield from self._event_call(site, event)
        elif method is None and self._named_event_lines and site.span.line in self._named_event_lines:
            yield from self._named_event(site)
        if method is None and self._ref_lines and self._refers(site, chain):
            found = list(self._referenced(site))
            if found:
                yield from found
                return
        if method is None and http is None and (len(chain) == 1 or chain[-1] == "fetch") and self._names_openai:
            yield from self._helper_send(site)
        if method is None and not imported and len(chain) < 2:
            return
        dotted = self._dotted(chain)
        if method is not None:
            call = self.m.lower(site.raw, site.scope)
            if isinstance(call, Call):
                yield from self._sdk_call(site, call, dotted, method[1])
            return
        # Most calls are none of ours: lower the callee alone, and the arguments only
        # when the callee is in the catalogue (a nested call is not lowered again and again).
        wants_value = chain[-1] in ("bind_tools", "connect") or chain[-1] in self.cat.instance_methods
        func_expr = self.m.lower(site.func_raw, site.scope)
        func = self.r.value(func_expr) if wants_value else self.r.qualify(func_expr) if imported else None
        if imported and not wants_value and chain[0] in self.proxies:
            func = Sym(".".join(chain))  # `litellm.completion` through the app's own `litellm`
        elif not imported and not wants_value and len(chain) > 1 and self.m.lang == "python":
            func = self._free_name(func_expr, chain)
        qual = func.dotted if isinstance(func, Sym) else ""
        options = self._has_options and self._holds_options(site.span)
        full = wants_value or options or (
            qual in self.cat.clients or qual in self.cat.constructors or qual in self.cat.tool_constructors
            or (bool(qual) and self.cat.neutral_model_class(qual)))  # fmt: skip
        call = self.m.lower(site.raw, site.scope) if full else Call(func_expr, (), (), site.span)
        if not isinstance(call, Call):
            return
        if isinstance(func, Sym) and func.qual and not func.qual.startswith("<") and func.call is None:
            yield from self._constructed(site, call, func)
        elif isinstance(func, Sym) and func.call is not None and func.dotted in self.cat.constructors:
            yield from self._framework(site, call, self.cat.constructors[func.dotted])  # a method of an instance
        if chain[-1] == "bind_tools":
            yield from self._bind_tools(site, call, func, dotted)
            return
        if options:
            yield from self._provider_options(site, call)
        if len(chain) > 1 and self._own_method(func_expr, chain[-1]):
            return  # `manager.send_audio(...)` on the app's own class: its body's calls are the uses
        if len(chain) > 1:
            provider = None
            if chain[-1] == "connect" and isinstance(func, Sym):
                provider, _ = self.provider_of(Sym(func.qual, (), func.call, func.model))
            elif imported and chain[0] in self.m.imports and qual not in self.cat.clients:
                # `xai.tools.webSearch()` from `@ai-sdk/xai` is xAI's tool, not OpenAI's.
                provider = self.cat.provider_of_module(self.m.imports[chain[0]].module)
            yield self._code("call", dotted, site.span, provider=provider)

    def _helper_send(self, site: CallSite) -> Iterator[Observation]:
        """A URL joined from an OpenAI path constant given to the app's own sending helper
        (`streamWithThink(chatPath, ...)`), in a file whose code names OpenAI or Azure."""
        call = self.m.lower(site.raw, site.scope)
        if isinstance(call, Call) and call.args and isinstance(call.args[0], (Ref, Call)):
            yield from joined_requests(self, site, None)

    def _own_method(self, func: Any, name: str) -> bool:
        """Whether a called method is one of a class of this file (its receiver is an instance
        of it: `manager = RealtimeWebSocketManager()`), whose body makes the calls that count."""
        if not isinstance(func, Attr) or not any(name in c.methods for c in self.m.classes.values()):
            return False
        receiver = self.r.value(func.obj)
        if not (isinstance(receiver, Sym) and (receiver.qual or "").startswith("<self:") and not receiver.path):
            return False
        if receiver.model is not None and receiver.model is not self.m:
            return False
        cls = (receiver.qual or "")[6:-1]
        return any(name in self.m.classes[c].methods for c in self.r._ancestors(cls))

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

    def _free_name(self, func: Any, chain: tuple[str, ...]) -> Sym | None:
        """A framework function called through a module name nothing in the file binds
        (`litellm.completion(...)` in a function the host injects `litellm` into,
        `openai.realtime.RealtimeModel(...)` in a documentation snippet without its imports)."""
        qual = self.cat.free_names.get(".".join(chain))
        if qual is None:
            return None
        base = func
        while isinstance(base, Attr):
            base = base.obj
        if not isinstance(base, Ref) or base.name in self.m.imports or self.r.lookup(base.name, base.scope, base.pos) is not None:
            return None
        return Sym(qual)

    def _http_spec(self, site: CallSite) -> Any:
        """The catalogue's raw HTTP entry for a call: by its name as written (`fetch`,
        `axios.post`), else, for a call that may send a body, by what it resolves to
        (`client.post` of an `httpx.Client()`, `import f from "node-fetch"`)."""
        chain = site.chain
        spec = self.cat.http_calls.get(".".join(chain)) if len(chain) < 3 else None
        if spec is None and chain[-1] in self.cat.http_body_tails:
            func_expr = self.m.lower(site.func_raw, site.scope)
            func = self.r.qualify(func_expr) or self.r.value(func_expr)
            spec = self.cat.http_calls.get(func.dotted) if isinstance(func, Sym) else None
        return spec

    def _refers(self, site: CallSite, chain: tuple[str, ...]) -> bool:
        """Whether a call may use an SDK method it does not call itself: a name bound to one
        (`completion = client.chat.completions.create`; `completion(...)`) or one passed as an
        argument (`retry(client.chat.completions.create, **kw)`, `sync_to_async(m)(...)`)."""
        if len(chain) == 1 and chain[0] in self._aliases:
            return True
        return any(site.span.line <= n <= site.span.end_line for n in self._ref_lines)

    def _referenced(self, site: CallSite) -> Iterator[Observation]:
        """The SDK call (or framework function) a call makes through a method reference, with
        the call's own arguments as its options: reported at the call, or where a bound name
        is given the method (the call may be far from it, through a helper's arguments)."""
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            return
        refs: list[tuple[Expr, Call, Span]] = []
        if isinstance(call.func, Ref) and call.func.name in self._aliases:
            bound = self._bound_attr(call.func)
            if bound is not None:
                refs.append((bound, Call(bound, call.args, call.kwargs, call.span), bound.span))
        inner = call.func if isinstance(call.func, Call) else None  # `sync_to_async(m)(...)`
        for holder in (call, inner):
            for i, arg in enumerate(holder.args if holder is not None else ()):
                if isinstance(arg, Attr) and arg.span.line in self._ref_lines:
                    rest = call.args if holder is inner else (*call.args[:i], *call.args[i + 1 :])
                    refs.append((arg, Call(arg, rest, call.kwargs, call.span), call.span))
        for ref, synthetic, span in refs:
            if not synthetic.kwargs and not any(isinstance(a, Obj) for a in synthetic.args):
                # `self._with_fallback(client.chat.completions.create, request_params, model)`:
                # a helper that calls `fn(**params)` is given the request as a dict it was built in.
                spread = next((a for a in synthetic.args if isinstance(a, Ref) and isinstance(self.r.value(a), dict)), None)
                if spread is None:
                    continue  # `print(client.chat.completions.create)`: no request is made with it
                rest = tuple(a for a in synthetic.args if a is not spread)
                synthetic = Call(synthetic.func, rest, ((None, spread),), synthetic.span)
            names = _attr_names(ref)
            last = max((i for i, p in enumerate(names) if p == "()"), default=-1)
            tail = ["<client>", *names[last + 1 :]] if last >= 0 else names
            there = CallSite(site.raw, site.scope, span, tuple(names), site.func_raw)
            method = self.cat.method(tail) if len(tail) > 1 else None
            if method is not None and not method[1].legacy:
                yield from self._sdk_call(there, synthetic, self._dotted(tuple(names)), method[1])
                return
            value = self.r.value(ref)
            spec = self.cat.constructors.get(value.dotted) if isinstance(value, Sym) and not value.call else None
            if spec is not None:
                yield self._code("call", value.dotted, span)
                yield from self._framework(there, synthetic, spec)
                return

    def _bound_attr(self, ref: Ref) -> Attr | None:
        """The SDK method a name is bound to (`completion = client.chat.completions.create`)."""
        found = self.r.lookup(ref.name, ref.scope, ref.pos)
        if found is None:
            return None
        bindings, owner = found
        bound: list[Attr] = []
        for b in bindings:
            if b.kind == "assign" and b.raw is not None:
                value = self.m.lower(b.raw, owner)
                if isinstance(value, Attr) and value.span.line in self._ref_lines:
                    bound.append(value)
        # One use, where the OpenAI SDK's method is named when a branch binds it (another
        # branch binding `litellm.completion` makes the same call).
        return next((a for a in bound if self.cat.method(_attr_names(a)) is not None), bound[0] if bound else None)

    def _sdk_call(self, site: CallSite, call: Call, dotted: str, method: Any) -> Iterator[Observation]:
        client: Any = None
        if method.legacy:
            client = self.r.value(call.func)
            if not self._legacy_receiver(client):
                return
        caller, client_attrs = self._caller(call)
        if method.legacy and isinstance(client, Sym) and client.call is None:
            caller = self._module_provider() or caller
        elif caller in (None, "openai") and self.m.classes and (
                not client_attrs if caller is None else any(k == UNRESOLVED_BASE_URL for k, _ in client_attrs)):  # fmt: skip
            # A client built out of sight, or on a base URL not resolved here: the base URL
            # the enclosing model class names (`url = url or "https://api.deepseek.com"`).
            caller = class_provider(self, site.scope) or caller
        if caller is None and not client_attrs and not method.legacy:
            # A client from nowhere this code shows, named for its provider (`groq.files.create`
            # in a documentation snippet, `self.openrouter_client.chat...`).
            name = site.chain[1] if site.chain[0] in ("self", "this") and len(site.chain) > 2 else site.chain[0]
            hinted = self.cat.provider_of_code(name)
            caller = hinted if hinted and not self.cat.is_checked(hinted) else caller
        raw, raw_spans, branches = self._branched_options(call)
        if caller == "bedrock" and "model" in raw and not isinstance(raw["model"], str):
            # `model=os.environ.get("BEDROCK_MODEL", "us.openai.gpt-5.6-sol")` on a Bedrock client:
            # the request is for the code's own model (not the scan's default one) unless set.
            named = next(((v, sub) for p, v, sub in branches if p == ("model",) and isinstance(v, str)), None)
            if named is not None:
                raw = {**raw, "model": named[0]}
                raw_spans = {**{p: sp for p, sp in raw_spans.items() if p[:1] != ("model",)}, **named[1]}
        first = True
        for body, spans in [(raw, raw_spans), *variants(raw, raw_spans, branches)]:
            provider, found = self._sdk_requests(site, body, spans, method, caller, client_attrs, fragment=not first)
            if first:
                if not self.cat.is_checked(provider):
                    self._foreign.append(site.span)
                    # What the call is passed from elsewhere in the file (`tools=TOOLS`, a
                    # module constant) is that provider's too.
                    self._foreign.extend(sp for sp in raw_spans.values() if not isinstance(sp, ElsewhereSpan))
                    yield self._code("call", dotted, site.span, provider=provider)
                    return
                yield self._code("call", dotted, site.span, provider=provider, attrs=_route(provider, client_attrs))
            first = False
            yield from found

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

    def _sdk_requests(self, site: CallSite, body: dict[str, Any], spans: dict[Pointer, Span], method: Any,
                      provider: str | None, client_attrs: tuple[tuple[str, str], ...],
                      fragment: bool) -> tuple[str | None, list[Observation]]:  # fmt: skip
        """The provider and the requests of one SDK call (of one branch of its options)."""
        body, spans = dict(body), dict(spans)
        merge(body, spans, "extra_body")
        if method.body and self.cat.part_constructors:
            self._parts(body)
        body = clean(body, (), [], self.presence)
        models = models_at(body, spans, method.models)
        if method.body:
            # The request as a whole is the call, not a `**kwargs` it spreads: an endpoint's
            # finding is at the call, once.
            spans[()] = site.span
        if not method.body:
            # Other endpoints are reported as the endpoint they are, whatever their body
            # holds; only the models they name are checked.
            kept = {k: body[k] for k in method.fields if k in body}
            spans = {p: sp for p, sp in spans.items() if p and p[0] in kept}
            body = kept
            if models:
                body["model"], spans[("model",)] = models[0]
        provider = self.model_provider(provider, body)
        if isinstance(body.get("model"), str) and self.cat.read_model(body["model"])[1] is None:
            del body["model"]  # not an OpenAI model id (a deployment name, a fine-tune alias): nothing to check

        if not self.cat.is_checked(provider):
            return provider, []
        route = _route(provider, client_attrs)
        found: list[Observation] = self.more_models(models[1:], site.span, provider, route)
        if method.endpoint == "unknown" and not body:
            pass  # an event on an open connection that names no model: nothing to check here
        elif method.body or method.endpoint not in ("responses", "chat.completions"):
            if method.endpoint == "chat.completions":
                # A Chat Completions call is one whatever its messages are (a variable, a
                # `**params`): reported at the call.
                body.setdefault("messages", [])
                spans[("messages",)] = site.span
            found.append(self.request(body, spans, method.endpoint, site.span, provider, fragment=fragment, attrs=route))
        return provider, found

    def more_models(self, models: list[tuple[str, Span]], at: Span, provider: str | None,
                     attrs: tuple[tuple[str, str], ...] = ()) -> list[Observation]:  # fmt: skip
        """Requests for the further OpenAI model ids a call names (each checked on its own;
        `at` is the call or literal that names them)."""
        return [self.request({"model": m}, {("model",): where}, "unknown", at, provider, fragment=True, attrs=attrs)
                for m, where in models if self.cat.read_model(m)[1] in ("openai", "azure")]  # fmt: skip

    def _branched_options(self, call: Call, index: int | None = None) -> tuple[dict[str, Any], dict[Pointer, Span], list[Any]]:
        """`_options`, and the other values its conditionals can take (every branch is checked)."""
        saved, self.r.alternates = self.r.alternates, []
        try:
            body, spans = self._options(call, index=index)
            return body, spans, self.r.alternates
        finally:
            self.r.alternates = saved

    def _module_provider(self) -> str | None:
        """The provider the pre-1.0 `openai` module is pointed at by the file
        (`openai.api_base = "http://localhost:8000/v1"`, `openai.api_type = "azure"`)."""
        text = self.m.src.text
        if "openai.api_" not in text and "openai.base_url" not in text:
            return None
        keys = "|".join(re.escape(k) for k in (*self.cat.providers.base_url_args, "api_type"))
        for m in re.finditer(rf"^[ \t]*openai\.({keys})[ \t]*=[ \t]*[\"']([^\"'\n]+)[\"']", text, re.M):
            if m.group(1) == "api_type":
                if m.group(2).startswith("azure"):
                    return "azure"
                continue
            found = self.cat.provider_of_host(m.group(2))
            if found:
                return found
        return None

    def _legacy_receiver(self, client: Any) -> bool:
        """Whether a pre-1.0 API name is called on the `openai` module itself or on a client
        the catalogue knows (`Completion.create` on anything else is someone else's)."""
        if not isinstance(client, Sym) or not client.qual:
            return False
        if client.call is None:
            return client.qual == "openai"
        return client.qual.removesuffix("()") in self.cat.clients

    def _keywords(self, site: CallSite) -> Iterator[Observation]:
        """Distinctive request-field keywords passed to any call of an OpenAI file
        (`previous_response_id=prev` to `Runner.run`, `ws.run_streamed` or the app's helper)."""
        text = "\n".join(self.m.src.lines[site.span.line - 1 : site.span.end_line])
        if not any(k in text for k in self._field_keywords) or not self._talks_to_openai():
            return
        if any(within(site.span, outer) for outer in self._foreign):
            return  # a call to another provider or a test double: its keywords are not OpenAI's
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            return
        func = self.r.value(call.func)
        if isinstance(func, Sym) and (func.qual or "").startswith("<func:"):
            return  # the app's own helper: reported inside it, where the id meets the SDK call
        names = self.cat.frameworks.field_keywords
        body: dict[str, Any] = {}
        spans: dict[Pointer, Span] = {}
        for k, v in call.kwargs:
            if k in names:
                # A parameter passed on is the caller's id, whatever its default (`=None`).
                body[names[k]] = UNRESOLVED if self.r.is_parameter(v) else self.r.value(v, (names[k],), spans)
                spans.setdefault((names[k],), v.span)
        for arg in call.args:
            if isinstance(arg, Obj):
                sub: dict[Pointer, Span] = {}
                options = self.r.value(arg, (), sub)
                for k, v in options.items() if isinstance(options, dict) else ():
                    if k in names:
                        body[names[k]] = v
                        spans.update({(names[k], *p[1:]): sp for p, sp in sub.items() if p and p[0] == k})
        body = clean(body, (), [], self.presence)
        if body:
            yield self.request(body, spans, "unknown", site.span, None, fragment=True)

    def _http_call(self, site: CallSite, spec: Any) -> Iterator[Observation]:
        """A raw HTTP call whose URL is built from values the code shows (or is relative to its
        client's base URL): the URL is checked at the call (a full URL literal passed as it
        is is already a string observation)."""
        call = self.m.lower(site.raw, site.scope)
        index = spec.url
        if not isinstance(call, Call) or len(call.args) <= index:
            return
        arg = call.args[index]
        if isinstance(arg, Lit) and (spec.base_url is None or "://" in str(arg.value)):
            return
        url = request_url(self, call, spec)
        if isinstance(url, str) and "://" in url:
            if not spec.socket:
                self._fetched.append(url)
            provider = self._url_provider(url)
            yield self._code("string", url, site.span, provider=provider)
            yield from query_models(self, arg, url, provider)

    def _media_input(self, site: CallSite, spec: Any) -> Iterator[Observation]:
        """A captured track added to a realtime peer connection (`pc.addTrack(mic)`): the
        microphone streams into the session, as the event the catalogue names."""
        text = self.m.src.text
        if not any(p in text for p in spec.peer) or not self._talks_to_openai():
            return
        for other in self.m.calls:
            if other.chain and other.chain[-1] in spec.capture:
                capture = self.m.lower(other.raw, other.scope)
                options = self.r.value(capture.args[0]) if isinstance(capture, Call) and capture.args else None
                if isinstance(options, dict) and options.get(spec.option):
                    yield self.request({"type": spec.event}, {(): site.span}, "unknown", site.span, None, fragment=True)
                    return

    def _event_of(self, tail: list[str]) -> tuple[str, Any] | None:
        """The socket event a call sends: a connection method (`conn.session.update`, at
        least a receiver and two names) or an event class (`InputAudioBufferAppendEvent(...)`)."""
        if len(tail) >= 3:
            found = self.cat.event_methods.get(".".join(tail[-2:]))
            if found is not None:
                return found
        return self.cat.event_classes.get(tail[-1]) if tail else None

    def _event_call(self, site: CallSite, event: tuple[str, Any]) -> Iterator[Observation]:
        """An event sent by a call: its keyword arguments are the event's fields."""
        if not self._talks_to_openai():
            return
        kind, entry = event
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or call.args:
            return  # the SDK's event methods and classes take keywords only
        if entry.requires_any and not any(k in entry.requires_any for k, _ in call.kwargs):
            return
        body, spans = self._options(call)
        body = clean({**body, "type": kind}, (), [], self.presence)
        yield self.request(body, spans, "unknown", site.span, None, fragment=True)
        yield from self.more_models(models_at(body, spans, tuple(entry.models)), site.span, None)

    def _named_event(self, site: CallSite) -> Iterator[Observation]:
        """A client event sent by its type name, its fields in the next argument (a realtime
        client's own `send('input_audio_buffer.append', {audio})`)."""
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or not call.args or call.kwargs or not self._talks_to_openai():
            return
        first = call.args[0]
        kind = first.value if isinstance(first, Lit) and isinstance(first.value, str) else None
        entry = self.cat.event_types.get(kind) if kind is not None else None
        if kind is None or entry is None:
            return
        spans: dict[Pointer, Span] = {}
        saved, self.r.alternates = self.r.alternates, []
        try:
            fields = self.r.value(call.args[1], (), spans) if len(call.args) > 1 else {}
            branches = self.r.alternates
        finally:
            self.r.alternates = saved
        if not isinstance(fields, dict):
            return
        # Every value a field it reads can hold (`this.sessionConfig = {}` at construction, a
        # deep copy of the defaults on reset): each is an event the client may send.
        for one, where in [(fields, spans), *variants(fields, spans, branches)]:
            if entry.requires_any and not any(k in one for k in entry.requires_any):
                continue
            body = clean({**one, "type": kind}, (), [], self.presence)
            yield self.request(body, where, "unknown", site.span, None, fragment=True)
            yield from self.more_models(models_at(body, where, tuple(entry.models)), site.span, None)

    def _constructed(self, site: CallSite, call: Call, func: Sym) -> Iterator[Observation]:
        qual = func.dotted
        module, _, name = qual.rpartition(".")
        entry = self.cat.clients.get(qual)
        spec = self.cat.constructors.get(qual) if entry is None else None
        found = list(self._framework(site, call, spec)) if spec is not None else []
        # A framework object the catalogue sends to another provider (its model is another
        # vendor's) is not an OpenAI endpoint's construction: its call, counted as skipped, says so.
        elsewhere = any(isinstance(o, CodeObservation) and o.kind == "call" and o.span == site.span
                        and not self.cat.is_checked(o.provider) for o in found)  # fmt: skip
        if module and not elsewhere:
            yield self._code("constructor", name, site.span, module=module)
        if entry is not None and not entry.provider_factory:
            provider, attrs = (TEST_DOUBLE, ()) if self._double(func) else self._client_args(entry, call)
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
        elif spec is None and entry is None and tool is None and self.cat.neutral_model_class(qual):
            yield from self._neutral_model(call)

    def _in_azure_call(self, span: Span) -> bool:
        """Whether a call is an argument of an Azure client's construction
        (`AzureOpenAILLMClient(config=LLMConfig(model=deployment))`): its model is a deployment name."""
        return any(within(span, outer) for outer in self._azure_calls)

    def _neutral_model(self, call: Call) -> Iterator[Observation]:
        """An unlisted framework's model class or config object given an OpenAI model id (and
        no base URL of another provider): the model is checked where it is written."""
        assert self.cat.frameworks.neutral_models is not None
        if self.file_vendor is not None or self._test_file or self._in_azure_call(call.span):
            return
        options, spans = self._options(call)
        if (self._base_url_provider(options) or "openai") != "openai":
            return
        for key in self.cat.frameworks.neutral_models.keywords:
            value = options.get(key)
            if isinstance(value, str) and (key,) in spans and self.cat.read_model(value)[1] == "openai":
                yield from self.more_models([(value, spans[(key,)])], call.span, "openai")
                return

    def _tool(self, site: CallSite, call: Call, spec: Any) -> Iterator[Observation]:
        """A hosted-tool constructor, checked as the tool literal it builds (a provider-neutral
        one only inside a framework call whose model says whose tool it is)."""
        if spec.type is None or spec.neutral:
            return
        spans: dict[Pointer, Span] = {}
        ptr: Pointer = ("tools", 0)
        tool = self._tool_fields(call, spec, ptr, spans)
        spans[ptr] = site.span  # the tool is where the constructor is called
        yield self.request({"tools": [clean(tool, (), [])]}, spans, "unknown", site.span, None, fragment=True)

    def _tool_fields(self, call: Call, spec: Any, ptr: Pointer, spans: dict[Pointer, Span]) -> dict[str, Any]:
        """The tool a constructor call builds: its arguments as the tool's fields."""
        tool: dict[str, Any] = {}
        sub: dict[Pointer, Span] = {}
        for i, arg in enumerate(call.args):
            if i < len(spec.args):
                tool[spec.args[i]] = self.r.value(arg, (*ptr, spec.args[i]), sub)
            elif isinstance(arg, Obj):
                options = self.r.value(arg, ptr, sub)
                tool.update(options if isinstance(options, dict) else {})
        for k, v in call.kwargs:
            if k is not None:
                tool[k] = self.r.value(v, (*ptr, k), sub)
        if spec.camel:
            tool, sub = _snake_keys(tool), {_snake_ptr(p): sp for p, sp in sub.items()}
        n = len(ptr)
        for old, new in spec.rename.items():
            if old in tool:
                tool[new] = tool.pop(old)
                sub = {((*ptr, new, *p[n + 1 :]) if p[:n + 1] == (*ptr, old) else p): sp for p, sp in sub.items()}
        for p, sp in sub.items():
            spans.setdefault(p, sp)
        tool["type"] = spec.type
        return tool

    def _tools(self, items: list[Any], spans: dict[Pointer, Span], by_name: bool) -> list[Any]:
        """A framework's tool list with its hosted-tool constructors as the tools they build
        (`WebSearchTool()`, `NativeTool(CodeExecutionTool())`) and, with `by_name`, hosted
        tools named by their type (`"web_search"`)."""
        out = []
        for i, item in enumerate(items):
            value = self._tool_value(item, ("tools", i), spans, 0)
            if isinstance(value, str) and by_name and value in self.cat.hosted_types:
                value = {"type": value}
            out.append(value)
        return out

    def _tool_value(self, item: Any, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        qual = item.qual or "" if isinstance(item, Sym) else ""
        if not (isinstance(item, Sym) and item.call is not None and qual.endswith("()") and not item.path) or depth > 3:
            return item
        spec = self.cat.tool_constructors.get(qual[:-2])
        if spec is None:
            return item
        sub = self if item.model is None or item.model is self.m else Sites(item.model, self.cat, self.r.project)
        if spec.wraps is not None:
            if len(item.call.args) <= spec.wraps:
                return item
            return sub._tool_value(sub.r.value(item.call.args[spec.wraps], ptr, spans), ptr, spans, depth + 1)
        return sub._tool_fields(item.call, spec, ptr, spans)

    def _region(self, call: Call, entry: Any, value: str, qual: str, span: Span) -> CodeObservation:
        _, spans = self._options(call)
        keys = (*entry.region_arg, *self.cat.providers.base_url_args)
        where = next((spans[(k,)] for k in keys if (k,) in spans), span)
        return self._code("region", value, where, module=qual)

    def _framework(self, site: CallSite, call: Call, spec: Constructor) -> Iterator[Observation]:
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
            named = _provider_key(spec)
            for where in spec.provider_args:
                if isinstance(where, int) and len(call.args) > where and named not in raw:
                    raw[named] = self.r.value(call.args[where], (named,), raw_spans)
                    break
            branches = self.r.alternates
        finally:
            self.r.alternates = saved
        first = True
        for body, spans in [(raw, raw_spans), *variants(raw, raw_spans, branches)]:
            provider, found = self._framework_requests(site, body, spans, spec, fragment=not first)
            if first and not self.cat.is_checked(provider):
                self._foreign.append(site.span)
                self._foreign.extend(sp for sp in raw_spans.values() if not isinstance(sp, ElsewhereSpan))
                yield self._code("call", ".".join(spec.name[0].split(".")[-2:]), site.span, provider=provider)
                return
            first = False
            yield from found

    def _framework_requests(self, site: CallSite, body: dict[str, Any], spans: dict[Pointer, Span], spec: Constructor,
                            fragment: bool) -> tuple[str | None, list[Observation]]:  # fmt: skip
        """The provider and the requests of one framework call (of one branch of its options)."""
        body, spans = dict(body), dict(spans)
        extra = models_at(clean(body, (), []), spans, tuple(spec.models)) if spec.models else []
        fields = set(spec.fields if spec.fields is not None else self.cat.frameworks.request_fields)
        if spec.camel:
            body = _snake_keys(body)
            spans = {_snake_ptr(p): s for p, s in spans.items()}
        for old, new in spec.rename.items():
            _move(body, spans, tuple(old.split(".")), tuple(new.split(".")))
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
        if provider is None and isinstance(body.get("model"), Sym):
            provider = self._model_object_provider(body["model"])
        if provider is None and not spec.client:
            provider = self.default_client_provider()  # `set_default_openai_client(...)` in this file
        if spec.client and isinstance(body.get(spec.client), Sym):
            provider, client_attrs = self.provider_of(body[spec.client])
        if spec.model_provider is not None:
            provider = self._provider_named(body.get(_provider_key(spec))) or provider
        pair = body.get("model")
        if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str) and self._provider_named(pair[0]):
            # `model=("openai", "gpt-4o-mini")`: a (platform, model) pair names both.
            provider = self._provider_named(pair[0])
            body["model"] = pair[1]
            if ("model", 1) in spans:
                spans[("model",)] = spans[("model", 1)]
        if provider in (None, "openai") and not spec.client:
            provider = self._base_url_provider(body) or provider
        if spec.config and (self._in_azure_call(site.span) or self._test_file):
            return "azure" if self._in_azure_call(site.span) else provider, []
        model = body.get("model")  # names the provider even when it is not a checked field
        body = {k: v for k, v in body.items() if k in fields or k in merged}
        if isinstance(body.get("tools"), list) and "tools" in fields:
            body["tools"] = self._tools(body["tools"], spans, spec.tool_names)
        body = clean(body, (), [], self.presence)
        if isinstance(model, str):
            _, vendor = self.cat.read_model(model)
            if vendor is not None and provider in (None, "openai"):
                provider = vendor if vendor not in ("openai",) else (provider or "openai")
            elif provider in ("bedrock", "azure") and vendor not in (None, "openai", "azure", "bedrock"):
                # Another vendor's model on Bedrock (Mistral on Mantle) or on Azure AI Foundry
                # (Cohere through an Azure client): not an OpenAI workload.
                provider = vendor
        if spec.config and provider == "azure":
            return provider, []  # `LiteLLMModel(model_id="azure/<deployment>")`: a deployment's name, not a model id
        self._fix_model(body)
        if not self.cat.is_checked(provider):
            return provider, []
        if spec.endpoint == "chat.completions":
            body.setdefault("messages", [])
            spans[("messages",)] = site.span  # reported at the call, whatever its messages
        route = _route(provider, client_attrs)
        found: list[Observation] = []
        if spec.endpoint != "unknown":
            spans[()] = site.span  # the endpoint is used at the call, not where a spread dict was built
        if body or spec.endpoint != "unknown":  # a call to an endpoint is a use, whatever its options
            found.append(self.request(body, spans, spec.endpoint, site.span, provider, fragment=fragment, attrs=route))
        return provider, found + self.more_models(extra, site.span, provider, route)

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
        return low if low in self.cat.providers.providers else None

    def _base_url_provider(self, options: dict[str, Any]) -> str | None:
        """The provider a framework object's own base URL names (`api_base=` to Together, a
        local server, OpenAI's host), from the URL or the environment variable it is read from."""
        for key in self.cat.providers.base_url_args:
            url = options.get(key)
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

    def _parts(self, body: dict[str, Any]) -> None:
        """Content parts built by a catalogue constructor (`Audio.from_path(...)`) in place."""
        for key in ("messages", "input"):
            items = body.get(key)
            for item in items if isinstance(items, list) else ():
                content = item.get("content") if isinstance(item, dict) else None
                if not isinstance(content, list):
                    continue
                for i, part in enumerate(content):
                    qual = part.qual or "" if isinstance(part, Sym) else ""
                    if part_type := (qual.endswith("()") and not part.path and self.cat.part_constructors.get(qual[:-2])):
                        content[i] = {"type": part_type}

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
        sub = self if model.model is None or model.model is self.m else Sites(model.model, self.cat, self.r.project)
        first = sub.r.value(model.call.args[0]) if model.call.args else sub.r.value(sub.kw(model.call, "model") or model.call)
        return self.cat.read_model(first)[1] if isinstance(first, str) else None

    def _holds_options(self, span: Span, word: str | None = None) -> bool:
        """Whether the lines of a call hold an option key (`word`, or any)."""
        for key, lines in self._option_lines.items():
            if word is not None and key != word:
                continue
            i = bisect_left(lines, span.line)
            if i < len(lines) and lines[i] <= span.end_line:
                return True
        return False

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
                    yield self.request(body, moved, "responses", site.span, spec.provider)

    def _bind_tools(self, site: CallSite, call: Call, func: Any, dotted: str) -> Iterator[Observation]:
        provider = None
        if isinstance(func, Sym) and func.call is not None:
            owner = Sym(func.qual, (), func.call, func.model)
            qual = (owner.qual or "")[:-2]
            spec = self.cat.constructors.get(qual)
            provider = spec.provider if spec else self.cat.provider_of_module(qual) or self.file_vendor
        elif func is UNRESOLVED:
            provider = self.file_vendor
        if not self.cat.is_checked(provider):
            yield self._code("call", dotted, site.span, provider=provider)
            return
        yield self._code("call", dotted, site.span, provider=provider)
        if not call.args:
            return
        spans: dict[Pointer, Span] = {}
        tools = self.r.value(call.args[0], ("tools",), spans)
        body: dict[str, Any] = {"tools": [t for t in tools if isinstance(t, dict)]} if isinstance(tools, list) else {}
        choice = self.kw(call, "tool_choice")
        if choice is not None:
            v = self.r.value(choice, ("tool_choice",), spans)
            if isinstance(v, str) and v not in ("auto", "none", "required", "any"):
                v = {"type": v}  # LangChain turns a built-in tool name into {"type": name}
            if v is not UNRESOLVED:
                body["tool_choice"] = v
        body = clean(body, (), [])
        if body:
            yield self.request(body, spans, "responses", site.span, provider)

    def _foreign_clients_only(self) -> bool:
        """Whether this file builds clients and every one goes to a provider that is not checked."""
        return bool(self.client_providers) and not (self.client_providers & {*CHECKED_PROVIDERS, None})

    def _sends_elsewhere_only(self) -> bool:
        """Whether every request this file sends by hand goes to a provider that is not checked
        (`requests.post("http://localhost:8000/v1/responses", ...)` to a local server) and the file
        neither imports an OpenAI library nor makes a checked client: its hosted-tool literals are
        that server's."""
        if self.client_providers & CHECKED_PROVIDERS or any(_is_openai_module(i.module) for i in self.m.imports.values()):
            return False
        sent = [self.cat.provider_of_host(url) for url in self._http_urls()]
        return bool(sent) and all(p is not None and not self.cat.is_checked(p) for p in sent)

    def _part_literal(self, e: Expr) -> Iterator[Observation]:
        """A content part written as a literal (`{"type": "input_audio", ...}` built by a
        helper), checked as a part of a request's messages, where it is written."""
        at: Pointer = ("input", 0, "content", 0)
        text = "\n".join(self.m.src.lines[e.span.line - 1 : e.span.end_line])
        if _CONVERTED.search(text):
            return  # a converter copying another part's fields (`data: part.input_audio.data`): no part of its own
        spans: dict[Pointer, Span] = {}
        value = self.r.value(e, at, spans)
        if isinstance(value, dict) and self.cat.content_part(value):
            spans[at] = e.span
            # What makes it that part holds a value known at run time (`"file_id": file.id`).
            decides = frozenset(self.cat.part_types[value["type"]].requires_any)
            part = clean(value, (), [], decides)
            yield self.request({"input": [{"content": [part]}]}, spans, "unknown", e.span, None, fragment=True)

    def _literals(self) -> Iterator[Observation]:
        """Hosted-tool literals where they are written (a module constant, a config array,
        a helper's return value), unless the file belongs to another vendor, or every client it
        builds goes to another provider (`OpenAI(base_url="https://api.groq.com/...")` and a
        module-level MCP tool list given to it)."""
        if self.file_vendor is not None or self._sends_elsewhere_only() or self._foreign_clients_only():
            return
        hosted = self.cat.hosted_types
        for raw, scope, kind in self.m.typed_literals:
            if kind is not None and kind not in hosted and kind not in self.cat.event_types and kind not in self.cat.part_types:
                continue  # `{"type": "message", ...}`: never a hosted tool, a socket event or a content part
            e = self.m.lower(raw, scope)
            if any(within(e.span, outer) for outer in self._foreign):
                continue
            if kind in self.cat.part_types:
                yield from self._part_literal(e)
                continue
            spans: dict[Pointer, Span] = {}
            since = len(self.r.stops)
            value = self.r.value(e, ("tools", 0), spans)
            self._stopped(since, e.span)
            if isinstance(value, dict) and self.cat.hosted_tool(value):
                body = {"tools": [clean(value, (), [])]}
                yield self.request(body, spans, "unknown", e.span, None, fragment=True)
                continue
            if isinstance(value, dict) and value.get("type") in self.cat.event_types and self._talks_to_openai():
                # A socket event written out (`ws.send(JSON.stringify({type: "input_audio_buffer.append", ...}))`).
                spans = {}
                value = self.r.value(e, (), spans)
                if isinstance(value, dict):
                    yield self.request(clean(value, (), [], self.presence), spans, "unknown", e.span, None, fragment=True)
                    yield from event_models(self, value, spans, e.span)
                continue
            yield from event_models(self, value, {p[2:]: sp for p, sp in spans.items() if p[:2] == ("tools", 0)}, e.span)
        if self.m.named_options and self.m.dynamic_types:
            # A picker of hosted tools by type name (`{label: "Web Search", name: "web_search_preview"}`)
            # in a file that builds `{type: tool}` from what was picked: each option is that tool.
            # (Only types whose name alone says it: not `mcp` or `shell`.)
            for name, span in self.m.named_options:
                entry = hosted.get(name)
                if entry is None or entry.requires_any or any(within(span, out) for out in self._foreign):
                    continue
                yield self.request({"tools": [{"type": name}]}, {("tools", 0): span}, "unknown", span, None, fragment=True)
