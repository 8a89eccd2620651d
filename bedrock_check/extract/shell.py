"""Shell scripts and curl commands: request bodies in `-d`/`--data` arguments (and in
`-d @- <<EOF` here-documents), multipart `-F` fields, the API path of the URL, and
WebSocket URLs. Comments are never a use.

The text is read in one pass by a small lexer (`_lex`): quotes, escapes, line
continuations, comments and here-documents, each word with its offset in the file. An
unclosed quote runs to the end of the text once, so the cost stays linear in the size
of the script whatever it holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import field

from bedrock_check.catalogue import shipped_catalogue
from bedrock_check.extract.cli import COMMAND_ENDS, command_requests, literal_models, option_models, option_value
from bedrock_check.extract.common import Extracted, SourceText, model_string_heads
from bedrock_check.extract.endpoints import (
    INFERENCE_ENDPOINTS,
    endpoint_of,
    other_vendors_model,
    sent_to_other_provider,
)
from bedrock_check.extract.envset import settings_in
from bedrock_check.extract.requests import request_shape
from bedrock_check.findings import CodeObservation, Observation, RequestObservation, Span
from bedrock_check.jsonloc import LineIndex, locate_offsets
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

#: (`llm -`, `interpreter -`, `--model`: the catalogue's command-line programs, given options;
#: see `extract.cli`; a test checks every catalogue command is here.)
TOKENS = ("curl", "wss://", "/v1/", "llm -", "interpreter -", "aider -", "sgpt -", "smolagent -", "webagent -",
          "oaieval -", "oaievalset -", "oaieval ", "oaievalset ",
          "python -", "python3 -", "--model", "openai:",
          # Any program's model option (`--agent.model.name gpt-4o`, `--judge-model gpt-4`):
          # weak, so a model id or an `openai` must be in the file too.
          ".model.", "-model",
          # A variable set to a model (`export LLM_MODEL=gpt-4`, `OPENAI_MODEL_NAME=...`).
          "MODEL=", "MODEL_NAME=", "MODEL_ID=",
          # An Azure deployment setting whose value is a model (`AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-4o`).
          "DEPLOYMENT=", "DEPLOYMENT_NAME=",
          # The same given to a deployment tool's environment (`azd env set AZURE_OPENAI_CHAT_DEPLOYMENT gpt-5.4`).
          "env set ")

_DATA_FLAGS = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"}
_FORM_FLAGS = {"-F", "--form", "--form-string"}
_URL = re.compile(r"(?:https?|wss?)://[^\s'\"]+")
#: A URL built from a variable: `$OPENAI_BASE_URL/responses`, `${BASE}/v1/files`.
_VAR_URL = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/\S+")
_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


@dataclass(slots=True)
class Command:
    """One command line (a pipeline counts as one): its words with their offsets, and the
    here-documents that follow it."""

    start: int
    words: list[tuple[str, int]] = field(default_factory=list)
    heredocs: list[tuple[str, int]] = field(default_factory=list)
    end: int = 0


def _lex(text: str) -> list[Command]:
    """Split shell text into commands in one pass (see the module docstring)."""
    commands: list[Command] = []
    n = len(text)
    i = 0
    cmd = Command(0)
    pending: list[tuple[str, bool]] = []  # here-document delimiters waiting for the line end

    def finish(at: int) -> None:
        nonlocal cmd
        cmd.end = at
        if cmd.words:
            commands.append(cmd)
        cmd = Command(at)

    while i < n:
        c = text[i]
        if c == "\\" and text.startswith("\n", i + 1):
            i += 2
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "\n" or c == ";" or (c in "&|" and text.startswith(c * 2, i)):
            if c == "\n" and pending:
                i = _read_heredocs(text, i + 1, pending, cmd)
                pending = []
                finish(i)
                continue
            if c in "&|":
                cmd.words.append((c * 2, i))  # a list operator: the curl arguments end here
                i += 2
                continue
            i += 1
            finish(i)
            continue
        if c == "#" and (i == 0 or text[i - 1] in " \t\n;"):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        # A word: quoted parts, escapes and plain characters until whitespace or an operator.
        start = i
        parts: list[str] = []
        while i < n:
            c = text[i]
            if c in " \t\r\n;":
                break
            if c == "\\":
                if text.startswith("\n", i + 1):
                    i += 2
                    continue
                parts.append(text[i + 1 : i + 2])
                i += 2
            elif c == "'":
                end = text.find("'", i + 1)
                end = n if end < 0 else end
                parts.append(text[i + 1 : end])
                i = end + 1
            elif c == '"':
                j = i + 1
                chunk: list[str] = []
                while j < n and text[j] != '"':
                    if text[j] == "\\" and j + 1 < n and text[j + 1] in '"\\$`\n':
                        if text[j + 1] != "\n":
                            chunk.append(text[j + 1])
                        j += 2
                        continue
                    chunk.append(text[j])
                    j += 1
                parts.append("".join(chunk))
                i = j + 1
            else:
                parts.append(c)
                i += 1
        word = "".join(parts)
        m = _HEREDOC.fullmatch(word) if word.startswith("<<") else None
        if m:
            pending.append((m.group(3), m.group(1) == "-"))
        elif word == "<<" and i < n:
            pass  # `<< EOF`: the delimiter is the next word
        elif cmd.words and cmd.words[-1][0] == "<<" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", word):
            pending.append((word, False))
        cmd.words.append((word, start))
    finish(n)
    return commands


def _read_heredocs(text: str, i: int, pending: list[tuple[str, bool]], cmd: Command) -> int:
    """Read the bodies of the pending here-documents from offset `i`; return the offset
    after the last delimiter line."""
    n = len(text)
    for delimiter, strip_tabs in pending:
        body_start = i
        while i < n:
            end = text.find("\n", i)
            end = n if end < 0 else end
            line = text[i:end]
            if (line.lstrip("\t") if strip_tabs else line).rstrip("\r") == delimiter:
                cmd.heredocs.append((text[body_start:i], body_start))
                i = end + 1
                break
            i = end + 1
        else:
            cmd.heredocs.append((text[body_start:], body_start))
    return min(i, n)


_Words = list[tuple[str, int]]


def _curl_parts(words: _Words) -> tuple[bool, _Words, _Words, dict[str, str]]:
    """Whether the command runs curl, and its URLs, data arguments and form fields."""
    at = next((k for k, (w, _) in enumerate(words) if w == "curl" or w.endswith("/curl")), None)
    urls: _Words = []
    data: _Words = []
    form: dict[str, str] = {}
    if at is None:
        return False, urls, data, form
    args = words[at + 1 :]
    k = 0
    while k < len(args):
        word, offset = args[k]
        flag, eq, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if word.startswith("-d") and len(word) > 2 and not word.startswith("--"):
            flag, attached, eq = "-d", word[2:], "="
        if word.startswith("-F") and len(word) > 2 and not word.startswith("--"):
            flag, attached, eq = "-F", word[2:], "="
        if flag in _DATA_FLAGS or flag in _FORM_FLAGS:
            got = option_value(args, k, attached if eq else None, offset)
            if got is None:
                break
            k, value, where = got
            if flag in _DATA_FLAGS:
                data.append((value, where))
            else:
                name, _, field_value = value.partition("=")
                form[name] = "" if field_value.startswith(("@", "<")) else field_value
        elif word in ("|", "&&", "||") or word.startswith(">"):
            break
        elif _URL.fullmatch(word) or _VAR_URL.fullmatch(word):
            urls.append((word, offset))
        k += 1
    return True, urls, data, form


#: Words that set variables for what follows (`export OPENAI_MODEL=gpt-4o`).
_SETTERS = frozenset({"export", "env", "declare", "local", "readonly", "set"})
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: An environment variable's name as written (upper case).
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
#: Options that set a chart's or a manifest's value (`helm install --set env.OPENAI_MODEL=...`).
_VALUE_SETTERS = frozenset({"--set", "--set-string"})
#: Programs that print their arguments.
_PRINTERS = frozenset({"echo", "printf", "print"})


def _assigned_models(path: str, words: list[tuple[str, int]], span_at: Callable[[int, int], Span],
                     source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """A model setting per variable assignment that names an OpenAI model, read as a `.env`
    line would be: `export LLM_MODEL='gpt-4'`, `OPENAI_MODEL=gpt-4o-mini` (alone or before a
    command), `export APP_MODEL="openai:gpt-4"`. A variable named for another provider
    (`OLLAMA_MODEL`) is that provider's."""
    from bedrock_check.extract.dotenv import model_setting, setting_names_model

    found: list[RequestObservation] = []
    leading = True
    program = ""
    for i, (word, offset) in enumerate(words):
        if word in COMMAND_ENDS:
            leading = True
            continue
        if word in _SETTERS and leading:
            continue
        name, eq, value = word.partition("=")
        if not leading:
            if program in _PRINTERS:
                continue  # `echo MODEL=gpt-4o`: text, not a setting
            after = words[i + 1] if i + 1 < len(words) else None
            if (not eq and i and words[i - 1][0] == "set" and _ENV_NAME.match(word) and setting_names_model(word)
                    and after is not None and after[0] not in COMMAND_ENDS and not after[0].startswith("-")):  # fmt: skip
                # A deployment tool's environment given the name and the value apart
                # (`azd env set AZURE_OPENAI_CHAT_DEPLOYMENT gpt-5.4`).
                span = span_at(after[1], len(after[0]))
                obs = model_setting(path, word, after[0], span, source_line(span.line) or "")
                if obs is not None:
                    found.append(obs)
                continue
            # An environment setting given to a command that stores or passes it on: a config
            # tool (`oco config set OCO_MODEL=gpt-4o`, `heroku config:set OPENAI_MODEL=...`), a
            # container (`docker run -e OPENAI_MODEL=gpt-4o`). Upper case only: a lower-case
            # `key=value` argument is the program's own syntax. A chart's value path that ends
            # in such a name (`helm ... --set-string env.LLM_MODEL=gpt-4o-mini`) is that setting.
            name = name.rpartition(".")[2] if eq and words[i - 1][0] in _VALUE_SETTERS else name
            if eq and _ENV_NAME.match(name) and setting_names_model(name) and not _another_provider(name, words):
                span = span_at(offset + len(name) + 1, len(value))
                obs = model_setting(path, name, value, span, source_line(span.line) or "")
                if obs is not None:
                    found.append(obs)
            continue
        if not eq or not _NAME.match(name):
            leading, program = False, word.rpartition("/")[2]
            continue
        if not setting_names_model(name) and not value.startswith(model_string_heads()):
            continue
        span = span_at(offset + len(name) + 1, len(value))
        obs = model_setting(path, name, value, span, source_line(span.line) or "")
        if obs is not None:
            found.append(obs)
    return found


