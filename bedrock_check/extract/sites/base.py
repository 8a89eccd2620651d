"""The state of one file's call-site reading, and what every layer of it uses.

`SiteBase` holds the file model, catalogue and resolver, the file's vendor and test-ness,
and builds the observations every layer yields: a request (`request`, `more_models`), a
code observation (`_code`), a call's options (`_options`), and the `could-not-follow`
diagnostics of values the resolver did not follow to their end (`not_followed`).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable, Container, Iterator
from dataclasses import replace
from typing import Any

from bedrock_check.catalogue import Catalogue
from bedrock_check.extract.bodies import at_entries, within
from bedrock_check.extract.callsite import Arr, Attr, Call, Expr, FileModel, Index, Lit, Obj, Ref, Spread
from bedrock_check.extract.common import UNRESOLVED
from bedrock_check.extract.hostpath import writes_bare_host
from bedrock_check.extract.resolve import Resolver, Sym
from bedrock_check.extract.resolve.values import used_at
from bedrock_check.extract.sites.unseen import NotFollowed
from bedrock_check.extract.vendor_scope import vendor_named
from bedrock_check.findings import (
    CodeKind,
    CodeObservation,
    Diagnostic,
    ElsewhereSpan,
    Observation,
    Pointer,
    RequestObservation,
    Span,
)
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, RUNTIME_ID_FIELDS, ApiEndpoint

_NAMES_OPENAI = re.compile(r"open[_-]?ai|azure", re.IGNORECASE)


#: Words of test doubles in any language (`vi.fn()`, `jest.mock`, `MagicMock`, a stub or a fake).
DOUBLE_WORDS = re.compile(r"(?i)mock|\bstub|\bfake|\bvi\.fn\b|\bjest\.fn\b")
#: Test frameworks whose import makes a file a test (Python and JS/TS).
_TEST_MODULES = frozenset({"pytest", "unittest", "vitest", "jest", "mocha", "@jest", "node:test", "ava", "chai"})




def _is_openai_module(module: str) -> bool:
    """Whether importing `module` marks a file as part of an OpenAI workload (the catalogue's
    `workload_modules`, or a module inside one: `openai.types`, `@openai/agents`)."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().is_workload_module(module)


def _unknown(value: Any) -> bool:
    """None, or a list of values none of which is written out (`[f.id for f in files]`, an
    uploaded file's id, a helper's `return None` when an upload fails)."""
    return value is None or (isinstance(value, list) and all(v is None or v is UNRESOLVED or isinstance(v, Sym)
                                                             for v in value))  # fmt: skip


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


def _bound_instances(text: str, instances: Any) -> set[str]:
    """Names bound to a call of a provider factory (`openai = createOpenAI(`), by the text."""
    factories = {f.rsplit(".", 1)[-1] for f in instances}
    if not any(f in text for f in factories):
        return set()
    alt = "|".join(sorted(map(re.escape, factories)))
    # (also one branch of a conditional: `openai = process.env.OPENAI_KEY ? createOpenAI({...}) : undefined`)
    return set(re.findall(rf"([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:[^;=?]{{1,200}}\?\s*)?(?:await\s+)?(?:{alt})\s*\(", text))


