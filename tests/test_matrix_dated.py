"""The matrix in time and space: dated facts and offers, resolution per endpoint and date,
the baseline promise, and the schema's refusals."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bedrock_check.engine import Engine
from bedrock_check.errors import MatrixError
from bedrock_check.findings import RequestObservation, Span
from bedrock_check.matrix import Matrix, load_matrix, offers_at, resolve_status, resolve_target

#: The baseline page's table, row by row: the verdict each row gave on 2026-06-01.
BASELINE_ROWS = {
    "text-generation": "available", "audio-input": "not_available", "image-input": "available",
    "file-input": "conditional", "structured-outputs": "available", "function-calling": "available",
    "streaming": "available", "websocket": "not_available", "reasoning-effort": "available",
    "prompt-caching": "available", "custom-tools": "available", "tool-search": "conditional",
    "web-search": "not_available", "file-search": "not_available", "computer-use": "not_available",
    "shell-tool": "not_available", "image-generation": "not_available", "remote-mcp": "not_available",
    "service-tiers": "conditional",
}  # fmt: skip


def _run(matrix: Matrix, target, body: dict, endpoint: str = "responses") -> list:
    obs = RequestObservation(path="r.json", body=body, endpoint=endpoint, span=Span(1, 1, 1, 1))
    return list(Engine(matrix, target).evaluate([obs]).findings)


def test_default_target_is_the_baseline(matrix: Matrix) -> None:
    t = resolve_target(matrix, None, None)
    assert (t.model, t.region, t.endpoint, t.as_of) == ("openai.gpt-5.5", "us-east-2", "mantle", dt.date(2026, 6, 1))


def test_baseline_verdicts_unchanged(matrix: Matrix) -> None:
    target = resolve_target(matrix, None, None)
    rows = {c.id: c for c in matrix.capabilities if c.source.row}
    assert set(rows) == set(BASELINE_ROWS)
    for cap_id, expected in BASELINE_ROWS.items():
        r = resolve_status(rows[cap_id], target)
        assert (r.status, r.fact, r.citation.ref) == (expected, None, "openai-bedrock-2026-06"), cap_id


def test_gpt_5_4_is_offered_in_us_west_2_on_the_baseline_date(matrix: Matrix) -> None:
    target = resolve_target(matrix, "openai.gpt-5.4", "us-west-2")
    assert Engine(matrix, target).check_target() == []
    model = matrix.model("openai.gpt-5.4")
    assert model is not None
    assert any("us-west-2" in o.regions for o in offers_at(model, "mantle", dt.date(2026, 6, 1)))
    assert _run(matrix, target, {"model": "openai.gpt-5.4", "input": "hi"}) == []


def test_every_fact_is_dated_sourced_and_marked(matrix: Matrix) -> None:
    for model in matrix.models:
        for offer in model.offers:
            assert offer.since and matrix.source(offer.source.ref) and offer.confidence in "HML", model.id
    for cap in matrix.capabilities:
        for fact in cap.facts:
            assert fact.since and matrix.source(fact.source.ref) and fact.text, cap.id


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2026-06-01", "not_available"), ("2026-08-03", "not_available"), ("2026-08-04", "conditional"),
     ("latest", "conditional")],
)  # fmt: skip
def test_web_search_resolves_by_date(matrix: Matrix, as_of: str, expected: str) -> None:
    target = resolve_target(matrix, None, None, "mantle", as_of)
    assert resolve_status(matrix.capability("web-search"), target).status == expected


def test_web_search_differs_by_endpoint_and_model(matrix: Matrix) -> None:
    web = matrix.capability("web-search")
    runtime = resolve_target(matrix, "us.openai.gpt-5.6-sol", "us-east-1", "runtime", "latest")
    assert resolve_status(web, runtime).status == "not_available"
    gpt61 = resolve_target(matrix, "openai.gpt-6.1-sol", "us-east-1", "mantle", "latest")
    assert resolve_status(web, gpt61).status == "not_available"
    gov = resolve_target(matrix, "openai.gpt-5.4", "us-gov-west-1", "mantle", "2026-09-01")
    assert resolve_status(web, gov).status == "not_available"
    gov = resolve_target(matrix, "openai.gpt-5.4", "us-gov-west-1", "mantle", "2026-09-02")
    assert resolve_status(web, gov).status == "conditional"


def test_a_finding_says_when_a_later_fact_changes_it(matrix: Matrix) -> None:
    target = resolve_target(matrix, None, None)
    (finding,) = _run(matrix, target, {"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]})
    assert finding.severity == "error" and finding.status == "not_available"
    assert "Later: since 2026-08-04" in finding.message and "Web Search on Amazon Bedrock" in finding.message
    latest = resolve_target(matrix, None, None, None, "latest")
    (finding,) = _run(matrix, latest, {"model": "openai.gpt-5.5", "input": "x", "tools": [{"type": "web_search"}]})
    assert finding.severity == "warning" and finding.status == "conditional" and "Later" not in finding.message
    assert "bedrock-websearch:InvokeSearch" in finding.message


def test_region_resolves_by_date(matrix: Matrix) -> None:
    before = resolve_target(matrix, "openai.gpt-5.5", "us-east-1", "mantle", "2026-06-10")
    (problem,) = Engine(matrix, before).check_target()
    assert problem.capability == "region-availability" and "From 2026-06-11 it is" in problem.message
    after = resolve_target(matrix, "openai.gpt-5.5", "us-east-1", "mantle", "2026-06-11")
    assert Engine(matrix, after).check_target() == []


def test_runtime_profiles_resolve_by_date(matrix: Matrix) -> None:
    def caps(as_of: str, model: str) -> list[str]:
        target = resolve_target(matrix, "us.openai.gpt-5.6-sol", "us-east-1", "runtime", as_of)
        return [f.capability for f in _run(matrix, target, {"model": model, "input": "x"})]

    assert caps("2026-08-16", "us.openai.gpt-5.6-sol") == ["model-endpoint"]  # Mantle only until then
    assert caps("2026-08-17", "us.openai.gpt-5.6-sol") == []
    assert caps("2026-08-17", "openai.gpt-5.6-sol") == ["runtime-profile-id"]
    assert caps("2026-08-17", "in.openai.gpt-5.6-sol") == ["runtime-profile-id"]  # India profiles from 08-21
    assert caps("2026-08-21", "in.openai.gpt-5.6-sol") == []
    assert caps("latest", "openai.gpt-5.4") == ["model-endpoint"]  # GPT-5.4 never reached the runtime
    assert caps("latest", "gpt-5.6-sol") == ["model-id"]


def test_runtime_finding_names_the_profile(matrix: Matrix) -> None:
    target = resolve_target(matrix, "us.openai.gpt-5.6-sol", "us-east-1", "runtime", "latest")
    (finding,) = _run(matrix, target, {"model": "openai.gpt-5.6-sol", "input": "x"})
    assert "`us.openai.gpt-5.6-sol`" in finding.message and finding.pointer == "/model"


def test_model_not_served_over_the_api(matrix: Matrix) -> None:
    target = resolve_target(matrix, "openai.gpt-5.4", "us-west-2")
    findings = _run(matrix, target, {"model": "openai.gpt-5.4", "messages": []}, "chat.completions")
    (problem,) = [f for f in findings if f.capability == "model-endpoint"]
    assert problem.severity == "error" and "Chat Completions" in problem.message
    sol = resolve_target(matrix, "openai.gpt-5.6-sol", "us-east-1", "mantle", "2026-08-01")
    (problem,) = [f for f in _run(matrix, sol, {"model": "openai.gpt-5.6-sol", "messages": []}, "chat.completions")
                  if f.capability == "model-endpoint"]  # fmt: skip
    assert "From 2026-08-21 it is" in problem.message
    later = resolve_target(matrix, "openai.gpt-5.6-sol", "us-east-1", "mantle", "2026-08-21")
    found = {f.capability for f in _run(matrix, later, {"model": "openai.gpt-5.6-sol", "messages": []}, "chat.completions")}
    assert found == set()  # served, and the chat-completions capability is available for it then


def test_mantle_takes_in_region_ids_only(matrix: Matrix) -> None:
    target = resolve_target(matrix, None, None)
    (finding,) = _run(matrix, target, {"model": "us.openai.gpt-5.5", "input": "x"})
    assert finding.capability == "model-id" and "`openai.gpt-5.5`" in finding.message
    (finding,) = _run(matrix, target, {"model": "openai.gpt-oss-120b-1:0", "input": "x"})
    assert finding.capability == "model-id" and "`openai.gpt-oss-120b`" in finding.message


def test_models_before_their_launch_and_unconfirmed_ones(matrix: Matrix) -> None:
    target = resolve_target(matrix, None, None)
    (finding,) = _run(matrix, target, {"model": "openai.gpt-6-astra", "input": "x"})
    assert finding.capability == "model-availability" and "from 2026-09-08" in finding.message
    latest = resolve_target(matrix, "openai.gpt-6.2-sol", "us-east-1", "runtime", "latest")
    ((cap, message),) = [(p.capability, p.message) for p in Engine(matrix, latest).check_target()]
    assert cap == "model-availability" and "not confirmed" in message


@pytest.mark.parametrize(("endpoint", "region", "as_of", "model"), [
    ("mantle", None, None, "openai.gpt-5.5"),  # the baseline pairing
    ("runtime", None, "latest", "us.openai.gpt-5.6-sol"),  # the runtime takes profiles: the first default it serves
    ("runtime", "eu-west-1", "latest", "global.openai.gpt-5.6-sol"),  # a US Geo profile is not callable from Europe
    ("mantle", "us-west-2", None, "openai.gpt-5.4"),  # GPT-5.5 was not in us-west-2; GPT-5.4 was
    ("mantle", "us-east-1", None, "openai.gpt-5.5"),  # no default there yet: the Region finding says where
    ("runtime", None, None, "openai.gpt-5.5"),  # the runtime served no GPT model then: the finding says so
])  # fmt: skip
def test_the_default_model_is_one_the_endpoint_serves(matrix: Matrix, endpoint, region, as_of, model) -> None:
    target = resolve_target(matrix, None, region, endpoint, as_of)
    assert (target.model, target.default_model) == (model, True)
    problems = Engine(matrix, target).check_target()
    if model == "openai.gpt-5.5" and endpoint == "runtime":
        ((cap, message),) = [(p.capability, p.message) for p in problems]
        assert cap == "model-endpoint" and message.startswith("No model was named (--model)")
        assert "`openai.gpt-oss-120b-1:0`" in message and "`openai.gpt-5.6-sol` is served there from 2026-08-17" in message
    elif region == "us-east-1":
        ((cap, message),) = [(p.capability, p.message) for p in problems]
        assert cap == "region-availability" and "none of the default models is offered in us-east-1" in message
    else:
        assert problems == []
    # A model the user names is kept whatever the endpoint, and judged as it is.
    named = resolve_target(matrix, "openai.gpt-5.5", region, endpoint, as_of)
    assert (named.model, named.default_model) == ("openai.gpt-5.5", False)


@pytest.mark.parametrize(("region", "profile"), [("us-east-2", "us."), ("eu-west-1", "global.")])
def test_a_model_not_offered_lists_the_ids_the_endpoint_takes(matrix: Matrix, region: str, profile: str) -> None:
    """On the runtime the models Bedrock offers are named as the endpoint takes them (the
    Region's inference profile, gpt-oss with its version), never by their Mantle id."""
    target = resolve_target(matrix, None, region, "runtime", "latest")
    (finding,) = [f for f in _run(matrix, target, {"model": "gpt-4o", "input": "hi"}) if f.capability == "model-availability"]
    listed = finding.message.split("(offered on runtime: ")[1].rstrip(").").split(", ")
    assert f"{profile}openai.gpt-5.6-sol" in listed and "openai.gpt-oss-120b-1:0" in listed
    assert "openai.gpt-5.6-sol" not in listed and "openai.gpt-oss-120b" not in listed
    mantle = resolve_target(matrix, None, None, None, None)
    (finding,) = [f for f in _run(matrix, mantle, {"model": "gpt-4o", "input": "hi"}) if f.capability == "model-availability"]
    assert finding.message.endswith("(offered on mantle: openai.gpt-5.4, openai.gpt-5.5, openai.gpt-oss-120b, openai.gpt-oss-20b).")


def test_a_default_model_follows_the_codes_endpoint(tmp_path: Path) -> None:
    from bedrock_check.matrix import retarget

    mx = load_matrix()
    base = resolve_target(mx, None, None, None, "latest")
    assert retarget(mx, base, endpoint="runtime").model == "us.openai.gpt-5.6-sol"
    named = resolve_target(mx, "openai.gpt-5.4", None, None, "latest")
    assert retarget(mx, named, endpoint="runtime").model == "openai.gpt-5.4"


def test_scan_with_the_runtime_endpoint_and_no_model(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('from openai import OpenAI\nclient = OpenAI()\n'
                                     'client.responses.create(model="us.openai.gpt-5.6-sol", input="hi")\n')  # fmt: skip
    out = subprocess.run([sys.executable, "-m", "bedrock_check", "scan", str(tmp_path), "--endpoint", "runtime",
                          "--as-of", "latest", "--format", "json"], capture_output=True, text=True, check=False)  # fmt: skip
    data = json.loads(out.stdout)
    assert data["target"]["model"] == "us.openai.gpt-5.6-sol"
    assert not [f for f in data["findings"] if f["path"] == "(target)"]
    text = subprocess.run([sys.executable, "-m", "bedrock_check", "scan", str(tmp_path), "--endpoint", "runtime",
                           "--as-of", "latest"], capture_output=True, text=True, check=False).stdout  # fmt: skip
    assert "target us.openai.gpt-5.6-sol (default for runtime) in us-east-2 on runtime" in text


def test_as_of_and_endpoint_are_checked(matrix: Matrix) -> None:
    with pytest.raises(ValueError, match="--as-of"):
        resolve_target(matrix, None, None, None, "June")
    with pytest.raises(ValueError, match="--endpoint"):
        resolve_target(matrix, None, None, "converse", None)
    assert resolve_target(matrix, None, None, None, "latest").as_of == matrix.latest_date


# ----------------------------------------------------------------- refusals

_OFFER = "{endpoint: mantle, since: 2026-11-01, regions: [us-east-1], confidence: H, source: {ref: openai-changelog}}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capability fact naming a model the matrix does not know
        ("capabilities:\n  - id: web-search\n    facts:\n      - {since: 2026-09-01, bedrock: available, confidence: H,"
         " text: x, models: [openai.gpt-9], source: {ref: openai-changelog}}\n", "unknown model 'openai.gpt-9'"),
        # an undated fact
        ("capabilities:\n  - id: web-search\n    facts:\n      - {bedrock: available, confidence: H, text: x,"
         " source: {ref: openai-changelog}}\n", "since"),
        # a fact with no source
        ("capabilities:\n  - id: web-search\n    facts:\n      - {since: 2026-09-01, bedrock: available,"
         " confidence: H, text: x}\n", "source"),
        # a fact citing a source the matrix does not list
        ("capabilities:\n  - id: web-search\n    facts:\n      - {since: 2026-09-01, bedrock: available,"
         " confidence: H, text: x, source: {ref: a-blog}}\n", "unknown source 'a-blog'"),
        # a fact without a confidence mark
        ("capabilities:\n  - id: web-search\n    facts:\n      - {since: 2026-09-01, bedrock: available, text: x,"
         " source: {ref: openai-changelog}}\n", "confidence"),
        # an undated model offer
        ("models:\n  - {id: openai.gpt-9, offers: [{endpoint: mantle, regions: ['*'], confidence: H,"
         " source: {ref: openai-changelog}}]}\n", "since"),
        # a model with no dated offer at all
        ("models:\n  - {id: openai.gpt-9, offers: []}\n", "needs at least one dated offer"),
        # an offer citing an unknown source
        ("models:\n  - {id: openai.gpt-9, offers: [{endpoint: mantle, since: 2026-11-01, regions: ['*'],"
         " confidence: H, source: {ref: nowhere}}]}\n", "unknown source 'nowhere'"),
        # an endpoint that does not exist
        ("models:\n  - {id: openai.gpt-9, offers: [" + _OFFER.replace("mantle", "converse") + "]}\n", "endpoint"),
        # an offer that ends before it starts
        ("models:\n  - {id: openai.gpt-9, offers: [" + _OFFER.replace("}}", "}, until: 2026-10-01}") + "]}\n",
         "must come after"),
        # an offer overruled by a source the matrix does not list
        ("models:\n  - {id: openai.gpt-9, offers: [" + _OFFER.replace("}}", "}, overruled_by: a-blog}") + "]}\n",
         "unknown source 'a-blog'"),
        # a default model the matrix does not know
        ("defaults: {model: openai.gpt-9, region: us-east-2}\n", "unknown model 'openai.gpt-9'"),
    ],
)  # fmt: skip
def test_schema_refuses(tmp_path: Path, text: str, expected: str) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text(text)
    with pytest.raises(MatrixError) as err:
        load_matrix(layer, cache=False)
    assert str(err.value).startswith(str(layer) + ":") and expected in str(err.value)


