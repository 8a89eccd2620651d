"""Realtime sessions opened and fed through the methods of the application's own client class.

A realtime app often wraps the session in a class of its own, in one module
(`class RealtimeClient` whose `connect()` opens `wss://api.openai.com/v1/realtime` and whose
`stream_audio(chunk)` sends `input_audio_buffer.append`), and calls it from other files
(`await client.connect()` in the app, `await client.stream_audio(mic.read(...))` in its
microphone handler). The module's own lines are checked where they are written; the calls of
other files are where the app opens the session and where its microphone feeds it, so they
are uses of their own: the socket (WebSocket) and the audio sent (audio input).

A method counts by what its body does, read from the observations of its file: a socket
opened to an OpenAI (or Azure OpenAI) realtime or Responses WebSocket URL, or a realtime
`input_audio_buffer.append` event sent to OpenAI (audio sent by the app, chunk by chunk; a
microphone track added to a WebRTC peer connection is set up once and reported there). A method that calls another method of an
object its instance holds (`self.realtime.connect()` of a reference client's port, whose
`RealtimeAPI.connect()` opens the socket), or of its own class, does what that method does.
Only the method called is followed, never a function handed the client as a parameter (an
`AudioHandler.start_streaming(client)` is reported inside, where it sends).

Calls of a class of the same file are not reported: that file's own lines are the uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Attr, CallSite, FileModel, Ref
from bedrock_check.extract.resolve import Sym
from bedrock_check.extract.resolve.values import BASE_KINDS
from bedrock_check.findings import CodeObservation, Observation, RequestObservation
from bedrock_check.httppaths import endpoint_for_url
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: The socket endpoints a wrapper's method may open.
_SOCKETS = frozenset({ApiEndpoint.REALTIME, ApiEndpoint.RESPONSES_WEBSOCKET})
#: The realtime client event that carries audio to the session.
AUDIO_APPEND = "input_audio_buffer.append"
#: Providers whose socket is the one the checked workload opens (None: not told, as elsewhere).
_OURS = frozenset({*MIGRATING_PROVIDERS, None})
#: How many methods deep a method's calls on its own objects are followed.
_MAX_DEPTH = 4

#: What a method does: the socket endpoint it opens (or None), and whether it sends audio.
Does = tuple[ApiEndpoint | None, bool]
_NOTHING: Does = (None, False)


def session_method(sites: Sites, site: CallSite, func: Any, name: str) -> list[Observation] | None:
    """The realtime uses of a call of a method of the app's own class of another file (see
    the module docstring); None when the call is not one (its name alone is read then).
    A method of the app's class is what its body does, whatever its name says: a Gemini Live
    wrapper's `send_audio` sends nothing to OpenAI."""
    if not isinstance(func, Attr) or sites.file_vendor is not None or sites.m.memo.get("session_reading"):
        return None  # (a file read for what its methods do: only its own lines count there)
    project = sites.r.project
    reached = project.reachable_methods(sites.m) if project is not None else None
    if reached is not None and name not in reached:
        return None  # (no class of a file this one reaches has that method: no receiver to resolve)
    found = instance_class(sites, func.obj)
    if found is None:
        return None
    model, cls = found
    if model is sites.m:
        return None  # (a class of this file: its own lines are the uses)
    other = sites.other(model)
    if not any(name in model.classes[c].methods for c in other.r._ancestors(cls)):
        return None  # (a method of a library base class: its name is all there is to go by)
    socket, audio = _does(sites, model, cls, name, 0)
    found_uses: list[Observation] = []
    if socket is not None:
        found_uses.append(sites.request({}, {(): site.span}, socket, site.span, None))
    if audio:
        found_uses.append(sites.request({"type": AUDIO_APPEND}, {(): site.span}, "unknown", site.span, None, fragment=True))
    return found_uses


def instance_class(sites: Sites, receiver: Any) -> tuple[FileModel, str] | None:
    """(file, class) of the class of the scanned code a method call's receiver is an instance
    of (this file's or another's), else None. Worked out once per binding the receiver's name
    takes its value from: a test calls fifty methods of `restored` (`const restored = await
    RunState.fromString(...)`), and each receiver would follow the same chain through the
    other module again."""
    if not isinstance(receiver, (Ref, Attr)):
        return None
    key = _receiver_key(sites, receiver)
    memo: dict[tuple[Any, ...], tuple[FileModel, str] | None] = sites.m.memo.setdefault("receiver_classes", {})
    if key is not None and key in memo:
        return memo[key]
    value = sites.r.value(receiver)
    found: tuple[FileModel, str] | None = None
    if isinstance(value, Sym) and not value.path:
        qual = value.qual or ""
        if qual.startswith("<self:") and qual.endswith(">"):
            cls, model = qual[6:-1], value.model or sites.m
            found = (model, cls) if cls in model.classes else None
    if key is not None:
        memo[key] = found
    return found


