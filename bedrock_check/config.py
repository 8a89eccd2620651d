"""Configuration files: `.bedrock-check.yaml`, `[tool.bedrock-check]` in `pyproject.toml`,
or `--config FILE`. Command-line options win over the file; the file wins over the
matrix defaults. Unknown keys and bad values are errors naming the file and key."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bedrock_check.config_locate import CONFIG_NAMES, find_config  # noqa: F401 - re-exported
from bedrock_check.errors import ConfigError
from bedrock_check.report import FORMATS
from bedrock_check.report.model import Report


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class IgnoreRule(BaseModel):
    """Findings to accept: by path glob, by capability, or both, always with a reason."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    path: str | None = Field(default=None, description="A glob (gitignore syntax) the finding's path must match.")
    capability: str | None = Field(default=None, description="The capability id the finding must have.")
    reason: str = Field(min_length=1, description="Why this is accepted; shown with the finding.")

    @model_validator(mode="after")
    def _has_a_selector(self) -> IgnoreRule:
        if self.path is None and self.capability is None:
            raise ValueError("an ignore rule needs `path`, `capability` or both")
        return self


class Config(BaseModel):
    """Settings for `scan` and `validate`."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    model: str | None = Field(default=None, description="Bedrock model id of the target.")
    region: str | None = Field(default=None, description="AWS Region of the target.")
    fail_on: Literal["error", "warning", "never"] | None = Field(
        default=None, description="Lowest severity that fails the run."
    )
    exit_zero: bool = Field(default=False, description="Always exit 0 when the run completes (report-only).")
    include: list[str] = Field(default_factory=list, description="Globs of files to scan (default: all).")
    exclude: list[str] = Field(default_factory=list, description="Globs of files to skip.")
    ignore: list[IgnoreRule] = Field(default_factory=list, description="Findings to accept, each with a reason.")
    matrix: list[str] = Field(default_factory=list, description="Matrix override layers, in order.")
    baseline: str | None = Field(default=None, description="Baseline file of known findings.")
    format: Literal[FORMATS] | None = Field(default=None, description="Format printed on stdout.")  # type: ignore[valid-type]
    output: str | None = Field(default=None, description="Write the main format here instead of stdout.")
    also: list[str] = Field(default_factory=list, description="More outputs, as FORMAT=PATH.")
    max_file_size: int | None = Field(default=None, gt=0, description="Skip files larger than this many bytes.")

    @field_validator("also")
    @classmethod
    def _also(cls, values: list[str]) -> list[str]:
        for value in values:
            fmt, sep, path = value.partition("=")
            if not sep or not path or fmt not in FORMATS:
                raise ValueError(f"{value!r} is not FORMAT=PATH with a known format")
        return values


def config_schema() -> dict[str, Any]:
    """The JSON Schema of the configuration (YAML file, or `[tool.bedrock-check]`)."""
    schema = Config.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "bedrock-check configuration"
    return schema


def _format_error(where: str, exc: ValidationError) -> str:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "(top level)"
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return f"{where}: {key}: {msg}"


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def load_config(path: str | Path) -> tuple[Config, Path]:
    """A config file (YAML, or a pyproject.toml with [tool.bedrock-check]) and its folder."""
    path = Path(path)
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        data = _read_toml(path).get("tool", {}).get("bedrock-check")
        where = f"{path} [tool.bedrock-check]"
        if data is None:
            raise ConfigError(f"{path}: no [tool.bedrock-check] table")
    else:
        from bedrock_check.yamlsafe import YamlError, load_yaml

        try:
            data = load_yaml(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
        except YamlError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping of settings")
    try:
        return Config.model_validate(data), path.parent
    except ValidationError as exc:
        raise ConfigError(_format_error(where, exc)) from None


def resolve_paths(config: Config, base: Path) -> Config:
    """Config paths made relative to the config file's folder, as users expect."""

    def rel(p: str) -> str:
        return p if Path(p).is_absolute() else str(base / p)

    also = [f"{fmt}={rel(path)}" for fmt, _, path in (a.partition("=") for a in config.also)]
    return config.model_copy(
        update={
            "matrix": [rel(m) for m in config.matrix],
            "baseline": rel(config.baseline) if config.baseline else None,
            "output": rel(config.output) if config.output else None,
            "also": also,
        }
    )


def apply_ignores(report: Report, rules: list[IgnoreRule]) -> Report:
    """Mark findings that a config ignore rule accepts (kept, with the rule's reason)."""
    if not rules:
        return report
    import pathspec

    compiled = [(pathspec.GitIgnoreSpec.from_lines([r.path]) if r.path else None, r) for r in rules]
    findings = []
    for f in report.findings:
        if f.suppressed is None:
            for spec, rule in compiled:
                if (rule.capability is None or rule.capability == f.capability) and (
                    spec is None or spec.match_file(f.path.removeprefix("./"))
                ):
                    f = replace(f, suppressed=f"config: {rule.reason}")
                    break
        findings.append(f)
    return replace(report, findings=tuple(findings))
