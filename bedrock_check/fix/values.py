"""The new values edits write, taken from the matrix and the target: never invented.

A model id becomes the Bedrock id of the same model (never another model); a client
construction and a base URL get the target's Region and endpoint.
"""

from __future__ import annotations

from bedrock_check.fix.plan import FixTarget
from bedrock_check.matrix import Matrix, Target


def bedrock_model_id(matrix: Matrix, openai_id: str) -> str | None:
    """The Bedrock id of the model that OpenAI calls `openai_id`, or None when Bedrock
    does not offer that model."""
    for model in matrix.models:
        if model.openai_id == openai_id:
            return model.id
    return None


def fix_target(matrix: Matrix, target: Target) -> FixTarget:
    """The values `fix` writes for this matrix and target."""
    return FixTarget(
        region=target.region,
        endpoint=getattr(target, "endpoint", "mantle"),
        bedrock_model=lambda openai_id: bedrock_model_id(matrix, openai_id),
    )
