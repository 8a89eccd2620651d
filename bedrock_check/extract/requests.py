"""Request files: JSON (one body or an array of bodies), JSON Lines, YAML.

Turns text into RequestObservations with lazy locators, or into Diagnostics when
the text cannot be read. Recognises request bodies by shape: a Responses body,
a Chat Completions body, an OpenAI Batch input line (whose `body` is the request),
or a client event sent over a WebSocket.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from bedrock_check.extract.api_collections import api_collection
from bedrock_check.extract.class_configs import class_models
from bedrock_check.extract.config_env import env_models
from bedrock_check.extract.config_lists import config_list_file
from bedrock_check.extract.config_named import named_models
from bedrock_check.extract.config_tools import config_tools
from bedrock_check.extract.configs import config_models
from bedrock_check.extract.data_records import example_record, foreign_body, not_chat_turns, training_record
from bedrock_check.extract.har import is_cassette
from bedrock_check.extract.provider_ids import provider_id_models
from bedrock_check.findings import Diagnostic, Pointer, RequestObservation, Span
from bedrock_check.httppaths import endpoint_for_url
from bedrock_check.jsonloc import Containers, LineIndex, loads, locate_offsets, without_comments
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import CHECKED_PROVIDERS, ApiEndpoint, DiagnosticKind

#: Top-level `type` values that only a WebSocket client sends (server events such as
#: `response.created` or `conversation.item.added` are output, not requests).
_SOCKET_EVENTS = frozenset(
    {
        "response.create", "response.steer", "response.cancel", "session.update",
        "transcription_session.update", "input_audio_buffer.append", "input_audio_buffer.commit",
        "input_audio_buffer.clear", "conversation.item.create", "conversation.item.delete",
        "conversation.item.retrieve", "conversation.item.truncate", "output_audio_buffer.clear",
    }
)  # fmt: skip

#: Top-level `type` values of output items a response holds (recorded output, not requests).
_OUTPUT_ITEM_TYPES = frozenset({"message", "reasoning", "mcp_list_tools", "mcp_approval_request", "compaction"})


_REQUEST_KEYS = frozenset(
    {"model", "input", "instructions", "messages", "prompt", "tools", "previous_response_id", "conversation"}
)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a JSON value is, as a request: the body to check, its endpoint, and where
    the body sits inside the value (a Batch line's body is under `body`)."""

    body: dict[str, Any]
    endpoint: ApiEndpoint
    inner: Pointer


def request_shape(value: Any, *, strict: bool = False) -> Shape | None:
    """Recognise a request body by its shape, or return None. `strict` (for scanning
    files that may hold anything) asks for `input`, `instructions` or `messages`, not
    just a `model` key that any configuration file might have."""
    if not isinstance(value, dict):
        return None
    if {"custom_id", "method", "url", "body"} <= value.keys() and isinstance(value["body"], dict):
        return Shape(value["body"], endpoint_for_url(str(value["url"])) or ApiEndpoint.UNKNOWN, ("body",))
    if isinstance(value.get("object"), str):
        return None  # an API response object ("object": "response", "chat.completion", ...)
    kind = value.get("type")
    if isinstance(kind, str) and (kind in _OUTPUT_ITEM_TYPES or kind.endswith(("_call", "_call_output"))):
        return None  # an output item recorded from a response
    if isinstance(kind, str) and kind in _SOCKET_EVENTS:
        endpoint = (
            ApiEndpoint.REALTIME
            if isinstance(value.get("response"), dict) or not kind.startswith("response.")
            else ApiEndpoint.RESPONSES_WEBSOCKET
        )
        return Shape(value, endpoint, ())
    if "messages" in value:
        # A file that may hold anything: a bare message list (a prompt template, an MCP
        # prompt's result) is not a request, nor is another vendor's Messages body, nor a log
        # of notices an app saves under that name; nor, anywhere, a fine-tuning record (the
        # conversation ends with the answer to learn).
        if strict and (value.keys() == {"messages"} or foreign_body(value) or not_chat_turns(value)):
            return None
        if training_record(value):
            return None
        return Shape(value, ApiEndpoint.CHAT_COMPLETIONS, ())
    if "input" in value or "instructions" in value:
        if strict and example_record(value):
            return None
        return Shape(value, ApiEndpoint.RESPONSES, ())
    if not strict and value.keys() & _REQUEST_KEYS:
        return Shape(value, ApiEndpoint.UNKNOWN, ())
    return None


