"""The library's one entry point: a `Checker` compiled once from a matrix, a target and a
configuration, whose `scan`, `validate` and `check_request` give the answers the command
line gives (config ignores, inline suppressions, the baseline and `--changed-since`
applied in the same order by `gate`). The command line builds a Checker from its
options and only renders and exits; `bedrock_check.scan()` and friends build one too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bedrock_check.engine import Engine
from bedrock_check.findings import RequestObservation, Span
from bedrock_check.matrix import Matrix, Target, load_matrix, resolve_target
from bedrock_check.report.model import Report
from bedrock_check.vocabulary import ApiEndpoint

if TYPE_CHECKING:  # imported when used: a service that only checks requests never loads them
    from bedrock_check.config import Config
    from bedrock_check.globs import Globs

_REQUEST_SPAN = Span(0, 0, 0, 0)


@dataclasses.dataclass(frozen=True)
class Origin:
    """Which configuration file set the target's model and Region (for placing target findings),
    and the configuration file the run uses (its `targets:` paths are relative to it)."""

    model: Path | None = None
    region: Path | None = None
    config: Path | None = None
    #: The config file whose `include` and `exclude` the run uses (their globs are read from
    #: its folder); None when the command line gave them, or there is none.
    include: Path | None = None
    exclude: Path | None = None

    def globs(self, config: Config | None) -> tuple[Globs, ...]:
        """The run's include and exclude globs, each read from the folder of the file that set it."""
        from bedrock_check.globs import settings_globs

        if config is None:
            return ()
        return settings_globs(config.include, config.exclude, self.include, self.exclude)

    def as_dict(self) -> dict[str, Path]:
        """The keys a file set, for `place_target_findings`."""
        return {k: v for k, v in (("model", self.model), ("region", self.region)) if v is not None}


