"""Where a value is written says whose it is: a model in the branch that builds another
vendor's client, or a default in a module whose only server is another vendor's.

**The branch.**
Samples and apps pick their server at startup and set the model beside the client:

    if API_HOST == "github":
        client = openai.OpenAI(base_url="https://models.github.ai/inference", ...)
        MODEL_NAME = os.getenv("GITHUB_MODEL", "openai/gpt-4o")
    else:
        client = openai.OpenAI()
        MODEL_NAME = os.getenv("OPENAI_MODEL", "gpt-4o-mini")
    client.chat.completions.create(model=MODEL_NAME, ...)

The call is checked (one of its clients is OpenAI's), but `openai/gpt-4o` only ever goes
with the GitHub Models client built in its branch: it is GitHub's model, not a request to
the OpenAI API. The rule reads the `if`/`else` branch each binding is written in (the
front-ends record it, see `Binding.branch`): a model value written in a branch where the
call's receiver is bound only to clients of providers that are not checked is left out of
the call's request. A branch that builds no client of that name says nothing.

**The module.** A provider module of a multi-vendor app (create-llama's T-Systems LLM Hub
template: `DEFAULT_MODEL = "gpt-3.5-turbo"` beside `os.getenv("T_SYSTEMS_LLMHUB_BASE_URL")`,
LinkAI's bot with `api_base` defaulting to `https://api.link-ai.tech/v1`) names OpenAI
model ids that the other vendor serves. A module whose servers (URL literals, and the
environment variables its base URL and key are read from) are all other vendors' has
defaults of theirs, unless a setting's own name says OpenAI (`OPENAI_MODEL`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Binding, Call, FileModel, Obj
from bedrock_check.extract.resolve import Sym
from bedrock_check.findings import ElsewhereSpan, Pointer, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites
    from bedrock_check.extract.sites.providers import Providers


def _lines(raw: Any) -> tuple[int, int] | None:
    """The first and last line of a raw node (Python `ast` or tree-sitter), or None."""
    if hasattr(raw, "end_lineno") and getattr(raw, "lineno", None) is not None:
        return int(raw.lineno), int(raw.end_lineno or raw.lineno)
    start, end = getattr(raw, "start_point", None), getattr(raw, "end_point", None)
    if start is not None and end is not None:
        return int(start[0]) + 1, int(end[0]) + 1
    return None


def _binding_at(m: FileModel, line: int) -> Binding | None:
    """The assignment in a branch whose written value spans `line`, or None."""
    found: Binding | None = None
    for bindings in m.bindings.values():
        for b in bindings:
            if b.kind != "assign" or not b.branch or b.raw is None:
                continue
            lines = _lines(b.raw)
            spans = lines is not None and min(lines[0], b.pos[0]) <= line <= lines[1]
            if spans and (found is None or b.pos > found.pos):
                found = b  # (the innermost: a later statement that still spans it)
    return found


def _receiver(chain: tuple[str, ...]) -> str | None:
    """The name a call's client is bound to (`client` of `client.chat.completions.create`)."""
    return chain[0] if len(chain) > 1 and chain[0] not in ("self", "this") else None


def vendor_branch(sites: Providers, chain: tuple[str, ...], where: Span) -> str | None:
    """The provider of the clients the call's receiver is bound to in the branch where a
    value at `where` is written, when every such client goes to a provider that is not
    checked; else None."""
    name = _receiver(chain)
    if name is None:
        return None
    return _branch_vendor(sites, where, name)


def setting_vendor_branch(sites: Providers, where: Span) -> str | None:
    """The provider of the clients built in the branch where a setting's value at `where`
    is written (`if host == "local": client = OpenAI(base_url=os.environ["LOCAL_OPENAI_ENDPOINT"])`
    then `model = os.getenv("OPENAI_MODEL", "gpt-4o")`), when every client construction of
    that branch goes to a provider that is not checked; else None. A default reported where
    it is written has no call to name the client, so every client of the branch counts."""
    return _branch_vendor(sites, where, None)


def _branch_vendor(sites: Providers, where: Span, name: str | None) -> str | None:
    """The shared rule of `vendor_branch` (the clients bound to `name`) and
    `setting_vendor_branch` (`name` None: the clients bound to any name)."""
    if isinstance(where, ElsewhereSpan):
        return None
    m = sites.m
    at = _binding_at(m, where.line)
    if at is None:
        return None
    providers: set[str | None] = set()
    for (scope, bound), bindings in m.bindings.items():
        if name is not None and bound != name:
            continue
        for b in bindings:
            if b.kind != "assign" or b.branch != at.branch or b.raw is None:
                continue
            value = sites.r.value(m.lower(b.raw, scope))
            if name is None and not _client_construction(sites, value):
                continue  # (the branch's other assignments: its model, a token provider)
            if not isinstance(value, Sym) or value.call is None:
                return None  # a client this rule cannot tell (a factory, a parameter)
            providers.add(sites.provider_of(value)[0])
    if not providers or any(sites.cat.is_checked(p) for p in providers):
        return None
    return sorted(p for p in providers if p)[0]


