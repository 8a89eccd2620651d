"""Finding the configuration file, without importing the configuration schema: most
runs have no config file, and they should not pay for pydantic models."""

from __future__ import annotations

import os
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


def _declares(path: Path) -> bool:
    """Whether a file found below a scanned folder is a config file of ours."""
    if path.name != "pyproject.toml":
        return path.is_file()
    try:
        return b"[tool.bedrock-check]" in _read(path)
    except Exception:  # an unreadable pyproject.toml below is not this run's config
        return False


def nested_configs(root: str) -> list[str]:
    """Folders below the folder `root` (relative to it, `/`-separated, sorted) that hold a
    config file of their own: as ruff does, each of their files uses that nearest file,
    not the one above. Listed by git where it can (what it tracks or does not ignore), else
    by a walk that skips the folders discovery skips."""
    names = (*CONFIG_NAMES, "pyproject.toml")
    found: set[str] = set()
    listed = _git_listed(root, names)
    if listed is None:
        from bedrock_check.discover import SKIP_DIRS

        listed = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
            if "pyvenv.cfg" in files and folder != root:
                dirs[:] = []
                continue
            rel = os.path.relpath(folder, root).replace(os.sep, "/")
            listed += [f"{rel}/{n}" for n in files if n in names and rel != "."]
    for rel in listed:
        folder = rel.rpartition("/")[0]
        if folder and folder not in found and _declares(Path(root, rel)):
            found.add(folder)
    return sorted(found)


def _git_listed(root: str, names: tuple[str, ...]) -> list[str] | None:
    """Files with one of these names below `root` that git tracks or does not ignore;
    None outside a git work tree."""
    from bedrock_check.discover import _may_be_in_work_tree
    from bedrock_check.gitsafe import GitError, run_git

    if not _may_be_in_work_tree(root):
        return None
    specs = [f":(glob)*/**/{name}" for name in names]
    try:
        out = run_git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *specs], root)
    except GitError:
        return None
    return sorted({n for n in out.decode("utf-8", errors="surrogateescape").split("\0") if n})
