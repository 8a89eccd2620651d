"""One function builds every finding (`engine.finding.build_finding`): redaction, pointer,
fingerprint and citation are done once, whatever produced the finding. A producer that
built a `Finding` itself, or rewrote what the builder decides on a built one, would skip them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import bedrock_check
from bedrock_check.findings import TARGET_PATH, fingerprint

PACKAGE = Path(bedrock_check.__file__).parent
BUILDER = PACKAGE / "engine" / "finding.py"
ROOT = PACKAGE.parent

#: Fields of a finding only the builder decides (a built finding may still be moved onto a
#: line, suppressed or reworded, in the builder's module or by setting `suppressed`).
_BUILT = frozenset({"fingerprint", "snippet", "value", "pointer", "source", "title", "remediation", "message"})


def _calls(tree: ast.AST) -> list[tuple[ast.Call, str]]:
    """Each call in a module and the last name of what it calls."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            out.append((node, name))
    return out


def _offences(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for call, name in _calls(tree):
        if name == "Finding":
            found.append(f"{path.relative_to(root)}:{call.lineno}: builds a Finding")
        elif name == "replace" and call.args and {k.arg for k in call.keywords} & _BUILT:
            target = call.args[0]
            if isinstance(target, ast.Name) and target.id in ("f", "finding", "found"):
                found.append(f"{path.relative_to(root)}:{call.lineno}: rewrites a finding's "
                             f"{sorted({k.arg for k in call.keywords} & _BUILT)}")  # fmt: skip
    return found


def test_no_module_but_the_builder_builds_a_finding() -> None:
    offences = [o for path in sorted(PACKAGE.rglob("*.py")) if path != BUILDER for o in _offences(path)]
    assert offences == [], "build findings with bedrock_check.engine.finding.build_finding:\n" + "\n".join(offences)


def test_the_builder_module_builds_one_finding_in_one_function() -> None:
    tree = ast.parse(BUILDER.read_text(encoding="utf-8"))
    builders = [fn.name for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef)
                for call, name in _calls(fn) if name == "Finding"]  # fmt: skip
    assert builders == ["build_finding"]


def test_the_check_catches_a_producer_that_builds_its_own(tmp_path: Path) -> None:
    (tmp_path / "built.py").write_text("from bedrock_check.findings import Finding\n\n"
                                       "def make(**kw):\n    return Finding(**kw)\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "moved.py").write_text("from dataclasses import replace\n\n"
                                       "def hide(f):\n    return replace(f, snippet=f.snippet[:3])\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "fine.py").write_text("from dataclasses import replace\n\n"
                                      "def quiet(f, why):\n    return replace(f, suppressed=why)\n", encoding="utf-8")  # fmt: skip
    assert [len(_offences(tmp_path / n, tmp_path)) for n in ("built.py", "moved.py", "fine.py")] == [1, 1, 0]


def test_target_findings_keep_their_fingerprint(matrix) -> None:
    """A target finding's fingerprint is made of the model and the Region (the JSON contract:
    fingerprints stay stable across releases)."""
    from bedrock_check.engine import Engine
    from bedrock_check.engine.finding import target_findings
    from bedrock_check.matrix import resolve_target

    target = resolve_target(matrix, None, "eu-west-1")
    (finding,) = target_findings(Engine(matrix, target))
    assert finding.path == TARGET_PATH
    assert finding.fingerprint == fingerprint(finding.capability, TARGET_PATH, f"{target.model}@{target.region}")
    assert finding.snippet == f"--model {target.model} --region {target.region}"
    assert finding.source  # cited as the matrix cites the capability


def test_a_target_finding_placed_on_a_config_line_is_masked(matrix) -> None:
    from bedrock_check.engine import Engine
    from bedrock_check.engine.finding import on_line, target_findings
    from bedrock_check.matrix import resolve_target

    (finding,) = target_findings(Engine(matrix, resolve_target(matrix, None, "eu-west-1")))
    moved = on_line(finding, "bedrock-check.toml", 3, '  region = "eu-west-1"  # api_key = "sk-abcdefghijklmnopqrstuv"')
    assert (moved.path, moved.line, moved.column) == ("bedrock-check.toml", 3, 3)
    assert "sk-abcdefghijklmnopqrstuv" not in moved.snippet
    assert moved.fingerprint == finding.fingerprint


EXAMPLES_FINGERPRINTS = ROOT / "tests" / "snapshots" / "examples-fingerprints.json"


@pytest.mark.slow
def test_fingerprints_of_the_shipped_examples_stay_the_same() -> None:
    """The fingerprints `scan examples/` gives, byte for byte (a change here breaks every
    baseline users keep)."""
    proc = subprocess.run([sys.executable, "-m", "bedrock_check", "scan", "examples/", "--format", "json", "--exit-zero"],
                          cwd=ROOT, capture_output=True, text=True, check=True)  # fmt: skip
    got = sorted((f["capability"], f["path"], f["fingerprint"]) for f in json.loads(proc.stdout)["findings"])
    want = [tuple(row) for row in json.loads(EXAMPLES_FINGERPRINTS.read_text(encoding="utf-8"))]
    assert got == want
