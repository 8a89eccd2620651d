"""Go's package scope: which sibling files are read for the names a Go file calls."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bedrock_check.extract import gopackage


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_sibling_file_declares_the_function(tmp_path: Path) -> None:
    gopackage._declarations.cache_clear()
    _write(tmp_path / "pkg" / "main.go", "package pkg\n\nfunc run() { callOpenAI() }\n")
    _write(tmp_path / "pkg" / "openai.go", "package pkg\n\nfunc callOpenAI() {}\n")
    found = gopackage.package_file(str(tmp_path / "pkg" / "main.go"), "callOpenAI")
    assert found == str(tmp_path / "pkg" / "openai.go")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_linked_file_is_not_read(tmp_path: Path) -> None:
    """A `.go` link in the package's folder may lead out of the scanned tree: it is not read."""
    gopackage._declarations.cache_clear()
    _write(tmp_path / "outside" / "secret.go", "package pkg\n\nfunc callOpenAI() {}\n")
    _write(tmp_path / "repo" / "pkg" / "main.go", "package pkg\n\nfunc run() { callOpenAI() }\n")
    os.symlink(tmp_path / "outside" / "secret.go", tmp_path / "repo" / "pkg" / "linked.go")
    assert gopackage.package_file(str(tmp_path / "repo" / "pkg" / "main.go"), "callOpenAI") is None
