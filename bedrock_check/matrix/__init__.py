"""The capability matrix: the one place that knows what is available where.

records  the frozen dataclasses (capabilities, models, dated facts, the target); kinds:
         the kinds of values and citations they share; signals: request and code signals;
         migration: client forms, settings, IAM steps, wording by provider
schema   pydantic validation at the edge, the JSON Schema
load     the shipped file, override layers, validation, the cache
cache    the validated-matrix cache
resolve  target resolution: which facts hold for a model, Region, endpoint and date
views    matrix show / explain
diff     matrix diff
"""

from __future__ import annotations

from bedrock_check.matrix.load import (
    load_matrix,
    matrix_json_schema,
    merge_layer,
    shipped_matrix_path,
    validate_matrix_file,
)
from bedrock_check.matrix.records import (
    DECISIVE,
    ENDPOINTS,
    ID_PATTERN,
    STATUS_VERDICT,
    Capability,
    Citation,
    CodeSignals,
    Constructor,
    Defaults,
    Docs,
    Endpoint,
    Fact,
    Matrix,
    Model,
    Note,
    Offer,
    Predicate,
    Probe,
    RequestSignal,
    Severity,
    Signals,
    Source,
    Status,
    Target,
    Variant,
    Verdict,
)
from bedrock_check.matrix.resolve import (
    Resolved,
    default_model,
    effective_status,
    find_model,
    later_fact,
    offer_for,
    offers_at,
    parse_as_of,
    preferred_id,
    resolve_status,
    resolve_target,
    retarget,
)

__all__ = [
    "DECISIVE",
    "ENDPOINTS",
    "ID_PATTERN",
    "STATUS_VERDICT",
    "Capability",
    "Citation",
    "CodeSignals",
    "Constructor",
    "Defaults",
    "Docs",
    "Endpoint",
    "Fact",
    "Matrix",
    "Model",
    "Note",
    "Offer",
    "Predicate",
    "Probe",
    "RequestSignal",
    "Resolved",
    "Severity",
    "Signals",
    "Source",
    "Status",
    "Target",
    "Variant",
    "Verdict",
    "default_model",
    "effective_status",
    "find_model",
    "later_fact",
    "load_matrix",
    "matrix_json_schema",
    "merge_layer",
    "offer_for",
    "offers_at",
    "parse_as_of",
    "preferred_id",
    "resolve_status",
    "resolve_target",
    "retarget",
    "shipped_matrix_path",
    "validate_matrix_file",
]  # fmt: skip
