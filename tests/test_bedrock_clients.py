"""Code that already names Bedrock: the endpoint comes from its client, and the findings the
facts call for (a bare id on the runtime, a Mantle path that does not serve the model, a
model not served over the API) fire in Python and TypeScript alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.matrix import load_matrix, resolve_target
from bedrock_check.scanner import scan_paths

PY_RUNTIME = '''from openai import OpenAI
from openai.providers import bedrock

client = OpenAI(provider=bedrock(region="us-east-1", endpoint="runtime"))
client.responses.create(model="openai.gpt-5.6-sol", input="hi")
client.responses.create(model="us.openai.gpt-5.6-sol", input="hi")
'''
TS_RUNTIME = '''import OpenAI from "openai";
import { bedrock } from "openai/providers/bedrock/aws";

const client = new OpenAI({ provider: bedrock({ region: "us-east-1", endpoint: "runtime" }) });
await client.responses.create({ model: "openai.gpt-5.6-sol", input: "hi" });
await client.responses.create({ model: "us.openai.gpt-5.6-sol", input: "hi" });
'''
PY_MANTLE = '''from openai import OpenAI

client = OpenAI(base_url="https://bedrock-mantle.us-east-2.api.aws/v1", api_key="x")
client.chat.completions.create(model="openai.gpt-5.4", messages=[{"role": "user", "content": "hi"}])
'''
TS_MANTLE = '''import { BedrockOpenAI } from "openai";

const client = new BedrockOpenAI({ awsRegion: "us-east-2", baseURL: "https://bedrock-mantle.us-east-2.api.aws/v1" });
await client.chat.completions.create({ model: "openai.gpt-5.4", messages: [{ role: "user", content: "hi" }] });
'''


def _scan(tmp_path: Path, name: str, text: str, as_of: str | None = None, endpoint: str | None = None):
    (tmp_path / name).write_text(text)
    mx = load_matrix()
    target = resolve_target(mx, None, None, endpoint, as_of)
    report = scan_paths([str(tmp_path)], mx, target, jobs=1, endpoint_from_code=endpoint is None, model_chosen=False)
    return report, sorted((f.line, f.capability) for f in report.findings if f.suppressed is None)


@pytest.mark.parametrize(("name", "text"), [("app.py", PY_RUNTIME), ("app.ts", TS_RUNTIME)])
def test_runtime_client_sets_the_endpoint_and_needs_profiles(tmp_path: Path, name: str, text: str) -> None:
    report, found = _scan(tmp_path, name, text, as_of="latest")
    assert report.target.endpoint == "runtime" and report.bedrock_endpoints == ("runtime",)
    assert found == [(5, "runtime-profile-id")]  # the profile id on line 6 is fine
    # Before the runtime served GPT-5.6, neither id works there.
    report, found = _scan(tmp_path, name, text, as_of="2026-08-01")
    # No model was named: the target says once that the runtime served none of the default
    # models then (and from when it does), not that a Mantle model fails there.
    assert found == [(0, "model-endpoint"), (5, "model-endpoint"), (6, "model-endpoint")]
    message = next(f.message for f in report.findings if f.on_target)
    assert "No model was named" in message and "`openai.gpt-5.6-sol` is served there from 2026-08-17" in message


@pytest.mark.parametrize(("name", "text"), [("app.py", PY_RUNTIME), ("app.ts", TS_RUNTIME)])
def test_an_explicit_endpoint_wins_over_the_code(tmp_path: Path, name: str, text: str) -> None:
    report, found = _scan(tmp_path, name, text, as_of="latest", endpoint="mantle")
    assert report.target.endpoint == "mantle"
    assert (6, "model-id") in found  # a cross-Region profile id is not a Mantle id


@pytest.mark.parametrize(("name", "text"), [("app.py", PY_MANTLE), ("app.ts", TS_MANTLE)])
def test_mantle_path_and_api_for_the_model(tmp_path: Path, name: str, text: str) -> None:
    report, found = _scan(tmp_path, name, text)
    assert report.target.endpoint == "mantle"
    # The path is checked at the call, against the model the call sends (`openai.gpt-5.4` needs /openai/v1).
    assert (4, "mantle-base-path") in found and (4, "model-endpoint") in found
    assert "`openai.gpt-5.4`" in next(f.message for f in report.findings if f.capability == "mantle-base-path")
    message = next(f.message for f in report.findings if f.capability == "model-endpoint")
    assert "Chat Completions" in message and "2026-06-01" in message


def test_a_workload_with_clients_on_both_endpoints_keeps_the_default(tmp_path: Path) -> None:
    both = PY_RUNTIME + '\nfrom openai import BedrockOpenAI\nmantle = BedrockOpenAI(aws_region="us-east-2")\n'
    report, _ = _scan(tmp_path, "app.py", both, as_of="latest")
    assert report.bedrock_endpoints == ("mantle", "runtime") and report.target.endpoint == "mantle"


@pytest.mark.parametrize(("model", "fires"), [("openai.gpt-5.4", False), ("openai.gpt-5.5", True)])
def test_a_region_in_code_is_checked_against_the_files_own_models(tmp_path: Path, model: str, fires: bool) -> None:
    # openai-python examples/bedrock.py: us-west-2 with GPT-5.4, which is offered there.
    text = ('from openai import OpenAI\nfrom openai.providers import bedrock\n\n'
            'client = OpenAI(provider=bedrock(region="us-west-2"))\n'
            f'client.responses.create(model="{model}", input="hi")\n')  # fmt: skip
    _, found = _scan(tmp_path, "bedrock.py", text)
    assert ((4, "region-availability") in found) == fires


def test_other_vendors_through_a_gateway_prefix(tmp_path: Path) -> None:
    # pydantic-ai docs: `bedrock:us.amazon.nova-micro-v1:0` is Amazon's model on Bedrock, not OpenAI's.
    _, found = _scan(tmp_path, "agent.py", 'from openai import OpenAI\nclient = OpenAI()\n'
                     'client.responses.create(model="bedrock:us.amazon.nova-micro-v1:0", input="hi")\n')  # fmt: skip
    assert not [c for _, c in found if c.startswith("model")]


TWO_CLIENTS = Path(__file__).resolve().parent / "fixtures" / "scan" / "bedrock-latest" / "two_clients.py"


@pytest.mark.parametrize(("chosen", "expected"), [
    # Nothing chosen: each call where its own client sends it (the fixture's markers say what fires).
    ({}, {(20, "background-mode", "error"), (28, "region-availability", "error"), (31, "background-mode", "warning")}),
    # An endpoint chosen wins for every call: the runtime call's profile id is then not a Mantle id.
    ({"endpoint": "mantle"}, {(17, "model-id", "error"), (20, "background-mode", "warning"),
                              (28, "region-availability", "error"), (31, "background-mode", "warning")}),
    # A Region chosen wins too: the client that names another Region is said to, on its own line.
    ({"region": "us-east-2"}, {(10, "region-availability", "error"), (20, "background-mode", "error"),
                               (31, "background-mode", "warning")}),
])  # fmt: skip
def test_what_the_user_chooses_wins_over_each_calls_client(tmp_path: Path, chosen: dict, expected: set) -> None:
    from bedrock_check.checker import Checker

    (tmp_path / "app.py").write_text(TWO_CLIENTS.read_text())
    report = Checker(as_of="latest", **chosen).scan(str(tmp_path))
    assert {(f.line, f.capability, f.severity) for f in report.findings if not f.on_target} == expected


def test_the_ai_sdks_bedrock_mantle_provider(tmp_path: Path) -> None:
    # `@ai-sdk/amazon-bedrock`'s Mantle provider: its model ids are checked as Bedrock's, and the
    # Region its factory names is where the file's models must be offered.
    text = ('import { bedrockMantle, createBedrockMantle } from "@ai-sdk/amazon-bedrock/mantle";\n'
            'import { generateText } from "ai";\n\n'
            'const mantle = createBedrockMantle({ region: "us-west-2" });\n'
            'await generateText({ model: bedrockMantle.responses("openai.gpt-5.5"), prompt: "hi" });\n'
            'await generateText({ model: bedrockMantle.responses("gpt-5.4"), prompt: "hi" });\n'
            'await generateText({ model: bedrockMantle("openai.gpt-oss-120b"), prompt: "hi" });\n'
            'await generateText({ model: bedrockMantle("openai.gpt-5.4"), prompt: "hi" });\n')  # fmt: skip
    report, found = _scan(tmp_path, "route.ts", text)
    # The model function calls Chat Completions: Mantle serves it for gpt-oss (each request is judged
    # for its own model), not for GPT-5.4.
    assert found == [(4, "region-availability"), (6, "model-id"), (8, "chat-completions"), (8, "model-endpoint")]
    assert report.skipped_by_provider == 0
    assert "us-west-2" in next(f.message for f in report.findings if f.capability == "region-availability")


@pytest.mark.parametrize(("path", "model", "fires"), [
    ("/v1", "openai.gpt-oss-120b", False),  # the open-weight models are served on /v1
    ("/openai/v1", "openai.gpt-oss-120b", True),
    ("/openai/v1", "openai.gpt-5.4", False),
    ("/v1", "openai.gpt-5.4", True),
])  # fmt: skip
def test_a_mantle_base_path_is_checked_against_the_models_sent_through_it(tmp_path: Path, path: str, model: str,
                                                                         fires: bool) -> None:  # fmt: skip
    # Not against the default target's model: a gpt-oss workload on /v1 is right.
    text = (f'from openai import OpenAI\n\nclient = OpenAI(base_url="https://bedrock-mantle.us-east-2.api.aws{path}", api_key="x")\n'
            f'client.responses.create(model="{model}", input="hi")\n')  # fmt: skip
    report, found = _scan(tmp_path, "app.py", text)
    assert [c for _, c in found if c == "mantle-base-path"] == (["mantle-base-path"] if fires else [])
    if fires:
        (finding,) = [f for f in report.findings if f.capability == "mantle-base-path"]
        assert finding.line == 4 and f"`{model}`" in finding.message


def test_each_request_is_judged_for_the_model_it_names(tmp_path: Path) -> None:
    # Mantle serves Chat Completions for gpt-oss (since 2025-12-01): a gpt-oss chat call is no
    # Chat Completions warning, though the default target's model (GPT-5.5) is not served over it.
    from bedrock_check.checker import Checker

    (tmp_path / "app.py").write_text(
        'from openai import OpenAI\n\nclient = OpenAI(base_url="https://bedrock-mantle.us-east-2.api.aws/v1", api_key="x")\n'
        'client.chat.completions.create(model="openai.gpt-oss-120b", messages=[{"role": "user", "content": "hi"}])\n'
        'client.chat.completions.create(model="openai.gpt-5.4", messages=[{"role": "user", "content": "hi"}])\n'
    )
    found = {(f.line, f.capability) for f in Checker().scan(str(tmp_path)).findings if not f.on_target}
    assert (4, "chat-completions") not in found and (5, "chat-completions") in found and (5, "model-endpoint") in found
    # A model the user chose is the one every request is judged for.
    chosen = {(f.line, f.capability) for f in Checker(model="openai.gpt-5.5").scan(str(tmp_path)).findings}
    assert (4, "chat-completions") in chosen


def test_code_already_on_bedrock_with_a_model_added_later_is_a_note(tmp_path: Path) -> None:
    # The finding stays true for the target's date (GPT-5.6 Sol came to Mantle on 2026-07-13),
    # but the code already calls Bedrock with it and works there today: a note, not a gate.
    (tmp_path / "app.py").write_text(
        'from openai import OpenAI\n\nclient = OpenAI(base_url="https://bedrock-mantle.us-east-2.api.aws/v1", api_key="x")\n'
        'client.responses.create(model="us.openai.gpt-5.6-sol", input="hi")\n'
        'client.responses.create(model="openai.gpt-4o", input="hi")\n'
    )
    mx = load_matrix()
    report = scan_paths([str(tmp_path)], mx, resolve_target(mx, None, None, None, None), jobs=1)
    by_line = {(f.line, f.capability): f for f in report.findings}
    later = by_line[(4, "model-availability")]
    assert later.severity == "note" and "from 2026-07-13" in later.message and "already targets Amazon Bedrock" in later.message
    # A model Bedrock has never offered is still an error through a Bedrock client.
    assert by_line[(5, "model-availability")].severity == "error"
    # Through the OpenAI API the same later fact changes nothing: moving still needs a model Bedrock offers.
    (tmp_path / "app.py").write_text('from openai import OpenAI\n\nOpenAI().responses.create(model="gpt-5.6-sol", input="hi")\n')
    report = scan_paths([str(tmp_path)], mx, resolve_target(mx, None, None, None, None), jobs=1)
    assert {f.severity for f in report.findings if f.capability in ("model-availability", "model-id")} == {"error"}
