"""Extractors: one per input kind, each turning text into observations.

`KINDS` maps file names to a kind; `extract(kind, path, text)` runs the extractor for
it; `TOKENS` holds, per kind, the words whose presence makes a file worth parsing
(the scan adds the matrix's own code tokens to these)."""

from __future__ import annotations

from typing import Any

from bedrock_check.extract.common import Extracted

#: File suffix -> input kind.
SUFFIXES: dict[str, str] = {
    ".py": "python", ".pyi": "python", ".ipynb": "notebook",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml", ".yml": "yaml",
    ".md": "markdown", ".mdx": "markdown", ".markdown": "markdown",
    ".sh": "shell", ".bash": "shell", ".zsh": "shell",
}  # fmt: skip

#: Words that make a file of a kind worth parsing, besides the matrix's code tokens.
TOKENS: dict[str, tuple[str, ...]] = {
    "json": ('"input"', '"messages"', '"instructions"', '"custom_id"', '"response.create"', '"session.update"'),
    "jsonl": ('"input"', '"messages"', '"instructions"', '"custom_id"', '"response.create"'),
    "yaml": ("input:", "messages:", "instructions:"),
    "dotenv": ("://", "REGION", "MODEL", "TIER", "OPENAI_"),
    "dependencies": ("openai",),
}

#: Package manifests and lock files whose `openai` pin the migration steps check.
DEPENDENCY_FILES = frozenset({"pyproject.toml", "package.json", "package-lock.json", "poetry.lock", "uv.lock"})


def kind_of(name: str) -> str | None:
    """The input kind of a file name, or None when bedrock-check does not read it."""
    base = name.rpartition("/")[2]
    if base in DEPENDENCY_FILES or (base.startswith("requirements") and base.endswith((".txt", ".in"))):
        return "dependencies"
    if base == ".env" or base.startswith(".env.") or base.endswith(".env"):
        return "dotenv"
    dot = base.rfind(".")
    return SUFFIXES.get(base[dot:].lower()) if dot > 0 else None


def extract(kind: str, path: str, text: str, *, origin: str | None = None, project: Any = None) -> Extracted:
    """Run the extractor for `kind` on one file's text. `origin` is the file on disk and
    `project` the cross-file cache (`extract.project.Project`), for following imports."""
    if kind == "python":
        from bedrock_check.extract.python import extract_python

        return extract_python(path, text, project=project, origin=origin)
    if kind == "notebook":
        from bedrock_check.extract.notebook import extract_notebook

        return extract_notebook(path, text)
    if kind in ("javascript", "typescript", "tsx"):
        from bedrock_check.extract.javascript import extract_javascript

        return extract_javascript(path, text, kind, project=project, origin=origin)
    if kind in ("json", "jsonl", "yaml"):
        from bedrock_check.extract import requests

        reader = {"json": requests.read_json, "jsonl": requests.read_jsonl, "yaml": requests.read_yaml}[kind]
        observations, diagnostics = reader(path, text, quiet=True)
        return Extracted(list(observations), list(diagnostics))
    if kind == "markdown":
        from bedrock_check.extract.markdown import extract_markdown

        return extract_markdown(path, text, extract)
    if kind == "shell":
        from bedrock_check.extract.shell import extract_shell

        return extract_shell(path, text)
    if kind == "dependencies":
        from bedrock_check.extract.dependencies import extract_dependencies

        return extract_dependencies(path, text)
    if kind == "dotenv":
        from bedrock_check.extract.dotenv import extract_dotenv

        return extract_dotenv(path, text)
    raise ValueError(f"no extractor for {kind!r}")
