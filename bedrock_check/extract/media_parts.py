"""Content parts built by a framework's constructor, reported where they are built.

An agent framework takes media as objects of its own and turns them into the request's
content parts: pydantic-ai's `BinaryContent(data=wav, media_type="audio/wav")` and
`AudioUrl(url)` become an `input_audio` part of the chat request the agent sends
(`agent.run([prompt, BinaryContent(...)])`, or an app's wrapper around the agent). The
catalogue's `part_constructors` name them; a generic media part is that part only when its
media type is of the part's kind (`audio/wav`, not `image/png` or `application/pdf`).

The part is reported at the constructor, in a file whose model goes to OpenAI: it imports an
OpenAI library (or a module of the tree that does), names an OpenAI model with its provider
(`model="openai:gpt-4o-audio-preview"`), or makes a request to OpenAI of its own (an agent whose model
is `OpenAIChat(id="gpt-audio")`). Not in a file of another vendor, not inside another
provider's call, and not inside an SDK request (that call reports its own parts).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bedrock_check.extract.bodies import within
from bedrock_check.extract.callsite import Call, Lit
from bedrock_check.extract.resolve import Sym
from bedrock_check.findings import Observation, Pointer

if TYPE_CHECKING:
    from bedrock_check.extract.sites import Sites

#: The MIME top-level type each part kind holds.
_KINDS = {"input_audio": "audio/", "input_image": "image/", "image_url": "image/"}


def media_parts(sites: Sites) -> Iterator[Observation]:
    """A request fragment with one content part per catalogue part constructor this file calls."""
    cat = sites.cat
    m = sites.m
    if not cat.media_parts and not cat.part_constructors:
        return
    if sites.file_vendor is not None:
        return
    last = {n.rsplit(".", 1)[-1] for n in (*cat.media_parts, *cat.part_constructors)}
    candidates = [s for s in m.calls if s.chain[-1] in last and not sites.in_foreign(s.span)]
    if not candidates:
        return
    requests = [s.span for s in m.calls if len(s.chain) > 1 and cat.method(list(s.chain)) is not None]
    openai_file: bool | None = None
    for site in candidates:
        if any(within(site.span, outer) and site.span != outer for outer in requests):
            continue  # inside an SDK request: checked as that request's part
        call = m.lower(site.raw, site.scope)
        if not isinstance(call, Call):
            continue
        func = sites.r.value(call.func)
        name = func.dotted if isinstance(func, Sym) and not func.call else None
        kind = _part_kind(sites, name, call)
        if kind is None:
            continue
        if openai_file is None:
            openai_file = _sends_to_openai(sites)
        if not openai_file:
            return
        # (Checked as a part of a Responses `input`, as a part literal is: a fragment with
        # `messages` would read as a Chat Completions request of its own.)
        at: Pointer = ("input", 0, "content", 0)
        yield sites.request({"input": [{"content": [{"type": kind}]}]}, {at: call.span}, "unknown", call.span, None,
                            fragment=True)  # fmt: skip


def _part_kind(sites: Sites, name: str | None, call: Call) -> str | None:
    """The part a constructor call builds, or None (not a catalogue constructor, or a generic
    media part whose media type is of another kind or not written out)."""
    if name is None:
        return None
    plain = sites.cat.part_constructors.get(name)
    if plain is not None:
        return plain
    spec = sites.cat.media_parts.get(name)
    if spec is None or spec.media_type is None:
        return None
    given = next((v for k, v in call.kwargs if k == spec.media_type), None)
    value = sites.r.value(given) if given is not None else None
    if isinstance(given, Lit) or isinstance(value, str):
        media = value if isinstance(value, str) else given.value if isinstance(given, Lit) else None
        prefix = _KINDS.get(spec.type)
        if isinstance(media, str) and prefix is not None and media.lower().startswith(prefix):
            return spec.type
    return None


def _sends_to_openai(sites: Sites) -> bool:
    """Whether the file's model goes to OpenAI: it imports an OpenAI library (or a module of the
    tree that does), names an OpenAI model with its provider (`"openai:gpt-4o-audio-preview"`),
    or makes a request to OpenAI of its own (`LiteLLM(id="gpt-audio")` as the agent's model)."""
    if sites.uses_openai_library() or sites.sends_openai:
        return True
    for value, _ in sites.m.model_strings:
        read = sites.cat.prefixed_model(value)
        if read is not None and read[1] == "openai":
            return True
    return False


__all__ = ["media_parts"]
