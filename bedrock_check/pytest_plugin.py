"""A pytest plugin that turns a test suite into a Bedrock parity check.

Off unless enabled with `--bedrock-check` (or `bedrock_check = true` in the pytest
ini). When on, every OpenAI client a test creates is checked in record mode, and a
test whose requests would fail on the target fails, with the findings and what to
do instead. `--bedrock-check-model`, `--bedrock-check-region` and
`--bedrock-check-fail-on` set the target and threshold. The `bedrock_check_findings`
fixture gives a test the findings recorded so far.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

_KEY = pytest.StashKey[list]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("bedrock-check", "Amazon Bedrock parity")
    group.addoption(
        "--bedrock-check",
        action="store_true",
        default=None,
        help="Fail tests whose OpenAI requests would fail on Bedrock.",
    )
    group.addoption("--bedrock-check-model", default=None, help="Target Bedrock model id.")
    group.addoption("--bedrock-check-region", default=None, help="Target AWS Region.")
    group.addoption(
        "--bedrock-check-fail-on",
        default="error",
        choices=("error", "warning"),
        help="Lowest severity that fails a test.",
    )
    parser.addini("bedrock_check", "Enable the bedrock-check parity check", type="bool", default=False)


def _enabled(config: pytest.Config) -> bool:
    flag = config.getoption("--bedrock-check")
    return bool(flag) if flag is not None else bool(config.getini("bedrock_check"))


@pytest.fixture
def bedrock_check_findings(request: pytest.FixtureRequest) -> list:
    """Findings recorded for the current test (empty when the plugin is off)."""
    return request.node.stash.get(_KEY, [])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    if not _enabled(item.config):
        return (yield)
    from bedrock_check.sdk_guard import GuardState

    config = item.config
    engine = _engine(config)
    target = engine.target
    state = GuardState(engine, "record", config.getoption("--bedrock-check-fail-on"))
    item.stash[_KEY] = state.findings
    with _patched(state):
        result = yield
    from bedrock_check.findings import SEVERITY_RANK

    threshold = SEVERITY_RANK[state.fail_on]
    failing = [f for f in state.findings if SEVERITY_RANK[f.severity] >= threshold]
    if failing:
        lines = [
            f"{len(failing)} OpenAI request finding(s) would fail on Amazon Bedrock ({target.model} in {target.region}):"
        ]
        for f in failing:
            lines.append(f"  - {f.capability}: {f.message} [{f.value}] -- what to do instead: {f.remediation}")
        pytest.fail("\n".join(lines), pytrace=False)
    return result


_ENGINE = pytest.StashKey[Any]()


def _engine(config: pytest.Config) -> Any:
    """The engine for this session's target, compiled once (not once per test)."""
    if _ENGINE not in config.stash:
        from bedrock_check.engine import Engine
        from bedrock_check.matrix import load_matrix, resolve_target

        matrix = load_matrix()
        model, region = config.getoption("--bedrock-check-model"), config.getoption("--bedrock-check-region")
        config.stash[_ENGINE] = Engine(matrix, resolve_target(matrix, model, region))
    return config.stash[_ENGINE]


class _patched:
    """Patch the SDK's request hook and connect entry points at class level, so every
    client created during the test is checked."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.undo: list[tuple[Any, str, Any]] = []

    def _swap(self, owner: Any, name: str, new: Any) -> None:
        self.undo.append((owner, name, owner.__dict__.get(name)))
        setattr(owner, name, new)

    def __enter__(self) -> None:
        from openai import _base_client

        from bedrock_check.sdk_guard import _options_hook, check_connect

        state = self.state
        check = _options_hook(state)

        sync_original = _base_client.SyncAPIClient._prepare_options
        async_original = _base_client.AsyncAPIClient._prepare_options

        def prepare(self: Any, options: Any) -> Any:
            options = sync_original(self, options)
            check(options)
            return options

        async def prepare_async(self: Any, options: Any) -> Any:
            options = await async_original(self, options)
            check(options)
            return options

        self._swap(_base_client.SyncAPIClient, "_prepare_options", prepare)
        self._swap(_base_client.AsyncAPIClient, "_prepare_options", prepare_async)
        for cls in _connect_classes():
            original = cls.connect

            def connect(resource: Any, *args: Any, _original: Any = original, _cls: Any = cls, **kwargs: Any) -> Any:
                check_connect(state, "Realtime" in _cls.__name__, f"{_cls.__name__}.connect", kwargs)
                return _original(resource, *args, **kwargs)

            self._swap(cls, "connect", connect)

    def __exit__(self, *exc: object) -> None:
        for owner, name, old in reversed(self.undo):
            if old is None:
                delattr(owner, name)
            else:
                setattr(owner, name, old)


def _connect_classes() -> list[Any]:
    classes = []
    for module, names in (
        ("openai.resources.responses.responses", ("Responses", "AsyncResponses")),
        ("openai.resources.realtime.realtime", ("Realtime", "AsyncRealtime")),
        ("openai.resources.beta.realtime.realtime", ("Realtime", "AsyncRealtime")),
    ):
        try:
            import importlib

            mod = importlib.import_module(module)
        except ImportError:
            continue
        classes += [getattr(mod, n) for n in names if hasattr(getattr(mod, n, None), "connect")]
    return classes
