"""Shared fixtures: the shipped matrix, an engine for the default target, paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.engine import Engine
from bedrock_check.matrix import Matrix, Target, load_matrix, resolve_target

pytest_plugins = ["pytester"]

from hypothesis import HealthCheck, settings  # noqa: E402

# The default run keeps property tests quick; `--hypothesis-profile=fuzz` is the long run
# (see CONTRIBUTING.md).
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=_SUPPRESS)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    # Keep the matrix cache of test runs out of the user's cache folder.
    import os
    import tempfile

    os.environ.setdefault("BEDROCK_CHECK_CACHE_DIR", tempfile.mkdtemp(prefix="bedrock-check-cache-"))


@pytest.fixture(scope="session")
def matrix() -> Matrix:
    return load_matrix()


@pytest.fixture(scope="session")
def target(matrix: Matrix) -> Target:
    return resolve_target(matrix, None, None)


@pytest.fixture(scope="session")
def engine(matrix: Matrix, target: Target) -> Engine:
    return Engine(matrix, target)