def _client_construction(sites: Providers, value: Any) -> bool:
    """Whether a value is a client the catalogue knows, built here (`openai.OpenAI(...)`)."""
    if not isinstance(value, Sym) or value.call is None or not value.qual:
        return False
    return value.qual.removesuffix("()") in sites.cat.clients


def without_vendor_model(sites: Providers, chain: tuple[str, ...], body: dict[str, Any],
                         spans: dict[Pointer, Span]) -> tuple[dict[str, Any], dict[Pointer, Span]]:  # fmt: skip
    """The request without its `model` when that model is written in another vendor's
    branch (see the module docstring)."""
    where = spans.get(("model",))
    if not isinstance(body.get("model"), str) or where is None or vendor_branch(sites, chain, where) is None:
        return body, spans
    return ({k: v for k, v in body.items() if k != "model"},
            {p: sp for p, sp in spans.items() if p[:1] != ("model",)})  # fmt: skip


#: An environment variable read in code (`os.getenv("X"`, `os.environ["X"]`, `process.env.X`).
_ENV_READ = re.compile(r"""(?:getenv|environ(?:\.get)?|process\.env)\s*(?:\(|\[|\.)\s*["']?([A-Z][A-Z0-9_]*)""")
#: A URL written like an API's base (`https://api.x.ai`, `.../v1`, a port), not a docs link.
_API_URL = re.compile(r"^\w+://(?:api[.-][^/]*|[^/]*:\d+)|/v\d+\b|/api/|/inference\b|/openai\b")
#: Environment variables that say where a client goes (its base URL or host; a file reads
#: keys of many services, `HF_TOKEN` for a dataset, `GITHUB_TOKEN` for issues).
_SERVER_ENV = re.compile(r"(?:BASE_URL|API_BASE|API_URL|ENDPOINT|API_HOST)$")


def file_servers(sites: Sites) -> set[str | None]:
    """The providers of the servers a file names: its URL literals with a known host (a
    host nobody can tell, a docs page, a local web server says nothing), and the vendors of
    the environment variables its base URL or key is read from."""
    memo = sites.m.memo.get("file_servers")
    if memo is None:
        cat = sites.cat
        memo = {cat.provider_of_host(url) for url, _ in sites.m.urls if _API_URL.search(url)} - {None, "local"}
        for name in _ENV_READ.findall(sites.m.src.text):
            if _SERVER_ENV.search(name):
                memo.add(cat.provider_of_env(name))
        memo.discard(None)
        sites.m.memo["file_servers"] = memo
    return set(memo)


def elsewhere_module(sites: Sites) -> bool:
    """Whether every server a file names is another vendor's, and the file is named for that
    vendor (its path or a class of it: `link_ai_bot.py`/`LinkAIBot`, `t-systems/settings.py`):
    a multi-provider module that names an Ollama URL in one method is not the Ollama module."""
    servers = file_servers(sites)
    if not servers or any(sites.cat.is_checked(p) for p in servers):
        return False
    names = [sites.m.path, *sites.m.classes]
    return any(sites.cat.provider_of_code(name) in servers for name in names)


def openai_named(sites: Sites, name: str) -> bool:
    """Whether a setting's name says it is OpenAI's (`OPENAI_MODEL`, `AZURE_OPENAI_MODEL`)."""
    return sites.cat.provider_of_env(name.replace("-", "_").upper()) in MIGRATING_PROVIDERS


def other_provider_call(sites: Sites, call: Call) -> bool:
    """Whether a call names another provider beside the model it is handed, as a keyword or
    in a settings dict it is given (`create_embedding_provider(provider="linkai", model=...)`,
    `add_client("groq", {"base_url": "https://api.groq.com/openai/v1", "model": ...})`): the
    model goes there."""
    spec = sites.cat.frameworks.provider_siblings
    keys = re.compile(spec.provider_keys) if spec is not None else None
    given: list[tuple[Any, Any]] = list(call.kwargs)
    given += [(getattr(k, "value", None), v) for a in call.args if isinstance(a, Obj) for k, v in a.entries]
    for key, e in given:
        if not isinstance(key, str):
            continue
        named = keys is not None and keys.search(key) is not None
        if not named and key not in sites.cat.providers.base_url_args:
            continue
        value = sites.r.value(e)
        if not isinstance(value, str) or not value:
            continue
        if named:
            provider = value.lower() if value.lower() in sites.cat.providers.providers else None
        else:
            provider = sites.cat.provider_of_base_url(value) if "://" in value else None
        if provider is not None and not sites.cat.is_checked(provider):
            return True
    return False


#: A base URL written as an entry of an object or dict (`baseUrl: "https://..."`, `"base_url": "..."`).
_BASE_ENTRY = re.compile(r"""\b(?:baseUrl|baseURL|base_url|api_base|apiBase)["']?\s*[:=]\s*["'`]([^"'`\s]+)""")
#: How far around a use its enclosing object is looked for (characters each way).
_OBJECT_REACH = 4000


