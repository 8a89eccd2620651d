"""Configuration: the `Config` record and its files (`.bedrock-check.yaml`,
`[tool.bedrock-check]` in `pyproject.toml`, or `--config FILE`). Command-line options
win over the file; the file wins over the matrix defaults. Unknown keys and bad values are errors naming the file and key."""

from __future__ import annotations

import sys
from dataclasses import field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from bedrock_check.config_locate import CONFIG_NAMES, find_config  # noqa: F401 - re-exported
from bedrock_check.errors import ConfigError
from bedrock_check.quickclass import dataclass
from bedrock_check.report import FORMATS

if TYPE_CHECKING:
    from bedrock_check.checker import Origin


def _kebab(name: str) -> str:
    return name.replace("_", "-")


#: pydantic reads this on each record: config files are ours, so unknown keys are errors.
_STRICT = {"extra": "forbid", "alias_generator": _kebab, "populate_by_name": True}


def _doc(text: str) -> dict[str, str]:
    """A field's description (shown in `bedrock-check config schema`)."""
    return {"description": text}


@dataclass(frozen=True)
class IgnoreRule:
    """Findings to accept: by path glob, by capability, or both, always with a reason."""

    __pydantic_config__ = _STRICT
    reason: str = field(metadata=_doc("Why this is accepted; shown with the finding."))
    path: str | None = field(default=None, metadata=_doc("A glob (gitignore syntax) the finding's path must match."))
    capability: str | None = field(default=None, metadata=_doc("The capability id the finding must have."))
    #: The config file that declares this rule (`path` is relative to its folder, as ruff reads
    #: its globs): set when the file is read, another file's through `extend`. Not a setting.
    declared_in: ClassVar[Path | None] = None

    def __post_init__(self) -> None:
        if not self.reason:
            raise ValueError("an ignore rule needs a `reason`")
        if self.path is None and self.capability is None:
            raise ValueError("an ignore rule needs `path`, `capability` or both")
        if self.capability is not None:
            # Ids in either spelling: `web_search` is `web-search`.
            object.__setattr__(self, "capability", self.capability.strip().lower().replace("_", "-"))


@dataclass(frozen=True)
class TargetScope:
    """A target for some folders of a monorepo (`targets:`): files under `path` are checked
    against this model, Region or endpoint; the rest of the config's target fills what it
    leaves out. The command line's --model/--region/--endpoint win over it."""

    __pydantic_config__ = _STRICT
    path: str = field(metadata=_doc("A folder relative to the config file (`apps/voice`, `apps/voice/**`, "
                                    "`services/*/realtime`); its files use this target."))  # fmt: skip
    model: str | None = field(default=None, metadata=_doc("Bedrock model id for these folders."))
    region: str | None = field(default=None, metadata=_doc("AWS Region for these folders."))
    endpoint: Literal["mantle", "runtime"] | None = field(default=None, metadata=_doc("Bedrock endpoint for these folders."))
    #: The config file that declares this entry (`path` is relative to its folder): set when the
    #: file is read, and another file's when the entry comes through `extend`. Not a setting.
    declared_in: ClassVar[Path | None] = None

    def __post_init__(self) -> None:
        folder = self.path.strip().replace("\\", "/")
        while folder.endswith(("/**", "/")):
            folder = folder.removesuffix("/**").removesuffix("/")
        if not folder or folder.startswith("/") or ".." in folder.split("/") or ":" in folder[:3]:
            raise ValueError(f"path: {self.path!r} must be a folder inside the config file's folder")
        if "**" in folder:
            raise ValueError(f"path: {self.path!r}: `**` only at the end (`apps/**`); use `*` for one folder level")
        if self.model is None and self.region is None and self.endpoint is None:
            raise ValueError(f"path {self.path!r}: a target needs `model`, `region` or `endpoint`")
        object.__setattr__(self, "path", folder)


