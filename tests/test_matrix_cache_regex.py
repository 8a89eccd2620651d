"""A code-signal regex read from a cache entry is checked when the engine first needs it:
a pattern edited into the entry that RE2 or Python refuses gives the error a matrix layer
with the same pattern gives when it is loaded, naming the entry, and runs nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bedrock_check.matrix import load_matrix
from bedrock_check.matrix.records import _UNCHECKED, compile_code_string

APP = 'import openai\n\nURL = "https://api.openai.com/v1/embeddings"\n'
#: A lookahead (RE2 cannot run it) and a pattern that is not a regular expression at all.
HOSTILE = [r"^https://api\.openai\.com/v1/embeddings(?=/)", r"^https://api\.openai\.com/v1/(embeddings"]


def _run(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BEDROCK_CHECK_CACHE_DIR": str(cache)}
    env.pop("BEDROCK_CHECK_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "bedrock_check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def _error(proc: subprocess.CompletedProcess[str]) -> str:
    # RE2 may log its own parse error to stderr first; the tool's message is the last line.
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc.stderr.strip().splitlines()[-1]


def _tamper(entry: Path, pattern: str) -> int:
    data = json.loads(entry.read_text())
    index = next(i for i, cap in enumerate(data["capabilities"]) if cap["id"] == "embeddings")
    data["capabilities"][index]["signals"]["code"]["strings"] = [pattern]
    entry.write_text(json.dumps(data))
    return index


@pytest.mark.parametrize("pattern", HOSTILE, ids=["lookahead", "invalid"])
def test_hostile_regex_in_cache_entry_gets_the_error_a_layer_gets(tmp_path: Path, pattern: str) -> None:
    cache = tmp_path / "cache"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(APP)
    (tmp_path / "many").mkdir()
    for i in range(80):  # enough files for the worker pool
        (tmp_path / "many" / f"app{i}.py").write_text(APP)
    (tmp_path / "request.json").write_text('{"model": "openai.gpt-5.5", "input": "hi"}\n')
    layer = tmp_path / "layer.yaml"
    layer.write_text(json.dumps({"capabilities": [{"id": "embeddings", "signals": {"code": {"strings": [pattern]}}}]}))

    assert _run(["scan", "--no-config", "src"], tmp_path, cache).returncode == 1  # writes the entry
    (entry,) = cache.glob("matrix-*.json")
    index = _tamper(entry, pattern)
    marker = tmp_path / "pwned"

    from_layer = _error(_run(["scan", "--no-config", "--matrix", str(layer), "src"], tmp_path, cache))
    prefix = f"bedrock-check: error: {layer}: capabilities[{index}](embeddings).signals.code: "
    assert from_layer.startswith(prefix)
    problem = from_layer.removeprefix(prefix)
    assert problem.startswith(("regular expression", "not a valid regular expression"))

    # The tampered entry decodes (its patterns are not needed to check a request) ...
    assert _run(["validate", "--no-config", "request.json"], tmp_path, cache).returncode == 0
    # ... and the scan that needs them stops with the layer's error, naming the entry:
    expected = f"bedrock-check: error: {entry}: capabilities[{index}](embeddings).signals.code: {problem}"
    assert _error(_run(["scan", "--no-config", "src"], tmp_path, cache)) == expected
    # the same with worker processes (checked before they start, where the entry is known).
    assert _error(_run(["scan", "--no-config", "-j", "2", "many"], tmp_path, cache)) == expected
    assert not marker.exists()
    assert json.loads(entry.read_text())["capabilities"][index]["signals"]["code"]["strings"] == [pattern]


def test_patterns_of_a_validated_matrix_compile_and_cached_ones_are_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEDROCK_CHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BEDROCK_CHECK_NO_CACHE", raising=False)
    fresh = load_matrix()  # validated: every pattern checked at load
    cached = load_matrix()  # from the entry just written: checked on use
    assert cached == fresh
    (entry,) = tmp_path.glob("matrix-*.json")
    patterns = [(i, c.id, p) for i, c in enumerate(cached.capabilities) for p in c.signals.code.strings]
    assert patterns
    for i, cap_id, pattern in patterns:
        assert _UNCHECKED[pattern] == f"{entry}: capabilities[{i}]({cap_id}).signals.code"
        assert hasattr(compile_code_string(pattern), "search")
