"""Shared fixtures: the shipped matrix, an engine for the default target, paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.engine import Engine
from bedrock_check.matrix import Matrix, Target, load_matrix, resolve_target

pytest_plugins = ["pytester"]

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
