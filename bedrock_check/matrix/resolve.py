"""Target resolution: which facts of the matrix hold for a model, Region, endpoint and date.

Two kinds of dated facts live in the matrix: a capability's `facts` (its Bedrock status on
some endpoints, models and Regions from a date on) and a model's `offers` (where it is
served: ids, Regions, APIs, base path per endpoint). For both, the latest decisive fact
(confidence H or M) on or before the as-of date that matches the target wins; facts that
are over by then (`until`) no longer hold. A capability with no matching fact keeps its
baseline status, and a probe layer's `variants` win over everything (they are what the
user's own account answered).
"""

from __future__ import annotations

import datetime as dt
from fnmatch import fnmatchcase

from bedrock_check.matrix.records import (
    DECISIVE,
    Capability,
    Citation,
    Endpoint,
    Fact,
    Matrix,
    Model,
    Offer,
    Status,
    Target,
)
from bedrock_check.quickclass import dataclass

#: Cross-Region inference profile prefixes; a fact about `openai.x` holds for `us.openai.x`.
PROFILE_PREFIXES = frozenset({"us", "eu", "apac", "global", "us-gov", "in", "jp", "au", "ca"})


def parse_as_of(value: str | dt.date | None, matrix: Matrix) -> dt.date:
    """`None` -> the baseline date; `latest` -> the newest date the matrix has facts for;
    otherwise an ISO date. Raises ValueError with a one-line message."""
    if value is None:
        return matrix.as_of
    if isinstance(value, dt.date):
        return value
    if value.strip().lower() == "latest":
        return matrix.latest_date
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"--as-of: {value!r} is not a date (YYYY-MM-DD) or `latest`") from None


def resolve_target(
    matrix: Matrix,
    model: str | None,
    region: str | None,
    endpoint: str | None = None,
    as_of: str | dt.date | None = None,
) -> Target:
    """The target: explicit values win, then the matrix defaults (endpoint `mantle`, the
    baseline date). With no model named, the default model is one the endpoint serves in
    the Region at the as-of date (`default_model`), not a Mantle model sent to the runtime."""
    chosen = endpoint or matrix.defaults.endpoint
    if chosen not in ("mantle", "runtime"):
        raise ValueError(f"--endpoint: {chosen!r} is not a Bedrock endpoint (mantle or runtime)")
    where = region or matrix.defaults.region
    at = parse_as_of(as_of, matrix)
    return Target(
        model=model or default_model(matrix, chosen, where, at),  # type: ignore[arg-type]  # checked above
        region=where,
        endpoint=chosen,  # type: ignore[arg-type]  # checked just above to be mantle or runtime
        as_of=at,
        default_model=not model,
    )


def retarget(matrix: Matrix, target: Target, **changes: str) -> Target:
    """The target with some parts changed (`endpoint="runtime"`, `region=...`); a default
    model is chosen again for the new endpoint and Region, a named one is kept."""
    endpoint = changes.get("endpoint", target.endpoint)
    region = changes.get("region", target.region)
    model = None if target.default_model else target.model
    return resolve_target(matrix, model, region, endpoint, target.date(matrix))


def default_model(matrix: Matrix, endpoint: Endpoint, region: str, at: dt.date) -> str:
    """The model a target takes when none is named: the first of the matrix's default and
    its `fallbacks` that `endpoint` serves in `region` at `at`, else the first it serves in
    any Region (the Region finding then says where), else the default itself (the target
    finding then says that the endpoint serves none of them at that date). On the runtime
    the id is the model's cross-Region inference profile for the Region."""
    names = [matrix.defaults.model, *matrix.defaults.fallbacks]
    models = [m for m in (matrix.model(n) for n in names) if m is not None]
    for wanted in (lambda o: in_region(o, region), lambda o: True):
        for model in models:
            offers = [o for o in offers_at(model, endpoint, at) if wanted(o)]
            if offers:
                return preferred_id([i for o in offers for i in o.ids], region) or model.id
    return matrix.defaults.model


def preferred_id(ids: list[str], region: str | None = None) -> str | None:
    """The id to write among a model's ids on an endpoint: for a US or Canadian Region (or
    none) a US Geo profile first, then Global; elsewhere Global first; else the first id."""
    heads = ("us.", "global.") if region is None or region.startswith(("us-", "ca-")) else ("global.",)
    for head in heads:
        for i in ids:
            if i.startswith(head):
                return i
    return ids[0] if ids else None


def unprefixed(model: str) -> str:
    """`us.openai.gpt-5.6-sol` -> `openai.gpt-5.6-sol`; other ids unchanged."""
    head, _, rest = model.partition(".")
    return rest if rest and head in PROFILE_PREFIXES else model


