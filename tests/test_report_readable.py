"""The HTML and Markdown reports a manager reads: one unit per headline, "no OpenAI calls
recognised" when true, components, folded identical snippets, where the work is, and
snippets that did not parse or files that could not be read kept out of the headline.
The HTML is drawn by Chromium at two window widths."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bedrock_check.matrix import Matrix, Target
from bedrock_check.report.model import Report
from bedrock_check.report.overview import component_of

from .helpers import scan_folder

CALL = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])"


def _scan(root: Path, matrix: Matrix, target: Target) -> Report:
    return scan_folder(root, matrix, target)


@pytest.fixture()
def monorepo(tmp_path: Path) -> Path:
    for folder in ("src", "tests", "docs/en", "docs/ja", "docs/ko", "examples"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "src" / "agent.py").write_text(f"from openai import OpenAI\nclient = OpenAI()\n{CALL}\n{CALL}\n")
    (tmp_path / "tests" / "test_agent.py").write_text(CALL + "\n")
    for lang in ("en", "ja", "ko"):
        (tmp_path / "docs" / lang / "guide.md").write_text(f"# Guide\n\n```python\n{CALL}\n```\n\n```python\nclient.responses.create(:\n```\n")
    (tmp_path / "examples" / "demo.py").write_text(CALL + "\n")
    (tmp_path / "src" / "broken.json").write_text('{"model": "openai.gpt-5.5", "input": ')
    return tmp_path


def test_components_from_path_conventions_and_rules() -> None:
    assert component_of("src/app/agent.py") == "product"
    assert component_of("tests/unit/x.py") == component_of("pkg/test_x.py") == component_of("web/a.spec.ts") == "tests"
    assert component_of("docs/ja/guide.md") == component_of("README.md") == "docs"
    assert component_of("examples/demo.py") == component_of("cookbook/x.ipynb") == "examples"
    assert component_of("tools/gen.py", (("scripts", "tools/**"),)) == "scripts"


def test_markdown_headlines_components_folding_and_apart(monorepo: Path, matrix: Matrix, target: Target) -> None:
    md = _scan(monorepo, matrix, target).render("markdown")
    assert "**Capabilities the code uses: 2** — 1 blocked · 0 need a check · 1 works on Bedrock" in md
    # 7 blocking places, and src/agent.py's OpenAI client: the client to replace and the IAM step (notes).
    assert "**Places to change: 9** — 7 blocking, 0 to check, 2 notes, in 6 files" in md
    assert re.search(r"### Where the work is in product code\n\nProduct code: 4 places · Tests: 1 place · "
                     r"Documentation: 3 places · Examples: 1 place", md)  # fmt: skip
    sections = re.findall(r"^### (.+)$", md, re.M)
    assert sections[:5] == ["Where the work is in product code", "Product code · 4 places", "Tests · 1 place",
                            "Documentation · 3 places", "Examples · 1 place"]  # fmt: skip
    # One documentation line in three translated copies is one entry with its three places.
    docs = md[md.index("### Documentation") : md.index("### Examples")]
    assert docs.count("| 3 | error |") == 1 and "docs/ko/guide.md:4" in docs
    # Snippets that did not parse and files that could not be read are apart, not in the headline.
    head = md[: md.index("### Where the work is")]
    assert "could not be read" not in head and "did not parse" not in head
    assert "<summary>3 documentation snippets did not parse (not checked)</summary>" in md
    assert "<summary>1 file could not be read</summary>" in md


def test_no_calls_recognised(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    (tmp_path / "app.py").write_text("print('hello')\n")
    report = _scan(tmp_path, matrix, target)
    assert "**No OpenAI calls recognised.**" in report.render("markdown")
    page = report.render("html")
    assert "No OpenAI calls recognised." in page and "work on Bedrock" not in page


def test_no_requests_recognised_when_validating_request_bodies(tmp_path: Path) -> None:
    """`validate` reads request bodies, not code: when none is one, it says no requests."""
    import bedrock_check

    (tmp_path / "notes.json").write_text('{"foo": 1}')
    report = bedrock_check.validate(str(tmp_path / "notes.json"))
    for fmt in ("text", "markdown", "html"):
        page = report.render(fmt)
        assert "No OpenAI requests recognised." in page and "calls recognised" not in page, fmt


def test_markdown_escapes_values_and_paths(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    evil_dir = tmp_path / "x` [click](evil.example) `"
    evil_dir.mkdir()
    (evil_dir / "a.py").write_text(
        "client.responses.create(model='gpt-5.5`](http://evil.example)![i](http://evil.example/i.png)\\n# head',"
        " input='x', tools=[{'type': 'web_search'}])\n"
    )
    md = _scan(tmp_path, matrix, target).render("markdown")
    assert not re.search(r"(?<!\\)\]\(", md), "a value or path opened a link"
    assert not re.search(r"(?<!\\)!(?<!\\)\[", md), "a value opened an image"
    assert not re.search(r"^#+ head", md, re.M)
    for line in md.splitlines():
        if line.startswith("| ") and "evil" in line:
            assert line.count(" | ") == line.replace("&#124;", "").count(" | "), "a value opened a table cell"


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
@pytest.mark.parametrize("width", [1400, 700, 390])
def test_html_drawn_by_chromium_uses_the_window_width(
    monorepo: Path, matrix: Matrix, target: Target, tmp_path_factory: pytest.TempPathFactory, width: int
) -> None:
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Chromium (.ci/run installs Debian's chromium)")
        pytest.skip("no Chromium installed (apt-get install chromium)")
    out = tmp_path_factory.mktemp("html")
    page = out / "report.html"
    # Headless Chromium lays a page out at least 500 pixels wide whatever the window: a
    # phone's width is drawn by making the body that wide, and nothing may reach past it.
    narrow = f"document.body.style.width='{width}px';" if width < 500 else ""
    probe = (
        f"<script>{narrow}var m=document.querySelector('main').getBoundingClientRect();"
        "var win=Math.min(window.innerWidth,document.body.getBoundingClientRect().width),right=0;"
        "document.querySelectorAll('main *').forEach(function(e){right=Math.max(right,e.getBoundingClientRect().right)});"
        "document.body.dataset.main=Math.round(m.width);document.body.dataset.win=Math.round(win);"
        "document.body.dataset.overflow=right>win+1;</script></body>"
    )
    page.write_text(_scan(monorepo, matrix, target).render("html").replace("</body>", probe))
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={out / 'profile'}", f"--window-size={width},900",
    ]  # fmt: skip
    dom = subprocess.run([browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout  # fmt: skip
    main, win = int(re.search(r'data-main="(\d+)"', dom)[1]), int(re.search(r'data-win="(\d+)"', dom)[1])
    assert main >= win - 2, f"the report uses {main} of {win} pixels"
    assert 'data-overflow="false"' in dom, "nothing runs off the side of the window"
    assert "Capabilities the code uses" in dom and "Places to change" in dom and "× 3" in dom
    shot = out / f"report-{width}.png"
    subprocess.run([browser, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_component_option_on_the_command_line(monorepo: Path) -> None:
    from typer.testing import CliRunner

    from bedrock_check.cli import app

    here = os.getcwd()
    os.chdir(monorepo)
    try:
        result = CliRunner().invoke(app, ["scan", ".", "--format", "markdown", "--component", "Translations=docs/ja/**",
                                          "--component", "Translations=docs/ko/**"])  # fmt: skip
    finally:
        os.chdir(here)
    assert "### Translations · 2 places" in result.stdout and "### Documentation · 1 place" in result.stdout


def test_the_html_summary_line_shows_code_as_code(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    """The closing line names the command that fixes what is mechanical: set as code, as the
    findings' messages are, not with the backticks of the text output."""
    import dataclasses

    (tmp_path / "app.py").write_text("from openai import OpenAI\nclient = OpenAI()\n" + CALL.replace("openai.gpt-5.5", "gpt-5.5") + "\n")
    report = dataclasses.replace(_scan(tmp_path, matrix, target), fixable=2)
    line = re.search(r'<p class="source" id="summary-line">(.*?)</p>', report.render("html"))
    assert line is not None and "2 fixable with <code>bedrock-check fix</code>" in line.group(1), line
    assert "`" not in line.group(1)
