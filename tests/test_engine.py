"""The engine: path language, traps, model and Region checks, locations."""

from __future__ import annotations

import pytest

from bedrock_check.engine import Engine, parse_path, select
from bedrock_check.findings import CodeObservation, Span
from bedrock_check.matrix import Matrix, Target
from bedrock_check.vocabulary import UNRESOLVED_VALUE

from .helpers import caps, run

M = "openai.gpt-5.5"


def test_parse_and_select() -> None:
    body = {"input": [{"content": [{"type": "a"}, {"type": "b"}]}, "text", {"content": "x"}]}
    found = list(select(body, parse_path("input[].content[].type")))
    assert found == [("a", ("input", 0, "content", 0, "type")), ("b", ("input", 0, "content", 1, "type"))]
    assert list(select(body, parse_path("."))) == [(body, ())]
    assert list(select({"tools": "not a list"}, parse_path("tools[]"))) == []


def test_function_named_like_hosted_tool_is_fine(engine: Engine) -> None:
    result = caps(run(engine, {"model": M, "input": "x", "tools": [{"type": "function", "name": "web_search"}]}))
    assert "web-search" not in result and result["function-calling"] == "ok"


@pytest.mark.parametrize("tier", ["auto", "default", None])
def test_on_demand_service_tiers_are_fine(engine: Engine, tier: str | None) -> None:
    result = run(engine, {"model": M, "input": "x", "service_tier": tier})
    assert not result.findings


@pytest.mark.parametrize(("tier", "severity"), [("flex", "error"), ("priority", "error"), ("warp", "warning")])
def test_other_service_tiers(engine: Engine, tier: str, severity: str) -> None:
    assert caps(run(engine, {"model": M, "input": "x", "service_tier": tier}))["service-tiers"] == severity


def test_a_service_tier_the_code_does_not_show_is_a_key_not_checked(engine: Engine) -> None:
    """`service_tier=tier` with `tier` out of sight is a key that could not be checked (named,
    with what to verify), not a value bedrock-check does not know; a written unknown tier still is."""
    unseen = [f for f in run(engine, {"model": M, "input": "x", "service_tier": UNRESOLVED_VALUE}).findings
              if f.capability == "service-tiers"]  # fmt: skip
    assert [f.severity for f in unseen] == ["warning"]
    assert "`service_tier` could not be checked" in unseen[0].message and "`auto` or `default`" in unseen[0].message
    assert "not one bedrock-check knows" not in unseen[0].message
    (written,) = [f for f in run(engine, {"model": M, "input": "x", "service_tier": "warp"}).findings
                  if f.capability == "service-tiers"]  # fmt: skip
    assert "not one bedrock-check knows" in written.message and "could not be checked" not in written.message


@pytest.mark.parametrize(("key", "written"), [("background", True), ("previous_response_id", "resp_1"),
                                              ("conversation", "conv_1")])
def test_a_runtime_key_the_code_does_not_show_says_it_was_not_checked(engine: Engine, key: str, written: object) -> None:
    """`background=flag`, `previous_response_id=prev`: reported as the key's use, and said to be
    a value that could not be checked; a value written out is reported without that."""
    (unseen,) = [f for f in run(engine, {"model": M, "input": "x", key: UNRESOLVED_VALUE}).findings
                 if f.pointer == f"/{key}"]  # fmt: skip
    assert unseen.severity == "warning" and f"The value of `{key}` could not be checked" in unseen.message
    (shown,) = [f for f in run(engine, {"model": M, "input": "x", key: written}).findings if f.pointer == f"/{key}"]
    assert shown.capability == unseen.capability and "could not be checked" not in shown.message


@pytest.mark.parametrize(("endpoint", "found"), [("responses", True), ("chat.completions", False)])
def test_tools_the_code_does_not_show_are_a_warning_where_hosted_tools_go(endpoint: str, found: bool, engine: Engine) -> None:
    """A request's `tools` the code does not show hides any hosted tool on the Responses API
    (a warning naming the key); Chat Completions takes function and custom tools only."""
    body = {"model": M, "tools": UNRESOLVED_VALUE, **({"input": "x"} if endpoint == "responses" else {"messages": [{"role": "user", "content": "x"}]})}
    unseen = [f for f in run(engine, body).findings if f.pointer == "/tools"]
    assert [(f.capability, f.severity) for f in unseen] == ([("unknown-tool-type", "warning")] if found else [])
    assert all("The value of `tools` could not be checked" in f.message for f in unseen)