def _glob_any(patterns: list[str], value: str) -> bool:
    return any(fnmatchcase(value, p) for p in patterns)


def _holds(since: dt.date, until: dt.date | None, at: dt.date) -> bool:
    return since <= at and (until is None or at < until)


def _fact_matches(fact: Fact, target: Target) -> bool:
    model = unprefixed(target.model)
    return (
        target.endpoint in fact.endpoints
        and (_glob_any(fact.models, target.model) or _glob_any(fact.models, model))
        and _glob_any(fact.regions, target.region)
    )


@dataclass(frozen=True, slots=True)
class Resolved:
    """A capability's status for a target: the status, what decided it, and the fact (if one did)."""

    status: Status
    citation: Citation
    fact: Fact | None = None
    condition: str | None = None


def resolve_status(cap: Capability, target: Target, at: dt.date | None = None) -> Resolved:
    """The capability's Bedrock status for the target at `at` (default: the target's as-of date;
    with neither, the baseline status alone)."""
    at = at or target.as_of
    out = Resolved(cap.bedrock, cap.source, None, cap.condition)
    if at is not None:
        best: Fact | None = None
        for fact in cap.facts:
            if fact.confidence not in DECISIVE or not _holds(fact.since, fact.until, at):
                continue
            if _fact_matches(fact, target) and (best is None or fact.since >= best.since):
                best = fact
        if best is not None:
            out = Resolved(best.bedrock, best.source, best, best.condition)
    for variant in cap.variants:
        # A layer the user passes (a probe of their own account) applies whatever the as-of
        # date: it is what their account answered, and they asked for it with --matrix.
        if target.endpoint not in variant.endpoints:
            continue
        if _glob_any(variant.models, target.model) and _glob_any(variant.regions, target.region):
            out = Resolved(variant.bedrock, variant.source, None, cap.condition)
    return out


def effective_status(cap: Capability, target: Target) -> tuple[Status, Citation]:
    """The capability's Bedrock status for this target and what decided it."""
    r = resolve_status(cap, target)
    return r.status, r.citation


def later_fact(cap: Capability, target: Target, at: dt.date, status: Status) -> Fact | None:
    """The first decisive fact after `at` for this target whose status differs from `status`."""
    later = sorted(
        (f for f in cap.facts if f.since > at and f.confidence in DECISIVE and _fact_matches(f, target)),
        key=lambda f: f.since,
    )
    return next((f for f in later if f.bedrock != status), None)


# ----------------------------------------------------------------- models


def find_model(matrix: Matrix, raw: str) -> tuple[Model, str] | None:
    """The model entry `raw` names (any endpoint's id, an alias, or a prefixed in-Region id),
    with the id as written; None when the matrix has no such model."""
    model = matrix.model(raw)
    if model is not None:
        return model, raw
    model = matrix.model(unprefixed(raw))
    return (model, raw) if model is not None else None


def offers_at(model: Model, endpoint: Endpoint, at: dt.date, *, decisive: bool = True) -> list[Offer]:
    """The offers of `model` on `endpoint` that hold at `at`: a later offer replaces every
    earlier one that shares an id with it (an offer without ids stands for the in-Region id)."""
    current: list[Offer] = []
    for offer in sorted(model.offers, key=lambda o: o.since):
        if offer.endpoint != endpoint or offer.since > at:
            continue
        if decisive and not offer.decides:
            continue
        ids = set(offer.ids or [model.id])
        current = [o for o in current if not ids & set(o.ids or [model.id])]
        current.append(offer)
    return [o for o in current if o.until is None or at < o.until]


def offer_for(model: Model, endpoint: Endpoint, at: dt.date, model_id: str) -> Offer | None:
    """The offer that serves `model_id` on `endpoint` at `at`, if any. An in-Region id
    matches offers that list no ids; a profile id matches the offer that lists it."""
    for offer in offers_at(model, endpoint, at):
        ids = offer.ids or [model.id]
        if model_id in ids:
            return offer
    return None


def first_offer(model: Model, endpoint: Endpoint | None = None) -> Offer | None:
    """The earliest decisive offer (on `endpoint`, when given)."""
    offers = [
        o for o in model.offers if o.decides and (endpoint is None or o.endpoint == endpoint)
    ]
    return min(offers, key=lambda o: o.since) if offers else None


def in_region(offer: Offer, region: str) -> bool:
    """Whether the offer serves `region` (`*` when the sources do not enumerate Regions)."""
    return _glob_any(offer.regions, region)


def offered_models(matrix: Matrix, endpoint: Endpoint, at: dt.date) -> list[tuple[Model, Offer]]:
    """Every (model, offer) the matrix has on `endpoint` at `at`."""
    return [(m, o) for m in matrix.models for o in offers_at(m, endpoint, at)]
