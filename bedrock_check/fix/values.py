"""The new values edits write, taken from the matrix and the target: never invented.

A model id becomes the Bedrock id of the same model (never another model), and a client
construction gets the target's Region.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from bedrock_check.findings import Finding
from bedrock_check.matrix import Matrix, Target


def bedrock_model_id(matrix: Matrix, openai_id: str) -> str | None:
    """The Bedrock id of the model that OpenAI calls `openai_id`, or None when Bedrock
    does not offer that model."""
    for model in matrix.models:
        if model.openai_id == openai_id:
            return model.id
    return None


def replacement_for(matrix: Matrix, target: Target) -> Callable[[Finding], str | None]:
    """A function giving the new value for a fixable finding (None: nothing safe to write)."""

    def replacement(finding: Finding) -> str | None:
        if finding.capability == "model-id":
            try:
                value = json.loads(finding.value)
            except ValueError:
                return None
            return bedrock_model_id(matrix, value) if isinstance(value, str) else None
        if finding.capability == "migration-client":
            return target.region
        return None

    return replacement
