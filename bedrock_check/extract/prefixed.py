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
    index: a list of choices or a look-up.) The `openai/` form is a gateway's model name in a
    file that uses a gateway or names another provider's server, and in a setting named for
    another provider (`_DEFAULT_OPENROUTER_STT_MODEL = "openai/whisper-1"`)."""
    m = sites.m
    if not m.model_strings or sites.file_vendor is not None or sites.holds_tests():
        return
    slash_ok: bool | None = None
    for value, span in m.model_strings:
        read = sites.cat.prefixed_model(value)
        if read is None or any(within(span, out) for out in sites._foreign):
            continue
        mid, vendor = read
        if value.startswith("openai/"):
            if slash_ok is None:
                hosts = {sites.cat.provider_of_host(url) for url, _ in m.urls} - {None}
                slash_ok = not (hosts - CHECKED_PROVIDERS) and not sites.cat.slash_gateway(
                    imp.module for imp in m.imports.values())
            line = m.src.line(span.line) or ""
            if not slash_ok or not _slash_setting(sites, line[: max(span.column - 1, 0)]) or _in_library_call(sites, span):
                continue
        yield sites.request({"model": mid}, {("model",): span}, "unknown", span, vendor, fragment=True)


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
    written to a model-named key or name or to the provider's own (`"openai": ...`), or given
    to a call that is no cost or token helper; and nothing there names another provider
    (`_DEFAULT_OPENROUTER_STT_MODEL = ...`). A picker's `value:`/`id:` is a choice."""
    vendors = sites.cat.providers.providers
    words = set(re.split(r"[^a-z0-9]+", before.lower()))
    if any(p in words for p in vendors if p not in CHECKED_PROVIDERS):
        return False
    key = _KEY_BEFORE.search(before)
    if key is not None:
        name = key.group(1).lower()
        return "model" in name or "llm" in name or name == "openai"
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