class SiteBase(NotFollowed):
    """One file's state and the ways every layer reports: requests, code observations, options, values not followed."""

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
        #: Spans of calls that use the endpoint of a model object made inside them (`runs_model`),
        #: and of the model factories made there (their endpoint is reported at the call).
        self._runs: list[Span] = []
        self._run_models: set[Span] = set()
        #: The providers of the clients this file constructs (None: not told).
        self.client_providers: set[str | None] = set()
        #: A could-not-follow diagnostic per (call, key, stop), in the order met.
        self._not_followed: dict[tuple[Any, ...], Diagnostic] = {}
        #: The spreads of the options last read (`**extra`, `{...extra}`) whose value the code
        #: does not show, as (source text, value): the request fields in them are not checked.
        #: Spreads into a call's options, or a whole body, the code does not show: (text, value,
        #: the function whose parameter it is when no call of the file gives it).
        self.unseen_spreads: list[tuple[str, Any, str | None]] = []
        self._openai_file: bool | None = None
        #: The OpenAI base URL the file sets in its own environment, when first asked (see `envset`).
        self._env_url: tuple[str | None] | None = None
        #: The provider of the agents' default client this file sets, when first asked.
        self._default_client: tuple[str | None] | None = None
        #: Whether the file's own calls make a request to OpenAI (set once its calls are read).
        self.sends_openai = False
        #: Whether a call of this file is reported as a Chat Completions request (`url_constants`).
        self.sends_chat = False
        #: Modules the file replaces with test doubles (`vi.mock("openai")`), when first asked.
        self._mocked: frozenset[str] | None = None
        #: Whether the file patches the SDK's sending method (`patch.object(x, "_post")`), when first asked.
        self._patched: bool | None = None
        #: Whether the file or a module of the tree it imports imports an OpenAI library, when first asked.
        self._uses_openai: bool | None = None
        #: Whether the file belongs to an OpenAI workload (see `Workload.openai_evidence`), when first asked.
        self._evidence: bool | None = None
        #: URLs that raw HTTP calls of this file build from constants.
        self._fetched: list[str] = []
        #: The file writes the OpenAI API's host without a scheme (`'api.openai.com'`: see `hostpath`).
        self._bare_host = writes_bare_host(model.src.text)
        #: Lines that name an SDK method (or a framework function) without calling it there
        #: (`retry(client.chat.completions.create, ...)`), and names bound to one.
        self._ref_lines, self._aliases = catalogue.method_refs(model.src.text)
        #: Lines that pass a client event's type as a call's first argument (`send('session.update', {...})`).
        self._named_event_lines = catalogue.named_event_lines(model.src.text)
        #: Calls that construct an Azure client (what they are given names deployments).
        self._azure_calls: list[Span] = []
        #: A test file: a provider-neutral model object there is exercised with a mock, not sent.
        self._test_file = catalogue.is_test_path(model.path)
        #: The code names OpenAI or Azure (`OpenaiPath`, `OPENAI_BASE_URL`): a path it joins may be theirs.
        self._names_openai = bool(_NAMES_OPENAI.search(model.src.text))
        #: Lines of path literals a request sent in this file is built from (`url = f"{base}/audio/speech"`
        #: then `requests.post(url, ...)`): the request is reported at the call, not again there.
        self.sent_lines: set[int] = set()
        #: Per function of the tree (by id): whether it sends HTTP, and the endpoints its body
        #: sends to through a helper call with a path (see `apphttp`).
        self.senders: dict[int, bool] = {}
        self.endpoint_methods: dict[int, list[tuple[ApiEndpoint, str | None]]] = {}
        self._others: dict[int, Any] = {}
        #: Local names of library modules this file imports from a module of the scanned
        #: tree under their own name (`from app.llm import litellm`, a lazy proxy).
        self.proxies = frozenset(
            local for local, imp in model.imports.items()
            if imp.name in catalogue.frameworks.module_proxies and imp.module.split(".")[0] != imp.name
            and (imp.level or (project is not None and project.source(model, imp)[0] is not None)))  # fmt: skip
        #: Names the file binds to a provider factory's instance (`const openai = createOpenAI({...})`).
        self._instances = frozenset(_bound_instances(model.src.text, catalogue.frameworks.provider_instances))

    def package_vendor(self) -> str | None:
        """The vendor whose SDK package the file is part of (`@ai-sdk/xai`, `langchain-xai`),
        when that vendor is not checked."""
        project = self.r.project
        package = project.package_name(self.m.origin) if project is not None else None
        owner = self.cat.provider_of_module(package) if package else None
        return owner if owner is not None and not self.cat.is_checked(owner) else None

    def _file_vendor(self) -> str | None:
        """Another vendor's SDK imported by a file that imports no OpenAI library, or the
        vendor whose SDK package the file is part of (`@ai-sdk/xai`'s sources and tests,
        `langchain-xai`: their `{type: "web_search"}` is that vendor's tool, whatever
        they import)."""
        owner = self.package_vendor()
        if owner is not None:
            return owner
        vendor = None
        for imp in self.m.imports.values():
            mod = imp.module
            if _is_openai_module(mod) and self.cat.provider_of_module(mod) is None:
                return None
            vendor = vendor or self.cat.provider_of_module(mod)
        return vendor

    def request(self, body: dict[str, Any], spans: dict[Pointer, Span], endpoint: ApiEndpoint | str, span: Span,
                 provider: str | None, fragment: bool = False,
                 attrs: tuple[tuple[str, str], ...] = ()) -> RequestObservation:  # fmt: skip
        """A request observation of this file (`spans` locate its parts)."""
        kind = body.get("type")
        event = self.cat.event_types.get(kind) if isinstance(kind, str) else None
        if event is not None and event.hoist:
            body, spans = _hoisted(body, spans, event.hoist)
        if isinstance(body.get("tools"), list) and any(map(self.cat.foreign_tool, body["tools"])):
            body, spans = _without_foreign_tools(body, spans, self.cat.foreign_tool)
        where = spans.get(("model",))
        if where is not None and isinstance(body.get("model"), str) and vendor_named(where, self.m.src.line(where.line)):
            body = {k: v for k, v in body.items() if k != "model"}  # (`GROQ_MODEL = "gpt-4o"`: Groq's)
        if self.r.entries and isinstance(body.get("tools"), list):
            spans = at_entries(spans, self.r.entries)
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
        self.unseen_spreads = []
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
                        for key in RUNTIME_ID_FIELDS & merged.keys():
                            # `**{k: v for k, v in {"file_ids": file_ids}.items() if v is not None}`:
                            # ids known only at run time, as `file_ids=file_ids` is, where the key is written.
                            at = self._spread_key(v.span, key) if _unknown(merged[key]) else None
                            if at is not None:
                                merged[key] = UNRESOLVED
                                for p in [p for p in spans if p[:1] == (key,)]:
                                    del spans[p]
                                spans[(key,)] = at
                        body.update(merged)
                    else:
                        self._unseen_spread(v, merged, "**")
                    continue
                body[k] = self.r.value(v, (k,), spans, scope_depth)
                used_at(spans, (k,), v.span)
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
        unseen: tuple[Expr, Any] | None = None
        for arg in call.args:
            if isinstance(arg, Spread):
                continue
            if not isinstance(arg, Obj) and isinstance(arg, Lit):
                continue
            value = self.r.value(arg, (), spans, scope_depth)
            unseen = None if isinstance(value, dict) else (arg, value)
            if isinstance(value, dict):
                if isinstance(arg, Obj):
                    for named, item in arg.entries:
                        if named is None:  # `{ model, ...extra }`: a spread the object does not show
                            spread = self.r.value(item, (), {}, scope_depth + 1)
                            if not isinstance(spread, dict):
                                self._unseen_spread(item, spread, "...")
                return value, spans
            spans.clear()
            if isinstance(arg, Obj):
                break
        if unseen is not None and (function := self._unpassed_parameter(unseen[0])) is not None:
            # `create(body)`, `body` a parameter no call of the file gives: the request is out of sight.
            self.unseen_spreads.append((unseen[0].name if isinstance(unseen[0], Ref) else "...", unseen[1], function))
        return {}, {}

    def _unseen_spread(self, e: Expr, value: Any, mark: str) -> None:
        """Note a spread into a call's options whose value is not a dict the code shows (a
        parameter no call of the file gives, a getter with several returns, an installed
        package's function), unless it is a function's own `**kwargs` handed on: the keywords its
        callers pass are read where they are written."""
        if value is None or (isinstance(value, Sym) and value.qual is None and not value.path):
            return
        if not isinstance(e, (Ref, Attr, Index, Call)):
            return  # (`...(tools.length > 0 && { tools })`: a conditional object written at the call)
        if isinstance(e, Ref) and self.r.is_var_keyword(e):
            return
        text = (self.m.src.line(e.span.line) or "")[e.span.column - 1 : e.span.end_column - 1] if e.span.end_line == e.span.line else ""
        self.unseen_spreads.append((mark + (text.strip() or "..."), value, None))

    def holds_tests(self) -> bool:
        """Whether the file is a test file that holds tests (`def test_...`, a test framework
        import): its models go to doubles. A script that only shares the name or folder
        (`tests/run_evaluate.py` running a live evaluation, `playground/test_classification.py`)
        sends what it names."""
        m = self.m
        # (Go's tests are `func TestX(t *testing.T)` and `func BenchmarkX(b *testing.B)`.)
        prefixes = ("Test", "Benchmark") if m.lang == "go" else ("test",)
        return self._test_file and (
            any(name.startswith(prefixes) for (_, name), bs in m.bindings.items() for b in bs if b.kind == "func")
            or any(i.module.split(".")[0].split("/")[0] in _TEST_MODULES for i in m.imports.values()))  # fmt: skip

    def _spread_key(self, span: Span, key: str) -> Span | None:
        """Where a spread dict written in a call gives `key` a value that is not written out
        (`"file_ids": file_ids`), or None (`"file_ids": []`, or the key is not written there)."""
        found = re.compile(rf"""["']{re.escape(key)}["']\s*:\s*(.*)""")
        for n in range(span.line, span.end_line + 1):
            m = found.search(self.m.src.line(n) or "")
            if m is not None:
                rest = m.group(1).strip().rstrip(",").strip()
                if rest in ("[]", "None", "null", "()", "") or rest[:1] in "\"'[{(":
                    return None
                return Span(n, m.start() + 1, n, m.end() + 1)
        return None

    def _branched_options(self, call: Call, index: int | None = None) -> tuple[dict[str, Any], dict[Pointer, Span], list[Any]]:
        """`_options`, and the other values its conditionals can take (every branch is checked)."""
        saved, self.r.alternates = self.r.alternates, []
        try:
            body, spans = self._options(call, index=index)
            return body, spans, self.r.alternates
        finally:
            self.r.alternates = saved

    def more_models(self, models: list[tuple[str, Span]], at: Span, provider: str | None,
                     attrs: tuple[tuple[str, str], ...] = ()) -> list[Observation]:  # fmt: skip
        """Requests for the further OpenAI model ids a call names (each checked on its own;
        `at` is the call or literal that names them)."""
        return [self.request({"model": m}, {("model",): where}, "unknown", at, provider, fragment=True, attrs=attrs)
                for m, where in models if self.cat.read_model(m)[1] in MIGRATING_PROVIDERS]  # fmt: skip

    def foreign(self, span: Span) -> None:
        """Mark a call as going to a provider that is not checked: the literals written
        inside it are that provider's (a hosted-tool type there is not OpenAI's tool)."""
        self._foreign.append(span)

    def in_foreign(self, span: Span) -> bool:
        """Whether a span lies inside a call marked `foreign`: what is written there (a literal,
        a call, a model id) is the other provider's, not the checked workload's."""
        return any(within(span, out) for out in self._foreign)

    def calls_on(self, lines: Container[int], keep: Callable[[Any], bool] | None = None) -> Iterator[tuple[Any, Call]]:
        """Each call written on one of `lines` (and passing `keep`, asked before the call is
        lowered), lowered, except calls inside one that goes to another provider."""
        for site in self.m.calls:
            if not any(n in lines for n in range(site.span.line, site.span.end_line + 1)):
                continue
            if (keep is not None and not keep(site)) or self.in_foreign(site.span):
                continue
            call = self.m.lower(site.raw, site.scope)
            if isinstance(call, Call):
                yield site, call

    def _dotted(self, chain: tuple[str, ...]) -> str:
        parts: list[str] = []
        for p in self.cat.strip_wrappers(list(chain)):
            if p == "()" and parts:
                parts[-1] += "()"
            else:
                parts.append(p)
        return ".".join(parts)

    def _holds_options(self, span: Span, word: str | None = None) -> bool:
        """Whether the lines of a call hold an option key (`word`, or any)."""
        for key, lines in self._option_lines.items():
            if word is not None and key != word:
                continue
            i = bisect_left(lines, span.line)
            if i < len(lines) and lines[i] <= span.end_line:
                return True
        return False

    def _in_azure_call(self, span: Span) -> bool:
        """Whether a call is an argument of an Azure client's construction
        (`AzureOpenAILLMClient(config=LLMConfig(model=deployment))`): its model is a deployment name."""
        return any(within(span, outer) for outer in self._azure_calls)


def _hoisted(body: dict[str, Any], spans: dict[Pointer, Span], hoist: dict[str, str]) -> tuple[dict[str, Any], dict[Pointer, Span]]:
    """An event's body with the settings it holds one level down read as the request's own
    (`response.create`'s `response.modalities` is what `modalities` is to a request), where
    they are written; a field the body sets itself is kept."""
    body, spans = dict(body), dict(spans)
    for source, target in hoist.items():
        path = tuple(source.split("."))
        value: Any = body
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or target in body:
            continue
        body[target] = value
        n = len(path)
        spans.update({(target, *p[n:]): sp for p, sp in list(spans.items()) if p[:n] == path})
    return body, spans

