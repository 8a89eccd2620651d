"""Model ids written as the default of a named setting.

Applications rarely hard-code the model in the request: they read it from a setting
whose default is written in the code, and that default is the model they call whenever
nobody sets it:

- an environment read with a fallback: `os.getenv("OPENAI_MODEL", "gpt-4o")`,
  `os.environ.get(...)`, `os.environ.setdefault(...)`, `process.env.OPENAI_MODEL ?? "gpt-4o"`
  (or `||`, `import.meta.env`), `const { OPENAI_MODEL = "gpt-4o" } = process.env`;
- a command-line option: argparse `add_argument("--model", default=...)`, click
  `option("--model", default=...)`, typer `Option("gpt-4o", "--model")`, commander
  `.option("-m, --model <m>", "desc", "gpt-4o")`, yargs `.option("model", {default: ...})`;
- a settings field: a pydantic `BaseSettings` class's `openai_model: str = "gpt-4o"`, a zod
  environment schema's `OPENAI_MODEL: z.string().default("gpt-4o")`.

Each is reported where the default is written, even when the request that sends it is in
another file or out of reach (a use that is visible is checked too; the scan reports one
finding per place). A setting counts only when its name says it is a model (the `.env`
rule: `OPENAI_MODEL`, `*_MODEL`, `MODEL_NAME`, `--model`) and its default is an OpenAI
model id, and never in a file whose calls go to another vendor (an Anthropic SDK, every
client pointed at Ollama): there, `--model llama3` or `gpt-oss:20b` is that vendor's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Attr, Call, Expr, Lit, Obj
from bedrock_check.extract.deployment_keys import camel_words
from bedrock_check.extract.dotenv import MODEL_KEY, UPPER_MODEL_TYPE
from bedrock_check.extract.prefixed import prefixed_models
from bedrock_check.extract.resolve.values import functions_of
from bedrock_check.extract.vendor_scope import (
    elsewhere_module,
    openai_named,
    setting_vendor_branch,
    used_only_elsewhere,
    used_only_foreign,
)
from bedrock_check.findings import Observation, Pointer, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: The option's long name in its flags (`-m, --model <model>`, `--model`).
_LONG_FLAG = re.compile(r"--([A-Za-z][\w-]*)")


def default_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment for each OpenAI model id a named setting of the file
    defaults to (see the module docstring)."""
    if sites.file_vendor is not None:
        return
    if sites.client_providers and not (sites.client_providers & {*MIGRATING_PROVIDERS, None}):
        return  # every client of this file goes to another provider (Ollama, vLLM, ...)
    if sites.client_providers == {"azure"} or (not sites.client_providers and sites._module_provider() == "azure"):
        return  # every client is Azure's (or `openai.api_type = "azure"`): a model setting names a deployment
    m = sites.m
    spec = sites.cat.frameworks.setting_defaults
    if spec is None:
        return
    env_reads = {tuple(path.split(".")) for path in spec.env_reads}
    # Only a setting named as a model counts: the name is checked before anything is lowered.
    looked_up = _look_up_scopes(sites)
    found: list[tuple[str, Expr]] = [(name, m.lower(raw, scope)) for name, raw, scope in m.named_defaults
                                     if _model_key(name) and scope not in looked_up]  # fmt: skip
    for site in m.calls:
        chain = site.chain
        if chain[-1] in spec.option_calls or _reads_env(m, chain, env_reads) or spec.env_helper(chain[-1]):
            setting = _setting(sites, site, spec.option_calls)
            if setting is not None and _model_key(setting[0]) and site.scope not in looked_up:
                found.append(setting)
    # (In either spelling: `DEFAULT_MODEL`, and JS's `defaultModel`, `defaultAPIModel`.)
    top = [(name, b.raw) for (scope, name), bindings in m.bindings.items()
           if scope == 0 and _model_key(camel_words(name)) for b in bindings[:1] if b.kind == "assign" and len(bindings) == 1]  # fmt: skip
    # Whether the file talks to OpenAI may mean parsing the modules it imports: asked only
    # when a module-level setting named as a model is there to be read.
    if top:
        # (A constant used only in entries that name another provider's server is theirs.)
        top = [(name, raw) for name, raw in top if not (used_only_elsewhere(sites, name) or used_only_foreign(sites, name))]
    if top and sites._talks_to_openai():
        # `DEFAULT_MODEL = "gpt-4.1-mini"` at the top of a module that talks to OpenAI: the
        # model its requests fall back to, wherever (a getter, another module) they read it.
        found.extend((name, m.lower(raw, 0)) for name, raw in top)
    elif top:
        # A constants module: a constant named as the default model (`DEFAULT_MODEL_NAME`,
        # `DEFAULT_TTS_MODEL`) is the model the app sends when nobody picks one, unless its
        # name is another provider's (`GEMINI_DEFAULT_MODEL`, `AZURE_DEFAULT_MODEL`).
        vendors = _vendor_words(sites)
        if not _other_provider_named(sites):
            found.extend((name, m.lower(raw, 0)) for name, raw in top
                         if "default" in name.lower() and not vendors.search(name))  # fmt: skip
    local = _local_models(sites)
    from bedrock_check.extract.fields import field_models

    found.extend(field_models(sites))
    found.extend(_read_with_default(sites, spec.getters, looked_up))
    if elsewhere_module(sites):
        # Every server the module names is another vendor's: its defaults are theirs.
        found = [(name, e) for name, e in found if openai_named(sites, name)]
        local = [(name, e) for name, e in local if openai_named(sites, name)]
    yield from model_values(sites, [e for _, e in found])
    # (A local the function hands on as its model sends every value it can hold: see `model_values`.
    # Python only: in JS a template's `${model}` reads as a model handed on, `{ model }`.)
    yield from model_values(sites, [e for _, e in local], every=sites.m.lang == "python")


