"""Provider knowledge has one home, the catalogue (`providers.yaml`, `frameworks.yaml`): the
names a provider setting gives OpenAI's and Azure OpenAI's clients (`setting_names`), the
keys a config document names its provider by (`provider_siblings.document_keys`), provider
ids that are common words, the OpenAI workload's and SDK's modules, other vendors' request
keys. Every reader asks the catalogue; a typo in it is an error naming the file and the field."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

import bedrock_check
from bedrock_check.catalogue import CatalogueError, load_catalogue, shipped_catalogue
from bedrock_check.extract.config_owned import owner, provider_documents
from bedrock_check.extract.dotenv import extract_dotenv
from bedrock_check.extract.requests import request_shape
from bedrock_check.extract.vscode_settings import setting_models
from bedrock_check.findings import RequestObservation

CATALOGUE_DIR = Path(bedrock_check.__file__).parent / "catalogue"
CAT = shipped_catalogue()
OPENAI_NAMES = CAT.providers.setting_names["openai"]
AZURE_NAMES = CAT.providers.setting_names["azure"]


# ------------------------------------------------------------ the catalogue refuses a typo


@pytest.mark.parametrize(
    ("file", "old", "new", "error"),
    [("providers.yaml", "setting_names:\n  openai:", "setting_names:\n  opnai:",
      r"providers\.yaml: setting_names: 'opnai' is not a checked provider; did you mean 'openai'\?"),
     ("providers.yaml", "  azure: [azure, azure_openai,", "  azure: [azure, Azure_OpenAI,",
      r"providers\.yaml: setting_names\.azure\[1\]: 'Azure_OpenAI' is not lower case"),
     ("providers.yaml", "  azure: [azure, azure_openai,", "  azure: [azure, chat_openai,",
      r"providers\.yaml: setting_names\.azure\[1\]: 'chat_openai' is also setting_names\.openai's"),
     ("providers.yaml", "provider: anthropic}\n\n# Model ids", "provider: anthropc}\n\n# Model ids",
      r"providers\.yaml: request_keys\[0\]\.provider: unknown 'anthropc'; did you mean 'anthropic'\?"),
     ("providers.yaml", "sdk_modules: [openai]", "sdk_modules: [opneai]",
      r"providers\.yaml: sdk_modules\[0\]: unknown 'opneai'"),
     ("providers.yaml", "{label: Meta Llama, common_word: true}", "{label: Meta Llama, common_wrd: true}",
      r"providers\.yaml: .*common_wrd"),
     ("frameworks.yaml", "document_keys: [provider,", "documnet_keys: [provider,",
      r"frameworks\.yaml: .*documnet_keys")],
)  # fmt: skip
def test_a_typo_in_the_provider_data_names_the_file_and_the_field(tmp_path: Path, file: str, old: str, new: str,
                                                                  error: str) -> None:  # fmt: skip
    shutil.copytree(CATALOGUE_DIR, tmp_path / "cat", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    edited = tmp_path / "cat" / file
    text = edited.read_text()
    assert old in text
    edited.write_text(text.replace(old, new, 1))
    with pytest.raises(CatalogueError, match=error):
        load_catalogue(tmp_path / "cat", cache=False)


# ------------------------------------------------------------ every reader asks the same names


@pytest.mark.parametrize("name", [*OPENAI_NAMES, *AZURE_NAMES])
def test_a_preset_document_that_names_an_openai_client_is_read_whatever_its_spelling(name: str) -> None:
    """A preset names its provider in one block and its model in another (`metadata: {provider:
    chat_openai}` beside `model_customizations: {model_name: gpt-4o}`)."""
    doc = {"metadata": {"provider": name}, "model_customizations": {"model_name": "gpt-4o"}}
    expected = "azure" if name in AZURE_NAMES else "openai"
    assert provider_documents(CAT, doc) == [("gpt-4o", ("model_customizations", "model_name"), expected)]
    # Any other provider's name (or a second provider naming another) makes the document not OpenAI's.
    assert provider_documents(CAT, {**doc, "metadata": {"provider": "ollama"}}) == []
    assert provider_documents(CAT, {**doc, "embeddings": {"llm_provider": "groq"}}) == []


def test_a_document_is_read_by_its_model_provider_settings_only() -> None:
    """`provider_siblings.document_keys`: the model's provider, not a vector store's."""
    doc = {"llm": {"provider": "openai"}, "store": {"vector_store_provider": "chroma"},
           "defaults": {"model_name": "gpt-4o"}}  # fmt: skip
    assert provider_documents(CAT, doc) == [("gpt-4o", ("defaults", "model_name"), "openai")]


@pytest.mark.parametrize(("api_type", "said"), [("open_ai", "openai"), ("openai", "openai"), ("azure", "azure"),
                                                ("azure_ad", "azure"), ("azuread", "azure"), ("ollama", None)])  # fmt: skip
def test_a_v0_api_type_says_whose_client_a_mapping_configures(api_type: str, said: str | None) -> None:
    node = {"api_type": api_type, "api_base": "https://example.com/v1", "engine": "gpt-4"}
    assert owner(CAT, node) == said


def _extension(provider: str) -> str:
    return json.dumps({"name": "ext", "contributes": {"configuration": {"properties": {
        "ext.provider": {"type": "string", "default": provider},
        "ext.model": {"type": "string", "default": "gpt-4o", "enum": ["gpt-4o", "gpt-4o-mini"]},
    }}}}, indent=2)  # fmt: skip


@pytest.mark.parametrize(("provider", "found"), [("openai", True), ("Azure", True), ("azure_openai", True),
                                                 ("chat_openai", True), ("ollama", False), ("anthropic", False)])  # fmt: skip
def test_an_extension_whose_default_provider_is_openai_sends_its_default_model(provider: str, found: bool) -> None:
    observed = setting_models("package.json", _extension(provider))
    assert [o.body for o in observed] == ([{"model": "gpt-4o"}] if found else [])


@pytest.mark.parametrize(
    ("line", "provider"),
    [("AZURE_OPENAI_MODEL_NAME=gpt-35-turbo-16k", "azure"),
     ("OPENAI_AZURE_DEPLOYMENT=gpt-35-turbo", "azure"),
     ("CHAT_MODEL_NAME=gpt-35-turbo-16k", None)],
)  # fmt: skip
def test_a_setting_named_for_azure_holds_azures_spelling_of_a_model(line: str, provider: str | None) -> None:
    """Azure's own spelling (`gpt-35-turbo`) is a model only in a setting named for Azure OpenAI,
    by the catalogue's `env_names` (a word of the name starts Azure's)."""
    models = [o for o in extract_dotenv(".env", line + "\n").observations if isinstance(o, RequestObservation)]
    assert [(o.body["model"], o.provider) for o in models] == ([(line.partition("=")[2], provider)] if provider else [])


def test_common_words_do_not_name_their_provider() -> None:
    assert {"meta", "local", "other", "github", "amazon", "slack", "test-double"}.isdisjoint(CAT.vendor_words)
    assert {"groq", "anthropic", "ollama", "azure", "bedrock"} <= CAT.vendor_words


def test_another_vendors_request_body_is_not_an_openai_request() -> None:
    messages = [{"role": "user", "content": "hi"}]
    assert request_shape({"model": "gpt-4o", "messages": messages}, strict=True) is not None
    for key in CAT.providers.request_keys[0].keys:
        assert request_shape({"model": "x", "messages": messages, key: 1}, strict=True) is None


@pytest.mark.parametrize(("module", "workload"), [("openai", True), ("openai.types.chat", True), ("@openai/agents", True),
                                                  ("langchain_openai", True), ("openai_helpers", False),
                                                  ("anthropic", False), ("aiohttp", False)])  # fmt: skip
def test_the_workload_modules_are_the_catalogues(module: str, workload: bool) -> None:
    assert CAT.is_workload_module(module) is workload


# ------------------------------------------------------------ no vendor list left in code


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}  # fmt: skip
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]  # fmt: skip


def test_no_module_names_another_vendor() -> None:
    """Which vendor a name, host, module or model is, is the catalogue's to say: a vendor's id
    in code (`"ollama"`, `r"groq|together"`, `{"anthropic", ...}`) is a second list beside it.
    (Ids that are common words, and messages with spaces, are not looked for.)"""
    vendors = [p for p, info in CAT.providers.providers.items() if not info.checked and not info.common_word]
    word = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(v) for v in vendors) + r")(?![a-z0-9])")
    package = Path(bedrock_check.__file__).parent
    found = [f"{path.relative_to(package)}:{line}: {text!r}" for path in sorted(package.rglob("*.py"))
             for line, text in _code_strings(path) if " " not in text and word.search(text.lower())]  # fmt: skip
    assert found == []
