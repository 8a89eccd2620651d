"""The model, Region, endpoint and base-path checks say what the matrix says: their sentences
are the target capabilities' `messages`, their severities the capabilities' own, and an override
layer changes both as it changes any other capability."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.engine import Engine
from bedrock_check.engine.finding import target_findings
from bedrock_check.errors import MatrixError
from bedrock_check.matrix import Target, load_matrix
from bedrock_check.matrix.messages import TARGET_MESSAGES

from .helpers import run

LAYER = """\
capabilities:
  - id: model-availability
    messages:
      unknown: "Model {raw} has no Bedrock deployment on {endpoint} ({date})."
  - id: region-availability
    severity: warning
    messages:
      region: "Not in {region}: {model} runs in {regions}.{later}"
"""


def test_a_layer_rewords_and_regrades_the_target_checks(tmp_path: Path) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text(LAYER)
    mx = load_matrix(layer, cache=False)
    engine = Engine(mx, Target("openai.gpt-5.5", "us-west-1"))
    (model,) = [f for f in run(engine, {"model": "gpt-4o", "input": "hi"}).findings if f.capability == "model-availability"]
    assert model.message == "Model gpt-4o has no Bedrock deployment on mantle (2026-06-01)."
    (region,) = target_findings(engine)
    assert region.capability == "region-availability" and region.severity == "warning"
    assert region.message.startswith("Not in us-west-1: openai.gpt-5.5 runs in ")
    # Without the layer: the shipped wording and severity.
    shipped = Engine(load_matrix(), Target("openai.gpt-5.5", "us-west-1"))
    (region,) = target_findings(shipped)
    assert region.severity == "error" and region.message.startswith("`openai.gpt-5.5` is not offered in us-west-1 on mantle;")


def test_a_region_named_in_code_is_graded_by_the_matrix(tmp_path: Path) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text(LAYER)
    engine = Engine(load_matrix(layer, cache=False), Target("openai.gpt-5.5", "us-east-2"))
    (problem,) = engine.region_problems("eu-west-3", "`BedrockOpenAI(aws_region=...)`")
    assert problem.severity == "warning"  # the layer's grade; its wording is the `code_region` variant's
    assert problem.message.startswith("`BedrockOpenAI(aws_region=...)` sends requests to eu-west-3; `openai.gpt-5.5` is not")


@pytest.mark.parametrize(
    ("text", "error"),
    [("  - id: model-id\n    messages:\n      openai_idd: \"x\"\n", r"model-id.*unknown variant 'openai_idd'"),
     ("  - id: model-id\n    messages:\n      openai_id: \"call it {sugested}\"\n", r"messages\.openai_id: unknown field \{sugested\}"),
     ("  - id: mantle-base-path\n    messages:\n      path: \"https://x.{region.api.aws\"\n", r"messages\.path: .*literal brace twice"),
     ("  - id: web-search\n    messages:\n      unknown: \"x\"\n", r"web-search has none")],
)  # fmt: skip
def test_a_bad_message_layer_names_the_file_and_the_capability(tmp_path: Path, text: str, error: str) -> None:
    layer = tmp_path / "bad.yaml"
    layer.write_text("capabilities:\n" + text)
    with pytest.raises(MatrixError, match=error) as info:
        load_matrix(layer, cache=False)
    assert str(layer) in str(info.value) and "\n" not in str(info.value)


def test_every_target_check_sentence_is_matrix_data() -> None:
    """Each target capability of the shipped matrix words every variant the checks use."""
    mx = load_matrix()
    for cap_id, variants in TARGET_MESSAGES.items():
        assert set(mx.capability(cap_id).messages) == set(variants), cap_id
