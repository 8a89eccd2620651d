"""Config files read for the model they set: TOML (parsed as data, a broken file named in
one diagnostic), mappings that name the class they build, and shell assignments."""

from __future__ import annotations

from bedrock_check.extract import extract
from bedrock_check.extract.class_configs import class_models
from bedrock_check.extract.toml_config import _Locator, toml_models
from bedrock_check.findings import RequestObservation, Span
from bedrock_check.vocabulary import DiagnosticKind


def _models(found: list) -> list[tuple[int, str]]:
    return sorted((o.span.line, o.body["model"]) for o in found if isinstance(o, RequestObservation) and "model" in o.body)


def test_a_toml_file_that_does_not_parse_is_one_diagnostic_naming_it() -> None:
    out = toml_models("conf/app.toml", '[llm\nmodel = "gpt-4o"\n')
    assert out.observations == []
    assert len(out.diagnostics) == 1
    diag = out.diagnostics[0]
    assert diag.path == "conf/app.toml" and diag.kind == DiagnosticKind.PARSE_ERROR
    assert diag.message.startswith("not valid TOML: ") and "\n" not in diag.message
    assert diag.line == 1


def test_toml_is_read_as_data_only() -> None:
    # A TOML value that looks like code is a string: nothing is evaluated.
    out = toml_models("a.toml", '[llm]\napi_key = ""\nmodel = "__import__(\'os\').system(\'false\')"\n')
    assert out.observations == [] and out.diagnostics == []


def test_the_locator_finds_tables_dotted_keys_inline_tables_and_array_items() -> None:
    text = (
        '[tool.app]\n'                      # 1
        'llm.model = "gpt-4o"\n'            # 2
        'agent = { model = "o3-mini" }\n'   # 3
        'env = [\n'                          # 4
        '  "A=1",  # a comment\n'            # 5
        "  'B_MODEL=gpt-4.1',\n"             # 6
        ']\n'                                # 7
        '[[runs]]\nmodel = "a"\n[[runs]]\nmodel = "b"\n'  # 8-11
    )
    loc = _Locator(text)
    assert loc.span(("tool", "app", "llm", "model")).line == 2
    assert loc.span(("tool", "app", "agent", "model")).line == 3
    assert loc.span(("tool", "app", "env", 1)).line == 6
    assert loc.span(("runs", 1, "model")).line == 11
    assert loc.span(("tool", "app", "missing")) is None


def test_toml_llm_tables_named_and_inline() -> None:
    text = (
        '[llm]\napi_key = ""\nmodel = "gpt-4o"\n'
        '[llm.fast]\napi_key = ""\nmodel = "gpt-4o-mini"\n'
        '[llm.local]\napi_key = "x"\nbase_url = "http://localhost:11434/v1"\nmodel = "gpt-4o"\n'
        '[llm.sonnet]\napi_key = ""\nmodel = "claude-3-5-sonnet-latest"\n'
    )
    assert _models(toml_models("config.toml", text).observations) == [(3, "gpt-4o"), (6, "gpt-4o-mini")]


def test_a_class_named_for_openai_makes_its_model_settings_openai_models() -> None:
    value = {
        "a": {"class": "pkg.solvers:OpenAISolver", "args": {"completion_fn_options": {"model": "gpt-4"}}},
        "b": {"class": "pkg.solvers:TogetherSolver", "args": {"completion_fn_options": {"model": "gpt-4"}}},
        "c": {"class": "pkg.compat:OpenAILike", "args": {"model": "gpt-4"}},
        "d": {"class": "pkg.cot:ChainOfThought", "args": {"cot_completion_fn": "gpt-4o", "note": "gpt-4o"}},
        "e": {"model": "gpt-4o"},
        "f": {"llm": "default", "model": "gpt-4o"},
    }
    def located(ptr):
        return Span(len(ptr), 1, len(ptr), 2)

    found = class_models("r.yaml", value, located, lambda n: None)
    # (`a` and `d` only: another vendor's class, an OpenAI-compatible server's, a setting that
    # is no model's, a mapping that names no class.)
    assert sorted(o.body["model"] for o in found) == ["gpt-4", "gpt-4o"]


def test_a_shell_block_of_settings_names_its_model() -> None:
    out = extract("shell", "run.sh", "export LLM_MODEL='gpt-4'\nexport OLLAMA_MODEL=gpt-4o\necho MODEL=gpt-4o\n")
    assert _models(out.observations) == [(1, "gpt-4")]
