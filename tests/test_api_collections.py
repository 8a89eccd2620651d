"""API client collections (Postman v2, Bruno's JSON export): the requests they save are checked
where their bodies are written, the model of a variable where the variable is set, and a
request to another server, or one that sends nothing, is not read."""

from __future__ import annotations

import pytest

from bedrock_check.discover import Candidate
from bedrock_check.extract import kind_of
from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanner import Prefilter, scan_paths

from .conftest import FIXTURES

HERE = FIXTURES / "collections"

#: Each collection -> the (line, capability) of every error and warning finding it must give.
EXPECTED = {
    "postman.json": {
        (14, "model-id"), (14, "web-search"),  # the body's line: gpt-5.4 and the hosted tool
        (26, "chat-completions"),  # the Azure deployment's chat/completions
        (41, "model-availability"),  # {{MODEL}} is gpt-4o, set in the collection's variables
        (34, "service-tiers"),  # {{EMPTY}} names no model; the tier is still checked
    },
    "bruno.json": {(12, "code-interpreter"), (23, "model-availability")},  # the model of the environment
    "postman_other.json": set(),  # a local Ollama, a gateway nobody can tell, a GET
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_collection(
    name: str, matrix: Matrix, target: Target, prefilter: Prefilter, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = kind_of(name)
    assert kind is not None
    data, _ = prefilter.read(Candidate(name, str(HERE / name), kind))
    if EXPECTED[name]:
        assert data is not None, f"the prefilter skips {name}"
    monkeypatch.chdir(HERE)
    report = scan_paths([name], matrix, target, jobs=1)
    found = {(f.line, f.capability) for f in report.findings if f.severity != "note"}
    assert found == EXPECTED[name]
    assert not report.diagnostics
