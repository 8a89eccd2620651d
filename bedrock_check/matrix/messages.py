"""The wording of the target checks (model, Region, endpoint, base path), as matrix data.

A target check (`bedrock_check.engine.target`) says one of a few things about a model id or a
Region, each with facts only known when it runs (the id as written, the date, where the model
is served). Each of those sentences is a `messages` entry of its capability in
`capability_matrix.yaml`: a template with named fields (`{raw}`, `{date}`, ...), so an override
layer rewords a verdict as it changes any other capability's message. This table says which
variants each target capability has and which fields each may use; the matrix is checked
against it at load, so a misspelt variant or field is an error naming the capability, never a
`KeyError` in the middle of a scan. Literal braces are doubled (`{{region}}`).
"""

from __future__ import annotations

from string import Formatter

#: capability id -> variant -> the fields its template may use.
TARGET_MESSAGES: dict[str, dict[str, frozenset[str]]] = {
    "model-id": {
        "openai_id": frozenset({"raw", "suggested"}),
        "not_runtime_id": frozenset({"raw", "suggested"}),
        "profile_on_mantle": frozenset({"raw", "suggested"}),
        "runtime_id_on_mantle": frozenset({"raw", "suggested"}),
    },
    "runtime-profile-id": {
        "bare_id": frozenset({"raw", "date", "suggested", "alternatives"}),
        "alternatives": frozenset({"ids"}),
        "not_a_profile": frozenset({"raw", "ids"}),
    },
    "model-availability": {
        "unknown": frozenset({"raw", "date", "endpoint", "offered"}),
        "later": frozenset({"raw", "date", "endpoint", "since", "source"}),
        "unconfirmed": frozenset({"raw", "sources"}),
        "other_kind": frozenset({"raw", "kind", "endpoint", "date", "later", "unconfirmed"}),
        "kind_later": frozenset({"ids", "endpoint", "since", "source"}),
        "kind_unconfirmed": frozenset({"ids", "endpoint", "sources"}),
        "same_kind": frozenset({"raw", "kind", "endpoint", "date", "offered"}),
        "same_kind_fix": frozenset({"kind", "remedy"}),
        "no_default_here": frozenset({"region", "endpoint", "date"}),
        "no_default_served": frozenset({"endpoint", "default", "date", "served", "later"}),
        "default_later": frozenset({"model", "since", "source"}),
    },
    "model-endpoint": {
        "other_endpoint": frozenset({"raw", "endpoint", "date", "other", "ids"}),
        "api": frozenset({"model", "api", "endpoint", "date", "served", "later"}),
        "later": frozenset({"since", "source"}),
    },
    "region-availability": {
        "region": frozenset({"model", "region", "endpoint", "regions", "later", "disputed"}),
        "code_region": frozenset({"where", "model", "region", "endpoint", "regions", "later", "disputed"}),
        "later": frozenset({"since", "source"}),
        "disputed": frozenset({"confidence", "source", "since", "region", "decider"}),
    },
    "mantle-base-path": {
        "path": frozenset({"path", "model", "date", "wanted"}),
    },
}


def template_fields(template: str) -> set[str]:
    """The named fields a template uses (`ValueError` for one that does not parse)."""
    return {name for _text, name, _spec, _conv in Formatter().parse(template) if name is not None}


def check_messages(cap_id: str, messages: dict[str, str]) -> None:
    """Raise `ValueError` when `messages` are not the variants `cap_id` has, or a template uses a
    field its variant does not give (or does not parse)."""
    variants = TARGET_MESSAGES.get(cap_id)
    if variants is None:
        if messages:
            raise ValueError(f"`messages` are the wording of a target check; {cap_id} has none")
        return
    unknown = sorted(set(messages) - set(variants))
    if unknown:
        raise ValueError(f"messages: unknown variant {unknown[0]!r} (variants: {', '.join(sorted(variants))})")
    missing = sorted(set(variants) - set(messages))
    if missing:
        raise ValueError(f"messages: variant {missing[0]!r} is missing")
    for variant, template in messages.items():
        try:
            used = template_fields(template)
        except ValueError as exc:
            raise ValueError(f"messages.{variant}: {exc} (write a literal brace twice)") from None
        extra = sorted(used - variants[variant])
        if extra:
            raise ValueError(f"messages.{variant}: unknown field {{{extra[0]}}} (fields: {', '.join(sorted(variants[variant]))})")
