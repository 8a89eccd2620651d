"""The guard's reach into the SDK: validated options, every derived client guarded,
`client.post` checked, and a loud failure (not a silent pass) when the SDK changes.

Runs the real `openai` package against the loopback server in `fake_bedrock.py`;
an SDK change is simulated by removing the hook from the SDK's classes."""

from __future__ import annotations

import re
import types
import warnings

import openai
import pytest

import bedrock_check
from bedrock_check import BedrockCompatibilityError, guard
from bedrock_check.engine import Engine
from bedrock_check.runtime.guard import GuardSetupError, GuardSetupWarning, guard_state
from bedrock_check.runtime.sdk import SdkHookProblem, read_request

from ..fake_bedrock import TOKEN, fake_bedrock

WEB = [{"type": "web_search"}]
M = "openai.gpt-5.5"


@pytest.fixture
def server(engine: Engine, matrix):
    with fake_bedrock(engine) as srv:
        srv.accept = {c.id for c in matrix.capabilities}
        yield srv


def _client(server, cls=openai.OpenAI):
    return cls(api_key=TOKEN, base_url=server.base, max_retries=0)


# ------------------------------------------------------------------ options


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fail_on": "errors"}, "fail_on must be one of 'error', 'warning', 'note', not 'errors'"),
        ({"mode": "shout"}, "mode must be one of 'raise', 'warn', 'record', not 'shout'"),
    ],
)
def test_option_values_are_validated(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        guard(openai.OpenAI(api_key="x"), **kwargs)


def test_error_messages_name_functions_that_exist() -> None:
    with pytest.raises(ValueError) as err:
        guard_state(openai.OpenAI(api_key="x"))
    named = re.findall(r"bedrock_check\.(\w+)\(", str(err.value))
    assert named == ["guard"]
    assert all(callable(getattr(bedrock_check, name)) for name in named)


# ------------------------------------------------------------------ derived clients (issue 13 point 8)


def test_with_options_copy_and_nested_derivations_are_guarded(server) -> None:
    client = guard(_client(server))
    derived = [
        client.with_options(timeout=5),
        client.copy(max_retries=0),
        client.with_options(timeout=5).copy().with_options(max_retries=0),
    ]
    for other in derived:
        assert isinstance(other, openai.OpenAI)
        with pytest.raises(BedrockCompatibilityError, match="web-search"):
            other.responses.create(model=M, input="x", tools=WEB)
        with pytest.raises(BedrockCompatibilityError, match="websocket"):
            other.responses.connect()
        assert guard_state(other) is guard_state(client)  # one state, one report
    assert server.requests == []
    assert derived[0].responses.create(model=M, input="fine").id == "resp_1"


def test_async_derived_clients_are_guarded(server) -> None:
    import asyncio

    client = guard(_client(server, openai.AsyncOpenAI))

    async def main() -> None:
        with pytest.raises(BedrockCompatibilityError):
            await client.with_options(timeout=5).responses.create(model=M, input="x", tools=WEB)

    asyncio.run(main())
    assert server.requests == []


def test_raw_post_and_raw_response_paths_are_checked(server) -> None:
    client = guard(_client(server))
    with pytest.raises(BedrockCompatibilityError, match="web-search"):
        client.post("/responses", body={"model": M, "input": "x", "tools": WEB}, cast_to=object)
    with pytest.raises(BedrockCompatibilityError, match="model-id"):
        client.post("/chat/completions", body={"model": "gpt-5.5", "messages": []}, cast_to=object)
    with pytest.raises(BedrockCompatibilityError, match="web-search"):
        client.with_raw_response.responses.create(model=M, input="x", tools=WEB)
    assert server.requests == []


def test_other_endpoints_are_checked_too(server) -> None:
    client = guard(_client(server))
    with pytest.raises(BedrockCompatibilityError, match="embeddings"):
        client.embeddings.create(model="text-embedding-3-small", input="x")
    recorder = guard(_client(server), mode="record")
    recorder.responses.cancel("resp_1")  # not a create request: nothing to check
    assert guard_state(recorder).requests == 0
    assert [r["path"] for r in server.requests] == ["/openai/v1/responses/resp_1/cancel"]  # embeddings was not sent


# ------------------------------------------------------------------ a simulated SDK change


def _remove_request_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    from openai import _base_client

    for cls in (openai.OpenAI, _base_client.SyncAPIClient):
        monkeypatch.delattr(cls, "_prepare_options", raising=False)


def test_missing_request_hook_is_an_error_in_raise_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    _remove_request_hook(monkeypatch)
    with pytest.raises(GuardSetupError, match=r"OpenAI has no _prepare_options\(\).*cannot see its HTTP requests"):
        guard(openai.OpenAI(api_key="x"))


@pytest.mark.parametrize("mode", ["warn", "record"])
def test_missing_request_hook_is_a_warning_in_other_modes(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    _remove_request_hook(monkeypatch)
    with pytest.warns(GuardSetupWarning, match="cannot see its HTTP requests"):
        client = guard(openai.OpenAI(api_key="x"), mode=mode)  # type: ignore[arg-type]
    assert isinstance(client, openai.OpenAI)


def test_missing_connect_entry_point_is_loud(monkeypatch: pytest.MonkeyPatch) -> None:
    from openai.resources.responses import responses

    monkeypatch.delattr(responses.Responses, "connect")
    with pytest.raises(GuardSetupError, match=r"client\.responses\.connect\(\) is missing"):
        guard(openai.OpenAI(api_key="x"))
    with pytest.warns(GuardSetupWarning, match=r"client\.responses\.connect\(\) is missing"):
        guard(openai.OpenAI(api_key="x"), mode="warn")


def test_connect_that_cannot_be_replaced_is_loud(monkeypatch: pytest.MonkeyPatch) -> None:
    from openai.resources.realtime import realtime

    # A resource that refuses to have `connect` replaced (as one with __slots__ would).
    def refuse(self: object, name: str, value: object) -> None:
        if name == "connect":
            raise AttributeError(name)
        object.__setattr__(self, name, value)

    monkeypatch.setattr(realtime.Realtime, "__setattr__", refuse)
    with pytest.raises(GuardSetupError, match=r"client\.realtime\.connect\(\) cannot be replaced"):
        guard(openai.OpenAI(api_key="x"))


def test_untested_sdk_version_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openai, "__version__", "4.0.0")
    with pytest.warns(GuardSetupWarning, match=r"openai 4\.0\.0 is not a version the guard is tested with"):
        guard(openai.OpenAI(api_key="x"))


def test_tested_sdk_version_is_quiet() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        guard(openai.OpenAI(api_key="x"))


def test_request_options_without_a_url_are_a_hook_problem() -> None:
    with pytest.raises(SdkHookProblem, match="no 'url'"):
        read_request(types.SimpleNamespace(method="post"))
    request = read_request(
        types.SimpleNamespace(method="post", url="/responses", json_data={"a": 1}, extra_json={"b": 2})
    )
    assert request.body == {"a": 1, "b": 2} and request.key is None


@pytest.mark.slow
def test_pytest_plugin_warns_when_the_sdk_changed(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "from openai.resources.responses import responses\n"
        "del responses.Responses.connect\n"
    )
    pytester.makepyfile(test_one="def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--bedrock-check", "-W", "default")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*GuardSetupWarning*Responses.connect is missing*"])
