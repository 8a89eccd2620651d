"""`scan`: find every Bedrock-incompatible feature in a repository.

discover files -> cheap prefilter on raw bytes (tokens from the matrix and the
extractors) -> extract observations from candidates -> evaluate with the engine ->
apply inline suppressions. Candidates are parsed in a process pool when there are
many; each worker compiles the engine once and returns plain records (`scanpool.py`).
Reading a candidate and its token test are in `scanfilter.py`.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bedrock_check.discover import Candidate, discover
from bedrock_check.engine import Engine
from bedrock_check.engine.request import one_use_per_tool_in_call
from bedrock_check.errors import BedrockCheckError

# Re-exported: the prefilter's tokens and the reader registry are imported from here too.
from bedrock_check.extract import READERS as READERS
from bedrock_check.extract import decode, extract_safely
from bedrock_check.findings import CodeObservation, Diagnostic, Finding, Observation, RequestObservation, Use
from bedrock_check.gating.suppressions import parse_suppressions
from bedrock_check.matrix import Matrix, Target
from bedrock_check.quickclass import dataclass
from bedrock_check.report.model import Report
from bedrock_check.scanfilter import FileResult, Prefilter
from bedrock_check.scanfilter import prefilter_sets as prefilter_sets
from bedrock_check.scanfilter import prefilter_tokens as prefilter_tokens
from bedrock_check.scanpool import _pooled
from bedrock_check.vocabulary import CHECKED_PROVIDERS, TEST_DOUBLE, DiagnosticKind

if TYPE_CHECKING:
    from bedrock_check.extract.project import Project
    from bedrock_check.globs import Globs


DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024


#: Below this many candidates a pool costs more than it saves.
POOL_THRESHOLD = 64


#: The cyclic garbage collector is off while a file is scanned, and back on (if it was) after.
#: A parsed file is some hundred thousand objects that live until the file is done (its
#: syntax tree, call sites, lowered values): with the collector on, each is traversed by
#: the young collections that met it, and the cache of imported files by the full ones, for
#: nothing, since none of it is garbage before the file is done. A file's model holds no
#: reference cycle (the front-ends let go of it after their walk), so it is freed as soon as
#: the file is done; what cyclic garbage a file leaves is collected after it (bench/README.md).


class _Scanner:
    """Parses and evaluates candidate files; one per process."""

    def __init__(self, matrix: Matrix, target: Target, max_file_size: int, engine: Engine | None = None,
                 from_code: frozenset[str] = frozenset()) -> None:  # fmt: skip
        self.engine = engine or Engine(matrix, target)
        #: The parts of the target ("endpoint", "region") each call takes from its own client.
        self.from_code = from_code
        self.prefilter = Prefilter(self.engine, max_file_size)
        self.known_ids = frozenset(c.id for c in matrix.capabilities)
        #: Suppressions of files where imported values are written, by path on disk.
        self._elsewhere: dict[str, Any] = {}

    @functools.cached_property
    def project(self) -> Project:
        """Parsed files imported by scanned files, cached for this process (made when the
        first file is parsed: a scan whose files all fail the prefilter never needs it)."""
        from bedrock_check.catalogue import shipped_catalogue
        from bedrock_check.catalogue.check import check_tool_types
        from bedrock_check.extract.project import Project

        cat = shipped_catalogue()
        check_tool_types(cat, self.engine.compiled.reports_tool, self.engine.compiled.tool_type_names)
        return Project(cat)

    def scan(self, cand: Candidate) -> FileResult:
        """Read, filter, parse and evaluate one file."""
        was = gc.isenabled()
        gc.disable()
        try:
            return self._scan(cand)
        finally:
            if was:
                gc.enable()

    def _scan(self, cand: Candidate) -> FileResult:
        data, result = self.prefilter.read(cand)
        if data is None:
            return result
        text, diag = decode(cand.display, data, cand.kind)
        if text is None:
            result.diagnostics.extend([diag] if diag else [])
            return result
        result.parsed = True
        result.path = cand.display
        extracted = extract_safely(cand.kind, cand.display, text, origin=cand.path, project=self.project)
        result.called = extracted.called
        result.chains = extracted.chains
        suppressions, problems = parse_suppressions(cand.display, text, self.known_ids)
        # (A parsed file's: the scan of none never needs it.)
        from bedrock_check.extract.sites.unseen import worth_saying

        result.diagnostics.extend(worth_saying(extracted.diagnostics, self.engine.compiled.decides))
        result.diagnostics.extend(problems)
        seen: set[tuple[str, str, int, int]] = set()
        for obs in extracted.observations:
            if isinstance(obs, CodeObservation) and obs.kind == "completes":
                result.completed.append((obs.value, int(dict(obs.attrs).get("line", 0)), obs.path, obs.span.line))
                continue
            provider = obs.provider
            if isinstance(obs, CodeObservation) and obs.kind == "client" and provider == "bedrock":
                # A Bedrock client that names no endpoint uses its SDK's default, Mantle.
                result.bedrock_endpoints.extend([v for k, v in obs.attrs if k == "endpoint"] or ["mantle"])
            if provider is not None and provider not in CHECKED_PROVIDERS:
                # (A client, a URL or a `.env` setting of another provider is no call to count.)
                if isinstance(obs, CodeObservation) and obs.kind in ("client", "string", "setting"):
                    continue
                if provider == TEST_DOUBLE:
                    # (A mock's call reaches no API: no provider's, and no call to count as one.)
                    result.skipped_test_doubles += 1
                else:
                    result.skipped_providers[provider] = result.skipped_providers.get(provider, 0) + 1
                continue
            if isinstance(obs, RequestObservation) and not obs.fragment:
                result.requests += 1
            if not self.engine.can_find(obs):
                continue  # (a call no code signal names: nothing to evaluate)
            try:
                evaluation = self.engine.routed(obs, self.from_code).evaluate((obs,))
            except BedrockCheckError:
                raise  # the run's own error (a refused matrix or cache entry): said once, for the run
            except Exception as exc:  # a value of the file the engine could not check: this file says so, the run goes on
                if not any(d.kind == DiagnosticKind.INTERNAL_ERROR for d in result.diagnostics):
                    result.diagnostics.append(_engine_failed(cand.display, exc))
                continue
            result.uses.extend(evaluation.uses)
            anchor = obs.span.line
            for finding in evaluation.findings:
                key = (finding.path, finding.capability, finding.line, finding.column)
                if key in seen:  # one value seen by two routes (a typed param and its dict)
                    continue
                seen.add(key)
                if finding.path != cand.display:  # a value imported from the file where it is written
                    reason = self._suppressed_elsewhere(cand, finding)
                    result.findings.append(replace(finding, suppressed=reason) if reason else finding)
                    continue
                reason = suppressions.covers(finding.capability, (finding.line, finding.line - 1, anchor, anchor - 1))
                result.findings.append(replace(finding, suppressed=reason) if reason else finding)
        result.findings = self._regions_for_the_files_models(extracted.observations, result.findings, self.from_code)
        calls = [(o.span.line, o.span.end_line) for o in extracted.observations if o.span.end_line > o.span.line]
        result.findings = one_use_per_tool_in_call(result.findings, self.engine.compiled.tool_caps, calls)
        for line in suppressions.unused():
            message = "suppression covers no finding on this line or the next; remove it"
            result.diagnostics.append(Diagnostic(cand.display, DiagnosticKind.UNUSED_SUPPRESSION, message, line))
        return result


    def _suppressed_elsewhere(self, cand: Candidate, finding: Finding) -> Any:
        """The suppression comment, in the file where an imported value is written, that
        covers a finding reported there."""
        here = os.path.dirname(cand.display)
        origin = os.path.normpath(os.path.join(os.path.dirname(cand.path), os.path.relpath(finding.path, here or ".")))
        found = self._elsewhere.get(origin)
        if found is None:
            model = self.project.model(origin)
            text = model.src.text if model is not None else ""
            found = self._elsewhere[origin] = parse_suppressions(finding.path, text, self.known_ids)[0]
        return found.covers(finding.capability, (finding.line, finding.line - 1))

    def _regions_for_the_files_models(self, observations: list[Observation], findings: list[Finding],
                                      from_code: frozenset[str] = frozenset()) -> list[Finding]:  # fmt: skip
        """A Region named in code (`bedrock(region="us-west-2")`) is checked against the target
        model; when every model the same file sends is offered in that Region, it is not a problem.
        When each call is checked in its own client's Region, a call that names its model was
        checked there already: the client's line then says nothing more about that Region."""
        requests = [o for o in observations if isinstance(o, RequestObservation) and isinstance(o.body, dict)]
        models = {m for o in requests if isinstance(m := o.body.get("model"), str) and m}
        if not models:
            return findings
        checked = {dict(o.attrs).get("region") for o in requests if isinstance(o.body.get("model"), str)} \
            if "region" in from_code else set()  # fmt: skip
        # A Mantle base URL is checked at each call against the model the call sends; the
        # client's own line then need not guess with the target's model.
        path_checked = any(k == "base_url" and "bedrock-mantle" in v for o in requests
                           if isinstance(o.body.get("model"), str) for k, v in o.attrs)  # fmt: skip
        ok = self.engine.served_in
        return [f for f in findings
                if not (f.capability == "region-availability" and not f.pointer
                        and (f.value in checked or all(ok(m, f.value) for m in models)))
                and not (f.capability == "mantle-base-path" and not f.pointer and path_checked)]  # fmt: skip