@dataclass
class Config:
    """Settings for `scan` and `validate`: a config file's, with command-line values over them.

    A plain record: pydantic validates a config file into it at the edge
    (`load_config`), and the command line builds its settings (a subclass that adds
    what only a run has) from it directly, so a run without a config file never
    imports pydantic. Treat it as read-only once built; `replace` makes a changed copy.
    """

    __pydantic_config__ = _STRICT
    model: str | None = field(default=None, metadata=_doc("Bedrock model id of the target."))
    region: str | None = field(default=None, metadata=_doc("AWS Region of the target."))
    endpoint: Literal["mantle", "runtime"] | None = field(
        default=None, metadata=_doc("Bedrock endpoint of the target (default: what the code's client says, else mantle).")
    )
    as_of: str | None = field(
        default=None, metadata=_doc("Date every verdict is true on: YYYY-MM-DD or `latest` (default: 2026-06-01).")
    )
    fail_on: Literal["error", "warning", "never"] | None = field(default=None, metadata=_doc("Lowest severity that fails the run."))
    exit_zero: bool = field(default=False, metadata=_doc("Always exit 0 when the run completes (report-only)."))
    include: list[str] = field(default_factory=list, metadata=_doc("Globs of files to scan (default: all)."))
    exclude: list[str] = field(default_factory=list, metadata=_doc("Globs of files to skip."))
    ignore: list[IgnoreRule] = field(default_factory=list, metadata=_doc("Findings to accept, each with a reason."))
    matrix: list[str] = field(default_factory=list, metadata=_doc("Matrix override layers, in order."))
    baseline: str | None = field(default=None, metadata=_doc("Baseline file of known findings."))
    format: Literal[FORMATS] | None = field(default=None, metadata=_doc("Format printed on stdout."))  # type: ignore[valid-type]  # the formats are a tuple built at import time; pydantic reads the Literal at run time
    output: str | None = field(default=None, metadata=_doc("Write the main format here instead of stdout."))
    also: list[str] = field(default_factory=list, metadata=_doc("More outputs, as FORMAT=PATH."))
    max_file_size: int | None = field(default=None, metadata=_doc("Skip files larger than this many bytes."))
    extend: str | None = field(
        default=None, metadata=_doc("Another config file whose settings this one starts from (a shared base).")
    )
    targets: list[TargetScope] = field(
        default_factory=list,
        metadata=_doc("Targets for folders of a monorepo: each `path` (relative to this file) with its own "
                      "`model`, `region` or `endpoint`; the first matching entry wins."),
    )  # fmt: skip

    def __post_init__(self) -> None:
        for value in self.also:
            fmt, sep, path = value.partition("=")
            if not sep or not path:
                raise ValueError(f"also: {value!r} is not FORMAT=PATH")
            if fmt not in FORMATS:
                raise ValueError(f"also: {value!r}: unknown format {fmt!r} (one of {', '.join(FORMATS)})")
        if self.max_file_size is not None and self.max_file_size <= 0:
            raise ValueError("max-file-size: must be greater than 0")

    def replace(self, **changes: Any) -> Config:
        """A copy with some settings changed (checked like the file's own)."""
        return replace(self, **changes)


