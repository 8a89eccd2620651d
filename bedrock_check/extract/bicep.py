"""Bicep files (`.bicep`): the Azure OpenAI models an infrastructure template deploys.

Azure's templates name the model a deployment runs, and often the deployment after it:
`param chatGptModelName string = 'gpt-4o'`, `var embeddingDeploymentName = 'text-embedding-ada-002'`,
an object's `openAiDeploymentName: !empty(name) ? name : 'gpt-4o-mini'`, and the deployment
resource's `model: { format: 'OpenAI', name: 'gpt-35-turbo', version: '0613' }`. Each string
of such a setting that is an OpenAI model id (in OpenAI's spelling or Azure's) is the model the
application's requests use on Azure: a migration moves it, so it is checked where it is written.

Bicep is neither YAML nor JSON, and its expressions are not evaluated here: the reader goes
line by line (a `param`/`var` declaration, a `key: value` line of an object literal) and reads
the single-quoted strings of the value as written. Which settings count: a name that says
deployment (`*DeploymentName`) or model (`*ModelName`, `model`), and, in a file that deploys
OpenAI models (`format: 'OpenAI'`), a `name:` whose value is a model id (the deployment's
name or the model's). Comments are skipped; nothing is resolved across files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedrock_check.extract.common import Extracted
from bedrock_check.findings import RequestObservation, Span
from bedrock_check.vocabulary import ApiEndpoint

#: Words one of which a Bicep file must hold to be read (its setting names, as written).
TOKENS = ("Model", "model", "Deployment", "deployment", "MODEL", "DEPLOYMENT")

#: `param NAME TYPE = value` and `var NAME = value` (a decorator line is not one).
_DECLARATION = re.compile(r"^\s*(?:param|var)\s+(?P<name>[A-Za-z_]\w*)\b[^=]*=(?!=)\s*(?P<value>.*)$")
#: `key: value`, an object literal's line (a quoted key too: `'name': ...`).
_ENTRY = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*|'[^']*')\s*:\s*(?P<value>.*)$")
#: A single-quoted Bicep string (`\'` escapes a quote).
_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'")
#: A deployment of an OpenAI model: the file's `name:` settings may be model ids.
_OPENAI_FORMAT = re.compile(r"format\s*:\s*'OpenAI'", re.I)


def _settings(text: str) -> Iterator[tuple[int, str, str, int]]:
    """(line number, setting name, value as written, column where the value starts, 0-based)
    for each declaration and object entry, comments left out."""
    in_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_comment:
            end = line.find("*/")
            if end < 0:
                continue
            in_comment = False
            line = " " * (end + 2) + line[end + 2 :]
        line = _without_comment(line)
        if line.lstrip().startswith("/*"):
            in_comment = "*/" not in line
            continue
        m = _DECLARATION.match(line) or _ENTRY.match(line)
        if m is not None:
            yield number, m["name"].strip("'"), m["value"], m.start("value")


def _without_comment(line: str) -> str:
    """The line without a `//` comment (one inside a string, `'https://...'`, is kept)."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == "'" and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and line.startswith("//", i):
            return line[:i]
    return line


def _names_setting(name: str, *, openai_format: bool) -> bool:
    """Whether a setting's name says it holds a deployment or a model (or, in a file that
    deploys OpenAI models, is a `name:`)."""
    from bedrock_check.extract.deployment_keys import deployment_key, snake_words
    from bedrock_check.extract.dotenv import MODEL_KEY

    return deployment_key(name) or MODEL_KEY.match(snake_words(name)) is not None or (openai_format and name == "name")


def extract_bicep(path: str, text: str) -> Extracted:
    """One model request fragment (on Azure) per OpenAI model id a Bicep file's deployment or
    model setting holds (see the module docstring)."""
    from bedrock_check.catalogue import shipped_catalogue

    result = Extracted()
    openai_format = _OPENAI_FORMAT.search(text) is not None
    lines = text.splitlines()
    cat = None
    for number, name, value, start in _settings(text):
        if not _names_setting(name, openai_format=openai_format):
            continue
        for m in _STRING.finditer(value):
            model = m.group(1)
            if "${" in model:
                continue  # (an interpolated string: its value is not written here)
            cat = cat or shipped_catalogue()
            if not cat.deployment_model(model):
                continue
            col = start + m.start(1) + 1
            result.observations.append(_model(path, model, Span(number, col, number, col + len(model)), lines[number - 1]))
    return result


def _model(path: str, model: str, span: Span, line: str) -> RequestObservation:
    """A one-field request body (on Azure) standing for a setting's model, located at the string."""

    def locate(ptr: tuple[str | int, ...]) -> Span | None:
        return span if ptr[:1] == ("model",) else None

    def source_line(number: int) -> str | None:
        return line if number == span.line else None

    return RequestObservation(path=path, body={"model": model}, endpoint=ApiEndpoint.UNKNOWN, span=span, locate=locate,
                              source_line=source_line, provider="azure", fragment=True)  # fmt: skip


__all__ = ["TOKENS", "extract_bicep"]
