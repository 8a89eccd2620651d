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
  - {id: openai.gpt-5.4, openai_id: gpt-5.4, regions: [us-west-2, us-east-2], source: {ref: our-probe}}
capabilities:
  - id: web-search
    bedrock: available
    source: {ref: our-probe}
""",
    )
    mx = load_matrix(layer)
    assert mx.capability("web-search").bedrock == "available"
    assert mx.capability("web-search").title == "Hosted web search"  # untouched fields survive
    assert {m.id for m in mx.models} == {"openai.gpt-5.5", "openai.gpt-5.4"}
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


def _run_child(code: str, cache: Path) -> str:
    import os
    import subprocess
    import sys

    env = {**os.environ, "BEDROCK_CHECK_CACHE_DIR": str(cache)}
    env.pop("BEDROCK_CHECK_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


CHILD = (
    "import sys; from bedrock_check.matrix import load_matrix; m = load_matrix(); "
    "print(len(m.capabilities), 'bedrock_check.matrix.schema' in sys.modules)"
)


def test_cache_skips_validation_on_the_second_run(tmp_path: Path) -> None:
    first = _run_child(CHILD, tmp_path)
    second = _run_child(CHILD, tmp_path)
    assert first.endswith("True") and second.endswith("False")
    assert first.split()[0] == second.split()[0]
    assert list(tmp_path.glob("matrix-*.pickle"))


def test_tampered_cache_entry_is_a_miss_and_runs_nothing(tmp_path: Path) -> None:
    import os
    import pickle

    _run_child(CHILD, tmp_path)
    (entry,) = tmp_path.glob("matrix-*.pickle")
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(Evil()))
    assert _run_child(CHILD, tmp_path).endswith("True")  # revalidated from the YAML
    assert not marker.exists()


def test_changed_layer_is_not_served_from_cache(tmp_path: Path) -> None:

    layer = _write(tmp_path, "capabilities:\n  - id: web-search\n    bedrock: available\n")
    cache = tmp_path / "cache"
    code = f"from bedrock_check.matrix import load_matrix; print(load_matrix({str(layer)!r}).capability('web-search').bedrock)"
    assert _run_child(code, cache) == "available"
    layer.write_text("capabilities:\n  - id: web-search\n    bedrock: unverified\n    notes: []\n")
    assert _run_child(code, cache) == "unverified"
