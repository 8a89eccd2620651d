"""CONTRIBUTING.md's tree of the package names every module and sub-package there is, so
the picture a new maintainer reads is the package they will find."""

from __future__ import annotations

import re

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
