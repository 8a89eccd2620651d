"""Small inputs must not cost without bound: locating values, snippets in minified
lines, glob and regex matching, YAML aliases. Each attack runs under the caps of
`capped.py` (a regression fails by timeout or memory, not by a timed assertion), and
where the work can be counted it is counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bedrock_check import jsonloc
from bedrock_check.extract.har import read_har
from bedrock_check.extract.requests import read_json
from tests.hostile.capped import cli


def _count_skips(monkeypatch, fn) -> int:
    calls = [0]
    real = jsonloc.skip_value

    def counting(text: str, i: int) -> int:
        calls[0] += 1
        return real(text, i)

    monkeypatch.setattr(jsonloc, "skip_value", counting)
    fn()
    return calls[0]


def test_locating_many_tools_in_one_request_is_linear(monkeypatch, engine) -> None:
    def work(n: int) -> None:
        body = {"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"} for _ in range(n)]}
        obs, _ = read_json("big.json", json.dumps(body, indent=1))
        findings = engine.evaluate(obs).findings
        assert len([f for f in findings if f.capability == "web-search"]) >= 1
        assert all(f.line > 1 for f in findings if f.capability == "web-search")

    small, large = _count_skips(monkeypatch, lambda: work(500)), _count_skips(monkeypatch, lambda: work(4000))
    assert large < small * 8 * 2, (small, large)  # 8x the tools: about 8x the work, not 64x


def test_locating_many_har_entries_is_linear(monkeypatch) -> None:
    def work(n: int) -> None:
        entry = {"request": {"method": "POST", "url": "https://api.openai.com/v1/responses",
                             "postData": {"text": json.dumps({"model": "m", "input": "x"})}}}  # fmt: skip
        obs, _ = read_har("x.har", json.dumps({"log": {"entries": [entry] * n}}, indent=1))
        assert len(obs) == n and obs[-1].span.line > obs[0].span.line

    small, large = _count_skips(monkeypatch, lambda: work(300)), _count_skips(monkeypatch, lambda: work(2400))
    assert large < small * 8 * 2, (small, large)


@pytest.mark.slow
def test_many_tools_in_one_request_file_under_caps(tmp_path: Path) -> None:
    tools = [{"type": "web_search"} if i % 2 else {"type": "code_interpreter", "container": {"type": "auto"}}
             for i in range(20_000)]  # fmt: skip
    (tmp_path / "req.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": tools}, indent=1))
    proc = cli("validate", "--no-config", "--format", "json", "req.json", cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["summary"]["errors"] >= 2


@pytest.mark.slow
def test_minified_line_with_thousands_of_calls_gives_a_small_report(tmp_path: Path) -> None:
    call = "client.realtime.connect({model:'gpt-realtime'});"
    (tmp_path / "bundle.js").write_text("var a=1;" * 20_000 + call * 3000)  # one ~300 KB line
    # Found in a folder, a minified bundle is build output (skipped); named, it is read.
    skipped = cli("scan", "--no-config", "--format", "json", ".", cwd=tmp_path, timeout=180, memory_mb=1536)
    assert json.loads(skipped.stdout)["findings"] == []
    proc = cli("scan", "--no-config", "--format", "json", "bundle.js", cwd=tmp_path, timeout=180, memory_mb=1536)
    assert proc.returncode == 1, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert data["findings"] and all(len(f["snippet"]) < 1000 for f in data["findings"])
    assert len(proc.stdout) < 40 * 2**20  # was the whole line per finding: hundreds of megabytes


def _bomb(levels: int = 7) -> str:
    """Anchors of anchors: 10 aliases a level (70 in all, under the count limit) standing
    for 10**levels values."""
    out = "      a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels):
        name, prev = chr(97 + i), chr(96 + i)
        out += f"      {name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    return out


def test_yaml_aliases_are_bounded_by_what_they_expand_to(tmp_path: Path) -> None:
    from bedrock_check.yamlsafe import YamlError, load_yaml

    try:
        load_yaml("x:\n" + _bomb().replace("      ", "  "))
    except YamlError as exc:
        assert "expand" in str(exc)
    else:
        raise AssertionError("an alias bomb under the alias count was loaded")
    layer = ("capabilities:\n  - id: web-search\n    probe:\n      endpoint: responses\n      request:\n"
             "        input: x\n" + _bomb().replace("      ", "        "))  # fmt: skip
    (tmp_path / "layer.yaml").write_text(layer)
    (tmp_path / "req.yaml").write_text("model: openai.gpt-5.5\ninput: x\nmeta:\n" + _bomb().replace("      ", "  "))
    proc = cli("probe", "--dry-run", "--matrix", "layer.yaml", "-c", "web-search", cwd=tmp_path, memory_mb=1024)
    assert proc.returncode == 2 and "expand" in proc.stderr and len(proc.stdout) < 10_000, proc.stderr[-2000:]
    proc = cli("validate", "--no-config", "--format", "json", "req.yaml", cwd=tmp_path, memory_mb=1024)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "expand" in json.loads(proc.stdout)["diagnostics"][0]["message"]


def test_layer_regexes_run_in_linear_time_and_backtracking_ones_are_refused(tmp_path: Path) -> None:
    (tmp_path / "layer.yaml").write_text(
        "capabilities:\n  - id: background-mode\n    signals:\n      request:\n"
        "        - when: {instructions: {regex: '^(a+)+$'}}\n"
    )
    (tmp_path / "req.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "instructions": "a" * 60 + "!"}))
    proc = cli("validate", "--no-config", "--matrix", "layer.yaml", "--format", "json", "req.json", cwd=tmp_path,
               timeout=120)  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    (tmp_path / "backref.yaml").write_text(
        "capabilities:\n  - id: background-mode\n    signals:\n      request:\n"
        "        - when: {instructions: {regex: '(a)\\1'}}\n"
    )
    proc = cli("validate", "--no-config", "--matrix", "backref.yaml", "req.json", cwd=tmp_path)
    assert proc.returncode == 2 and "backref.yaml" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_hostile_ignore_globs_cannot_backtrack(tmp_path: Path) -> None:
    evil = "*a" * 40 + "x"
    (tmp_path / ".gitignore").write_text(evil + "\n")
    (tmp_path / ("a" * 200 + ".py")).write_text("client.responses.create(model='m', input='x', background=True)\n")
    proc = cli("scan", "--no-config", "--exclude", evil, "--format", "json", "--fail-on", "never", ".", cwd=tmp_path,
               timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert [f["capability"] for f in json.loads(proc.stdout)["findings"]] == ["background-mode"]
