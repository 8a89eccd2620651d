"""Realtime socket events sent by connection methods, event classes and a client's own
`send('type', {...})`, captured media added to a peer connection, and raw HTTP calls
whose URL the code builds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedrock_check.extract.bodies import clean, models_at, variants
from bedrock_check.extract.callsite import Attr, Call, CallSite, Index, Lit, Ref
from bedrock_check.extract.common import SAYS_OPENAI
from bedrock_check.extract.given_urls import given_urls, written_url
from bedrock_check.extract.httpcall import lower_http
from bedrock_check.extract.resolve import Sym
from bedrock_check.extract.sites.base import _NAMES_OPENAI
from bedrock_check.extract.sites.providers import Providers
from bedrock_check.extract.wire import query_models, request_url
from bedrock_check.findings import (
    Observation,
    Pointer,
    Span,
)
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint


class Events(Providers):
    """Socket events, raw HTTP calls and captured media."""

    def _event_of(self, tail: list[str]) -> tuple[str, Any] | None:
        """The socket event a call sends: a connection method (`conn.session.update`, at
        least a receiver and two names) or an event class (`InputAudioBufferAppendEvent(...)`)."""
        if len(tail) >= 3:
            found = self.cat.event_methods.get(".".join(tail[-2:]))
            if found is not None:
                return found
        return self.cat.event_classes.get(tail[-1]) if tail else None

    def _event_call(self, site: CallSite, event: tuple[str, Any]) -> Iterator[Observation]:
        """An event sent by a call: its keyword arguments are the event's fields."""
        if not self._talks_to_openai():
            return
        kind, entry = event
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or call.args:
            return  # the SDK's event methods and classes take keywords only
        if entry.requires_any and not any(k in entry.requires_any for k, _ in call.kwargs):
            return
        body, spans = self._options(call)
        body = clean({**body, "type": kind}, (), [], self.presence)
        yield self.request(body, spans, "unknown", site.span, None, fragment=True)
        yield from self.more_models(models_at(body, spans, tuple(entry.models)), site.span, None)

    def _named_event(self, site: CallSite) -> Iterator[Observation]:
        """A client event sent by its type name, its fields in the next argument (a realtime
        client's own `send('input_audio_buffer.append', {audio})`)."""
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or not call.args or call.kwargs or not self._talks_to_openai():
            return
        first = call.args[0]
        kind = first.value if isinstance(first, Lit) and isinstance(first.value, str) else None
        entry = self.cat.event_types.get(kind) if kind is not None else None
        if kind is None or entry is None:
            return
        spans: dict[Pointer, Span] = {}
        saved, self.r.alternates = self.r.alternates, []
        try:
            fields = self.r.value(call.args[1], (), spans) if len(call.args) > 1 else {}
            branches = self.r.alternates
        finally:
            self.r.alternates = saved
        if not isinstance(fields, dict):
            return
        # Every value a field it reads can hold (`this.sessionConfig = {}` at construction, a
        # deep copy of the defaults on reset): each is an event the client may send.
        for one, where in [(fields, spans), *variants(fields, spans, branches)]:
            if entry.requires_any and not any(k in one for k in entry.requires_any):
                continue
            body = clean({**one, "type": kind}, (), [], self.presence)
            yield self.request(body, where, "unknown", site.span, None, fragment=True)
            yield from self.more_models(models_at(body, where, tuple(entry.models)), site.span, None)

    def _media_input(self, site: CallSite, spec: Any) -> Iterator[Observation]:
        """A captured track added to a realtime peer connection (`pc.addTrack(mic)`): the
        microphone streams into the session, as the event the catalogue names."""
        if spec.keys:
            yield from self._handed_media(site, spec)
            return
        text = self.m.src.text
        if not any(p in text for p in spec.peer) or not (self._talks_to_openai() or self._openai_session_class()):
            return
        if spec.traced:
            call = self.m.lower(site.raw, site.scope)
            if not (isinstance(call, Call) and call.args and self._captured(call.args[0], spec, 0)):
                return
        elif not self._captures(spec):
            return
        yield self.request({"type": spec.event}, {(): site.span}, "unknown", site.span, None, fragment=True)

    def _openai_session_class(self) -> bool:
        """Whether this file is an OpenAI library's own session code whose connection another
        module sets up (LlamaIndex.TS `OpenAILiveSession`, whose SDP offer `live.ts` sends): it
        names OpenAI in its code and no other provider's URL, and its package installs an
        OpenAI library."""
        if self.file_vendor is not None or not SAYS_OPENAI.search(self.m.src.text):
            return False
        if {self.cat.provider_of_host(url) for url, _ in self.m.urls} - {None, *MIGRATING_PROVIDERS}:
            return False
        project = self.r.project
        return project is not None and project.depends_on_openai(self.m.origin, self.m.lang == "python") is True

    def _captured(self, e: Any, spec: Any, depth: int) -> bool:
        """Whether a track is taken from a capture with the entry's option set, through the
        names it is bound to (`micTrack = stream.getAudioTracks()[0]`, `stream = await
        navigator.mediaDevices.getUserMedia({audio: true})`)."""
        if depth > 8:
            return False
        if isinstance(e, Ref):
            found = self.r.lookup(e.name, e.scope, e.pos)
            return found is not None and any(
                b.kind == "assign" and b.raw is not None and self._captured(self.m.lower(b.raw, found[1]), spec, depth + 1)
                for b in found[0])  # fmt: skip
        if isinstance(e, (Index, Attr)):
            return self._captured(e.obj, spec, depth + 1)
        if isinstance(e, Call):
            name = e.func.name if isinstance(e.func, (Attr, Ref)) else None
            if name in spec.capture:
                options = self.r.value(e.args[0]) if e.args else None
                return isinstance(options, dict) and bool(options.get(spec.option))
            return isinstance(e.func, Attr) and self._captured(e.func.obj, spec, depth + 1)
        return False

    def _captures(self, spec: Any) -> bool:
        """Whether this file captures media with the entry's option set (`getUserMedia({audio: true})`),
        or takes a stream's tracks of that kind (`stream.getAudioTracks()`)."""
        for other in self.m.calls:
            if other.chain and other.chain[-1] in spec.tracks:
                return True
            if other.chain and other.chain[-1] in spec.capture:
                capture = self.m.lower(other.raw, other.scope)
                options = self.r.value(capture.args[0]) if isinstance(capture, Call) and capture.args else None
                if isinstance(options, dict) and options.get(spec.option):
                    return True
        return False

    def _handed_media(self, site: CallSite, spec: Any) -> Iterator[Observation]:
        """A captured stream handed to a realtime session in its options (`llm.live.connect({audioConfig:
        {stream: mic}})`), reported at the option, in a file that names OpenAI in its imports or
        talks to OpenAI and captures with the entry's option set."""
        if self.file_vendor is not None or not any(k in self.m.src.text for k in spec.keys):
            return
        if not (any(_NAMES_OPENAI.search(i.module) for i in self.m.imports.values()) or self._talks_to_openai()):
            return
        call = self.m.lower(site.raw, site.scope)
        if not isinstance(call, Call) or not self._captures(spec):
            return
        options, spans = self._options(call)
        found = _key_span(options, spans, (), frozenset(spec.keys))
        if found is not None:
            yield self.request({"type": spec.event}, {(): found}, "unknown", found, None, fragment=True)

    def _realtime_socket_file(self) -> bool:
        """Whether this file writes realtime events (`"input_audio_buffer.append"`,
        `"session.update"`), they go to OpenAI (`talks_to_openai`), and it writes no socket URL
        of its own (`wss://api.openai.com/v1/responses` is the use, reported where written)."""
        text = self.m.src.text
        if any(url.startswith(("wss://", "ws://")) for url, _ in self.m.urls):
            return False  # (the socket's own URL is written here: reported where it is written)
        return any(f'"{t}"' in text or f"'{t}'" in text for t in self.cat.event_types) and self.talks_to_openai()

    def _http_spec(self, site: CallSite) -> Any:
        """The catalogue's raw HTTP entry for a call: by its name as written (`fetch`,
        `axios.post`), else, for a call that may send a body, by what it resolves to
        (`client.post` of an `httpx.Client()`, `import f from "node-fetch"`)."""
        chain = site.chain
        spec = self.cat.http_calls.get(".".join(chain)) if len(chain) < 3 else None
        if spec is None and chain[-1] in self.cat.http_body_tails:
            func_expr = self.m.lower(site.func_raw, site.scope)
            func = self.r.qualify(func_expr) or self.r.value(func_expr)
            spec = self.cat.http_calls.get(func.dotted) if isinstance(func, Sym) else None
        if spec is None and len(chain) > 1:
            spec = self.cat.http_tails.get(chain[-1])
        return spec

    def _http_call(self, site: CallSite, spec: Any) -> Iterator[Observation]:
        """A raw HTTP call whose URL is built from values the code shows (or is relative to its
        client's base URL): the URL is checked at the call (a full URL literal passed as it
        is is already a string observation)."""
        call = lower_http(self, site, spec)
        index = spec.url
        if not isinstance(call, Call) or len(call.args) <= index:
            return
        arg = call.args[index]
        if isinstance(arg, Lit) and (spec.base_url is None or "://" in str(arg.value)):
            return
        url = request_url(self, call, spec)
        if spec.socket and not (isinstance(url, str) and "://" in url) and self._realtime_socket_file():
            # `session.ws_connect(url)` with the URL from a helper, in a file that sends realtime
            # events to OpenAI (`input_audio_buffer.append`): the session's socket.
            yield self.request({}, {(): site.span}, ApiEndpoint.REALTIME, site.span, None)
            return
        if isinstance(url, str) and "://" in url:
            written = given_urls(self, arg, site.span) if not spec.socket else []
            if written:
                # `fetch(url, options)` in `fetchWithTimeout(url, ...)`: the URL is each caller's,
                # reported where it is written (a parameter's default, a `??` fallback).
                for one, span in written:
                    self._fetched.append(one)
                    yield from written_url(self, one, span)
                return
            if not spec.socket:
                self._fetched.append(url)
            provider = self._url_provider(url)
            yield self._code("string", url, site.span, provider=provider)
            yield from query_models(self, arg, url, provider)


def _key_span(value: Any, spans: dict[Pointer, Span], ptr: Pointer, keys: frozenset[str], depth: int = 0) -> Span | None:
    """Where the first of `keys` is written in an options object, at any depth (a few levels)."""
    if not isinstance(value, dict) or depth > 4:
        return None
    for k, v in value.items():
        here = (*ptr, k)
        if k in keys and here in spans:
            return spans[here]
        found = _key_span(v, spans, here, keys, depth + 1)
        if found is not None:
            return found
    return None