def test_lambda_connector_is_bedrock_native_not_remote_mcp(engine: Engine) -> None:
    tool = {"type": "mcp", "server_label": "o", "connector_id": "arn:aws:lambda:us-east-2:1:function:f"}
    result = caps(run(engine, {"model": M, "input": "x", "tools": [tool]}))
    assert result.get("bedrock-lambda-tool") == "warning"
    assert "remote-mcp" not in result


@pytest.mark.parametrize("kind", ["web_search", "web_search_2025_08_26", "web_search_2031_12_31", "web_search_preview"])
def test_dated_web_search_variants(engine: Engine, kind: str) -> None:
    assert caps(run(engine, {"model": M, "input": "x", "tools": [{"type": kind}]}))["web-search"] == "error"


def test_tool_search_execution_decides(engine: Engine) -> None:
    assert (
        caps(run(engine, {"model": M, "input": "x", "tools": [{"type": "tool_search"}]}))["hosted-tool-search"]
        == "error"
    )
    client = caps(run(engine, {"model": M, "input": "x", "tools": [{"type": "tool_search", "execution": "client"}]}))
    assert client == {"text-generation": "ok", "tool-search": "ok"}


def test_unknown_tool_type_warns_once_and_known_ones_do_not(engine: Engine) -> None:
    result = run(engine, {"model": M, "input": "x", "tools": [{"type": "quantum"}, {"type": "function", "name": "f"}]})
    unknown = [f for f in result.findings if f.capability == "unknown-tool-type"]
    assert len(unknown) == 1 and unknown[0].pointer == "/tools/0" and unknown[0].severity == "warning"


def test_stream_one_is_not_true(engine: Engine) -> None:
    assert "streaming" not in caps(run(engine, {"model": M, "input": "x", "stream": 1}))


def test_location_points_at_the_offending_entry(engine: Engine) -> None:
    result = run(
        engine, {"model": M, "input": "x", "tools": [{"type": "function", "name": "f"}, {"type": "web_search"}]}
    )
    (finding,) = result.findings
    # json.dumps(indent=2) puts tools[1]'s `{` on line 9: the finding is at the line that names
    # the tool, its `"type"` value on line 10, and ends where the object ends.
    assert (finding.line, finding.column, finding.end_line) == (10, 15, 11)
    assert finding.pointer == "/tools/1"
    assert finding.value == '{"type": "web_search"}'


def test_one_finding_per_value_even_when_two_signals_match(engine: Engine) -> None:
    body = {"model": M, "input": "x", "tool_choice": {"type": "web_search"}}
    assert len([f for f in run(engine, body).findings if f.capability == "web-search"]) == 1


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("gpt-5.5", {"model-id"}),
        ("gpt-5.5-2026-04-23", {"model-id"}),
        ("openai.gpt-5.5", set()),
        # Mantle serves GPT-5.5 in-Region only: a cross-Region profile id is not one of its ids.
        ("us.openai.gpt-5.5", {"model-id"}),
        ("global.openai.gpt-5.5", {"model-id"}),
        ("bedrock/openai.gpt-5.5", set()),
        ("gpt-4o", {"model-availability"}),
        ("openai.gpt-oss-120b", set()),
        ("openai.gpt-oss-120b-1:0", {"model-id"}),
        ("openai.gpt-5.4", set()),
        ("openai.gpt-5.6-sol", {"model-availability"}),
    ],
)
def test_model_checks(engine: Engine, model: str, expected: set[str]) -> None:
    found = {f.capability for f in run(engine, {"model": model, "input": "x"}).findings}
    assert found == expected


def test_model_id_names_the_bedrock_id(engine: Engine) -> None:
    (finding,) = run(engine, {"model": "gpt-5.5", "input": "x"}).findings
    assert "openai.gpt-5.5" in finding.message and finding.pointer == "/model"


def test_region_checks(matrix: Matrix) -> None:
    west = Engine(matrix, Target("openai.gpt-5.5", "us-west-2"))
    findings = run(west, {"model": M, "input": "x"}).findings
    assert [f.capability for f in findings] == ["region-availability"]
    assert "us-east-2" in findings[0].message
    assert {p.capability for p in west.check_target()} == {"region-availability"}
    both = {f.capability for f in run(west, {"model": "gpt-5.5", "input": "x"}).findings}
    assert both == {"model-id", "region-availability"}


