"""The process pool of `scan`: each worker builds one scanner (the engine compiled once),
candidates go in chunks fed as discovery goes, results come back in candidate order, and a
worker killed from outside is an error for the whole run (`ScanError`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.discover import Candidate
from bedrock_check.errors import BedrockCheckError
from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanfilter import FileResult

if TYPE_CHECKING:
    from bedrock_check.scanner import _Scanner


class ScanError(BedrockCheckError):
    """The scan as a whole could not finish (one line, exit 2)."""


_WORKER: _Scanner | None = None


def _init_worker(matrix: Matrix, target: Target, max_file_size: int, from_code: frozenset[str] = frozenset()) -> None:
    global _WORKER
    if os.environ.get("BEDROCK_CHECK_DEBUG"):  # a spawned worker does not inherit logging setup
        from bedrock_check.debug import debug_logging

        debug_logging()
    from bedrock_check.scanner import _Scanner  # (scanner imports this module: asked when a worker starts)

    _WORKER = _Scanner(matrix, target, max_file_size, from_code=from_code)


def _scan_chunk(chunk: list[Candidate]) -> list[FileResult | int]:
    return [_scan_in_worker(cand) for cand in chunk]


#: Files per task: most are read, token-tested and dropped in microseconds, so per-task
#: overhead would dominate; empty results come back as a bare size.
CHUNK = 256
#: Chunks in flight per worker. Results are taken in order, so a slow chunk (256 files of an
#: SDK's tests) holds up the ones behind it: with two per worker the other worker soon runs
#: dry (5 % of a 2-worker scan of the real-code corpus lost waiting; with eight, 2 %:
#: `bench/bench_pool_schedule.py`). A chunk in flight holds only candidates and small results.
WINDOW = 8


def _pooled(cands: Iterator[Candidate], workers: int, initargs: tuple[Any, ...]) -> Iterator[FileResult | int]:
    """Results in candidate order from a process pool fed as discovery goes (a bounded
    window of chunks in flight). A worker killed from outside (the OOM killer) breaks
    the pool: that is an error for the whole run, never a wait without end."""
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def chunks() -> Iterator[list[Candidate]]:
        chunk: list[Candidate] = []
        for cand in cands:
            chunk.append(cand)
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    try:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=initargs) as pool:
            pending: deque[Any] = deque()
            for chunk in chunks():
                pending.append(pool.submit(_scan_chunk, chunk))
                while len(pending) >= WINDOW * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    except BrokenProcessPool:
        raise ScanError(
            "a worker process died while scanning (killed by the system: out of memory?); no report was written. "
            "Run again with --jobs 1, or a lower --max-file-size"
        ) from None


def _scan_in_worker(cand: Candidate) -> FileResult | int:
    assert _WORKER is not None
    result = _WORKER.scan(cand)
    # Most files hold nothing: send back only their size, not a whole record.
    if not (result.findings or result.uses or result.diagnostics or result.parsed or result.skipped_by_provider
            or result.skipped_test_doubles or result.generated):
        return result.size
    return result
