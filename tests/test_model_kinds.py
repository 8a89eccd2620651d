"""A model of another kind than text generation (embedding, speech, transcription, image,
moderation, realtime, video) is not replaced by a chat model: `model-availability` says no
OpenAI model of that kind is offered, gives the remedy of the endpoint that serves that kind
(the matrix's `model_kinds`), and lists same-kind models only when the matrix offers one. The
kind of each OpenAI family is catalogue data (models.yaml `openai_model_families`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bedrock_check.catalogue import CatalogueError, load_catalogue, shipped_catalogue
from bedrock_check.engine import Engine
from bedrock_check.errors import MatrixError
from bedrock_check.matrix import Matrix, Target, load_matrix
from bedrock_check.report import renderer

from .conftest import FIXTURES
from .helpers import run, scan_folder

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "bedrock_check" / "catalogue"
KINDS = FIXTURES / "scan" / "model-kinds"


@pytest.mark.parametrize(
    ("model", "kind"),
    [("text-embedding-3-small", "embedding"), ("text-embedding-ada-002", "embedding"),
     ("text-similarity-davinci-001", "embedding"), ("tts-1-hd", "speech"), ("gpt-4o-mini-tts", "speech"),
     ("whisper-1", "transcription"), ("gpt-4o-transcribe", "transcription"),
     ("gpt-4o-mini-transcribe-2025-03-20", "transcription"), ("dall-e-3", "image"), ("gpt-image-1", "image"),
     ("gpt-image-1-mini", "image"), ("omni-moderation-latest", "moderation"), ("text-moderation-007", "moderation"),
     ("gpt-4o-realtime-preview-2024-12-17", "realtime"), ("gpt-realtime", "realtime"),
     ("gpt-4o-mini-realtime-preview", "realtime"), ("sora-2", "video"),
     ("openai.gpt-oss-safeguard-120b", "moderation"), ("us.openai.gpt-5.6-sol", "text"),
     ("openai/text-embedding-3-small", "embedding"), ("openai:tts-1", "speech"),
     ("gpt-4o", "text"), ("o3-mini", "text"), ("gpt-5.5", "text"), ("davinci-002", "text"),
     ("ft:gpt-4o-mini:acme::abc", "text"), ("chatgpt-4o-latest", "text"), ("gpt-4o-audio-preview", "text"),
     ("computer-use-preview", "text"), ("openai.gpt-oss-120b", "text")],
)  # fmt: skip
def test_each_openai_family_has_its_kind(model: str, kind: str) -> None:
    cat = shipped_catalogue()
    assert cat.model_kind(model) == kind
    assert cat.read_model(model)[1] == "openai"  # the kinds refine the families; they add no family


def test_the_kinds_add_no_model_to_the_openai_families() -> None:
    """DashScope's `text-embedding-v3` and Azure's `gpt-35-turbo` stay outside, as before."""
    cat = shipped_catalogue()
    assert not cat.is_openai_model("text-embedding-v3")
    assert not cat.is_openai_model("gpt-35-turbo")


def test_a_family_kind_outside_the_vocabulary_is_refused(tmp_path: Path) -> None:
    for name in ("sdk.yaml", "providers.yaml", "frameworks.yaml"):
        (tmp_path / name).write_text((CATALOGUE_DIR / name).read_text())
    models = (CATALOGUE_DIR / "models.yaml").read_text()
    (tmp_path / "models.yaml").write_text(models.replace("kind: embedding}", "kind: embeddings}", 1))
    with pytest.raises(CatalogueError, match=r"models\.yaml: openai_model_families\[\d+\]\.kind: unknown 'embeddings'"):
        load_catalogue(tmp_path, cache=False)


# ------------------------------------------------------------ the findings


#: The model each fixture file names, and the capability whose remedy replaces it.
REMEDY = {"text-embedding-3-small": "embeddings", "text-embedding-3-large": "embeddings", "tts-1": "audio-speech",
          "whisper-1": "audio-transcription", "dall-e-3": "images-api", "omni-moderation-latest": "moderations",
          "gpt-4o-realtime-preview": "websocket"}  # fmt: skip


def test_a_model_of_another_kind_gets_its_kinds_remedy_not_the_chat_models(matrix: Matrix, target: Target) -> None:
    report = scan_folder(KINDS, matrix, target)
    found = [f for f in report.findings if f.capability == "model-availability"]
    by_model = {f.value.strip('"'): f for f in found}
    assert set(by_model) == {*REMEDY, "gpt-4o"}
    # Every way the code names one: the SDK, LangChain, the AI SDK (TypeScript) and a `.env` setting.
    assert {f.path for f in found if "embedding model" in f.message} == {
        "embeddings.py", "rag_langchain.py", "search.ts", ".env"}
    for model, cap in REMEDY.items():
        f = by_model[model]
        name = matrix.model_kinds[matrix_kind(model)].name
        assert f.severity == "error" and f.status == "not_available"
        assert f.message.startswith(f"`{model}` is an OpenAI {name} model; Bedrock offers no OpenAI {name} model on mantle")
        assert "gpt-5" not in f.message and "gpt-oss-120b" not in f.message, f.message
        wording = matrix.model_kinds[matrix_kind(model)]
        assert f.remediation == (wording.remediation or matrix.capability(cap).remediation)
    # A realtime model runs over WebRTC too: its remedy is the voice loop's, not "instead of a socket".
    realtime = by_model["gpt-4o-realtime-preview"].remediation
    assert "voice loop" in realtime and "socket" not in realtime
    # A chat model is still offered the chat models, with the capability's own advice.
    chat = by_model["gpt-4o"]
    assert "(offered on mantle: openai.gpt-5.4, openai.gpt-5.5, openai.gpt-oss-120b, openai.gpt-oss-20b)" in chat.message
    assert chat.remediation == matrix.capability("model-availability").remediation


def matrix_kind(model: str) -> str:
    return shipped_catalogue().model_kind(model)


def test_a_moderation_model_names_the_unconfirmed_moderation_models(matrix: Matrix, target: Target) -> None:
    """gpt-oss-safeguard is listed by a third-party source only (confidence L): shown, never offered."""
    (f,) = [f for f in run(Engine(matrix, target), {"model": "omni-moderation-latest", "input": "x"}).findings
            if f.capability == "model-availability"]  # fmt: skip
    assert "Only a third-party or unconfirmed source names openai.gpt-oss-safeguard-120b, " \
           "openai.gpt-oss-safeguard-20b on mantle" in f.message
    assert f.remediation == matrix.capability("moderations").remediation


def test_the_target_model_of_another_kind_is_worded_alike(matrix: Matrix) -> None:
    from bedrock_check.engine.finding import target_findings

    (f,) = target_findings(Engine(matrix, Target("whisper-1", "us-east-2")))
    assert f.message.startswith("`whisper-1` is an OpenAI speech-to-text model;")
    assert f.remediation == matrix.capability("audio-transcription").remediation


def test_reports_show_each_remedy_of_a_capability(matrix: Matrix, target: Target) -> None:
    report = scan_folder(KINDS, matrix, target)
    for fmt in ("markdown", "html"):
        out = renderer(fmt)(report)
        assert matrix.capability("model-availability").remediation[:30] in out, fmt
        # Under its own capability, and under model-availability for the model of that kind.
        for cap in ("embeddings", "audio-speech", "moderations", "images-api"):
            assert out.count(matrix.capability(cap).remediation[:30]) == 2, (fmt, cap)


# ------------------------------------------------------------ matrix data and layers

REALTIME_MODEL = """\
models:
  - id: openai.gpt-realtime
    openai_id: gpt-realtime
    offers:
      - {endpoint: mantle, since: 2026-09-01, regions: ["*"], apis: [responses], confidence: H, source: {ref: inferred}}
