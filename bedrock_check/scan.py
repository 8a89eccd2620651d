"""`scan`: find every Bedrock-incompatible feature in a repository.

discover files -> cheap prefilter on raw bytes (tokens from the matrix and the
extractors) -> extract observations from candidates -> evaluate with the engine ->
apply inline suppressions. Candidates are parsed in a process pool when there are
many; each worker compiles the engine once and returns plain records.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from bedrock_check.discover import Candidate, discover
from bedrock_check.engine import Engine
from bedrock_check.extract import TOKENS, extract
from bedrock_check.findings import Diagnostic, Finding, RequestObservation, Use
from bedrock_check.matrix import Matrix, Target
from bedrock_check.report.model import Report
from bedrock_check.suppress import parse_suppressions

DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024
#: Below this many candidates a pool costs more than it saves.
POOL_THRESHOLD = 64
_CODE_KINDS = ("python", "notebook", "javascript", "typescript", "tsx", "markdown", "shell")


@dataclass(slots=True)
class FileResult:
    """What scanning one file produced (picklable: it crosses process boundaries)."""

    findings: list[Finding] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: bool = False
    size: int = 0
    requests: int = 0


def prefilter_tokens(engine: Engine) -> dict[str, tuple[bytes, ...]]:
    """Per input kind, the byte strings one of which a file must contain to be parsed.
    Built from the matrix's code signals, so a new signal widens the filter."""
    from bedrock_check.extract.javascript import TOKENS as JS_TOKENS
    from bedrock_check.extract.python import TOKENS as PY_TOKENS
    from bedrock_check.extract.shell import TOKENS as SH_TOKENS

    code = tuple(engine.code_tokens)
    per_kind = {
        "python": (*code, *PY_TOKENS),
        "notebook": (*code, *PY_TOKENS),
        "javascript": (*code, *JS_TOKENS),
        "typescript": (*code, *JS_TOKENS),
        "tsx": (*code, *JS_TOKENS),
        "shell": SH_TOKENS,
        **TOKENS,
    }
    per_kind["markdown"] = tuple(
        {t for kind in _CODE_KINDS[:-2] for t in per_kind[kind]} | set(SH_TOKENS) | set(TOKENS["json"])
    )
    return {kind: tuple(sorted({t.encode() for t in tokens})) for kind, tokens in per_kind.items()}


class _Scanner:
    """Scans single files; one per process."""

    def __init__(self, matrix: Matrix, target: Target, max_file_size: int) -> None:
        self.engine = Engine(matrix, target)
        self.tokens = prefilter_tokens(self.engine)
        self.max_file_size = max_file_size
        self.known_ids = frozenset(c.id for c in matrix.capabilities)

    def scan(self, cand: Candidate) -> FileResult:
        result = FileResult()
        try:
            size = cand.path.stat().st_size
            if size > self.max_file_size:
                result.diagnostics.append(
                    Diagnostic(
                        cand.display,
                        "too-large",
                        f"skipped: {size:,} bytes is over the {self.max_file_size:,}-byte limit (--max-file-size)",
                    )
                )
                return result
            data = cand.path.read_bytes()
        except OSError as exc:
            result.diagnostics.append(Diagnostic(cand.display, "unreadable", f"cannot read: {exc.strerror or exc}"))
            return result
        result.size = len(data)
        if not any(tok in data for tok in self.tokens[cand.kind]):
            return result
        if b"\0" in data[:8192]:
            if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
                result.diagnostics.append(
                    Diagnostic(cand.display, "encoding", "UTF-16 text; bedrock-check reads UTF-8")
                )
            else:
                result.diagnostics.append(Diagnostic(cand.display, "binary", "binary data; skipped"))
            return result
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            result.diagnostics.append(
                Diagnostic(cand.display, "encoding", f"not UTF-8 text (bad byte at offset {exc.start}); skipped")
            )
            return result
        result.parsed = True
        try:
            extracted = extract(cand.kind, cand.display, text)
        except RecursionError:
            result.diagnostics.append(Diagnostic(cand.display, "too-deep", "nested too deeply to check"))
            return result
        suppressions, problems = parse_suppressions(cand.display, text, self.known_ids)
        result.diagnostics.extend(extracted.diagnostics)
        result.diagnostics.extend(problems)
        seen: set[tuple[str, int, int]] = set()
        for obs in extracted.observations:
            if isinstance(obs, RequestObservation):
                result.requests += 1
            evaluation = self.engine.evaluate((obs,))
            result.uses.extend(evaluation.uses)
            anchor = obs.span.line
            for finding in evaluation.findings:
                key = (finding.capability, finding.line, finding.column)
                if key in seen:  # one value seen by two routes (a typed param and its dict)
                    continue
                seen.add(key)
                reason = suppressions.covers(finding.capability, (finding.line, finding.line - 1, anchor, anchor - 1))
                result.findings.append(replace(finding, suppressed=reason) if reason else finding)
        return result