class _TextLocator:
    """Locates pointers in JSON text; the line index is built on first use only, so
    requests without findings never pay for it."""

    __slots__ = ("_cache", "_first_line", "_index", "_inner", "_text")

    def __init__(
        self, text: str, inner: Pointer, first_line: int = 1, index: LineIndex | None = None,
        cache: Containers | None = None,
    ) -> None:  # fmt: skip
        self._text = text
        self._inner = inner
        self._first_line = first_line
        self._index = index
        self._cache: Containers = {} if cache is None else cache  # shared by every request of one text

    def __call__(self, ptr: Pointer) -> Span | None:
        found = locate_offsets(self._text, (*self._inner, *ptr), cache=self._cache)
        if not found:
            return None
        if self._index is None:
            self._index = LineIndex(self._text, self._first_line)
        return self._index.span(*found)


def _line_getter(lines: list[str] | None):
    def get(n: int) -> str | None:
        if lines is None or not 1 <= n <= len(lines):
            return None
        return lines[n - 1]

    return get


NOT_A_REQUEST = (
    "not a request body: expected an object with `model` and `input` (Responses), `messages` "
    "(Chat Completions), or a Batch line with `body`"
)


def _collect(
    path: str,
    items: list[tuple[Any, Pointer]],
    quiet: bool,
    observations: list[RequestObservation],
    diagnostics: list[Diagnostic],
    *,
    span_of: Any,
    locate_for: Any,
    source_line: Any,
    context_of: Any,
) -> None:
    """One observation per item that has a request's shape; a diagnostic (unless quiet)
    for each that does not. The readers differ only in how they find positions."""
    said: set[ApiEndpoint] = set()  # a Batch file's endpoints said by an earlier line
    for item, outer in items:
        shape = request_shape(item, strict=quiet)
        span = span_of(outer)
        if shape is None:
            if not quiet:
                label = f"item {int(outer[0]) + 1}: " if outer else ""
                diagnostics.append(Diagnostic(path, DiagnosticKind.NOT_A_REQUEST, label + NOT_A_REQUEST, span.line, span.column))
            continue
        body, endpoint, batch = shape.body, shape.endpoint, quiet and shape.inner == ("body",)
        if quiet:
            kept = openai_body(body)
            if kept is None:
                continue  # a request for another vendor's model (`claude-…`, `llama3`): not an OpenAI workload
            body = kept
            if batch:
                checked = batch_line(kept, endpoint, said)
                if checked is None:
                    continue  # (nothing but the messages, to an endpoint the file has said)
                body, endpoint, batch = checked
        observations.append(
            RequestObservation(
                path=path,
                body=body,
                endpoint=endpoint,
                span=Span(span.line, span.column, span.line, span.column),
                locate=locate_for((*outer, *shape.inner)),
                source_line=source_line,
                context=context_of(outer),
                fragment=batch,
            )
        )


#: The keys of a Batch input line's body that make the body a use of its endpoint (`messages`:
#: Chat Completions; `input`: Responses; `prompt`: legacy Completions).
_ENDPOINT_USE_KEYS = ("messages", "input", "prompt")


def batch_line_body(body: dict[str, Any]) -> dict[str, Any]:
    """What `scan` checks of a Batch API input line (a `.jsonl` line, a line built in code):
    its model and settings, each where it is written. Not its messages, input or prompt:
    they would make every line a use of the endpoint, which the batch uses once, where it
    is created (`batches.create(endpoint="/v1/chat/completions")` reports the Batch API and
    what it runs); a thousand-line input file is one batch, not a thousand calls.
    `validate` checks each line whole: it is told the lines are requests (the guard's
    request log has this shape)."""
    return {k: v for k, v in body.items() if k not in _ENDPOINT_USE_KEYS}


