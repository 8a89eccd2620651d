"""Request settings handed to the application's own request wrapper in another module.

Applications wrap the Responses call in a function of their own that builds the body from its
parameters and sends it (`async def create_response(self, model, input, *, background=False,
store=True, previous_response_id=None)` posting `{"model": model, "background": background,
"store": store, ...}`), and choose the settings where they call it, often in another module:

    response = await client.create_response(model=model, input=messages, background=True, store=True)

A keyword named for a request field whose value decides a verdict (the catalogue's
`handed_fields`: `background`, `store`, `previous_response_id`, ...), given to a function of another module
of the tree that writes that field from the parameter of the same name (`"store": store`,
`store=store`) and talks to OpenAI, is the request's setting: checked and reported where the
caller writes it, as it would be in the request itself. (Within one file the resolver already
follows a parameter to its callers' values; see `callers.py`.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.bodies import clean
from bedrock_check.extract.callsite import Call, Expr, FileModel, Ref
from bedrock_check.extract.handed import _callee, _installed, _talks_to_openai, function_text
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


@functools.lru_cache(maxsize=4)
def _given(fields: tuple[str, ...]) -> re.Pattern[str]:
    """A keyword of one of the catalogue's `handed_fields` in a call's text: the cheap test of a file."""
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, fields))})\s*=")


def handed_settings(sites: Sites) -> Iterator[Observation]:
    """A request fragment per setting this file hands to another module's request wrapper
    (see the module docstring), where the caller writes it."""
    m = sites.m
    fields = tuple(sites.cat.frameworks.handed_fields)
    if m.lang != "python" or sites._test_file or not fields or _given(fields).search(m.src.text) is None:
        return
    writes: dict[tuple[int, int, str], bool] = {}
    for site in m.calls:
        if sites.in_foreign(site.span) or _installed(sites, site.chain):
            continue
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            continue
        given = [(k, v) for k, v in call.kwargs if k in fields]
        if not given:
            continue
        callee = _callee(sites.r, call)
        if callee is None or callee[0] is m:
            continue
        model, scope, params = callee
        for key, arg in given:
            if key not in params:
                continue
            memo = (id(model), scope, key)
            if memo not in writes:
                writes[memo] = _writes_field(model, scope, key) and _talks_to_openai(sites, model)
            if not writes[memo]:
                continue
            if _forwarded(m, arg):
                continue  # (`store=store`: the calling wrapper's own callers choose)
            spans: dict[Pointer, Span] = {}
            value = sites.r.value(arg, (key,), spans)
            if value is None or value is False:
                continue
            # (A value the code does not show, `previous_response_id=first["id"]`, is kept as one
            # to check, as it is in a request: see `presence_fields`.)
            body = clean({key: value}, (), [], sites.presence)
            if not body:
                continue
            spans.setdefault((key,), arg.span)
            yield sites.request(body, spans, "responses", arg.span, None, fragment=True)


def _forwarded(m: FileModel, arg: Expr) -> bool:
    """Whether an argument is a parameter of the calling function handed on as it is
    (`store=store`): a value its own callers give, its default only what they leave out. (A
    field of a settings object it is given, `background=config.background`, is that object's
    setting, its class default included.)"""
    if not isinstance(arg, Ref):
        return False
    return any(b.kind == "param" for b in m.bindings.get((arg.scope, arg.name)) or ())


def _writes_field(model: FileModel, scope: int, key: str) -> bool:
    """Whether the function at `scope` of `model` writes the request field `key` from its
    parameter of that name (`"store": store`, `store=store`, `body["store"] = store`)."""
    text = function_text(model, scope)
    k = re.escape(key)
    return re.search(rf"""["']{k}["']\s*[:\]]\s*=?\s*{k}\b|\b{k}\s*=\s*{k}\b(?!\s*[(\[.])""", text) is not None


__all__ = ["handed_settings"]