def model_values(sites: Sites, exprs: list[Expr], every: bool = False) -> Iterator[Observation]:
    """A model request fragment for the model id each expression resolves to, where the id
    is written (not inside another vendor's call). With `every`, each value a conditional or a
    fallback can give counts (a local the function hands on as its model: `model = await
    self.select_model(params) or "gpt-4o"` sends the fallback whenever nothing is selected,
    however the first operand resolves); else the first that resolves (a setting's default read
    beside the caller's own value, `usage.model ?? (process.env.MODEL_NAME || "gpt-4o-mini")` in a
    cost table, is that value when there is one)."""
    for e in exprs:
        if sites.in_foreign(e.span):
            continue
        spans: dict[Pointer, Span] = {}
        value, branches = sites.r.branched(e, ("model",), spans)
        found = [(value, spans.get(("model",)))]
        if every:
            found += [(other, sub.get(("model",))) for at, other, sub in branches if at == ("model",)]
        for one, where in found:
            if isinstance(one, str) and where is not None and setting_vendor_branch(sites, where) is None:
                # (Not a default written in the branch that builds a local server's or another
                # vendor's client: that branch's requests go there.)
                yield from sites.more_models([(one, where)], where, None)


def holder_models(sites: Sites) -> Iterator[Observation]:
    """OpenAI model ids stored as the model of an object named for a language model
    (`self.llm.model = "gpt-4-vision-preview"`, `config.llm.model = "gpt-3.5-turbo"`: the
    catalogue's `neutral_models.holders`): the app's LLM wrapper sends that model, whichever
    file builds it. (Objects the catalogue's `attribute_settings` lists are read there.)"""
    m = sites.m
    spec = sites.cat.frameworks.neutral_models
    if spec is None or spec.holders is None or sites.file_vendor is not None or sites._test_file:
        return
    holder, keys = re.compile(spec.holders), frozenset(spec.keywords)
    listed = {tuple(e.prefix.split(".")): frozenset(e.object) for e in sites.cat.frameworks.attribute_settings}
    stores = [(raw, scope) for chain, raw, scope, span in m.attr_stores
              if len(chain) >= 3 and chain[-1] in keys and holder.match(chain[-2])
              and not (chain[1:-1] in listed and sites._object_of(chain[0], scope, span) in listed[chain[1:-1]])]  # fmt: skip
    for cls in m.classes.values():
        for name, raws in cls.fields.items():
            head, _, attr = name.rpartition(".")
            if head and attr in keys and holder.match(head.rpartition(".")[2]):
                stores.extend(raws)
    for raw, scope in stores:
        e = m.lower(raw, scope)
        if (isinstance(e, Lit) and isinstance(e.value, str) and sites.cat.read_model(e.value)[1] == "openai"
                and not sites.in_foreign(e.span)):  # fmt: skip
            yield from sites.more_models([(e.value, e.span)], e.span, "openai")


def _any_between(sorted_numbers: list[int], first: int, last: int) -> bool:
    i = bisect.bisect_left(sorted_numbers, first)
    return i < len(sorted_numbers) and sorted_numbers[i] <= last