def _engine_failed(path: str, exc: Exception) -> Diagnostic:
    """The diagnostic for an observation of `path` the engine failed on (its traceback goes
    to the `bedrock_check` logger at DEBUG level, which `--debug` shows)."""
    import logging

    from bedrock_check.redact import redact

    logging.getLogger("bedrock_check").debug("checking a value of %s failed", path, exc_info=exc)
    detail = redact(str(exc))[:200]
    return Diagnostic(path, DiagnosticKind.INTERNAL_ERROR,
                      f"checking a value of this file failed ({type(exc).__name__}{': ' + detail if detail else ''}); "
                      "please report it (--debug shows the traceback)")  # fmt: skip


@dataclass(slots=True)
class ScanStats:
    """Counts and timings for `--stats` (discovery overlaps scanning, so one time covers both)."""

    files_seen: int = 0
    files_read: int = 0
    files_parsed: int = 0
    #: Minified bundles skipped as build output.
    files_generated: int = 0
    bytes_read: int = 0
    scan_s: float = 0.0
    workers: int = 1

    def as_dict(self) -> dict[str, float | int]:
        """The stats as a plain mapping."""
        return {
            "files_seen": self.files_seen, "files_read": self.files_read, "files_parsed": self.files_parsed,
            "files_generated": self.files_generated, "bytes_read": self.bytes_read,
            "scan_seconds": round(self.scan_s, 3), "workers": self.workers,
        }  # fmt: skip


