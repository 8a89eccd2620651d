"""Model ids a catalogue framework class defaults to, in that class's own source.

A scanned repository is sometimes the framework itself, or holds a copy of it (Haystack's
`OpenAIChatGenerator.__init__(self, model="gpt-5-mini", ...)`, LiveKit's OpenAI plugin):
the default of the class's model parameter is the model every caller that names none
sends. The class is the catalogue's when its file's module path ends with the catalogue
name's module, or with it and one submodule (`livekit/plugins/openai/llm.py` defines
`livekit.plugins.openai.LLM`); a one-word module (`agents.Agent`) is any app's folder name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.catalogue import Catalogue, Constructor
    from bedrock_check.extract.sites import Sites


@lru_cache(maxsize=4)
def _by_class(cat: Catalogue) -> dict[str, list[tuple[str, Constructor]]]:
    """Catalogue constructors with a model keyword, by class name: [(module, entry)]."""
    out: dict[str, list[tuple[str, Constructor]]] = {}
    for name, spec in cat.constructors.items():
        if "()" in name or "/" in name or "@" in name or "." not in name:
            continue
        if not any(isinstance(w, str) for w in spec.model_args) or spec.provider not in ("openai", None):
            continue
        module, cls = name.rsplit(".", 1)
        if "." in module:  # (`agents.Agent`: any app's `agents/` folder has an `Agent` class)
            out.setdefault(cls, []).append((module, spec))
    return out


def class_default_models(sites: Sites) -> Iterator[Observation]:
    """A model request fragment for the OpenAI model id each catalogue class defined in the
    file defaults to (see the module docstring)."""
    m = sites.m
    if m.lang != "python" or not m.classes or sites.file_vendor is not None:
        return
    path = m.path.replace(os.sep, "/")
    if not path.endswith(".py"):
        return
    module = "." + path[:-3].replace("/", ".") + "."
    by_class = _by_class(sites.cat)
    for name, info in m.classes.items():
        init = info.methods.get("__init__")
        # The catalogue's module, or one file below it (a class re-exported by its package).
        entries = [spec for mod, spec in by_class.get(name, ()) if module.endswith(f".{mod}.")
                   or module[: module.rfind(".", 0, len(module) - 1) + 1].endswith(f".{mod}.")]
        if init is None or not entries:
            continue
        spec = entries[0]
        for keyword in (w for w in spec.model_args if isinstance(w, str)):
            params = [b for b in m.bindings.get((init.scope, keyword), ()) if b.kind == "param" and b.raw is not None]
            if not params:
                continue
            spans: dict[Pointer, Span] = {}
            value = sites.r.value(m.lower(params[0].raw, info.scope), ("model",), spans)
            where = spans.get(("model",))
            if isinstance(value, str) and where is not None:
                yield from sites.more_models([(value, where)], where, spec.provider)
            break


__all__ = ["class_default_models"]
