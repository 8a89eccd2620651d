"""`bedrock-check validate`, `matrix` and `explain` through the real command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app

from .conftest import ROOT

runner = CliRunner()
EXAMPLES = ROOT / "examples" / "requests"


def invoke(*args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def as_json(*args: str, stdin: str | None = None) -> tuple[int, dict]:
    result = invoke("validate", "--format", "json", *args, stdin=stdin)
    return result.exit_code, json.loads(result.stdout)


# ------------------------------------------------------------------ contract


def test_json_contract(tmp_path: Path) -> None:
    code, data = as_json(str(EXAMPLES / "agent.json"))
    assert code == 1
    assert set(data) >= {"tool", "version", "matrix", "target", "findings", "diagnostics", "summary"}
    assert data["tool"] == "bedrock-check"
    assert data["matrix"]["as_of"] == "2026-06-01"
    assert any(s["id"] == "openai-bedrock-2026-06" for s in data["matrix"]["sources"])
    assert data["target"] == {"model": "openai.gpt-5.5", "region": "us-east-2", "endpoint": "mantle", "as_of": "2026-06-01"}
    required = {"capability", "severity", "status", "message", "path", "line", "column", "end_line",
                "end_column", "snippet", "remediation", "fingerprint"}  # fmt: skip
    for finding in data["findings"]:
        assert required <= set(finding)
        assert finding["severity"] in {"error", "warning", "note"}
    web = next(f for f in data["findings"] if f["capability"] == "web-search" and f["pointer"] == "/tools/0")
    assert (web["line"], web["column"]) == (7, 5)
    assert web["snippet"] == '{"type": "web_search"},'
    assert data["summary"]["readiness"]["blocked"]
    assert {r["capability"] for r in data["summary"]["readiness"]["works"]} >= {"function-calling", "streaming"}


def test_jsonl_line_is_the_request_line() -> None:
    _code, data = as_json(str(EXAMPLES / "batch.jsonl"))
    lines = {f["capability"]: f["line"] for f in data["findings"]}
    assert lines["code-interpreter"] == 2
    assert lines["model-availability"] == 3
    assert data["summary"]["requests"] == 3


def test_clean_request_exits_zero() -> None:
    code, data = as_json(str(EXAMPLES / "portable.json"))
    assert code == 0 and data["findings"] == []


@pytest.mark.parametrize(
    ("body", "fail_on", "code"),
    [
        ({"model": "openai.gpt-5.5", "input": "x", "background": True}, "error", 0),
        ({"model": "openai.gpt-5.5", "input": "x", "background": True}, "warning", 1),
        ({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]}, "never", 0),
        ({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]}, "error", 1),
    ],
)
def test_fail_on(body: dict, fail_on: str, code: int) -> None:
    result = invoke("validate", "--fail-on", fail_on, "-", stdin=json.dumps(body))
    assert result.exit_code == code, result.output


def test_target_options_change_the_answer() -> None:
    body = json.dumps({"model": "openai.gpt-5.5", "input": "x"})
    assert invoke("validate", "-", stdin=body).exit_code == 0
    result = invoke("validate", "--region", "us-west-2", "--format", "json", "-", stdin=body)
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {f["capability"] for f in data["findings"]} == {"region-availability"}
    assert data["target"]["region"] == "us-west-2"


def test_matrix_override_flips_a_verdict(tmp_path: Path) -> None:
    layer = tmp_path / "probe.yaml"
    layer.write_text("capabilities:\n  - id: web-search\n    bedrock: available\n")
    body = json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]})
    assert invoke("validate", "-", stdin=body).exit_code == 1
    assert invoke("validate", "--matrix", str(layer), "-", stdin=body).exit_code == 0


def test_bad_matrix_is_exit_2_with_one_line(tmp_path: Path) -> None:
    layer = tmp_path / "bad.yaml"
    layer.write_text("capabilities:\n  - id: web-search\n    bedrock: sometimes\n")
    result = invoke("validate", "--matrix", str(layer), str(EXAMPLES / "portable.json"))
    assert result.exit_code == 2
    assert str(layer) in result.stderr and "bedrock" in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_text_output_is_plain_when_not_a_terminal() -> None:
    result = invoke("validate", str(EXAMPLES / "agent.json"))
    assert "\x1b[" not in result.stdout
    assert "web-search" in result.stdout and "fix: Replace the hosted tool" in result.stdout
    assert "agent.json:7:5" in result.stdout
    # (the `include` of web search results is part of the web search tool's one use)
    assert result.stdout.strip().splitlines()[-1].startswith("4 errors, 0 warnings")


def test_yaml_requests_are_located(tmp_path: Path) -> None:
    path = tmp_path / "req.yaml"
    path.write_text(
        "model: openai.gpt-5.5\ninput: hi\ntools:\n  - type: function\n    name: f\n  - type: image_generation\n"
    )
    _code, data = as_json(str(path))
    (finding,) = data["findings"]
    assert finding["capability"] == "image-generation" and (finding["line"], finding["column"]) == (6, 5)


def test_directory_expands_to_request_files() -> None:
    _code, data = as_json(str(EXAMPLES))
    assert data["summary"]["inputs"] == 3 and data["summary"]["requests"] == 5


def test_a_folder_leaves_out_configuration_files_of_this_and_other_tools(tmp_path: Path) -> None:
    """`validate .` on a project: its config files (bedrock-check's own without a model,
    pyproject.toml, package.json and its lock, tsconfig, pre-commit, compose, node_modules)
    are not request files; the requests are checked and nothing is "not a request body"."""
    files = {
        ".bedrock-check.yaml": "region: us-east-2\nexclude:\n  - build/\n",
        "pyproject.toml": '[tool.bedrock-check]\nregion = "us-east-2"\n',
        "package.json": '{"name": "app"}', "package-lock.json": "{}", "tsconfig.json": '{"compilerOptions": {}}',
        ".pre-commit-config.yaml": "repos: []\n", "docker-compose.yml": "services: {}\n",
        "node_modules/pkg/data.json": "{}", "api/openapi.yaml": "openapi: 3.1.0\n",
        "requests/one.json": json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "shell"}]}),
    }  # fmt: skip
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = invoke("validate", "--format", "json", ".")
    finally:
        os.chdir(here)
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["diagnostics"] == [] and data["summary"]["inputs"] == 1
    assert [(f["path"], f["capability"]) for f in data["findings"]] == [("requests/one.json", "shell-tool")]


# ------------------------------------------------------------------ bad input


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "malformed": ("bad.json", b'{"model": "openai.gpt-5.5",\n "input": "x",,\n}'),
        "empty": ("empty.json", b""),
        "binary": ("blob.json", bytes(range(256)) * 4),
        "latin1": ("latin.json", '{"input": "caf\xe9"}'.encode("latin-1")),
        "deep": ("deep.json", b"[" * 100_000 + b"]" * 100_000),
        "not_request": ("package.json", b'{"name": "app", "version": "1.0.0"}'),
        "yaml_bomb": ("bomb.yaml", b"a: &a [x,x,x,x,x,x,x,x,x]\n" + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n".encode() for i in range(20))),
        "bad_yaml": ("bad.yaml", b"model: [unclosed\n"),
    }  # fmt: skip
    out = {}
    for key, (name, data) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        out[key] = path
    return out


def test_bad_inputs_are_diagnostics_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "shell"}]}))
    result = invoke("validate", "--format", "json", *map(str, bad.values()), str(good), str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [f["capability"] for f in data["findings"]] == ["shell-tool"]
    kinds = {Path(d["path"]).name: (d["kind"], d["message"]) for d in data["diagnostics"]}
    assert kinds["bad.json"][0] == "parse-error" and "invalid JSON" in kinds["bad.json"][1]
    malformed = next(d for d in data["diagnostics"] if d["path"].endswith("bad.json"))
    assert (malformed["line"], malformed["column"]) == (2, 15)
    assert kinds["empty.json"][0] == "empty"
    assert kinds["blob.json"][0] == "binary"
    assert kinds["latin.json"][0] == "encoding"
    assert kinds["deep.json"][0] == "too-deep"
    assert kinds["package.json"][0] == "not-a-request" and "not a request" in kinds["package.json"][1]
    assert "alias" in kinds["bomb.yaml"][1]
    assert "invalid YAML at line 2" in kinds["bad.yaml"][1]
    assert kinds["missing.json"][0] == "not-found"
    assert "Traceback" not in result.output


def test_bad_input_text_output_names_file_and_problem(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)["malformed"]
    result = invoke("validate", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2:15: invalid JSON" in result.stdout


@pytest.mark.slow
def test_large_base64_request_is_checked_in_bounded_memory(tmp_path: Path) -> None:
    """A 60 MB request with an inline image: validated, with peak memory a small multiple of the file
    (its speed is measured by bench/bench_validate.py, not here)."""
    payload = "A" * (60 * 1024 * 1024)
    body = {"model": "openai.gpt-5.5", "input": [{"role": "user", "content": [
        {"type": "input_image", "image_url": "data:image/png;base64," + payload}]}],
        "tools": [{"type": "web_search"}]}  # fmt: skip
    path = tmp_path / "big.json"
    path.write_text(json.dumps(body))
    del body, payload
    from bedrock_check.matrix import load_matrix, resolve_target
    from bedrock_check.validator import validate_paths

    mx = load_matrix()
    tracemalloc.start()
    report = validate_paths([str(path)], mx, resolve_target(mx, None, None))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    (finding,) = report.findings
    assert finding.capability == "web-search" and finding.line == 1
    # A generous bound: this guards against copies of the payload, not a benchmark.
    assert peak < 6 * 60 * 1024 * 1024


# ------------------------------------------------------------------ matrix / explain


def test_matrix_show_json() -> None:
    result = invoke("matrix", "show", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert set(data) >= {"as_of", "capabilities", "models"}
    web = next(c for c in data["capabilities"] if c["id"] == "web-search")
    assert {"id", "title", "openai", "bedrock", "source"} <= set(web)
    assert web["bedrock"] == "not_available" and web["openai"] == "available"
    assert data["target"] == {"model": "openai.gpt-5.5", "region": "us-east-2", "endpoint": "mantle", "as_of": "2026-06-01"}
    offered = {m["id"]: m["regions"] for m in data["models"] if m["offered"]}
    assert offered["openai.gpt-5.5"] == ["us-east-2"] and offered["openai.gpt-5.4"] == ["us-east-2", "us-west-2"]
    assert "openai.gpt-5.6-sol" not in offered


@pytest.mark.parametrize("fmt", ["table", "markdown", "yaml"])
def test_matrix_show_formats(fmt: str) -> None:
    result = invoke("matrix", "show", "--format", fmt)
    assert result.exit_code == 0 and "web-search" in result.stdout


def test_matrix_schema_and_validate(tmp_path: Path) -> None:
    result = invoke("matrix", "schema")
    assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "bedrock-check capability matrix"
    assert invoke("matrix", "validate", str(ROOT / "capability_matrix.yaml")).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("capabilities:\n  - id: shell-tool\n    openai: yes-please\n")
    result = invoke("matrix", "validate", str(bad))
    assert result.exit_code == 2 and "(shell-tool).openai" in result.stderr


def test_explain() -> None:
    result = invoke("explain", "web-search")
    assert result.exit_code == 0
    for text in ("Hosted web search", "not available", "OpenAI models in Amazon Bedrock", "What to do instead",
                 "function", "bedrock-mantle"):  # fmt: skip
        assert text in result.stdout
    unknown = invoke("explain", "teleport")
    assert unknown.exit_code == 2 and "unknown capability" in unknown.stderr


def test_usage_error_is_exit_2() -> None:
    assert invoke("validate", "--format", "pdf", "x.json").exit_code == 2
    assert invoke("validate").exit_code == 2


# ------------------------------------------------------------------ installed script


def _script() -> str | None:
    found = shutil.which("bedrock-check")
    if found:
        return found
    candidate = Path(sys.executable).parent / "bedrock-check"
    return str(candidate) if candidate.exists() else None


@pytest.mark.skipif(_script() is None, reason="the package is not installed (pip install -e .)")
def test_console_script_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [_script(), "validate", "--format", "json", str(EXAMPLES / "agent.json")],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["errors"] == 4
    proc = subprocess.run(
        [_script(), "validate", "-"], input="not json at all {", capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr + proc.stdout


def test_json_output_document_covers_every_field() -> None:
    import re

    doc = (ROOT / "docs" / "json-output.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)?", doc, flags=re.M))
    names = {n for pair in documented for n in pair if n}
    _code, data = as_json(str(EXAMPLES / "agent.json"))
    assert set(data) <= names
    assert set(data["findings"][0]) <= names
    assert {k for k in data["summary"]} <= set(re.findall(r"`([a-z_]+)`", doc))


def test_scan_leaves_out_other_tools_configuration_in_a_folder(tmp_path: Path) -> None:
    """`scan` does not open another tool's settings found in a folder (`SETTINGS_ONLY_FILES`),
    even one that holds a request-shaped value; a client's own config file (GraphRAG's
    settings.yaml), a compose file's environment and a request file are read; a tool's file
    named on the command line is read as named."""
    body = json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "shell"}]})
    files = {
        "tsconfig.json": body, "tsconfig.build.json": body, ".eslintrc.json": body, "turbo.json": body,
        ".pre-commit-config.yaml": "input: x\ntools:\n  - type: shell\n", "requests/one.json": body,
        "settings.yaml": "models:\n  default_chat_model:\n    type: openai_chat\n    model: gpt-4o\n",
        "docker-compose.yml": "services:\n  api:\n    environment:\n      - OPENAI_MODEL=gpt-4o\n",
    }  # fmt: skip
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        folder = json.loads(invoke("scan", "--no-config", "--format", "json", ".").stdout)
        named = json.loads(invoke("scan", "--no-config", "--format", "json", "tsconfig.json").stdout)
    finally:
        os.chdir(here)
    found = {(f["path"], f["capability"]) for f in folder["findings"] if f["line"]}
    assert ("requests/one.json", "shell-tool") in found
    assert ("settings.yaml", "model-availability") in found
    assert ("docker-compose.yml", "model-availability") in found
    assert {p for p, _ in found} == {"requests/one.json", "settings.yaml", "docker-compose.yml"}
    assert folder["summary"]["inputs"] == 3
    assert ("tsconfig.json", "shell-tool") in {(f["path"], f["capability"]) for f in named["findings"]}