def _local_models(sites: Sites) -> list[tuple[str, Expr]]:
    """Model-named parameters with a default and local variables, inside functions, in a
    file whose requests go to OpenAI directly or through a module of the tree it imports
    (`def converse(messages, model: str = "gpt-4.1-mini")` handing the model to its own
    `chat_completion(...)`, `model_name = "computer-use-preview"` then `create_response(model=model_name)`):
    the model the function sends, wherever the request is built. Not in a test file
    (a mock runs it)."""
    m = sites.m
    # (An assignment overwritten later in the same branch never reaches a use.)
    named = [(scope, name, b) for (scope, name), bindings in m.bindings.items() if scope != 0
             and MODEL_KEY.match(name) for b in bindings if b.raw is not None and b.kind in ("param", "assign")
             and not (b.kind == "assign" and any(o.kind == "assign" and o.pos > b.pos and o.branch == b.branch
                                                 for o in bindings))]  # fmt: skip
    if named:
        # A function named for another provider or for Azure (`LLM.with_cerebras(model="gpt-oss-120b")`,
        # `with_azure(model=...)` beside a deployment) sends its model there, not to OpenAI.
        vendors = _vendor_words(sites)
        names = _function_names(m)
        # (Also a method of a class one of whose words names one: `AzureOpenAIEmbedderClient`.)
        named = [(scope, name, b) for scope, name, b in named
                 if not vendors.search(names.get(scope, "")) and not _vendor_class(sites, scope)
                 and not _elsewhere(sites, scope)]  # fmt: skip
    if not named or sites._test_file or not (sites.sends_openai or sites._talks_to_openai() or sites.imports_openai_module()):
        return []
    ends = _scope_ends(m)
    return [(name, m.lower(b.raw, scope)) for scope, name, b in named
            if _handed_on(text := _text(m, b.pos[0], ends.get(scope, b.pos[0])), name, m.lang == "python")
            or _to_base_elsewhere(sites, scope, text, name)]  # fmt: skip


def _to_base_elsewhere(sites: Sites, scope: int, text: str, name: str) -> bool:
    """Whether a constructor hands a model parameter to a base class of another file, which
    stores and sends it (`super().__init__(model_name)` under `class OpenAILLM(BaseLLM)`, its
    base imported). (A base class of this file is followed by the resolver, subclass by subclass.)"""
    m = sites.m
    cls = m.classes.get(sites.r._class_of(scope) or "")
    if m.lang != "python" or cls is None or not cls.bases or any(b in m.classes for b in cls.bases):
        return False
    return re.search(rf"\bsuper\(\)\.__init__\((?:[^()]*,)?\s*{re.escape(name)}\s*[,)]", text) is not None


def _is_string(raw: Any) -> bool:
    """Whether a raw value is a string literal as written (Python or JS), before lowering."""
    value = getattr(raw, "value", None)
    if isinstance(value, str):
        return True  # ast.Constant
    return getattr(raw, "type", None) == "string"


def _other_provider_named(sites: Sites) -> bool:
    """Whether a module constant names a provider other than OpenAI as the module's
    (`DEFAULT_MODEL_PROVIDER = "ollama"`): its default models are that provider's."""
    m = sites.m
    for (scope, name), bindings in m.bindings.items():
        if scope != 0 or not name.lower().endswith("provider"):
            continue
        for b in bindings:
            e = m.lower(b.raw, 0) if b.raw is not None and b.kind == "assign" else None
            value = e.value if isinstance(e, Lit) else None
            if isinstance(value, str) and value.lower() in sites.cat.providers.providers and value.lower() != "openai":
                return True
    return False


def _read_with_default(sites: Sites, getters: str, looked_up: frozenset[int]) -> list[tuple[str, Expr]]:
    """A config reader given a model-named key and a default (`config.get("model", "gpt-4o")`,
    TaskWeaver's `self._get_str("model", shared or "gpt-4")`), in a file whose requests go to
    OpenAI and that is not a test: the default is the model sent when nothing is configured."""
    m = sites.m
    rx = re.compile(getters)
    found: list[tuple[str, Expr]] = []
    for site in m.calls:
        if not rx.search(site.chain[-1]) or site.scope in looked_up:
            continue
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or len(call.args) < 2:
            continue
        key = call.args[0]
        if isinstance(call.func, Attr) and sites.r.forwarded(call.func.obj):
            continue  # a wrapper reading the caller's arguments it hands on whole (`**kwargs`)
        if isinstance(key, Lit) and isinstance(key.value, str) and _model_key(key.value):
            found.append((key.value, call.args[1]))
    if not found or sites._test_file or not openai_workload(sites):
        return []
    return found