_WORKER: _Scanner | None = None


def _init_worker(matrix: Matrix, target: Target, max_file_size: int) -> None:
    global _WORKER
    _WORKER = _Scanner(matrix, target, max_file_size)


def _scan_in_worker(cand: Candidate) -> FileResult:
    assert _WORKER is not None
    return _WORKER.scan(cand)


@dataclass(slots=True)
class ScanStats:
    """Counts and timings for `--stats`."""

    files_seen: int = 0
    files_read: int = 0
    files_parsed: int = 0
    bytes_read: int = 0
    discover_s: float = 0.0
    scan_s: float = 0.0
    workers: int = 1

    def as_dict(self) -> dict[str, float | int]:
        """The stats as a plain mapping."""
        return {
            "files_seen": self.files_seen, "files_read": self.files_read, "files_parsed": self.files_parsed,
            "bytes_read": self.bytes_read, "discover_seconds": round(self.discover_s, 3),
            "scan_seconds": round(self.scan_s, 3), "workers": self.workers,
        }  # fmt: skip


def scan_paths(
    paths: Iterable[str],
    matrix: Matrix,
    target: Target,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Scan files and directories and return the report. `progress(done, total)` is
    called as files finish; `jobs` caps the worker processes (default: CPU count)."""
    stats = ScanStats()
    started = time.perf_counter()
    candidates: list[Candidate] = []
    diagnostics: list[Diagnostic] = []
    for item in discover(list(paths), include=include, exclude=exclude):
        (candidates if isinstance(item, Candidate) else diagnostics).append(item)  # type: ignore[arg-type]
    stats.files_seen = len(candidates)
    stats.discover_s = time.perf_counter() - started

    started = time.perf_counter()
    results: list[FileResult] = []
    workers = min(jobs or os.cpu_count() or 1, 8)
    if workers > 1 and len(candidates) >= POOL_THRESHOLD:
        stats.workers = workers
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(matrix, target, max_file_size)) as pool:
            for i, res in enumerate(pool.map(_scan_in_worker, candidates, chunksize=64), 1):
                results.append(res)
                if progress:
                    progress(i, len(candidates))
    else:
        scanner = _Scanner(matrix, target, max_file_size)
        for i, cand in enumerate(candidates, 1):
            results.append(scanner.scan(cand))
            if progress:
                progress(i, len(candidates))
    stats.scan_s = time.perf_counter() - started

    findings: list[Finding] = []
    uses: list[Use] = []
    requests = 0
    for res in results:
        findings.extend(res.findings)
        uses.extend(res.uses)
        diagnostics.extend(res.diagnostics)
        requests += res.requests
        stats.files_read += 1 if res.size or res.parsed else 0
        stats.files_parsed += res.parsed
        stats.bytes_read += res.size
    from bedrock_check.validate import target_findings

    findings = target_findings(Engine(matrix, target)) + findings
    return Report(
        matrix=matrix, target=target, findings=tuple(findings), diagnostics=tuple(diagnostics), uses=tuple(uses),
        inputs=len(candidates), requests=requests, command="scan", stats=stats.as_dict(),
    )  # fmt: skip
