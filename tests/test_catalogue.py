"""Lints the catalogue itself: ids, citations, remediation, docs, fixtures, probes."""

from __future__ import annotations

import re

import pytest

from bedrock_check.matrix import ID_PATTERN, Matrix, offers_at

from .conftest import FIXTURES

#: The public contract of ids from the design (table rows plus inferred entries).
CONTRACT_IDS = {
    "text-generation", "audio-input", "image-input", "file-input", "structured-outputs",
    "function-calling", "streaming", "websocket", "reasoning-effort", "prompt-caching",
    "custom-tools", "tool-search", "web-search", "file-search", "computer-use", "shell-tool",
    "image-generation", "remote-mcp", "service-tiers", "code-interpreter", "model-availability",
    "model-id", "region-availability",
}  # fmt: skip

#: Endpoint entries (shared contract): platform APIs beside Responses and Chat Completions.
ENDPOINT_IDS = {
    "images-api", "audio-transcription", "audio-speech", "embeddings", "moderations", "files-api",
    "vector-stores", "batch-api", "assistants-api", "fine-tuning", "webrtc-realtime",
}  # fmt: skip

TABLE_ROWS = {
    "Text generation", "Audio input", "Image input", "File input", "Structured outputs",
    "Function calling", "Streaming responses", "WebSocket connections", "Reasoning effort",
    "Prompt caching", "Custom tools", "Client-side tool_search", "Hosted web search",
    "Hosted file search", "Computer use", "Shell tool", "Image generation tool",
    "Remote MCP servers", "Service tiers",
}  # fmt: skip


#: Capabilities only code can reveal (a client's base URL, its construction): tested in test_engine.
CODE_ONLY = {"mantle-base-path", "migrate-client", "migrate-settings", "migrate-sdk-version", "migrate-iam"}


def test_contract_ids_present(matrix: Matrix) -> None:
    assert {c.id for c in matrix.capabilities} >= CONTRACT_IDS | ENDPOINT_IDS


@pytest.mark.parametrize("cap_id", sorted(ENDPOINT_IDS))
def test_endpoint_entry_names_its_endpoint_and_an_aws_alternative(matrix: Matrix, cap_id: str) -> None:
    """An endpoint is reported under its own name, from code and from requests, with advice
    that names what does the job on AWS (never "transcribe before the request")."""
    cap = matrix.capability(cap_id)
    assert cap.bedrock in {"not_available", "unverified"} and cap.source.ref == "inferred"
    assert cap.source.reasoning and "Bedrock" in cap.source.reasoning
    assert any(sig.endpoint for sig in cap.signals.request), cap_id
    assert cap.signals.code.calls and cap.signals.code.strings, cap_id
    assert re.search(r"Amazon|Bedrock|AWS", cap.remediation), cap_id
    assert "before the request" not in cap.remediation


def test_endpoint_calls_are_not_reported_as_tools_or_audio_input(matrix: Matrix) -> None:
    """`images.generate` is the Images API, not the image generation tool; a transcription
    call is its own endpoint, not audio input to a model."""
    calls = {c.id: set(c.signals.code.calls) for c in matrix.capabilities}
    assert "*.images.generate" in calls["images-api"] and "*.images.generate" not in calls["image-generation"]
    assert "*.audio.transcriptions.create" in calls["audio-transcription"]
    assert not {p for p in calls["audio-input"] if ".audio." in p}
    assert "*.audio.speech.create" in calls["audio-speech"] and "*.audio.speech.create" not in calls["audio-output"]
    owners = {}
    for cap_id, patterns in calls.items():
        for pattern in patterns:
            assert pattern not in owners, f"{pattern}: in {owners.get(pattern)} and {cap_id}"
            owners[pattern] = cap_id


def test_every_table_row_cited_once(matrix: Matrix) -> None:
    rows = [c.source.row for c in matrix.capabilities if c.source.row]
    assert sorted(rows) == sorted(TABLE_ROWS)


def test_baseline_date(matrix: Matrix) -> None:
    assert matrix.as_of.isoformat() == "2026-06-01"
    assert matrix.source("openai-bedrock-2026-06").as_of.isoformat() == "2026-06-01"


