"""One reader registry: `scan` and `validate` read every input kind, encoding and empty
file the same way, and the prefilter, directory expansion and pre-commit types come
from the registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.extract import READERS, REQUEST_KINDS, SUFFIXES, decode, kind_of, pre_commit_files
from bedrock_check.inputs import REQUEST_SUFFIXES

from .conftest import ROOT

BODY = {"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]}
HAR = {"log": {"entries": [{"request": {"method": "POST", "url": "https://api.openai.com/v1/responses",
                                        "postData": {"mimeType": "application/json", "text": json.dumps(BODY)}}}]}}  # fmt: skip
CODE = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
JS = ('import OpenAI from "openai";\nconst client = new OpenAI();\n'
      'client.responses.create({ model: "openai.gpt-5.5", input: "x", tools: [{ type: "web_search" }] });\n')  # fmt: skip
CURL = "curl https://api.openai.com/v1/responses -d '" + json.dumps(BODY) + "'\n"
NOTEBOOK = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": [CODE]}], "metadata": {},
            "nbformat": 4, "nbformat_minor": 5}  # fmt: skip

GO = """package main

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func main() {
	client := openai.NewClient("key")
	client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{Model: "gpt-5.4"})
}
"""

#: One file per way of writing an input: (name, bytes, expected capability or diagnostic kind).
INPUTS = [
    ("request.json", json.dumps(BODY).encode(), "web-search"),
    ("request.utf16.json", json.dumps(BODY).encode("utf-16"), "web-search"),
    ("request.bom.json", b"\xef\xbb\xbf" + json.dumps(BODY).encode(), "web-search"),
    ("traffic.har", json.dumps(HAR).encode(), "web-search"),
    ("lines.jsonl", (json.dumps(BODY) + "\n").encode(), "web-search"),
    ("request.yaml", yaml.safe_dump(BODY).encode(), "web-search"),
    ("app.py", CODE.encode(), "web-search"),
    ("app.js", JS.encode(), "web-search"),
    ("app.ts", JS.encode(), "web-search"),
    ("app.tsx", JS.encode(), "web-search"),
    ("app.go", GO.encode(), "chat-completions"),
    ("notebook.ipynb", json.dumps(NOTEBOOK).encode(), "web-search"),
    ("README.md", f"```bash\n{CURL}```\n".encode(), "web-search"),
    ("guide.rst", f"Call it:\n\n.. code-block:: bash\n\n   {CURL}\n".encode(), "web-search"),
    ("run.sh", CURL.encode(), "web-search"),
    ("requests.http", ("POST https://api.openai.com/v1/responses\nContent-Type: application/json\n\n"
                       + json.dumps(BODY) + "\n").encode(), "web-search"),
    (".env", b"OPENAI_BASE_URL=wss://api.openai.com/v1/realtime\n", "websocket"),
    ("requirements.txt", b"openai==1.2.0\n", "migrate-sdk-version"),
    ("config.toml", b'[llm]\napi_key = ""\nmodel = "gpt-4o"\n', "model-availability"),
    ("chat.prompty", b"---\nmodel:\n  configuration:\n    type: azure_openai\n    azure_deployment: gpt-4o\n---\nsystem:\nHi\n",
     "model-availability"),
    ("main.bicep", b"param chatGptModelName string = 'gpt-4o'\n", "model-availability"),
    ("clients.baml", b'client<llm> Fast {\n  provider openai\n  options {\n    model "gpt-4o"\n  }\n}\n',
     "model-availability"),
    ("bot.rb", b'require "openai"\nclient.chat(parameters: { model: "gpt-4o", messages: [] })\n', "chat-completions"),
    ("App.java", b'import com.openai.client.OpenAIClient;\nclass A { void r() { p.model("gpt-4o"); } }\n',
     "model-availability"),
    ("App.kt", b'import com.aallam.openai.client.OpenAI\nval m = ModelId("gpt-4o")\n', "model-availability"),
    ("Program.cs", b'using OpenAI.Chat;\nvar c = new ChatClient(model: "gpt-4o", apiKey: k);\n', "model-availability"),
    ("chat.php", b"<?php\n$c = OpenAI::client($k);\n$c->chat()->create(['model' => 'gpt-4o']);\n", "chat-completions"),
    ("main.rs", b'use async_openai::Client;\nlet r = Args::default().model("gpt-4o").build()?;\n', "model-availability"),
    ("application.properties", b"spring.ai.openai.chat.options.model=gpt-4o\n", "model-availability"),
    ("config.ini", b"[OpenAI]\nAPI_TYPE=openai\nMODEL=gpt-4o-mini\n", "model-availability"),
    ("wide.py", CODE.encode("utf-16"), "web-search"),
    ("empty.json", b"", "empty"),
    ("blank.yaml", b"  \n\n", "empty"),
    ("blob.json", b"\x00\x01\x02input", "binary"),
    # A NUL written into a literal (`value.replace(/<NUL>/g, '')`) is no binary file.
    ("nul.ts", b'import OpenAI from "openai";\nconst strip = (v: string) => v.replace(/\x00/g, "");\n'
     b'const r = new OpenAI().chat.completions.create({ model: "gpt-4o", messages: [] });\n', "chat-completions"),
    ("nul.py", b'from openai import OpenAI\nSEP = "\x00"\nOpenAI().chat.completions.create(model="gpt-4o", messages=[])\n',
     "chat-completions"),
    ("latin.json", '{"input": "caf\xe9"}'.encode("latin-1"), "encoding"),
]


def _run(command: str, path: Path) -> dict:
    result = CliRunner().invoke(app, [command, "--no-config", "--format", "json", str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("name", "data", "expected"), INPUTS, ids=[i[0] for i in INPUTS])
def test_scan_and_validate_read_each_input_the_same(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    answers = []
    for command in ("scan", "validate"):
        out = _run(command, path)
        found = sorted({f["capability"] for f in out["findings"] if f["path"] != "(target)"})
        kinds = sorted({d["kind"] for d in out["diagnostics"]})
        answers.append((found, kinds))
    assert answers[0] == answers[1], f"scan {answers[0]} != validate {answers[1]}"
    found, kinds = answers[0]
    assert expected in (found + kinds)


def test_every_reader_kind_is_read_by_both_commands_above() -> None:
    assert {kind_of(name) for name, _, _ in INPUTS} == set(READERS)


def test_empty_code_file_is_not_a_diagnostic() -> None:
    assert decode("a.py", b"", "python") == (None, None)
    text, diag = decode("a.json", b"", "json")
    assert text is None and diag is not None and diag.kind == "empty"


def test_an_empty_request_file_is_said_when_named_and_not_when_found_in_a_folder(tmp_path: Path) -> None:
    """A placeholder `db_meta.json` in a repository holds no request: a scan of the folder says
    nothing of it (its headline counts no file that could not be read); named, it is empty."""
    (tmp_path / "db_meta.json").write_bytes(b"")
    (tmp_path / "blob.json").write_bytes(bytes(range(256)) * 4)
    walked = _run("scan", tmp_path)
    assert sorted((Path(d["path"]).name, d["kind"]) for d in walked["diagnostics"]) == [("blob.json", "binary")]
    named = _run("scan", tmp_path / "db_meta.json")
    assert [d["kind"] for d in named["diagnostics"]] == ["empty"]


def test_validate_expands_folders_to_every_request_kind(tmp_path: Path) -> None:
    assert set(REQUEST_SUFFIXES) == {s for s, k in SUFFIXES.items() if k in REQUEST_KINDS}
    assert {".json", ".jsonl", ".yaml", ".har"} <= set(REQUEST_SUFFIXES)
    (tmp_path / "t.har").write_text(json.dumps(HAR))
    (tmp_path / "app.py").write_text(CODE)  # code is not a request file: a folder does not expand to it
    out = _run("validate", tmp_path)
    assert [Path(f["path"]).name for f in out["findings"] if f["path"] != "(target)"] == ["t.har"]


def test_prefilter_words_come_from_the_registry() -> None:
    from bedrock_check.engine import Engine
    from bedrock_check.matrix import load_matrix, resolve_target
    from bedrock_check.scanner import prefilter_tokens

    matrix = load_matrix()
    tokens = prefilter_tokens(Engine(matrix, resolve_target(matrix, None, None)))
    assert set(tokens) == set(READERS)
    assert b'"postData"' in tokens["har"]
    assert b"curl" in tokens["markdown"]  # a Markdown file embeds shell blocks


def test_pre_commit_hook_files_are_the_registry_suffixes() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["files"] == pre_commit_files()  # regenerate the hook's pattern from the registry


def test_a_batch_input_file_is_checked_for_its_models_in_a_scan_and_whole_by_validate(tmp_path: Path) -> None:
    """A Batch input file is one batch: a scan says its endpoint once, at the first line to it,
    and checks every line's model and settings, not a Chat Completions call per line.
    `validate` is told the lines are requests (the guard's log has this shape)."""
    line = {"custom_id": "request-1", "method": "POST", "url": "/v1/chat/completions",
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Capital of France?"}],
                     "service_tier": "flex"}}  # fmt: skip
    path = tmp_path / "requests.jsonl"
    path.write_text("\n".join(json.dumps({**line, "custom_id": f"request-{i}"}) for i in (1, 2, 3)) + "\n")
    scanned = {(f["line"], f["capability"]) for f in _run("scan", path)["findings"]}
    assert scanned == {(1, "chat-completions"), *((n, cap) for n in (1, 2, 3) for cap in ("model-availability", "service-tiers"))}
    validated = {(f["line"], f["capability"]) for f in _run("validate", path)["findings"]}
    assert {(1, "chat-completions"), (2, "chat-completions")} <= validated


