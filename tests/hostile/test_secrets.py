"""Secrets never leave the run: masked before any value is cut, under header-like keys
whatever the quoting, in URLs, suppression reasons, guard logs and probe answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.redact import MASK, redact
from bedrock_check.report import FORMATS
from tests.hostile.capped import cli
from tests.hostile.server import hostile_server, send


class _Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def _inproc(*args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> _Run:
    """`bedrock-check ARGS` in this process (a subprocess costs half a second of start-up;
    one test per kind of output keeps the subprocess, see `cli`). A crash is re-raised, not
    taken for exit code 1."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return _Run(result.exit_code, result.stdout, result.stderr)

MCP_AUTH = "opaqueMcpCredential7f3a9c"  # no known shape: only its key says it is secret
URL_PASSWORD = "hunter2correcthorse"
YAML_SECRET = "opaqueYamlSecret4411"
REASON_KEY = "sk-proj-UmVhc29uS2V5Rm9yVGVzdHNPbmx5MTIzNDU2"
CUT_KEY = "sk-proj-Q3V0S2V5Rm9yVGVzdHNPbmx5MTIzNDU2Nzg5"
HEADER_TOKEN = "opaqueHeaderToken9d8e7f"


def _repo(root: Path) -> None:
    root.mkdir()
    (root / "app.py").write_text(
        "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'mcp', 'server_label': 'a', "
        f"'server_url': 'https://a', 'authorization': '{MCP_AUTH}', 'headers': {{'X-Api-Key': '{HEADER_TOKEN}'}}}}])\n"
        "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])"
        f"  # bedrock-check: ignore[web-search] approved, key {REASON_KEY}\n"
    )
    (root / ".env").write_text(f"REALTIME=wss://bob:{URL_PASSWORD}@api.openai.com/v1/realtime\n")
    (root / "request.yaml").write_text(
        "model: openai.gpt-5.5\ninput: x\ntools: [{type: mcp, server_label: b, server_url: 'https://b', "
        f"headers: {{SecretAccessKey: {YAML_SECRET}}}}}]\n"
    )
    # The finding's value is the tool as compact JSON, cut at 200 characters: the key
    # starts 19 characters before the cut, so cutting before masking would show 19 of them.
    head, middle = '{"type": "mcp", "server_label": "', '", "server_url": "https://c", "note": "'
    label = "x" * (200 - 19 - len(head) - len(middle))
    (root / "cut.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [
        {"type": "mcp", "server_label": label, "server_url": "https://c", "note": CUT_KEY}]}))  # fmt: skip


def _leaks(text: str) -> list[str]:
    secrets = {"mcp": MCP_AUTH, "url": URL_PASSWORD, "yaml": YAML_SECRET, "reason": REASON_KEY,
               "header": HEADER_TOKEN, "cut": CUT_KEY[:12]}  # fmt: skip
    return [name for name, s in secrets.items() if s in text]


def test_secrets_are_masked_in_every_format_and_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _repo(tmp_path / "repo")
    for fmt in FORMATS:
        proc = _inproc("scan", "--no-config", "--format", fmt, "--fail-on", "never", "repo", cwd=tmp_path,
                       monkeypatch=monkeypatch)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert not _leaks(proc.stdout + proc.stderr), (fmt, _leaks(proc.stdout))
    # End to end once: everything the installed command writes, in its own process.
    proc = cli("scan", "--no-config", "--format", "json", "repo", cwd=tmp_path)
    assert not _leaks(proc.stdout + proc.stderr), _leaks(proc.stdout + proc.stderr)
    data = json.loads(proc.stdout)
    caps = {(Path(f["path"]).name, f["capability"]) for f in data["findings"]}
    assert {("app.py", "remote-mcp"), ("app.py", "web-search"), ("request.yaml", "remote-mcp"),
            ("cut.json", "remote-mcp")} <= caps  # fmt: skip
    assert any(f["suppressed"] and "approved" in f["suppressed"] for f in data["findings"])
    proc = _inproc("baseline", "create", "--no-config", "-o", "b.json", "repo", cwd=tmp_path, monkeypatch=monkeypatch)
    assert proc.returncode == 0 and not _leaks((tmp_path / "b.json").read_text())


def test_masking_happens_before_cutting() -> None:
    from bedrock_check.redact import cut, window  # here: the module's other tests do not need them

    text = "x" * 190 + CUT_KEY
    assert CUT_KEY[:10] not in cut(text, 200) and len(cut(text, 200)) <= 200
    line = "a=1;" * 50_000 + f"connect({{apiKey: '{CUT_KEY}'}})" + "b" * 5000
    at = line.index("connect")
    excerpt = window(line, at, at + 7, 120)
    assert "connect" in excerpt and CUT_KEY[:12] not in excerpt and len(excerpt) < 400
    # a window edge through the middle of a secret widens over the mask instead of showing a part
    line = "q" * 500 + CUT_KEY + "z" * 500
    assert CUT_KEY[:12] not in window(line, 480, 500, 30) and CUT_KEY[-12:] not in window(line, 540, 560, 30)


