"""The library entry points behind `bedrock_check.scanner` and `bedrock_check.validator`."""

from __future__ import annotations

from collections.abc import Iterable

from bedrock_check.matrix import Matrix, load_matrix, resolve_target
from bedrock_check.report.model import Report


def scan(
    paths: Iterable[str] | str = ".",
    *,
    model: str | None = None,
    region: str | None = None,
    matrix: Matrix | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    max_file_size: int | None = None,
    jobs: int | None = None,
) -> Report:
    """Scan files and directories; the same as `bedrock-check scan`, as a Report."""
    from bedrock_check.scanner import DEFAULT_MAX_FILE_SIZE, scan_paths

    mx = matrix or load_matrix()
    items = [paths] if isinstance(paths, str) else list(paths)
    return scan_paths(items, mx, resolve_target(mx, model, region), include=include, exclude=exclude,
                      max_file_size=max_file_size or DEFAULT_MAX_FILE_SIZE, jobs=jobs)  # fmt: skip


def validate(
    paths: Iterable[str] | str, *, model: str | None = None, region: str | None = None, matrix: Matrix | None = None
) -> Report:
    """Validate request files (JSON, JSON Lines, YAML, HAR); the same as `bedrock-check validate`."""
    from bedrock_check.validator import validate_paths

    mx = matrix or load_matrix()
    items = [paths] if isinstance(paths, str) else list(paths)
    return validate_paths(items, mx, resolve_target(mx, model, region))
