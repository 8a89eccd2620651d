"""Migration steps (notes): the client to replace, OpenAI settings, an SDK too old for the
Bedrock client, the IAM permission; and the checks on clients that already name Bedrock."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_check.engine import Engine
from bedrock_check.engine.migrate import highest_allowed
from bedrock_check.extract import extract, kind_of
from bedrock_check.findings import CodeObservation, Span
from bedrock_check.matrix import Matrix, resolve_target

SPAN = Span(2, 10, 2, 18)


def _client(path: str, provider: str, *attrs: tuple[str, str]) -> CodeObservation:
    return CodeObservation(path, "client", "openai.OpenAI", SPAN, module="openai", provider=provider, attrs=attrs)


def _found(matrix: Matrix, observations: list, **target) -> list:
    t = resolve_target(matrix, target.get("model"), target.get("region"), target.get("endpoint"), target.get("as_of"))
    return list(Engine(matrix, t).evaluate(observations).findings)


def test_openai_client_gets_the_python_bedrock_form_and_the_iam_step(matrix: Matrix) -> None:
    found = _found(matrix, [_client("app.py", "openai"), _client("app.py", "openai")])
    assert [f.capability for f in found] == ["migrate-client", "migrate-client", "migrate-iam"]
    assert all(f.severity == "note" for f in found)
    assert 'BedrockOpenAI(aws_region="us-east-2")' in found[0].message and "2.40.0" in found[0].message
    assert "bedrock-mantle:CreateInference" in found[2].message and found[2].line == 2


def test_the_client_form_follows_the_sdk_and_the_date(matrix: Matrix) -> None:
    (js, _) = _found(matrix, [_client("web.ts", "azure")])
    assert "new BedrockOpenAI" in js.message and "Azure OpenAI" in js.message
    (later, _) = _found(matrix, [_client("app.py", "openai")], as_of="2026-07-01")
    assert "OpenAI(provider=bedrock(" in later.message and "2.44.0" in later.message
    (runtime, iam) = _found(matrix, [_client("app.py", "openai")], model="us.openai.gpt-5.6-sol",
                            region="us-east-1", endpoint="runtime", as_of="latest")  # fmt: skip
    assert 'endpoint="runtime"' in runtime.message and "3.2.0" in runtime.message
    assert "bedrock:InvokeModel" in iam.message
    # `api_key=None` is the instruction (a stale AWS_BEARER_TOKEN_BEDROCK must not override SigV4): never masked.
    assert "api_key=None)" in runtime.message
    (node, _) = _found(matrix, [_client("web.ts", "openai")], model="us.openai.gpt-5.6-sol", region="us-east-1",
                       endpoint="runtime", as_of="latest")  # fmt: skip
    assert "apiKey: null }" in node.message


def test_an_async_client_gets_the_async_bedrock_form(matrix: Matrix) -> None:
    """`AsyncOpenAI` and `AsyncAzureOpenAI` are replaced by the async class of each form, not the sync one."""
    def obs(cls: str) -> CodeObservation:
        return CodeObservation("app.py", "client", f"openai.{cls}", SPAN, module="openai", provider="openai")

    (first, _) = _found(matrix, [obs("AsyncOpenAI")])
    assert 'construct `AsyncBedrockOpenAI(aws_region="us-east-2")  (from openai import AsyncBedrockOpenAI)`' in first.message
    (later, _) = _found(matrix, [obs("AsyncAzureOpenAI")], as_of="2026-07-01")
    assert 'construct `AsyncOpenAI(provider=bedrock(region="us-east-2"))' in later.message
    assert "`AsyncBedrockOpenAI(aws_region=" in later.message and " BedrockOpenAI(" not in later.message
    (sync, _) = _found(matrix, [obs("OpenAI")])
    assert "AsyncBedrockOpenAI" not in sync.message


def test_other_providers_and_bedrock_clients_get_no_migration(matrix: Matrix) -> None:
    assert _found(matrix, [_client("app.py", "anthropic")]) == []
    assert _found(matrix, [_client("app.py", "bedrock", ("region", "us-east-2"))]) == []


@pytest.mark.parametrize(
    ("base_url", "model", "fires"),
    [
        ("https://bedrock-mantle.us-east-2.api.aws/v1", "openai.gpt-5.5", True),
        ("https://bedrock-mantle.us-east-2.api.aws/openai/v1", "openai.gpt-5.5", False),
        ("https://bedrock-mantle.us-east-2.api.aws/openai/v1", "openai.gpt-oss-120b", True),
        ("https://bedrock-mantle.us-east-2.api.aws/v1/", "openai.gpt-oss-120b", False),
    ],
)
def test_mantle_base_path(matrix: Matrix, base_url: str, model: str, fires: bool) -> None:
    found = _found(matrix, [_client("app.py", "bedrock", ("base_url", base_url), ("endpoint", "mantle"))], model=model)
    assert [f.capability for f in found] == (["mantle-base-path"] if fires else [])
    if fires:
        assert found[0].severity == "error" and found[0].line == 2


def test_openai_settings_in_dotenv(matrix: Matrix) -> None:
    text = "OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\nOPENAI_BASE_URL=https://api.openai.com/v1\n" \
           "OPENAI_BASE_URL=https://bedrock-mantle.us-east-2.api.aws/openai/v1\n"  # fmt: skip
    extracted = extract("dotenv", ".env", text)
    found = [f for f in _found(matrix, extracted.observations) if f.capability == "migrate-settings"]
    assert [f.line for f in found] == [1, 2]  # a Bedrock URL is already migrated
    assert "AWS_BEARER_TOKEN_BEDROCK" in found[0].message
    assert "sk-proj-abcdefghijklmnopqrstuvwxyz" not in found[0].snippet + found[0].value + found[0].message


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("# Get your OpenAI API key here\nOPENAI_API_KEY=\n", [2]),  # a template asks for the key
        ("export OPENAI_API_KEY=\nOPENAI_MODEL=\n", [1]),
        ("OPENAI_API_KEY=\nOPENAI_BASE_URL=http://localhost:11434/v1\n", []),  # Ollama's placeholder
        ("OPENAI_API_KEY=\nOPENAI_BASE_URL=https://bedrock-mantle.us-east-2.api.aws/openai/v1\n", []),  # a Bedrock key
        ("OPENAI_BASE_URL=\n", []),  # an unset URL is the default one: nothing to replace
    ],
)
def test_an_openai_key_a_template_leaves_empty_is_a_step(matrix: Matrix, text: str, lines: list[int]) -> None:
    extracted = extract("dotenv", ".env.example", text)
    found = [f for f in _found(matrix, extracted.observations) if f.capability == "migrate-settings"]
    assert [(f.line, f.column) for f in found] == [(n, 1 + len("export ") * text.startswith("export")) for n in lines]
    assert all("AWS_BEARER_TOKEN_BEDROCK" in f.message for f in found)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("requirements.txt", "requests\nopenai[datalib]==1.51.0 ; python_version>'3.8'\n", [2]),
        ("requirements-dev.txt", "openai>=1.0\n", []),
        ("requirements.txt", "openai~=2.39\n", []),  # allows any 2.x from 2.39 on
        ("requirements.txt", "openai~=2.39.0\n", [1]),  # allows 2.39.x only
        ("requirements.txt", "openai==2.44.0\n", []),
        ("pyproject.toml", '[project]\nname = "x"\ndependencies = ["httpx", "openai>=1.0,<2"]\n', [3]),
        ("pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.11"\nopenai = "^1.40"\n', [3]),
        ("uv.lock", 'version = 1\n[[package]]\nname = "openai"\nversion = "1.99.0"\n', [3]),
        ("package.json", '{\n  "dependencies": {\n    "openai": "^4.20.1"\n  }\n}\n', [3]),
        ("package.json", '{"dependencies": {"openai": "^6.41.0"}}\n', []),
        ("package-lock.json", '{\n"packages": {\n"node_modules/openai": {"version": "5.0.0"}\n}\n}\n', [3]),
        # A lock file that lists the root's own requirements: `openai` there is a direct one...
        ("package-lock.json", '{"packages": {"": {"dependencies": {"openai": "^5.0.0"}},\n'
                              '"node_modules/openai": {"version": "5.0.0"}}}\n', [2]),
        # ... or only another package's (`@openai/agents-realtime` brings its own): not this project's pin.
        ("package-lock.json", '{"packages": {"": {"dependencies": {"@openai/agents-realtime": "^0.1.0"}},\n'
                              '"node_modules/openai": {"version": "5.16.0"}}}\n', []),
    ],
)  # fmt: skip
def test_sdk_too_old(matrix: Matrix, name: str, text: str, expected: list[int]) -> None:
    assert kind_of(f"sub/{name}") == "dependencies"
    extracted = extract("dependencies", name, text)
    assert not extracted.diagnostics
    found = [f for f in _found(matrix, extracted.observations) if f.capability == "migrate-sdk-version"]
    assert [f.line for f in found] == expected


def test_runtime_needs_a_newer_sdk(matrix: Matrix) -> None:
    extracted = extract("dependencies", "requirements.txt", "openai==2.44.0\n")
    found = _found(matrix, extracted.observations, model="us.openai.gpt-5.6-sol", region="us-east-1",
                   endpoint="runtime", as_of="latest")  # fmt: skip
    assert [f.capability for f in found] == ["migrate-sdk-version"] and "3.2.0" in found[0].message



@pytest.mark.parametrize(
    ("path", "manifest", "text", "sdk"),
    [
        ("app.py", "requirements.txt", "openai==1.51.0\n", "openai-python v2.40.0"),
        ("web.ts", "package.json", '{"dependencies": {"openai": "^4.0.0"}}\n', "openai-node v6.41.0"),
    ],
)
def test_a_step_naming_an_sdk_cites_that_sdk(matrix: Matrix, path: str, manifest: str, text: str, sdk: str) -> None:
    """The client form and the version pin a step names come from that SDK's own release
    notes: a Node project's steps cite openai-node, not openai-python."""
    pin = extract("dependencies", manifest, text).observations
    found = {f.capability: f for f in _found(matrix, [_client(path, "openai"), *pin])}
    assert found["migrate-client"].source.startswith(sdk), found["migrate-client"].source
    assert found["migrate-sdk-version"].source.startswith(sdk), found["migrate-sdk-version"].source
    runtime = _found(matrix, [_client(path, "openai")], model="us.openai.gpt-5.6-sol", region="us-east-1",
                     endpoint="runtime", as_of="latest")  # fmt: skip
    assert runtime[0].source.startswith("openai-python v3.2.0 / openai-node v7.5.0"), runtime[0].source