def test_matrix_validate_refuses_an_unknown_model(tmp_path: Path) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text(
        "capabilities:\n  - id: web-search\n    facts:\n      - {since: 2026-09-01, bedrock: available,"
        " confidence: H, text: x, models: [openai.gpt-9], source: {ref: openai-changelog}}\n"
    )
    done = subprocess.run([sys.executable, "-m", "bedrock_check", "matrix", "validate", str(layer)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode != 0
    assert "unknown model 'openai.gpt-9'" in done.stderr and "Traceback" not in done.stderr


def test_a_layer_adds_a_dated_offer(tmp_path: Path) -> None:
    layer = tmp_path / "layer.yaml"
    layer.write_text(f"models:\n  - {{id: openai.gpt-9, openai_id: gpt-9, offers: [{_OFFER}]}}\n")
    mx = load_matrix(layer, cache=False)
    before = resolve_target(mx, "openai.gpt-9", "us-east-1", "mantle", "2026-10-31")
    after = resolve_target(mx, "openai.gpt-9", "us-east-1", "mantle", "2026-11-01")
    assert [p.capability for p in Engine(mx, before).check_target()] == ["model-availability"]
    assert Engine(mx, after).check_target() == []


def test_other_vendors_bedrock_models_are_not_openai_workloads(matrix: Matrix) -> None:
    # Seen in aws-samples/amazon-bedrock-samples: LiteLLM strings for Claude and Nova on Bedrock.
    target = resolve_target(matrix, None, None)
    for model in ("bedrock/anthropic.claude-3-5-haiku-20241022-v1:0", "bedrock/us.amazon.nova-pro-v1:0"):
        assert _run(matrix, target, {"model": model, "input": "x"}) == [], model
    assert [f.capability for f in _run(matrix, target, {"model": "gpt-4o", "input": "x"})] == ["model-availability"]


def test_matrix_diff_between_dates() -> None:
    import json

    from typer.testing import CliRunner

    from bedrock_check.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["matrix", "diff", "--as-of", "2026-06-01", "--as-of", "latest"])
    assert result.exit_code == 1, result.output
    assert "mantle: model openai.gpt-5.6-sol added" in result.stdout
    assert "runtime: model openai.gpt-5.6-sol added (by 2026-11-29: ids global.openai.gpt-5.6-sol" in result.stdout
    assert "mantle: model openai.gpt-5.5 regions: us-east-2 → us-east-1, us-east-2" in result.stdout
    assert "2026-08-04 mantle: web-search became available" in result.stdout
    assert result.stdout.startswith("What changed on Bedrock from 2026-06-01 (baseline) to 2026-11-29 (latest): ")
    assert "2026-09-29 mantle/runtime: web-search is not available (models openai.gpt-6.1-sol" in result.stdout
    dates = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert dates == sorted(dates)  # oldest first, models and capability facts together
    # A model is dated when it came; what it has is said as of the later date.
    assert "2026-07-13 mantle: model openai.gpt-5.6-sol added (by 2026-11-29: ids openai.gpt-5.6-sol;" in result.stdout
    backwards = runner.invoke(app, ["matrix", "diff", "--as-of", "latest", "--as-of", "2026-06-01"])
    assert "withdrawn" not in backwards.stdout and "told oldest first" in backwards.stdout
    data = json.loads(runner.invoke(app, ["matrix", "diff", "--as-of", "2026-06-01", "--as-of", "2026-06-11",
                                          "--format", "json"]).stdout)  # fmt: skip
    assert {(c["what"], c.get("model") or c["capability"]) for c in data} == {
        ("model regions", "openai.gpt-5.4"), ("model regions", "openai.gpt-5.5"),
        ("capability fact", "bedrock-lambda-tool")}  # the 06-11 cards list server-side tool calling  # fmt: skip
    same = runner.invoke(app, ["matrix", "diff", "--as-of", "2026-06-02", "--as-of", "2026-06-03"])
    assert same.exit_code == 0 and "no differences" in same.stdout
    once = runner.invoke(app, ["matrix", "diff", "--as-of", "latest"])
    assert once.exit_code == 2 and "two" in once.output


def test_a_date_outside_the_facts_is_said_so(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bedrock_check.cli import app

    (tmp_path / "app.py").write_text('client.responses.create(model="openai.gpt-5.5", input="x")\n')
    runner = CliRunner()
    later = runner.invoke(app, ["scan", str(tmp_path), "--no-config", "--as-of", "2027-03-04", "--format", "json"])
    assert "newest fact is from 2026-11-29" in later.stderr and "2027-03-04" in later.stderr
    assert json.loads(later.stdout)["target"]["as_of"] == "2027-03-04"  # stdout stays the report alone
    earlier = runner.invoke(app, ["matrix", "show", "--as-of", "2025-09-09"])
    assert "before the baseline (2026-06-01)" in earlier.stderr
    inside = runner.invoke(app, ["scan", str(tmp_path), "--no-config", "--as-of", "latest"])
    assert "note:" not in inside.stderr


def test_gated_models_without_published_ids_are_carried_as_cited_notes() -> None:
    """Daybreak Red/Blue (AWS What's New, 2026-08-13) have no published ids or Regions: the
    matrix still carries the fact, cited, where a reader of model availability looks."""
    matrix = load_matrix()
    [cap] = [c for c in matrix.capabilities if c.id == "model-availability"]
    [note] = [n for n in cap.notes if "Daybreak" in n.text]
    source = {s.id: s for s in matrix.sources}[note.source]
    assert source.as_of == dt.date(2026, 8, 13) and "daybreak" in (source.url or "")


# ----------------------------------------------------------------- the fact sheet, carried

#: First-party facts of ../shared/bedrock-facts.md that decide something, as (model, endpoint,
#: date, Region or API, source): each must be what the matrix resolves at that date.
CARRIED_OFFERS = [
    ("openai.gpt-oss-120b", "runtime", "2025-08-05", "converse", "aws-ug-openai-models"),
    ("openai.gpt-oss-120b", "mantle", "2025-12-01", "responses", "aws-news-2025-12-mantle"),
    ("openai.gpt-5.5", "mantle", "2026-06-01", "us-east-2", "openai-bedrock-2026-06"),
    ("openai.gpt-5.4", "mantle", "2026-06-01", "us-west-2", "aws-news-2026-06-ga"),
    ("openai.gpt-5.5", "mantle", "2026-06-11", "us-east-1", "aws-news-2026-06-us-east-1"),
    ("openai.gpt-5.4", "mantle", "2026-06-11", "us-gov-west-1", "aws-news-2026-06-us-east-1"),
    ("openai.gpt-5.6-luna", "mantle", "2026-07-13", "us-west-2", "aws-news-2026-07-gpt-5-6"),
    ("openai.gpt-5.6-sol", "runtime", "2026-08-17", "responses", "openai-sdk-runtime"),
    ("openai.gpt-5.6-terra", "mantle", "2026-08-24", "us-gov-east-1", "aws-news-2026-08-govcloud"),
    ("openai.gpt-6-astra", "mantle", "2026-09-08", "us-west-2", "aws-news-2026-09-astra"),
    ("openai.gpt-6-astra", "runtime", "2026-10-10", "invoke", "plugin-2026-10"),
    ("openai.gpt-6-sol", "runtime", "2026-09-22", "converse", "aws-news-2026-09-gpt-6"),
    ("openai.gpt-6.1-sol", "runtime", "2026-09-29", "invoke", "aws-news-2026-09-gpt-6-1-sol"),
]  # fmt: skip


@pytest.mark.parametrize(("model_id", "endpoint", "since", "what", "source"), CARRIED_OFFERS)
def test_first_party_offers_of_the_fact_sheet_are_carried(matrix: Matrix, model_id, endpoint, since, what, source) -> None:
    model = matrix.model(model_id)
    assert model is not None
    held = offers_at(model, endpoint, dt.date.fromisoformat(since))
    assert any(source == o.source.ref and (what in o.regions or what in o.apis) for o in held), (model_id, held)
    # ... and not the day before, when it is a new fact from that source.
    before = offers_at(model, endpoint, dt.date.fromisoformat(since) - dt.timedelta(days=1))
    assert not any(source == o.source.ref for o in before)


def test_sources_that_disagree_are_both_carried_and_one_decides(matrix: Matrix) -> None:
    # Astra on Mantle in us-east-1: a careful third party (M) says so from 2026-10-10, the OpenAI
    # page (H) still names us-west-2 only. The page decides; the finding says the other source exists.
    astra = matrix.model("openai.gpt-6-astra")
    assert astra is not None
    overruled = [o for o in astra.offers if o.overruled_by]
    assert [(o.confidence, o.source.ref, o.overruled_by) for o in overruled] == [("M", "plugin-2026-10", "openai-bedrock-2026-11")]
    target = resolve_target(matrix, "openai.gpt-6-astra", "us-east-1", "mantle", "latest")
    ((cap, message),) = [(p.capability, p.message) for p in Engine(matrix, target).check_target()]
    assert cap == "region-availability" and "offered in us-west-2" in message
    assert "A source of confidence M" in message and "lists us-east-1 too" in message and "probe --region us-east-1" in message
    out = subprocess.run([sys.executable, "-m", "bedrock_check", "matrix", "show", "--as-of", "latest", "--model",
                          "openai.gpt-6-astra", "--region", "us-east-1"], capture_output=True, text=True, check=False)  # fmt: skip
    assert "disputed (M, plugin-2026-10, 2026-10-10, overruled by openai-bedrock-2026-11): openai.gpt-6-astra" in out.stdout
    assert "[red]" not in out.stdout
    # GPT-6 Sol on the runtime: the card (H) says no Invoke; a later third-party snapshot (M) says Invoke. The card decides.
    sol = matrix.model("openai.gpt-6-sol")
    assert sol is not None
    assert not any("invoke" in o.apis for o in offers_at(sol, "runtime", matrix.latest_date))
    assert any("invoke" in o.apis and o.overruled_by for o in sol.offers)


@pytest.mark.parametrize(("cap_id", "endpoint", "as_of", "status", "source"), [
    ("programmatic-tool-calling", "mantle", "2026-07-13", "not_available", "openai-bedrock-2026-07"),
    ("bedrock-lambda-tool", "mantle", "2026-06-11", "available", "aws-news-2026-06-us-east-1"),
    ("bedrock-lambda-tool", "runtime", "2026-08-21", "not_available", "plugin-2026-08"),
    ("conversation-state", "mantle", "2026-07-13", "conditional", "openai-bedrock-2026-07"),
    ("conversation-state", "runtime", "2026-11-09", "conditional", "openai-bedrock-2026-11"),
    ("web-search", "mantle", "2026-08-04", "conditional", "aws-news-2026-08-web-search"),
    ("computer-use", "runtime", "2026-11-09", "conditional", "openai-bedrock-2026-11"),
])  # fmt: skip
def test_first_party_capability_facts_are_carried(matrix: Matrix, cap_id, endpoint, as_of, status, source) -> None:
    model = "us.openai.gpt-5.6-sol" if endpoint == "runtime" else "openai.gpt-5.5"
    target = resolve_target(matrix, model, "us-east-1", endpoint, as_of)
    r = resolve_status(matrix.capability(cap_id), target)
    assert (r.status, r.citation.ref) == (status, source)


@pytest.mark.parametrize(("where", "source"), [
    ("reasoning-effort", "aws-news-2026-10-reasoning-summaries"), ("web-search", "aws-news-2026-08-web-access"),
    ("prompt-caching", "openai-bedrock-2026-07"), ("structured-outputs", "plugin-2026-08"),
    ("streaming", "openai-sdk-runtime"), ("image-input", "openai-codex"), ("file-input", "openai-bedrock-2026-11"),
    ("background-mode", "openai-bedrock-2026-07"), ("service-tiers", "aws-news-2026-06-us-east-1"),
    ("openai.gpt-5.5", "aws-news-2026-04-preview"), ("openai.gpt-5.5", "openai-bedrock-2026-06-08"),
    ("openai.gpt-5.6-sol", "aws-news-2026-08-long-context"), ("openai.gpt-6-astra", "openai-codex"),
])  # fmt: skip
def test_facts_that_decide_nothing_are_carried_as_cited_notes(matrix: Matrix, where: str, source: str) -> None:
    holder = matrix.model(where) if where.startswith("openai.") else matrix.capability(where)
    assert holder is not None and source in {n.source for n in holder.notes}


def test_matrix_show_for_a_runtime_profile_at_the_latest_date() -> None:
    out = subprocess.run([sys.executable, "-m", "bedrock_check", "matrix", "show", "--as-of", "latest", "--endpoint",
                          "runtime", "--model", "us.openai.gpt-5.6-sol", "--region", "us-east-1", "--format", "json"],
                         capture_output=True, text=True, check=False)  # fmt: skip
    data = json.loads(out.stdout)
    assert data["target"] == {"model": "us.openai.gpt-5.6-sol", "region": "us-east-1", "endpoint": "runtime", "as_of": "2026-11-29"}
    assert data["target_problems"] == []  # the runtime takes this profile, from any source Region
    caps = {c["id"]: (c["bedrock"], (c["decided_by"] or {}).get("source", {}).get("ref")) for c in data["capabilities"]}
    # What the sources say of the runtime endpoint, each with the fact that decides it.
    assert caps["background-mode"] == ("not_available", "openai-bedrock-2026-11")  # synchronous only
    assert caps["web-search"] == ("not_available", "openai-bedrock-2026-11")  # Mantle only
    assert caps["conversation-state"] == ("conditional", "openai-bedrock-2026-11")  # `model` on every request
    assert caps["chat-completions"] == ("available", "openai-sdk-runtime")
    assert caps["bedrock-lambda-tool"] == ("not_available", "plugin-2026-08")  # no server-side tools on the runtime
    assert caps["computer-use"] == ("conditional", "openai-bedrock-2026-11")  # client-executed
    assert caps["websocket"] == ("not_available", None) and caps["file-search"] == ("not_available", None)
    sol = next(m for m in data["models"] if m["id"] == "openai.gpt-5.6-sol")
    assert sol["offered"] and "us.openai.gpt-5.6-sol" in sol["ids"] and {"converse", "invoke"} <= set(sol["apis"])
    gpt55 = next(m for m in data["models"] if m["id"] == "openai.gpt-5.5")
    assert not gpt55["offered"]  # GPT-5.5 never reached the runtime
