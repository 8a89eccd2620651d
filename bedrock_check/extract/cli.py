"""Command-line programs whose options are an OpenAI request (the catalogue's `commands`):
`llm -m gpt-4o -o service_tier flex -T WebSearch 'prompt'` in a script or a console block
is a request with that model, service tier and hosted tool, each at the word that says it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bedrock_check.catalogue import Catalogue
from bedrock_check.findings import RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

Words = list[tuple[str, int]]
#: Words that end a command's options (the rest of a pipeline is another program's).
COMMAND_ENDS = frozenset({"|", "&&", "||", ";"})


def option_value(args: list[tuple[str, int]], k: int, attached: str | None,
                 offset: int) -> tuple[int, str, int] | None:  # fmt: skip
    """The value of the option at `args[k]` of a command line: the attached one (`--flag=v`,
    `-dv`) or the next word. Returns the index of the last word it used, the value and its
    offset; None when the line ends before the value."""
    if attached is not None:
        return k, attached, offset
    if k + 1 < len(args):
        value, where = args[k + 1]
        return k + 1, value, where
    return None


def _value(text: str) -> Any:
    """An option value as the program sends it: `true`/`false` and numbers are not strings."""
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(text)
    except ValueError:
        return text


def command_requests(cat: Catalogue, path: str, words: Words, span_at: Callable[[int, int], Span],
                     source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """The requests one command line makes: each program of a pipeline that is a catalogue
    command (run as itself, after any `NAME=value` settings), unless it names another
    vendor's model."""
    found: list[RequestObservation] = []
    start = 0
    for k in range(len(words) + 1):
        if k < len(words) and words[k][0] not in COMMAND_ENDS:
            continue
        segment = words[start:k]
        start = k + 1
        at = next((i for i, (w, _) in enumerate(segment) if "=" not in w), None)
        if at is None or segment[at][0].rpartition("/")[2] not in cat.commands:
            continue
        request = _request(cat, path, segment[at:], span_at, source_line)
        if request is not None:
            found.append(request)
    return found