def test_unknown_target_model(matrix: Matrix) -> None:
    assert [p.capability for p in Engine(matrix, Target("openai.gpt-9", "us-east-2")).check_target()] == ["model-availability"]


def test_code_observations(engine: Engine) -> None:
    span = Span(3, 1, 3, 20)
    observations = [
        CodeObservation("a.py", "call", "client.realtime.connect", span),
        CodeObservation("a.py", "call", "client.chat.completions.create", span),
        CodeObservation("a.py", "call", "client.completions.create", span),
        CodeObservation("a.py", "constructor", "WebSearchTool", span, module="agents"),
        CodeObservation("a.py", "constructor", "WebSearchTool", span, module="mypackage"),
        CodeObservation("a.py", "string", "wss://api.openai.com/v1/realtime?model=x", span),
    ]
    found = [f.capability for f in engine.evaluate(observations).findings]
    assert found == ["websocket", "other-endpoints", "web-search", "websocket"]


def test_variants_change_the_status_per_region(matrix: Matrix) -> None:
    import dataclasses

    from bedrock_check.matrix import Citation, Variant

    cap = matrix.capability("web-search")
    variant = Variant(regions=["us-east-1"], bedrock="available", source=Citation(ref="openai-bedrock-later"))
    patched = matrix.replace(
        capabilities=[dataclasses.replace(c, variants=[variant]) if c is cap else c for c in matrix.capabilities]
    )
    body = {"input": "x", "tools": [{"type": "web_search"}]}
    assert caps(run(Engine(patched, Target(M, "us-east-1")), body)).get("web-search") == "ok"
    assert caps(run(Engine(patched, Target(M, "us-east-2")), body)).get("web-search") == "error"


def test_engine_is_pure(engine: Engine) -> None:
    body = {"model": M, "input": "x", "tools": [{"type": "web_search"}]}
    first = run(engine, body)
    assert run(engine, body) == first
    assert body == {"model": M, "input": "x", "tools": [{"type": "web_search"}]}


def test_a_variant_decides_the_verdict_and_is_cited(matrix: Matrix) -> None:
    import dataclasses

    from bedrock_check.matrix import Citation, Source, Variant

    probe = Source(id="probe-20261125", title="Our probe", kind="probe")
    variant = Variant(regions=["us-east-2"], bedrock="available", source=Citation(ref=probe.id))
    patched = matrix.replace(
        sources=[*matrix.sources, probe],
        capabilities=[
            dataclasses.replace(c, variants=[variant]) if c.id == "service-tiers" else c for c in matrix.capabilities
        ],
    )
    # the signal's own "error" verdict for flex yields to the probed variant
    assert (
        caps(run(Engine(patched, Target(M, "us-east-2")), {"model": M, "input": "x", "service_tier": "flex"}))[
            "service-tiers"
        ]
        == "ok"
    )
    gone = dataclasses.replace(variant, bedrock="not_available")
    patched = patched.replace(
        capabilities=[
            dataclasses.replace(c, variants=[gone]) if c.id == "file-input" else c for c in matrix.capabilities
        ]
    )
    body = {
        "model": M,
        "input": [{"role": "user", "content": [{"type": "input_file", "file_data": "data:application/pdf;base64,AA"}]}],
    }
    (finding,) = [
        f for f in run(Engine(patched, Target(M, "us-east-2")), body).findings if f.capability == "file-input"
    ]
    assert finding.severity == "error" and finding.source.startswith("Our probe")


@pytest.mark.parametrize("ref", ["$MODEL", "${OPENAI_MODEL}", "{{ model }}", "{model}", "<MODEL>", "%(model)s"])
def test_a_model_value_that_is_a_variable_names_no_model(engine: Engine, ref: str) -> None:
    # (A doc's `-d '{"model":"'"$MODEL"'", ...}'`: the variable is checked where it is set.)
    assert not [f for f in run(engine, {"model": ref, "input": "x"}).findings if f.capability.startswith("model")]
    assert engine.model_problems("gpt-4o") and engine.model_problems("my-$MODEL-v2")
