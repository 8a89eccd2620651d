"""A library's own model class given an OpenAI model, read as a catalogue constructor.

Libraries wrap the OpenAI client in model classes of their own, and applications name the
model there, never in an SDK call of theirs:

    model = OpenaiChatModel("gpt-4o")                          # magentic
    llm = lm.OpenAIGPTConfig(chat_model=model or "gpt-4.1")    # langroid
    lm = models.OpenAI("gpt-4o-mini", api_key=key)             # guidance
    chat = new ChatModel({ params: { model: "gpt-4o" } })      # Dexter (OpenAI by default)
    embedder = OpenAIEmbeddingsConfig(model_name="text-embedding-3-small")

The catalogue cannot list every such library, so the class is told by its name (the
catalogue's `neutral_models`): one whose name says OpenAI is that library's OpenAI model,
and every model-named option of it names its model (a word of its name may say which
endpoint it calls: `Embed`, `Assistant`); one named like a model class or config object of
a framework that takes any provider (`FooModel`, `LLMConfig`) names its model in a model
keyword or its first argument, and the model id decides its provider. The call is then read
as a catalogue entry for that class would be (`Frameworks._framework`): a base URL or a model
of another vendor sends it there, and, as a model object that sends nothing itself, it is not
checked in a test file (a mock runs it) unless the test is a live one. More of one class built
in one function than the app's own helpers may be handed (`handed._MAX_IDS`) are a table of
choices (`register(OpenAiLLM("gpt-4o"))`, `register(OpenAiLLM("o3-mini"))`, ...), not a setting.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bedrock_check.catalogue import Constructor
from bedrock_check.extract.bodies import camel_to_snake
from bedrock_check.extract.callsite import Arr, Call, CallSite, Expr, Lit, Obj, Spread
from bedrock_check.extract.handed import _MAX_IDS, registered
from bedrock_check.extract.resolve.values import EnvVar
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites.frameworks import Frameworks as Sites

#: Options that hand a class a client or settings made elsewhere (`client=`, `config=`, `http_client=`).
_SET_UP = re.compile(r"(?i)(^|_)(client|config|configuration|settings)$")
#: A keyword or option that passes an API key (`api_key=`, `openai_api_key=`, `apiKey:`).
_KEY_ARG = re.compile(r"(?i)^(\w+_)?api_?key$")
#: The file reads an OpenAI API key from the environment (`os.getenv("OPENAI_API_KEY")`,
#: `env_or_skip("OPENAI_API_KEY")`, `process.env.OPENAI_API_KEY`).
_OPENAI_KEY_READ = re.compile(r"""(?i:env|environ)\w*\s*(?:\(|\[|\.)\s*["']?(?:AZURE_)?OPENAI_API_KEY\b""")


def _options(call: Call, js: bool) -> list[tuple[str, Expr]]:
    """The options written in a call: its keywords (Python) or its first object's keys (JS)."""
    if not js:
        return [(k, v) for k, v in call.kwargs if k is not None]
    first = call.args[0] if call.args else None
    return _keys(first) if isinstance(first, Obj) else []


def _keys(obj: Obj) -> list[tuple[str, Expr]]:
    return [(k.value, v) for k, v in obj.entries if isinstance(k, Lit) and isinstance(k.value, str)]


def _model_key(options: list[tuple[str, Expr]], named: re.Pattern[str] | frozenset[str],
               groups: frozenset[str]) -> tuple[str, Expr] | None:  # fmt: skip
    """The (dotted, snake_case) option that names the model and its value: a model-named one,
    or one inside an option group written as a literal (`params={"model": ...}`)."""
    def model_named(key: str) -> bool:
        snake = camel_to_snake(key)
        return bool(named.search(snake)) if isinstance(named, re.Pattern) else snake in named

    for key, value in options:
        if model_named(key):
            return camel_to_snake(key), value
    for key, value in options:
        if camel_to_snake(key) in groups and isinstance(value, Obj):
            inner = next(((k, v) for k, v in _keys(value) if model_named(k)), None)
            if inner is not None:
                return f"{camel_to_snake(key)}.{camel_to_snake(inner[0])}", inner[1]
    return None


def _endpoint(sites: Sites, name: str, options: list[tuple[str, Expr]], model: Expr | None) -> str:
    """The endpoint a class named for OpenAI calls, by a word of its name, when it is built
    here for OpenAI: not set up elsewhere (no client, config or base URL handed to it), and
    given an OpenAI model id, or none (the library's default, OpenAI's) when it is not a
    settings object (`OpenAIEmbeddingPromptExecutionSettings(dimensions=3072)` is a request's options)."""
    spec = sites.cat.frameworks.neutral_models
    assert spec is not None
    endpoint = next((e for word, e in spec.class_endpoints.items() if word in name), "unknown")
    base_urls = {camel_to_snake(a) for a in sites.cat.providers.base_url_args}
    if endpoint == "unknown" or any(_SET_UP.search(camel_to_snake(k)) or camel_to_snake(k) in base_urls for k, _ in options):
        return "unknown"
    if model is not None:
        value = sites.r.value(model)
        if isinstance(value, EnvVar):
            # `model=embedding_model` read by `os.getenv("EMBEDDING_MODEL", "text-embedding-3-small")`:
            # the default is the model it calls whenever the variable is unset.
            value = value.default
        return endpoint if isinstance(value, str) and sites.cat.read_model(value)[1] == "openai" else "unknown"
    return "unknown" if re.search(spec.settings_classes, name) else endpoint


def _live_test(sites: Sites, options: list[tuple[str, Expr]]) -> bool:
    """A test that calls the API for real: the class is given an API key that is not written
    in the test, and the file reads an OpenAI key from the environment (a mocked test passes
    a made-up key, or none)."""
    given = any(_KEY_ARG.match(camel_to_snake(k)) and not isinstance(v, Lit) for k, v in options)
    return given and bool(_OPENAI_KEY_READ.search(sites.m.src.text))


def _written_ids(call: Call) -> set[str]:
    """The string literals a call is given (arguments, options, an option group's)."""
    found: set[str] = set()
    for e in (*call.args, *(v for _, v in call.kwargs)):
        for item in (v for _, v in e.entries) if isinstance(e, Obj) else (e,):
            for leaf in (v for _, v in item.entries) if isinstance(item, Obj) else (item,):
                if isinstance(leaf, Lit) and isinstance(leaf.value, str):
                    found.add(leaf.value)
    return found


def _choices(sites: Sites, site: CallSite) -> bool:
    """Whether one function builds objects of the class a call builds with more OpenAI model
    ids than one app picks from (a registry of the models it offers). Objects kept each under
    a name of its own (`self.outline_lm = LitellmModel(model="gpt-4o")`, `self.polish_lm =
    LitellmModel(model="azure/gpt-4o-mini")` in an `elif`) are the app's settings per role,
    not choices: their ids do not count."""
    memo: dict[tuple[int, tuple[str, ...]], bool] = sites.m.memo.setdefault("library_choices", {})
    key = (site.scope, site.chain)
    if key not in memo:
        ids: set[str] = set()
        # (the file's calls by scope and chain, indexed once: asked for every call of such a class)
        by_key: dict[tuple[int, tuple[str, ...]], list[CallSite]] | None = sites.m.memo.get("calls_by_scope_chain")
        if by_key is None:
            by_key = sites.m.memo["calls_by_scope_chain"] = {}
            for other in sites.m.calls:
                by_key.setdefault((other.scope, other.chain), []).append(other)
        for other in by_key.get(key, ()):
            if sites.m.kept(other.raw):
                continue
            call = sites.m.lower(other.raw, other.scope)
            if isinstance(call, Call):
                ids |= {v for v in _written_ids(call) if sites.cat.is_openai_model(sites.cat.read_model(v)[0])}
        memo[key] = len(ids) > _MAX_IDS
    return memo[key]


def library_spec(sites: Sites, site: CallSite, qual: str, call: Call) -> Constructor | None:
    """The catalogue entry a library's own model class would have (see the module docstring),
    or None when the class is not one or its call names nothing to check."""
    spec = sites.cat.frameworks.neutral_models
    kind = sites.cat.library_class(qual)
    if spec is None or kind is None or sites.file_vendor is not None or _choices(sites, site) or registered(sites, site):
        return None
    js = sites.m.lang != "python"
    options = _options(call, js)
    named: re.Pattern[str] | frozenset[str] = (re.compile(spec.beside_client) if kind in MIGRATING_PROVIDERS and spec.beside_client
                                               else frozenset(spec.keywords))  # fmt: skip
    found = _model_key(options, named, frozenset(spec.option_groups))
    key = found[0] if found else None
    first = call.args[0] if call.args else None
    # (A factory function of a package named for OpenAI takes its model first too: mirascope's
    # `@openai.call("gpt-4o-mini")`; the package's helpers that ask about a model,
    # `openai_modelname_to_contextsize("gpt-4")`, are the catalogue's `not_factories`.)
    positional = found is None and first is not None and not isinstance(first, (Obj, Arr, Spread))
    model = found[1] if found else first if positional else None
    endpoint = _endpoint(sites, qual.rpartition(".")[2], options, model) if kind == "openai" else "unknown"
    if model is None and endpoint == "unknown":
        return None
    # (`model` names where the model is written, for `_own_enum_model`: langroid's
    # `OpenAIGPTConfig(chat_model=OpenAIChatModel.GPT4o)` names it by the library's own enum.)
    # (An Azure class's model names its deployment: checked only when named after an OpenAI model.)
    return Constructor(name=[qual], provider=kind if kind in MIGRATING_PROVIDERS else None, model=0 if positional else key,
                       rename={key: "model"} if key and key != "model" else {}, fields=["model"], endpoint=endpoint,
                       camel=js, config=not (sites._test_file and _live_test(sites, options)))  # fmt: skip
