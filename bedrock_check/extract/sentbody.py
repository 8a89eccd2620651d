"""The body a raw HTTP call sends, and the model ids each branch of it names.

A hand-written request reads its body from the call (`requests.post(url, json=payload)`,
`fetch(url, {body: JSON.stringify(body)})`, a form's `data=`), and the model in it is often
chosen by the application's own code before: `model = self.CODING_MODEL if smart else
self.AI_MODEL`, with `self.AI_MODEL = ai_model if ai_model else "gpt-4o"` set in the
constructor. Every value a conditional, a fallback or an environment default can give the
body is checked, as for an SDK call, each where it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedrock_check.extract.bodies import Branches, clean, models_at, variants
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.catalogue import HttpCall
    from bedrock_check.extract.callsite import Call
    from bedrock_check.extract.sites import Sites


#: More distinct model ids than this across the branches of one body are a table of choices.
_MAX_CHOICES = 3


def sent_body(sites: Sites, call: Call, spec: HttpCall, spans: dict[Pointer, Span]) -> tuple[Any, Branches]:
    """The body a raw HTTP call sends (its JSON argument or keyword, else its form; its spans
    in `spans`), and the other values its conditionals can take."""
    saved, sites.r.alternates = sites.r.alternates, []
    try:
        body: Any = None
        if spec.body_arg is not None and len(call.args) > spec.body_arg:
            body = sites.r.value(call.args[spec.body_arg], (), spans)
            if spec.body_key is not None:
                # `fetch(url, {method: "POST", body: JSON.stringify(payload)})`: the options' `body`.
                body = body.get(spec.body_key) if isinstance(body, dict) else None
                key = (spec.body_key,)
                moved = {p[1:]: sp for p, sp in spans.items() if p[:1] == key}
                spans.clear()
                spans.update(moved)
                sites.r.alternates = [(p[1:], v, {q[1:]: sp for q, sp in sub.items() if q[:1] == key})
                                      for p, v, sub in sites.r.alternates or [] if p[:1] == key]  # fmt: skip
        elif spec.body_key is not None:
            expr = sites.kw(call, spec.body_key)
            body = sites.r.value(expr, (), spans) if expr is not None else None
        if body is None and spec.form_key is not None:
            # `requests.post(url, files=files, data={"model": "whisper-1"})`: the form's fields.
            expr = sites.kw(call, spec.form_key)
            body = sites.r.value(expr, (), spans) if expr is not None else None
        return body, list(sites.r.alternates or [])
    finally:
        sites.r.alternates = saved


def branch_models(sites: Sites, body: Any, spans: dict[Pointer, Span], branches: Branches, endpoint: str,
                  at: Span, provider: str | None, seen: list[tuple[str, Span]]) -> list[Observation]:  # fmt: skip
    """A model request fragment for each OpenAI model id another branch of `body` names at the
    endpoint's model paths (`seen`: the ids already reported, with where they are written)."""
    if not isinstance(body, dict) or not branches:
        return []
    paths = sites.cat.endpoint_models(endpoint)
    done = {where for _, where in seen}
    found: list[tuple[str, Span]] = []
    for other, where in variants(body, spans, branches):
        for model, span in models_at(clean(other, (), [], sites.presence), where, paths):
            if span not in done:
                done.add(span)
                found.append((model, span))
    if len({m for m, _ in (*seen, *found)}) > _MAX_CHOICES:
        # A table of every model the app offers, looked up by a name known at run time
        # (`Models[modelName].value` across web, API and other vendors' entries): choices, not a setting.
        return []
    return sites.more_models(found, at, provider)


def body_models(sites: Sites, call: Call, spec: HttpCall, endpoint: str, at: Span,
                provider: str | None) -> list[Observation]:  # fmt: skip
    """The model ids a raw HTTP call's body names, in every branch (for a request whose URL is
    joined from a path constant: the endpoint is reported at the call on its own)."""
    if spec.body_arg is None and spec.body_key is None and spec.form_key is None:
        return []
    spans: dict[Pointer, Span] = {}
    body, branches = sent_body(sites, call, spec, spans)
    if not isinstance(body, dict):
        return []
    models = models_at(clean(body, (), [], sites.presence), spans, sites.cat.endpoint_models(endpoint))
    return [*sites.more_models(models, at, provider), *branch_models(sites, body, spans, branches, endpoint, at,
                                                                     provider, models)]  # fmt: skip
