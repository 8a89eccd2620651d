"""One vocabulary: endpoint names, request paths, field names, diagnostic kinds and the
capability ids the engine reports; a matrix or layer using a word outside it is refused."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bedrock_check.catalogue import shipped_catalogue
from bedrock_check.cli import app
from bedrock_check.errors import MatrixError
from bedrock_check.findings import Diagnostic, RequestObservation, Span
from bedrock_check.httppaths import endpoint_for_url
from bedrock_check.matrix import load_matrix, validate_matrix_file
from bedrock_check.vocabulary import (
    CHECKED_PROVIDERS,
    MIGRATING_PROVIDERS,
    ApiEndpoint,
    DiagnosticKind,
    EngineCapability,
    field_path_problem,
)

from .conftest import ROOT


def _layer(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "layer.yaml"
    path.write_text(text)
    return path


WEB_SEARCH_SIGNALS = "capabilities:\n  - id: web-search\n    signals:\n      request:\n"


@pytest.mark.parametrize(
    ("signal", "field", "hint"),
    [
        # The three: each silently turned a web_search error into a pass.
        ("{endpoint: {in: [embedings]}}", ".endpoint", "unknown endpoint 'embedings'; did you mean 'embeddings'?"),
        ("{at: 'tool[]', when: {type: {equals: web_search}}}", ".at", "unknown request field 'tool'; did you mean"),
        ("{at: 'tools[]', when: {typ: {equals: web_search}}}", ".when", "unknown field 'typ'; did you mean 'type'"),
        # A body-level `when` names a request body field.
        ("{when: {toolz: {present: true}}}", ".when", "unknown request field 'toolz'; did you mean 'tools'?"),
        ("{at: 'tools[]', when: {type: {equals: x}}, locate: serverurl}", ".locate", "did you mean 'server_url'"),
    ],
)
def test_layer_with_an_unknown_word_is_refused_with_file_field_and_hint(
    tmp_path: Path, signal: str, field: str, hint: str
) -> None:
    layer = _layer(tmp_path, WEB_SEARCH_SIGNALS + f"        - {signal}\n")
    with pytest.raises(MatrixError) as err:
        load_matrix(layer, cache=False)
    message = str(err.value)
    assert message.startswith(f"{layer}: capabilities[")
    assert "(web-search).signals.request[0]" in message
    assert hint in message
    assert "\n" not in message


def test_probe_request_path_is_checked(tmp_path: Path) -> None:
    layer = _layer(
        tmp_path, "capabilities:\n  - id: web-search\n    probe: {request: {input: hi}, endpoint: chat/completion}\n"
    )
    with pytest.raises(MatrixError, match=r"\(web-search\)\.probe.*did you mean 'chat/completions'"):
        load_matrix(layer, cache=False)


def test_matrix_validate_refuses_a_misspelt_endpoint_with_exit_2(tmp_path: Path) -> None:
    layer = _layer(tmp_path, WEB_SEARCH_SIGNALS + "        - {endpoint: {in: [embedings]}}\n")
    result = CliRunner().invoke(app, ["matrix", "validate", str(layer)])
    assert result.exit_code == 2
    assert "did you mean 'embeddings'" in result.stderr


@pytest.fixture(scope="module")
def shipped_matrix_data() -> dict:
    """The shipped matrix as plain data, read once (libyaml when present: it is trusted)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((ROOT / "capability_matrix.yaml").read_text(), Loader=loader)


@pytest.mark.parametrize("missing", [c.value for c in EngineCapability])
def test_full_matrix_without_an_engine_capability_is_an_error_not_a_keyerror(
    tmp_path: Path, missing: str, shipped_matrix_data: dict
) -> None:
    data = {**shipped_matrix_data, "capabilities": [c for c in shipped_matrix_data["capabilities"] if c["id"] != missing]}
    path = tmp_path / "matrix.yaml"
    path.write_text(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper)))
    with pytest.raises(MatrixError, match=f"missing {missing}, which the engine reports"):
        validate_matrix_file(path)
    result = CliRunner().invoke(app, ["matrix", "validate", str(path)])
    assert result.exit_code == 2 and missing in result.stderr
    assert "Traceback" not in result.output


def test_shipped_matrix_uses_only_known_words(matrix) -> None:
    names = {e.value for e in ApiEndpoint}
    for cap in matrix.capabilities:
        for sig in cap.signals.request:
            if sig.endpoint:
                for value in sig.endpoint.get("in", []):
                    assert value in names, (cap.id, value)
                    # ... and one a reader produces: from its request path, or a WebSocket URL.
                    endpoint = ApiEndpoint(value)
                    assert endpoint in shipped_catalogue().http.endpoints, value
            assert field_path_problem(sig.at, top_level=True) is None


