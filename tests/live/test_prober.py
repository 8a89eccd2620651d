"""`probe` and `models` against a real HTTP server on loopback and botocore's Stubber."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.engine import Engine
from bedrock_check.errors import ProbeError
from bedrock_check.live.plans import plan_probes
from bedrock_check.live.prober import Prober, check_endpoint
from bedrock_check.matrix import Matrix, Target

from ..fake_bedrock import TOKEN, fake_bedrock

runner = CliRunner()


@pytest.fixture
def server(engine: Engine):
    with fake_bedrock(engine) as srv:
        yield srv


@pytest.fixture
def token_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", TOKEN)


def probe(*args: str):
    return runner.invoke(app, ["probe", *args])


def test_probe_reproduces_the_matrix(server, token_env, matrix: Matrix) -> None:
    result = probe("--endpoint", server.base, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    results = {r["capability"]: r for r in data["results"]}
    with_probe = {c.id for c in matrix.capabilities if c.probe}
    assert set(results) == with_probe
    assert data["disagreements"] == 0
    assert results["web-search"]["observed"] == "rejected" and results["web-search"]["http_status"] == 400
    assert "web-search is not supported" in results["web-search"]["message"]
    assert results["streaming"]["observed"] == "accepted"
    assert results["structured-outputs"]["observed"] == results["structured-outputs"]["expected"] == "accepted"
    assert results["websocket"]["observed"] == "rejected"  # the handshake is refused
    # one request per capability, no more
    assert data["requests"] == len(with_probe) == len(server.requests)
    assert data["usage"]["input_tokens"] > 0
    assert TOKEN not in result.output


def test_changed_behaviour_is_detected_written_and_used(server, token_env, tmp_path: Path) -> None:
    server.accept.add("web-search")  # the service now serves hosted web search
    layer = tmp_path / "observed.yaml"
    result = probe("--endpoint", server.base, "-c", "web-search", "-c", "file-search", "--write-overrides", str(layer))
    assert result.exit_code == 1, result.output
    assert "web-search" in result.stdout and "1 disagree with the matrix" in result.stdout
    data = yaml.safe_load(layer.read_text())
    assert data["sources"][0]["kind"] == "probe"
    variants = {c["id"]: c["variants"][0] for c in data["capabilities"]}
    assert variants["web-search"]["bedrock"] == "available"
    assert variants["web-search"]["models"] == ["openai.gpt-5.5"] and variants["web-search"]["regions"] == ["us-east-2"]
    assert variants["web-search"]["endpoints"] == ["mantle"]  # the layer records the endpoint probed, and the date
    assert variants["web-search"]["as_of"]
    assert variants["file-search"]["bedrock"] == "not_available"
    assert TOKEN not in layer.read_text()

    app_py = tmp_path / "app.py"
    app_py.write_text("client.responses.create(model='openai.gpt-5.5', input='x', tools=[{'type': 'web_search'}])\n")
    assert runner.invoke(app, ["scan", "--no-config", str(app_py)]).exit_code == 1
    assert runner.invoke(app, ["scan", "--no-config", "--matrix", str(layer), str(app_py)]).exit_code == 0
    # the layer is scoped: another Region still gets the baseline verdict
    other = runner.invoke(
        app, ["scan", "--no-config", "--matrix", str(layer), "--region", "us-west-2", "--format", "json", str(app_py)]
    )
    assert "web-search" in {f["capability"] for f in json.loads(other.stdout)["findings"]}

    diff = runner.invoke(app, ["matrix", "diff", "shipped", str(layer)])
    assert diff.exit_code == 1 and "web-search" in diff.stdout and "available" in diff.stdout
    assert runner.invoke(app, ["matrix", "diff", str(layer), str(layer)]).stdout.strip() == "no differences"


def test_wrong_token_stops_with_a_fix(server, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "bedrock-api-key-d3JvbmctdG9rZW4tdGhhdC1tdXN0LW5vdC1sZWFr"
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", secret)
    result = probe("--endpoint", server.base, "--verbose")
    assert result.exit_code == 2
    assert "HTTP 401" in result.stderr and "AWS_BEARER_TOKEN_BEDROCK" in result.stderr
    assert secret not in result.output and secret not in result.stderr
    assert len(server.requests) == 1  # stopped at the first refusal
    assert "Authorization: [REDACTED]" in result.stderr  # the verbose log shows the header, masked


def test_permission_denied(server, token_env) -> None:
    server.script = ["403"]
    result = probe("--endpoint", server.base, "-c", "text-generation")
    assert result.exit_code == 2 and "permission denied (HTTP 403)" in result.stderr and "IAM" in result.stderr


def _prober(sleeps: list[float], **kw) -> Prober:
    return Prober(TOKEN, sleep=sleeps.append, **kw)


def test_retries_throttling_and_server_errors_then_succeeds(server, matrix: Matrix, target: Target) -> None:
    server.script = ["429", "500"]
    sleeps: list[float] = []
    plans = plan_probes(matrix, target, server.base, ["text-generation"])
    run = _prober(sleeps, retries=3).run(plans, target, server.base)
    (result,) = run.results
    assert result.observed == "accepted" and result.attempts == 3
    assert sleeps[0] == 0.0  # Retry-After: 0 was honoured
    assert 0 <= sleeps[1] <= 2.0  # backoff with jitter, bounded
    assert run.requests == 3 == len(server.requests)


def test_retries_are_bounded(server, matrix: Matrix, target: Target) -> None:
    server.script = ["500"] * 10
    run = _prober([], retries=2).run(plan_probes(matrix, target, server.base, ["text-generation"]), target, server.base)
    (result,) = run.results
    assert result.observed == "server-error" and result.attempts == 3 and len(server.requests) == 3


def test_timeout_and_malformed(server, matrix: Matrix, target: Target) -> None:
    server.script = ["slow", "malformed"]
    plans = plan_probes(matrix, target, server.base, ["text-generation", "reasoning-effort"])
    run = _prober([], retries=0, timeout=0.5).run(plans, target, server.base)
    assert [r.observed for r in run.results] == ["timeout", "malformed"]
    assert "not JSON" in run.results[1].message


def test_max_requests_caps_everything(server, token_env) -> None:
    result = probe("--endpoint", server.base, "--max-requests", "2", "--format", "json")
    data = json.loads(result.stdout)
    assert data["requests"] == 2 == len(server.requests)
    assert sum(r["observed"] == "not-probed" for r in data["results"]) == len(data["results"]) - 2


def test_dry_run_sends_nothing(server) -> None:
    result = probe("--endpoint", server.base, "--dry-run", "-c", "web-search")
    assert result.exit_code == 0 and server.requests == []
    assert '"type": "web_search"' in result.stdout and "nothing was sent" in result.stdout


def test_plain_http_only_to_loopback() -> None:
    check_endpoint("http://127.0.0.1:8080/openai/v1")
    check_endpoint("http://localhost/openai/v1")
    check_endpoint("https://bedrock-mantle.us-east-2.api.aws/openai/v1")
    with pytest.raises(ProbeError, match="plain HTTP"):
        check_endpoint("http://gateway.example.com/openai/v1")
    result = probe("--endpoint", "http://10.1.2.3/openai/v1", "--dry-run")
    assert result.exit_code == 2 and "refusing plain HTTP" in result.stderr


def test_unknown_capability_is_a_usage_error() -> None:
    result = probe("--dry-run", "-c", "teleport")
    assert result.exit_code == 2 and "unknown capability" in result.stderr


# ------------------------------------------------------------------ credentials


def test_token_file_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bedrock_check.live.credentials import Token, resolve_auth

    file = tmp_path / "token"
    file.write_text(TOKEN + "\n")
    token = resolve_auth(RUNTIME_URL, "us-east-1", token_file=str(file))
    assert isinstance(token, Token)  # a bearer token given is kept, on the runtime endpoint too
    assert token.value == TOKEN and TOKEN not in repr(token) and TOKEN not in str(token)
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "from-env")
    assert resolve_auth(RUNTIME_URL, "us-east-1").headers("POST", RUNTIME_URL) == {"Authorization": "Bearer from-env"}
    with pytest.raises(ProbeError, match="empty"):
        (tmp_path / "empty").write_text("")
        resolve_auth(RUNTIME_URL, "us-east-1", token_file=str(tmp_path / "empty"))


def _clean_aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


RUNTIME_URL = "https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1"
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENdGhhdC1tdXN0LW5vdC1sZWFr"


def _aws_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, session: str | None = SESSION) -> None:
    _clean_aws_env(monkeypatch, tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    if session:
        monkeypatch.setenv("AWS_SESSION_TOKEN", session)


@pytest.mark.parametrize(("url", "service", "region"), [
    (RUNTIME_URL, "bedrock", "us-east-1"),
    ("https://bedrock-mantle.us-west-2.api.aws/openai/v1", "bedrock-mantle", "us-west-2"),
    ("https://proxy.example.com/openai/v1", "bedrock-mantle", "eu-west-1"),  # not a Bedrock host: the target's
])  # fmt: skip
def test_aws_credentials_sign_for_the_endpoints_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str,
                                                        service: str, region: str) -> None:  # fmt: skip
    from bedrock_check.live.credentials import SigV4, resolve_auth

    _aws_keys(monkeypatch, tmp_path)
    auth = resolve_auth(url, "eu-west-1")
    assert isinstance(auth, SigV4) and (auth.service, auth.region) == (service, region)
    headers = auth.headers("POST", f"{url}/responses", b'{"model": "x"}')
    assert headers["Authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/")
    assert f"/{region}/{service}/aws4_request" in headers["Authorization"]
    assert headers["X-Amz-Security-Token"] == SESSION
    assert SECRET_KEY not in repr(auth) and SECRET_KEY not in str(auth) and SECRET_KEY not in auth.describe()
    assert set(auth.secrets) == {SECRET_KEY, SESSION}


def test_no_credentials_says_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clean_aws_env(monkeypatch, tmp_path)
    result = probe("-c", "text-generation", "--endpoint", "http://127.0.0.1:9/openai/v1")
    assert result.exit_code == 2 and "no credentials" in result.stderr and "AWS_BEARER_TOKEN_BEDROCK" in result.stderr
    result = probe("-c", "text-generation", "--profile", "nope", "--endpoint", "http://127.0.0.1:9/openai/v1")
    assert result.exit_code == 2 and "profile 'nope' not found" in result.stderr


# ------------------------------------------------------------------ models


def _stubbed_client(region: str = "us-east-2"):
    import boto3
    from botocore.stub import Stubber

    client = boto3.client("bedrock", region_name=region, aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                          aws_secret_access_key="x" * 40)  # fmt: skip
    return client, Stubber(client)


def _summary(model_id: str) -> dict:
    return {"modelArn": f"arn:aws:bedrock:us-east-2::foundation-model/{model_id}", "modelId": model_id,
            "providerName": "OpenAI", "modelName": model_id}  # fmt: skip


def test_models_side_by_side(server, matrix: Matrix) -> None:
    from bedrock_check.live.models import control_plane_models, endpoint_models, model_rows

    client, stub = _stubbed_client()
    stub.add_response("list_foundation_models", {"modelSummaries": [_summary("openai.gpt-5.5"), _summary("openai.gpt-oss-20b-1:0")]},
                      {"byProvider": "OpenAI"})  # fmt: skip
    if hasattr(client, "get_foundation_model_availability"):
        for model_id, status in (("openai.gpt-5.5", "AUTHORIZED"), ("openai.gpt-oss-20b-1:0", "NOT_AUTHORIZED")):
            stub.add_response(
                "get_foundation_model_availability",
                {
                    "modelId": model_id,
                    "agreementAvailability": {"status": "AVAILABLE"},
                    "authorizationStatus": status,
                    "entitlementAvailability": "AVAILABLE",
                    "regionAvailability": "AVAILABLE",
                },
                {"modelId": model_id},
            )
    profile = {"inferenceProfileName": "x", "inferenceProfileArn": "arn:aws:bedrock:us-east-2::inference-profile/x",
               "models": [{"modelArn": "arn:aws:bedrock:us-east-2::foundation-model/x"}], "status": "ACTIVE",
               "type": "SYSTEM_DEFINED"}  # fmt: skip
    stub.add_response("list_inference_profiles", {"inferenceProfileSummaries": [
        {**profile, "inferenceProfileId": "us.openai.gpt-5.6-sol"},
        {**profile, "inferenceProfileId": "us.anthropic.claude-sonnet-4-v1:0"}], "nextToken": "2"},
        {"typeEquals": "SYSTEM_DEFINED"})  # fmt: skip
    stub.add_response("list_inference_profiles", {"inferenceProfileSummaries": [
        {**profile, "inferenceProfileId": "global.openai.gpt-6-sol"}]}, {"typeEquals": "SYSTEM_DEFINED", "nextToken": "2"})  # fmt: skip
    with stub:
        control = control_plane_models(client, "us-east-2")
    # The runtime's cross-Region profiles come from their own listing, every page of it; other vendors' are left out.
    assert {"us.openai.gpt-5.6-sol", "global.openai.gpt-6-sol"} <= set(control)
    assert not any("anthropic" in m for m in control)
    listed = endpoint_models(server.base, TOKEN)
    rows = {r.id: r for r in model_rows(matrix, "us-east-2", control, listed)}
    assert rows["openai.gpt-5.5"].in_matrix and rows["openai.gpt-5.5"].control_plane and rows["openai.gpt-5.5"].endpoint
    # The matrix knows the gpt-oss runtime id (the control plane's) and its Mantle id (the endpoint's).
    assert rows["openai.gpt-oss-20b-1:0"].in_matrix and rows["openai.gpt-oss-20b-1:0"].control_plane
    assert rows["openai.gpt-oss-120b"].in_matrix and rows["openai.gpt-oss-120b"].endpoint
    assert rows["openai.gpt-oss-120b"].control_plane is False
    assert rows["us.openai.gpt-5.6-sol"].in_matrix and rows["us.openai.gpt-5.6-sol"].endpoint is False
    assert rows["us.openai.gpt-5.6-sol"].control_plane and rows["us.openai.gpt-5.6-sol"].access == "ACTIVE"
    june = {r.id for r in model_rows(matrix, "us-east-2", control, listed, dt.date(2026, 6, 1)) if r.in_matrix}
    assert "openai.gpt-5.4" in june and "us.openai.gpt-5.6-sol" not in june
    if hasattr(client, "get_foundation_model_availability"):
        assert rows["openai.gpt-5.5"].access == "AUTHORIZED"


def test_models_access_denied_and_bad_token(server) -> None:
    from bedrock_check.live.models import control_plane_models, endpoint_models

    client, stub = _stubbed_client()
    stub.add_client_error("list_foundation_models", service_error_code="AccessDeniedException", http_status_code=403)
    with stub, pytest.raises(ProbeError, match="bedrock:ListFoundationModels"):
        control_plane_models(client, "us-east-2")
    with pytest.raises(ProbeError, match="HTTP 401"):
        endpoint_models(server.base, "not-the-token")


def test_models_unknown_region_and_no_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["models", "--region", "mars-north-1", "--no-endpoint"])
    assert result.exit_code == 2 and "unknown AWS Region 'mars-north-1'" in result.stderr
    _clean_aws_env(monkeypatch, tmp_path)
    result = runner.invoke(app, ["models", "--region", "us-east-2", "--no-endpoint"])
    assert result.exit_code == 2 and "no AWS credentials" in result.stderr


# ------------------------------------------------------------------ live


def _has_credentials() -> bool:
    if os.environ.get("AWS_BEARER_TOKEN_BEDROCK"):
        return True
    try:
        import boto3

        return boto3.Session().get_credentials() is not None
    except Exception:
        return False


@pytest.mark.live
@pytest.mark.skipif(
    not _has_credentials(), reason="no AWS credentials or AWS_BEARER_TOKEN_BEDROCK: the live service is not reachable"
)
def test_live_probe_agrees_with_the_matrix() -> None:
    result = runner.invoke(
        app, ["probe", "--format", "json", "-c", "text-generation", "-c", "web-search", "-c", "service-tiers"]
    )
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert data["requests"] >= 3


def test_matrix_show_and_explain_cite_a_probe_layer(server, token_env, tmp_path: Path) -> None:
    server.accept.add("web-search")
    layer = tmp_path / "observed.yaml"
    assert probe("--endpoint", server.base, "-c", "web-search", "--write-overrides", str(layer)).exit_code == 1
    shown = json.loads(runner.invoke(app, ["matrix", "show", "--format", "json", "--matrix", str(layer)]).stdout)
    web = next(c for c in shown["capabilities"] if c["id"] == "web-search")
    assert web["bedrock"] == "available" and web["citation"].startswith(
        "bedrock-check probe of openai.gpt-5.5 in us-east-2"
    )
    explained = runner.invoke(app, ["explain", "web-search", "--matrix", str(layer)]).stdout
    assert "available" in explained and "the probe request was accepted" in explained


def test_probe_runtime_endpoint_dry_run() -> None:
    from typer.testing import CliRunner

    from bedrock_check.cli import app

    result = CliRunner().invoke(app, ["probe", "--endpoint", "runtime", "--model", "us.openai.gpt-5.6-sol", "--region",
                                      "us-east-1", "--as-of", "latest", "--dry-run", "--format", "json", "-c", "web-search",
                                      "-c", "background-mode"])  # fmt: skip
    assert result.exit_code == 0, result.output
    plans = {p["capability"]: p for p in json.loads(result.stdout)}
    assert plans["web-search"]["url"] == "https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1/responses"
    # The probe checks today's facts for the runtime: both are not offered there.
    assert plans["web-search"]["expect"] == "rejected" and plans["background-mode"]["expect"] == "rejected"
    assert plans["web-search"]["body"]["model"] == "us.openai.gpt-5.6-sol"


# ------------------------------------------------------------------ SigV4 on loopback


@pytest.fixture
def runtime_server(matrix: Matrix):
    """A loopback endpoint that behaves as the runtime endpoint does for GPT-5.6 Sol (latest facts)."""
    from bedrock_check.matrix import resolve_target

    from ..fake_bedrock import SigV4Keys

    target = resolve_target(matrix, "us.openai.gpt-5.6-sol", "us-east-1", "runtime", "latest")
    with fake_bedrock(Engine(matrix, target)) as srv:
        srv.sigv4 = SigV4Keys(ACCESS_KEY, SECRET_KEY, SESSION, "bedrock", "us-east-1")
        yield srv


RUNTIME_ARGS = ("--endpoint", "runtime", "--model", "us.openai.gpt-5.6-sol", "--region", "us-east-1", "--as-of", "latest")


def test_runtime_probe_signs_every_request_with_sigv4(runtime_server, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _aws_keys(monkeypatch, tmp_path)
    layer = tmp_path / "observed.yaml"
    result = probe(*RUNTIME_ARGS, "--endpoint-url", runtime_server.base, "-c", "text-generation", "-c", "web-search",
                   "-c", "background-mode", "--format", "json", "--verbose", "--write-overrides", str(layer))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The loopback server computed every signature again from what it received, with the secret key.
    assert {r["capability"]: r["observed"] for r in data["results"]} == {
        "text-generation": "accepted", "web-search": "rejected", "background-mode": "rejected"}  # fmt: skip
    auths = [r["headers"]["Authorization"] for r in runtime_server.requests]
    assert len(auths) == 3 and all(a.startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/") for a in auths)
    assert all("/us-east-1/bedrock/aws4_request, SignedHeaders=" in a for a in auths)
    signed = auths[0].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert {"host", "x-amz-date", "x-amz-security-token", "content-type"} <= set(signed)
    assert data["target"] == {"model": "us.openai.gpt-5.6-sol", "region": "us-east-1", "endpoint": "runtime",
                              "as_of": "2026-11-29"}  # fmt: skip
    assert "SigV4 (service bedrock, us-east-1)" in data["auth"]
    assert "SigV4 (service bedrock, us-east-1)" in result.stderr  # the verbose log says how, never with what
    written = layer.read_text()
    assert yaml.safe_load(written)["capabilities"][0]["variants"][0]["endpoints"] == ["runtime"]
    for secret in (SECRET_KEY, SESSION):
        assert secret not in result.stdout and secret not in result.stderr and secret not in written


def test_mantle_probe_signs_for_bedrock_mantle(server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ..fake_bedrock import SigV4Keys

    _aws_keys(monkeypatch, tmp_path, session=None)
    server.sigv4 = SigV4Keys(ACCESS_KEY, SECRET_KEY, None, "bedrock-mantle", "us-east-2")
    result = probe("--endpoint-url", server.base, "-c", "text-generation", "-c", "streaming", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["observed"] for r in json.loads(result.stdout)["results"]] == ["accepted", "accepted"]
    assert all("/us-east-2/bedrock-mantle/aws4_request" in r["headers"]["Authorization"] for r in server.requests)


def test_a_wrong_signature_stops_with_a_fix_and_no_secret(runtime_server, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    _aws_keys(monkeypatch, tmp_path)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not/the/secret/the/server/expects/at/all")
    result = probe(*RUNTIME_ARGS, "--endpoint-url", runtime_server.base, "-c", "text-generation", "--verbose")
    assert result.exit_code == 2 and "HTTP 403" in result.stderr and "signature" in result.stderr
    assert len(runtime_server.requests) == 1
    assert "not/the/secret" not in result.output and "not/the/secret" not in result.stderr
    assert SESSION not in result.stderr


def test_a_bearer_token_is_kept_on_the_runtime_endpoint(runtime_server, token_env) -> None:
    result = probe(*RUNTIME_ARGS, "--endpoint-url", runtime_server.base, "-c", "text-generation")
    assert result.exit_code == 0, result.output
    assert [r["headers"]["Authorization"] for r in runtime_server.requests] == [f"Bearer {TOKEN}"]


def test_models_list_is_signed_too(server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bedrock_check.live.credentials import resolve_auth
    from bedrock_check.live.models import endpoint_models

    from ..fake_bedrock import SigV4Keys

    _aws_keys(monkeypatch, tmp_path)
    server.sigv4 = SigV4Keys(ACCESS_KEY, SECRET_KEY, SESSION, "bedrock-mantle", "us-east-2")
    assert endpoint_models(server.base, resolve_auth(server.base, "us-east-2")) == sorted(server.models)


@pytest.mark.live
@pytest.mark.skipif(not _has_credentials(), reason="no AWS credentials: the live runtime endpoint is not reachable")
def test_live_runtime_probe_is_signed_and_answers() -> None:
    result = runner.invoke(app, ["probe", *RUNTIME_ARGS, "--format", "json", "-c", "text-generation"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert data["requests"] >= 1 and data["target"]["endpoint"] == "runtime"
    assert data["results"][0]["observed"] in ("accepted", "rejected", "throttled")
