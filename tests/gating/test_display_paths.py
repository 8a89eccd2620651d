"""A file is shown (and fingerprinted) the same however its folder was typed: `dir/.`,
`dir/`, `dir//`, `./dir/./file` all give `dir/file` in text, JSON, SARIF and the
baseline, so a baseline written from one spelling keeps working with another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.findings import display_path

runner = CliRunner()
WEB = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"


def test_display_path_drops_dots_and_empty_segments() -> None:
    assert display_path("dir/.") == display_path("dir/") == display_path("dir//") == "dir"
    assert display_path("./dir/./app.py") == display_path("dir//app.py") == "dir/app.py"
    assert display_path(".") == display_path("./") == display_path("./.") == "."
    assert display_path("/abs/./x.py") == "/abs/x.py"
    assert display_path("-") == "-" and display_path("<request>") == "<request>"


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "svc" / "app").mkdir(parents=True)
    (tmp_path / "svc" / "app" / "main.py").write_text(WEB)
    (tmp_path / "svc" / "req.json").write_text(json.dumps({"model": "gpt-4o", "input": "x"}))
    return tmp_path


@pytest.mark.parametrize("spelling", ["svc", "svc/.", "svc/", "svc//", "./svc", "./svc/./app/.."])
def test_scan_shows_one_path_per_file(tree: Path, spelling: str) -> None:
    base = json.loads(runner.invoke(app, ["scan", "--no-config", "-f", "json", "svc"]).stdout)["findings"]
    result = runner.invoke(app, ["scan", "--no-config", "-f", "json", spelling])
    found = json.loads(result.stdout)["findings"]
    assert {f["path"] for f in found} == {"svc/app/main.py", "svc/req.json"}
    assert [(f["path"], f["fingerprint"]) for f in found] == [(f["path"], f["fingerprint"]) for f in base]
    text = runner.invoke(app, ["scan", "--no-config", spelling]).stdout
    assert "svc/app/main.py:1:" in text and "/./" not in text and "//" not in text.replace("https://", "")
    sarif = json.loads(runner.invoke(app, ["scan", "--no-config", "-f", "sarif", spelling]).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"svc/app/main.py", "svc/req.json"}


def test_a_named_file_is_shown_clean(tree: Path) -> None:
    found = json.loads(runner.invoke(app, ["scan", "--no-config", "-f", "json", "./svc/./app//main.py"]).stdout)
    assert {f["path"] for f in found["findings"]} == {"svc/app/main.py"}
    checked = json.loads(runner.invoke(app, ["validate", "--no-config", "-f", "json", "svc/./req.json"]).stdout)
    assert {f["path"] for f in checked["findings"]} == {"svc/req.json"}
    folder = json.loads(runner.invoke(app, ["validate", "--no-config", "-f", "json", "./svc/."]).stdout)
    assert {f["path"] for f in folder["findings"]} == {"svc/req.json"}


def test_a_baseline_from_one_spelling_holds_for_another(tree: Path) -> None:
    assert runner.invoke(app, ["baseline", "create", "--no-config", "svc"]).exit_code == 0
    result = runner.invoke(app, ["scan", "--no-config", "-f", "json", "--baseline", ".bedrock-check-baseline.json",
                                 "svc/."])  # fmt: skip
    summary = json.loads(result.stdout)["summary"]
    assert result.exit_code == 0, result.output
    assert summary["findings"] == 0 and summary["suppressed"] >= 2