def config_schema() -> dict[str, Any]:
    """The JSON Schema of the configuration (YAML file, or `[tool.bedrock-check]`)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Config).json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://json.schemastore.org/bedrock-check.json"
    schema["title"] = "bedrock-check configuration"
    schema["description"] = "Settings of bedrock-check (.bedrock-check.yaml, or [tool.bedrock-check] in pyproject.toml)."
    schema.setdefault("properties", {})["$schema"] = {"type": "string", "description": "The schema of this file."}
    defs = schema.get("$defs", {})
    for record, definition in ((Config, schema), (IgnoreRule, defs.get("IgnoreRule", {})),
                               (TargetScope, defs.get("TargetScope", {}))):  # fmt: skip
        props = definition.get("properties", {})
        for f in fields(record):
            if _kebab(f.name) in props and "description" in f.metadata:
                props[_kebab(f.name)]["description"] = f.metadata["description"]
    return schema


#: The record a config list holds, by key (for "did you mean" on a misspelt key inside it).
_LIST_RECORDS = {"ignore": IgnoreRule, "targets": TargetScope}


def _format_error(where: str, exc: Any) -> str:
    from bedrock_check.errors import UNKNOWN_KEY, telling_error
    from bedrock_check.vocabulary import unknown_word

    err = telling_error(exc)
    loc = [str(p) for p in err["loc"]]
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] in UNKNOWN_KEY and loc:
        # A misspelt key: named by where it sits, with the closest keys of that record.
        record = _LIST_RECORDS.get(loc[0], Config) if len(loc) > 1 else Config
        hint = unknown_word("key", loc[-1], (_kebab(f.name) for f in fields(record))).partition(";")[2]
        msg = "unknown key" + (f";{hint}" if hint else "")
    # `targets.0.model` as a reader of the file says it: `targets[0].model`.
    key = "".join(f"[{p}]" if p.isdigit() else (f".{p}" if i else p) for i, p in enumerate(loc))
    # A record's own check (`__post_init__`) names its key at the start of the message.
    return f"{where}: {key}: {msg}" if key else f"{where}: {msg}"


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    from bedrock_check.readfile import read_text

    try:
        return tomllib.loads(read_text(path))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        raise ConfigError(f"{path}: cannot read: invalid TOML: {str(exc).splitlines()[0][:200]}") from None


#: Settings that name files: relative to the file that sets them, also through `extend`.
_PATH_KEYS = ("matrix", "baseline", "output", "also")
_MAX_EXTEND = 10


def _absolute(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """A base file's path settings made absolute, so they mean the same from the file extending it."""

    def rel(p: Any) -> Any:
        return p if not isinstance(p, str) or Path(p).is_absolute() else str((base / p).resolve())

    out = dict(data)
    for key in ("matrix",):
        if isinstance(out.get(key), list):
            out[key] = [rel(m) for m in out[key]]
    for key in ("baseline", "output"):
        if key in out:
            out[key] = rel(out[key])
    if isinstance(out.get("also"), list):
        out["also"] = [
            f"{a.partition('=')[0]}={rel(a.partition('=')[2])}" if isinstance(a, str) and "=" in a else a
            for a in out["also"]
        ]
    return out


#: List settings whose entries name paths relative to the file that declares them.
_DECLARED_KEYS = ("targets", "ignore", "include", "exclude")


def _extended(data: dict[str, Any], path: Path, where: str,
              chain: tuple[Path, ...]) -> tuple[dict[str, Any], dict[str, Path]]:  # fmt: skip
    """`data` over the settings of the file its `extend` names (recursively, no cycles), and
    for `targets` and `ignore` the file whose entries the result holds (their paths are
    relative to it)."""
    parent = data.get("extend")
    if parent is None:
        return data, dict.fromkeys(_DECLARED_KEYS, path)
    if not isinstance(parent, str):
        raise ConfigError(f"{where}: extend: expected the path of another config file")
    target = (path.parent / parent).resolve()
    if target in chain or len(chain) > _MAX_EXTEND:
        raise ConfigError(f"{where}: extend: {parent!r} leads round a loop of config files")
    base_data, home = _extended(_read_data(target), target, str(target), (*chain, target))
    base_data = _absolute(base_data, target.parent)
    merged = {**base_data, **{k: v for k, v in data.items() if k != "extend"}}
    return merged, {key: path if key in data else home[key] for key in _DECLARED_KEYS}


def config_files(path: Path) -> list[Path]:
    """A config file and the files its `extend` chain names (read as `load_config` reads
    them; a loop or a missing file ends the list): bedrock-check's own files, which no
    command reads as input."""
    chain = [path.resolve()]
    while len(chain) <= _MAX_EXTEND:
        try:
            parent = _read_data(chain[-1]).get("extend")
        except ConfigError:
            break
        if not isinstance(parent, str):
            break
        target = (chain[-1].parent / parent).resolve()
        if target in chain:
            break
        chain.append(target)
    return chain


def _where(path: Path) -> str:
    """How errors name a config file's settings."""
    return f"{path} [tool.bedrock-check]" if _is_toml(path) else str(path)


def _is_toml(path: Path) -> bool:
    return path.name == "pyproject.toml" or path.suffix == ".toml"


