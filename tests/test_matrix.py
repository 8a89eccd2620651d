"""Loading, layering, validating and exporting the matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bedrock_check.errors import MatrixError
from bedrock_check.matrix import load_matrix, matrix_json_schema, validate_matrix_file


def _write(tmp_path: Path, text: str, name: str = "layer.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_layer_changes_a_verdict_and_adds_a_model(tmp_path: Path) -> None:
    layer = _write(
        tmp_path,
        """
sources:
  - {id: our-probe, title: "Our probe", kind: probe, as_of: 2026-11-01}
models:
  - id: openai.gpt-9
    openai_id: gpt-9
    offers:
      - {endpoint: mantle, since: 2026-11-01, regions: [us-west-2], confidence: H, source: {ref: our-probe}}
capabilities:
  - id: web-search
    bedrock: available
    source: {ref: our-probe}
""",
    )
    mx = load_matrix(layer)
    assert mx.capability("web-search").bedrock == "available"
    assert mx.capability("web-search").title == "Hosted web search"  # untouched fields survive
    assert {"openai.gpt-5.5", "openai.gpt-5.4", "openai.gpt-9"} <= {m.id for m in mx.models}
    assert mx.layers == [str(layer)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("capabilities:\n  - id: web-search\n    bedrock: maybe\n", "](web-search).bedrock"),
        ("capabilities:\n  - id: web-search\n    source: {ref: nowhere}\n", "unknown source 'nowhere'"),
        ("capabilities:\n  - id: Bad_Id\n", "](Bad_Id)"),
        ("capabilities:\n  - id: web-search\n    colour: blue\n", "colour"),
        (
            "capabilities:\n  - id: web-search\n    signals: {request: [{at: 'tools[]', when: {type: {regex: '('}}}]}\n",
            "not a valid regular expression",
        ),
        # A target check is worded by `messages`; its `message` (the key before variants) would change nothing.
        ("capabilities:\n  - id: model-availability\n    message: Pick a Bedrock model.\n",
         "](model-availability).message: a target check is worded by `messages` (variants: "),
        ("capabilities: [\n", "invalid YAML at line"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_bad_layer_names_file_and_field(tmp_path: Path, text: str, expected: str) -> None:
    layer = _write(tmp_path, text)
    with pytest.raises(MatrixError) as err:
        load_matrix(layer)
    message = str(err.value)
    assert message.startswith(str(layer) + ":")
    assert expected in message
    assert "\n" not in message


def test_alias_bomb_layer_is_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    with pytest.raises(MatrixError, match="alias"):
        load_matrix(_write(tmp_path, "\n".join(lines) + "\n"))


def test_validate_file_accepts_full_matrix_and_layer(tmp_path: Path) -> None:
    from .conftest import ROOT

    assert validate_matrix_file(ROOT / "capability_matrix.yaml").as_of.isoformat() == "2026-06-01"
    assert validate_matrix_file(_write(tmp_path, "capabilities:\n  - id: web-search\n    bedrock: available\n"))


def test_schema_is_json_schema() -> None:
    schema = matrix_json_schema()
    json.dumps(schema)
    assert "capabilities" in schema["properties"]
    status = schema["$defs"]["Capability"]["properties"]["bedrock"]
    assert set(status["enum"]) == {"available", "conditional", "not_available", "unverified"}


def test_shipped_matrix_validates_against_exported_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from .conftest import ROOT

    data = yaml.safe_load((ROOT / "capability_matrix.yaml").read_text())
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, matrix_json_schema())


def test_what_a_finding_says_names_the_page_it_means() -> None:
    """A finding's message and the source it cites are read by someone who has not read the
    matrix: "the page" or "the baseline page" alone says nothing to them; the words name it
    (OpenAI's Bedrock page), and the citation line gives its title and date."""
    import re

    vague = re.compile(r"\b[Tt]he (baseline )?page\b")
    matrix = load_matrix()
    said = [(c.id, text) for c in matrix.capabilities for text in (c.message, *(c.messages or {}).values()) if text]
    said += [(s.id, s.title) for s in matrix.sources]
    assert [(where, text) for where, text in said if vague.search(text)] == []


def test_a_layer_words_a_target_check_with_messages_and_a_feature_with_message(tmp_path: Path) -> None:
    layer = _write(tmp_path, "capabilities:\n  - id: web-search\n    message: Search is not offered here.\n"
                             "  - id: model-availability\n    messages:\n      unknown: '`{raw}`: ask the platform team.'\n")
    mx = load_matrix(layer)
    assert mx.capability("web-search").message == "Search is not offered here."
    assert mx.capability("model-availability").messages["unknown"] == "`{raw}`: ask the platform team."
