"""Nothing is accepted in silence: bad option values are refused, skipped folders are
reported, and a layer replaced under the same size and time is not served stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile.capped import PLANTED, cli, one_line_error

#: Each test runs the command line in capped subprocesses: seconds each (run by .ci/run).
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("args", [["--max-file-size", "-1"], ["--max-file-size", "0"], ["-j", "0"], ["-j", "-3"]])
def test_bad_size_and_jobs_are_refused(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "app.py").write_text(PLANTED)
    one_line_error(cli("scan", "--no-config", *args, ".", cwd=tmp_path))


def test_a_folder_too_deep_to_read_is_a_diagnostic(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text(PLANTED)
    name = "d" * 250  # 20 levels of long names: past PATH_MAX, as thousands of short ones are
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir(name, dir_fd=fd)
            deeper = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        handle = os.open("deep.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(handle, PLANTED.encode())
        os.close(handle)
    finally:
        os.close(fd)
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    proc = cli("scan", "--no-config", "--format", "json", "repo", cwd=tmp_path, env=env)
    assert proc.returncode == 1, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert [f["path"] for f in data["findings"]] == ["repo/app.py"]
    assert any(d["kind"] == "unreadable" and d["path"].startswith("repo/ddd") for d in data["diagnostics"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable folders")
def test_an_unreadable_folder_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.py").write_text(PLANTED)
    os.chmod(tmp_path / "locked", 0)
    try:
        proc = cli("scan", "--no-config", "--format", "json", ".", cwd=tmp_path,
                   env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})  # fmt: skip
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    assert any(d["path"] == "locked" and d["kind"] == "unreadable" for d in json.loads(proc.stdout)["diagnostics"])


def test_a_layer_replaced_with_the_same_size_and_time_is_not_served_stale(tmp_path: Path) -> None:
    (tmp_path / "req.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "background": True}))
    layer = tmp_path / "layer.yaml"
    one = "capabilities:\n  - id: background-mode\n    severity: warning\n"
    two = "capabilities:\n  - id: background-mode\n    severity: error  \n"
    assert len(one) == len(two)
    layer.write_text(one)
    st = os.stat(layer)
    env = {"BEDROCK_CHECK_NO_CACHE": "", "BEDROCK_CHECK_CACHE_DIR": str(tmp_path / "cache")}  # the cache on
    args = ("validate", "--no-config", "--matrix", "layer.yaml", "--format", "json", "req.json")
    first = cli(*args, cwd=tmp_path, env=env)
    assert any((tmp_path / "cache").rglob("*")), "the run wrote no cache entry: the test would prove nothing"
    layer.write_text(two)
    os.utime(layer, ns=(st.st_atime_ns, st.st_mtime_ns))
    second = cli(*args, cwd=tmp_path, env=env)
    sev = [json.loads(p.stdout)["findings"][0]["severity"] for p in (first, second)]
    assert sev == ["warning", "error"], (sev, first.stderr[-500:], second.stderr[-500:])