"""


def test_same_kind_models_are_listed_when_the_matrix_offers_one(tmp_path: Path) -> None:
    layer = tmp_path / "realtime.yaml"
    layer.write_text(REALTIME_MODEL)
    mx = load_matrix(layer, cache=False)
    body = {"model": "gpt-4o-realtime-preview", "input": "hi"}
    # Before the offer: none, and the finding says from when one is.
    (before,) = [f for f in run(Engine(mx, Target("openai.gpt-5.5", "us-east-2")), body).findings
                 if f.capability == "model-availability"]  # fmt: skip
    assert "Bedrock offers no OpenAI realtime model on mantle as of 2026-06-01" in before.message
    assert "Later: from 2026-09-01 Bedrock offers openai.gpt-realtime on mantle" in before.message
    assert before.remediation == mx.model_kinds["realtime"].remediation
    # From the offer on: the realtime model is named, and the fix says to switch to it.
    after_target = Target("openai.gpt-5.5", "us-east-2", as_of=dt.date(2026, 10, 1))
    (after,) = [f for f in run(Engine(mx, after_target), body).findings if f.capability == "model-availability"]
    assert after.message == ("`gpt-4o-realtime-preview` is an OpenAI realtime model not offered on Bedrock as of "
                             "2026-10-01; the realtime models offered on mantle: openai.gpt-realtime.")
    assert after.remediation.startswith("Switch to one of the realtime models the finding names")
    assert after.remediation.endswith(mx.model_kinds["realtime"].remediation)
    # A chat model is not offered the realtime model.
    (chat,) = [f for f in run(Engine(mx, after_target), {"model": "gpt-4o", "input": "hi"}).findings
               if f.capability == "model-availability"]  # fmt: skip
    assert "openai.gpt-realtime" not in chat.message and "openai.gpt-5.5" in chat.message


def test_a_layer_rewords_a_kind_and_its_remedy(tmp_path: Path) -> None:
    layer = tmp_path / "words.yaml"
    layer.write_text(
        "model_kinds:\n  embedding: {name: vector}\n  realtime: {remediation: Use Nova Sonic.}\n"
        "capabilities:\n  - id: model-availability\n    messages:\n"
        "      other_kind: \"{raw}: no {kind} model on {endpoint} ({date}).{unconfirmed}{later}\"\n"
        "  - id: embeddings\n    remediation: Use Titan.\n"
    )
    mx = load_matrix(layer, cache=False)
    (f,) = [f for f in run(Engine(mx, Target("openai.gpt-5.5", "us-east-2")), {"model": "text-embedding-3-small",
                                                                               "input": "x"}).findings
            if f.capability == "model-availability"]  # fmt: skip
    assert f.message == "text-embedding-3-small: no vector model on mantle (2026-06-01)."
    assert f.remediation == "Use Titan."
    # A kind's own remedy is layered like its name.
    (rt,) = [f for f in run(Engine(mx, Target("openai.gpt-5.5", "us-east-2")), {"model": "gpt-realtime",
                                                                                "input": "x"}).findings
             if f.capability == "model-availability"]  # fmt: skip
    assert rt.remediation == "Use Nova Sonic."


@pytest.mark.parametrize(
    ("text", "error"),
    [("model_kinds:\n  embeddings: {name: x, capability: embeddings}\n", r"model_kinds: unknown model kind 'embeddings'"),
     ("model_kinds:\n  text: {name: x, capability: embeddings}\n", r"model_kinds: unknown model kind 'text'"),
     ("model_kinds:\n  speech: {capability: audio-speach}\n", r"model_kinds\.speech\.capability: unknown capability 'audio-speach'")],
)  # fmt: skip
def test_a_bad_model_kinds_layer_is_refused(tmp_path: Path, text: str, error: str) -> None:
    layer = tmp_path / "bad.yaml"
    layer.write_text(text)
    with pytest.raises(MatrixError, match=error):
        load_matrix(layer, cache=False)


def test_every_kind_the_catalogue_names_is_worded_by_the_matrix(matrix: Matrix) -> None:
    """A kind with no wording would be checked as a text model: offered the chat models again."""
    named = {f.kind for f in shipped_catalogue().models.openai_model_families} - {"text"}
    assert named and named <= set(matrix.model_kinds)


def test_a_kind_is_read_from_an_injected_table(matrix: Matrix, target: Target) -> None:
    """The engine asks a function for a model's kind (the catalogue's by default)."""
    engine = Engine(matrix, target, kinds=lambda m: "speech" if m == "my-voice" else "text")
    (f,) = [f for f in run(engine, {"model": "my-voice", "input": "x"}).findings if f.capability == "model-availability"]
    assert f.message.startswith("`my-voice` is an OpenAI text-to-speech model;")