def _receiver_key(sites: Sites, receiver: Ref | Attr) -> tuple[Any, ...] | None:
    """What a receiver's class depends on, when that is all of it: the binding its root name
    takes its value from, the changes made to that name before the use (`cfg.client = ...`),
    and the attributes read from it. None (not kept) for a receiver rooted elsewhere (`self`,
    an import: cheap to follow) or while the resolver works for a caller (pinned arguments,
    branches, an instance's inherited field), where a value is not the use's alone."""
    r = sites.r
    if r.alternates is not None or r.pinned or r._instance:
        return None
    names: list[str] = []
    root: Any = receiver
    while type(root) is Attr:
        names.append(root.name)
        root = root.obj
    if type(root) is not Ref or root.name in ("self", "this"):
        return None
    found = r.lookup(root.name, root.scope, root.pos)
    if found is None or any(n[1] == root.name for n in sites.m.narrowed):
        return None
    bindings, owner = found
    chosen = r.base_binding(bindings, owner, root)
    if chosen is None:
        return None
    base = chosen[0]
    same_scope = owner == root.scope
    # (As `Names._mutated` applies them: the changes after the base and, in its scope, before the use.)
    changes = sum(1 for b in bindings if b.kind not in BASE_KINDS and b.pos >= base.pos
                  and not (same_scope and b.pos > root.pos))  # fmt: skip
    return owner, root.name, id(base), changes, tuple(names)


def _does(sites: Sites, model: FileModel, cls: str, name: str, depth: int) -> Does:
    """What method `name` of class `cls` (or a base class of its file) of `model` does,
    worked out once per file (a cycle of methods reads as doing nothing)."""
    memo: dict[tuple[str, str], Does] = model.memo.setdefault("session_methods", {})
    key = (cls, name)
    if key in memo:
        return memo[key]
    memo[key] = _NOTHING
    other = sites if model is sites.m else sites.other(model)
    method = next((other.m.classes[c].methods[name] for c in other.r._ancestors(cls)
                   if name in other.m.classes[c].methods), None)  # fmt: skip
    done = _NOTHING if method is None or depth > _MAX_DEPTH else _body(other, method.scope, depth)
    memo[key] = done
    return done


def _body(sites: Sites, scope: int, depth: int) -> Does:
    """What the body of the function whose scope is `scope` does (its nested closures too)."""
    m = sites.m
    inside = _subtree(m, scope)
    calls = [s for s in m.calls if s.scope in inside]
    if not calls:
        return _NOTHING
    first = min(s.span.line for s in calls)
    last = max(s.span.end_line for s in calls)
    # (A track added to a peer connection, `pc.addTrack(track)`, sets the session up; the audio
    # then flows by itself: it is reported where it is added, not at each call of the setup.)
    adds = {a for media in sites.cat.sdk.media_inputs if not media.keys for a in media.add}
    tracks = {s.span.line for s in calls if s.chain and s.chain[-1] in adds}
    socket: ApiEndpoint | None = None
    audio = False
    for obs in _observations(sites):
        if not first <= obs.span.line <= last or obs.span.line in tracks:
            continue
        if isinstance(obs, RequestObservation):
            if obs.endpoint in _SOCKETS and not obs.fragment and obs.provider in _OURS:
                socket = socket or obs.endpoint
            elif isinstance(obs.body, dict) and obs.body.get("type") == AUDIO_APPEND:
                audio = True
        elif isinstance(obs, CodeObservation) and obs.kind == "string" and obs.value.startswith(("wss://", "ws://")):
            endpoint = endpoint_for_url(obs.value)
            if endpoint in _SOCKETS and obs.provider in _OURS:
                socket = socket or endpoint
    # The methods it calls on what its instance holds (`self.realtime.connect()`) or on itself.
    for site in calls:
        if (socket is not None and audio) or len(site.chain) < 2 or site.chain[0] not in ("self", "this"):
            continue
        func = m.lower(site.func_raw, site.scope)
        if not isinstance(func, Attr):
            continue
        found = instance_class(sites, func.obj)
        if found is None:
            continue
        sub_socket, sub_audio = _does(sites, found[0], found[1], site.chain[-1], depth + 1)
        socket = socket or sub_socket
        audio = audio or sub_audio
    return socket, audio


def _subtree(m: FileModel, scope: int) -> set[int]:
    """A scope and every scope nested in it."""
    inside = {scope}
    for i, s in enumerate(m.scopes):
        p = s.parent
        while p is not None and p not in inside and p > scope:
            p = m.scopes[p].parent
        if p in inside:
            inside.add(i)
    return inside


def _observations(sites: Sites) -> list[Observation]:
    """Every observation of a file, made once per file model (the methods of one client
    class are asked about from every file that calls them)."""
    found = sites.m.memo.get("session_observations")
    if found is None:
        sites.m.memo["session_observations"] = []  # (a file that reaches itself reads as saying nothing)
        sites.m.memo["session_reading"] = True
        try:
            found = sites.m.memo["session_observations"] = list(sites.observations())
        finally:
            sites.m.memo["session_reading"] = False
    return list(found)


__all__ = ["AUDIO_APPEND", "instance_class", "session_method"]
