"""Whether the package a file is part of depends on an OpenAI library, read from its nearest
package manifest.

A hosted-tool literal written with no request in view (`MENU = [{type: "web_search", label:
"Search the web"}]`) is OpenAI's only when the code around it talks to OpenAI. When the file
itself shows nothing (no import, no URL), its package's manifest says what the package is
built on: a React app whose `package.json` depends on `react` alone, or a Python service on
`anthropic` and `flask`, sends no request to the OpenAI API, while a config array in an app
that depends on `openai` or `@openai/agents` is that app's tool list.

The nearest folder (walking up from the file) that holds a manifest of the file's ecosystem
decides: `package.json` for JavaScript and TypeScript; `pyproject.toml`, `requirements*.txt`,
`setup.py`, `setup.cfg`, `Pipfile` and `environment.yml` for Python. Manifests are read as
text, never run. Which packages talk to OpenAI is data (`openai_packages` in providers.yaml).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable

#: Python manifests, by exact name (plus any `requirements*.txt`).
_PY_MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "environment.yml", "environment.yaml")
#: The sections of a package.json that list what the package installs.
_NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
#: How much of one manifest is read.
_MAX_BYTES = 256 * 1024
#: A Python manifest's dependency lists (PEP 621, Poetry, setuptools, Pipenv, conda).
_PY_DECLARES = re.compile(r"dependencies|install_requires|\[packages\]|^\s*-\s*pip\s*:", re.M)


def _python_mentions(text: str, names: Iterable[str]) -> bool:
    """Whether a Python manifest's text lists one of `names` as a requirement: at the start of
    a line (`openai>=1.0`, Poetry's `openai = "^1.0"`, `- openai` in a conda file) or at the
    start of a quoted string (`"openai>=1.0"`), followed by a version, extras, a marker, the
    string's end or the line's (not `"OpenAI chatbot"` in a description)."""
    alt = "|".join(sorted((re.escape(n).replace(r"\-", "[-_.]") for n in names), key=len, reverse=True))
    if not alt:
        return False
    found = re.search(rf"""(?im)(?:^[ \t]*(?:-[ \t]*)?|["'])(?:{alt})[ \t]*(?:[<>=!~;\[,"']|$)""", text)
    return found is not None


def _npm_mentions(text: str, names: frozenset[str]) -> bool:
    """Whether a package.json installs one of `names`."""
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    for section in _NPM_SECTIONS:
        deps = data.get(section)
        if isinstance(deps, dict) and any(name in names for name in deps):
            return True
    return False


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(_MAX_BYTES)
    except OSError:
        return None


def folder_manifests(folder: str, python: bool) -> list[str]:
    """The manifests of one ecosystem a folder holds (their paths)."""
    if not python:
        path = os.path.join(folder, "package.json")
        return [path] if os.path.isfile(path) else []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [os.path.join(folder, n) for n in sorted(names)
            if n in _PY_MANIFESTS or (n.startswith("requirements") and n.endswith((".txt", ".in")))]  # fmt: skip


def _declares(text: str, python: bool, path: str) -> bool:
    """Whether a manifest lists what its package installs at all (a `package.json` with only a
    `name`, a `pyproject.toml` with no dependency table, says nothing about what it talks to)."""
    if python:
        return os.path.basename(path).startswith("requirements") or _PY_DECLARES.search(text) is not None
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and any(isinstance(data.get(s), dict) and data[s] for s in _NPM_SECTIONS)


def manifests_depend(paths: list[str], python: bool, names: frozenset[str]) -> bool | None:
    """Whether one of a folder's manifests installs one of `names`; None when none of them
    lists any dependency (nothing to tell by)."""
    declared = False
    for path in paths:
        text = _read(path)
        if text is None:
            continue
        if python and _python_mentions(text, names):
            return True
        if not python and _npm_mentions(text, names):
            return True
        declared = declared or _declares(text, python, path)
    return False if declared else None
