"""OpenAI model ids given to calls as a model keyword: the app's own calls in a file whose
requests go to OpenAI, and a library's calls given an OpenAI client beside the model
(`MarkItDown(llm_client=OpenAI(), llm_model="gpt-4o")`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Alt, Attr, Call, Lit, Obj, Ref
from bedrock_check.extract.defaults import _any_between, _model_key
from bedrock_check.extract.deployment_keys import camel_words
from bedrock_check.extract.handed import registry_entry
from bedrock_check.extract.prefixed import _library_call
from bedrock_check.extract.resolve import Sym
from bedrock_check.extract.vendor_scope import elsewhere_module, other_provider_call
from bedrock_check.findings import Observation
from bedrock_check.vocabulary import TEST_DOUBLE

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


def call_models(sites: Sites) -> Iterator[Observation]:
    """OpenAI model id literals given to the app's own calls as a model keyword (or a JS
    option), in a file whose requests go to OpenAI (see the catalogue's `neutral_models`)."""
    m = sites.m
    spec = sites.cat.frameworks.neutral_models
    if spec is None or sites.file_vendor is not None or sites._test_file or elsewhere_module(sites):
        return
    keys = frozenset(spec.keywords)
    holder = re.compile(spec.holders) if spec.holders else None
    not_calls = re.compile(spec.not_calls)
    not_classes = re.compile(spec.not_classes)
    beside = re.compile(spec.beside_client) if spec.beside_client else None
    lines = [n for n, line in enumerate(m.src.lines, 1) if "model" in line]
    candidates = [site for site in m.calls if _any_between(lines, site.span.line, site.span.end_line)]
    if not candidates:
        return
    for site in candidates:
        if (not_calls.search(".".join(site.chain)) or not_classes.search(site.chain[-1])
                or sites.in_foreign(site.span)):  # fmt: skip
            continue  # (`AzureOpenAIEmbedderClient(model=...)`: a deployment; a tokenizer)
        library = _library_call(sites, site.chain)
        if library and (beside is None or sites.cat.method(list(site.chain)) is not None):
            continue  # (a library decides about its own model: the catalogue's rules for it)
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or other_provider_call(sites, call) or registry_entry(call):
            continue  # (`create_embedding_provider(provider="linkai", model=...)`: that vendor's model)
        if library:
            # A library given an OpenAI client sends the model named beside it through that
            # client (`MarkItDown(llm_client=OpenAI(), llm_model="gpt-4o")`).
            if beside is None or not _openai_client_given(sites, call):
                continue
            given = [(k, v) for k, v in call.kwargs if k is not None and beside.match(k)]
        else:
            # (A keyword named as a model of its own: `get_agent_service(llm_model="gpt-3.5-turbo-16k")`.)
            given = [(k, v) for k, v in call.kwargs if k is not None and (k in keys or _model_key(k))]
        held = holder is not None and len(site.chain) >= 2 and holder.match(site.chain[-2]) is not None
        if m.lang != "python":
            given += [(k.value, v) for a in call.args[:2] if isinstance(a, Obj) for k, v in a.entries
                      if isinstance(k, Lit) and isinstance(k.value, str) and (k.value in keys or _model_key(camel_words(k.value)))]  # fmt: skip
        elif held:
            # `spo_llm.initialize(optimize_kwargs={"model": "gpt-4o", ...})`: settings handed on as a dict.
            given += [(k.value, v) for _, a in call.kwargs if isinstance(a, Obj) for k, v in a.entries
                      if isinstance(k, Lit) and k.value in keys]  # fmt: skip
        # (Each string branch of a conditional: `model=fast ? "gpt-4o-mini" : this.model`.)
        lits = [o for _, v in given for o in (v.options if isinstance(v, Alt) else (v,)) if isinstance(o, Lit)]
        ids = [(v.value, v.span) for v in lits if isinstance(v.value, str) and sites.cat.read_model(v.value)[1] == "openai"]
        if not ids:
            continue
        if not held and not sites.uses_openai_library():
            continue
        if not library and _library_instance(sites, call):
            continue  # (`client = Client(...)` of `dbgpt_client`, then `client.chat(model="gpt-4o")`: that library's server)
        yield from sites.more_models(ids, site.span, "openai")


def _library_instance(sites: Sites, call: Call) -> bool:
    """Whether a method call's receiver is an object an installed library built, read as the
    provider rules read any such object (`Providers._library_object`), also in a document's code
    fences, where no tree says which modules are the application's: `client = Client(api_key=...)`
    of `dbgpt_client` sends the model to that product's server; a wrapper given an OpenAI client,
    or a library named for OpenAI, keeps it."""
    root = call.func
    if not isinstance(root, Attr):
        return False
    while isinstance(root, Attr):
        root = root.obj
    value = sites.r.value(root) if isinstance(root, Ref) else None
    if not isinstance(value, Sym) or value.path or value.call is None or not (value.qual or "").endswith("()"):
        return False
    name = (value.qual or "")[:-2]
    if name in sites.cat.clients or name in sites.cat.dropins or name in sites.cat.client_wrappers:
        return False  # (an SDK client: the catalogue's methods and rules decide)
    provider = sites._library_object(name, value.call, 0, treeless=True)[0]
    return provider is not None and not sites.cat.is_checked(provider) and provider != TEST_DOUBLE


def _openai_client_given(sites: Sites, call: Call) -> bool:
    """Whether an argument of a call is an OpenAI client: constructed in place, or a name
    bound to one."""
    given = [*call.args, *(v for _, v in call.kwargs)]
    given += [v for a in call.args[:2] if isinstance(a, Obj) for _, v in a.entries]  # (`{client: new OpenAI()}`)
    for e in given:
        if not isinstance(e, (Call, Ref)):
            continue  # (only a construction or a name can be a client)
        value = sites.r.value(e)
        if not isinstance(value, Sym) or value.path or not value.qual:
            continue
        name = value.qual.removesuffix("()")
        known = name in sites.cat.clients or name in sites.cat.dropins or name in sites.cat.client_wrappers
        # (Not an Azure client: its model keyword names a deployment, unlabelled like Azure's others.)
        if known and sites.provider_of(value)[0] == "openai":
            return True
    return False
