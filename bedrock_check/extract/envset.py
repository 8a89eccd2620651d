"""The OpenAI base URL (and the model) a file sets in its own environment.

The OpenAI SDKs and the frameworks built on them read the base URL from the environment
when the code passes none (`OPENAI_BASE_URL`; the pre-1.0 SDK and LangChain read
`OPENAI_API_BASE`). A file often sets it itself, for the clients it builds after:

- `os.environ["OPENAI_API_BASE"] = "http://localhost:8000/v1"` (or `os.environ.setdefault`,
  `os.putenv`), `process.env.OPENAI_BASE_URL = "..."`;
- a shell line in a usage comment or a document's shell block, `export OPENAI_API_BASE=...`,
  `set ...` and a notebook's `%env OPENAI_API_BASE=...`.

A client of that file built without a base URL goes where the setting points (a local
server's faux OpenAI model names are that server's). So does the pre-1.0 module pointed at
Azure (`openai.api_type = "azure"`, `OPENAI_API_TYPE=azure`): its `engine=` is a deployment.
A document's blocks share what any of them sets: `with_settings` appends it to a block as a
comment line, which moves no line and makes no observation (a notebook cell that does not
parse still sets it for the others).

A model setting made the same way (`os.environ["AZURE_OPENAI_DEPLOYMENT_NAME"] = "gpt-4"`) is
read as a `.env` line is, where its value is written (`code_env_settings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: The environment variables the OpenAI SDKs and frameworks read their base URL from.
BASE_URL_NAMES = ("OPENAI_BASE_URL", "OPENAI_API_BASE")


def _code_forms(name: str) -> str:
    """The ways code sets an environment variable named by the pattern `name` to a string
    written in place: `os.environ["X"] = "v"` (also with the value on the next line, in
    parentheses), `process.env["X"] = "v"`, `process.env.X = "v"`, `os.environ.setdefault("X",
    "v")`, `os.putenv("X", "v")`; groups `n1`-`n3` the name, `v1`-`v3` the value."""
    return (rf"""(?:os\.environ|process\.env)\[\s*["'](?P<n1>{name})["']\s*\]\s*=\s*(?:\(\s*(?:#[^\n]*\n\s*)*)?"""
            rf"""(?P<q1>["'`])(?P<v1>[^"'`\s]+)(?P=q1)"""
            rf"""|process\.env\.(?P<n2>{name})\s*=\s*(?P<q2>["'`])(?P<v2>[^"'`\s]+)(?P=q2)"""
            rf"""|os\.(?:environ\.setdefault|putenv)\(\s*["'](?P<n3>{name})["']\s*,\s*(?P<q3>["'])(?P<v3>[^"'\s]+)(?P=q3)""")


_SETTING = re.compile(
    _code_forms("|".join(BASE_URL_NAMES))
    # export X=v, set X=v, %env X=v (a shell line, also in a usage comment)
    + rf"""|(?:^|[\s#;/])(?:export|set|%env)[ \t]+(?P<n4>{"|".join(BASE_URL_NAMES)})[ \t]*=[ \t]*["']?(?P<v4>[^\s"'#;]+)""",
    re.MULTILINE,
)


#: The pre-1.0 module pointed at Azure: `openai.api_type = "azure"`, or the environment it reads.
_AZURE_TYPE = re.compile(
    r"""^[ \t]*openai\.api_type[ \t]*=[ \t]*["']azure"""
    r"""|(?:os\.environ|process\.env)\[\s*["']OPENAI_API_TYPE["']\s*\]\s*=\s*["']azure"""
    r"""|os\.environ\.setdefault\(\s*["']OPENAI_API_TYPE["']\s*,\s*["']azure"""
    r"""|(?:^|[\s#;/])(?:export|set|%env)[ \t]+OPENAI_API_TYPE[ \t]*=[ \t]*["']?azure""",
    re.MULTILINE,
)
_AZURE_LINE = "export OPENAI_API_TYPE=azure"


def azure_api_type(text: str) -> bool:
    """Whether a file points the pre-1.0 `openai` module at Azure OpenAI."""
    return "api_type" in text.lower() and _AZURE_TYPE.search(text) is not None


#: A placeholder the reader fills in with a server of their own (`<API base url>`, `{Your custom API
#: base URL here}`, `your_api_base_url`): the OpenAI API needs no base URL set, so a page that asks for
#: one sends its requests elsewhere. Read as a URL of no known host that no OpenAI API host has.
_PLACEHOLDER = re.compile(r"^(?:<|\{|(?i:your)[_-])")
_PLACEHOLDER_URL = "https://<your-server>/v1"


def settings_in(text: str) -> list[tuple[str, str]]:
    """(name, value) of each base-URL setting written in a file's text, in order."""
    if "OPENAI_" not in text:
        return []
    out: list[tuple[str, str]] = []
    for m in _SETTING.finditer(text):
        for i in range(1, 5):
            if m.group(f"n{i}"):
                value = m.group(f"v{i}")
                out.append((m.group(f"n{i}"), _PLACEHOLDER_URL if _PLACEHOLDER.match(value) else value))
                break
    return out


def base_url_set(text: str) -> str | None:
    """The URL a file sets as the OpenAI base URL (the first one written as a URL), or None."""
    return next((value for _, value in settings_in(text) if "://" in value), None)


def settings_lines(codes: list[str]) -> list[str]:
    """The base-URL settings of a document's blocks as `export NAME=value` lines, once each."""
    seen: dict[str, None] = {}
    for code in codes:
        for name, value in settings_in(code):
            if "://" in value:
                seen.setdefault(f"export {name}={value}")
        if azure_api_type(code):
            seen.setdefault(_AZURE_LINE)
    return list(seen)


def with_settings(code: str, lines: list[str], lang: str) -> str:
    """`code` with the document's base-URL settings appended as comment lines (`lang`:
    python, javascript or shell), unless the code makes one itself."""
    if not lines or base_url_set(code) is not None:
        return code
    mark = "//" if lang == "javascript" else "#"
    return code.rstrip("\n") + "\n" + "\n".join(f"{mark} {line}" for line in lines) + "\n"


#: A model setting a program makes in its own environment for the clients it builds after:
#: `os.environ["AZURE_OPENAI_DEPLOYMENT_NAME"] = "gpt-4"`, `os.environ.setdefault("OPENAI_MODEL", ...)`,
#: `process.env.OPENAI_MODEL = "..."`. The name and the value are read as a `.env` line is.
_CODE_SETTING = re.compile(_code_forms(r"[A-Za-z_]\w*"))


def code_env_settings(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column of the value, both 1-based, name, value) of each environment setting a
    program's code makes with a string written in place, not in a comment."""
    if "environ" not in text and "process.env" not in text and "putenv" not in text:
        return
    for m in _CODE_SETTING.finditer(text):
        i = next(i for i in (1, 2, 3) if m.group(f"n{i}"))
        start = text.rfind("\n", 0, m.start()) + 1
        if "#" in text[start:m.start()] or "//" in text[start:m.start()]:
            continue  # (a setting left in a comment is not made)
        at = m.start(f"v{i}")  # (the value may sit on the next line: `= (\n    "gpt-4"\n)`)
        yield text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1, m.group(f"n{i}"), m.group(f"v{i}")


__all__ = ["BASE_URL_NAMES", "azure_api_type", "base_url_set", "code_env_settings", "settings_in", "settings_lines",
           "with_settings"]
