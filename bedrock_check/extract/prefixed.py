"""Provider-prefixed model strings written as a setting's value (`openai:gpt-4.1`,
`openai/gpt-4o-mini`), reported where they are written: the prefix names the provider,
so the string is a model use wherever the app later sends it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.bodies import within
from bedrock_check.findings import Observation, Span
from bedrock_check.vocabulary import CHECKED_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


def prefixed_models(sites: Sites) -> Iterator[Observation]:
    """Provider-prefixed model strings written as a setting's value anywhere in the file
    (`research_model: str = "openai:gpt-4.1"`, `{"FAST_LLM": "openai:gpt-5.4-mini"}`,
    `os.environ.get("STRATEGIC_LLM", "openai:gpt-5.4")`, `{"openai": "openai/gpt-4o-mini"}`,
    `init("openai/gpt-4o")`): the prefix names the provider, so the string is a model use
    wherever the app later sends it. (Not a list item, a key, a comparison operand or an
    index: a list of choices or a look-up; nor a picker option's name, `{"id": "openai:gpt-5",
    "label": "GPT-5"}`: one of the choices a user is offered.) The `openai/` form is a gateway's model name in a
    file that uses a gateway or names another provider's server, and in a setting named for
    another provider (`_DEFAULT_OPENROUTER_STT_MODEL = "openai/whisper-1"`)."""
    m = sites.m
    if not m.model_strings or sites.package_vendor() is not None or sites.holds_tests():
        return
    slash_ok: bool | None = None
    options = {span for _, span in m.named_options}
    for value, span in m.model_strings:
        read = sites.cat.prefixed_model(value)
        if read is None or span in options or sites.in_foreign(span):
            continue
        mid, vendor = read
        framework_form = ":" in value and "/" not in value.partition(":")[0]  # `openai:gpt-4o`, not `openai/gpt-4o`
        if sites.file_vendor is not None and not framework_form:
            # A file on another vendor's SDK: a framework's `openai:gpt-4o` still names its provider
            # (a page whose other block imports `langchain_anthropic`), a gateway's `openai/gpt-4o` does not.
            continue
        if value.startswith("openai/"):
            if slash_ok is None:
                hosts = {sites.cat.provider_of_host(url) for url, _ in m.urls} - {None}
                slash_ok = not (hosts - CHECKED_PROVIDERS) and not sites.cat.slash_gateway(
                    imp.module for imp in m.imports.values())
            line = m.src.line(span.line) or ""
            if not slash_ok or not _slash_setting(sites, line[: max(span.column - 1, 0)]) or _in_library_call(sites, span):
                continue
        if _asks_only(sites, span):
            continue
        yield sites.request({"model": mid}, {("model",): span}, "unknown", span, vendor, fragment=True)


def _asks_only(sites: Sites, span: Span) -> bool:
    """Whether a value is given to a function of this file whose parameter it fills is only
    passed on to helpers that ask about a model (the catalogue's `not_factories`: morphic's
    `createSearchTool("openai:gpt-4o-mini")` whose `fullModel` only reaches
    `getSearchSchemaForModel(fullModel)`, to pick the tool's input schema): nothing is sent.
    Every use of the parameter in the function (its calls, returns and assignments, nested
    functions included) must be an argument of such a helper."""
    from bedrock_check.extract.callsite import Call, Lit
    from bedrock_check.extract.helpers import _params
    from bedrock_check.extract.resolve import Sym

    spec = sites.cat.frameworks.neutral_models
    m = sites.m
    if spec is None:
        return False
    for site in m.calls:
        if site.span == span or not within(span, site.span):
            continue
        call = m.lower(site.raw, site.scope)
        index = next((i for i, a in enumerate(call.args) if isinstance(a, Lit) and a.span == span), None) \
            if isinstance(call, Call) else None
        if index is None:
            continue
        func = sites.r.value(call.func)  # type: ignore[union-attr]  # a Call when index is set
        info = sites.r.function(func) if isinstance(func, Sym) and (func.qual or "").startswith("<func:") and not func.path \
            else None
        if info is None or (func.model is not None and func.model is not m):
            return False
        params = _params(m, info.scope)
        if index >= len(params):
            return False
        name, asks = params[index][0], re.compile(spec.not_factories)
        exprs = [m.lower(other.raw, other.scope) for other in m.calls if _inside(m, other.scope, info.scope)]
        exprs += [m.lower(raw, info.scope) for raw in info.returns]
        exprs += [m.lower(b.raw, scope) for (scope, _), bs in m.bindings.items() if _inside(m, scope, info.scope)
                  for b in bs if b.kind != "param" and b.raw is not None]  # fmt: skip
        uses = [_uses(e, name, asks) for e in exprs]
        return any(u == "asks" for u in uses) and "sends" not in uses
    return False


def _inside(m: object, scope: int, outer: int) -> bool:
    """Whether `scope` is `outer` or nested in it."""
    scopes = getattr(m, "scopes", [])
    seen = 0
    current: int | None = scope
    while current is not None and seen < 64:
        if current == outer:
            return True
        current = scopes[current].parent if 0 <= current < len(scopes) else None
        seen += 1
    return False


def _uses(e: object, name: str, asks: re.Pattern[str], depth: int = 0) -> str | None:
    """How an expression uses the name: "sends" where it is read other than as an argument
    of a call whose name matches `asks`, "asks" where only so, None where not at all."""
    from bedrock_check.extract.callsite import Attr, Call, Ref

    if depth > 12 or e is None or isinstance(e, (str, int, float, bool)):
        return None
    if isinstance(e, Ref):
        return "sends" if e.name == name else None
    if isinstance(e, Call):
        callee = e.func.name if isinstance(e.func, (Attr, Ref)) else ""
        inner = [_uses(a, name, asks, depth + 1) for a in (*e.args, *(v for _, v in e.kwargs))]
        if "sends" in inner and not (callee and asks.search(callee)):
            return "sends"
        if "sends" in inner or "asks" in inner:
            return "asks"
        return _uses(e.func, name, asks, depth + 1)
    found: str | None = None
    items = e.items() if isinstance(e, dict) else e if isinstance(e, (list, tuple)) else \
        [getattr(e, slot, None) for slot in getattr(type(e), "__slots__", ())]
    for item in items:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], (str, type(None))):
            item = item[1]  # (a key and its value)
        used = _uses(item, name, asks, depth + 1)
        if used == "sends":
            return "sends"
        found = found or used
    return found


def _in_library_call(sites: Sites, span: Span) -> bool:
    """Whether a value is an argument of a call into an installed library (another vendor's
    or a router's component, `OpenRouterChatGenerator(model="openai/gpt-4o-mini")`): the
    library decides what the string names (a catalogue framework's entry reads it there)."""
    return any(within(span, site.span) and site.span != span and _library_call(sites, site.chain) for site in sites.m.calls)


#: The key or name a value is written to at the end of what precedes it (`model=`, `"openai": `).
_KEY_BEFORE = re.compile(r"""([A-Za-z_][\w-]*)["']?\s*[:=]\s*$""")


#: The function a value is the first argument of (`calculateCost(`).
_CALL_BEFORE = re.compile(r"([A-Za-z_][\w.]*)\(\s*$")


def _slash_setting(sites: Sites, before: str) -> bool:
    """Whether an `openai/...` string preceded on its line by `before` is a model setting:
    written to a model-named key or name, a `provider` key, or the provider's own (`"openai": ...`), or given
    to a call that is no cost or token helper; and nothing there names another provider
    (`_DEFAULT_OPENROUTER_STT_MODEL = ...`). A picker's `value:`/`id:` is a choice."""
    vendors = sites.cat.providers.providers
    words = set(re.split(r"[^a-z0-9]+", before.lower()))
    if any(p in words for p in vendors if p not in CHECKED_PROVIDERS):
        return False
    key = _KEY_BEFORE.search(before)
    if key is not None:
        name = key.group(1).lower()
        # (`provider="openai/gpt-4o-mini"`: Crawl4AI's and LiteLLM-style settings name the model there.)
        return "model" in name or "llm" in name or name in ("openai", "provider", "llm_provider")
    call = _CALL_BEFORE.search(before)
    spec = sites.cat.frameworks.neutral_models
    return call is None or spec is None or not re.search(spec.not_calls, call.group(1))


def _library_call(sites: Sites, chain: tuple[str, ...]) -> bool:
    """Whether a call is an SDK method or goes into an installed library (its own rules
    decide about its model: the catalogue's frameworks, provider-neutral model classes)."""
    if not chain or sites.cat.method(list(chain)) is not None:
        return True
    imp = sites.m.imports.get(chain[0])
    if imp is None or imp.level:
        return False
    project = sites.r.project
    return project is None or project.source(sites.m, imp)[0] is None