def test_a_broken_manifest_is_one_diagnostic() -> None:
    extracted = extract("dependencies", "package.json", "{not json")
    assert len(extracted.diagnostics) == 1 and "package.json" in extracted.diagnostics[0].message


@pytest.mark.parametrize(
    ("spec", "eco", "expected"),
    [("==1.2.3", "pypi", (1, 2, 3)), (">=1", "pypi", None), ("<2", "pypi", (1, 10**6, 10**6)),
     ("^6.41.0", "npm", (6, 10**6, 10**6)), ("6.41.0", "npm", (6, 41, 0)), ("~6.40.1", "npm", (6, 40, 10**6))],
)  # fmt: skip
def test_highest_allowed(spec: str, eco: str, expected) -> None:
    assert highest_allowed(spec, eco) == expected


def test_migration_notes_do_not_fail_ci_or_count_as_readiness(tmp_path: Path) -> None:
    from bedrock_check.matrix import load_matrix
    from bedrock_check.scanner import scan_paths

    (tmp_path / "requirements.txt").write_text("openai==1.51.0\n")
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-x\n")
    mx = load_matrix()
    report = scan_paths([str(tmp_path)], mx, resolve_target(mx, None, None), jobs=1)
    assert {f.capability for f in report.findings} == {"migrate-sdk-version", "migrate-settings"}
    assert report.exit_code("error") == 0
    assert not any(report.readiness().values())


