"""The run-time guard on the real `openai` package, against a loopback HTTP server;
the public API; the pytest plugin through pytester; HAR and guard logs in `validate`."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import openai
import pytest
from typer.testing import CliRunner

import bedrock_check
from bedrock_check import BedrockCompatibilityError, BedrockCompatibilityWarning, guard
from bedrock_check.cli import app
from bedrock_check.engine import Engine
from bedrock_check.runtime.guard import guard_state

from ..fake_bedrock import TOKEN, fake_bedrock

WEB = [{"type": "web_search"}]
M = "openai.gpt-5.5"


@pytest.fixture
def server(engine: Engine, matrix):
    with fake_bedrock(engine) as srv:
        srv.accept = {c.id for c in matrix.capabilities}  # answer everything: the guard is under test
        yield srv


def _client(server, cls=openai.OpenAI, **kw):
    return cls(api_key=TOKEN, base_url=server.base, max_retries=kw.pop("max_retries", 0), **kw)


def test_public_api_is_pinned() -> None:
    assert sorted(bedrock_check.__all__) == sorted([
        "BedrockCompatibilityError", "BedrockCompatibilityWarning", "Checker", "Report", "__version__", "check_request",
        "guard", "load_matrix", "scan", "validate",
    ])  # fmt: skip
    for name in bedrock_check.__all__:
        assert getattr(bedrock_check, name) is not None
    with pytest.raises(AttributeError):
        bedrock_check.nothing_here  # noqa: B018


def test_api_functions(tmp_path: Path) -> None:
    report = bedrock_check.check_request({"model": M, "input": "x", "tools": WEB}, region="us-east-2")
    assert [f.capability for f in report.findings] == ["web-search"] and report.exit_code() == 1
    assert json.loads(report.render("json"))["findings"][0]["capability"] == "web-search"
    assert "Capabilities the code uses" in report.render("html")
    (tmp_path / "a.py").write_text(f"client.responses.create(model='{M}', input='x', tools={WEB!r})\n")
    assert [f.capability for f in bedrock_check.scan(str(tmp_path)).findings] == ["web-search"]
    (tmp_path / "r.json").write_text(json.dumps({"model": "gpt-5.5", "input": "x"}))
    assert [f.capability for f in bedrock_check.validate(str(tmp_path / "r.json")).findings] == ["model-id"]
    layer = tmp_path / "layer.yaml"
    layer.write_text("capabilities:\n  - id: web-search\n    bedrock: available\n")
    assert bedrock_check.load_matrix(layer).capability("web-search").bedrock == "available"


def test_raise_mode_sends_nothing(server) -> None:
    client = guard(_client(server))
    with pytest.raises(BedrockCompatibilityError) as err:
        client.responses.create(model=M, input="x", tools=WEB)
    assert server.requests == []
    assert "web-search" in str(err.value) and "what to do instead" in str(err.value)
    assert [f.capability for f in err.value.findings] == ["web-search"]
    response = client.responses.create(model=M, input="fine")
    assert response.id == "resp_1" and len(server.requests) == 1


def test_raise_mode_sees_extra_body_chat_and_parse(server) -> None:
    client = guard(_client(server))
    with pytest.raises(BedrockCompatibilityError, match="service-tiers"):
        client.responses.create(model=M, input="x", extra_body={"service_tier": "flex"})
    with pytest.raises(BedrockCompatibilityError, match="web-search"):
        client.chat.completions.create(model=M, messages=[{"role": "user", "content": "x"}], web_search_options={})
    with pytest.raises(BedrockCompatibilityError, match="model-id"):
        client.chat.completions.create(model="gpt-5.5", messages=[{"role": "user", "content": "x"}])
    assert server.requests == []


def test_streaming(server) -> None:
    client = guard(_client(server))
    with pytest.raises(BedrockCompatibilityError):
        client.responses.create(model=M, input="x", tools=WEB, stream=True)
    with pytest.raises(BedrockCompatibilityError), client.responses.stream(model=M, input="x", tools=WEB) as stream:
        list(stream)
    assert server.requests == []
    events = list(client.responses.create(model=M, input="x", stream=True))
    assert [e.type for e in events] == ["response.created"] and len(server.requests) == 1


def test_websocket_entry_points_fail_on_their_own(server) -> None:
    client = guard(_client(server))
    with pytest.raises(BedrockCompatibilityError, match="websocket"):
        client.responses.connect()
    with pytest.raises(BedrockCompatibilityError, match="websocket"):
        client.realtime.connect(model="gpt-realtime")
    assert server.requests == []


def test_warn_mode_sends_and_warns(server, caplog: pytest.LogCaptureFixture) -> None:
    client = guard(_client(server), mode="warn")
    with (
        caplog.at_level(logging.WARNING, logger="bedrock_check.guard"),
        pytest.warns(BedrockCompatibilityWarning, match="web-search"),
    ):
        client.responses.create(model=M, input="x", tools=WEB)
    assert len(server.requests) == 1 and server.requests[0]["body"]["tools"] == WEB  # sent as written
    assert "What to do instead" in caplog.text


def test_record_mode_collects_and_logs_for_validate(server, tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    client = guard(_client(server, max_retries=2), mode="record", log_path=log)
    server.script = ["500"]  # one retry: checked once, not twice
    client.responses.create(model=M, input="x", tools=WEB)
    client.responses.create(model=M, input="y", background=True)
    client.responses.create(model=M, input="z")
    state = guard_state(client)
    assert [f.capability for f in state.findings] == ["web-search", "background-mode"]
    assert state.requests == 3 and len(server.requests) == 4
    assert json.loads(state.report().render("json"))["summary"]["errors"] == 1
    result = CliRunner().invoke(app, ["validate", "--no-config", "--format", "json", str(log)])
    assert sorted(f["capability"] for f in json.loads(result.stdout)["findings"]) == ["background-mode", "web-search"]
    assert [f["line"] for f in json.loads(result.stdout)["findings"] if f["capability"] == "web-search"] == [1]


def test_async_clients(server) -> None:
    async def main() -> None:
        client = guard(_client(server, cls=openai.AsyncOpenAI))
        with pytest.raises(BedrockCompatibilityError):
            await client.responses.create(model=M, input="x", tools=WEB)
        assert server.requests == []
        response = await client.responses.create(model=M, input="ok")
        assert response.id == "resp_1"
        stream = await client.responses.create(model=M, input="x", stream=True)
        assert [e.type async for e in stream] == ["response.created"]
        warned = guard(_client(server, cls=openai.AsyncOpenAI), mode="warn")
        with pytest.warns(BedrockCompatibilityWarning):
            await warned.responses.create(model=M, input="x", tools=WEB)

    asyncio.run(main())
    assert len(server.requests) == 3


def test_bedrock_clients_use_their_region(server) -> None:
    client = guard(openai.BedrockOpenAI(aws_region="us-west-2", api_key=TOKEN, base_url=server.base, max_retries=0))
    with pytest.raises(BedrockCompatibilityError, match="region-availability"):
        client.responses.create(model=M, input="x")
    east = guard(openai.BedrockOpenAI(aws_region="us-east-2", api_key=TOKEN, base_url=server.base, max_retries=0))
    assert east.responses.create(model=M, input="x").id == "resp_1"
    async_client = guard(
        openai.AsyncBedrockOpenAI(aws_region="us-east-2", api_key=TOKEN, base_url=server.base, max_retries=0)
    )
    with pytest.raises(BedrockCompatibilityError):
        asyncio.run(async_client.responses.create(model=M, input="x", tools=WEB))


def test_guard_rejects_what_is_not_a_client() -> None:
    with pytest.raises(TypeError):
        guard(object())
    with pytest.raises(ValueError, match="mode"):
        guard(openai.OpenAI(api_key="x"), mode="shout")  # type: ignore[arg-type]


def test_har_files(tmp_path: Path) -> None:
    def entry(url: str, body: dict) -> dict:
        return {"request": {"method": "POST", "url": url, "headers": [], "postData": {"mimeType": "application/json", "text": json.dumps(body)}},
                "response": {"status": 200}}  # fmt: skip

    har = {"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": "https://api.openai.com/v1/models"}, "response": {}},
        entry("https://api.openai.com/v1/responses", {"model": M, "input": "x", "tools": WEB}),
        entry("https://api.openai.com/v1/chat/completions", {"model": "gpt-4o", "messages": []}),
        entry("https://example.com/v1/other", {"tools": WEB}),
    ]}}  # fmt: skip
    path = tmp_path / "traffic.har"
    path.write_text(json.dumps(har, indent=1))
    result = CliRunner().invoke(app, ["validate", "--no-config", "--format", "json", str(path)])
    findings = json.loads(result.stdout)["findings"]
    assert sorted((f["capability"], f["context"]) for f in findings) == [
        ("chat-completions", "HAR entry 2"), ("model-availability", "HAR entry 2"), ("web-search", "HAR entry 1")]  # fmt: skip
    web = next(f for f in findings if f["capability"] == "web-search")
    assert (
        '"postData"' in path.read_text().splitlines()[web["line"] - 2]
        or "text" in path.read_text().splitlines()[web["line"] - 1]
    )


SAMPLE = """
import openai
import pytest

