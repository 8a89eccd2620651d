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

`Sites` dispatches each call site (`_site`); its layers, each in its own module and each
using only the layers below it: `base` (the file's state, requests, options, diagnostics),
`workload` (whether the file is an OpenAI workload), `clients` and `providers` (which
provider a client or a call goes to), `tools` (hosted-tool constructors), `frameworks`
(framework constructors and provider options), `sdk` (SDK method calls), `events` (socket
events, raw HTTP and media) and `literals` (literals checked where they are written).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from bedrock_check.catalogue import Catalogue
from bedrock_check.extract.apphttp import helper_requests
from bedrock_check.extract.azure_deployments import deployment_settings
from bedrock_check.extract.base_models import subclass_models
from bedrock_check.extract.callmodels import call_models
from bedrock_check.extract.callsite import Add, Attr, Call, CallSite, FileModel, Lit, Ref
from bedrock_check.extract.classdefaults import class_default_models
from bedrock_check.extract.common import Extracted
from bedrock_check.extract.config_code import code_configs, test_mocks, text_configs
from bedrock_check.extract.config_lists import config_list_calls
from bedrock_check.extract.declared import declared_models, positional_models
from bedrock_check.extract.defaults import default_models, holder_models, prefixed_models
from bedrock_check.extract.deployments import deployment_models
from bedrock_check.extract.fakes import doubles_only, fakes_transport
from bedrock_check.extract.getters import returned_models
from bedrock_check.extract.handed import handed_models
from bedrock_check.extract.handed_functions import handed_functions
from bedrock_check.extract.handed_settings import handed_settings
from bedrock_check.extract.helpers import helper_models
from bedrock_check.extract.hostpath import host_path_requests
from bedrock_check.extract.instance_stores import instance_stores
from bedrock_check.extract.joins import helper_sends, joined_requests, path_constants
from bedrock_check.extract.loop_models import looped_models
from bedrock_check.extract.media_parts import media_parts
from bedrock_check.extract.model_lists import sent_model_lists
from bedrock_check.extract.partials import wrapped_calls
from bedrock_check.extract.request_kwargs import request_kwargs, stored_fields
from bedrock_check.extract.resolve import Sym
from bedrock_check.extract.session_methods import instance_class, session_method
from bedrock_check.extract.sessions import session_literals
from bedrock_check.extract.settings_dicts import config_arguments, settings_defaults
from bedrock_check.extract.sites.events import Events
from bedrock_check.extract.sites.handles import (
    accessor_path,
    handle_path,
    held_resources,
    instance_call,
    stored_resources,
)
from bedrock_check.extract.sites.literals import Literals
from bedrock_check.extract.sites.sdk import SdkCalls
from bedrock_check.extract.stored_models import stored_models
from bedrock_check.extract.tree_bases import same_file_subclass_call, tree_subclass_call
from bedrock_check.extract.url_constants import held_chat_url
from bedrock_check.extract.wire import deployment_url_models, http_requests, url_models
from bedrock_check.findings import CodeObservation, Diagnostic, Observation, RequestObservation
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, TEST_DOUBLE, ApiEndpoint, DiagnosticKind


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


def _clients_of_other_models(found: list[Observation], cat: Catalogue) -> list[Observation]:
    """A file whose OpenAI-SDK clients are only ever called with other vendors' models
    (`client = OpenAI()` then `client.chat.completions.create(model="grok-3")`: an
    OpenAI-compatible server of xAI's, its base URL set out of sight) builds no OpenAI API
    client: no step migrates it. Each such client goes where its calls go (the vendor of
    their models), so it is neither reported nor counted. A file with any call that stays
    checked (an OpenAI model, a model not known, a call that names none) keeps its clients."""
    clients = [o for o in found if isinstance(o, CodeObservation) and o.kind == "client" and o.provider == "openai"]
    if not clients:
        return found
    calls = [o for o in found if isinstance(o, CodeObservation) and o.kind == "call" and o.provider is not None]
    if any(cat.is_checked(o.provider) for o in calls) or any(
            isinstance(o, RequestObservation) and not o.fragment and cat.is_checked(o.provider) for o in found):  # fmt: skip
        return found
    vendors = sorted({o.provider for o in calls if o.provider != TEST_DOUBLE and o.provider is not None})
    if not vendors or any(v not in cat.providers.providers for v in vendors):
        # (A call put down to a library it is made through, `bp.openai_client.responses.stream`
        # on a Quart blueprint, does not say where the client sends it.)
        return found
    ids = {id(o) for o in clients}
    return [replace(o, provider=vendors[0]) if id(o) in ids else o for o in found]


def _doubles(model: FileModel, context: str | None) -> Iterator[CodeObservation]:
    """A test that answers its own HTTP: every call written in it is a test double's call,
    counted in `skipped_by_provider` and not checked. One observation per call as written,
    without reading what it calls: resolving a whole test file (and the modules it imports)
    only to relabel every answer cost about a seventh of a scan of SDK and framework
    repositories, and what it gave was only this count."""
    for site in model.calls:
        callee = ".".join(site.chain).replace(".()", "()")  # (`nock().post`, as the chain is written)
        yield CodeObservation(model.path, "call", callee, site.span, context=context, provider=TEST_DOUBLE)


def observe(model: FileModel, project: Any, context: str | None, what: str) -> Extracted:
    """Everything one parsed file says: its observations and the values not followed to
    their end; code nested past the interpreter's recursion limit is one diagnostic
    (`what` names the code in it: "Python code")."""
    from bedrock_check.catalogue import shipped_catalogue

    result = Extracted(called={site.chain[-1] for site in model.calls}, chains={".".join(site.chain) for site in model.calls})
    try:
        cat = shipped_catalogue()
        if cat.is_test_path(model.path) and (fakes_transport(model, cat.providers.transport_fakes)
                                         or doubles_only(model, cat.doubles, cat.providers.sdk_modules)):
            # A test that answers its own HTTP, or builds its clients from stand-ins: everything
            # it builds is a test double's (counted, not checked, and so not resolved).
            result.observations.extend(_doubles(model, context))
            return result
        sites = Sites(model, cat, project, context)
        result.observations.extend(sites.observations())
        result.diagnostics.extend(sites.not_followed)
    except RecursionError:
        result.diagnostics.append(Diagnostic(model.path, DiagnosticKind.TOO_DEEP, f"{what} nested too deeply to check"))
    return result


class Sites(SdkCalls, Events, Literals):
    """Asks the catalogue about every call of one file (the layers say what each call means)."""

    def _reexported(self, site: CallSite) -> Sym | None:
        """The package's name of a class a Python file gets from a module of the scanned tree
        that imports it (`from helper_functions import *` or `import ChatOpenAI` from it, where
        `helper_functions.py` does `from langchain_openai import ChatOpenAI`), else None."""
        if self.m.lang != "python" or self.r.project is None:
            return None
        name = site.chain[0]
        imp = self.m.imports.get(name)
        if imp is None and not self.m.star_imports:
            return None
        qual = self.r.qualify(self.m.lower(site.func_raw, site.scope))
        if qual is not None and self._catalogued(qual.dotted):
            return None  # (imported from the package itself: asked as usual)
        if imp is None and (qual is not None or name in self.m.classes
                            or self.r.lookup(name, site.scope, (site.span.line, site.span.column)) is not None):
            return None  # (defined in this file)
        value = self.r.value(self.m.lower(site.func_raw, site.scope))
        return value if isinstance(value, Sym) and self._catalogued(value.dotted) else None

    def _catalogued(self, qual: str) -> bool:
        return qual in self.cat.clients or qual in self.cat.constructors or qual in self.cat.tool_constructors

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
                                and o.provider in {*MIGRATING_PROVIDERS, None} for o in found)  # fmt: skip
        self.sends_chat = any(isinstance(o, RequestObservation) and o.endpoint == ApiEndpoint.CHAT_COMPLETIONS
                              for o in found)  # fmt: skip
        if self.m.references:
            found.extend(held_resources(self))
        yield from _clients_of_other_models(_other_models_only(found, self.cat), self.cat)
        yield from self._literals()
        if self.m.paths:
            yield from path_constants(self)
        yield from session_literals(self)
        yield from stored_resources(self)
        yield from default_models(self)
        yield from sent_model_lists(self)
        if self.m.loops:
            yield from looped_models(self)
        yield from returned_models(self)
        yield from call_models(self)
        yield from helper_models(self)
        yield from declared_models(self)
        yield from positional_models(self)
        yield from holder_models(self)
        yield from prefixed_models(self)
        yield from code_configs(self)
        yield from config_list_calls(self)
        yield from settings_defaults(self)
        yield from stored_models(self)
        yield from instance_stores(self)
        yield from config_arguments(self)
        yield from text_configs(self)
        yield from class_default_models(self)
        yield from subclass_models(self)
        yield from handed_models(self)
        yield from handed_settings(self)
        yield from deployment_models(self)
        yield from deployment_settings(self)
        yield from media_parts(self)
        yield from request_kwargs(self)
        yield from stored_fields(self)
        yield from wrapped_calls(self)
        yield from handed_functions(self)
        if self.m.attr_stores and self.cat.frameworks.attribute_settings:
            yield from self._attribute_settings()
        for url, span in self.m.urls:
            if "?" in url and any(f.partition("?")[0] == url.partition("?")[0] for f in self._fetched):
                # A URL whose query is filled in at run time (`` fetch(`${API}/realtime/calls?model=${model}`) ``)
                # is reported at the call that sends it; a model its query names, where written.
                yield from url_models(self, url, span, self._url_provider(url))
                continue
            if any(f.startswith(url) for f in self._fetched):
                # A base-URL constant: reported where the URL it starts is fetched (the model
                # its Azure deployment segment names, where it is written).
                if "/openai/deployments/" in url and self._url_provider(url) == "azure":
                    yield from deployment_url_models(self, url, span)
                continue
            provider = self._url_provider(url)
            yield self._code("string", url, span, provider=provider)
            yield from url_models(self, url, span, provider)
            yield from held_chat_url(self, url, span, provider)

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
        go = self.m.lang == "go"
        written = chain  # (the chain the call is reported as)
        method = self.cat.method(tail, go) if len(tail) > 1 else None
        if method is None and len(tail) > 1 and tail[-1] in self.cat.method_names and not go:
            held = handle_path(self, site)
            if held is not None:
                method = self.cat.method(["<client>", *held])
        if len(chain) > 1 and chain[-1] in self.cat.method_names and not go and (method is None or method[0] == 1):
            # A resource the app's own accessor returns (`(await svc.getChat()).completions.create`).
            accessed = accessor_path(self, site)
            if accessed is not None:
                method, written = self.cat.method(["<client>", *accessed[0]]), accessed[1]
        imported = chain[0] in self.m.imports or chain[0] in ("require",)
        again = self._reexported(site) if len(chain) == 1 and chain[0] in self.cat.class_names else None
        imported = imported or again is not None
        if http is not None:
            yield from self._http_call(site, http)
        if chain[-1] in self.cat.media_adds and (len(chain) > 1 or chain[-1][:1].isupper()):
            # (A bare `connect(...)` is anyone's function; a class the catalogue names is the library's.)
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
        if method is None and http is None:
            # A URL joined from an OpenAI path constant given to the app's sending helper, else
            # an endpoint path given to the app's own HTTP helper (or one of its endpoint methods).
            sent = list(self._helper_send(site)) if (len(chain) == 1 or chain[-1] == "fetch") and self._names_openai else []
            yield from sent or (helper_requests(self, site) if chain[-1] != "fetch" else ())
            if self._bare_host:
                yield from host_path_requests(self, site)
        if method is None and not imported and self.cat.frameworks.provider_instances and chain[-1] != "()" and (
                chain[0] in self._instances):  # fmt: skip
            through = list(instance_call(self, site))
            if through:
                yield from through
                return  # (else `azure.tools.imageGeneration(...)`: read as any other call)
        if method is None and not imported and len(chain) == 1 and self._may_call_instances():
            instance = self.r.value(self.m.lower(site.func_raw, site.scope))
            if isinstance(instance, Sym) and instance.call is not None and not instance.path \
                    and instance.dotted in self.cat.called_instances:  # fmt: skip
                call = self.m.lower(site.raw, site.scope)
                if isinstance(call, Call) and not (self._test_file and test_mocks(self)):
                    # (In a test that patches the model call, `guard(model="gpt-4")` reaches no server.)
                    yield from self._framework(site, call, self.cat.constructors[instance.dotted])
                return
        if method is None and not imported and len(chain) < 2:
            if chain[0] in self.m.classes and self.m.classes[chain[0]].bases:
                yield from same_file_subclass_call(self, site)
            return
        dotted = self._dotted(written)
        if method is not None:
            call = self.m.lower(site.raw, site.scope)
            if isinstance(call, Call):
                yield from self._sdk_call(site, call, dotted, method[1])
            return
        # Most calls are none of ours: lower the callee alone, and the arguments only
        # when the callee is in the catalogue (a nested call is not lowered again and again).
        wants_value = chain[-1] in ("bind_tools", "connect") or chain[-1] in self.cat.instance_methods or (
            len(chain) > 3 and (f"{chain[-3]}()", chain[-1]) in self.cat.keyed_methods) or (
            not imported and chain[-1] in self.cat.keyed_instance_methods)
        func_expr = self.m.lower(site.func_raw, site.scope)
        func = self.r.value(func_expr) if wants_value else self.r.qualify(func_expr) if imported else None
        if again is not None:
            func = again
        if imported and not wants_value and chain[0] in self.proxies:
            func = Sym(".".join(chain))  # `litellm.completion` through the app's own `litellm`
        elif not imported and not isinstance(func, Sym) and len(chain) > 1 and self.m.lang == "python":
            func = self._free_name(func_expr, chain)  # (also a method name an instance entry has: `litellm.completion`)
        if func is None and len(chain) == 2 and chain[0] in ("self", "this"):
            func = self._held_function(site.scope, chain[1])
        qual = func.dotted if isinstance(func, Sym) else ""
        options = self._has_options and self._holds_options(site.span)
        full = wants_value or options or (
            qual in self.cat.clients or qual in self.cat.constructors or qual in self.cat.tool_constructors
            or (bool(qual) and self.cat.neutral_model_class(qual)))  # fmt: skip
        if imported and not full and len(chain) == 1 and chain[0][:1].isupper():
            yield from tree_subclass_call(self, site)  # (the tree's own subclass of a framework's class)
        call = self.m.lower(site.raw, site.scope) if full else Call(func_expr, (), (), site.span)
        if not isinstance(call, Call):
            return
        if isinstance(func, Sym) and func.qual and not func.qual.startswith("<") and func.call is None:
            yield from self._constructed(site, call, func)
        elif isinstance(func, Sym) and func.call is not None and (spec := self.cat.constructors.get(func.dotted)) \
                and not self._built_elsewhere(func, spec):  # fmt: skip
            key = func.call.args[0] if spec.keys and func.call.args else None
            if not spec.keys or (isinstance(key, Lit) and key.value in spec.keys):
                yield from self._framework(site, call, spec)  # a method of an instance (of one looked up by key)
        if chain[-1] == "bind_tools":
            yield from self._bind_tools(site, call, func, dotted)
            return
        if options:
            yield from self._provider_options(site, call)
        if len(chain) > 1:
            # `await client.connect()` of the app's own realtime client class of another file:
            # what the method's body does, not what its name looks like.
            wrapped = session_method(self, site, func_expr, chain[-1])
            if wrapped is not None:
                yield from wrapped
                return
        if len(chain) > 1 and self._own_method(func_expr, chain[-1]):
            return  # `manager.send_audio(...)` on the app's own class: its body's calls are the uses
        if len(chain) > 1:
            provider = None
            if chain[-1] == "connect" and isinstance(func, Sym):
                provider, _ = self.provider_of(Sym(func.qual, (), func.call, func.model))
            elif imported and chain[0] in self.m.imports and qual not in self.cat.clients:
                # `xai.tools.webSearch()` from `@ai-sdk/xai` is xAI's tool, not OpenAI's.
                provider = self.cat.provider_of_module(self.m.imports[chain[0]].module)
                if provider is not None and chain[-1][:1].isupper():
                    return  # (`types.Tool(...)` of `google.genai`: a value built, no call to count)
            if provider is None and not imported and isinstance(func_expr, Attr) and self._vendor_imports():
                provider = self._vendor_client(func_expr.obj)
            if provider is None and not self.cat.is_checked(self.file_vendor):
                return  # (`connection.send_audio(chunk)` in a file of another vendor's SDK: theirs)
            if provider is None and chain[-1] in self.cat.generic_session_methods and not self._built_by_catalogue(func_expr) \
                    and not self._imports_workload() and not self.talks_to_openai():  # fmt: skip
                return  # (`self.transcriber.send_audio(chunk)` of a speech library, in a file of no OpenAI import)
            if site.span in self._run_models:
                return  # (`embed({model: openai.embedding(...)})`: the endpoint is used at `embed`)
            yield self._code("call", dotted, site.span, provider=provider)
        elif imported and chain[0] in self.m.imports and chain[0][:1].islower() and isinstance(func, Sym) and func.call is None:
            # `from ollama import chat`, then `chat(model="llama3", ...)`: another vendor's SDK
            # function, a call to that vendor as `ollama.chat(...)` is (catalogue `vendor_modules`).
            vendor = self.cat.provider_of_module(self.m.imports[chain[0]].module)
            if vendor is not None and not self.cat.is_checked(vendor):
                yield self._code("call", func.dotted, site.span, provider=vendor)

    def _built_by_catalogue(self, func: Any) -> bool:
        """Whether a method's receiver was built by a catalogue entry (`new RealtimeClient(...)`
        of `openai-realtime-api`)."""
        receiver = self.r.value(func.obj) if isinstance(func, Attr) else None
        return isinstance(receiver, Sym) and bool(receiver.qual) and not receiver.path \
            and self._catalogued((receiver.qual or "").removesuffix("()"))  # fmt: skip

    def _may_call_instances(self) -> bool:
        """Whether the file imports a module whose instances the catalogue says are called as
        functions (`guard = Guard()`, then `guard(model=...)`)."""
        found = self.m.memo.get("calls_instances")
        if found is None:
            roots = self.cat.called_instance_roots
            found = self.m.memo["calls_instances"] = bool(roots) and any(
                i.module.split(".")[0] in roots for i in self.m.imports.values())
        return bool(found)

    def _imports_workload(self) -> bool:
        """Whether this file itself imports a module of an OpenAI workload (catalogue `workload_modules`)."""
        return any(self.cat.is_workload_module(i.module) for i in self.m.imports.values())

    def _vendor_imports(self) -> bool:
        """Whether the file imports another vendor's SDK (whose clients' calls are counted)."""
        found = self.m.memo.get("vendor_imports")
        if found is None:
            found = self.m.memo["vendor_imports"] = any(
                not self.cat.is_checked(self.cat.provider_of_module(i.module) or "openai") for i in self.m.imports.values())
        return bool(found)

    def _vendor_client(self, receiver: Any) -> str | None:
        """The provider of the client a call is made on when that client is another vendor's SDK
        client (`claude = anthropic.Anthropic()`, then `claude.messages.create(...)`; `co.chat(...)`
        on `cohere.ClientV2()`): a call to that provider, counted once as skipped. None for any
        other receiver (a parameter, the app's own object: nothing to say whose it is)."""
        value = self.r.value(receiver)
        if not isinstance(value, Sym) or value.call is None or not (value.qual or "").endswith("()"):
            return None
        entry = self.cat.clients.get((value.qual or "")[:-2])
        if entry is None or self.cat.is_checked(entry.provider) or entry.provider == TEST_DOUBLE:
            return None
        return entry.provider

    def other(self, model: FileModel) -> Sites:
        """The reader of another file of the tree (a helper's module), made once per file."""
        found = self._others.get(id(model))
        if found is None:
            found = self._others[id(model)] = Sites(model, self.cat, self.r.project)
        return found

    def _helper_send(self, site: CallSite) -> Iterator[Observation]:
        """A URL joined from an OpenAI path constant given to the app's own sending helper
        (`streamWithThink(chatPath, ...)`), in a file whose code names OpenAI or Azure."""
        if not helper_sends(self, site):
            return  # (the question `joined_requests` asks last, and the cheapest: see `helper_sends`)
        call = self.m.lower(site.raw, site.scope)
        if isinstance(call, Call) and call.args and isinstance(call.args[0], (Ref, Call, Add)):
            yield from joined_requests(self, site, None)

    def _own_method(self, func: Any, name: str) -> bool:
        """Whether a called method is one of a class of this file (its receiver is an instance
        of it: `manager = RealtimeWebSocketManager()`), whose body makes the calls that count."""
        if not isinstance(func, Attr) or not any(name in c.methods for c in self.m.classes.values()):
            return False
        found = instance_class(self, func.obj)
        if found is None or found[0] is not self.m:
            return False
        return any(name in self.m.classes[c].methods for c in self.r._ancestors(found[1]))

    def _held_function(self, scope: int, name: str) -> Sym | None:
        """A framework function the instance holds and is called through
        (`self.litellm_aembedding = aembedding` in `__init__`, then `self.litellm_aembedding(...)`)."""
        cls = self.m.scopes[scope].cls if scope < len(self.m.scopes) else None
        info = self.m.classes.get(cls) if cls else None
        for raw, where in info.fields.get(name, ()) if info is not None else ():
            value = self.m.lower(raw, where)
            qual = self.r.qualify(value) if isinstance(value, (Ref, Attr)) else None
            if isinstance(qual, Sym) and qual.call is None and qual.dotted in self.cat.constructors:
                return qual
        return None

    def _free_name(self, func: Any, chain: tuple[str, ...]) -> Sym | None:
        """A framework function called through a module name nothing in the file binds
        (`litellm.completion(...)` in a function the host injects `litellm` into,
        `openai.realtime.RealtimeModel(...)` in a documentation snippet without its imports), or
        a library's class named for OpenAI through one (`lm.OpenAIGPTConfig(...)`)."""
        qual = self.cat.free_names.get(".".join(chain))
        if qual is None and self.cat.library_class(".".join(chain)) == "openai":
            qual = ".".join(chain)  # a library's OpenAI model class (`lm.OpenAIGPTConfig(...)`, its import elided)
        if qual is None:
            return None
        base = func
        while isinstance(base, Attr):
            base = base.obj
        if not isinstance(base, Ref) or base.name in self.m.imports or self.r.lookup(base.name, base.scope, base.pos) is not None:
            return None
        return Sym(qual)