def _another_provider(name: str, words: list[tuple[str, int]]) -> bool:
    """Whether a setting given to a command is another provider's: one of its name's words
    names that provider (`OCO_OLLAMA_MODEL`), or a provider setting among the command's
    arguments names one (`OCO_AI_PROVIDER=ollama`)."""
    cat = shipped_catalogue()
    others = set(cat.providers.providers) - MIGRATING_PROVIDERS
    if others & set(name.lower().split("_")):
        return True
    for word, _ in words:
        key, eq, value = word.partition("=")
        said = value.strip("'\"")
        # (The names that say OpenAI or Azure OpenAI: the catalogue's `setting_names`.)
        if eq and key.upper().endswith("PROVIDER") and said and cat.provider_named(said) is None:
            return True
    return False


def _url_variables(words: list[tuple[str, int]], bound: dict[str, str]) -> None:
    """Record the URLs a command line sets as variables (`LOCALAI=http://localhost:8080`,
    `export BASE=https://api.openai.com/v1`), for the commands after it."""
    for word, _ in words:
        if word in _SETTERS:
            continue
        name, eq, value = word.partition("=")
        if not eq or not _NAME.match(name):
            return
        if "://" in value:
            bound[name] = value


def _expand(url: str, bound: dict[str, str]) -> str:
    """A URL built from a variable this script set (`$LOCALAI/v1/embeddings`), written out."""
    return _VAR_REF.sub(lambda m: bound.get(m.group(1), m.group(0)), url) if "$" in url else url


