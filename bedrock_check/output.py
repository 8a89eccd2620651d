"""Writing reports: to stdout, to a file atomically, or several formats in one run."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from bedrock_check.errors import ConfigError
from bedrock_check.report import FORMATS


def write_atomic(path: str | Path, text: str) -> None:
    """Write text to a temporary file beside `path`, then rename it into place: a reader
    (or an interrupted run) sees the old file or the new one, never half of one."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def parse_also(values: list[str]) -> list[tuple[str, str]]:
    """`--also FORMAT=PATH` values as (format, path) pairs."""
    pairs = []
    for value in values:
        fmt, sep, path = value.partition("=")
        if not sep or not path:
            raise ConfigError(f"--also {value!r}: expected FORMAT=PATH, e.g. sarif=results.sarif")
        if fmt not in FORMATS:
            raise ConfigError(f"--also {value!r}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
        pairs.append((fmt, path))
    return pairs
