"""Settings stored on a framework object after it is built, in Python and JavaScript.

A framework object is often built with few options and configured afterwards by storing
attributes on it, in branches that pick the provider:

    config = AdaptiveConfig(strategy="embedding")
    if os.getenv("OPENAI_API_KEY"):
        config.embedding_llm_config = {"provider": "openai/text-embedding-3-small", ...}

A store `obj.key = value` on an instance a catalogue constructor built is read as that
constructor given `key=value`: the model ids it names at the constructor's `models` paths
(and under its model option) are checked where they are written, each on its own, with the
provider their form names (a LiteLLM `openai/...` string is OpenAI's; `ollama/...` is not).
The request itself is reported where the object is built or used, not at the store.
Not on an object built for another provider (`ChatOpenAI(base_url="http://localhost:11434/v1")`),
not inside a call that goes to another provider, and not in a file of another vendor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.bodies import models_at
from bedrock_check.extract.callsite import Ref
from bedrock_check.extract.resolve import Sym
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


def instance_stores(sites: Sites) -> Iterator[Observation]:
    """Model requests for the model ids stored on catalogue framework objects (see the module docstring)."""
    if not sites.m.attr_stores or sites.file_vendor is not None:
        return
    for chain, raw, scope, span in sites.m.attr_stores:
        if len(chain) != 2 or sites.in_foreign(span):
            continue
        name, attr = chain
        value = sites.r.value(Ref(name, scope, (span.line, span.column), span))
        if not isinstance(value, Sym) or not value.dotted.endswith("()"):
            continue
        spec = sites.cat.constructors.get(value.dotted[:-2])
        if spec is None or (value.call is not None and sites.in_foreign(value.call.span)):
            continue  # (an object built for another provider: what is stored on it is that provider's)
        key = spec.rename.get(attr, attr)
        paths = [p.split(".", 1)[1] for p in spec.models if p.split(".", 1)[0] == attr and "." in p]
        if key == "model" or attr in spec.model_args:
            paths.append("")
        if not paths:
            continue
        spans: dict[Pointer, Span] = {}
        stored = sites.r.value(sites.m.lower(raw, scope), (), spans)
        spans.setdefault((), span)
        found = models_at({"v": stored}, {("v", *p): s for p, s in spans.items()}, tuple(f"v.{p}" if p else "v" for p in paths))
        if found:
            yield from sites.more_models(found, span, spec.provider)
