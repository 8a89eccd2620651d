"""Reading a file named by a user, a config or a repository, with bounds: only a regular
file (a FIFO, device or socket would block or never end) and only up to a size limit.
Failures are OSError with a plain `strerror`, so callers report them as they report any
unreadable file."""

from __future__ import annotations

import errno
import os
import stat

#: Layers, configs, baselines and token files are small; a larger one is refused.
DEFAULT_LIMIT = 64 * 2**20


def read_bytes(path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT) -> bytes:
    """The file's bytes; OSError when it is not a regular file or is over `limit` bytes."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise OSError(errno.EISDIR, "is a folder")
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, device or socket); not read")
        if st.st_size > limit:
            raise OSError(errno.EFBIG, f"{st.st_size:,} bytes is over the {limit:,}-byte limit")
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while we read
                raise OSError(errno.EFBIG, f"over the {limit:,}-byte limit")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT) -> str:
    """The file as UTF-8 text (a BOM is dropped); OSError or UnicodeDecodeError."""
    return read_bytes(path, limit).decode("utf-8-sig")