@pytest.mark.parametrize(
    ("url", "exact", "expected"),
    [
        ("https://api.openai.com/v1/responses", True, ApiEndpoint.RESPONSES),
        ("https://bedrock-mantle.us-east-2.api.aws/openai/v1/chat/completions?x=1", True, ApiEndpoint.CHAT_COMPLETIONS),
        ("/responses", True, ApiEndpoint.RESPONSES),  # the SDK's client.post path
        ("/responses/resp_1/cancel", True, None),  # not a create request
        ("/responses/resp_1/cancel", False, ApiEndpoint.RESPONSES),
        ("/v1/completions", True, ApiEndpoint.COMPLETIONS),  # not mistaken for chat/completions
        ("/v1/images/edits", True, ApiEndpoint.IMAGES),
        ("/v1/audio/translations", True, ApiEndpoint.AUDIO_TRANSLATIONS),
        ("/v1/realtime/calls", True, ApiEndpoint.REALTIME_CALLS),  # the longest path wins
        ("wss://api.openai.com/v1/realtime?model=gpt-realtime", False, ApiEndpoint.REALTIME),
        ("wss://api.openai.com/v1/responses", False, ApiEndpoint.RESPONSES_WEBSOCKET),
        ("https://gateway.example/openai/embeddings", False, ApiEndpoint.EMBEDDINGS),
        ("https://example.com/v1/teleport", False, None),
    ],
)
def test_endpoint_for_url(url: str, exact: bool, expected: ApiEndpoint | None) -> None:
    assert endpoint_for_url(url, exact=exact) is expected


def test_every_endpoint_with_a_path_is_named_by_its_path() -> None:
    for path, endpoint in shipped_catalogue().http.paths.items():
        assert endpoint_for_url(f"https://api.openai.com/v1/{path}", exact=True) is endpoint


def test_records_refuse_an_unknown_endpoint_or_diagnostic_kind() -> None:
    assert RequestObservation("a", {}, "responses", Span(1, 1, 1, 1)).endpoint is ApiEndpoint.RESPONSES
    with pytest.raises(ValueError):
        RequestObservation("a", {}, "embedings", Span(1, 1, 1, 1))
    diag = Diagnostic("a", "parse-error", "x")
    assert diag.kind is DiagnosticKind.PARSE_ERROR
    assert json.dumps(diag.to_dict()) == json.dumps(
        {"path": "a", "kind": "parse-error", "message": "x", "line": None, "column": None}
    )
    with pytest.raises(ValueError):
        Diagnostic("a", "parse-eror", "x")


def test_words_print_as_their_values() -> None:
    assert f"{ApiEndpoint.CHAT_COMPLETIONS}" == "chat.completions" == str(ApiEndpoint.CHAT_COMPLETIONS)
    assert json.dumps([DiagnosticKind.TOO_DEEP]) == '["too-deep"]'


def test_har_reads_every_endpoint_not_only_responses_and_chat(tmp_path: Path, engine) -> None:
    from bedrock_check.extract.har import read_har

    entries = [
        {"request": {"method": "POST", "url": "https://api.openai.com/v1/embeddings",
                     "postData": {"mimeType": "application/json", "text": '{"model": "m", "input": "x"}'}}},
        {"request": {"method": "POST", "url": "https://api.openai.com/v1/files",
                     "postData": {"mimeType": "multipart/form-data", "text": "--boundary\r\n..."}}},
        {"request": {"method": "POST", "url": "https://api.openai.com/v1/responses/resp_1/cancel"}},
    ]  # fmt: skip
    observations, diagnostics = read_har("t.har", json.dumps({"log": {"entries": entries}}))
    assert not diagnostics
    assert [o.endpoint for o in observations] == [ApiEndpoint.EMBEDDINGS, ApiEndpoint.FILES]


def test_the_providers_to_migrate_are_the_checked_ones_but_bedrock() -> None:
    """Bedrock's calls are checked but already migrated; the OpenAI API's and Azure OpenAI's
    are the workload to migrate. Both are providers the catalogue knows."""
    assert {"bedrock"} == CHECKED_PROVIDERS - MIGRATING_PROVIDERS
    assert set(shipped_catalogue().providers.providers) >= MIGRATING_PROVIDERS


#: Modules where a collection holding both names means something else than the providers to
#: migrate: (module, why).
_OTHER_MEANINGS: dict[str, str] = {
    # Which of the two a client's names say, Azure first when both do (an ordered preference).
    "bedrock_check/extract/joins.py": "ordered preference",
}


def _spelt_out(path: Path) -> list[int]:
    """The lines where a module writes a tuple, set or list literal of provider names holding
    `"openai"` and `"azure"` (and perhaps `"bedrock"` or None: the checked providers); not a
    longer list of words that happens to hold both, nor comments and docstrings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            if {"openai", "azure"} <= words <= {"openai", "azure", "bedrock", None}:
                found.append(node.lineno)
    return found


def test_the_providers_to_migrate_are_named_in_one_place() -> None:
    """`vocabulary.MIGRATING_PROVIDERS` is the one home of the providers whose calls are an OpenAI
    API workload to migrate: a module spelling them out again drifts when one is added."""
    package = ROOT / "bedrock_check"
    spelt = {p.relative_to(ROOT).as_posix(): lines for p in sorted(package.rglob("*.py"))
             if (lines := _spelt_out(p))}  # fmt: skip
    assert set(spelt) - set(_OTHER_MEANINGS) == {"bedrock_check/vocabulary.py"}, spelt
    assert set(_OTHER_MEANINGS) <= set(spelt), "a module listed as another meaning no longer spells them out"
