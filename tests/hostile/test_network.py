"""Network answers are hostile: a slow drip, a gigabyte, nonsense headers and bodies,
and bad credentials end in a result or one line, within a deadline and a memory cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.capped import cli, one_line_error, python
from tests.hostile.server import drip, hostile_server, huge, send

TOKEN = "bedrock-api-key-TmV0d29ya1Rlc3RUb2tlbk9ubHk="

#: Each test runs the command line in capped subprocesses: seconds each (run by .ci/run).
pytestmark = pytest.mark.slow


@pytest.fixture
def tok(tmp_path: Path) -> Path:
    (tmp_path / "tok").write_text(TOKEN)
    return tmp_path


def _probe(base: str, cwd: Path, *extra: str, timeout: float = 90):
    return cli("probe", "-c", "web-search", "--endpoint", base, "--token-file", "tok", "--format", "json",
               "--retries", "0", *extra, cwd=cwd, timeout=timeout, memory_mb=768)  # fmt: skip


def test_timeout_is_a_wall_clock_deadline_against_a_slow_drip(tok: Path) -> None:
    with hostile_server(lambda h: drip(h, 120)) as srv:
        proc = _probe(srv.base, tok, "--timeout", "3", timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["results"][0]["observed"] == "timeout"


def test_a_gigabyte_answer_is_not_read_whole(tok: Path) -> None:
    with hostile_server(huge) as srv:
        proc = _probe(srv.base, tok, timeout=90)
        listing = python(
            "from bedrock_check.live.models import endpoint_models\nfrom bedrock_check.errors import ProbeError\n"
            f"try:\n    endpoint_models({srv.base!r}, {TOKEN!r})\nexcept ProbeError as e:\n    print(e)",
            cwd=tok, timeout=90, memory_mb=768,
        )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["results"][0]["observed"] == "malformed"
    assert listing.returncode == 0 and "bytes; not read" in listing.stdout, listing.stderr[-2000:]


@pytest.mark.parametrize("retry_after", ["nan", "inf", "-inf", "1e999"])
def test_nonsense_retry_after_is_ignored(tok: Path, retry_after: str) -> None:
    with hostile_server(lambda h: send(h, 429, "{}", {"Retry-After": retry_after})) as srv:
        proc = cli("probe", "-c", "web-search", "--endpoint", srv.base, "--token-file", "tok", "--format", "json",
                   "--retries", "1", cwd=tok, timeout=90)  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["results"][0]["observed"] == "throttled"


@pytest.mark.parametrize("usage", [{"input_tokens": "abc"}, {"input_tokens": [1]}, {"output_tokens": 1e400},
                                   {"input_tokens": 10**5000}])  # fmt: skip
def test_nonsense_usage_counts_are_zero(tok: Path, usage: dict) -> None:
    body = json.dumps({"id": "r", "output": [], "usage": usage}) if not isinstance(usage.get("input_tokens"), int) \
        else '{"id": "r", "usage": {"input_tokens": ' + "9" * 5000 + "}}"
    with hostile_server(lambda h: send(h, 200, body)) as srv:
        proc = _probe(srv.base, tok)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_tokens_are_one_line_errors(tmp_path: Path) -> None:
    with hostile_server(lambda h: send(h, 200, "{}")) as srv:
        (tmp_path / "tok").write_text("bedrock-api-key-ünïcödé")
        assert "ASCII" in one_line_error(_probe(srv.base, tmp_path))
        (tmp_path / "tok").write_bytes(b"bedrock-api-key-\xff\xfe")
        assert "UTF-8" in one_line_error(_probe(srv.base, tmp_path))
        (tmp_path / "tok").unlink()
        (tmp_path / "tok").mkdir()
        one_line_error(_probe(srv.base, tmp_path))
        env = {"AWS_BEARER_TOKEN_BEDROCK": "tök"}
        proc = cli("probe", "-c", "web-search", "--endpoint", srv.base, cwd=tmp_path, env=env)
        assert "ASCII" in one_line_error(proc) and "tök" not in proc.stderr


@pytest.mark.parametrize("body", ['{"data": {"id": "x"}}', '{"data": 5}', "[1, 2]", '{"data": [' + "[" * 100000 + "]}",
                                  '"x"'])  # fmt: skip
def test_models_answer_that_is_not_a_list_is_one_line(tok: Path, body: str) -> None:
    from bedrock_check.errors import ProbeError
    from bedrock_check.live.models import endpoint_models

    with hostile_server(lambda h: send(h, 200, body)) as srv, pytest.raises(ProbeError):
        endpoint_models(srv.base, TOKEN)
