"""Library functions handed over by name as callbacks that send a fixed model.

LightRAG takes its model calls as functions: `LightRAG(llm_model_func=gpt_4o_mini_complete,
embedding_func=openai_embed)`. Nothing is called where they are written, but each is an OpenAI
request of a known endpoint and model (the catalogue's `model_functions`), reported where the
function is handed over: an argument of a call, not a call itself, and not an import line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.callsite import Ref
from bedrock_check.extract.partials import handed_lines
from bedrock_check.findings import Observation

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


def handed_functions(sites: Sites) -> Iterator[Observation]:
    """A request per catalogue function this file hands to a call by name (see the module docstring)."""
    table = sites.cat.frameworks.model_functions
    m = sites.m
    if not table or sites.file_vendor is not None:
        return
    # (Only a name imported from the library can be one: cheap test first.)
    named = {local: table[f"{imp.module}.{imp.name}"] for local, imp in m.imports.items()
             if not imp.level and f"{imp.module}.{imp.name}" in table}  # fmt: skip
    if not named:
        return
    lines = handed_lines(m, named, followers="(.")  # (`openai_embed.func(...)` is a call of its own)
    if not lines:
        return
    for _site, call in sites.calls_on(lines):
        for value in (*call.args, *(v for _, v in call.kwargs)):
            if isinstance(value, Ref) and value.name in named and value.span.line in lines:
                fn = named[value.name]
                body = {"model": fn.model} if fn.model else {}
                yield sites.request(body, {("model",): value.span}, fn.endpoint, value.span, fn.provider)


__all__ = ["handed_functions"]
