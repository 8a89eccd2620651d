"""Hosted-tool literals, socket events and content parts written as literals, checked
where they are written (a module constant, a config array, a helper's return value)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.bodies import clean, variants
from bedrock_check.extract.callsite import Expr, Ref
from bedrock_check.extract.sites.base import DOUBLE_WORDS
from bedrock_check.extract.sites.workload import Workload
from bedrock_check.extract.vendor_scope import vendor_class_scope
from bedrock_check.extract.wire import event_models
from bedrock_check.findings import (
    Observation,
    Pointer,
    Span,
)

#: A part's field read from another part (`part.input_audio.data`, `part.file.file_id`).
_CONVERTED = re.compile(r"\.\s*(?:input_audio|file_id|file_data|file)\b")
#: How far above a part literal a test of the part's type is looked for.
_TEST_LINES = 12


class Literals(Workload):
    """Hosted-tool, event and content-part literals where they are written."""

    def _part_literal(self, e: Expr, raw: Any, scope: int) -> Iterator[Observation]:
        """A content part written as a literal (`{"type": "input_audio", ...}` built by a
        helper), checked as a part of a request's messages, where it is written."""
        at: Pointer = ("input", 0, "content", 0)
        text = "\n".join(self.m.src.lines[e.span.line - 1 : e.span.end_line])
        if _CONVERTED.search(text):
            return  # a converter copying another part's fields (`data: part.input_audio.data`): no part of its own
        spans: dict[Pointer, Span] = {}
        value = self.r.value(self._completed(e, raw, scope), at, spans)
        if isinstance(value, dict) and self.cat.content_part(value) and not self._rebuilt(value["type"], e.span):
            spans[at] = e.span
            # What makes it that part holds a value known at run time (`"file_id": file.id`).
            decides = frozenset(self.cat.part_types[value["type"]].requires_any)
            part = clean(value, (), [], decides)
            yield self.request({"input": [{"content": [part]}]}, spans, "unknown", e.span, None, fragment=True)

    def _rebuilt(self, part: str, span: Span) -> bool:
        """Whether a part literal sits under a test that the part in hand already has its type
        (`if content_part.get("type") == "input_audio":` then `{"type": "input_audio", ...}`): a
        tracer or a serialiser rebuilding the caller's part, which the caller's request reports.
        A part built from another kind (`if part["type"] == "audio":`) is a new part."""
        same = re.compile(rf"""(?:===?|!==?)\s*["']{re.escape(part)}["']|["']{re.escape(part)}["']\s*(?:===?|!==?)"""
                          rf"""|\bcase\s+["']{re.escape(part)}["']""")  # fmt: skip
        lines = self.m.src.lines
        indent = len(lines[span.line - 1]) - len(lines[span.line - 1].lstrip()) if span.line <= len(lines) else 0
        for n in range(span.line - 1, max(span.line - _TEST_LINES, 0), -1):
            line = lines[n - 1]
            if line.strip() and len(line) - len(line.lstrip()) < indent and same.search(line):
                return True  # (an enclosing test: written less indented than the literal)
        return False

    def _literals(self) -> Iterator[Observation]:
        """Hosted-tool literals where they are written (a module constant, a config array,
        a helper's return value), unless the file belongs to another vendor, or every client it
        builds goes to another provider (`OpenAI(base_url="https://api.groq.com/...")` and a
        module-level MCP tool list given to it)."""
        if self.file_vendor is not None or self._sends_elsewhere_only() or self._foreign_clients_only():
            return
        # A unit test that sends nothing itself and works with doubles (`assistant.mock.ts`'s
        # `assistantParamsMock`, a `vi.fn()` client): its tool lists are what its checks compare.
        data = self._test_file and not self.sends_openai and DOUBLE_WORDS.search(self.m.src.text) is not None
        hosted = self.cat.hosted_types
        for raw, scope, kind in self.m.typed_literals:
            if id(raw) in self.m.compared:
                continue  # (what a test expects a request to hold: `assert tools == [{"type": ...}]`)
            if kind is not None and kind not in hosted and kind not in self.cat.event_types and kind not in self.cat.part_types:
                continue  # `{"type": "message", ...}`: never a hosted tool, a socket event or a content part
            if data and kind in hosted:
                continue
            e = self.m.lower(raw, scope)
            if self.in_foreign(e.span) or vendor_class_scope(self, scope):
                continue  # (inside another provider's call, or a method of a class named for one)
            if kind in self.cat.part_types:
                yield from self._part_literal(e, raw, scope)
                continue
            spans: dict[Pointer, Span] = {}
            since = len(self.r.stops)
            value = self.r.value(e, ("tools", 0), spans)
            self._stopped(since, e.span)
            if isinstance(value, dict) and self.cat.hosted_tool(value):
                if not self.openai_evidence():
                    continue  # (a file that shows no sign of OpenAI writes the type for its own purposes)
                body = {"tools": [clean(value, (), [])]}
                yield self.request(body, spans, "unknown", e.span, None, fragment=True)
                continue
            if isinstance(value, dict) and value.get("type") in self.cat.event_types and self._talks_to_openai():
                # A socket event written out (`ws.send(JSON.stringify({type: "input_audio_buffer.append", ...}))`).
                spans = {}
                value = self.r.value(e, (), spans)
                if isinstance(value, dict):
                    yield self.request(clean(value, (), [], self.presence), spans, "unknown", e.span, None, fragment=True)
                    yield from event_models(self, value, spans, e.span)
                continue
            yield from event_models(self, value, {p[2:]: sp for p, sp in spans.items() if p[:2] == ("tools", 0)}, e.span)
        if self.m.looked_up_types:
            yield from self._looked_up_tools()
        if self.m.batch_lines:
            yield from self._batch_lines()
        if self.m.named_types and self.uses_openai_library():
            yield from self._named_parts()
        if self.m.enum_members and self.m.type_enums and self._talks_to_openai():
            # `class ToolType(str, Enum): RETRIEVAL = "file_search"` given as an Assistants tool's
            # `type` (`type: ToolType`): each member whose value alone names a hosted tool is that tool.
            for cls, name, span in self.m.enum_members:
                entry = hosted.get(name)
                if cls not in self.m.type_enums or entry is None or entry.requires_any:
                    continue
                yield self.request({"tools": [{"type": name}]}, {("tools", 0): span}, "unknown", span, None, fragment=True)
        if self.m.named_options and self.m.dynamic_types:
            # A picker of hosted tools by type name (`{label: "Web Search", name: "web_search_preview"}`)
            # in a file that builds `{type: tool}` from what was picked: each option is that tool.
            # (Only types whose name alone says it: not `mcp` or `shell`.)
            for name, span in self.m.named_options:
                entry = hosted.get(name)
                if entry is None or entry.requires_any or self.in_foreign(span):
                    continue
                if not self.openai_evidence():
                    break
                yield self.request({"tools": [{"type": name}]}, {("tools", 0): span}, "unknown", span, None, fragment=True)

    def _looked_up_tools(self) -> Iterator[Observation]:
        """A tool whose type is looked up in a map (`TOOL_TYPES = {"search": "web_search_preview",
        "code": "code_interpreter"}`, then `{"type": TOOL_TYPES[name]}`): the name is known only
        at run time, so the file may send a tool of each type the map holds. Each hosted one is
        reported at the map's entry, where its type is written (see `engine.finding`), in a file
        of an OpenAI workload only (a map of Anthropic's `web_search_20250305` is no OpenAI tool)."""
        for raw, scope in self.m.looked_up_types:
            e = self.m.lower(raw, scope)
            if self.in_foreign(e.span) or vendor_class_scope(self, scope):
                continue
            spans: dict[Pointer, Span] = {}
            since = len(self.r.stops)
            value, branches = self.r.branched(e, ("tools", 0), spans)
            self._stopped(since, e.span)
            for body, where in [({"tools": [value]}, spans), *variants({"tools": [value]}, spans, branches)]:
                tool = body["tools"][0]
                if not (isinstance(tool, dict) and self.cat.hosted_tool(tool)):
                    continue
                if not self.openai_evidence():
                    return  # (a file that shows no sign of OpenAI keeps its map for its own purposes)
                yield self.request({"tools": [clean(tool, (), [])]}, where, "unknown", e.span, None, fragment=True)

    def _batch_lines(self) -> Iterator[Observation]:
        """A Batch API input line built in code (`{"custom_id": ..., "method": "POST", "url":
        "/v1/chat/completions", "body": {"model": "gpt-5", "messages": [...]}}`, dumped to the JSONL
        file the batch uploads, often by a script of its own): its `body` is a request the batch
        sends, and its model and settings are checked where they are written, as a `.jsonl` line's
        are. Only a line whose `url` is an OpenAI API path (`/v1/embeddings`; Azure's batches write
        `/chat/completions`); a body for another vendor's model
        (Groq's batches take the same lines) is that vendor's. A fragment: the endpoint is used
        where the batch is created (`batches.create(endpoint=...)`), which reports it."""
        from bedrock_check.extract.requests import batch_line_body, openai_body
        from bedrock_check.httppaths import endpoint_for_url

        for raw, scope in self.m.batch_lines:
            e = self.m.lower(raw, scope)
            if self.in_foreign(e.span):
                continue
            spans: dict[Pointer, Span] = {}
            value = self.r.value(e, (), spans)
            if not isinstance(value, dict) or not isinstance(value.get("body"), dict):
                continue
            url = value.get("url")
            if not isinstance(url, str) or not url.startswith("/") or endpoint_for_url(url) is None:
                continue
            body = openai_body(value["body"])
            if not body:
                continue
            body = batch_line_body(body)
            inner = {p[1:]: sp for p, sp in spans.items() if p[:1] == ("body",) and len(p) > 1}
            yield self.request(clean(body, (), [], self.presence), inner, "unknown", e.span, None, fragment=True)

    def _completed(self, e: Expr, raw: Any, scope: int) -> Expr:
        """The literal as the function holds it at its end when it is bound to a name there
        (`payload = {"type": "input_file"}` then `payload["file_id"] = attachment.remote_file_id`):
        the keys set later make the part what it is."""
        for (where, name), bindings in self.m.bindings.items():
            if where == scope and any(b.kind == "assign" and b.raw is raw for b in bindings):
                if any(b.kind in ("setitem", "update", "setdefault") for b in bindings):
                    return Ref(name, scope, (1 << 30, 0), e.span)
                break
        return e

    def _named_parts(self) -> Iterator[Observation]:
        """A content part whose `type` the app's code chose (`{"type": media_type}`, with
        `media_type = "output_audio" if assistant else "input_audio"` passed by its callers): each
        part type the name can hold, checked as that part, where the type is written."""
        at: Pointer = ("input", 0, "content", 0)
        kind: Pointer = (*at, "type")
        for raw, scope in self.m.named_types:
            e = self.m.lower(raw, scope)
            if self.in_foreign(e.span):
                continue
            text = "\n".join(self.m.src.lines[e.span.line - 1 : e.span.end_line])
            if _CONVERTED.search(text):
                continue
            spans: dict[Pointer, Span] = {}
            value, branches = self.r.branched(self._completed(e, raw, scope), at, spans)
            if not isinstance(value, dict):
                continue
            types = [(value.get("type"), spans.get(kind)), *((v, sub.get(kind)) for p, v, sub in branches if p == kind)]
            done: set[str] = set()
            for t, where in types:
                if not isinstance(t, str) or where is None or t in done or t not in self.cat.part_types:
                    continue
                done.add(t)
                part = {**value, "type": t}
                if not self.cat.content_part(part):
                    continue
                found = {p: sp for p, sp in spans.items() if p[: len(kind)] != kind}
                found[at] = where
                decides = frozenset(self.cat.part_types[t].requires_any)
                yield self.request({"input": [{"content": [clean(part, (), [], decides)]}]}, found, "unknown", where,
                                   None, fragment=True)  # fmt: skip
