"""Writes replace only regular files, never land where the run did not ask, never
overwrite an input, and fail with one line (exit 2) instead of a traceback."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.hostile.capped import PLANTED, cli, one_line_error

#: Each test runs the command line in capped subprocesses: seconds each (run by .ci/run).
pytestmark = pytest.mark.slow


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(PLANTED)
    return tmp_path


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_output_to_a_fifo_is_written_through_not_replaced(repo: Path) -> None:
    fifo = repo / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    thread = _read_fifo(fifo, got)
    proc = cli("scan", "--no-config", "--format", "json", "-o", str(fifo), "app.py", cwd=repo)
    thread.join(30)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(got[0])["findings"][0]["capability"] == "web-search"


def test_fifo_with_no_reader_is_an_error_not_a_hang(repo: Path) -> None:
    fifo = repo / "out.fifo"
    os.mkfifo(fifo)
    assert "no reader" in one_line_error(cli("scan", "--no-config", "-o", str(fifo), "app.py", cwd=repo, timeout=60))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_output_and_also_to_a_character_device_keep_the_device(repo: Path) -> None:
    null = repo / "null"  # a private twin of /dev/null: the real one is never touched
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    link = repo / "link-to-null"
    link.symlink_to(null)
    proc = cli("scan", "--no-config", "-o", str(null), "--also", f"sarif={link}", "app.py", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode) and os.lstat(link).st_mode and link.is_symlink()
    proc = cli("baseline", "create", "--no-config", "-o", str(null), "app.py", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_symlink_to_a_regular_file_writes_the_file_and_keeps_the_link(repo: Path) -> None:
    real = repo / "real.json"
    real.write_text("old\n")
    (repo / "link.json").symlink_to(real)
    proc = cli("scan", "--no-config", "--format", "json", "-o", "link.json", "app.py", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert (repo / "link.json").is_symlink() and json.loads(real.read_text())["findings"]


@pytest.mark.parametrize("name", [".", "sub", "sub/", "sub/missing/out.json", "x" * 300])
def test_unusable_output_paths_are_one_line_errors_and_create_nothing(repo: Path, name: str) -> None:
    (repo / "sub").mkdir()
    before = sorted(p.name for p in repo.rglob("*"))
    for args in (["scan", "--no-config", "-o", name, "app.py"], ["scan", "--no-config", "--also", f"json={name}", "app.py"],
                 ["baseline", "create", "--no-config", "-o", name, "app.py"]):  # fmt: skip
        one_line_error(cli(*args, cwd=repo))
    assert sorted(p.name for p in repo.rglob("*")) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_a_one_line_error(repo: Path) -> None:
    (repo / "ro").mkdir()
    os.chmod(repo / "ro", 0o555)
    try:
        one_line_error(cli("scan", "--no-config", "-o", "ro/out.txt", "app.py", cwd=repo))
    finally:
        os.chmod(repo / "ro", 0o755)


def test_output_that_is_an_input_is_refused(repo: Path) -> None:
    (repo / "req.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "background": True}))
    before = (repo / "req.json").read_text()
    one_line_error(cli("validate", "--no-config", "-o", "req.json", "req.json", cwd=repo))
    one_line_error(cli("validate", "--no-config", "--also", "json=./req.json", ".", cwd=repo))
    one_line_error(cli("scan", "--no-config", "-o", "app.py", "app.py", cwd=repo))
    assert (repo / "req.json").read_text() == before and (repo / "app.py").read_text() == PLANTED


def test_the_same_output_twice_is_refused_before_anything_is_written(repo: Path) -> None:
    (repo / "r.sarif").write_text("keep\n")
    (repo / "alias.sarif").symlink_to(repo / "r.sarif")
    for args in (["-o", "r.sarif", "--also", "json=r.sarif"], ["--also", "json=r.sarif", "--also", "sarif=./r.sarif"],
                 ["-o", "r.sarif", "--also", "json=alias.sarif"]):  # fmt: skip
        one_line_error(cli("scan", "--no-config", *args, "app.py", cwd=repo))
    assert (repo / "r.sarif").read_text() == "keep\n"


def test_config_named_outputs_stay_inside_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(PLANTED)
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    for setting in ("output: ../victim", "also: ['text=../victim']", "output: /tmp/../" + str(victim)[1:]):
        (repo / ".bedrock-check.yaml").write_text(setting + "\n")
        assert "outside the repository" in one_line_error(cli("scan", "app.py", cwd=repo))
        assert victim.read_text() == "precious\n"
    (repo / ".bedrock-check.yaml").write_text("baseline: ../victim\n")
    assert "outside the repository" in one_line_error(cli("baseline", "create", "app.py", cwd=repo))
    assert victim.read_text() == "precious\n"
    # named on the command line, the same place is the user's choice
    (repo / ".bedrock-check.yaml").write_text("output: ../victim\n")
    assert cli("scan", "-o", str(tmp_path / "mine.txt"), "app.py", cwd=repo).returncode == 1
    assert (tmp_path / "mine.txt").exists() and victim.read_text() == "precious\n"


def test_config_layer_that_never_ends_is_refused(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(PLANTED)
    (tmp_path / ".bedrock-check.yaml").write_text("matrix: [/dev/zero]\n")
    one_line_error(cli("scan", "app.py", cwd=tmp_path, timeout=60, memory_mb=1024))
    one_line_error(cli("scan", "--no-config", "--matrix", "/dev/zero", "app.py", cwd=tmp_path, timeout=60))


def test_validate_dir_reads_only_regular_files_inside_it(tmp_path: Path) -> None:
    d = tmp_path / "reqs"
    d.mkdir()
    outside = tmp_path / "secret.json"
    outside.write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "background": True}))
    (d / "escape.json").symlink_to(outside)
    os.mkfifo(d / "pipe.json")
    (d / "random.yaml").symlink_to("/dev/urandom")
    (d / "zero.jsonl").symlink_to("/dev/zero")
    (d / "ok.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]}))
    proc = cli("validate", "--no-config", "--format", "json", "reqs", cwd=tmp_path, timeout=60, memory_mb=1024)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    data = json.loads(proc.stdout)
    assert [(f["path"], f["capability"]) for f in data["findings"]] == [("reqs/ok.json", "web-search")]
    kinds = {Path(d["path"]).name: d["kind"] for d in data["diagnostics"]}
    assert kinds == {"escape.json": "symlink", "pipe.json": "not-a-file", "random.yaml": "symlink",
                     "zero.jsonl": "symlink"}, kinds  # fmt: skip


def test_validate_of_an_endless_file_named_on_the_command_line_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    proc = cli("validate", "--no-config", "--format", "json", "zero.jsonl", cwd=tmp_path, timeout=120, memory_mb=1024)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["diagnostics"][0]["kind"] in ("too-large", "binary")


def test_every_command_taking_file_names_accepts_double_dash(tmp_path: Path) -> None:
    victim = tmp_path / "victim.py"
    victim.write_text("precious = 1\n")
    (tmp_path / "--output=victim.py").write_text(PLANTED)
    (tmp_path / "--also=json=victim.py.json").write_text(json.dumps({"model": "openai.gpt-5.5", "input": "x",
                                                                    "tools": [{"type": "web_search"}]}))  # fmt: skip
    proc = cli("scan", "--no-config", "--format", "json", "--", "--output=victim.py", cwd=tmp_path)
    assert proc.returncode == 1 and json.loads(proc.stdout)["findings"][0]["path"] == "--output=victim.py"
    proc = cli("validate", "--no-config", "--format", "json", "--", "--also=json=victim.py.json", cwd=tmp_path)
    assert proc.returncode == 1 and json.loads(proc.stdout)["findings"]
    for command in ("create", "update"):
        proc = cli("baseline", command, "--no-config", "--", "--output=victim.py", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert victim.read_text() == "precious = 1\n" and not (tmp_path / "victim.py.json").exists()


def test_output_to_dev_stdout_writes_through_the_pipe(repo: Path) -> None:
    link = repo / "to-stdout"
    link.symlink_to("/proc/self/fd/1")
    for target in ("/dev/stdout", str(link)):
        proc = cli("scan", "--no-config", "--format", "json", "-o", target, "app.py", cwd=repo)
        assert proc.returncode == 1, proc.stderr
        assert json.loads(proc.stdout)["findings"][0]["capability"] == "web-search"
    assert link.is_symlink()