@pytest.mark.parametrize(
    "text",
    [
        f'{{"authorization": "{MCP_AUTH}"}}', f"Authorization: {MCP_AUTH}", f"'api-key': '{MCP_AUTH}'",
        f"x-api-key={MCP_AUTH}", f"SecretAccessKey: {MCP_AUTH}", f"password: {MCP_AUTH}", f'"PASSWORD"="{MCP_AUTH}"',
        f"aws_secret_access_key = {MCP_AUTH}", f"wss://u:{MCP_AUTH}@h/x", f"https://h/x?api_key={MCP_AUTH}&a=1",
        f"https://h/x?x=1&token={MCP_AUTH}", f"Proxy-Authorization: Basic {MCP_AUTH}",
    ],
)  # fmt: skip
def test_header_like_keys_and_url_credentials_are_masked(text: str) -> None:
    out = redact(text)
    assert MCP_AUTH not in out and MASK in out


@pytest.mark.parametrize(
    "text", ["max_tokens: 100", "api_key=os.environ['OPENAI_API_KEY']", "OpenAI(api_key=get_key())",
             "https://api.openai.com/v1/responses", "token_count = 12"],
)  # fmt: skip
def test_code_that_fetches_a_credential_is_left_readable(text: str) -> None:
    assert redact(text) == text


def test_guard_log_masks_header_tokens_and_mcp_authorizations(tmp_path: Path) -> None:
    import openai

    from bedrock_check import guard

    log = tmp_path / "requests.jsonl"

    def ok(h):
        send(h, 200, json.dumps({"id": "r", "output": [], "usage": {"input_tokens": 1, "output_tokens": 1}}))

    with hostile_server(ok) as srv:
        client = guard(openai.OpenAI(api_key="k" * 20, base_url=srv.base, max_retries=0), mode="record", log_path=log)
        client.responses.create(model="openai.gpt-5.5", input="x", tools=[{"type": "mcp", "server_label": "a",
            "server_url": "https://a", "authorization": MCP_AUTH, "headers": {"Authorization": f"Bearer {HEADER_TOKEN}",
            "x-api-key": HEADER_TOKEN}}])  # fmt: skip
    text = log.read_text()
    assert MCP_AUTH not in text and HEADER_TOKEN not in text
    assert json.loads(text)["body"]["tools"][0]["type"] == "mcp"  # still a log validate reads


TOKEN = "bedrock-api-key-UHJvYmVUb2tlbkZvckhvc3RpbGVUZXN0c09ubHk="


@pytest.mark.parametrize("echo", [TOKEN, TOKEN[16:28], TOKEN[20:34], TOKEN[:-3]])
def test_probe_answers_echoing_the_token_are_masked_everywhere(
    tmp_path: Path, echo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def echoes(h):
        send(h, 400, json.dumps({"error": {"type": f"bad_{echo}", "message": f"token {echo} refused", "code": echo}}))

    (tmp_path / "tok").write_text(TOKEN)
    with hostile_server(echoes) as srv:
        for fmt in ("text", "json"):
            proc = _inproc("probe", "-c", "web-search", "--endpoint", srv.base, "--token-file", "tok", "--format", fmt,
                           "--write-overrides", "layer.yaml", "--verbose", cwd=tmp_path, monkeypatch=monkeypatch)  # fmt: skip
            assert proc.returncode in (0, 1), proc.stderr
            piece = echo.removeprefix("bedrock-api-key-")[:8]  # the public prefix is no secret
            assert piece not in proc.stdout + proc.stderr, fmt
            assert piece not in (tmp_path / "layer.yaml").read_text()
            assert "web-search" in proc.stdout


def test_endpoint_credentials_are_masked_in_output_and_layers(tmp_path: Path) -> None:
    def reject(h):
        send(h, 400, json.dumps({"error": {"type": "invalid_request_error", "message": "no"}}))

    (tmp_path / "tok").write_text(TOKEN)
    with hostile_server(reject) as srv:
        base = srv.base.replace("http://", f"http://alice:{URL_PASSWORD}@") + f"?api_key={YAML_SECRET}"
        for fmt in ("text", "json"):
            proc = cli("probe", "-c", "web-search", "--endpoint", base, "--token-file", "tok", "--format", fmt,
                       "--write-overrides", "layer.yaml", "--verbose", cwd=tmp_path)  # fmt: skip
            out = proc.stdout + proc.stderr + (tmp_path / "layer.yaml").read_text()
            assert URL_PASSWORD not in out and YAML_SECRET not in out, (fmt, out[-2000:])
        proc = cli("probe", "--dry-run", "-c", "web-search", "--endpoint", base, cwd=tmp_path)
        assert URL_PASSWORD not in proc.stdout + proc.stderr and YAML_SECRET not in proc.stdout + proc.stderr


def test_an_empty_key_is_not_a_secret() -> None:
    # `api_key=None` / `apiKey: null` is what the runtime client form tells a user to write.
    from bedrock_check.redact import MASK, redact

    assert redact('OpenAI(provider=bedrock(endpoint="runtime"), api_key=None)').endswith("api_key=None)")
    assert redact("bedrock({ endpoint: 'runtime' }), apiKey: null })").endswith("apiKey: null })")
    assert redact("api_key=None-but-a-long-secret") == f"api_key={MASK}"
    assert redact("apiKey: nullifiedsecret123") == f"apiKey: {MASK}"