#: `$NAME` or `${NAME}` in a word.
_VAR_REF = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


#: The URL's base as written: a scheme and host, or a variable (`$ROOT`, `${BASE_URL}`).
_BASE = re.compile(r"^(?:[A-Za-z][\w+.-]*://[^/?#]*|\$\{?[A-Za-z_]\w*\}?)")


def _other_path(url: str) -> bool:
    """Whether a URL writes out a path that is none of the OpenAI API's (the caller found no
    endpoint in it): Anthropic's `/v1/messages`, llama.cpp's `/completion`, an app's `/api/chat`.
    The body's shape says nothing then (`messages` is Anthropic's too). A bare base (`$URL`,
    `https://host/v1`) writes no path, and the body decides."""
    base = _BASE.match(url)
    rest = url[base.end() :] if base else url
    segments = [s for s in rest.split("?", 1)[0].split("#", 1)[0].split("/") if s]
    return any(not re.fullmatch(r"v\d+(?:beta\d*)?", s) for s in segments)


def _json(text: str) -> object:
    """A curl `-d` body parsed as JSON, or None (a file reference, a body that is not JSON)."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _env_heredoc(path: str, cmd: Command, text: str) -> list[Observation]:
    """The settings a here-document writes into a `.env` file (a file name the reader registry
    calls one: `cat << EOF > .env`, `tee backend/.env.local`), read as that file is, at their
    lines in the script (`CHAT_MODEL=gpt-4o`)."""
    if not cmd.heredocs:
        return []
    from bedrock_check.extract import kind_of
    from bedrock_check.extract.dotenv import extract_dotenv

    if not any(kind_of(w.lstrip(">")) == "dotenv" for w, _ in cmd.words):
        return []

    body, start = cmd.heredocs[0]
    return extract_dotenv(path, "\n" * text.count("\n", 0, start) + body).observations


def extract_shell(path: str, text: str) -> Extracted:
    """Observations from shell text (a script, or a console block from Markdown)."""
    result = Extracted()
    src = SourceText(text)
    index = LineIndex(text)

    def span_at(offset: int, length: int) -> Span:
        return index.span(offset, offset + max(length, 1))

    # The OpenAI base URL the script (or the page it is a block of, see `envset`) sets, for the
    # `$OPENAI_BASE_URL/...` its commands send to, wherever the setting is written.
    bound = {name: value for name, value in settings_in(text) if "://" in value}
    for cmd in _lex(text):
        snippet = text[cmd.start : cmd.end].strip().split("\n", 1)[0]
        result.observations.extend(_assigned_models(path, cmd.words, span_at, src.line))
        result.observations.extend(_env_heredoc(path, cmd, text))
        _url_variables(cmd.words, bound)
        is_curl, urls, data, _form = _curl_parts(cmd.words)
        if not is_curl:
            requests = command_requests(shipped_catalogue(), path, cmd.words, span_at, src.line)
            if requests:
                result.observations.extend(requests)
                continue
            result.observations.extend(option_models(shipped_catalogue(), path, cmd.words, span_at, src.line))
            result.observations.extend(literal_models(shipped_catalogue(), path, cmd.words, text, span_at, src.line))
        for word, offset in cmd.words:
            if _URL.fullmatch(word) and (word.startswith(("ws://", "wss://")) or not is_curl):
                result.observations.append(CodeObservation(path, "string", word, span_at(offset, len(word)), snippet=snippet))
        if not is_curl or not urls:
            continue
        url, url_offset = urls[0]
        if sent_to_other_provider(_expand(url, bound)) or any(other_vendors_model(_json(body)) for body, _ in data):
            continue  # a request to another vendor's OpenAI-compatible API (or for its model)
        endpoint = endpoint_of(url)
        if endpoint is ApiEndpoint.UNKNOWN and _other_path(url):
            continue  # `$ROOT/v1/messages`, `http://localhost:8080/completion`: another API's path
        if endpoint not in INFERENCE_ENDPOINTS:
            # A platform endpoint (files, audio, images, ...): the call itself is the use.
            # The body is not checked field by field: a `model` there names a speech or
            # embedding model, which the endpoint's own finding already covers.
            result.observations.append(
                RequestObservation(path=path, body={}, endpoint=endpoint, span=span_at(url_offset, len(url)),
                                   source_line=src.line)
            )
            continue
        for body_text, where in data:
            start = where
            if body_text == "@-" and cmd.heredocs:
                body_text, start = cmd.heredocs[0]
            elif body_text.startswith("@"):
                continue  # a file reference: the file itself is scanned on its own
            else:
                # Only right at the word (past its opening quote): an escaped body is not
                # in the text as written, and searching further would make the scan quadratic.
                found = text.find(body_text, where, where + len(body_text) + 2) if body_text else -1
                start = found if found >= 0 else -1
            try:
                value = json.loads(body_text)
            except (ValueError, RecursionError):
                continue
            shape = request_shape(value)
            if shape is None:
                continue
            begin = span_at(start, 1) if start >= 0 else span_at(url_offset, len(url))

            url_span = span_at(url_offset, len(url))

            def locate(ptr, _start=start, _inner=shape.inner, _url=url_span):
                if ptr == ("messages",):
                    return _url  # a Chat Completions use is the call: the command's URL names it
                if _start < 0:
                    return None
                found = locate_offsets(text, (*_inner, *ptr), _start)
                return index.span(*found) if found else None

            # The URL names the endpoint; a Batch line's own `url` wins when the URL says nothing.
            kind = endpoint if endpoint is not ApiEndpoint.UNKNOWN else shape.endpoint
            result.observations.append(
                RequestObservation(path=path, body=shape.body, endpoint=kind, span=begin, locate=locate,
                                   source_line=src.line)
            )
    return result
