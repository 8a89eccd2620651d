"""Property-based tests: arbitrary and mutated inputs never crash a reader, an extractor,
the engine or a renderer; each returns its result (diagnostics for what it cannot read).

The default run is short; `pytest tests/test_fuzz.py --hypothesis-profile=fuzz` runs
tens of thousands of examples per target (CONTRIBUTING.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bedrock_check.engine import Engine
from bedrock_check.extract import extract
from bedrock_check.extract.common import Extracted
from bedrock_check.extract.har import read_har
from bedrock_check.extract.requests import read_json, read_jsonl, read_yaml, request_shape
from bedrock_check.findings import RequestObservation, Span
from bedrock_check.gating.suppressions import parse_suppressions
from bedrock_check.inputs import read_input
from bedrock_check.matrix import load_matrix, resolve_target
from bedrock_check.redact import MASK, redact
from bedrock_check.report import FORMATS
from bedrock_check.report.model import Report

from .conftest import FIXTURES

MATRIX = load_matrix()
ENGINE = Engine(MATRIX, resolve_target(MATRIX, None, None))
KNOWN = frozenset(c.id for c in MATRIX.capabilities)

# JSON values biased toward the words the matrix looks for, so the engine's rules fire.
WORDS = st.sampled_from([
    "model", "input", "tools", "type", "web_search", "web_search_2025_08_26", "mcp", "connector_id", "tool_choice",
    "include", "service_tier", "flex", "auto", "messages", "content", "input_file", "file_data", "execution",
    "client", "stream", "background", "gpt-5.5", "openai.gpt-5.5", "us.openai.gpt-5.5", "arn:aws:lambda:x", "",
])  # fmt: skip
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | WORDS | st.text(max_size=20)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(WORDS | st.text(max_size=8), inner, max_size=6),
    max_leaves=40,
)


def _render_all(findings: tuple, uses: tuple = ()) -> None:
    report = Report(matrix=MATRIX, target=ENGINE.target, findings=findings, uses=uses)
    for fmt in FORMATS:
        assert isinstance(report.render(fmt), str)


@given(JSON)
def test_engine_on_any_json(body: object) -> None:
    obs = RequestObservation(path="x.json", body=body, endpoint="responses", span=Span(1, 1, 1, 1))
    result = ENGINE.evaluate([obs])
    _render_all(result.findings, result.uses)


@given(JSON)
def test_json_readers_on_any_json(value: object) -> None:
    for text in (json.dumps(value), json.dumps(value, indent=2)):
        obs, diags = read_json("x.json", text)
        for o in obs:
            ENGINE.evaluate([o])
        assert isinstance(diags, list)
    request_shape(value)


@given(st.text(max_size=400))
def test_readers_on_any_text(text: str) -> None:
    for reader in (read_json, read_jsonl, read_yaml):
        obs, _diags = reader("x", text)
        for o in obs:
            _render_all(ENGINE.evaluate([o]).findings)
    read_har("x.har", text)


CODE_KINDS = [
    "python",
    "javascript",
    "typescript",
    "tsx",
    "markdown",
    "shell",
    "dotenv",
    "notebook",
    "json",
    "jsonl",
    "yaml",
]


@given(st.sampled_from(CODE_KINDS), st.text(max_size=600))
def test_extractors_on_any_text(kind: str, text: str) -> None:
    result = extract(kind, "f", text)
    assert isinstance(result, Extracted)
    for obs in result.observations:
        ENGINE.evaluate([obs])


def _fixture_texts() -> list[tuple[str, str]]:
    kinds = {".py": "python", ".ts": "typescript", ".js": "javascript", ".ipynb": "notebook", ".md": "markdown", ".sh": "shell",
             ".json": "json", ".jsonl": "jsonl", ".yaml": "yaml"}  # fmt: skip
    out = []
    for path in sorted((FIXTURES / "scan").rglob("*")):
        if path.suffix in kinds:
            out.append((kinds[path.suffix], path.read_text(encoding="utf-8", errors="replace")))
    return out


FIXTURE_TEXTS = _fixture_texts()


@given(st.sampled_from(FIXTURE_TEXTS), st.data())
def test_extractors_on_mutated_fixtures(fixture: tuple[str, str], data: st.DataObject) -> None:
    kind, text = fixture
    for _ in range(data.draw(st.integers(1, 4))):
        if not text:
            break
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start, min(len(text), start + 40)))
        action = data.draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "insert":
            text = (
                text[:start]
                + data.draw(st.text(max_size=10) | st.sampled_from(["{", "[", '"', "(", "\\n", "```", "\x00", "'"]))
                + text[start:]
            )
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[start:end] + text[:start] + text[end:]
    result = extract(kind, "fixture", text)
    for obs in result.observations:
        _render_all(ENGINE.evaluate([obs]).findings)
    parse_suppressions("fixture", text, KNOWN)


@given(st.binary(max_size=300), st.sampled_from(["x.json", "x.jsonl", "x.yaml", "x.har", "x.ndjson"]))
def test_input_files_of_any_bytes(tmp_path_factory, data: bytes, name: str) -> None:
    path = Path(tmp_path_factory.mktemp("in")) / name
    path.write_bytes(data)
    items = list(read_input(str(path)))
    assert all(hasattr(i, "path") for i in items)
    list(read_input("-", data))


@given(st.text(max_size=300))
def test_redaction_is_total_and_stable(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    assert redact("Authorization: Bearer " + text.replace(" ", "x")[:50] + "abcdefgh1234").count(MASK) >= 1


@pytest.mark.slow
def test_real_code_never_crashes_an_extractor() -> None:
    """Real-world code (parts of the standard library and the openai SDK) as input."""
    import email
    import os

    import openai

    from bedrock_check.extract import kind_of

    roots = [os.path.dirname(email.__file__), os.path.dirname(json.__file__), os.path.dirname(openai.__file__)]
    count = 0
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            kind = kind_of(path.name)
            if kind is None or not path.is_file() or path.stat().st_size > 1_000_000:
                continue
            result = extract(kind, str(path), path.read_text(encoding="utf-8", errors="replace"))
            for obs in result.observations:
                ENGINE.evaluate([obs])
            count += 1
    assert count > 500
