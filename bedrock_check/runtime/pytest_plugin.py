"""A pytest plugin that turns a test suite into a Bedrock parity check.

Off unless enabled with `--bedrock-check` (or `bedrock_check = true` in the pytest
ini). When on, every OpenAI client a test creates is checked in record mode, and a
test whose requests would fail on the target fails, with the findings and what to
do instead. `--bedrock-check-model`, `--bedrock-check-region` and
`--bedrock-check-fail-on` set the target and threshold. The `bedrock_check_findings`
fixture gives a test the findings recorded so far.
"""

from __future__ import annotations

import contextlib
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
    from bedrock_check.runtime.guard import GuardState

    config = item.config
    engine = _engine(config)
    target = engine.target
    state = GuardState(engine, "record", config.getoption("--bedrock-check-fail-on"))
    item.stash[_KEY] = state.findings
    with _hooked(state):
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


@contextlib.contextmanager
def _hooked(state: Any) -> Iterator[None]:
    """Hook the SDK at class level for one test, so every client it creates is checked.
    A hook the SDK no longer has is a warning in the test's report, not a silent pass."""
    import warnings

    from bedrock_check.runtime.guard import GuardSetupWarning, _options_hook, check_connect
    from bedrock_check.runtime.sdk import ConnectPoint, patched_classes, version_problem
    from bedrock_check.vocabulary import ApiEndpoint

    problem = version_problem()

    def on_connect(point: ConnectPoint, cls: type, kwargs: dict[str, Any]) -> None:
        check_connect(state, point.endpoint == ApiEndpoint.REALTIME, f"{cls.__name__}.connect", kwargs)

    with patched_classes(_options_hook(state), on_connect) as problems:
        for message in [*problems, *([problem] if problem else [])]:
            warnings.warn(f"bedrock-check: {message}", GuardSetupWarning, stacklevel=2)
        yield
