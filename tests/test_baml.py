"""BAML files: the OpenAI models of `client<llm>` blocks and `client "openai/..."` shorthands
(the strict fixture is `tests/fixtures/scan/baml`); here, a BAML block in a Markdown page and
the reader's own edges."""

from __future__ import annotations

from bedrock_check.extract.baml import extract_baml

from .helpers import scan_folder


def _models(text: str) -> list[tuple[int, int, str]]:
    return [(o.span.line, o.span.column, o.body["model"]) for o in extract_baml("c.baml", text).observations]


def test_a_baml_fence_in_a_page_is_read_at_its_line(tmp_path, matrix, target) -> None:
    (tmp_path / "README.md").write_text(
        "# Clients\n\n- Define the client:\n\n  ```baml\n  client<llm> GPT {\n    provider openai\n"
        '    options {\n      model "gpt-4o"\n    }\n  }\n  ```\n'
    )
    report = scan_folder(tmp_path, matrix, target)
    assert {(f.path, f.line, f.capability) for f in report.findings} == {("README.md", 9, "model-availability")}


def test_comments_prompts_and_other_providers_are_not_read() -> None:
    text = (
        'client<llm> A {\n  provider openai // the default client\n  options { model "gpt-4o" }\n}\n'
        'function F() -> string {\n  client "openai-responses/gpt-5-mini"\n'
        '  prompt #"\n    client<llm> B { provider openai options { model "gpt-4" } }\n  "#\n}\n'
        '// client "openai/gpt-3.5-turbo"\n'
        'client<llm> C {\n  provider aws-bedrock\n  options { model "openai.gpt-oss-120b" }\n}\n'
    )
    assert _models(text) == [(3, 20, "gpt-4o"), (6, 28, "gpt-5-mini")]


def test_an_unbalanced_block_reads_to_the_end_without_error() -> None:
    assert _models('client<llm> A {\n  provider openai\n  options {\n    model "gpt-4o"\n') == [(4, 12, "gpt-4o")]


def test_baml_under_a_stand_in_language_or_indented_is_read(tmp_path, matrix, target) -> None:
    # Pages highlight BAML as another language, or indent it under a list item: a client block
    # or a `client "openai/..."` line still says what it is. A Rust fence without them is not read.
    (tmp_path / "README.md").write_text(
        "# Agent\n\n```rust\nfunction Next(t: string) -> Step {\n"
        '  client "openai/gpt-4o"\n  prompt #"{{ t }}"#\n}\n```\n\n'
        "Then the client:\n\n"
        "    client<llm> Fast {\n      provider openai\n      options {\n"
        '        model "gpt-4o-mini"\n      }\n    }\n\n'
        '```rust\nfn main() { let client = "openai/gpt-4o"; }\n```\n'
    )
    report = scan_folder(tmp_path, matrix, target)
    assert {(f.line, f.column, f.capability) for f in report.findings} == {
        (5, 18, "model-availability"),
        (15, 16, "model-availability"),
    }
