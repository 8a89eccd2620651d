"""Realtime session settings written apart from the event that sends them.

A realtime app often builds its session as an object of its own: the options of a client
library's `configure({...})` (`rt-client`), a dict kept on `self` in `__init__` and sent
later by `send("session.update", {"session": session})`, a module constant. Keys that only
a realtime session has (the catalogue's `literal_keys` of the socket event that carries it:
`input_audio_transcription`, `input_audio_format`) make such a literal that event's object,
checked where it is written, in a file that talks to OpenAI (xAI and others speak the same
protocol).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from bedrock_check.extract.bodies import clean, models_at
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites


@lru_cache(maxsize=1)
def _keys() -> dict[str, tuple[str, str]]:
    """Each distinctive key -> (event type, the event's field that holds the object)."""
    from bedrock_check.catalogue import shipped_catalogue

    out: dict[str, tuple[str, str]] = {}
    for event in shipped_catalogue().sdk.socket_events:
        for key in event.literal_keys:
            out[key] = (event.type[0], event.requires_any[0] if event.requires_any else "session")
    return out


@lru_cache(maxsize=1)
def _tails() -> frozenset[str]:
    """The last names of the catalogue's framework calls (`updateSession`, `RealtimeSession`, `run`)."""
    from bedrock_check.catalogue import shipped_catalogue

    return frozenset(n.rsplit(".", 1)[-1] for c in shipped_catalogue().frameworks.constructors for n in c.name)


def is_session_key(key: object) -> bool:
    """Whether a mapping key makes its mapping a realtime session candidate."""
    return isinstance(key, str) and key in _keys()


def session_literals(sites: Sites) -> Iterator[Observation]:
    """The realtime session literals of a file that talks to OpenAI, each checked as the
    event that carries it (unless written inside that event's own literal, checked already)."""
    if not sites.m.session_literals or not sites.talks_to_openai():
        return
    keys = _keys()
    for raw, scope in sites.m.session_literals:
        e = sites.m.lower(raw, scope)
        spans: dict[Pointer, Span] = {}
        value = sites.r.value(e, (), spans)
        if not isinstance(value, dict) or value.get("type") in sites.cat.event_types:
            continue
        found = next((keys[k] for k in value if k in keys), None)
        if found is None or sites.inside_event(e.span, _tails()):
            continue
        kind, holder = found
        body = {"type": kind, holder: clean(value, (), [], sites.presence)}
        at = {(holder, *p): sp for p, sp in spans.items()}
        at[()] = e.span
        yield sites.request(body, at, "unknown", e.span, None, fragment=True)
        event = sites.cat.event_types.get(kind)
        if event is not None and event.models:
            yield from sites.more_models(models_at(body, at, tuple(event.models)), e.span, None)


__all__ = ["is_session_key", "session_literals"]