def option_models(cat: Catalogue, path: str, words: Words, span_at: Callable[[int, int], Span],
                  source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """OpenAI model ids given as an option's value by any program: a provider-prefixed
    string in any option (`python run.py --supervisor-model "openai:o3"`, `--model=openai:gpt-4.1`:
    the prefix says whose model it is), and a bare id in a long option that chooses a model
    (`sweagent run --agent.model.name gpt-4o`, `--planner-model o3 --planner-provider openai`;
    the catalogue's `model_options`)."""
    from bedrock_check.extract.common import model_string

    found: list[RequestObservation] = []
    if any(w.startswith(("http://", "https://")) and not cat.is_checked(cat.provider_of_host(w) or "other")
           for w, _ in words):  # fmt: skip
        return found  # the program talks to another server (`... endpoint https://openrouter.ai/api/v1`)
    providers = _provider_options(words)
    for k, (word, offset) in enumerate(words):
        flag, eq, value = word.partition("=") if word.startswith("--") else ("", "", "")
        if not eq:
            flag, value = (words[k - 1][0] if k else ""), word
        if not flag.startswith("-"):
            continue
        at = offset + (len(flag) + 1 if eq else 0)
        listed = _MODELS_OPTION.match(flag)
        if listed is not None and _credentialed(words):
            # `--model_list gpt-4-1106-preview,gpt-3.5-turbo-0125`, `--models gpt-4o gpt-4o-mini`:
            # each id is a model the program runs, read as a `--model` of the same stem.
            one = f"--{listed['stem']}-model" if listed["stem"] else "--model"
            for piece, start in _pieces(value):
                read = _bare_model(cat, one, piece, providers)
                if read is not None:
                    where: dict[tuple[Any, ...], Span] = {("model",): span_at(at + start, len(piece))}
                    found.append(RequestObservation(path=path, body={"model": read[0]}, endpoint=ApiEndpoint.UNKNOWN,
                                                    span=where[("model",)], locate=where.get, source_line=source_line,
                                                    provider=read[1]))  # fmt: skip
            continue
        read = cat.prefixed_model(value) if model_string(value) else _bare_model(cat, flag, value, providers)
        if read is None:
            continue  # (`openai/gpt-oss-20b:free`: a tagged id is a router's or a local server's)
        mid, vendor = read
        spans: dict[tuple[Any, ...], Span] = {("model",): span_at(at, len(value))}
        found.append(RequestObservation(path=path, body={"model": mid}, endpoint=ApiEndpoint.UNKNOWN,
                                        span=spans[("model",)], locate=spans.get, source_line=source_line,
                                        provider=vendor))  # fmt: skip
    return found


#: One mapping of a literal an option is given (`{'inference_server':'openai_chat','base_model':'gpt-4o'}`).
_LITERAL_MAP = re.compile(r"\{[^{}]*\}")
#: A `key: value` pair inside it, quoted or not (the shell may have removed the quotes).
_LITERAL_PAIR = re.compile(r"""["']?([A-Za-z_][\w.-]*)["']?\s*:\s*["']?([^"',{}\[\]\s]+)["']?""")


def literal_models(cat: Catalogue, path: str, words: Words, text: str, span_at: Callable[[int, int], Span],
                   source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """OpenAI model ids in the mappings of a literal given as an option's value (h2oGPT's
    `--model_lock=[{'inference_server':'openai_chat','base_model':'gpt-3.5-turbo'}, ...]`):
    each mapping's model-named key holding an OpenAI model id, unless a server in the same
    mapping is another provider's (`'inference_server':'http://192.168.1.46:6112'`). Found in
    the text as written, from the option's word on (the shell's quote removal moves columns)."""
    from bedrock_check.extract.dotenv import MODEL_KEY

    found: list[RequestObservation] = []
    for k, (word, offset) in enumerate(words):
        if not word.startswith("-") or "{" not in word:
            continue
        end = words[k + 1][1] if k + 1 < len(words) else len(text)
        for block in _LITERAL_MAP.finditer(text, offset, end):
            pairs = [(m.group(1), m.group(2), m.start(2)) for m in _LITERAL_PAIR.finditer(block.group(0))]
            if any("://" in v and not cat.is_checked(cat.provider_of_host(v) or "other") for _, v, _ in pairs):
                continue  # (`'inference_server':'http://...'`: an OpenAI-compatible server of someone else's)
            for key, value, at in pairs:
                mid, vendor = cat.read_model(value)
                if MODEL_KEY.match(key) and vendor in MIGRATING_PROVIDERS and mid == value:
                    where: dict[tuple[Any, ...], Span] = {("model",): span_at(block.start() + at, len(value))}
                    found.append(RequestObservation(path=path, body={"model": mid}, endpoint=ApiEndpoint.UNKNOWN,
                                                    span=where[("model",)], locate=where.get, source_line=source_line,
                                                    provider=vendor))  # fmt: skip
    return found


#: A long option that names a model (`--model`, `--agent.model.name`, `--judge-model`,
#: `--model_id`): its stem (`agent`, `judge`, empty) is what comes before `model`.
_MODEL_OPTION = re.compile(r"^--(?:(?P<stem>[\w.-]*?)[._-])?model(?:[._-]?(?:name|id))?$", re.I)
#: A long option that names several models, comma-separated (`--model_list`, `--models`).
_MODELS_OPTION = re.compile(r"^--(?:(?P<stem>[\w.-]*?)[._-])?(?:models|model[._-]?(?:list|names|ids))$", re.I)


def _credentialed(words: Words) -> bool:
    """Whether a command is given a provider's key (`--openai_key`, `--api-key`) or names OpenAI
    as its provider (`--model openai`, `--provider openai`): it sends requests itself, so the
    models it lists are the ones it runs, not stored results it shows (`show_result.py
    --model-list gpt-4 vicuna-13b`)."""
    for k, (word, _) in enumerate(words):
        flag, eq, value = word.partition("=")
        if not eq:
            value = words[k + 1][0] if k + 1 < len(words) else ""
        if _KEY_OPTION.match(flag) or (flag in ("--model", "--provider") and value.lower() == "openai"):
            return True
    return False


#: An option that gives a provider's key (`--openai_key`, `--api-key`, `--openai-api-key`).
_KEY_OPTION = re.compile(r"^--(?:[\w-]*[._-])?(?:api[._-]?)?key$", re.I)


def _pieces(value: str) -> list[tuple[str, int]]:
    """The comma-separated items of an option's value, each with its offset in it."""
    out: list[tuple[str, int]] = []
    at = 0
    for piece in value.split(","):
        if piece.strip():
            out.append((piece.strip(), at + len(piece) - len(piece.lstrip())))
        at += len(piece) + 1
    return out


#: A long option that names a provider (`--provider`, `--planner-provider`), by stem.
_PROVIDER_OPTION = re.compile(r"^--(?:(?P<stem>[\w.-]*?)[._-])?provider$", re.I)


def _provider_options(words: Words) -> dict[str, str]:
    """Stem -> value of each provider option of a command line (`--planner-provider openai`
    gives `planner`; a bare `--provider anthropic` gives the empty stem)."""
    providers: dict[str, str] = {}
    for k, (word, _) in enumerate(words):
        flag, eq, value = word.partition("=")
        if not eq:
            value = words[k + 1][0] if k + 1 < len(words) else ""
        m = _PROVIDER_OPTION.match(flag)
        if m is not None and value:
            providers[(m["stem"] or "").lower()] = value.lower()
    return providers


def _bare_model(cat: Catalogue, flag: str, value: str, providers: dict[str, str]) -> tuple[str, str] | None:
    """(model id, provider) when a model option's value is an OpenAI model id written bare
    (`--agent.model.name gpt-4o`): not an option qualified as stored data (`--baseline-model`),
    not beside a provider option of its stem (or a bare `--provider`) naming another vendor."""
    m = _MODEL_OPTION.match(flag)
    spec = cat.frameworks.model_options
    if m is None or spec is None:
        return None
    stem = (m["stem"] or "").lower()
    if any(word in spec.not_qualifiers for word in re.split(r"[._-]", stem)):
        return None
    said = providers.get(stem.rpartition(".")[2], providers.get(""))
    if said is not None and said not in MIGRATING_PROVIDERS:
        return None
    mid, vendor = cat.read_model(value)
    if vendor not in MIGRATING_PROVIDERS or mid != value:
        return None  # (a prefixed id is read above; `azure/<deployment>` names none)
    return mid, vendor


def _request(cat: Catalogue, path: str, words: Words, span_at: Callable[[int, int], Span],
             source_line: Callable[[int], str | None]) -> RequestObservation | None:  # fmt: skip
    word0, offset0 = words[0]
    spec = cat.commands[word0.rpartition("/")[2]]
    fields = set(cat.frameworks.request_fields)
    body: dict[str, Any] = {}
    spans: dict[tuple[Any, ...], Span] = {}
    tools: list[dict[str, Any]] = []
    args = words[1:]
    # `--provider ollama` beside `--model gpt-4o`: the other vendor serves that name.
    said = _provider_options(args).get("")
    if said is not None and said not in MIGRATING_PROVIDERS:
        return None
    k = 0
    # Positional arguments seen so far; None once an option the catalogue does not know is
    # met (it may take the next word as its value, so later positions cannot be told).
    position: int | None = 0
    while k < len(args):
        word, offset = args[k]
        if position is not None and spec.model_argument is not None and not word.startswith("-"):
            position += 1
            if position == spec.model_argument:
                mid, vendor = cat.read_model(word)
                if vendor is not None and not cat.is_checked(vendor):
                    return None
                if vendor is not None:
                    body["model"] = mid
                    spans[("model",)] = span_at(offset, len(word))
            k += 1
            continue
        if word.startswith(("http://", "https://")) and not cat.is_checked(cat.provider_of_host(word) or "other"):
            return None  # `llm openai endpoint https://openrouter.ai/api/v1 ...`: another server's API
        flag, eq, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if flag in spec.model or flag in spec.tool:
            got = option_value(args, k, attached if eq else None, offset)
            if got is None:
                break
            k, value, where = got
            if flag in spec.model:
                mid, vendor = cat.read_model(value)
                if vendor is not None and not cat.is_checked(vendor):
                    return None  # `llm -m claude-...`: another vendor's model through a plugin
                if vendor is not None:
                    body["model"] = mid
                    spans[("model",)] = span_at(where, len(value))
            else:
                kind = spec.tools.get(value.split("(", 1)[0].strip())
                if kind is not None:
                    spans[("tools", len(tools))] = span_at(where, len(value))
                    tools.append({"type": kind})
        elif flag.startswith("-") and flag not in spec.option:
            position = None
        elif flag in spec.option and k + 2 < len(args):
            (key, key_at), (value, _) = args[k + 1], args[k + 2]
            k += 2
            if key in fields:
                body[key] = _value(value)
                spans[(key,)] = span_at(key_at, len(key))
        k += 1
    if tools:
        body["tools"] = tools
    if not body:
        return None
    return RequestObservation(path=path, body=body, endpoint=ApiEndpoint.UNKNOWN, span=span_at(offset0, len(word0)),
                              locate=spans.get, source_line=source_line)  # fmt: skip
