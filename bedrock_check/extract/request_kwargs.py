"""Request fields an application's helper returns for its OpenAI calls.

Apps keep settings they add to every OpenAI request in a helper of their own, and spread its
result into the call elsewhere (`client.chat.completions.create(..., **openai_request_kwargs())`,
an agent's `model_settings`):

- a function named for OpenAI's request settings returns them (`openai_request_kwargs()`
  returning `{"store": True, "metadata": ...}`, `_build_openai_settings()`);
- a function returns an SDK `extra_body` (`{"extra_body": {"store": True}}`), whose fields the
  SDK sends as request fields.

Each request field the returned dict holds (the catalogue's `request_fields`: `store`,
`service_tier`, `metadata`, ...) is checked where it is written, as a fragment of a request.
Not in a file of another vendor or a test file; an `extra_body` helper only in a file that
talks to OpenAI (the name says it otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.bodies import clean
from bedrock_check.extract.resolve.values import functions_of
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: A function named for the settings of OpenAI requests (`openai_request_kwargs`, `_build_openai_settings`).
_NAMED = re.compile(r"(?i)openai\w*(kwargs|params|settings|options|args)|(kwargs|params|settings|options)\w*openai")


#: Request fields that are the request itself, not a setting a helper adds to every request.
_NOT_SETTINGS = frozenset({"model", "messages", "input", "prompt"})


#: Request fields set on a request object after it is built whose value alone decides a verdict
#: (`data.service_tier = "priority"` for a model's "fast" variant; the matrix says which values pass).
_STORED_FIELDS = frozenset({"service_tier"})


def stored_fields(sites: Sites) -> Iterator[Observation]:
    """A request fragment per string stored under such a field on an object of a file that
    talks to OpenAI (`data.service_tier = "priority"` on a request model the file builds and
    sends elsewhere through `**data.model_dump()`), where it is written."""
    from bedrock_check.extract.callsite import Lit

    stores = [(chain, raw, scope, span) for chain, raw, scope, span in sites.m.attr_stores if chain[-1] in _STORED_FIELDS]
    if not stores or sites._test_file or not sites.talks_to_openai():
        return
    for chain, raw, scope, span in stores:
        value = sites.m.lower(raw, scope)
        if isinstance(value, Lit) and isinstance(value.value, str):
            yield sites.request({chain[-1]: value.value}, {(chain[-1],): span}, "unknown", span, None, fragment=True)


def request_kwargs(sites: Sites) -> Iterator[Observation]:
    """A request fragment per helper that returns OpenAI request fields (see the module docstring)."""
    m = sites.m
    if sites.file_vendor is not None or sites._test_file or "return" not in m.src.text:
        return
    # (Function names are read, never the whole text: the pattern is slow on a large file.)
    funcs = [f for f in functions_of(m) if f.returns]
    named = any(_NAMED.search(f.name) for f in funcs)
    if not named and "extra_body" not in m.src.text:
        return
    fields = frozenset(sites.cat.frameworks.request_fields)
    for func in funcs:
        by_name = _NAMED.search(func.name) is not None
        if not by_name and not any("extra_body" in _lines(m, raw) for raw in func.returns[:4]):
            continue  # (resolved only when a return names `extra_body`: most functions return other things)
        for raw in func.returns[:4]:
            spans: dict[Pointer, Span] = {}
            value = sites.r.value(m.lower(raw, func.scope), (), spans)
            if not isinstance(value, dict):
                continue
            body: dict[str, Any] = {}
            extra = value.get("extra_body")
            if isinstance(extra, dict):
                body.update({k: v for k, v in extra.items() if k in fields})
                spans.update({p[1:]: sp for p, sp in spans.items() if p[:1] == ("extra_body",) and len(p) > 1})
            if by_name:
                # (the settings it adds, not the request's model or content: a helper given the
                # request's own dict, `args.update(self._openai_api_call_params(args))`, returns those too)
                body.update({k: v for k, v in value.items() if k in fields and k not in _NOT_SETTINGS})
            if not body:
                continue
            if not by_name and not sites.uses_openai_library():
                continue
            body = clean(body, (), [], sites.presence)
            where = next((spans[(k,)] for k in body if (k,) in spans), None)
            if where is None:
                continue
            yield sites.request(body, {p: sp for p, sp in spans.items() if p[:1] and p[0] in body}, "unknown", where,
                                None, fragment=True)  # fmt: skip


def _lines(m: Any, raw: Any) -> str:
    """The source lines a raw return expression spans (Python or tree-sitter node)."""
    first = getattr(raw, "lineno", None)
    last = getattr(raw, "end_lineno", None)
    if first is None and hasattr(raw, "start_point"):
        first, last = raw.start_point[0] + 1, raw.end_point[0] + 1
    if not isinstance(first, int):
        return ""
    return "\n".join(m.src.lines[first - 1 : last if isinstance(last, int) else first])


__all__ = ["request_kwargs"]
