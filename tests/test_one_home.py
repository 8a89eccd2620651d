"""One home per concept: the `.env` reading, the OpenAI-to-Bedrock client rename, the
endpoint a recorded or intercepted request goes to and the Bedrock base URL are each
declared once, and every user reads that one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bedrock_check.catalogue import CatalogueError, load_catalogue, shipped_catalogue
from bedrock_check.extract.dotenv import assignment, extract_dotenv
from bedrock_check.extract.har import read_har
from bedrock_check.extract.project import Project
from bedrock_check.findings import RequestObservation
from bedrock_check.fix.clients import client_renames, region_argument
from bedrock_check.fix.dotenv import mask_secret_lines, setting_edit
from bedrock_check.fix.textedit import Edit
from bedrock_check.httppaths import request_endpoint
from bedrock_check.live.prober import default_endpoint
from bedrock_check.matrix import Matrix
from bedrock_check.runtime.guard import _endpoint_of
from bedrock_check.vocabulary import ApiEndpoint, bedrock_base_url

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "bedrock_check" / "catalogue"


# ------------------------------------------------------------ .env: one tokenizer


ENV = (
    "# settings\n"
    '  export OPENAI_BASE_URL = "http://localhost:11434/v1" # local Ollama\n'
    "OPENAI_MODEL=gpt-4o   # the default\n"
    "EMPTY=\n"
)


def test_the_reader_the_provider_lookup_and_fix_read_a_line_alike(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(ENV)
    (tmp_path / "app.py").write_text("")
    read = {o.body["model"] if isinstance(o, RequestObservation) else o.value
            for o in extract_dotenv(".env", ENV).observations}  # fmt: skip
    assert read == {"http://localhost:11434/v1", "gpt-4o"}
    # The provider lookup (OPENAI_BASE_URL for a client with no base URL) sees the same
    # value: quotes and the comment are not part of it (they were before).
    project = Project()
    assert project.env_setting(str(tmp_path / "app.py"), "OPENAI_BASE_URL") == "http://localhost:11434/v1"
    assert project.env_setting(str(tmp_path / "app.py"), "EMPTY") is None
    # fix keeps the indentation and `export` the reader reads past.
    edit = Edit(path=".env", kind="setting", line=2, column=1, end_line=2, end_column=1, text="", expect="",
                capability="migrate-settings", fingerprint="x", title="t")  # fmt: skip
    after = setting_edit(ENV, edit, "us-west-2")
    assert "\n  # export OPENAI_BASE_URL" in after
    assert "\n  export AWS_BEDROCK_BASE_URL=https://bedrock-mantle.us-west-2.api.aws/openai/v1\n" in after


@pytest.mark.parametrize(
    ("line", "expected"),
    [("  export A = 'x y' # c", ("  ", "export ", "A", "x y")), ("B=1 # c", ("", "", "B", "1")),
     ("F=a#b", ("", "", "F", "a#b")), ("#C=1", None), ("not a setting", None)],
)  # fmt: skip
def test_one_assignment_tokenizer(line: str, expected: tuple[str, ...] | None) -> None:
    found = assignment(line)
    assert (None if found is None else (found.indent, found.export, found.key, found.value)) == expected


def test_masking_a_diff_uses_the_same_tokenizer() -> None:
    diff = "-  export OPENAI_API_KEY = sk-secret\n+# OPENAI_API_KEY=sk-secret\n+AWS_BEARER_TOKEN_BEDROCK=\n"
    masked = mask_secret_lines(diff)
    assert "sk-secret" not in masked and "-  export OPENAI_API_KEY =****" in masked


# ------------------------------------------------------------ clients: the catalogue's `replaces`


def test_the_client_rename_is_the_catalogues() -> None:
    cat = shipped_catalogue()
    assert client_renames() == {"OpenAI": "BedrockOpenAI", "AsyncOpenAI": "AsyncBedrockOpenAI"}
    for old, new in client_renames().items():
        assert cat.clients[f"openai.{old}"].provider == "openai" and cat.clients[f"openai.{new}"].provider == "bedrock"
    assert (region_argument("python"), region_argument("javascript")) == ("aws_region", "awsRegion")
    for name in ("aws_region", "awsRegion"):
        assert name in cat.clients["openai.BedrockOpenAI"].region_arg  # what the reader reads, fix writes


def test_the_matrix_client_forms_name_the_catalogues_class_and_region_argument(matrix: Matrix) -> None:
    language = {"pypi": "python", "npm": "javascript"}
    forms = [f for f in matrix.migration.clients if "BedrockOpenAI" in f.code]
    assert {f.ecosystem for f in forms} == {"pypi", "npm"}
    for form in forms:
        assert client_renames()["OpenAI"] in form.code and region_argument(language[form.ecosystem]) in form.code


def test_a_replaces_that_names_no_openai_client_is_refused(tmp_path: Path) -> None:
    shutil.copytree(CATALOGUE_DIR, tmp_path / "cat", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    providers = tmp_path / "cat" / "providers.yaml"
    providers.write_text(providers.read_text().replace("replaces: [openai.OpenAI]", "replaces: [openai.OpenIA]"))
    with pytest.raises(CatalogueError, match=r"providers.yaml: clients\[\d+\]\.replaces: unknown 'openai.OpenIA'"):
        load_catalogue(tmp_path / "cat")


# ------------------------------------------------------------ endpoints and base URLs


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://api.openai.com/v1/responses", ApiEndpoint.RESPONSES),
     ("https://api.openai.com/v1/responses/resp_1/cancel", None),
     ("https://api.openai.com/v1/chat/completions", ApiEndpoint.CHAT_COMPLETIONS),
     ("https://api.openai.com/v1/files/file_1/content", ApiEndpoint.FILES),
     ("https://example.com/health", None)],
)  # fmt: skip
def test_the_guard_and_the_har_reader_ask_one_question(url: str, expected: ApiEndpoint | None) -> None:
    assert request_endpoint(url) is expected
    assert _endpoint_of("POST", url) is expected and _endpoint_of("GET", url) is None
    entry = {"request": {"method": "POST", "url": url, "postData": {"mimeType": "application/json",
                                                                  "text": json.dumps({"model": "m", "input": "x"})}}}  # fmt: skip
    observations, _ = read_har("x.har", json.dumps({"log": {"entries": [entry]}}))
    assert [o.endpoint for o in observations] == ([expected] if expected else [])


@pytest.mark.parametrize("endpoint", ["mantle", "runtime"])
def test_probe_and_fix_use_one_bedrock_base_url(endpoint: str) -> None:
    url = bedrock_base_url("eu-west-1", endpoint)
    assert default_endpoint("eu-west-1", endpoint) == url and "eu-west-1" in url
    edit = Edit(path=".env", kind="setting", line=1, column=1, end_line=1, end_column=1, text="", expect="",
                capability="migrate-settings", fingerprint="x", title="t")  # fmt: skip
    assert setting_edit("OPENAI_BASE_URL=https://api.openai.com/v1\n", edit, "eu-west-1", endpoint).endswith(
        f"AWS_BEDROCK_BASE_URL={url}\n")