def used_only_elsewhere(sites: Sites, name: str) -> bool:
    """Whether every use of a module constant sits in an object that names another provider's base
    URL: a registry entry (`{id: "chatgpt-plan", defaultModelId: CODEX_DEFAULT, defaults: {baseUrl:
    "https://chatgpt.com/backend-api/codex"}}`) whose model goes there, not to the OpenAI API."""
    text = sites.m.src.text
    uses = [m.start() for m in re.finditer(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", text)]
    # (The first occurrence is where the constant is written.)
    if len(uses) < 2:
        return False
    for at in uses[1:]:
        block = _enclosing_object(text, at)
        urls = _BASE_ENTRY.findall(block) if block else []
        providers = {sites.cat.provider_of_host(u) for u in urls}
        if not providers or any(p is None or sites.cat.is_checked(p) for p in providers):
            return False
    return True


def _enclosing_object(text: str, at: int) -> str | None:
    """The text of the innermost `{...}` around offset `at` (braces counted as written, strings
    not told apart: an estimate good enough for registry entries), or None."""
    depth = 0
    start = None
    for i in range(at - 1, max(at - _OBJECT_REACH, 0) - 1, -1):
        c = text[i]
        if c == "}":
            depth += 1
        elif c == "{":
            if depth == 0:
                start = i
                break
            depth -= 1
    if start is None:
        return None
    depth = 0
    for j in range(start, min(start + 2 * _OBJECT_REACH, len(text))):
        c = text[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start : j + 1]
    return None


#: The name a value is written to, just before the value on its line: `NAME = `, `NAME: str = `,
#: `"NAME": `, `name: ` (a Python or JS assignment, a dict or object entry, a class field).
#: How far before a value its name is looked for.
_NAME_REACH = 160
_NAMED_VALUE = re.compile(r"""(?:^|[\s,{(])["']?([A-Za-z_$][\w$]*)["']?\s*(?::\s*[\w\[\]., |]*?\s*=|[:=])\s*$""")


def vendor_named(span: Span, line: str | None) -> bool:
    """Whether a value is written to a name that names another vendor (`GROQ_MODEL = ...`,
    `_DEFAULT_OPENROUTER_STT_MODEL = "openai/whisper-1"`, `defaultDeepSeekModel: ...`): that
    vendor's model, whichever call it reaches (`line` is the text of the span's line)."""
    from bedrock_check.catalogue import shipped_catalogue

    text = span.text if isinstance(span, ElsewhereSpan) and span.text else line
    if not text or span.column < 2:
        return False
    # (Only the text just before the value: a minified line is hundreds of kilobytes long.)
    found = _NAMED_VALUE.search(text[max(0, span.column - 1 - _NAME_REACH) : span.column - 1])
    return found is not None and shipped_catalogue().other_vendors_setting(found.group(1), served=True)


def used_only_foreign(sites: Sites, name: str) -> bool:
    """Whether every use of a module constant after the one that writes it is an argument of a
    call to another vendor (`const MODEL = "openai/gpt-4o-mini"` read only by `openrouter(MODEL)`,
    an instance of `createOpenRouter()`): the constant is that vendor's model, not one the
    OpenAI API is sent."""
    from bedrock_check.extract.bodies import within

    word = re.compile(rf"(?<![\w$.]){re.escape(name)}(?![\w$])")
    uses = [Span(n, m.start() + 1, n, m.end() + 1)
            for n, line in enumerate(sites.m.src.lines, 1) if name in line for m in word.finditer(line)]  # fmt: skip
    if len(uses) < 2:
        return False
    for use in uses[1:]:
        if sites.in_foreign(use):
            continue
        around = [c for c in sites.m.calls if within(use, c.span)]
        if not around:
            return False
        site = min(around, key=lambda c: (c.span.end_line - c.span.line, c.span.end_column - c.span.column))
        call = sites.m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or sites.cat.is_checked(sites._caller(call)[0]):
            return False
    return True


def vendor_class_scope(sites: Any, scope: int) -> bool:
    """Whether code is written in a method of a class named for a provider that is not checked
    (`QwenVLChatAtOAI`, `GroqChatModel`), or in a function named for one (`_build_gemini_tools`
    beside `_build_openai_tools`): the literals it builds are that vendor's requests."""
    if _vendor_function(sites, scope):
        return True
    cls = sites.r._class_of(scope)
    if not cls:
        return False
    words = {w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+", cls)}
    # (Not a provider id that is also a common word of class names, `MetaAgent`, `LocalCache`:
    # the catalogue's `common_word`.)
    return any(not sites.cat.is_checked(w) for w in words & sites.cat.vendor_words)


def _vendor_function(sites: Any, scope: int) -> bool:
    """Whether the innermost function around `scope` is named for a provider that is not checked."""
    from bedrock_check.extract.resolve.values import function_at

    s: int | None = scope
    while s is not None:
        info = function_at(sites.m, s)
        if info is not None:
            return sites.cat.vendor_named(info.name) is not None
        s = sites.m.scopes[s].parent
    return False
