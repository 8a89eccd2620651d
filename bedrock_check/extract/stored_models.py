"""Model ids an application keeps in its own settings objects, in JavaScript and TypeScript.

A web or chat app rarely writes the model in the request: the request reads it from the
app's settings, and the settings are objects the app writes once and keeps (a store's
defaults, a bot's `modelConfig`, a client's `modelOptions`, a settings migration):

    modelConfig: { model: "gpt-4o-mini", temperature: 0.5 }            // a bot's settings
    defaultSettings = { voiceMap: {}, model: "tts-1", speed: 1 }        // a TTS provider's
    const body = { api: s.api || "openai", model: s.model || "gpt-4-turbo" }
    extension_settings.caption.multimodal_model = "gpt-4-turbo"         // a migration

Each value under a model-named key or property (the `.env` rule's names: `model`,
`customModelName`, `multimodal_model`; not `models`) is the model the app sends when the
user picks none, so each OpenAI model id it can be (a fallback's literal, either branch of a
conditional) is reported where it is written. An object that is one item of a list is a
picker's option or a table's row (`[{ model: "gpt-4o", label: "GPT-4o" }, ...]`), and one with
a label, a price or a completion's fields is an option, a price row or a response, and one
written in a table (`export const models = {gpt5: {title: "GPT-5", params: {model: "gpt-5"}}}`,
an add-model dialog's catalogue) is a list of supported models: none is read (see
`jsnodes.model_entries`).

Only in a file of an OpenAI workload: one that sends to OpenAI, uses an OpenAI library (or a
module of the tree that does), names an OpenAI URL or says `OpenAI` in its code, or whose
package installs an OpenAI library. Not in a test (its objects are fixtures), not in a file
of another vendor or whose servers are all another vendor's, and not inside a call that goes
to another provider.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Alt, Expr, Lit
from bedrock_check.extract.common import SAYS_OPENAI
from bedrock_check.extract.config_code import written_models
from bedrock_check.findings import Observation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites



def stored_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment per OpenAI model id written under a model-named key of an
    app's settings object (see the module docstring)."""
    from bedrock_check.extract.vendor_scope import elsewhere_module

    m = sites.m

    if not m.model_entries or sites.file_vendor is not None or sites._test_file:
        return
    found: list[tuple[str, Span]] = []
    for raw, scope in m.model_entries:
        found.extend(_written(m.lower(raw, scope)))
    # (The cheap test first: only an OpenAI model id asks whether the file is a workload.)
    # (A provider-prefixed id, `openai:gpt-4.1`, is a setting wherever it is written: `prefixed_models`.)
    found = [(value, span) for value, span in found
             if sites.cat.read_model(value.strip())[1] in MIGRATING_PROVIDERS and sites.cat.prefixed_model(value) is None]
    if not found or elsewhere_module(sites) or not _openai_app(sites):
        return
    yield from written_models(sites, found)


def _written(e: Expr) -> list[tuple[str, Span]]:
    """The string literals a value can be: itself, or each literal option of a fallback or a
    conditional (`s.model || "gpt-4-turbo"`, `c ? "gpt-3.5-turbo" : this.model`)."""
    if isinstance(e, Lit) and isinstance(e.value, str):
        return [(e.value, e.span)]
    if isinstance(e, Alt):
        return [(o.value, o.span) for o in e.options if isinstance(o, Lit) and isinstance(o.value, str)]
    return []


def _openai_app(sites: Sites) -> bool:
    """Whether the file is part of an OpenAI workload (see the module docstring)."""
    if sites.sends_openai or SAYS_OPENAI.search(sites.m.src.text):
        return True
    if {sites.cat.provider_of_host(url) for url, _ in sites.m.urls} & MIGRATING_PROVIDERS:
        return True
    project = sites.r.project

    if project is not None and project.depends_on_openai(sites.m.origin, False) is True:
        return True
    return sites.uses_openai_library()


__all__ = ["stored_models"]
