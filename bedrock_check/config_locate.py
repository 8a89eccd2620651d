"""Finding the configuration file, without importing the configuration schema: most
runs have no config file, and they should not pay for pydantic models."""

from __future__ import annotations

from pathlib import Path

CONFIG_NAMES = (".bedrock-check.yaml", ".bedrock-check.yml")


def _read(path: Path) -> bytes:
    from bedrock_check.errors import ConfigError
    from bedrock_check.readfile import read_bytes

    try:
        return read_bytes(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc} (pass --no-config or --config FILE)") from None


def find_config(start: str | Path = ".") -> Path | None:
    """The nearest config file from `start` upwards (stopping at a git work tree's top)."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.bedrock-check]" in _read(pyproject):
            return pyproject
        if (folder / ".git").exists():
            break
    return None