def test_a_mantle_base_url_setting_is_checked_for_its_path(matrix: Matrix) -> None:
    text = "AWS_BEDROCK_BASE_URL=https://bedrock-mantle.us-east-2.api.aws/v1\n" \
           "OPENAI_BASE_URL=https://bedrock-mantle.us-east-2.api.aws/openai/v1\n"  # fmt: skip
    # For the model the user named: /v1 does not serve GPT-5.5 (the OpenAI path does).
    found = _found(matrix, extract("dotenv", ".env", text).observations, model="openai.gpt-5.5")
    assert [(f.line, f.capability) for f in found] == [(1, "mantle-base-path")]
    # With no model named, the setting alone says nothing: the calls that read it are checked
    # for the models they send (a gpt-oss workload on /v1 is right).
    assert _found(matrix, extract("dotenv", ".env", text).observations) == []
    # A model the same file configures is the one the path must serve.
    oss = text + "OPENAI_MODEL=openai.gpt-oss-120b\n"
    found = _found(matrix, extract("dotenv", ".env", oss).observations)
    assert [(f.line, f.capability) for f in found] == [(2, "mantle-base-path")]
    assert "`openai.gpt-oss-120b`" in found[0].message


def test_a_bedrock_base_url_in_dotenv_makes_the_openai_key_a_bedrock_key(matrix: Matrix) -> None:
    # The AWS user guide's setup: OPENAI_BASE_URL at Bedrock, OPENAI_API_KEY holding a Bedrock API key.
    text = "OPENAI_API_KEY=bedrock-api-key-0123456789\nOPENAI_BASE_URL=https://bedrock-mantle.us-east-2.api.aws/v1\n"
    assert [f.capability for f in _found(matrix, extract("dotenv", ".env", text).observations)] == []
    openai = "OPENAI_API_KEY=sk-proj-0123456789abcdef\nOPENAI_BASE_URL=https://api.openai.com/v1\n"
    assert [f.line for f in _found(matrix, extract("dotenv", ".env", openai).observations)] == [1, 2]