def test_a_client_config_entry_is_read_by_one_reader() -> None:
    """A config list's entry and a `.env` setting's JSON entry are read alike: a mapping whose
    `model` is an OpenAI (or Azure) model id, unless any server URL of the entry (`base_url`,
    `api_base`, `azure_endpoint`, `endpoint`) is another provider's."""
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.extract.config_lists import entry_model, entry_models

    cat = shipped_catalogue()
    assert entry_model(cat, {"model": "gpt-4o", "api_key": "sk-..."}) == ("gpt-4o", "openai", None)
    azure = {"model": "gpt-4o", "base_url": "https://my.openai.azure.com/openai/v1"}
    assert entry_model(cat, azure) == ("gpt-4o", "openai", "azure")
    assert entry_model(cat, {"model": "claude-3-opus", "api_key": "sk-ant-..."}) is None
    assert entry_model(cat, ["gpt-4o"]) is None and entry_model(cat, {"model": 4}) is None
    for key in ("base_url", "api_base", "azure_endpoint", "endpoint"):
        assert entry_model(cat, {"model": "gpt-4o", key: "http://localhost:11434/v1"}) is None, key
    # One server of another provider is enough, wherever it is written.
    both = {"model": "gpt-4o", "base_url": "https://api.openai.com/v1", "endpoint": "http://localhost:11434"}
    assert entry_model(cat, both) is None
    # An entry of a config list that names its provider is that provider's: Azure's runs the
    # model (a deployment named for it), another vendor's is theirs.
    entries = [({"model": "gpt-4o"}, (0,)), ({"model": "gpt-4o", "api_type": "azure"}, (1,)), (azure, (2,)),
               ({"model": "gemini-2.0-flash", "api_type": "google"}, (3,)), ({"model": "gpt-4o", "api_type": "google"}, (4,))]
    assert entry_models(cat, entries) == [("gpt-4o", (0, "model"), "openai"), ("gpt-4o", (1, "model"), "azure"),
                                          ("gpt-4o", (2, "model"), "azure")]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("OAI_CONFIG_LIST", "json"), ("agents/OAI_CONFIG_LIST_sample", "json"), ("OAI_CONFIG_LIST.json", "json"),
     ("OAI_CONFIG_LIST_sample.md", "markdown"), ("OAI_CONFIG_LIST.txt", None), ("MY_OAI_CONFIG_LIST", None)],
)
def test_a_config_list_file_is_read_by_its_name(name: str, kind: str | None) -> None:
    """AutoGen's `OAI_CONFIG_LIST` is JSON whatever its suffix (none, `_sample`): `scan` reads it
    as a client config, and `validate` leaves it out of a folder (it holds no request)."""
    from bedrock_check.extract import is_request_file

    assert kind_of(name) == kind
    assert not (kind == "json" and is_request_file(name))


def test_a_page_of_prose_with_a_stray_byte_is_read_but_not_one_in_another_encoding(tmp_path: Path) -> None:
    """One cp1252 quote in a UTF-8 Markdown page does not hide its fences; a page written in
    Latin-1 throughout (more than a stray byte) is still an encoding diagnostic, as code is."""
    fence = '```python\nfrom openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gpt-4o", input="x", tools=[{"type": "web_search"}])\n```\n'
    stray = tmp_path / "stray.md"
    stray.write_bytes(b"The agent\x92s search step:\n\n" + fence.encode())
    out = _run("scan", stray)
    assert "web-search" in {f["capability"] for f in out["findings"]}
    assert not out["diagnostics"]
    latin = tmp_path / "latin.md"
    latin.write_bytes(("Caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la carte\n" * 3).encode("latin-1") + fence.encode())
    assert [d["kind"] for d in _run("scan", latin)["diagnostics"]] == ["encoding"]