def batch_line(
    body: dict[str, Any], endpoint: ApiEndpoint, said: set[ApiEndpoint]
) -> tuple[dict[str, Any], ApiEndpoint, bool] | None:
    """A Batch input file's line as `scan` checks it: the file's first line to an endpoint
    whole (the file is a use of that endpoint, said once, whether or not the scanned code
    shows the `batches.create` that sends it), every later line for its model and settings
    only (`batch_line_body`), as a fragment; None when nothing of it is left to check.
    `said`: the endpoints this file's earlier lines have said."""
    if endpoint not in said:
        said.add(endpoint)
        return body, endpoint, False
    rest = batch_line_body(body)
    return (rest, ApiEndpoint.UNKNOWN, True) if rest else None


def openai_body(body: dict[str, Any]) -> dict[str, Any] | None:
    """What `scan` checks of a request found in a repository (a request file, a docs
    fence), as it does for a call: a model id of another vendor makes the request that
    vendor's (None); one of no known family (a product's own `acme-agent`, a deployment
    name) is not an OpenAI model, so it is not checked against Bedrock's list.
    `validate`, which is told the request goes to Bedrock, checks every model."""
    from bedrock_check.catalogue import shipped_catalogue

    model = body.get("model")
    if not isinstance(model, str):
        return body
    vendor = shipped_catalogue().read_model(model)[1]
    if vendor in CHECKED_PROVIDERS:
        return body
    if vendor is not None:
        return None
    return {k: v for k, v in body.items() if k != "model"}


