"""Monorepos: the nearest config file per scanned path, `extend` for shared settings, and
the config's JSON Schema as shipped for SchemaStore."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from bedrock_check.cli import app

from .conftest import ROOT
from .helpers import cli_in

CALL = "client.responses.create(model='openai.gpt-5.5', input='x', background=True)\n"


@pytest.fixture()
def mono(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for name in ("a", "b"):
        (tmp_path / "services" / name).mkdir(parents=True)
        (tmp_path / "services" / name / "app.py").write_text(CALL)
    (tmp_path / "shared.yaml").write_text(
        "matrix: []\nignore:\n  - capability: background_mode\n    reason: checked with the service team\n"
    )
    (tmp_path / "services" / "a" / ".bedrock-check.yaml").write_text("extend: ../../shared.yaml\nregion: us-west-2\n")
    (tmp_path / "services" / "b" / "pyproject.toml").write_text('[tool.bedrock-check]\nregion = "us-east-2"\n')
    return tmp_path


def _json(cwd: Path, *args: str) -> dict:
    here = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, ["scan", *args, "--format", "json"])
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_scanning_a_folder_from_the_root_uses_its_own_config(mono: Path) -> None:
    data = _json(mono, "services/a")
    assert data["target"]["region"] == "us-west-2"
    assert [f["suppressed"] for f in data["findings"] if f["capability"] == "background-mode"] == [
        "config: checked with the service team"
    ]  # from the shared file it extends
    assert _json(mono, "services/b")["target"]["region"] == "us-east-2"


def test_several_folders_each_with_its_own_target_and_rules(mono: Path) -> None:
    data = _json(mono, "services/a", "services/b")
    found = {(f["path"], f["capability"], f["suppressed"]) for f in data["findings"]}
    assert ("services/a/app.py", "region-availability", None) in found  # us-west-2 for a
    assert ("services/b/app.py", "background-mode", None) in found  # b does not extend the shared ignore
    assert not any(p.startswith("services/b") and c == "region-availability" for p, c, _ in found)


def test_targets_from_an_extended_config_are_relative_to_the_file_declaring_them(mono: Path) -> None:
    """shared.yaml (at the root) scopes `services/a/voice`; services/a's config extends it: the
    folder is the root's services/a/voice, and the scope's failing target is placed on shared.yaml."""
    (mono / "shared.yaml").write_text("targets:\n  - path: services/a/voice\n    region: eu-central-1\n")
    (mono / "services" / "a" / "voice").mkdir()
    (mono / "services" / "a" / "voice" / "call.py").write_text(CALL)
    data = _json(mono, "services/a")
    assert [t["path"] for t in data["scoped_targets"]] == ["services/a/voice"]
    regions = {f["path"]: f for f in data["findings"] if f["capability"] == "region-availability"}
    assert "eu-central-1" in regions["services/a/voice/call.py"]["message"]
    assert "us-west-2" in regions["services/a/app.py"]["message"]  # the rest: services/a's own Region
    assert (regions["shared.yaml"]["line"], regions["shared.yaml"]["snippet"]) == (3, "region: eu-central-1")
    # A config that declares targets of its own is read relative to itself.
    (mono / "services" / "a" / ".bedrock-check.yaml").write_text(
        "extend: ../../shared.yaml\nregion: us-west-2\ntargets:\n  - path: voice\n    region: us-east-2\n"
    )
    assert [(t["path"], t["region"]) for t in _json(mono, "services/a")["scoped_targets"]] == [
        ("services/a/voice", "us-east-2")
    ]


def test_ignore_paths_are_relative_to_the_file_declaring_them_from_any_folder(mono: Path) -> None:
    """An `ignore` glob is read from the folder of the config that declares it (a file `extend`
    names, or the folder's own config), whichever folder the scan starts in: as ruff reads them."""
    for name in ("a", "b"):
        (mono / "services" / name / "legacy").mkdir()
        (mono / "services" / name / "legacy" / "old.py").write_text(CALL)
    (mono / "shared.yaml").write_text("ignore:\n  - path: services/a/legacy/**\n    reason: shared\n")
    (mono / "services" / "b" / "pyproject.toml").write_text(
        '[tool.bedrock-check]\nignore = [{path = "legacy/**", reason = "own"}]\n'
    )

    def suppressed(cwd: Path, *args: str) -> dict[str, str | None]:
        return {f["path"]: f["suppressed"] for f in _json(cwd, *args)["findings"] if f["capability"] == "background-mode"}

    assert suppressed(mono, "services/a") == {"services/a/app.py": None, "services/a/legacy/old.py": "config: shared"}
    assert suppressed(mono / "services" / "a", ".") == {"app.py": None, "legacy/old.py": "config: shared"}
    assert suppressed(mono, "services/b") == {"services/b/app.py": None, "services/b/legacy/old.py": "config: own"}
    assert suppressed(mono / "services" / "b", ".") == {"app.py": None, "legacy/old.py": "config: own"}


def test_extend_loops_are_an_error(tmp_path: Path) -> None:
    (tmp_path / ".bedrock-check.yaml").write_text("extend: other.yaml\n")
    (tmp_path / "other.yaml").write_text("extend: .bedrock-check.yaml\n")
    (tmp_path / "a.py").write_text(CALL)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["scan", "."])
    finally:
        os.chdir(here)
    assert result.exit_code == 2 and "leads round a loop" in result.stderr


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("pipe.yaml", lambda p: os.mkfifo(p), "pipe.yaml: cannot read: not a regular file"),
        ("base.toml", lambda p: p.write_text("tool = 1\n"), "base.toml: no [tool.bedrock-check] table"),
        ("list.yaml", lambda p: p.write_text("- a\n"), "list.yaml: expected a mapping of settings"),
        ("gone.yaml", lambda p: None, "gone.yaml: config file not found"),
    ],
)
def test_a_config_is_read_the_same_way_when_extended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, make, message: str
) -> None:
    """The file an `extend` names is read as a config named on the command line is: with
    bounds (a FIFO is refused, not waited on) and a one-line error, never a traceback."""
    make(tmp_path / name)
    (tmp_path / "top.yaml").write_text(f"extend: {name}\n")
    monkeypatch.chdir(tmp_path)
    for config in (name, "top.yaml"):
        result = CliRunner().invoke(app, ["scan", "--config", config, "."])
        assert result.exit_code == 2 and message in result.stderr, (config, result.output)
        assert len(result.stderr.strip().splitlines()) == 1


