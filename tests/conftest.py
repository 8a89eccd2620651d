"""Shared fixtures: the shipped matrix, an engine and a prefilter for the default target, paths.

They are session-scoped and never changed by a test: building an engine compiles the matrix,
and a prefilter builds one token automaton per file kind (milliseconds each, hundreds of times)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.engine import Engine
from bedrock_check.matrix import Matrix, Target, load_matrix, resolve_target
from bedrock_check.scanner import Prefilter

pytest_plugins = ["pytester"]

#: Fixture repositories are scanned, never collected (a script there may be named like a test).
collect_ignore_glob = ["fixtures/*"]

from hypothesis import HealthCheck, settings  # noqa: E402

# The default run keeps property tests quick; `--hypothesis-profile=fuzz` is the long run
# (see CONTRIBUTING.md).
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=_SUPPRESS)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


#: The matrix cache folder this process made for the run (removed at its end), if it made one.
_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    # Keep the matrix cache of test runs out of the user's cache folder. Under pytest-xdist the
    # workers inherit the folder the first process made: they share one cache, whose entries
    # are written whole (a temporary file and a rename), so the matrix is compiled once a run.
    import os
    import tempfile

    if "BEDROCK_CHECK_CACHE_DIR" not in os.environ:
        os.environ["BEDROCK_CHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="bedrock-check-cache-")
        _OWN_CACHE.append(os.environ["BEDROCK_CHECK_CACHE_DIR"])


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    for folder in _OWN_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def matrix() -> Matrix:
    return load_matrix()


@pytest.fixture(scope="session")
def target(matrix: Matrix) -> Target:
    return resolve_target(matrix, None, None)


@pytest.fixture(scope="session")
def engine(matrix: Matrix, target: Target) -> Engine:
    return Engine(matrix, target)


@pytest.fixture(scope="session")
def prefilter(engine: Engine) -> Prefilter:
    """The scan's prefilter for the default target (it holds no mutable state)."""
    return Prefilter(engine, 1 << 20)
