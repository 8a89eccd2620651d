"""Hostile repositories, secrets in output, interrupted writes, and code that must never run."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.report import FORMATS

PLANTED = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"


def _cli(*args: str, cwd: Path, timeout: float = 300, memory_mb: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if memory_mb:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    env = {**os.environ, "NO_COLOR": "1", "BEDROCK_CHECK_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "bedrock_check.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env, preexec_fn=limit)  # fmt: skip


def _hostile_tree(root: Path) -> dict[str, str]:
    """Build the tree; return file name -> the diagnostic kind it must produce."""
    root.mkdir()
    expect: dict[str, str] = {}
    (root / "real.py").write_text(PLANTED)
    (root / "secret.py").write_text(PLANTED)
    os.chmod(root / "secret.py", 0)
    if os.geteuid() != 0:  # root reads anything: the permission check is only real for users
        expect["secret.py"] = "unreadable"
    (root / "loop").symlink_to(root)  # a directory loop: directory links are never followed
    (root / "a.py").symlink_to(root / "b.py")
    (root / "b.py").symlink_to(root / "a.py")
    expect["a.py"] = expect["b.py"] = "symlink"
    outside = root.parent / "outside.py"
    outside.write_text(PLANTED)
    (root / "escape.py").symlink_to(outside)
    expect["escape.py"] = "symlink"
    os.mkfifo(root / "pipe.py")
    expect["pipe.py"] = "not-a-file"
    with open(root / "sparse.py", "wb") as handle:
        handle.truncate(6 * 2**30)
    expect["sparse.py"] = "too-large"
    minified = (
        "var a=1;" * (10 * 2**20 // 8)
        + "client.responses.create({model:'openai.gpt-5.5',input:'x',tools:[{type:'image_generation'}]});"
    )
    (root / "bundle.min.js").write_text(minified)
    expect["bundle.min.js"] = "too-large"
    (root / "latin.py").write_bytes("# caf\xe9\n".encode("latin-1") + PLANTED.encode())
    expect["latin.py"] = "encoding"
    (root / "wide.py").write_bytes(PLANTED.encode("utf-16"))  # read as UTF-16 text: found, no diagnostic
    (root / "legacy.py").write_text('print "hello"\n' + PLANTED)
    expect["legacy.py"] = "parse-error"
    (root / "broken.ipynb").write_text('{"cells": [{"cell_type": "code", "source": ["client.responses.create(')
    expect["broken.ipynb"] = "parse-error"
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["x = 1\n", "print(x)"]} for _ in range(10_000)
    ]
    cells[5000]["source"] = [PLANTED]
    (root / "huge.ipynb").write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    )
    (root / "nested.py").write_text("x = " + "[" * 200_000 + "]" * 200_000 + "\nclient.responses.create(input='x')\n")
    expect["nested.py"] = "too-deep|parse-error"  # CPython's parser refuses deep nesting with a SyntaxError
    (root / "nested.json").write_text('{"input": ' + "[" * 200_000 + "]" * 200_000 + "}")
    expect["nested.json"] = "too-deep"
    bomb = "input: x\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(24)
    )
    (root / "bomb.yaml").write_text(bomb)
    expect["bomb.yaml"] = "parse-error"
    evil_name = "evil\nname $(touch pwned) `touch pwned2`;|&.py"
    (root / evil_name).write_text(PLANTED)
    return expect


@pytest.mark.slow
def test_hostile_repository(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    expect = _hostile_tree(root)
    proc = _cli("scan", "--no-config", "--format", "json", "repo", cwd=tmp_path, timeout=300, memory_mb=2048)
    assert proc.returncode == 1, proc.stderr[-3000:]
    data = json.loads(proc.stdout)
    found = {(Path(f["path"]).name, f["capability"]) for f in data["findings"]}
    assert ("real.py", "web-search") in found
    assert ("huge.ipynb", "web-search") in found
    assert ("wide.py", "web-search") in found
    assert ("evil\nname $(touch pwned) `touch pwned2`;|&.py", "web-search") in found
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "repo" / "pwned").exists()
    kinds = {Path(d["path"]).name: d["kind"] for d in data["diagnostics"]}
    for name, kind in expect.items():
        assert kinds.get(name) in kind.split("|"), (name, kinds.get(name))
    # every format renders the hostile names without breaking its syntax
    for fmt in FORMATS:
        out = _cli(
            "scan",
            "--no-config",
            "--format",
            fmt,
            "--exclude",
            "sparse.py",
            "--exclude",
            "huge.ipynb",
            "repo",
            cwd=tmp_path,
        )
        assert out.returncode == 1, (fmt, out.stderr[-2000:])
        if fmt == "github":
            assert "file=repo/evil%0Aname $(touch pwned) `touch pwned2`;|&.py" in out.stdout
        if fmt == "sarif":
            uris = [
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(out.stdout)["runs"][0]["results"]
            ]
            assert all("\n" not in u and " " not in u for u in uris)
        if fmt == "junit":
            from xml.etree import ElementTree

            ElementTree.fromstring(out.stdout)


@pytest.mark.slow
def test_large_minified_file_parses_in_bounded_time(tmp_path: Path) -> None:
    code = (
        "var a=1;" * (10 * 2**20 // 8)
        + "client.responses.create({model:'openai.gpt-5.5',input:'x',tools:[{type:'image_generation'}]});"
    )
    (tmp_path / "bundle.min.js").write_text(code)
    # Found in a folder, a minified bundle is build output: skipped, and said in --stats.
    proc = _cli("scan", "--no-config", "--format", "json", "--stats", "--max-file-size", str(20 * 2**20), ".",
                cwd=tmp_path, timeout=180, memory_mb=4096)  # fmt: skip
    assert json.loads(proc.stdout)["findings"] == []
    assert "files generated 1" in proc.stderr
    # Named on the command line, it is read, in bounded time and memory.
    proc = _cli("scan", "--no-config", "--format", "json", "--max-file-size", str(20 * 2**20), "bundle.min.js",
                cwd=tmp_path, timeout=180, memory_mb=4096)  # fmt: skip
    assert [f["capability"] for f in json.loads(proc.stdout)["findings"]] == ["image-generation"]


SECRETS = {
    "openai": "sk-proj-Q2hhbmdlTWVJbUFGYWtlS2V5Rm9yVGVzdHMxMjM0NTY3ODk",
    "aws_key": "AKIAZ7EXAMPLEKEYID42",
    "aws_secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzEXAMPLEK",
    "bearer": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl",
    "bedrock": "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbg==",
    "absk": "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWtleS1ub3QtcmVhbA==",
}


def _secret_repo(root: Path) -> None:
    s = SECRETS
    (root / "app.py").write_text(
        textwrap.dedent(f"""
        from openai import OpenAI
        client = OpenAI(api_key="{s["openai"]}")
        client.responses.create(model="openai.gpt-5.5", input="x", tools=[{{"type": "mcp", "server_label": "a", "server_url": "https://a", "headers": {{"Authorization": "Bearer {s["bearer"]}"}}}}])
        client.responses.create(model="openai.gpt-5.5", input="x", tools=[{{"type": "web_search"}}]); key = "{s["openai"]}"
        aws_secret_access_key = "{s["aws_secret"]}"; client.responses.create(model="openai.gpt-5.5", input="x", background=True)
        id = "{s["aws_key"]}"; client.realtime.connect(model="gpt-realtime")
    """)
    )
    (root / ".env").write_text(
        f"AWS_BEARER_TOKEN_BEDROCK={s['bedrock']}\nREALTIME=wss://api.openai.com/v1/realtime?api_key={s['openai']}\nAWS_REGION=us-west-2 # {s['absk']}\n"
    )
    (root / "request.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x",
        "tools": [{"type": "mcp", "server_label": "b", "server_url": "https://b", "authorization": s["bedrock"],
                   "headers": {"x-api-key": s["absk"], "Authorization": f"Bearer {s['bearer']}"}}]}))  # fmt: skip


@pytest.mark.slow
def test_planted_secrets_never_appear_in_any_output(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    _secret_repo(root)
    outputs = []
    for fmt in FORMATS:
        proc = _cli("scan", "--no-config", "--format", fmt, "repo", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        outputs.append((fmt, proc.stdout + proc.stderr))
    proc = _cli("validate", "--no-config", "--format", "json", "repo/request.json", cwd=tmp_path)
    outputs.append(("validate", proc.stdout + proc.stderr))
    _cli("baseline", "create", "--no-config", "--output", "baseline.json", "repo", cwd=tmp_path)
    outputs.append(("baseline", (tmp_path / "baseline.json").read_text()))
    for fmt, text in outputs:
        for name, secret in SECRETS.items():
            assert secret not in text, f"{name} leaked in {fmt}"
    data = json.loads(outputs[1][1])
    assert {f["capability"] for f in data["findings"]} >= {
        "remote-mcp",
        "web-search",
        "background-mode",
        "websocket",
        "region-availability",
    }
    assert any("[REDACTED]" in f["snippet"] or "[REDACTED]" in f["value"] for f in data["findings"])


KILLER = """
import os, signal, sys
import bedrock_check.output as out
stage = os.environ["KILL_AT"]
real_replace, real_fsync = out.os.replace, out.os.fsync
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
if stage == "before-rename":
    out.os.replace = die
