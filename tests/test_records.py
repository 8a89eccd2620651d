"""Records instead of strings: suppressions, target findings and source ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bedrock_check.findings import TARGET_PATH, Suppression
from bedrock_check.report.sarif import sarif_dict
from bedrock_check.scanner import scan_paths
from bedrock_check.vocabulary import SuppressionKind

from .conftest import ROOT

PLANTED = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"


def test_suppressions_are_records_and_render_as_the_contract_says(tmp_path: Path, matrix, target) -> None:
    (tmp_path / "a.py").write_text("# bedrock-check: ignore[web-search] reviewed\n" + PLANTED)
    (tmp_path / "b.py").write_text("# bedrock-check: ignore-file\n" + PLANTED)
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    by_file = {Path(f.path).name: f.suppressed for f in report.findings}
    assert by_file == {
        "a.py": Suppression(SuppressionKind.INLINE, "reviewed"),
        "b.py": Suppression(SuppressionKind.IGNORE_FILE, ""),
    }
    assert sorted(json.loads(report.render("json"))["findings"][i]["suppressed"] for i in (0, 1)) == [
        "ignore-file", "inline: reviewed"]  # fmt: skip
    results = sarif_dict(report, include_suppressed=True)["runs"][0]["results"]
    assert {r["suppressions"][0]["kind"] for r in results} == {"inSource"}
    assert not Suppression(SuppressionKind.BASELINE, "known finding").in_source


def test_target_findings_use_the_one_target_path(matrix) -> None:
    from bedrock_check.engine import Engine
    from bedrock_check.matrix import resolve_target
    from bedrock_check.validator import target_findings

    (finding,) = target_findings(Engine(matrix, resolve_target(matrix, None, "eu-west-1")))
    assert finding.path == TARGET_PATH and finding.on_target


def test_the_target_pseudo_path_is_written_once() -> None:
    """Findings about the target itself carry `findings.TARGET_PATH`; code asks `on_target`."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "bedrock_check").rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"[\"']\(target\)[\"']", line) and not line.startswith("TARGET_PATH = ")
    ]
    assert offenders == []


def test_no_source_id_is_written_into_the_code(matrix) -> None:
    ids = [s.id for s in matrix.sources]
    # A source's `kind` ("inferred", "probe") may share a word with an id; comparing a kind is fine.
    pattern = re.compile("|".join(rf"(?<!kind == )[\"']{re.escape(i)}[\"']" for i in ids))
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "bedrock_check").rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line) and "Literal[" not in line  # a source's `kind` literal is not an id
    ]
    assert offenders == []
