"""An `@ai-sdk/openai` pin older than the version whose `openai(model)` calls the Responses API
(the matrix's `migration.api_defaults`) is a `migrate-sdk-version` note while Chat Completions,
what the older `openai(model)` sends, is not available on the target."""

from __future__ import annotations

import dataclasses

import pytest

from bedrock_check.engine import Engine
from bedrock_check.extract import extract, kind_of
from bedrock_check.extract.dependencies import PACKAGES
from bedrock_check.matrix import Matrix, resolve_target
from bedrock_check.matrix.migration import Migration


def _pins(matrix: Matrix, name: str, text: str, **target: str) -> list:
    assert kind_of(f"web/{name}") == "dependencies"
    extracted = extract("dependencies", name, text)
    assert not extracted.diagnostics
    t = resolve_target(matrix, target.get("model"), target.get("region"), target.get("endpoint"), target.get("as_of"))
    return [f for f in Engine(matrix, t).evaluate(extracted.observations).findings if f.capability == "migrate-sdk-version"]


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [
        ("package.json", '{\n  "dependencies": {\n    "@ai-sdk/openai": "^0.0.34",\n    "ai": "^3.2.16"\n  }\n}\n', [3]),
        ("package.json", '{"dependencies": {"@ai-sdk/openai": "^1.3.22"}}\n', [1]),
        ("package.json", '{"dependencies": {"@ai-sdk/openai": "~1.0.5"}}\n', [1]),
        ("package.json", '{"dependencies": {"@ai-sdk/openai": "^2.0.0"}}\n', []),
        ("package.json", '{"dependencies": {"@ai-sdk/openai": "latest"}}\n', []),
        ("package.json", '{"dependencies": {"@ai-sdk/openai": ">=1.0.0"}}\n', []),
        ("package-lock.json", '{\n"packages": {\n"node_modules/@ai-sdk/openai": {"version": "1.3.22"}\n}\n}\n', [3]),
        ("package-lock.json", '{\n"packages": {\n"node_modules/@ai-sdk/openai": {"version": "2.0.15"}\n}\n}\n', []),
    ],
)  # fmt: skip
def test_an_old_ai_sdk_openai_pin_is_a_note(matrix: Matrix, name: str, text: str, lines: list[int]) -> None:
    found = _pins(matrix, name, text)
    assert [f.line for f in found] == lines
    for f in found:
        assert f.severity == "note" and f.value == "@ai-sdk/openai"
        assert "older than 2.0.0" in f.message and "Chat Completions" in f.message
        assert "`openai.responses(model)` (from 1.2.2)" in f.message
        # The version boundary is the AI SDK's own changelog's, cited as such.
        assert f.source.startswith("@ai-sdk/openai CHANGELOG"), f.source


def test_no_note_where_the_target_serves_chat_completions(matrix: Matrix) -> None:
    """The runtime endpoint serves Chat Completions for gpt-oss (a dated fact): the old default
    works there, so the pin needs no change."""
    text = '{"dependencies": {"@ai-sdk/openai": "^0.0.34"}}\n'
    assert _pins(matrix, "package.json", text)
    assert not _pins(matrix, "package.json", text, model="openai.gpt-oss-120b-1:0", region="us-east-1",
                     endpoint="runtime", as_of="latest")  # fmt: skip


def test_every_package_a_migration_step_names_is_read_from_manifests(matrix: Matrix) -> None:
    named = {c.package for c in matrix.migration.clients} | {d.package for d in matrix.migration.api_defaults}
    assert named <= PACKAGES, named - PACKAGES


def test_an_api_default_must_name_a_known_capability(matrix: Matrix) -> None:
    bad = dataclasses.replace(matrix.migration.api_defaults[0], capability="chat-completion")
    with pytest.raises(ValueError, match="unknown capability 'chat-completion'"):
        dataclasses.replace(matrix, migration=dataclasses.replace(matrix.migration, api_defaults=[bad]))
    assert isinstance(matrix.migration, Migration)


@pytest.mark.parametrize(
    ("code", "noted"),
    [
        ('export const answer = (q: string) => generateText({ model: openai("gpt-5.5"), prompt: q });\n', True),
        ('export const answer = (q: string) => generateText({ model: openai.responses("gpt-5.5"), prompt: q });\n', False),
        ('export const answer = (q: string) => generateText({ model: openai.responses("gpt-5.5"), prompt: q });\n'
         'export const quick = (q: string) => generateText({ model: openai("gpt-5.5"), prompt: q });\n', True),
        ("", True),  # no code scanned: the pin is all there is to go by
    ],
)  # fmt: skip
def test_the_pin_note_is_for_code_that_relies_on_the_default(tmp_path, code: str, noted: bool) -> None:
    """An old `@ai-sdk/openai` pin matters only where the code calls `openai(model)` (the default
    that sent Chat Completions before 2.0.0): code that calls `openai.responses(model)` alone
    already sends Responses requests on the pinned version."""
    import bedrock_check

    (tmp_path / "package.json").write_text('{"dependencies": {"@ai-sdk/openai": "^1.3.22", "ai": "^4.3.0"}}\n')
    if code:
        (tmp_path / "answer.ts").write_text('import { openai } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n\n' + code)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    pins = [f for f in report.findings if f.capability == "migrate-sdk-version" and f.value == "@ai-sdk/openai"]
    assert bool(pins) == noted