elif stage == "mid-write":
    out.os.fsync = die  # the data is written but not yet synced or renamed
from bedrock_check.cli import run
sys.argv = ["bedrock-check", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize("stage", ["mid-write", "before-rename"])
@pytest.mark.parametrize("what", ["report", "baseline"])
def test_killed_run_leaves_the_previous_file_intact(
    tmp_path: Path, stage: str, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "app.py").write_text(PLANTED)
    target = tmp_path / ("report.sarif" if what == "report" else "baseline.json")
    target.write_text("previous contents\n")
    args = (["scan", "--no-config", "--format", "sarif", "--output", str(target), "."] if what == "report"
            else ["baseline", "create", "--no-config", "--output", str(target), "."])  # fmt: skip
    env = {**os.environ, "KILL_AT": stage, "BEDROCK_CHECK_NO_CACHE": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert target.read_text() == "previous contents\n"
    # and an uninterrupted run (in this process: only the kill needs a process of its own) replaces it whole
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == (1 if what == "report" else 0), result.output  # the planted finding fails a scan
    new = target.read_text()
    assert new != "previous contents\n" and json.loads(new)


def test_scanned_code_is_never_run(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    marker = tmp_path / "MARKER"
    payload = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')\n"
    for name in (
        "setup.py",
        "conftest.py",
        "sitecustomize.py",
        "pkg/__init__.py",
        "pkg/__main__.py",
        "usercustomize.py",
    ):
        (root / name).write_text(payload + PLANTED)
    (root / "x.pth").write_text(payload)
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "source": [payload, PLANTED]}
    (root / "nb.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    (root / "evil.yaml").write_text(
        f"input: !!python/object/apply:os.system ['touch {marker}']\nmodel: openai.gpt-5.5\n"
    )
    (root / "tpl.md").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n```python\n" + PLANTED + "```\n")
    proc = _cli("scan", "--no-config", "--format", "json", "repo", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert len([f for f in data["findings"] if f["capability"] == "web-search"]) == 8
    assert any(d["path"].endswith("evil.yaml") for d in data["diagnostics"])
    proc = _cli("validate", "--no-config", "repo/evil.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr + proc.stdout
    assert not marker.exists()


def test_a_base_url_that_does_not_parse_is_a_string_not_a_failure(tmp_path: Path) -> None:
    """`urlparse` refuses `https://[host` (an unclosed IPv6 bracket): a URL written in
    scanned code is never an internal error of the scan."""
    (tmp_path / "app.py").write_text(
        'from openai import OpenAI\n'
        'gpt = OpenAI(base_url="https://[bedrock-mantle.us-east-1.api.aws/v1")\n'
        'gpt.responses.create(model="openai.gpt-5.5", input="hi", tools=[{"type": "web_search"}])\n')
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://[api.openai.com/v1\n")
    proc = _cli("scan", "--no-config", "--format", "json", ".", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert not [d for d in data["diagnostics"] if d["kind"] == "internal-error"], data["diagnostics"]
    assert "web-search" in {f["capability"] for f in data["findings"]}


def test_an_engine_failure_on_one_file_is_that_files_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the engine trips on in one file's values, the run goes on: that file gets an
    internal-error diagnostic naming it, the other files their findings."""
    import bedrock_check.engine as engine_module
    from bedrock_check.matrix import load_matrix, resolve_target
    from bedrock_check.scanner import scan_paths

    (tmp_path / "bad.py").write_text('from openai import OpenAI\nOpenAI().responses.create(model="gpt-4o", input="q")\n')
    (tmp_path / "good.py").write_text(
        'from openai import OpenAI\nOpenAI().responses.create(model="openai.gpt-5.5", input="q", tools=[{"type": "web_search"}])\n')
    real = engine_module.check_code

    def tripping(engine: object, obs: object, findings: object) -> None:
        if getattr(obs, "path", None) == "bad.py":
            raise ValueError("Invalid IPv6 URL")
        real(engine, obs, findings)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_module, "check_code", tripping)
    monkeypatch.chdir(tmp_path)
    matrix = load_matrix()
    report = scan_paths(["."], matrix, resolve_target(matrix, None, None, None, None), jobs=1)
    assert [(d.path, d.kind) for d in report.diagnostics] == [("bad.py", "internal-error")]
    assert "Invalid IPv6 URL" in report.diagnostics[0].message
    assert ("good.py", "web-search") in {(f.path, f.capability) for f in report.findings}