def _client():
    return openai.OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9/v1", max_retries=0)

def test_uses_web_search():
    with pytest.raises(openai.APIConnectionError):
        _client().responses.create(model="openai.gpt-5.5", input="x", tools=[{"type": "web_search"}])

def test_plain_request():
    with pytest.raises(openai.APIConnectionError):
        _client().responses.create(model="openai.gpt-5.5", input="x")

def test_background_is_a_warning(bedrock_check_findings):
    with pytest.raises(openai.APIConnectionError):
        _client().responses.create(model="openai.gpt-5.5", input="x", background=True)
    assert [f.capability for f in bedrock_check_findings] in ([], ["background-mode"])
"""


@pytest.mark.slow
def test_pytest_plugin_off_by_default(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


@pytest.mark.slow
def test_pytest_plugin_fails_tests_that_would_fail_on_bedrock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sample=SAMPLE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--bedrock-check")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*test_uses_web_search*", "*web-search*what to do instead*"])
    strict = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--bedrock-check", "--bedrock-check-fail-on", "warning"
    )
    strict.assert_outcomes(passed=1, failed=2)
    pytester.makeini("[pytest]\nbedrock_check = true\n")
    via_ini = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--bedrock-check-region", "us-west-2")
    via_ini.assert_outcomes(failed=3)  # openai.gpt-5.5 is not offered in us-west-2


def test_parse_helpers_are_checked(server) -> None:
    from pydantic import BaseModel

    class Answer(BaseModel):
        text: str

    client = guard(_client(server))
    with pytest.raises(BedrockCompatibilityError, match="web-search"):
        client.responses.parse(model=M, input="x", tools=WEB, text_format=Answer)
    with pytest.raises(BedrockCompatibilityError, match="service-tiers"):
        client.chat.completions.parse(
            model=M, messages=[{"role": "user", "content": "x"}], response_format=Answer, service_tier="priority"
        )
    assert server.requests == []
    recorder = guard(_client(server), mode="record")
    recorder.responses.parse(model=M, input="x", text_format=Answer)
    assert [u.capability for u in guard_state(recorder).uses if u.capability == "structured-outputs"] == [
        "structured-outputs"
    ]
