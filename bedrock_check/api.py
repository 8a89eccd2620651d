"""The library's functions: each builds (or reuses) a `Checker`, the object the command line
uses too, so `bedrock_check.scan()` and `bedrock-check scan` give the same answer on the
same tree: the same config file (found the same way), ignores, baseline and filters.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bedrock_check.checker import Checker
from bedrock_check.matrix import Matrix
from bedrock_check.report.model import Report

ConfigChoice = str | Path | bool | None


def checker(
    config: ConfigChoice = None,
    *,
    model: str | None = None,
    region: str | None = None,
    matrix: Matrix | None = None,
    **settings: Any,
) -> Checker:
    """A compiled `Checker`. `config`: None finds the nearest config file as the command line
    does, False uses none, a path uses that file; `settings` are config keys over it
    (baseline, ignore, include, exclude, max_file_size, matrix layers, ...)."""
    return Checker.from_config(
        None if isinstance(config, bool) else config, search=config is not False, matrix=matrix,
        model=model, region=region, **settings,
    )  # fmt: skip


def scan(
    paths: Iterable[str] | str = ".",
    *,
    model: str | None = None,
    region: str | None = None,
    matrix: Matrix | None = None,
    config: ConfigChoice = None,
    changed_since: str | None = None,
    jobs: int | None = None,
    **settings: Any,
) -> Report:
    """Scan files and directories: the same as `bedrock-check scan`, as a Report."""
    found = checker(config, model=model, region=region, matrix=matrix, **settings)
    return found.scan(paths, changed_since=changed_since, jobs=jobs)


def validate(
    paths: Iterable[str] | str,
    *,
    model: str | None = None,
    region: str | None = None,
    matrix: Matrix | None = None,
    config: ConfigChoice = None,
    **settings: Any,
) -> Report:
    """Validate request files (JSON, JSON Lines, YAML, HAR); the same as `bedrock-check validate`."""
    return checker(config, model=model, region=region, matrix=matrix, **settings).validate(paths)


_CHECKERS: dict[tuple[Any, ...], tuple[Matrix | None, Checker]] = {}
_LOCK = threading.Lock()


def check_request(
    body: Any,
    *,
    model: str | None = None,
    region: str | None = None,
    matrix: Matrix | None = None,
    endpoint: str | None = None,
) -> Report:
    """Check one request body and return the report (no network, nothing raised for findings).

    The checker for a target is compiled on the first call and kept, so later calls cost
    only the check; for full control, build a `Checker` and call its `check_request`.
    No config file is read: a request is not a file in a tree.
    """
    # Keyed by the matrix object itself (kept alive in the value, so its id is not reused).
    key = (model, region, id(matrix))
    entry = _CHECKERS.get(key)
    if entry is None:
        with _LOCK:
            if len(_CHECKERS) > 32:
                _CHECKERS.clear()
            entry = _CHECKERS[key] = (matrix, Checker(matrix=matrix, model=model, region=region))
    return entry[1].check_request(body, endpoint=endpoint)
