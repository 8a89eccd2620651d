"""The library is the product: a Checker compiled once, and `bedrock_check.scan/validate/
check_request`, answer exactly as the command line does on the same tree (config
ignores, inline suppressions, the baseline, a config-chosen target)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import bedrock_check
from bedrock_check import Checker
from bedrock_check.cli import app
from bedrock_check.errors import ConfigError

WEB = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
BACKGROUND = "client.responses.create(model='openai.gpt-5.5', input='x', background=True)\n"
MCP = (
    "client.responses.create(model='openai.gpt-5.5', input='x', "
    "tools=[{'type': 'mcp', 'server_label': 'a', 'server_url': 'https://a'}])\n"
)
CODE = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'code_interpreter', 'container': {'type': 'auto'}}])\n"


def _key(f: dict[str, Any]) -> tuple[Any, ...]:
    return (f["capability"], f["path"].removeprefix("./"), f["line"], f["severity"], f["suppressed"], f["fingerprint"])


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a config (ignores, a baseline, a target Region), an inline
    suppression, a baselined finding, and request files for validate."""
    monkeypatch.chdir(tmp_path)
    Path("legacy").mkdir()
    Path("legacy/old.py").write_text(WEB)
    Path("app.py").write_text(MCP + BACKGROUND + "# bedrock-check: ignore[web-search] reviewed\n" + WEB)
    Path("tools.py").write_text(CODE)
    Path("requests").mkdir()
    Path("requests/a.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]}))
    Path("requests/b.jsonl").write_text(json.dumps({"model": "gpt-5.5", "input": "x", "background": True}) + "\n")
    assert CliRunner().invoke(app, ["baseline", "create", "--no-config", "tools.py"]).exit_code == 0
    Path(".bedrock-check.yaml").write_text(
        "region: us-east-1\n"
        "baseline: .bedrock-check-baseline.json\n"
        "ignore:\n"
        "  - path: 'legacy/**'\n    reason: stays on OpenAI\n"
        "  - capability: background-mode\n    reason: tested on Bedrock\n"
    )
    return tmp_path


def _cli(*args: str) -> tuple[int, list[tuple[Any, ...]]]:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, sorted(_key(f) for f in json.loads(result.stdout)["findings"])


def _lib(report: bedrock_check.Report) -> tuple[int, list[tuple[Any, ...]]]:
    return report.exit_code("error", unreadable_fails=False), sorted(
        _key(f) for f in json.loads(report.render("json"))["findings"]
    )


def test_scan_library_and_command_line_agree(tree: Path) -> None:
    code, findings = _cli("scan", ".")
    suppressed = {f[0]: f[4] for f in findings if f[4]}
    # Every gate took part: config ignores, the inline suppression, the baseline, the config's Region.
    assert suppressed["background-mode"] == "config: tested on Bedrock"
    assert any(f[4] == "config: stays on OpenAI" for f in findings)
    assert any(f[4] and "reviewed" in f[4] for f in findings)
    assert any(f[0] == "code-interpreter" and f[4] and "baseline" in f[4] for f in findings)
    assert any(f[0] == "region-availability" and f[1] == ".bedrock-check.yaml" for f in findings)
    assert _lib(bedrock_check.scan(".")) == (code, findings)
    assert _lib(Checker.from_config().scan(".")) == (code, findings)


def test_validate_library_and_command_line_agree(tree: Path) -> None:
    code, findings = _cli("validate", "requests")
    assert any(f[0] == "model-id" for f in findings)
    assert _lib(bedrock_check.validate("requests")) == (code, findings)


def test_no_config_means_no_config_in_both(tree: Path) -> None:
    code, findings = _cli("scan", ".", "--no-config")
    assert not any(f[4] and f[4].startswith("config:") for f in findings)
    assert _lib(bedrock_check.scan(".", config=False)) == (code, findings)


def test_overrides_win_over_the_file_as_options_do(tree: Path) -> None:
    _, cli = _cli("scan", ".", "--region", "us-east-2")
    assert not any(f[0] == "region-availability" for f in cli)
    assert _lib(bedrock_check.scan(".", region="us-east-2"))[1] == cli


def test_check_request_applies_config_ignores_and_reuses_one_compiled_checker(tree: Path) -> None:
    checker = Checker.from_config(region="us-east-2")
    body = {"model": "openai.gpt-5.5", "input": "x", "background": True, "tools": [{"type": "web_search"}]}
    report = checker.check_request(body)
    assert {f.capability: f.suppressed and str(f.suppressed) for f in report.findings} == {
        "background-mode": "config: tested on Bedrock",
        "web-search": None,
    }
    assert checker.check_request({"model": "openai.gpt-5.5", "input": "x"}).findings == ()
    first = bedrock_check.check_request(body, region="us-east-2")
    from bedrock_check import api

    compiled = [c for _, c in api._CHECKERS.values()]
    bedrock_check.check_request(body, region="us-east-2")
    assert [c for _, c in api._CHECKERS.values()] == compiled  # not recompiled
    assert [f.capability for f in first.findings] == ["background-mode", "web-search"]


def test_bad_setting_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        Checker.from_config(search=False, colour="blue")
    with pytest.raises(ConfigError, match="max-file-size"):
        Checker.from_config(search=False, max_file_size=-1)


def test_command_line_settings_are_the_config_schema_plus_run_options() -> None:
    from dataclasses import fields

    from bedrock_check.cli.common import Settings
    from bedrock_check.config import Config

    assert issubclass(Settings, Config)
    schema = [f.name for f in fields(Config)]
    own = [f.name for f in fields(Settings)][len(schema) :]
    assert [f.name for f in fields(Settings)][: len(schema)] == schema  # inherited, not copied
    assert not set(own) & set(schema)
    assert set(Settings.__annotations__) == set(own)  # the subclass declares only what a run adds