def _look_up_scopes(sites: Sites) -> frozenset[int]:
    """Functions named for a cost, price, usage or token count (`estimateCost`): a model
    default there is the key of a price or token table, not a request's model."""
    spec = sites.cat.frameworks.neutral_models
    if spec is None:
        return frozenset()
    not_calls = re.compile(spec.not_calls)
    return frozenset(scope for scope, name in _function_names(sites.m).items() if not_calls.search(name))


def openai_workload(sites: Sites) -> bool:
    """Whether the file's requests go to OpenAI: it makes one, talks to OpenAI, imports a framework class
    the catalogue says is OpenAI's (`from langchain.chat_models import ChatOpenAI`), or imports
    a module of the tree that does either."""
    return (sites.sends_openai or sites._talks_to_openai() or any(sites.openai_class(i) for i in sites.m.imports.values())
            or sites.imports_openai_module())  # fmt: skip


def _vendor_words(sites: Sites) -> re.Pattern[str]:
    """Provider names other than OpenAI's, as words a setting's name may hold."""
    return re.compile("|".join(re.escape(p) for p in sites.cat.providers.providers if p != "openai"), re.I)


def _vendor_class(sites: Sites, scope: int) -> bool:
    """Whether the class a function is a method of names another provider or Azure by one
    of its words (`AzureOpenAIEmbedderClient`, `GroqChatModel`)."""
    cls = sites.r._class_of(scope)
    if not cls:
        return False
    words = {w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", cls)}
    # (Not a provider id that is also a common word of class names, `MetaAgent`, `LocalCache`:
    # the catalogue's `common_word`.)
    return bool(words & (sites.cat.vendor_words - {"openai"}))


def _elsewhere(sites: Sites, scope: int) -> bool:
    """Whether a function's own base-URL parameter defaults to a server that is not OpenAI's
    (`with_ovhcloud(model="gpt-oss-120b", base_url="https://...ovh.net/v1")`)."""
    m = sites.m
    for (sc, name), bindings in m.bindings.items():
        if sc != scope or not name.lower().endswith(("url", "base")):
            continue
        for b in bindings:
            e = m.lower(b.raw, scope) if b.raw is not None else None
            if (isinstance(e, Lit) and isinstance(e.value, str) and "://" in e.value
                    and sites.cat.provider_of_host(e.value) not in MIGRATING_PROVIDERS):  # fmt: skip
                return True
    return False


def _function_names(m: Any) -> dict[int, str]:
    """Scope id -> the name of the function or method it is the body of."""
    names: dict[int, str] = {}
    for bindings in m.bindings.values():
        for b in bindings:
            if b.kind == "func" and b.func is not None:
                names[b.func.scope] = b.func.name
    for info in m.classes.values():
        for name, func in info.methods.items():
            names[func.scope] = name
    return names


def _scope_ends(m: Any) -> dict[int, int]:
    """The last line each scope's calls, bindings and field stores reach (its body, near enough)."""
    ends: dict[int, int] = {}
    for site in m.calls:
        ends[site.scope] = max(ends.get(site.scope, 0), site.span.end_line)
    for (scope, _), bindings in m.bindings.items():
        for b in bindings:
            ends[scope] = max(ends.get(scope, 0), b.pos[0])
    for info in m.classes.values():
        for stores in info.fields.values():
            for raw, scope in stores:
                _reach(ends, scope, raw)
    # (A function's returns: `return { model, useBetaHeader }` after a loop that only parses.)
    for func in functions_of(m):
        for raw in func.returns:
            _reach(ends, func.scope, raw)
    return ends


def _reach(ends: dict[int, int], scope: int, raw: Any) -> None:
    """Extend a scope's last line to a raw node's (Python or tree-sitter)."""
    end = getattr(raw, "end_lineno", None)
    if end is None and hasattr(raw, "end_point"):
        end = raw.end_point[0] + 1
    if isinstance(end, int):
        ends[scope] = max(ends.get(scope, 0), end)


def _text(m: Any, first: int, last: int) -> str:
    return "\n".join(m.src.lines[max(first, 1) - 1 : last])


def _handed_on(text: str, name: str, python: bool) -> bool:
    """Whether the file hands a name on as a model: a model keyword, option, entry or field
    given it (`model_name=model`, `self.model = model`, `"model": model`, JS `{ model }`),
    not only a table look-up or a tokenizer's argument (`prompt_sizes.get(model_name)`)."""
    n = re.escape(name)
    given = rf"(?i:\w*model\w*['\"]?)\s*[=:]\s*(?:self\.|this\.)?{n}\b(?!\s*[(\[.])"
    if not python:  # `{ model, input }`, `${model}`; a JSX attribute only when model-named (`model={model}`,
        # not a picker's `value={model}`)
        given += rf"|(?<![\w-]=)[{{,]\s*{n}\s*[,}}]|(?i:\w*model\w*)=\{{\s*{n}\s*\}}"
    return re.search(given, text) is not None


def _model_key(name: str) -> bool:
    """Whether a setting's name says it is a model (`OPENAI_MODEL`, `--model`, `model_name`),
    and not another vendor's (`GROQ_MODEL`, `GITHUB_MODEL`: what that vendor serves)."""
    from bedrock_check.catalogue import shipped_catalogue

    key = name.replace("-", "_")
    named = MODEL_KEY.match(key) or UPPER_MODEL_TYPE.match(key)
    return bool(named) and not shipped_catalogue().other_vendors_setting(key)


def _reads_env(m: Any, chain: tuple[str, ...], env_reads: set[tuple[str, ...]]) -> bool:
    """`os.getenv(...)`, `os.environ.get(...)`, or the same through an import of the name
    (`from os import getenv`, `from os import environ as env`)."""
    if chain in env_reads:
        return True
    head = m.imports.get(chain[0])
    if head is None:
        return False
    named = () if head.name in ("*", "default") else (head.name,)
    return (*head.module.split("."), *named, *chain[1:]) in env_reads


def _setting(sites: Sites, site: Any, option_calls: list[str]) -> tuple[str, Expr] | None:
    """(name, default expression) for an environment read or an option declaration
    that has a default written out."""
    call = sites.m.lower(site.raw, site.scope)
    if not isinstance(call, Call):
        return None
    strings = [a.value for a in call.args if isinstance(a, Lit) and isinstance(a.value, str)]
    default = next((v for k, v in call.kwargs if k == "default"), None)
    if site.chain[-1] not in option_calls:
        # An environment read: `os.getenv("OPENAI_MODEL", "gpt-4o")`.
        if not call.args or not isinstance(call.args[0], Lit) or not isinstance(call.args[0].value, str):
            return None
        spec = sites.cat.frameworks.setting_defaults
        reads = {tuple(path.split(".")) for path in spec.env_reads} if spec is not None else set()
        if spec is not None and not _reads_env(sites.m, site.chain, reads) and spec.env_helper(site.chain[-1]) and (
                not spec.env_variable(call.args[0].value)):  # fmt: skip
            return None  # an app's `getenv(...)` of something that is no environment variable's name
        default = call.args[1] if len(call.args) > 1 else default
        return (call.args[0].value, default) if default is not None else None
    flags = [f for f in strings if f.startswith("-")]
    dest = next((v.value for k, v in call.kwargs if k == "dest" and isinstance(v, Lit)), None)
    long = next((m.group(1) for f in flags for m in [_LONG_FLAG.search(f)] if m), None)
    # (A chat command's option names itself: py-cord's `@discord.option(name="model", default="gpt-4o")`.)
    named = next((v.value for k, v in call.kwargs if k == "name" and isinstance(v, Lit) and isinstance(v.value, str)), None)
    name = dest or long or named
    if sites.m.lang != "python" and name is None and call.args and isinstance(call.args[0], Lit):
        name = strings[0] if strings else None  # yargs: `.option("model", {...})`
    if not name:
        return None
    if default is None and sites.m.lang == "python" and call.args and not _is_flag(call.args[0]):
        default = call.args[0]  # typer: `Option("gpt-4o", "--model")`
    if default is None and sites.m.lang != "python":
        options = next((a for a in call.args[1:] if isinstance(a, Obj)), None)
        if options is not None:  # yargs: `{default: "gpt-4o"}`
            default = next((v for k, v in options.entries if isinstance(k, Lit) and k.value == "default"), None)
        elif len(call.args) >= 3 and flags:  # commander: flags, description, default
            default = call.args[2]
    return (name, default) if default is not None else None


def _is_flag(e: Any) -> bool:
    return isinstance(e, Lit) and isinstance(e.value, str) and e.value.startswith("-")


__all__ = ["default_models", "holder_models", "openai_workload", "prefixed_models"]