def scan_paths(
    paths: Iterable[str],
    matrix: Matrix,
    target: Target,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    globs: Sequence[Globs] = (),
    force_exclude: bool = False,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: Engine | None = None,
    endpoint_from_code: bool = False,
    model_chosen: bool = True,
    region_from_code: bool = False,
    _routed: frozenset[str] | None = None,
) -> Report:
    """Scan files and directories and return the report. `progress(done, total)` is
    called as files finish; `jobs` caps the worker processes (default: CPU count);
    `engine` is one already compiled for this matrix and target. With
    `endpoint_from_code` (no endpoint chosen), a workload whose Bedrock clients all
    name the runtime endpoint is checked against it instead of the default, and each
    call through a Bedrock client is checked against that client's own endpoint; with
    `region_from_code` (no Region chosen), against that client's own Region too.
    `include`/`exclude` are read from each folder scanned, `globs` each from its own folder
    (a config file's: see `bedrock_check.globs.Globs`)."""
    from_code = _routed if _routed is not None else frozenset(
        name for name, chosen in (("endpoint", endpoint_from_code), ("region", region_from_code),
                                  ("model", not model_chosen)) if chosen)  # fmt: skip
    if endpoint_from_code:
        paths = list(paths)  # read twice when the code's endpoint differs
        report = scan_paths(paths, matrix, target, include=include, exclude=exclude, globs=globs,
                            max_file_size=max_file_size,
                            jobs=jobs, progress=progress, engine=engine, force_exclude=force_exclude,
                            _routed=from_code)  # fmt: skip
        named = set(report.bedrock_endpoints)
        if len(named) == 1 and target.endpoint not in named:
            from bedrock_check.matrix import retarget

            # A default model is chosen again for the code's endpoint; a named one is kept.
            if not model_chosen and not target.default_model:
                from dataclasses import replace as _replace

                target = _replace(target, default_model=True)
            chosen = retarget(matrix, target, endpoint="runtime" if named.pop() == "runtime" else "mantle")
            return scan_paths(paths, matrix, chosen, include=include, exclude=exclude, globs=globs,
                              max_file_size=max_file_size,
                              jobs=jobs, progress=progress, force_exclude=force_exclude, _routed=from_code)  # fmt: skip
        return report
    stats = ScanStats()
    # Compiled once: the serial scan and the target check share it.
    engine = engine if engine is not None else Engine(matrix, target)
    started = time.perf_counter()
    diagnostics: list[Diagnostic] = []
    results: list[FileResult] = []
    workers = min(jobs or os.cpu_count() or 1, 8)
    found = discover(list(paths), include=include, exclude=exclude, globs=globs, force_exclude=force_exclude)
    # Discovery feeds the workers as it goes: the first chunks are parsed while the tree
    # is still being walked. A small tree is scanned in this process.
    head: list[Candidate] = []
    for item in found:
        if isinstance(item, Candidate):
            head.append(item)
            if len(head) >= POOL_THRESHOLD:
                break
        else:
            diagnostics.append(item)

    def rest() -> Iterator[Candidate]:
        yield from head
        for item in found:
            if isinstance(item, Candidate):
                yield item
            else:
                diagnostics.append(item)

    done = 0
    if workers > 1 and len(head) >= POOL_THRESHOLD:
        stats.workers = workers
        # Here, where a refused pattern of a cache entry is named with the entry's path (a
        # worker does not know it); the workers then compile patterns this check passed.
        engine.compiled.strings()
        # And a catalogue that does not load is one error here, not an internal error in
        # every file a worker reads (its prefilter words come from the catalogue).
        from bedrock_check.catalogue_words import catalogue_words

        catalogue_words()
        for res in _pooled(rest(), workers, (matrix, target, max_file_size, from_code)):
            results.append(res if isinstance(res, FileResult) else FileResult(size=res))
            done += 1
            if progress and done % 256 == 0:
                progress(done, 0)
    else:
        scanner = _Scanner(matrix, target, max_file_size, engine, from_code)
        for cand in rest():
            results.append(scanner.scan(cand))
            done += 1
            if progress:
                progress(done, 0)
    stats.files_seen = done
    stats.scan_s = time.perf_counter() - started

    findings: list[Finding] = []
    uses: list[Use] = []
    requests = 0
    doubles = 0
    per_provider: Counter[str] = Counter()
    endpoints: list[str] = []
    completed: list[tuple[str, int, str, int]] = []
    callers: dict[str, set[str]] = {}
    chains: set[str] = set()
    reached: set[str] = set()  # files with a request or a finding to migrate
    for res in results:
        chains |= res.chains
        for name in res.called:
            callers.setdefault(name, set()).add(res.path)
    for res in results:
        completed.extend(res.completed)
        doubles += res.skipped_test_doubles
        per_provider.update(res.skipped_providers)
        endpoints.extend(res.bedrock_endpoints)
        findings.extend(res.findings)
        uses.extend(res.uses)
        # A parameter no call of its file gives is out of sight only when no other file calls
        # its function either (one that does is its caller: its values are checked there).
        diagnostics.extend(d for d in res.diagnostics if d.function is None or not callers.get(d.function, set()) - {d.path})
        requests += res.requests
        if res.requests or any(f.severity != "note" for f in res.findings):
            reached.add(res.path)
        stats.files_read += bool(res.size)
        stats.files_parsed += res.parsed
        stats.files_generated += res.generated
        stats.bytes_read += res.size
    from bedrock_check.engine.finding import target_findings
    from bedrock_check.engine.migrate import one_iam_step, relied_defaults
    from bedrock_check.extract.dependencies import at_declarations, pins_near_the_workload, pins_of_a_workload

    findings = _at_completing_calls(_once(findings), completed)
    pins = pins_of_a_workload(at_declarations(findings, "migrate-sdk-version"), "migrate-sdk-version", requests,
                              per_provider.total())
    pins = pins_near_the_workload(pins, "migrate-sdk-version", reached)
    pins = relied_defaults(pins, matrix, chains)
    findings = target_findings(engine) + one_iam_step(pins)
    return Report(bedrock_endpoints=tuple(sorted(set(endpoints))),
        matrix=matrix, target=target, findings=tuple(findings), diagnostics=tuple(diagnostics), uses=tuple(uses),
        inputs=done, requests=requests, skipped_providers=dict(per_provider), skipped_test_doubles=doubles, files=tuple(r.path for r in results if r.parsed), command="scan", stats=stats.as_dict(),
    )  # fmt: skip


def _at_completing_calls(findings: list[Finding], completed: list[tuple[str, int, str, int]]) -> list[Finding]:
    """A URL constant that a call of another file completes into its request's URL (`REALTIME_BASE_URL`
    in `lib/constants.ts`, fetched as `${REALTIME_BASE_URL}?model=${MODEL}`) is reported at that
    call, as it is when both sit in one file: not again where the constant is written, for the
    capabilities the call is reported as. A constant sent as it is (`fetch(REALTIME_CALLS_URL)`)
    names its endpoint where it is written and stays."""
    if not completed:
        return findings
    at_call: dict[tuple[str, int], set[str]] = {}
    for f in findings:
        at_call.setdefault((f.path, f.line), set()).add(f.capability)
    drop: set[tuple[str, int, str]] = set()
    for path, line, caller, call_line in completed:
        drop.update((path, line, cap) for cap in at_call.get((caller, call_line), ()))
    return [f for f in findings if f.pointer or (f.path, f.line, f.capability) not in drop]


def _once(findings: list[Finding]) -> list[Finding]:
    """One finding per place: a value imported by several files (a model constant in a
    config module) is reported once, where it is written."""
    seen: set[tuple[str, str, int, int]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.path, f.capability, f.line, f.column)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
