"""Target resolution: which facts of the matrix hold for a model, Region, endpoint and date."""

from __future__ import annotations

from bedrock_check.matrix.records import Capability, Citation, Matrix, Status, Target

# ----------------------------------------------------------------- targets


def resolve_target(matrix: Matrix, model: str | None, region: str | None) -> Target:
    """The target: explicit values win, then the matrix defaults."""
    return Target(model=model or matrix.defaults.model, region=region or matrix.defaults.region)


def _glob(pattern: str, value: str) -> bool:
    from fnmatch import fnmatchcase

    return fnmatchcase(value, pattern)


def effective_status(cap: Capability, target: Target) -> tuple[Status, Citation]:
    """The capability's Bedrock status for this target: the last matching variant wins."""
    status, citation = cap.bedrock, cap.source
    for variant in cap.variants:
        if any(_glob(m, target.model) for m in variant.models) and any(
            _glob(r, target.region) for r in variant.regions
        ):
            status, citation = variant.bedrock, variant.source
    return status, citation
