"""Failures that can be seen: an extractor crash names the extractor and `--debug` shows
its traceback; unreadable folders and ignore files are diagnostics, not silent gaps."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.extract import adapters
from bedrock_check.scanner import scan_paths

WEB = "client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n"


@pytest.fixture
def crashing_python(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise ValueError("the resolver met something new")

    monkeypatch.setattr(adapters, "python", crash)
    monkeypatch.delenv("BEDROCK_CHECK_DEBUG", raising=False)


def test_extractor_crash_names_the_extractor_and_logs_the_traceback(
    tmp_path: Path, matrix, target, crashing_python: None, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "app.py").write_text(WEB)
    (tmp_path / "other.js").write_text(WEB.replace("client", "await client"))
    with caplog.at_level(logging.DEBUG, logger="bedrock_check"):
        report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    (diag,) = report.diagnostics
    assert diag.kind == "internal-error" and diag.path.endswith("app.py")
    assert "the python extractor failed on this file (ValueError: the resolver met something new)" in diag.message
    assert "--debug" in diag.message
    (record,) = [r for r in caplog.records if "extractor" in r.getMessage()]
    assert record.exc_info and "the resolver met something new" in str(record.exc_info[1])
    assert [f.path for f in report.findings if f.path != "(target)"] == [str(tmp_path / "other.js")]  # the run went on


def test_debug_option_shows_the_traceback(tmp_path: Path, crashing_python: None) -> None:
    (tmp_path / "app.py").write_text(WEB)
    quiet = CliRunner().invoke(app, ["scan", "--no-config", str(tmp_path)])
    assert "Traceback" not in quiet.stderr
    loud = CliRunner().invoke(app, ["--debug", "scan", "--no-config", str(tmp_path)])
    assert "the python extractor (bedrock_check.extract.adapters:python) failed on" in loud.stderr
    assert "Traceback (most recent call last)" in loud.stderr and "ValueError" in loud.stderr
    logger = logging.getLogger("bedrock_check")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


def test_unreadable_folder_and_ignore_file_are_diagnostics(tmp_path: Path, matrix, target, monkeypatch) -> None:
    from bedrock_check import discover

    root = tmp_path / "tree"  # not a git work tree: the walk reads .gitignore files itself
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "a.py").write_text(WEB)
    (root / "sub").mkdir()
    (root / "sub" / ".gitignore").write_text("*.py\n")
    (root / "sub" / "b.py").write_text(WEB)
    real_scandir, real_open = os.scandir, open

    def scandir(path: str):  # as if the folder were mode 000 (tests run as root, which reads anyway)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def fake_open(path, *args, **kwargs):
        if str(path).endswith(".gitignore"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(discover.os, "scandir", scandir)
    monkeypatch.setattr(discover, "open", fake_open, raising=False)
    monkeypatch.setattr(discover, "_git_files", lambda root: None)
    report = scan_paths([str(root)], matrix, target, jobs=1)
    diags = {Path(d.path).name: d for d in report.diagnostics}
    assert diags["locked"].kind == "unreadable" and "folder not scanned" in diags["locked"].message
    assert diags[".gitignore"].kind == "unreadable" and "rules were not applied" in diags[".gitignore"].message
