"""Every format lists the same findings in the same order and calls things by the same
names: report.labels is their one home. A reporter that sorted on its own, or labelled a
readiness group or severity in its own words, fails here."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest

from bedrock_check.matrix import Matrix, Target
from bedrock_check.report import FORMATS
from bedrock_check.report.labels import (
    READINESS,
    READINESS_LABEL,
    SEVERITY_LABEL,
    capability_order,
    finding_key,
    worst_severity,
)
from bedrock_check.report.model import Report

from .helpers import scan_folder

REPORT_PACKAGE = Path(__file__).resolve().parent.parent / "bedrock_check" / "report"

#: Files written out of order (b before a, later lines before earlier ones), several
#: capabilities per file and per line, severities mixed inside one capability.
TREE = {
    "src/zeta.py": (
        "from openai import OpenAI\nclient = OpenAI()\n"
        "client.responses.create(model='openai.gpt-5.5', input='x', background=True)\n"
        "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
    ),
    "src/alpha.py": (
        "from openai import OpenAI\nclient = OpenAI()\n"
        "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}, "
        "{'type': 'mcp', 'server_url': 'https://x'}])\n"
        "client.responses.create(model='gpt-4o', input='x', background=True)\n"
    ),
    "tests/test_alpha.py": "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n",
}


@pytest.fixture(scope="module")
def report(matrix: Matrix, target: Target, tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("order")
    for name, text in TREE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return scan_folder(root, matrix, target)


def _expected(report: Report) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.capability) for f in sorted(report.active, key=finding_key)]


def _text(report: Report) -> list[tuple[str, int, str]]:
    pattern = re.compile(r"^(\S+):(\d+):\d+: \w+\[([\w-]+)\]", re.M)
    return [(p, int(n), c) for p, n, c in pattern.findall(report.render("text"))]


def _json(report: Report) -> list[tuple[str, int, str]]:
    found = json.loads(report.render("json"))["findings"]
    return [(f["path"], f["line"], f["capability"]) for f in found if not f.get("suppressed")]


def _sarif(report: Report) -> list[tuple[str, int, str]]:
    results = json.loads(report.render("sarif"))["runs"][0]["results"]
    out = []
    for r in results:
        loc = r["locations"][0]["physicalLocation"]
        out.append((unquote(loc["artifactLocation"]["uri"]), loc["region"]["startLine"], r["ruleId"]))
    return out


def _junit(report: Report) -> list[tuple[str, int, str]]:
    suite = ElementTree.fromstring(report.render("junit"))
    return [(c.get("file"), int(c.get("line")), c.find("failure").get("message").split(":")[0])
            for c in suite.iter("testcase") if c.find("failure") is not None]  # fmt: skip


def _github(report: Report) -> list[tuple[str, int, str]]:
    pattern = re.compile(r"^::(?:error|warning|notice) file=([^,]+),line=(\d+),.*?title=([\w-]+)%3A", re.M)
    return [(p, int(n), c) for p, n, c in pattern.findall(report.render("github", limit=1000))]


def _gitlab(report: Report) -> list[tuple[str, int, str]]:
    return [(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"])
            for i in json.loads(report.render("gitlab"))]  # fmt: skip


FLAT = {"text": _text, "json": _json, "sarif": _sarif, "junit": _junit, "github": _github, "gitlab": _gitlab}


def test_the_fixture_has_what_the_order_test_needs(report: Report) -> None:
    paths = [p for p, _, _ in _expected(report)]
    assert {"src/alpha.py", "src/zeta.py", "tests/test_alpha.py"} <= set(paths)
    assert {"error", "warning", "note"} <= {f.severity for f in report.active}
    assert set(FLAT) | {"markdown", "html"} == set(FORMATS), "a new format needs its order checked here"


@pytest.mark.parametrize("fmt", sorted(FLAT))
def test_flat_formats_list_the_same_findings_in_the_same_order(report: Report, fmt: str) -> None:
    expected = _expected(report)
    assert FLAT[fmt](report) == expected


def _grouped(report: Report) -> tuple[list[str], list[str]]:
    """The capability order within each component, as labels.capability_order gives it."""
    from bedrock_check.report.labels import COMPONENTS
    from bedrock_check.report.overview import component_of

    order: list[str] = []
    for comp in COMPONENTS:
        caps: dict[str, list[str]] = {}
        for f in report.active:
            if component_of(f.path) == comp:
                caps.setdefault(f.capability, []).append(f.severity)
        order += capability_order(report.matrix, {c: worst_severity(s) for c, s in caps.items()})
    readiness = [row["capability"] for g in READINESS for row in report.readiness()[g]]
    return order, readiness


def test_grouped_formats_use_the_shared_capability_order(report: Report) -> None:
    sections, readiness = _grouped(report)
    assert len(set(sections)) < len(sections), "the fixture must repeat a capability across components"
    html = report.render("html")
    assert re.findall(r'<section class="cap" data-cap="([\w-]+)"', html) == sections
    md = report.render("markdown")
    assert re.findall(r"^#### <code>([\w-]+)</code>", md, re.M) == sections
    assert re.findall(r"^\| \S+ [^|]+ \| [^|]+ \(<code>([\w-]+)</code>\)", md, re.M) == readiness
    assert json.loads(report.render("json"))["summary"]["readiness"] == report.readiness()
    text_rows = re.findall(r"^  (?:blocked|needs a check|works on Bedrock): (.*)$", report.render("text"), re.M)
    assert [c.split(" ×")[0] for row in text_rows for c in row.split(", ")] == readiness
    # Worst first, then the matrix's order: the blocked group leads.
    assert next(g for g in READINESS if report.readiness()[g]) == "blocked"


def test_every_readable_format_uses_the_shared_labels(report: Report) -> None:
    counts = {g: len(rows) for g, rows in report.readiness().items()}
    text, md, html = report.render("text"), report.render("markdown"), report.render("html")
    heading = " · ".join(READINESS_LABEL[g].counted(counts[g]) for g in READINESS)
    assert f"Readiness: {heading}" in text
    assert heading in md
    for g in READINESS:
        label = READINESS_LABEL[g].one if counts[g] == 1 else READINESS_LABEL[g].many
        assert f"<b>{counts[g]}</b> {label}</span>" in html
        assert f" {READINESS_LABEL[g].title} |" in md or not counts[g]
    errors = sum(f.severity == "error" for f in report.active)
    assert SEVERITY_LABEL["error"].counted(errors) in md
    assert f"<b>{errors}</b> {SEVERITY_LABEL['error'].many}</span>" in html


def test_no_reporter_keeps_its_own_labels_or_order() -> None:
    """The words and rank tables live in labels.py only (a copy elsewhere would drift)."""
    words = re.compile(r"\"(?:works|work) on Bedrock\"|\"needs? a check\"|\"Needs a check\"|\"Product code\"")
    rank = re.compile(r"\{\s*\"error\"\s*:\s*\d")
    own_sort = re.compile(r"sorted\([^)]*(?:findings|active)[^)]*key=lambda")
    for module in sorted(REPORT_PACKAGE.glob("*.py")):
        if module.name == "labels.py":
            continue
        source = module.read_text()
        assert not words.search(source), f"{module.name} keeps its own readiness or component labels"
        assert not rank.search(source), f"{module.name} keeps its own severity order"
        assert not own_sort.search(source), f"{module.name} sorts findings its own way"


def test_readable_reports_say_what_a_reader_needs(matrix: Matrix, target: Target, tmp_path: Path) -> None:
    """A migration step is not "not available on Bedrock"; the top folder has a name; notes
    are counted in the places headline, so its parts add up."""
    (tmp_path / "app.py").write_text(TREE["src/zeta.py"])
    report = scan_folder(tmp_path, matrix, target)
    md, html = report.render("markdown"), report.render("html")
    assert "#### <code>migrate-client</code> Client to replace (a step of the move)" in md
    assert "#### <code>web-search</code> Hosted web search (not available on Bedrock)" in md
    assert "| <code>(top folder)</code> |" in md and '<td class="mono">(top folder)</td>' in html
    errors, warnings, notes = (sum(f.severity == s for f in report.active) for s in ("error", "warning", "note"))
    assert errors + warnings + notes == len(report.active)
    assert f"— {errors} blocking, {warnings} to check, {notes} notes, in 1 file" in md
    assert f"<b>{notes}</b> notes</span><span>in <b>1</b> file</span>" in html
