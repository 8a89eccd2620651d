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
from typing import Any

from bedrock_check.extract.dependencies import NPM_SECTIONS
from bedrock_check.readfile import read_text

#: Python manifests, by exact name (plus any `requirements*.txt`).
_PY_MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "environment.yml", "environment.yaml")
#: The largest manifest read (a larger one says nothing here).
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


def _npm_sections(text: str) -> list[dict[str, Any]]:
    """A package.json's dependency tables (none when it does not parse)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    return [deps for s in NPM_SECTIONS if isinstance(deps := data.get(s), dict)]


def _read(path: str) -> str | None:
    # (Bounded, and a regular file only: a FIFO named `requirements.txt` must not block the scan.)
    try:
        return read_text(path, _MAX_BYTES)
    except (OSError, UnicodeDecodeError):
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


def manifests_depend(paths: list[str], python: bool, names: frozenset[str]) -> bool | None:
    """Whether one of a folder's manifests installs one of `names`; None when none of them
    lists any dependency (a `package.json` with only a `name`, a `pyproject.toml` with no
    dependency table: nothing to tell by)."""
    declared = False
    for path in paths:
        text = _read(path)
        if text is None:
            continue
        if python:
            if _python_mentions(text, names):
                return True
            declared = declared or os.path.basename(path).startswith("requirements") or _PY_DECLARES.search(text) is not None
            continue
        sections = _npm_sections(text)
        if any(name in names for deps in sections for name in deps):
            return True
        declared = declared or any(sections)
    return False if declared else None