def _first_line_parses(text: str) -> bool:
    """Whether the first non-blank line is a JSON value of its own: JSON Lines, not one
    document with something after its first value (a fragment such as `"key": {...},` in
    a docs fence, which is one error, not one per line)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        loads(first)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def read_json(path: str, text: str, *, quiet: bool = False) -> tuple[list[RequestObservation], list[Diagnostic]]:
    """A JSON document holding one request or an array of requests.

    With `quiet`, JSON that holds no request at all is skipped without a diagnostic
    (what `scan` wants for package.json and friends)."""
    try:
        value = loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.count("\n") > 1 and _first_line_parses(text):
            return read_jsonl(path, text, quiet=quiet)
        # A config file with comments (JSONC: `// ...`, trailing commas), as many tools read them.
        plain = without_comments(text)
        try:
            value = loads(plain) if plain is not None else None
        except json.JSONDecodeError:
            plain = None
        if plain is None:
            return [], [Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)]
        text = plain
    except RecursionError:
        return [], [Diagnostic(path, DiagnosticKind.TOO_DEEP, "JSON nested too deeply to check")]
    if is_cassette(value):
        return [], []  # a test's recorded traffic (see `is_cassette`)
    index = LineIndex(text)
    lines = text.splitlines() if len(text) < 5_000_000 else None
    get_line = _line_getter(lines)
    containers: Containers = {}

    def span_of(outer: Pointer) -> Span:
        where = locate_offsets(text, outer, cache=containers)
        return index.span(*where) if where else Span(1, 1, 1, 1)

    if (saved := api_collection(path, value, span_of, get_line)) is not None:
        return saved, []  # a Postman or Bruno collection: the requests it saves
    if isinstance(value, list):
        items: list[tuple[Any, Pointer]] = [(v, (i,)) for i, v in enumerate(value)]
    else:
        items = [(value, ())]
    observations: list[RequestObservation] = config_models(path, value, lambda p: span_of(p) if p else None, get_line)
    observations.extend(env_models(path, value, lambda p: span_of(p) if p else None, get_line))
    observations.extend(class_models(path, value, lambda p: span_of(p) if p else None, get_line))
    observations.extend(provider_id_models(path, value, lambda p: span_of(p) if p else None, get_line))
    observations.extend(config_list_file(path, value, span_of, get_line))  # (`OAI_CONFIG_LIST`)
    diagnostics: list[Diagnostic] = []
    before = len(observations)
    _collect(
        path, items, quiet, observations, diagnostics, span_of=span_of,
        locate_for=lambda inner: _TextLocator(text, inner, index=index, cache=containers), source_line=get_line,
        context_of=lambda outer: f"request {outer[0] + 1}" if outer else None,
    )  # fmt: skip
    observations.extend(config_tools(path, text, value, lambda p: span_of(p) if p else None, get_line,
                                     requests=len(observations) > before))  # fmt: skip
    return observations, diagnostics


def iter_jsonl(
    path: str, lines: Iterator[tuple[int, str]], *, quiet: bool = False
) -> Iterator[RequestObservation | Diagnostic]:
    """JSON Lines: one request per line; the finding's line is the request's line.
    Streams: memory stays bounded by the longest line."""
    said: set[ApiEndpoint] = set()  # a Batch file's endpoints said by an earlier line
    for lineno, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        try:
            value = loads(stripped)
        except json.JSONDecodeError as exc:
            yield Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"line {lineno}: invalid JSON: {exc.msg}", lineno, exc.colno)
            continue
        except RecursionError:
            yield Diagnostic(path, DiagnosticKind.TOO_DEEP, f"line {lineno}: JSON nested too deeply to check", lineno)
            continue
        shape = request_shape(value, strict=quiet)
        if shape is None:
            if not quiet:
                yield Diagnostic(path, DiagnosticKind.NOT_A_REQUEST, f"line {lineno}: {NOT_A_REQUEST}", lineno, 1)
            continue
        body, endpoint, batch = shape.body, shape.endpoint, quiet and shape.inner == ("body",)
        if quiet:
            kept = openai_body(body)
            if kept is None:
                continue  # a batch line for another vendor's model (`llama-3.1-8b-instant`), as in `_collect`
            body = kept
            if batch:  # (a Batch input file in a repository: its endpoint once, each line's model and settings)
                checked = batch_line(kept, endpoint, said)
                if checked is None:
                    continue
                body, endpoint, batch = checked
        yield RequestObservation(
            path=path,
            body=body,
            endpoint=endpoint,
            span=Span(lineno, 1, lineno, len(line.rstrip("\r\n")) + 1),
            locate=_TextLocator(line, shape.inner, lineno),
            source_line=_one_line(line, lineno),
            context=f"line {lineno}",
            fragment=batch,
        )


def read_jsonl(path: str, text: str, *, quiet: bool = False) -> tuple[list[RequestObservation], list[Diagnostic]]:
    """JSON Lines held in memory (see `iter_jsonl` for the streaming form)."""
    observations: list[RequestObservation] = []
    diagnostics: list[Diagnostic] = []
    for item in iter_jsonl(path, enumerate(text.splitlines(), 1), quiet=quiet):
        (observations if isinstance(item, RequestObservation) else diagnostics).append(item)  # type: ignore[arg-type]  # the isinstance test picks the list; mypy cannot see that through the conditional
    return observations, diagnostics


#: The YAML tags a request file may use; anything else (!!python/..., !custom) is refused.
_YAML_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary", "merge", "value")
)


#: The tag of a YAML merge key (`<<`).
_MERGE = "tag:yaml.org,2002:merge"


def read_yaml(path: str, text: str, *, quiet: bool = False) -> tuple[list[RequestObservation], list[Diagnostic]]:
    """YAML holding one request, a list of requests, or several documents of them."""
    import yaml

    from bedrock_check.yamlsafe import YamlError, compose_yaml_documents, construct_scalar

    try:
        docs = compose_yaml_documents(text)
    except YamlError as exc:
        return [], [Diagnostic(path, DiagnosticKind.PARSE_ERROR, str(exc))]
    lines = text.splitlines()
    observations: list[RequestObservation] = []
    diagnostics: list[Diagnostic] = []
    budget = [200_000]  # nodes: a guard against huge or self-referencing trees

    def build(node: Any, ptr: Pointer, spans: dict[Pointer, Span], depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0 or depth > 500:
            raise YamlError("YAML document too large or too deep to check")
        spans[ptr] = Span(
            node.start_mark.line + 1, node.start_mark.column + 1, node.end_mark.line + 1, node.end_mark.column + 1
        )
        local = node.tag.startswith("!")
        if node.tag not in _YAML_TAGS and not local:
            # A language-specific tag (!!python/object/apply): never constructed.
            raise YamlError(f"line {node.start_mark.line + 1}: unsupported YAML tag {node.tag!r}")
        if local and isinstance(node, yaml.ScalarNode):
            # An application's own tag (`!include "pirate.txt"`, CloudFormation's `!Ref Name`): its
            # loader would resolve it; here it is the text written, never resolved or run.
            return str(node.value)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            # Merge keys first (`<<: *llm`, `<<: [*a, *b]`): the mapping's own keys then win
            # over what they bring, and each value brought keeps the span where it is written.
            own = spans[ptr]
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                    for source in reversed(sources):  # (the first source listed wins)
                        if isinstance(source, yaml.MappingNode):
                            out.update(build(source, ptr, spans, depth + 1))
            spans[ptr] = own
            brought = set(out)
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = construct_scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    key = str(key)
                if key in brought:
                    brought.discard(key)  # (written here: it replaces what a merge brought)
                elif key in out and isinstance(key, str) and isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)):
                    # A block written again under the same key (a compose file holding several
                    # alternative `services:` schemes): YAML keeps the last, the reader sees each.
                    key = f"{key} ({sum(1 for k in out if isinstance(k, str) and k.startswith(key))})"
                out[key] = build(value_node, (*ptr, key if isinstance(key, (str, int)) else str(key)), spans, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(v, (*ptr, i), spans, depth + 1) for i, v in enumerate(node.value)]
        return construct_scalar(node)

    for doc_no, doc in enumerate(docs, 1):
        spans: dict[Pointer, Span] = {}
        try:
            value = build(doc, (), spans, 0)
        except YamlError as exc:
            diagnostics.append(Diagnostic(path, DiagnosticKind.PARSE_ERROR, str(exc)))
            continue
        if is_cassette(value):
            continue  # a test's recorded traffic (see `is_cassette`)
        observations.extend(config_models(path, value, spans.get, _line_getter(lines)))
        observations.extend(named_models(path, value, spans.get, _line_getter(lines)))
        observations.extend(env_models(path, value, spans.get, _line_getter(lines)))
        observations.extend(class_models(path, value, spans.get, _line_getter(lines)))
        observations.extend(provider_id_models(path, value, spans.get, _line_getter(lines)))
        items: list[tuple[Any, Pointer]] = (
            [(v, (i,)) for i, v in enumerate(value)] if isinstance(value, list) else [(value, ())]
        )
        before = len(observations)
        _collect(
            path, items, quiet, observations, diagnostics,
            span_of=lambda outer, _s=spans: _s.get(outer, Span(1, 1, 1, 1)),
            locate_for=lambda inner, _s=spans: (lambda ptr: _s.get((*inner, *ptr))),
            source_line=_line_getter(lines),
            context_of=lambda outer, _n=doc_no: (f"document {_n}" if len(docs) > 1 else None)
            or (f"request {outer[0] + 1}" if outer else None),
        )  # fmt: skip
        observations.extend(config_tools(path, text, value, spans.get, _line_getter(lines),
                                         requests=len(observations) > before))  # fmt: skip
    return observations, diagnostics


def _one_line(line: str, lineno: int) -> Callable[[int], str | None]:
    """The source of a JSON Lines request: its own line only."""
    text = line.rstrip("\r\n")
    return lambda n: text if n == lineno else None
