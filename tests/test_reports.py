"""Every format, rendered from one shared fixture repository, compared with snapshots;
SARIF against the official schema (and Microsoft's validator when installed); HTML in
a real headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bedrock_check import __version__
from bedrock_check.matrix import Matrix, Target
from bedrock_check.report import FORMATS
from bedrock_check.report.model import Report
from bedrock_check.scanner import scan_paths

from .conftest import FIXTURES, ROOT
from .helpers import scan_folder

REPO = FIXTURES / "report-repo"
SNAPSHOTS = Path(__file__).parent / "snapshots"
SUFFIX = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "github": "txt",
    "gitlab": "gitlab.json",
    "markdown": "md",
    "html": "html",
}
UPDATE = bool(os.environ.get("BEDROCK_CHECK_UPDATE_SNAPSHOTS"))


@pytest.fixture(scope="module")
def report(matrix: Matrix, target: Target) -> Report:
    return scan_folder(REPO, matrix, target)


def _scrub(text: str) -> str:
    from bedrock_check.report.rules import packaged_page

    page = packaged_page()
    # The shipped capability page's file: URI depends on where this copy lives.
    text = text.replace(page.as_uri(), "<docs>/capabilities.md") if page else text
    return text.replace(__version__, "<version>")


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot(report: Report, fmt: str) -> None:
    rendered = _scrub(report.render(fmt))
    snapshot = SNAPSHOTS / f"report-repo.{SUFFIX[fmt]}" if fmt != "github" else SNAPSHOTS / "report-repo.github.txt"
    if UPDATE or not snapshot.exists():
        snapshot.write_text(rendered)
        if not UPDATE:
            pytest.fail(f"{snapshot.name} did not exist and was written; check it and run again")
    assert rendered == snapshot.read_text(), f"{fmt} output changed; BEDROCK_CHECK_UPDATE_SNAPSHOTS=1 pytest updates it"


def test_every_format_carries_the_same_findings(report: Report) -> None:
    active = [f for f in report.sorted_findings() if f.suppressed is None]
    assert {f.capability for f in active} == {"web-search", "model-id", "background-mode", "remote-mcp", "migrate-client",
                                              "migrate-iam"}
    sarif = json.loads(report.render("sarif"))["runs"][0]["results"]
    assert [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in sarif
        if "suppressions" not in r
    ] == [(f.capability, f.line) for f in active]
    assert not any("suppressions" in r for r in sarif)
    kept = json.loads(report.render("sarif", include_suppressed=True))["runs"][0]["results"]
    assert [r["ruleId"] for r in kept if "suppressions" in r] == ["service-tiers"]
    gh = report.render("github")
    assert gh.count("::error ") == 3 and gh.count("::warning ") == 2  # 1 background warning + 1 unreadable file
    junit = report.render("junit")
    assert junit.count("<failure ") == len(active) and junit.count("<error ") == 1
    md = report.render("markdown")
    assert all(f"<code>{f.capability}</code>" in md for f in active)
    html = report.render("html")
    assert all(f'data-cap="{f.capability}"' in html for f in active)


def test_html_and_xml_escape_what_they_quote(matrix: Matrix, target: Target, tmp_path: Path) -> None:
    from bedrock_check.validator import validate_paths

    evil = "<img src=x onerror=alert(1)>"
    (tmp_path / "r.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": evil}]}))
    report = validate_paths([str(tmp_path / "r.json")], matrix, target)
    assert [f.capability for f in report.findings] == ["unknown-tool-type"]
    page = report.render("html")
    assert evil not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    from xml.etree import ElementTree

    ElementTree.fromstring(report.render("junit"))  # well-formed whatever the value holds


def _sarif_schema() -> Path | None:
    explicit = os.environ.get("SARIF_SCHEMA")
    candidates = [Path(explicit)] if explicit else []
    candidates.append(ROOT / ".ci" / "cache" / "sarif" / "package" / "sarif-2.1.0.json")
    return next((p for p in candidates if p.is_file()), None)


def test_sarif_against_the_official_schema(report: Report) -> None:
    schema_path = _sarif_schema()
    if schema_path is None:
        if os.environ.get("CI"):
            pytest.fail("CI must provide the SARIF 2.1.0 schema (.ci/run fetches it)")
        pytest.skip("the official sarif-2.1.0.json is not here (set SARIF_SCHEMA or run .ci/run)")
    import jsonschema

    schema = json.loads(schema_path.read_text())
    jsonschema.validate(json.loads(report.render("sarif")), schema)
    bad = json.loads(report.render("sarif"))
    bad["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


@pytest.mark.slow  # Microsoft's validator, a .NET program
def test_sarif_with_microsofts_multitool(report: Report, tmp_path: Path) -> None:
    tool = os.environ.get("SARIF_MULTITOOL") or str(ROOT / ".ci" / "cache" / "sarif" / "package" / "Sarif.Multitool")
    if not os.access(tool, os.X_OK):
        pytest.skip("Sarif.Multitool is not installed (.ci/run fetches it from npm)")
    log = tmp_path / "r.sarif"
    log.write_text(report.render("sarif"))
    out = tmp_path / "validation.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}
    proc = subprocess.run(
        [tool, "validate", str(log), "-o", str(out)], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = [r for run in json.loads(out.read_text())["runs"] for r in run.get("results", [])]
    assert results == [], [r["message"] for r in results]


def test_sarif_fingerprints_survive_a_line_move(matrix: Matrix, target: Target, tmp_path: Path) -> None:
    src = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"
    (tmp_path / "a.py").write_text(src)
    before = scan_paths([str(tmp_path / "a.py")], matrix, target).findings[0]
    (tmp_path / "a.py").write_text("import os\n\n\n" + src.replace("[{'type'", "[\n    {'type'"))
    after = scan_paths([str(tmp_path / "a.py")], matrix, target).findings[0]
    assert before.line != after.line and before.fingerprint == after.fingerprint


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
def test_html_in_a_real_browser(report: Report, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Chromium (.ci/run installs Debian's chromium)")
        pytest.skip("no Chromium installed (apt-get install chromium)")
    page = tmp_path / "report.html"
    page.write_text(report.render("html"))
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    proc = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    dom = proc.stdout
    assert "Amazon Bedrock readiness" in dom, proc.stderr[-2000:]
    assert 'id="summary"' in dom and "blocked" in dom and "Places to change" in dom
    assert "Hosted web search" in dom and "What to do instead" in dom
    assert "Replace the hosted tool with a" in dom
    shot = tmp_path / "report.png"
    subprocess.run([browser, *flags, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
                   capture_output=True, timeout=120)  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 10_000  # something was drawn
    # The filters run in the page: with errors unchecked, the error-only sections hide.
    script = tmp_path / "filter.html"
    script.write_text(report.render("html").replace(
        "</body>", "<script>var b=document.querySelector('input[data-sev=error]');b.checked=false;"
        "b.dispatchEvent(new Event('change'));document.body.dataset.hidden=[].filter.call("
        "document.querySelectorAll('section.cap'),function(s){return s.style.display==='none'}).length;</script></body>"))  # fmt: skip
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", script.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert 'data-hidden="3"' in dom