@pytest.mark.parametrize(("model", "expected"), [
    ("openai.gpt-oss-120b", set()),  # /v1 serves the open-weight models
    ("gpt-5.5", {(3, "mantle-base-path"), (3, "model-id"), (3, "region-availability")}),
])  # fmt: skip
def test_a_dotenv_base_url_is_checked_for_the_models_the_code_sends(tmp_path: Path, model: str, expected: set) -> None:
    from bedrock_check.checker import Checker

    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text("OPENAI_BASE_URL=https://bedrock-mantle.us-west-2.api.aws/v1\n")
    (tmp_path / "app.py").write_text(f'from openai import OpenAI\nclient = OpenAI()\n'
                                     f'client.responses.create(model="{model}", input="hi")\n')  # fmt: skip
    report = Checker().scan(str(tmp_path))
    # The URL sends the calls to Mantle in us-west-2 (GPT-5.5 was not there), through the OpenAI
    # SDK, which reads OPENAI_BASE_URL; the .env line itself is not judged for a model nobody named.
    assert {(f.line, f.capability) for f in report.findings if f.path.endswith("app.py")} == expected
    assert not [f for f in report.findings if f.path.endswith(".env")]
    assert report.bedrock_endpoints == ("mantle",)


def test_a_pin_in_a_manifest_and_its_lock_file_is_reported_once_where_it_is_declared(tmp_path: Path) -> None:
    """package.json and package-lock.json (and pyproject.toml and uv.lock) pin the same old
    SDK: one note, on the manifest a user edits; a lock file scanned without its manifest,
    or a lock whose manifest allows a Bedrock-ready version, keeps its own."""
    from bedrock_check.matrix import load_matrix
    from bedrock_check.scanner import scan_paths

    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "package.json").write_text('{\n  "dependencies": {\n    "openai": "^4.20.0"\n  }\n}\n')
    (tmp_path / "web" / "package-lock.json").write_text(
        '{\n"packages": {\n"node_modules/openai": {"version": "4.20.1"}\n}\n}\n')  # fmt: skip
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["openai>=1.0,<2"]\n')
    (tmp_path / "py" / "uv.lock").write_text('version = 1\n[[package]]\nname = "openai"\nversion = "1.99.0"\n')
    (tmp_path / "ok").mkdir()  # the manifest allows a new enough SDK; the lock still holds an old one
    (tmp_path / "ok" / "package.json").write_text('{"dependencies": {"openai": "^6.0.0"}}\n')
    (tmp_path / "ok" / "package-lock.json").write_text('{"packages": {"node_modules/openai": {"version": "6.1.0"}}}\n')
    mx = load_matrix()

    def pins(*paths: Path) -> list[str]:
        report = scan_paths([str(p) for p in paths], mx, resolve_target(mx, None, None), jobs=1)
        found = [f for f in report.findings if f.capability == "migrate-sdk-version"]
        return sorted(Path(f.path).relative_to(tmp_path).as_posix() for f in found)

    assert pins(tmp_path) == ["ok/package-lock.json", "py/pyproject.toml", "web/package.json"]
    assert pins(tmp_path / "web" / "package-lock.json") == ["web/package-lock.json"]