def test_shipped_schema_is_current_and_validates_configs() -> None:
    from bedrock_check.config import config_schema

    shipped = json.loads((ROOT / "docs" / "bedrock-check.schema.json").read_text())
    assert shipped == config_schema(), "regenerate: bedrock-check config schema > docs/bedrock-check.schema.json"
    assert shipped["$id"].startswith("https://json.schemastore.org/") and shipped["title"] and shipped["description"]
    jsonschema.Draft202012Validator.check_schema(shipped)
    good = yaml.safe_load("$schema: x\nextend: ../base.yaml\nregion: us-east-2\nfail-on: warning\n"
                          "ignore:\n  - path: legacy/**\n    reason: later\n")  # fmt: skip
    jsonschema.validate(good, shipped)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"regoin": "us-east-2"}, shipped)


def test_scanning_the_root_gives_each_service_its_own_config(mono: Path) -> None:
    """As ruff reads its configs: `scan .` at the top of a monorepo with no config there uses
    services/a's file for services/a and services/b's for services/b (their Regions, the
    ignore services/a takes from the shared file), and the top's default for the rest."""
    (mono / "top.py").write_text(CALL)
    data = _json(mono, ".")
    found = {(f["path"], f["capability"], f["suppressed"]) for f in data["findings"]}
    assert ("services/a/app.py", "background-mode", "config: checked with the service team") in found
    assert ("services/b/app.py", "background-mode", None) in found
    assert ("top.py", "background-mode", None) in found
    assert ("services/a/app.py", "region-availability", None) in found  # us-west-2, services/a's
    assert not any(c == "region-availability" and not p.startswith("services/a") for p, c, _ in found)
    # Each file once, though services/a and services/b are scanned as parts of their own.
    paths = [f["path"] for f in data["findings"] if f["capability"] == "background-mode"]
    assert sorted(paths) == ["services/a/app.py", "services/b/app.py", "top.py"]