class Checker:
    """Matrix, target and configuration compiled once; check files, request files and
    single requests with them. Thread-safe for `check_request` (nothing is mutated)."""

    def __init__(
        self,
        config: Config | None = None,
        *,
        matrix: Matrix | None = None,
        model: str | None = None,
        region: str | None = None,
        origin: Origin | None = None,
        endpoint: str | None = None,
        as_of: str | None = None,
    ) -> None:
        """`config` is a validated configuration (see `Checker.from_config`); `model`,
        `region`, `endpoint` (mantle or runtime) and `as_of` (a date or `latest`) override
        it; `matrix` replaces the config's layers."""
        self.config = config
        self.matrix = matrix if matrix is not None else load_matrix(*(config.matrix if config else ()))
        self.target: Target = resolve_target(
            self.matrix, model or (config.model if config else None), region or (config.region if config else None),
            endpoint or (config.endpoint if config else None), as_of or (config.as_of if config else None),
        )  # fmt: skip
        self.engine = Engine(self.matrix, self.target)
        #: What nobody chose is taken from the code (each call's own Bedrock client), as `scan` does.
        self._chosen = {"model": bool(model or (config and config.model)),
                        "region": bool(region or (config and config.region)),
                        "endpoint": bool(endpoint or (config and config.endpoint))}  # fmt: skip
        self.origin = origin or Origin()
        #: Target keys given here rather than by the config: they win over its `targets:` scopes too.
        self.given = tuple(k for k, v in (("model", model), ("region", region), ("endpoint", endpoint)) if v)
        self._baseline: list[dict[str, Any]] | None = None

    @classmethod
    def from_config(
        cls,
        path: str | Path | None = None,
        *,
        search: bool = True,
        matrix: Matrix | None = None,
        **overrides: Any,
    ) -> Checker:
        """A checker for a configuration file (`path`, else the nearest one from the working
        folder when `search`, as the command line finds it), with `overrides` (config keys:
        model, region, fail_on, baseline, include, ...) winning over the file."""
        from bedrock_check.config import settings_from

        config, origin = settings_from(path, search=search, overrides=overrides)
        given = {k: overrides.get(k) for k in ("model", "region", "endpoint")}
        return cls(config, matrix=matrix, origin=origin, **given)

    # ------------------------------------------------------------ runs

    def scan(
        self,
        paths: Iterable[str] | str = ".",
        *,
        changed_since: str | None = None,
        jobs: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        force_exclude: bool = False,
    ) -> Report:
        """Scan files and folders (as `bedrock-check scan`), gated like the command line
        (`force_exclude`: excludes apply to files named in `paths` too)."""
        from bedrock_check.scanner import DEFAULT_MAX_FILE_SIZE, scan_paths
        from bedrock_check.scopes import resolve_scopes, scan_scoped

        cfg = self.config
        items = [paths] if isinstance(paths, str) else list(paths)

        def one(part: list[str], scope: Any, exclude: list[str]) -> Report:
            return scan_paths(
                part, self.matrix, scope.target if scope else self.target,
                globs=self.origin.globs(cfg), exclude=exclude, force_exclude=force_exclude,
                max_file_size=(cfg.max_file_size if cfg and cfg.max_file_size else DEFAULT_MAX_FILE_SIZE),
                jobs=jobs, progress=progress, engine=None if scope else self.engine,
                endpoint_from_code=not (scope.endpoint_chosen if scope else self._chosen["endpoint"]),
                region_from_code=not (scope.region_chosen if scope else self._chosen["region"]),
                model_chosen=self._chosen["model"] or scope is not None,
            )  # fmt: skip

        scopes = resolve_scopes(cfg, self.origin.config, self.matrix, self.target, self.given) if cfg else []
        report = scan_scoped(items, scopes, self.target, self.origin.config, one) if scopes else one(items, None, [])
        return self.gate(report, changed_since=changed_since, scope=items)

    def validate(self, paths: Iterable[str] | str, *, stdin: bytes | None = None) -> Report:
        """Check request files (as `bedrock-check validate`; "-" reads `stdin`), each against its
        folder's target (`targets:` in the config), gated like the command line."""
        from bedrock_check.scopes import resolve_scopes
        from bedrock_check.validator import validate_scoped

        items = [paths] if isinstance(paths, str) else list(paths)
        cfg = self.config
        scopes = resolve_scopes(cfg, self.origin.config, self.matrix, self.target, self.given) if cfg else []
        report = validate_scoped(items, self.matrix, self.target, scopes, self.origin.config, stdin=stdin,
                                 engine=self.engine, globs=self.origin.globs(cfg))  # fmt: skip
        return self.gate(report)

    def check_request(self, body: Any, *, endpoint: ApiEndpoint | str | None = None) -> Report:
        """Check one request body (no I/O after construction); `endpoint` defaults to what
        the body's shape says. Config ignores and the baseline apply as for a file."""
        from bedrock_check.extract.requests import request_shape

        shape = request_shape(body)
        obs = RequestObservation(
            "<request>", shape.body if shape else body,
            ApiEndpoint(endpoint) if endpoint else (shape.endpoint if shape else ApiEndpoint.UNKNOWN), _REQUEST_SPAN,
        )  # fmt: skip
        result = self.engine.evaluate((obs,))
        report = Report(self.matrix, self.target, result.findings, uses=result.uses, inputs=1, requests=1,
                        command="check", files=("<request>",))  # fmt: skip
        return self.gate(report) if result.findings else report

    # ------------------------------------------------------------ gating

    def gate(self, report: Report, *, changed_since: str | None = None, scope: list[str] | None = None) -> Report:
        """Config ignores, then `changed_since`, then the baseline, then target findings placed
        on the config line that chose the target: the command line's order (it calls this too).
        `scope`: the paths scanned, so stale baseline entries outside them are not reported."""
        from bedrock_check.gating import gate

        return gate(report, self.config, origin=self.origin, changed_since=changed_since, scope=scope,
                    baseline=self._baseline_entries)  # fmt: skip

    def _baseline_entries(self, path: str) -> list[dict[str, Any]]:
        # Read once per checker: a service checking requests must not re-read it per call.
        if self._baseline is None:
            from bedrock_check.gating.baseline import load_baseline

            self._baseline = load_baseline(path)
        return self._baseline
