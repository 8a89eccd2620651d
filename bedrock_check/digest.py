"""SHA-256 without importing `hashlib` (finding fingerprints, cache keys).

`hashlib` loads OpenSSL when imported, which costs a short run (`validate` of one request)
more than all the hashing it does. The interpreter's own SHA-256 module (`_sha256` up to
Python 3.11, `_sha2` since) gives the same digests; `hashlib` is the fallback where
neither exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _constructor() -> Callable[..., Any]:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]  # no stubs; absent on 3.12+
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]  # no stubs; 3.12+ only
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment,unused-ignore]  # the same callable, typed apart
    return sha256  # type: ignore[no-any-return,unused-ignore]  # untyped when from a private module


#: `sha256(data)`: a hash object with `update`, `digest` and `hexdigest`, as `hashlib.sha256`.
sha256: Callable[..., Any] = _constructor()