def test_a_root_config_leaves_the_folders_with_their_own_to_them(mono: Path) -> None:
    """With a config at the top too, its globs and ignores apply to the files it is the
    nearest config of, not to a service that has its own."""
    (mono / ".bedrock-check.yaml").write_text(
        "exclude: ['services/b/app.py']\nignore:\n  - capability: background-mode\n    reason: top\n"
    )
    (mono / "top.py").write_text(CALL)
    found = {(f["path"], f["capability"], f["suppressed"]) for f in _json(mono, ".")["findings"]}
    assert ("top.py", "background-mode", "config: top") in found
    assert ("services/b/app.py", "background-mode", None) in found  # b's own config: no exclude, no ignore
    assert ("services/a/app.py", "background-mode", "config: checked with the service team") in found


def test_fix_baseline_and_validate_use_each_folders_config_too(mono: Path) -> None:
    for name in ("a", "b"):
        (mono / "services" / name / "client.py").write_text(
            "from openai import OpenAI\n\nclient = OpenAI()\nclient.responses.create(model='openai.gpt-5.5', input='x')\n"
        )
    diff = cli_in(mono, "fix", "--diff", ".")
    assert 'BedrockOpenAI(aws_region="us-west-2")' in diff.split("+++ b/services/b/")[0]  # services/a's Region
    assert 'BedrockOpenAI(aws_region="us-east-2")' in diff.split("+++ b/services/b/")[1]  # services/b's
    cli_in(mono, "baseline", "create", ".", "-o", "known.json")
    known = {(e["path"], e["capability"]) for e in json.loads((mono / "known.json").read_text())["findings"]}
    assert ("services/b/app.py", "background-mode") in known
    assert ("services/a/app.py", "background-mode") not in known  # accepted by services/a's config
    request = json.dumps({"model": "openai.gpt-5.5", "input": "x", "background": True})
    for name in ("a", "b"):
        (mono / "services" / name / "req.json").write_text(request)
    checked = json.loads(cli_in(mono, "validate", "--format", "json", "services"))["findings"]
    suppressed = {f["path"]: f["suppressed"] for f in checked if f["capability"] == "background-mode"}
    assert suppressed == {"services/a/req.json": "config: checked with the service team", "services/b/req.json": None}


def test_ci_reports_from_a_sub_folder_name_the_repositorys_paths(mono: Path) -> None:
    """Run inside services/a (as a CI job with a working directory): GitLab's Code Quality
    and GitHub's annotations name files from the checkout (CI_PROJECT_DIR, GITHUB_WORKSPACE),
    as those services resolve them; without the variables, from the working folder."""
    inside = mono / "services" / "a"
    here = os.getcwd()
    os.chdir(inside)
    try:
        runner = CliRunner()
        gitlab = runner.invoke(app, ["scan", "--format", "gitlab"], env={"CI_PROJECT_DIR": str(mono)}).stdout
        github = runner.invoke(app, ["scan", "--format", "github"], env={"GITHUB_WORKSPACE": str(mono)}).stdout
        plain = runner.invoke(app, ["scan", "--format", "gitlab"], env={"CI_PROJECT_DIR": ""}).stdout
    finally:
        os.chdir(here)
    assert {i["location"]["path"] for i in json.loads(gitlab)} == {"services/a/app.py"}
    assert "file=services/a/app.py," in github and "file=app.py," not in github
    assert {i["location"]["path"] for i in json.loads(plain)} == {"app.py"}


def test_a_shared_config_file_is_not_an_input(mono: Path) -> None:
    """`validate .` and `scan .` at the top: shared.yaml, which services/a's config extends,
    is settings (no "not a request body", no exit 2), whatever its name."""
    (mono / "services" / "a" / "req.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x"}))
    data = json.loads(cli_in(mono, "validate", "--format", "json", "."))
    assert data["diagnostics"] == [] and data["summary"]["inputs"] == 1
    scanned = json.loads(cli_in(mono, "scan", "--format", "json", "."))
    # the two app.py, services/a/req.json and services/b/pyproject.toml (its `openai` pin)
    assert scanned["diagnostics"] == [] and scanned["summary"]["inputs"] == 4


def test_a_folder_is_listed_with_its_target_only_when_it_differs(mono: Path) -> None:
    (mono / ".bedrock-check.yaml").write_text("region: us-west-2\n")
    out = cli_in(mono, "scan", ".", "-q")
    assert "in us-east-2" in out.split("services/b: ")[1]  # services/b's own Region, not the top's
    assert "services/a:" not in out  # the same Region as the top's config: nothing to say
