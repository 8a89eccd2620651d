"""A cache of validated matrices, so a run does not re-validate an unchanged matrix.

The key covers the package version and every file's resolved path, size and
modification time. Entries are pickles read back with an unpickler that only
admits the matrix record classes and a few builtins: a tampered cache file can
make the load fail (and be rebuilt), not run code. Every failure here is silent:
the cache is an optimisation, never a requirement.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path

from bedrock_check import __version__

_ALLOWED = {
    ("datetime", "date"),
    ("builtins", "list"),
    ("builtins", "dict"),
    ("builtins", "tuple"),
    ("builtins", "getattr"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}


def cache_dir() -> Path:
    """Where cache entries live: $BEDROCK_CHECK_CACHE_DIR, else the user cache folder."""
    explicit = os.environ.get("BEDROCK_CHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bedrock-check"


def cache_key(paths: tuple[Path, ...]) -> str | None:
    """A key for this list of matrix files, or None when caching is off or a file is missing."""
    if os.environ.get("BEDROCK_CHECK_NO_CACHE"):
        return None
    parts = [__version__]
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            return None
        parts.append(f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if module == "bedrock_check.matrix" or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a matrix record")


def read(key: str) -> object | None:
    """The cached matrix for this key, or None."""
    from bedrock_check.matrix import Matrix

    try:
        data = (cache_dir() / f"matrix-{key}.pickle").read_bytes()
        value = _RecordUnpickler(io.BytesIO(data)).load()
    except Exception:
        return None
    return value if isinstance(value, Matrix) else None


def write(key: str, matrix: object) -> None:
    """Store a validated matrix atomically (temp file and rename); errors are ignored."""
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".matrix-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(matrix, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"matrix-{key}.pickle")
    except Exception:
        with contextlib.suppress(Exception):
            os.unlink(tmp)  # type: ignore[possibly-undefined]
