"""Writing reports, baselines and layers: to stdout, or to a file without ever losing data.

- A regular file (or a link to one) is replaced atomically: a temporary file beside it,
  synced, then renamed over it, so a reader or a killed run sees the old file or the new.
- A character device (`/dev/null`, a terminal) or a FIFO is written through, never
  replaced; a FIFO with no reader is an error, not a hang. Sockets, block devices and
  folders are refused.
- No folder is created: a missing parent is an error.
- Before anything is written, `check_outputs` refuses an output named twice or one that
  is also an input of the run.

Every failure is a ConfigError (one line, exit 2) naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from bedrock_check.errors import ConfigError
from bedrock_check.report import FORMATS


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (read-only folder or file?)"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return exc.strerror or str(exc)


def _resolve(path: str | Path) -> Path:
    """The path with every symbolic link resolved (the file a write would land in)."""
    return Path(os.path.realpath(os.fspath(path)))


def _write_through(path: Path, mode: int, data: bytes, shown: str) -> None:
    """Write into a character device or a FIFO without replacing the node."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if stat.S_ISFIFO(mode):
        flags |= os.O_NONBLOCK  # no reader: ENXIO at once instead of blocking forever
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise ConfigError(f"{shown}: a FIFO with no reader; nothing written") from None
        raise ConfigError(f"{shown}: cannot write: {_why(exc)}") from None
    try:
        if stat.S_ISFIFO(mode):
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot write: {_why(exc)}") from None
    finally:
        os.close(fd)


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` by the rules in the module docstring."""
    shown = os.fspath(path)
    if not shown:
        raise ConfigError("an empty output path")
    # A lone surrogate (from a JSON escape or an undecodable file name) is written as its
    # escape sequence: the report stays valid UTF-8 and the run does not crash on it.
    data = text.encode("utf-8", errors="backslashreplace")
    try:
        # stat (and open) the name as given: the kernel follows /dev/stdout and
        # /proc/self/fd/1 to the pipe or terminal they stand for, which realpath cannot.
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot write: {_why(exc)}") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise ConfigError(f"{shown}: is a folder; name a file to write")
        if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            _write_through(Path(path), st.st_mode, data, shown)
            return
        raise ConfigError(f"{shown}: not a regular file (a socket or block device); refusing to write")
    real = _resolve(path)  # a regular file behind links: replace the file, keep the links
    directory = real.parent
    if not directory.is_dir():
        raise ConfigError(f"{shown}: folder {directory} does not exist (bedrock-check creates no folders)")
    import tempfile  # here: its import (random, shutil) is a cost a run writing no file never pays

    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{real.name[:100]}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot write: {_why(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, st.st_mode & 0o777 if st is not None else 0o644)
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ConfigError(f"{shown}: cannot write: {_why(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _identity(path: str) -> object:
    """What two names of one file share: (device, inode) when it exists, else the resolved
    path; None for a character device (`/dev/null` named twice is harmless)."""
    real = _resolve(path)
    try:
        st = os.stat(real)
    except OSError:
        return str(real)
    return None if stat.S_ISCHR(st.st_mode) else (st.st_dev, st.st_ino)


def check_outputs(outputs: list[tuple[str, str]], inputs: list[str] | tuple[str, ...] = ()) -> None:
    """Refuse, before anything is written: an output named twice (`(what, path)` pairs,
    e.g. ("--output", "r.sarif")), an output that is a folder, or one that is an input."""
    seen: dict[object, str] = {}
    for what, path in outputs:
        if not path:
            raise ConfigError(f"{what}: an empty path")
        if os.path.isdir(path):
            raise ConfigError(f"{what} {path}: is a folder; name a file to write")
        key = _identity(path)
        if key is not None and key in seen:
            raise ConfigError(f"{what} {path}: the same file as {seen[key]}; each output needs its own file")
        seen[key] = f"{what} {path}"
    sources = {_identity(p) for p in inputs if p != "-" and os.path.isfile(p)}
    for what, path in outputs:
        if _identity(path) in sources:
            raise ConfigError(f"{what} {path}: is also an input of this run; refusing to overwrite it")


def inside(path: str, root: Path) -> bool:
    """Whether `path`, links resolved, lies inside the folder `root`."""
    real, top = _resolve(path), _resolve(root)
    return real == top or top in real.parents


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
