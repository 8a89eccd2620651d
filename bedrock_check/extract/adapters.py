"""One calling convention for every extractor, so the registry (`bedrock_check.extract.READERS`)
can run any kind the same way: `(path, text, *, kind, origin, project, strict) -> Extracted`.

Each adapter only forwards to the module that owns the input kind; none holds logic.
"""

from __future__ import annotations

from typing import Any

from bedrock_check.extract.common import Extracted


def python(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Python source."""
    from bedrock_check.extract.python import extract_python

    return extract_python(path, text, project=project, origin=origin)


def notebook(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Jupyter notebooks."""
    from bedrock_check.extract.notebook import extract_notebook

    return extract_notebook(path, text, project=project, origin=origin)


def javascript(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """JavaScript, TypeScript and TSX source (`kind` picks the grammar); a Vue or Svelte
    component's script blocks."""
    from bedrock_check.extract.javascript import extract_javascript
    from bedrock_check.extract.sfc import source_text

    return extract_javascript(path, source_text(path, text), kind, project=project, origin=origin)


def go(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Go source."""
    from bedrock_check.extract.golang import extract_go

    return extract_go(path, text, project=project, origin=origin)


def _requests(reader: Any, path: str, text: str, strict: bool) -> Extracted:
    # `strict`: a file named as a request file says when it holds no request; a scan
    # meets JSON and YAML of every sort and stays quiet about them.
    observations, diagnostics = reader(path, text, quiet=not strict)
    return Extracted(list(observations), list(diagnostics))


def json(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """A JSON request body, or an array of them."""
    from bedrock_check.extract.requests import read_json

    return _requests(read_json, path, text, strict)


def jsonl(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """JSON Lines: Batch input, guard logs, one request per line."""
    from bedrock_check.extract.requests import read_jsonl

    return _requests(read_jsonl, path, text, strict)


def yaml(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """YAML request bodies."""
    from bedrock_check.extract.requests import read_yaml

    return _requests(read_yaml, path, text, strict)


def prompty(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Prompty templates: the model configuration of their front matter."""
    from bedrock_check.extract.prompty import extract_prompty

    return extract_prompty(path, text)


def bicep(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Bicep templates: the Azure OpenAI models their deployment and model settings name."""
    from bedrock_check.extract.bicep import extract_bicep

    return extract_bicep(path, text)


def baml(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """BAML files: the OpenAI models their LLM clients name."""
    from bedrock_check.extract.baml import extract_baml

    return extract_baml(path, text)


def sdk_language(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Ruby, Java, Kotlin, C#, PHP and Rust files: their OpenAI SDK uses, as written."""
    from bedrock_check.extract.sdklangs import extract_sdk_language

    return extract_sdk_language(path, text, kind)


def properties(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Java `.properties` files: the models of OpenAI client starters' settings."""
    from bedrock_check.extract.properties import extract_properties

    return extract_properties(path, text)


def har(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """HAR recordings of HTTP traffic."""
    from bedrock_check.extract.har import read_har

    observations, diagnostics = read_har(path, text)
    return Extracted(list(observations), list(diagnostics))


def http_file(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """REST-client request files (`.http`, `.rest`)."""
    from bedrock_check.extract.restclient import extract_http_file

    return extract_http_file(path, text)


def markdown(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Markdown: each fenced code block through its own kind's extractor."""
    from bedrock_check.extract import extract
    from bedrock_check.extract.markdown import extract_markdown

    return extract_markdown(path, text, extract)


def rst(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """reStructuredText: each code directive through its own kind's extractor."""
    from bedrock_check.extract import extract
    from bedrock_check.extract.markdown import extract_markdown
    from bedrock_check.extract.rst import rst_blocks

    return extract_markdown(path, text, extract, rst_blocks)


def shell(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """Shell scripts and curl commands."""
    from bedrock_check.extract.shell import extract_shell

    return extract_shell(path, text)


def dotenv(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """`.env` settings."""
    from bedrock_check.extract.dotenv import extract_dotenv

    return extract_dotenv(path, text)


def ini(path: str, text: str, **_: Any) -> Extracted:
    """INI settings (`config.ini`: `[OpenAI]` then `MODEL=gpt-4o-mini`), read as `.env` lines are:
    a section header and a `;` comment are blank lines (the line numbers stay)."""
    from bedrock_check.extract.dotenv import extract_dotenv

    lines = ["" if line.lstrip().startswith(("[", ";")) else line for line in text.split("\n")]
    return extract_dotenv(path, "\n".join(lines))


def dependencies(path: str, text: str, **_: Any) -> Extracted:
    """Package manifests and lock files: the `openai` pin (and, in `pyproject.toml`, the
    model settings a TOML config file holds: a pytest-env entry, a tool's `[llm]` table)."""
    from bedrock_check.extract.dependencies import extract_dependencies

    found = extract_dependencies(path, text)
    if path.replace("\\", "/").endswith("pyproject.toml") and not found.diagnostics:
        from bedrock_check.extract.toml_config import toml_models

        found.observations.extend(toml_models(path, text).observations)
    if path.replace("\\", "/").rpartition("/")[2] == "package.json":
        from bedrock_check.extract.vscode_settings import setting_models

        found.observations.extend(setting_models(path, text))  # a VS Code extension's default model
    return found


def toml(path: str, text: str, *, kind: str, origin: str | None, project: Any, strict: bool) -> Extracted:
    """TOML config files: the model settings they hold."""
    from bedrock_check.extract.toml_config import toml_models

    return toml_models(path, text)
