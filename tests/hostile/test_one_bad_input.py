"""One bad input is one diagnostic (or, for the command line and config, one line with
exit 2): never a traceback, and never a run that loses its other findings or reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bedrock_check.report import FORMATS
from tests.hostile.capped import PLANTED, cli, one_line_error

BIG = "9" * 5000  # over CPython's 4,300-digit limit for int()

#: Each test runs the command line in capped subprocesses: seconds each (run by .ci/run).
pytestmark = pytest.mark.slow


def _scan_json(cwd: Path, *args: str) -> dict:
    proc = cli("scan", "--no-config", "--format", "json", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    "setting",
    ["model: 2024-02-30", "model: !!int 0x", "model: !!float abc", "region: !!timestamp 2024-13-45",
     f"max-file-size: {BIG}", "matrix: [[1, 2]]"],
)  # fmt: skip
def test_bad_config_values_are_one_line_errors(tmp_path: Path, setting: str) -> None:
    (tmp_path / "app.py").write_text(PLANTED)
    (tmp_path / ".bedrock-check.yaml").write_text(setting + "\n")
    assert ".bedrock-check.yaml" in one_line_error(cli("scan", "app.py", cwd=tmp_path))


@pytest.mark.parametrize("text", [b"tool = 1\n", b'[tool]\n"bedrock-check" = 3\n', b"[tool.bedrock-check]\nx = \xff\n",
                                  b"[tool.bedrock-check\n"])  # fmt: skip
def test_bad_pyproject_is_a_one_line_error(tmp_path: Path, text: bytes) -> None:
    (tmp_path / "pyproject.toml").write_bytes(text + b"\n# [tool.bedrock-check]\n")
    (tmp_path / "app.py").write_text(PLANTED)
    assert "pyproject.toml" in one_line_error(cli("scan", "app.py", cwd=tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_parent_pyproject_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.bedrock-check]\n")
    os.chmod(tmp_path / "pyproject.toml", 0)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "app.py").write_text(PLANTED)
    one_line_error(cli("scan", "app.py", cwd=tmp_path / "sub"))


@pytest.mark.parametrize("pattern", ["\\", "a\\", "[z-a]"])
def test_bad_globs_are_one_line_errors(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "app.py").write_text(PLANTED)
    for option in ("--include", "--exclude"):
        proc = cli("scan", "--no-config", option, pattern, ".", cwd=tmp_path)
        if proc.returncode != 1:  # a pattern git accepts is fine; one it refuses is one line
            one_line_error(proc)


def test_bad_gitignore_line_does_not_sink_the_scan(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(PLANTED)
    (tmp_path / ".gitignore").write_text("ok.txt\na\\\n")
    data = _scan_json(tmp_path, ".")
    assert [f["path"] for f in data["findings"]] == ["app.py"]


GOOD = json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]})
REQUEST_WITH_BIG = '{"model": "openai.gpt-5.5", "input": "x", "max_output_tokens": ' + BIG + ', "background": true}'


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("big.json", REQUEST_WITH_BIG),
        ("big.jsonl", REQUEST_WITH_BIG + "\n"),
        ("big.yaml", f"model: openai.gpt-5.5\ninput: x\nmax_output_tokens: {BIG}\nbackground: true\n"),
        ("big.har", json.dumps({"log": {"entries": [{"request": {"method": "POST", "url": "https://x/v1/responses",
                                                                "postData": {"text": REQUEST_WITH_BIG}}}]}})),
        ("list.har", '{"log": [1, 2]}'),
        ("entries.har", '{"log": {"entries": {"a": 1}}}'),
        ("surrogate.json", '{"model": "openai.gpt-5.5", "input": "\\ud800", "background": true}'),
        ("key.json", '{"model": "openai.gpt-5.5", "input": "x", "background": true, "\\udfff": 1}'),
        ("deep.yaml", "model: openai.gpt-5.5\ninput: x\nbackground: true\nmeta: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("date.yaml", "model: openai.gpt-5.5\ninput: x\nbackground: true\nwhen: 2024-02-30\n"),
        ("hex.yaml", "model: openai.gpt-5.5\ninput: x\nbackground: true\nn: !!int 0x\n"),
    ],
)  # fmt: skip
def test_bad_request_files_are_diagnostics_and_every_format_renders(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, errors="surrogatepass")
    (tmp_path / "app.py").write_text(PLANTED)
    (tmp_path / "good.json").write_text(GOOD)
    for command in ("validate", "scan"):
        args = [name, "good.json"] if command == "validate" else ["."]
        proc = cli(command, "--no-config", "--format", "json", *args, cwd=tmp_path)
        assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr, (command, proc.stderr[-3000:])
        data = json.loads(proc.stdout)
        found = {(f["path"], f["capability"]) for f in data["findings"]}
        assert ("good.json", "web-search") in found, (command, found)
        if command == "scan":
            assert ("app.py", "web-search") in found
        kinds = {d["kind"] for d in data["diagnostics"] if d["path"] == name}
        assert "internal-error" not in kinds, (command, data["diagnostics"])
    also = [arg for fmt in FORMATS for arg in ("--also", f"{fmt}=out.{fmt}")]
    proc = cli("validate", "--no-config", *also, name, "good.json", cwd=tmp_path)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    for fmt in FORMATS:
        assert "good.json" in (tmp_path / f"out.{fmt}").read_text(encoding="utf-8"), fmt


def test_undecodable_file_names_are_escaped_in_every_format(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    with open(os.path.join(root, b"caf\xe9-\xff.py"), "w") as handle:
        handle.write(PLANTED)
    with open(os.path.join(root, b"req-\xfe.json"), "w") as handle:
        handle.write('{"model": "openai.gpt-5.5", "input": "\\ud83d", "background": true}')
    (tmp_path / "out").mkdir()
    also = [arg for fmt in FORMATS for arg in ("--also", f"{fmt}=out/r.{fmt}")]
    proc = cli("scan", "--no-config", *also, ".", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    for fmt in FORMATS:  # valid UTF-8 text: nothing unencodable was written
        (tmp_path / "out" / f"r.{fmt}").read_bytes().decode("utf-8")
    data = _scan_json(tmp_path, ".")
    assert {f["capability"] for f in data["findings"]} == {"web-search", "background-mode"}


def test_stdout_that_is_not_utf8_still_gets_the_report(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(PLANTED.replace("'x'", "'café ✓ \\u2028'"))
    proc = cli("scan", "--no-config", "app.py", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "web-search" in proc.stdout


@pytest.mark.parametrize("layer", ["capabilities: [{id: [1, 2]}]", "capabilities: [{id: {a: 1}}]",
                                   "models: [{id: [x]}]", "sources: [{id: 3}]", "capabilities: 7"])  # fmt: skip
def test_layers_with_odd_ids_are_one_line_errors(tmp_path: Path, layer: str) -> None:
    (tmp_path / "layer.yaml").write_text(layer + "\n")
    (tmp_path / "app.py").write_text(PLANTED)
    assert "layer.yaml" in one_line_error(cli("scan", "--no-config", "--matrix", "layer.yaml", "app.py", cwd=tmp_path))


KILL_WORKER = """
import os, signal, sys
import bedrock_check.scanner as scanner
real = scanner._Scanner.scan
main = os.getpid()
def scan(self, cand):
    if cand.path.endswith("die.py") and os.getpid() != main:
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does
    return real(self, cand)
scanner._Scanner.scan = scan
from bedrock_check.cli import run
sys.argv = ["bedrock-check", *sys.argv[1:]]
run()
"""


def test_a_killed_worker_ends_the_run_with_an_error_not_a_hang(tmp_path: Path) -> None:
    import subprocess
    import sys

    for i in range(300):
        (tmp_path / f"f{i:03}.py").write_text(PLANTED if i == 7 else "x = 1\n")
    (tmp_path / "die.py").write_text(PLANTED)
    proc = subprocess.run([sys.executable, "-c", KILL_WORKER, "scan", "--no-config", "-j", "2", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert "worker process died" in one_line_error(proc)
