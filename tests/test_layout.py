"""CONTRIBUTING.md's tree of the package names every module and sub-package there is, so
the picture a new maintainer reads is the package they will find."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT


def _tree() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text()
    start = text.index("```\nbedrock_check/\n")
    return text[start : text.index("```\n", start + 4)]


def test_every_module_and_sub_package_is_in_the_contributing_tree() -> None:
    tree = _tree()
    named = set(re.findall(r"\b([a-z_]+(?:\.py|/))", tree))
    package = ROOT / "bedrock_check"
    present = {p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    present |= {p.name + "/" for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert present - named == set(), "add these to CONTRIBUTING.md's tree"
    assert {n for n in named if n.endswith("/")} - present <= {"bedrock_check/", "tests/", "bench/", "tools/"}


def test_every_sub_package_is_a_regular_package() -> None:
    package = ROOT / "bedrock_check"
    for folder in package.iterdir():
        if folder.is_dir() and any(folder.glob("*.py")):
            assert (folder / "__init__.py").exists(), f"{folder.name}/ has no __init__.py (and no docstring)"


#: The most lines a module of the package may have (issue 10: small modules, one concept
#: each; aim for about 400 and split along concepts well before this).
MAX_MODULE_LINES = 500


def _oversized(package: Path, limit: int) -> dict[str, int]:
    """The modules under `package` longer than `limit` lines, with their line counts."""
    sizes = {p.relative_to(package.parent).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in sorted(package.rglob("*.py"))}  # fmt: skip
    return {path: n for path, n in sizes.items() if n > limit}


def test_no_module_of_the_package_grows_past_the_limit() -> None:
    package = ROOT / "bedrock_check"
    assert len(list(package.rglob("*.py"))) > 100  # the real package tree
    big = _oversized(package, MAX_MODULE_LINES)
    assert big == {}, f"split these modules along their concepts (at most {MAX_MODULE_LINES} lines each): {big}"


def test_the_size_check_finds_a_long_module(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text('"""A package."""\n')
    (package / "sub" / "big.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (package / "sub" / "edge.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    assert _oversized(package, MAX_MODULE_LINES) == {"pkg/sub/big.py": MAX_MODULE_LINES + 1}


def test_only_the_sites_read_their_foreign_spans() -> None:
    """The spans of calls to another provider are the `Sites` object's own state; the readers
    outside its class ask `sites.in_foreign(span)` (one place says what inside one means)."""
    package = ROOT / "bedrock_check"
    readers = {p.relative_to(ROOT).as_posix() for p in package.rglob("*.py")
               if re.search(r"\._foreign\b", p.read_text(encoding="utf-8")) and p.parent.name != "sites"}  # fmt: skip
    assert readers == set()