@pytest.mark.parametrize(("code", "pinned"), [
    # The SDK only drives another provider (a base URL of Together's): nothing goes to Bedrock.
    ('import OpenAI from "openai";\n'
     'const together = new OpenAI({ apiKey: process.env.TOGETHER_API_KEY, baseURL: "https://api.together.xyz/v1" });\n'
     'export const reply = (text: string) => together.chat.completions.create({\n'
     '  model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", messages: [{ role: "user", content: text }] });\n', False),
    # The same SDK sends to OpenAI too: the pin is the workload's.
    ('import OpenAI from "openai";\n'
     'const together = new OpenAI({ apiKey: process.env.TOGETHER_API_KEY, baseURL: "https://api.together.xyz/v1" });\n'
     'const openai = new OpenAI();\n'
     'export const reply = (text: string) => openai.responses.create({ model: "gpt-5.5", input: text });\n'
     'export const other = (text: string) => together.chat.completions.create({\n'
     '  model: "meta-llama/Llama-3.3-70B-Instruct-Turbo", messages: [{ role: "user", content: text }] });\n', True),
    # No call the scan can see: the workload may be where it cannot follow; the pin stays.
    ('export const nothing = 1;\n', True),
])
def test_a_pin_is_a_step_only_when_the_sdk_may_reach_openai(tmp_path: Path, code: str, pinned: bool) -> None:
    from bedrock_check.matrix import load_matrix
    from bedrock_check.scanner import scan_paths

    (tmp_path / "package.json").write_text('{\n  "dependencies": {\n    "openai": "^4.20.1"\n  }\n}\n')
    (tmp_path / "llm.ts").write_text(code)
    mx = load_matrix()
    report = scan_paths([str(tmp_path)], mx, resolve_target(mx, None, None), jobs=1)
    assert any(f.capability == "migrate-sdk-version" for f in report.findings) == pinned


@pytest.mark.parametrize(("setting", "fires"), [
    ("AWS_BEDROCK_BASE_URL", True),  # what BedrockOpenAI reads
    ("OPENAI_BASE_URL", False),  # BedrockOpenAI never reads it (openai-python v2.40.0)
])  # fmt: skip
def test_the_bedrock_client_reads_its_own_base_url_setting(tmp_path: Path, setting: str, fires: bool) -> None:
    from bedrock_check.checker import Checker

    (tmp_path / ".git").mkdir()
    (tmp_path / ".env").write_text(f"{setting}=https://bedrock-mantle.us-east-2.api.aws/v1\n")
    (tmp_path / "app.py").write_text('from openai import BedrockOpenAI\nclient = BedrockOpenAI(aws_region="us-east-2")\n'
                                     'client.responses.create(model="openai.gpt-5.5", input="hi")\n')  # fmt: skip
    found = {(f.line, f.capability) for f in Checker().scan(str(tmp_path)).findings if f.path.endswith("app.py")}
    assert found == ({(3, "mantle-base-path")} if fires else set())


def test_a_pin_of_a_project_of_its_own_is_a_step_only_where_that_project_reaches_openai(tmp_path: Path) -> None:
    """A repository of small projects: the one whose code sends to OpenAI has its pin raised;
    the one on Gemini's OpenAI-compatible endpoint does not; a root requirements file stays."""
    from bedrock_check.matrix import load_matrix
    from bedrock_check.scanner import scan_paths

    lock = '[[package]]\nname = "openai"\nversion = "1.101.0"\nsource = { registry = "https://pypi.org/simple" }\n'
    for name, base in (("chat", ""), ("gemini", ', base_url="https://generativelanguage.googleapis.com/v1beta/openai/"')):
        (tmp_path / name).mkdir()
        (tmp_path / name / "uv.lock").write_text(lock)
        (tmp_path / name / "app.py").write_text(
            f'from openai import OpenAI\nclient = OpenAI(api_key="k"{base})\n'
            f'client.chat.completions.create(model="{"gpt-4.1" if not base else "gemini-2.5-flash"}", messages=[])\n')
    (tmp_path / "requirements.txt").write_text("openai==1.30.0\n")
    mx = load_matrix()
    report = scan_paths([str(tmp_path)], mx, resolve_target(mx, None, None), jobs=1)
    pins = sorted(Path(f.path).relative_to(tmp_path).as_posix() for f in report.findings
                  if f.capability == "migrate-sdk-version")  # fmt: skip
    assert pins == ["chat/uv.lock", "requirements.txt"]
