"""Fixture mini-repositories with expectations written inline.

`expect: id[, id]` in a comment on the line above a line that must fire; `ok: id`
above one that must not; `not-followed: key` above a call whose `key` the code does not show
(a `could-not-follow` diagnostic there); `<file>.expect` (lines `LINE: id, id`) for places that
cannot hold a comment (inside JSON). Checked strictly: every finding must be
expected, every expectation found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bedrock_check.matrix import Matrix, Target, resolve_target
from bedrock_check.scanner import scan_paths

from .conftest import FIXTURES

SCAN = FIXTURES / "scan"
_EXPECT = re.compile(r"\bexpect: ([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
_NOT_FOLLOWED = re.compile(r"\bnot-followed: (\w+)")
LANGS = sorted(p.name for p in SCAN.iterdir() if p.is_dir())


def expectations(root: Path) -> set[tuple[str, int, str]]:
    expected: set[tuple[str, int, str]] = set()
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel.endswith(".expect"):
            target = rel[: -len(".expect")]
            for line in path.read_text().splitlines():
                if line.strip() and not line.startswith("#"):
                    number, ids = line.split(":", 1)
                    expected |= {(target, int(number), i.strip()) for i in ids.split(",")}
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = _EXPECT.search(line)
            if m:
                expected |= {(rel, number + 1, i.strip()) for i in m.group(1).split(",")}
    return expected


#: A fixture repository checked at another target names it here (`as_of`, `model`, `region`,
#: `endpoint`); what it leaves out is taken from the code, as `scan` does without options.
TARGET_FILE = "fixture-target.json"


@pytest.mark.parametrize("lang", LANGS)
def test_fixture_repository(matrix: Matrix, target: Target, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SCAN / lang)
    own = SCAN / lang / TARGET_FILE
    if own.exists():
        spec = json.loads(own.read_text())
        chosen = resolve_target(matrix, spec.get("model"), spec.get("region"), spec.get("endpoint"), spec.get("as_of"))
        report = scan_paths(["."], matrix, chosen, jobs=1, exclude=[TARGET_FILE], endpoint_from_code="endpoint" not in spec,
                            region_from_code="region" not in spec, model_chosen="model" in spec)  # fmt: skip
    else:
        report = scan_paths(["."], matrix, target, jobs=1)
    found = {(f.path, f.line, f.capability) for f in report.findings if f.suppressed is None and f.path != "(target)"}
    expected = expectations(SCAN / lang)
    assert expected, f"{lang}: fixture has no expectations"
    missing = sorted(expected - found)
    extra = sorted(found - expected)
    assert not missing and not extra, f"missing: {missing}\nunexpected: {extra}"
    not_followed = {(d.path, d.line) for d in report.diagnostics if d.kind == "could-not-follow"}
    assert not_followed == _not_followed(SCAN / lang), report.diagnostics
    assert not [d for d in report.diagnostics if d.kind not in ("bad-suppression", "could-not-follow")], report.diagnostics


def _not_followed(root: Path) -> set[tuple[str, int]]:
    """The calls marked `not-followed: key` (on the line above)."""
    marked: set[tuple[str, int]] = set()
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.endswith(".expect"):
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if _NOT_FOLLOWED.search(line):
                    marked.add((path.relative_to(root).as_posix(), number + 1))
    return marked


def test_every_scan_capability_has_a_code_fixture(matrix: Matrix) -> None:
    """Each capability with code signals fires somewhere in the fixture repositories."""
    covered = {cap for lang in LANGS for _, _, cap in expectations(SCAN / lang)}
    with_code = {c.id for c in matrix.capabilities if c.signals.code.calls or c.signals.code.constructors}
    assert with_code - covered <= {"hosted-tool-search", "programmatic-tool-calling", "apply-patch",
                                   "background-mode", "conversation-state", "audio-output"}  # fmt: skip


def test_suppressed_findings_are_kept_with_their_reason(
    matrix: Matrix, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SCAN / "python")
    report = scan_paths(["."], matrix, target, jobs=1)
    suppressed = {(f.capability, str(f.suppressed)) for f in report.findings if f.suppressed}
    assert ("web-search", "inline: stays on the OpenAI API") in suppressed
    assert ("service-tiers", "inline: priority is negotiated separately") in suppressed
    assert report.exit_code("error", unreadable_fails=False) == 1