def _read_data(path: Path) -> dict[str, Any]:
    """The settings a config file holds: its `[tool.bedrock-check]` table, or the YAML
    mapping (read with bounds: a config that is a FIFO or a huge file is refused)."""
    if _is_toml(path):
        tool = _read_toml(path).get("tool", {})
        data = tool.get("bedrock-check") if isinstance(tool, dict) else None
        if data is None:
            raise ConfigError(f"{path}: no [tool.bedrock-check] table")
    else:
        from bedrock_check.yamlsafe import YamlError, YamlFileMissing, load_yaml_file

        try:
            data = load_yaml_file(path) or {}
        except YamlFileMissing:
            raise ConfigError(f"{path}: config file not found") from None
        except YamlError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{_where(path)}: expected a mapping of settings")
    data.pop("$schema", None)  # editors' schema hint, not a setting
    return data


def load_config(path: str | Path) -> tuple[Config, Path]:
    """A config file (YAML, or a pyproject.toml with [tool.bedrock-check]) and its folder;
    `extend: other.yaml` starts from another file's settings."""
    config, _ = _load(Path(path))
    return config, Path(path).parent


def _load(path: Path) -> tuple[Config, dict[str, Path]]:
    """A config file's settings, and for each setting that names paths relative to a config
    file's folder (`_DECLARED_KEYS`) the file that declares it (another one through `extend`)."""
    data = _read_data(path)
    where = _where(path)
    merged, home = _extended(data, path, where, (path.resolve(),))
    config = _validate(merged, where)
    for entry in (*config.targets, *config.ignore):
        # frozen records: set once, as they are read
        object.__setattr__(entry, "declared_in", home["targets" if isinstance(entry, TargetScope) else "ignore"])
    return config, home


def _validate(data: dict[str, Any], where: str) -> Config:
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(Config).validate_python(data)
    except ValidationError as exc:
        raise ConfigError(_format_error(where, exc)) from None


def resolve_paths(config: Config, base: Path) -> Config:
    """Config paths made relative to the config file's folder, as users expect."""

    def rel(p: str) -> str:
        return p if Path(p).is_absolute() else str(base / p)

    also = [f"{fmt}={rel(path)}" for fmt, _, path in (a.partition("=") for a in config.also)]
    return config.replace(
        matrix=[rel(m) for m in config.matrix],
        baseline=rel(config.baseline) if config.baseline else None,
        output=rel(config.output) if config.output else None,
        also=also,
    )


def _repository_root(folder: Path) -> Path:
    """The work tree holding a config file's folder (the nearest folder with `.git`), else the folder."""
    here = folder.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return here


def _writes_inside(config: Config, found: Path, given: dict[str, Any]) -> None:
    """A path the config file names for writing (`output`, `also`, `baseline`) must stay
    inside its repository: a committed config must not make CI write elsewhere. The
    command line (`given`) may name any path."""
    from bedrock_check.output import inside

    root = _repository_root(found.parent)
    named = [("output", config.output)] if config.output and "output" not in given else []
    named += [("baseline", config.baseline)] if config.baseline and "baseline" not in given else []
    if "also" not in given:
        named += [("also", value.partition("=")[2]) for value in config.also]
    for key, path in named:
        if not inside(path, root):
            raise ConfigError(
                f"{found}: {key}: {path} is outside the repository ({root}); name it on the command line to write there"
            )


def settings_from(
    path: str | Path | None = None,
    *,
    search: bool = True,
    overrides: dict[str, Any] | None = None,
    start: str | Path = ".",
) -> tuple[Config, Origin]:
    """The settings of a run: a config file (`path`, else the nearest one when `search`)
    with its paths made relative to it, and `overrides` (config keys whose value is not
    None) over it; plus which file set the target. Raises ConfigError."""
    from bedrock_check.checker import Origin

    config, origin = Config(), Origin()
    found = Path(path) if path is not None else (find_config(start) if search else None)
    if found is not None:
        config, home = _load(found)
        config = resolve_paths(config, found.parent)
        origin = Origin(model=found if config.model else None, region=found if config.region else None, config=found,
                        include=home["include"] if config.include else None,
                        exclude=home["exclude"] if config.exclude else None)  # fmt: skip
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    if found is not None:
        _writes_inside(config, found, given)
    unknown = sorted(set(given) - {f.name for f in fields(Config)})
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    if given:
        try:
            config = config.replace(**given)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        # A setting the command line gives is its own: its globs are read from the scanned folders.
        origin = Origin(**{key: None if key in given else getattr(origin, key)
                           for key in ("model", "region", "include", "exclude")}, config=origin.config)  # fmt: skip
    return config, origin
