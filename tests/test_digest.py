"""Fingerprints and cache keys hash with the interpreter's own SHA-256: the digests are hashlib's."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from bedrock_check.digest import sha256
from bedrock_check.findings import fingerprint


@pytest.mark.parametrize("data", [b"", b"abc", "\u00e9\udc80".encode("utf-8", "surrogatepass"), bytes(range(256)) * 300])
def test_digests_are_hashlibs(data: bytes) -> None:
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    h, ref = sha256(), hashlib.sha256()
    for part in (data[:7], data[7:]):
        h.update(part)
        ref.update(part)
    assert h.digest() == ref.digest()


def test_fingerprint_is_unchanged() -> None:
    expected = hashlib.sha256(b"web-search\0app.py\0client.responses.create").hexdigest()[:20]
    assert fingerprint("web-search", "app.py", "client.responses.create") == expected


def test_hashing_does_not_import_hashlib() -> None:
    code = "import sys; from bedrock_check.digest import sha256; sha256(b'x').hexdigest(); print('hashlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ("False" if _has_builtin() else "True")


def _has_builtin() -> bool:
    for name in ("_sha256", "_sha2"):
        try:
            __import__(name)
            return True
        except ImportError:
            continue
    return False
