"""The new values edits write, taken from the engine and the target: never invented.

A model id becomes the Bedrock id the `model-id` finding names (the same model, never
another one); a client construction and a base URL get the target's Region and endpoint.
"""

from __future__ import annotations

from bedrock_check.engine.target import TargetChecks
from bedrock_check.fix.plan import FixTarget
from bedrock_check.matrix import Matrix, Target


def fix_target(matrix: Matrix, target: Target) -> FixTarget:
    """The values `fix` writes for this matrix and target."""
    from bedrock_check.engine.migrate import forms

    offered = frozenset(eco for eco in ("pypi", "npm") if forms(matrix, target, eco))
    return FixTarget(region=target.region, endpoint=target.endpoint,
                     bedrock_model=TargetChecks(matrix, target).bedrock_id, client_forms=offered)  # fmt: skip
