"""Ruby, Java, Kotlin, C#, PHP and Rust files read for their OpenAI SDK uses without a resolver
(the strict fixture is `tests/fixtures/scan/sdk-languages`); here, the catalogue's checks and
the reader's own edges."""

from __future__ import annotations

import pytest

from bedrock_check.catalogue import CatalogueError, _load_file
from bedrock_check.catalogue.languages import LanguagesFile, languages_catalogue
from bedrock_check.extract.sdklangs import _constant_model, extract_sdk_language


def test_an_unknown_endpoint_in_the_languages_file_is_an_error_naming_the_field(tmp_path) -> None:
    (tmp_path / "languages.yaml").write_text(
        "languages:\n  ruby:\n    grammar: tree_sitter_ruby\n    sdk: [x]\n"
        "    calls:\n      - {chain: [chat], endpoint: chat.completion}\n"
    )
    with pytest.raises(CatalogueError, match=r"languages\.yaml: languages\.ruby\.calls\.0\.endpoint"):
        _load_file(tmp_path, "languages.yaml", LanguagesFile)


def test_every_shipped_language_is_a_reader_whose_words_hold_each_sdk_sign() -> None:
    """Each language parses with its grammar, and the prefilter's words (written out so that no
    catalogue loads to filter files) are in every sign, so no SDK file is filtered out."""
    from bedrock_check.extract import READERS
    from bedrock_check.extract.sdklangs import TOKENS

    for kind, lang in languages_catalogue().languages.items():
        assert READERS[kind].function.endswith(":sdk_language"), kind
        for sign in lang.sdk:
            assert any(word in sign for word in TOKENS), sign
        suffix = READERS[kind].suffixes[0]
        assert extract_sdk_language(f"x{suffix}", f"{lang.sdk[0]}\n", kind).observations == [], kind


@pytest.mark.parametrize(("name", "model"), [
    ("GPT_4_O_MINI", "gpt-4o-mini"), ("GPT_4O_MINI", "gpt-4o-mini"), ("GPT_3_5_TURBO", "gpt-3.5-turbo"),
    ("GptImage2", "gpt-image-2"), ("TEXT_EMBEDDING_3_SMALL", "text-embedding-3-small"), ("GPT_4_1", "gpt-4.1"),
    ("Gpt4oMini", "gpt-4o-mini"),
])  # fmt: skip
def test_an_sdk_constant_is_read_back_as_the_model_it_is_named_for(name: str, model: str) -> None:
    assert _constant_model(name) == model


def test_a_file_without_the_sdk_or_the_api_host_is_not_read() -> None:
    code = 'client = SomeClient.new\nclient.chat(parameters: { model: "gpt-4o" })\n'
    assert extract_sdk_language("bot.rb", code, "ruby").observations == []
    found = extract_sdk_language("bot.rb", 'require "openai"\n' + code, "ruby").observations
    assert sorted((o.span.line, o.endpoint.value) for o in found) == [(3, "chat.completions"), (3, "unknown")]


def test_a_client_at_a_test_stand_in_server_is_not_read() -> None:
    code = ('use async_openai::Client;\nlet c = OpenAIConfig::new().with_api_base("http://example.test");\n'
            'let r = Args::default().model("gpt-4o-mini").build()?;\nclient.chat().create(r).await?;\n')
    assert extract_sdk_language("main.rs", code, "rust").observations == []


def test_interpolated_strings_comments_and_non_model_settings_are_not_models() -> None:
    code = ('require "openai"\n# model: "gpt-4o"\nname = "gpt-4o"\nmodel = "#{prefix}gpt-4o"\n'
            'params = { model: "gpt-4.1" }\n')
    found = extract_sdk_language("a.rb", code, "ruby").observations
    assert [(o.span.line, o.body) for o in found] == [(5, {"model": "gpt-4.1"})]


def test_the_go_prefilter_words_import_every_module_of_go_yaml() -> None:
    """The Go reader's words are written out (no catalogue loads to filter files): each Go
    package of `go.yaml` is imported by one of them."""
    from bedrock_check.catalogue.golang import go_catalogue
    from bedrock_check.extract.golang import TOKENS

    for paths in go_catalogue().data.modules.values():
        for path in paths:
            assert f'"{path}' in TOKENS, path