@pytest.mark.parametrize("cap_id", [c for c in sorted(CONTRACT_IDS | ENDPOINT_IDS)])
def test_entry_is_complete(matrix: Matrix, cap_id: str) -> None:
    cap = matrix.capability(cap_id)
    assert re.match(ID_PATTERN, cap.id)
    assert cap.remediation.strip() and cap.message.strip()
    assert cap.docs.what and cap.docs.why and cap.docs.example
    if cap.source.ref == "inferred":
        assert cap.source.reasoning, f"{cap.id}: an inferred entry states its reasoning"


def test_all_entries(matrix: Matrix) -> None:
    ids = [c.id for c in matrix.capabilities]
    assert len(ids) == len(set(ids))
    for cap in matrix.capabilities:
        assert re.match(ID_PATTERN, cap.id), cap.id
        assert matrix.source(cap.source.ref) is not None, cap.id
        if cap.source.ref == "inferred":
            assert cap.source.reasoning, cap.id
        assert cap.remediation.strip(), cap.id
        fixture_dir = FIXTURES / "requests" / cap.id
        if cap.id in CODE_ONLY:
            continue
        assert (fixture_dir / "fires.json").is_file(), f"{cap.id}: no fires.json fixture"
        assert (fixture_dir / "clean.json").is_file(), f"{cap.id}: no clean.json fixture"
        if (
            cap.kind == "feature"
            and cap.bedrock != "available"
            and cap.id
            not in {
                "unknown-tool-type",
                "bedrock-lambda-tool",
                "other-endpoints",
                *ENDPOINT_IDS,  # `probe` sends Responses and Chat requests only
            }
        ):
            assert cap.probe is not None, f"{cap.id}: no probe request"
        if cap.kind == "feature":
            assert cap.signals.request or cap.signals.code.calls, f"{cap.id}: no signals"


def test_unavailable_on_bedrock_matches_the_page(matrix: Matrix) -> None:
    blocked = {c.id for c in matrix.capabilities if c.source.row and c.bedrock == "not_available"}
    assert blocked == {"audio-input", "websocket", "web-search", "file-search", "computer-use", "shell-tool",
                       "image-generation", "remote-mcp"}  # fmt: skip
    conditional = {c.id for c in matrix.capabilities if c.bedrock == "conditional"}
    assert conditional == {"file-input", "service-tiers", "tool-search"}


def test_later_sources_are_notes_not_verdicts(matrix: Matrix) -> None:
    web = matrix.capability("web-search")
    assert web.bedrock == "not_available"
    assert any(n.source == "openai-bedrock-later" for n in web.notes)


def test_launch_model(matrix: Matrix) -> None:
    model = next(m for m in matrix.models if m.id == "openai.gpt-5.5")
    (offer,) = offers_at(model, "mantle", matrix.as_of)
    assert model.openai_id == "gpt-5.5" and offer.regions == ["us-east-2"] and offer.base_path == "/openai/v1"
    assert (matrix.defaults.model, matrix.defaults.region) == ("openai.gpt-5.5", "us-east-2")


def test_method_refs_read_only_the_lines_that_can_hold_one() -> None:
    """`method_refs` runs its full pattern only on lines where an SDK method's last name
    follows a dot uncalled; it must find what the pattern finds over the whole text."""
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.catalogue.calls import _ALIAS

    cat = shipped_catalogue()
    text = (
        "import openai\n"
        "complete = client.chat.completions.create\n"
        "retry(client.chat.completions.create, model='gpt-4o')\n"
        "client.chat.completions.create(model='gpt-4o')\n"  # called: not a reference
        "x = items[0].responses.create\n"  # no chain start before `]`: none
        "const create = OpenAI().responses.create;\r\n"
        "sync_to_async(client.embeddings.create)(input='hi')\n"
        "print(x.create_foo, y.create\n"
        "      , z.create)"
    )
    lines: set[int] = set()
    aliases: set[str] = set()
    for m in cat._method_ref.finditer(text):  # the pattern over the whole text
        parts = m.group(1).replace("()", "").split(".")
        if cat.method(parts) is None and parts[-1] not in cat._function_names:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        lines.add(text.count("\n", 0, m.start()) + 1)
        bound = _ALIAS.match(text[start : m.start()])
        if bound:
            aliases.add(bound.group(1))
    assert cat.method_refs(text) == (frozenset(lines), frozenset(aliases))
    assert {2, 3, 6, 7} <= lines and 4 not in lines and 5 not in lines
    assert {"complete", "create"} <= aliases
