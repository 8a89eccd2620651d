"""Model ids handed to the application's own functions and classes.

Applications wrap the provider in functions and classes of their own and choose the model
where they call them, often in another file:

- a factory or wrapper given a model keyword: `get_model(model="gpt-3.5-turbo", api_key=key)`
  whose module builds the app's `OpenAi(...)` class, `OpenAIAssistantsSolver(model=MODEL)`;
- a constant or a setting handed to a parameter the callee sends as a model
  (`evaluate(llm_used=EVALUATION_LLM)` whose body calls `chat.completions.create(model=llm_used)`);
- a settings dict handed on whole (`StrongSolver({"model": "gpt-3.5-turbo-16k"})` whose class
  passes it to `OpenAIChatCompletionFn(**options)`) or spread into the call
  (`self._http_client.completions(prompt=p, **self.args)`).

The callee is a function or class of the scanned tree (the resolver follows it into its file),
and its module talks to OpenAI: it names the OpenAI API's URL, imports an OpenAI library, or a
module of the tree it imports does. The model is reported where its id is written. Calls into
installed libraries, calls named for a cost, a price or a token count, other vendors' calls and
test files are left alone (the catalogue's rules decide about a library's own model keywords),
and so is a function handed many ids one by one (a registry of the models a plugin offers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Attr, Call, CallSite, FileModel, Lit, Ref, Spread
from bedrock_check.extract.dotenv import MODEL_KEY
from bedrock_check.extract.helpers import _params
from bedrock_check.extract.resolve import Resolver, Sym
from bedrock_check.extract.vendor_scope import other_provider_call
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites
    from bedrock_check.extract.sites.frameworks import Frameworks

#: A quoted string short enough to be a model id, for the cheap test of a file.
_QUOTED = re.compile(r"""["'`]([\w.:/-]{2,80})["'`]""")
#: A module that names OpenAI as the provider it builds a model for, or reads OpenAI's API key.
_NAMES_OPENAI = re.compile(r"""(?i)provider\w*["']?\s*[:=]\s*["']openai["']|(?:env|environ)\w*\s*(?:\(|\[|\.)\s*["']?OPENAI_API_KEY\b""")
#: A module the app names for OpenAI: its OpenAI provider's folder or file (`providers/openai/`,
#: `utils/openai.ts`; not `openai_server/`, an app's own OpenAI-compatible server).
_OPENAI_PATH = re.compile(r"(?:^|/)openai(?:/|\.[a-z]+$)")
#: After a setting's name: not a store into it (`env["BROWSER_USE_MODEL"] = name` reads nothing).
_NOT_STORED = r"(?!\s*=[^=])"
#: Parameters a method or constructor receives before its arguments.
_RECEIVERS = frozenset({"self", "cls", "this"})
#: More distinct model ids than this handed to one function make a catalogue of choices.
_MAX_IDS = 3
#: How many functions deep a parameter is followed to the call that sends it as a model.
_MAX_DEPTH = 2
#: Imports of a callee's module followed to tell whether it talks to OpenAI.
_MAX_CALLEE_FILES = 64


def handed_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id this file hands to a function or class
    of the scanned tree that sends it (see the module docstring)."""
    m = sites.m
    if sites.file_vendor is not None or (sites._test_file and not sites.live_test()) or not m.calls:
        return  # (a live test hands the app's code the models it sends)
    is_openai = sites.cat.is_openai_model
    if m.lang != "go" and not any(is_openai(t) for t in _QUOTED.findall(m.src.text)):
        return  # no OpenAI model id written in this file (Go names them by its SDK's constants)
    spec = sites.cat.frameworks.neutral_models
    not_calls = re.compile(spec.not_calls) if spec is not None else None
    looked_up = _look_up_scopes(sites)
    openai_modules: dict[int, bool] = {}
    checked_scopes: dict[int, bool] = {}
    # Per callee (file, scope): the model ids it is handed, where each is written.
    handed: dict[tuple[int, int], dict[tuple[str, Span], None]] = {}
    for site in m.calls:
        if site.scope in looked_up or (not_calls is not None and not_calls.search(".".join(site.chain))):
            continue
        if sites.in_foreign(site.span) or _installed(sites, site.chain) or registered(sites, site):
            continue
        if site.scope not in checked_scopes:
            checked_scopes[site.scope] = _scope_sends_openai(sites, site.scope)
        if not checked_scopes[site.scope]:
            continue
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or not (call.args or call.kwargs) or other_provider_call(sites, call) or registry_entry(call):
            continue  # (a registry's entry, `ModelConfig(model_name="gpt-4.1", input_price=2)`, sends nothing)
        callee = _callee(sites.r, call)
        if callee is None:
            continue
        model, scope, params = callee
        key = id(model)
        if key not in openai_modules:
            openai_modules[key] = _talks_to_openai(sites, model)
        if not openai_modules[key]:
            continue
        got = handed.setdefault((key, scope), {})
        for name, arg in _arguments(call, params):
            if isinstance(arg, Attr):
                # An enum member or an object's field (checked where its value is written).
                continue
            # (The caller's own parameter: its default, `llm_model: str = Query("gpt-4o")` handed
            # on as `get_llm(model=llm_model)`, is the model whenever the caller is given none.)
            for mid, where, whole in _model_ids(sites, arg):
                if (mid, where) not in got and _sent(sites, model, scope, name, whole is not None, whole or ("model",)):
                    got[(mid, where)] = None
    for got in handed.values():
        if len({mid for mid, _ in got}) > _MAX_IDS:
            continue  # a catalogue of models registered one by one (`register(Chat("gpt-4o"))`): choices
        for mid, where in got:
            yield from sites.more_models([(mid, where)], where, "openai")


def _scope_sends_openai(sites: Sites, scope: int) -> bool:
    """Whether calls made in a function may carry OpenAI models: not one named for another
    provider or Azure (`with_cerebras(...)`), a method of a class named so, or one whose own
    base-URL parameter defaults to another server (the rules of a model parameter's default)."""
    from bedrock_check.extract.defaults import _elsewhere, _function_names, _vendor_class, _vendor_words

    if scope == 0:
        return True
    name = _function_names(sites.m).get(scope, "")
    return not (_vendor_words(sites).search(name) or _vendor_class(sites, scope) or _elsewhere(sites, scope))


def _parameter(sites: Sites, ref: Ref) -> bool:
    """Whether a name is a parameter of the function it is used in (or of one enclosing it)."""
    found = sites.r.lookup(ref.name, ref.scope, ref.pos)
    return found is not None and any(b.kind == "param" for b in found[0])


def _installed(sites: Sites, chain: tuple[str, ...]) -> bool:
    """Whether a call is an SDK method or goes into an installed library (its own rules, the
    catalogue's, decide about its model)."""
    from bedrock_check.extract.prefixed import _library_call

    return _library_call(sites, chain)


def _callee(r: Resolver, call: Call) -> tuple[FileModel, int, list[str]] | None:
    """(file, scope, parameter names in order) of the tree function a call runs: the function
    itself, or the `__init__`/`constructor` of a class it constructs (nearest in its file)."""
    func = r.value(call.func)
    if not isinstance(func, Sym) or not func.qual or func.path:
        return None
    model = func.model or r.model
    if func.qual.startswith("<func:"):
        info = r.function(func)
        if info is None:
            return None
        scope = info.scope
    elif func.qual.startswith("<class:"):
        cls = func.qual[len("<class:") : -1]
        found = _constructor(model, cls)
        if found is None and cls in model.classes:
            # A class built from its fields (a dataclass, a pydantic or weave `Model`:
            # `OpenUIModel(model_name=mod)`): its keywords are its declared fields.
            info = model.classes[cls]
            return model, info.scope, [name for name in info.fields if "." not in name]
        if found is None:
            return None
        scope = found
    else:
        return None
    names = [name for name, _ in _params(model, scope)]
    if names and names[0] in _RECEIVERS:
        names = names[1:]
    return model, scope, names


def _constructor(model: FileModel, cls: str) -> int | None:
    """The scope of a class's constructor, or of its nearest base class's in the same file."""
    todo, seen = [cls], set()
    while todo:
        name = todo.pop(0)
        info = model.classes.get(name)
        if info is None or name in seen:
            continue
        seen.add(name)
        for method in ("__init__", "constructor"):
            if method in info.methods:
                return info.methods[method].scope
        todo.extend(info.bases)
    return None


def _arguments(call: Call, params: list[str]) -> Iterator[tuple[str, Any]]:
    """(parameter name, argument) for each argument a call gives by name or position (`**`
    for a dict spread into its keywords)."""
    for i, arg in enumerate(call.args):
        if isinstance(arg, Spread):
            return
        if i < len(params):
            yield params[i], arg
    for key, arg in call.kwargs:
        # (`**call_args`: the settings dict's entries are the callee's keywords.)
        yield key if key is not None else "**", arg


def _model_ids(sites: Sites, arg: Any) -> list[tuple[str, Span, tuple[str, ...] | None]]:
    """(model id, where it is written, the keys holding it in a dict or None) for the OpenAI model
    ids an argument is: the argument itself (a literal, a constant, a setting's default),
    or the `model` entry of a settings dict handed on whole, or a model-named entry of a
    block inside it (a run config's `{configurable: {customModelName: "gpt-4o"}}`)."""
    spans: dict[Pointer, Span] = {}
    value, branches = sites.r.branched(arg, ("model",), spans)
    if isinstance(value, str) or (branches and not isinstance(value, dict)):
        # Every value the argument can take (`model = sys.argv[1] if ... else "gpt-3.5-turbo"`).
        found = [(value, spans.get(("model",))), *((v, sub.get(("model",))) for p, v, sub in branches if p == ("model",))]
        if len({v for v, _ in found if isinstance(v, str)}) > _MAX_IDS:
            return []  # a table of every model the app offers, looked up at run time: choices
        return [(v, where, None) for v, where in found
                if isinstance(v, str) and where is not None and sites.cat.read_model(v)[1] == "openai"]
    elif isinstance(value, dict) and isinstance(value.get("model"), str) and _dict_ok(value):
        where = spans.get(("model", "model"))
        if where is not None and sites.cat.read_model(value["model"])[1] == "openai":
            return [(value["model"], where, ("model",))]
    elif isinstance(value, dict) and _dict_ok(value):
        # Another model-named setting (`{"model_name": "gpt-4o"}`), or one in a block of the dict
        # (a run config's `{configurable: {customModelName: "gpt-4o"}}`): one such setting only.
        named: list[tuple[tuple[str, ...], str]] = [
            ((k,), v) for k, v in value.items() if isinstance(k, str) and isinstance(v, str) and _MODEL_NAMED(k)]
        named += [((k, sub), v) for k, block in value.items() if isinstance(block, dict) and _dict_ok(block)
                  for sub, v in block.items() if isinstance(sub, str) and isinstance(v, str) and _MODEL_NAMED(sub)]
        if len(named) == 1:
            path, v = named[0]
            where = spans.get(("model", *path))
            if where is not None and sites.cat.read_model(v)[1] == "openai":
                return [(v, where, path)]
    return []


#: A keyword that prices a model (`input_price=1.75`, `cost_per_call=60`): given a number, the call is
#: an entry of the app's model registry (a leaderboard's `ModelConfig(model_name="gpt-4.1", ...,
#: input_price=2, output_price=8)`), not a request.
_PRICE_KEY = re.compile(r"(?i)(?:^|_)(?:price|pricing|cost)s?(?:_|$)")


def registry_entry(call: Call) -> bool:
    """Whether a call prices what it names (see `_PRICE_KEY`)."""
    return any(k is not None and _PRICE_KEY.search(k) and isinstance(v, Lit) and isinstance(v.value, (int, float))
               for k, v in call.kwargs)  # fmt: skip


#: A call that registers what it is given (`ModelParserRegistry.register_model_parser(...)`, `registry.register(...)`).
_REGISTERS = re.compile(r"(?i)^_?register")


def registered(sites: Frameworks, site: CallSite) -> bool:
    """Whether a call builds an object handed straight to a registering call
    (`register_model_parser(DefaultOpenAIParser(model))` for each model a framework offers): an
    entry of the app's registry of models, not a model the app picks."""
    spans = sites.m.memo.get("register_spans")
    if spans is None:
        spans = sites.m.memo["register_spans"] = [c.span for c in sites.m.calls if _REGISTERS.match(c.chain[-1])]
    at = site.span
    return any((s.line, s.column) < (at.line, at.column) and (at.end_line, at.end_column) <= (s.end_line, s.end_column)
               for s in spans)  # fmt: skip


def _MODEL_NAMED(key: str) -> bool:
    """Whether a setting's name says it holds a model (`customModelName`, `model_name`)."""
    return MODEL_KEY.match(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)) is not None


def _dict_ok(value: dict[str, Any]) -> bool:
    """Whether a dict handed on is a model's settings, not a table keyed by something else
    (a price or context-length entry holds numbers under cost or token keys)."""
    return not any(re.search(r"(?i)price|cost|token_limit|context_length|per_token", str(k)) for k in value)


def _sent(sites: Sites, model: FileModel, scope: int, name: str, whole: bool, keys: tuple[str, ...] = ("model",),
          depth: int = 0) -> bool:  # fmt: skip
    """Whether the callee sends its parameter `name` as a model: it is named as one in another
    module (`model`, `llm_model`, `model_name`), the body hands it on as one (`model=llm_used`,
    `"model": name`), or to a function of the tree that does (`evaluate(llm_used=llm_used)`,
    two steps at most); a settings dict (`whole`) is spread into a call (`Fn(**options)`)."""
    if name == "**":
        return whole  # the settings spread into a function of a module that talks to OpenAI
    fields = not whole and any(c.scope == scope for c in model.classes.values())
    if not whole and MODEL_KEY.match(name) and (model is not sites.m or fields):
        # A factory or wrapper of another module given a model (`get_model(model=...)`); not
        # `tokenizer_model=`, `cost_model=`: the callee counts or prices, it does not send.
        # (A function of this file is read: `print(model)` sends nothing; a field named as a model
        # of a class of this file that talks to OpenAI is its model, as its default is.)
        spec = sites.cat.frameworks.neutral_models
        return spec is None or re.search(spec.not_calls, name) is None
    from bedrock_check.extract.defaults import _handed_on

    text = function_text(model, scope)
    if whole:
        # A settings dict spread into the request or a framework's constructor (`Fn(**options)`),
        # or whose model is read (`options["model"]`, `opts.model`; kept on the instance and read
        # by another method: `this.opts.model`).
        n, k = re.escape(name), re.escape(keys[-1])
        read = rf"""(?:\??\.{k}\b|\[["']{k}["']\]|\.get\(["']{k}["'])"""
        if len(keys) > 1:
            # A block's setting (`configurable.customModelName`, `globalSettings.model`): the
            # callee's module reads it from that block, wherever (the factory may hand the config
            # to a helper beside it).
            block = re.escape(keys[0])
            return re.search(rf"""(?:\.{block}\b|\[["']{block}["']\])\??{read}{_NOT_STORED}""", model.src.text) is not None
        if keys[-1] != "model":
            # Another model-named setting (`settings["chat_model"]`): read by that name in the module.
            return re.search(read + _NOT_STORED, model.src.text) is not None
        return (re.search(rf"\*\*\s*(?:self\.)?{n}\b|\.\.\.(?:this\.)?{n}\b|\b{n}{read}", text) is not None
                or re.search(rf"\b(?:self|this)\.{n}{read}", model.src.text) is not None)  # fmt: skip
    # (A template's `${name}` is text built from the name, not a model handed on.)
    if _handed_on(text.replace("${", "$("), name, model.lang == "python"):
        return True
    if depth >= _MAX_DEPTH or re.search(rf"\b{re.escape(name)}\b", text) is None:
        return False
    r = sites.r._for(model)
    spec = sites.cat.frameworks.neutral_models
    for site in model.calls:
        if site.scope != scope or (spec is not None and re.search(spec.not_calls, ".".join(site.chain))):
            continue  # (`get_encoder(model_name)`: a tokenizer's, counted, not sent)
        call = model.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            continue
        given = [a for a in (*call.args, *(v for _, v in call.kwargs)) if isinstance(a, Ref) and a.name == name]
        if not given:
            continue
        callee = _callee(r, call)
        if callee is None:
            continue
        for param, arg in _arguments(call, callee[2]):
            if arg in given and _sent(sites, callee[0], callee[1], param, False, depth=depth + 1):
                return True
    return False


def function_text(model: FileModel, scope: int) -> str:
    """The source text of the function at `scope` of `model`, from its first binding (a
    parameter) to its last line or return expression."""
    from bedrock_check.extract.defaults import _scope_ends, _text

    start = min((b.pos[0] for (s, _), bs in model.bindings.items() if s == scope for b in bs), default=0)
    end = max([_scope_ends(model).get(scope, start), *_return_ends(model, scope)])
    return _text(model, start, end)


def _return_ends(model: FileModel, scope: int) -> list[int]:
    """The last lines of a function's return expressions (`return {"model": name, ...}`)."""
    funcs = [b.func for bs in model.bindings.values() for b in bs if b.kind == "func" and b.func is not None]
    funcs += [f for c in model.classes.values() for f in c.methods.values()]
    ends: list[int] = []
    for func in funcs:
        if func.scope != scope:
            continue
        for raw in func.returns:
            end = getattr(raw, "end_lineno", None)
            if end is None and hasattr(raw, "end_point"):
                end = raw.end_point[0] + 1
            if isinstance(end, int):
                ends.append(end)
    return ends


def _talks_to_openai(sites: Sites, model: FileModel) -> bool:
    """Whether a module of the tree names the OpenAI API's URL, imports an OpenAI library, or
    imports a module of the tree that does (one step: the app's wrapper module builds the
    client in a file of its own)."""
    from bedrock_check.extract.sites.base import _is_openai_module

    # (A router naming the OpenAI API's URL among other vendors' sends OpenAI's ids there:
    # `api_base = ... or "https://api.openai.com/v1"` for `gpt-*` models.)
    if any(sites.cat.provider_of_host(url) == "openai" for url, _ in model.urls):
        return True
    if _NAMES_OPENAI.search(model.src.text) or _OPENAI_PATH.search(model.path.replace("\\", "/")):
        # A model factory that routes by provider (`{modelName, modelProvider: "openai", apiKey:
        # process.env.OPENAI_API_KEY}` handed to a framework's `initChatModel`), or the app's
        # OpenAI provider module (its fetch helpers post to a base URL from its settings).
        return True
    if model is sites.m:
        return sites.uses_openai_library()

    def direct(other: FileModel) -> bool:
        # (An OpenAI library, or a framework class the catalogue says is OpenAI's: `ChatOpenAI`.)
        return any((_is_openai_module(i.module) and sites.cat.provider_of_module(i.module) is None)
                   or sites.openai_class(i) for i in other.imports.values())  # fmt: skip

    if direct(model):
        return True
    project = sites.r.project
    if project is None:
        return False
    for n, imp in enumerate(model.imports.values()):
        if n >= _MAX_CALLEE_FILES:
            break
        path = project.source(model, imp)[0]
        other = project.model(path) if path else None
        if other is not None and direct(other):
            return True
    return False


def _look_up_scopes(sites: Sites) -> frozenset[int]:
    from bedrock_check.extract.defaults import _look_up_scopes as scopes

    return scopes(sites)


__all__ = ["function_text", "handed_models", "registered", "registry_entry"]
