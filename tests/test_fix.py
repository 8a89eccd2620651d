"""`bedrock-check fix`: exact edits, a clean re-scan, code that still parses, idempotence,
dirty files left alone, and edits that are refused rather than guessed."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.fix.jsedit import edit_javascript, has_syntax_error
from bedrock_check.fix.pyedit import edit_python, import_bedrock_client
from bedrock_check.fix.textedit import Edit, EditError, replace_literal
from bedrock_check.matrix import Matrix

FIXTURE = Path(__file__).parent / "fixtures" / "fix" / "app"
runner = CliRunner()


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def app_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture application in a fresh git repository, as the working folder."""
    root = tmp_path / "app"
    shutil.copytree(FIXTURE, root)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "app")
    monkeypatch.chdir(root)
    return root


def _scan(root: Path) -> list[dict]:
    result = runner.invoke(app, ["scan", str(root), "--format", "json", "--exit-zero", "--no-config"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["findings"]


def _edit(kind: str, line: int, column: int, text: str = "", expect: str = "") -> Edit:
    return Edit("f", kind, line, column, line, column + 1, text, expect, "cap", "fp", "title")  # type: ignore[arg-type]


EXPECTED_DIFF = (Path(__file__).parent / "snapshots" / "fix-app.diff").read_text()


def test_diff_prints_the_exact_edits_and_writes_nothing(app_copy: Path) -> None:
    before = {p.name: p.read_bytes() for p in app_copy.iterdir() if p.is_file()}
    result = runner.invoke(app, ["fix", ".", "--diff", "--no-config"])
    assert result.exit_code == 1, result.output  # there are edits to make
    assert result.stdout.startswith(EXPECTED_DIFF)
    assert {p.name: p.read_bytes() for p in app_copy.iterdir() if p.is_file()} == before
    # The hosted tool is listed with its remediation, not edited.
    assert "web-search" in result.stdout and "agent.py:21" in result.stdout


def test_fix_resolves_its_findings_keeps_the_rest_and_is_idempotent(app_copy: Path) -> None:
    before = _scan(app_copy)
    fixable = {(f["path"], f["capability"]) for f in before if f["capability"] in ("model-id", "service-tiers")}
    assert len(fixable) >= 2

    result = runner.invoke(app, ["fix", ".", "--no-config"])
    # Two model ids and two service tiers per file, and each file's OpenAI client (the migrate-client notes).
    assert "Fixed 8 findings in 2 files" in result.stdout, result.output
    assert result.exit_code == 1  # the hosted tool is still there

    after = _scan(app_copy)
    assert not [f for f in after if f["capability"] in ("model-id", "service-tiers")]
    assert [f["capability"] for f in after] == ["web-search"]
    ast.parse((app_copy / "agent.py").read_text())
    assert not has_syntax_error((app_copy / "ui.ts").read_bytes(), "typescript")
    # Comments and untouched lines survive.
    assert '# the default model' in (app_copy / "agent.py").read_text()

    snapshot = {p.name: p.read_bytes() for p in app_copy.iterdir() if p.is_file()}
    again = runner.invoke(app, ["fix", ".", "--no-config"])
    assert "Fixed 0 findings in 0 files" in again.stdout
    assert {p.name: p.read_bytes() for p in app_copy.iterdir() if p.is_file()} == snapshot


def test_a_file_with_uncommitted_changes_is_left_alone(app_copy: Path) -> None:
    agent = app_copy / "agent.py"
    agent.write_text(agent.read_text() + "\n# work in progress\n")
    dirty = agent.read_bytes()
    result = runner.invoke(app, ["fix", ".", "--no-config"])
    assert agent.read_bytes() == dirty
    assert "agent.py unchanged: has uncommitted changes" in result.stderr
    assert "openai.gpt-5.5" in (app_copy / "ui.ts").read_text()  # the clean file was fixed
    forced = runner.invoke(app, ["fix", ".", "--no-config", "--allow-dirty"])
    assert forced.exit_code == 1
    assert "openai.gpt-5.5" in agent.read_text()


def test_line_endings_and_unicode_survive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = 'from openai import OpenAI\r\nc = OpenAI()\r\n# café ☕\r\nc.responses.create(model="gpt-5.5", input="é")\r\n'
    (tmp_path / "w.py").write_bytes(src.encode())
    result = runner.invoke(app, ["fix", ".", "--no-config"])
    assert "Fixed 2 findings in 1 file" in result.stdout, result.output  # the model id and the client
    expected = src.replace('"gpt-5.5"', '"openai.gpt-5.5"').replace("import OpenAI", "import BedrockOpenAI")
    expected = expected.replace("c = OpenAI()", 'c = BedrockOpenAI(aws_region="us-east-2")')
    assert (tmp_path / "w.py").read_bytes() == expected.encode()


def test_replace_refuses_a_span_that_no_longer_holds_the_value() -> None:
    with pytest.raises(EditError, match=r"expected 'gpt-5\.5'"):
        replace_literal('m = "gpt-4o"\n', [_edit("replace", 1, 5, "openai.gpt-5.5", "gpt-5.5")])
    with pytest.raises(EditError, match="expected"):  # an f-string is not a plain literal
        replace_literal('m = f"gpt-5.5"\n', [_edit("replace", 1, 5, "openai.gpt-5.5", "gpt-5.5")])


def test_python_removal_keeps_layout_and_refuses_a_wrong_position() -> None:
    src = 'f(a=1,\n  service_tier="flex")\n'
    assert edit_python(src, _edit("remove-entry", 2, 16)) == "f(a=1)\n"
    with pytest.raises(EditError, match="no remove-entry target"):
        edit_python(src, _edit("remove-entry", 1, 1))


def test_python_client_becomes_the_bedrock_client() -> None:
    src = (
        "import os\nfrom openai import OpenAI\n\n"
        'client = OpenAI(api_key=os.getenv("OPENAI_API_KEY"), project="p", base_url="https://api.openai.com/v1",'
        " timeout=5)  # keep\n"
    )
    out = import_bedrock_client(edit_python(src, _edit("client", 4, 10, "us-west-2")))
    assert out == (
        "import os\nfrom openai import BedrockOpenAI\n\n"
        'client = BedrockOpenAI(aws_region="us-west-2", timeout=5)  # keep\n'
    )
    # A name still used elsewhere keeps its import.
    src2 = "from openai import OpenAI\na = OpenAI()\nb: OpenAI\n"
    out2 = import_bedrock_client(edit_python(src2, _edit("client", 2, 5, "us-east-2")))
    assert "from openai import BedrockOpenAI, OpenAI" in out2
    assert 'a = BedrockOpenAI(aws_region="us-east-2")' in out2


def test_javascript_client_becomes_the_bedrock_client() -> None:
    src = (
        'import OpenAI from "openai";\n'
        "const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, maxRetries: 2 });\n"
        "const bare = new OpenAI();\n"
        "const short = new OpenAI({ apiKey });\n"
    )
    out = edit_javascript(src, "typescript", _edit("client", 4, 15, "us-east-2"))
    out = edit_javascript(out, "typescript", _edit("client", 3, 14, "us-east-2"))
    out = edit_javascript(out, "typescript", _edit("client", 2, 16, "us-east-2"))
    out = import_js(out)
    assert out == (
        'import { BedrockOpenAI } from "openai";\n'
        'const client = new BedrockOpenAI({ awsRegion: "us-east-2", maxRetries: 2 });\n'
        'const bare = new BedrockOpenAI({ awsRegion: "us-east-2" });\n'
        'const short = new BedrockOpenAI({ awsRegion: "us-east-2", apiKey });\n'
    )
    assert not has_syntax_error(out.encode(), "typescript")


def import_js(text: str) -> str:
    from bedrock_check.fix.jsedit import import_bedrock_client

    return import_bedrock_client(text, "typescript")


@pytest.mark.parametrize(
    ("src", "column", "want"),
    [
        ('f({ a: 1, service_tier: "flex" });\n', 25, "f({ a: 1 });\n"),
        ('f({ service_tier: "flex", a: 1 });\n', 19, "f({ a: 1 });\n"),
        ('f({\n  a: 1,\n  service_tier: "flex",\n});\n', None, "f({\n  a: 1,\n});\n"),
    ],
)
def test_javascript_removal_keeps_the_object_well_formed(src: str, column: int | None, want: str) -> None:
    line = 3 if column is None else 1
    out = edit_javascript(src, "javascript", _edit("remove-entry", line, column or 17))
    assert out == want
    assert not has_syntax_error(out.encode(), "javascript")


def test_env_settings_become_bedrock_settings_and_secrets_stay_out_of_the_diff() -> None:
    from bedrock_check.fix.dotenv import mask_secret_lines, setting_edit
    from bedrock_check.fix.textedit import unified_diff

    env = "# service\nOPENAI_API_KEY=sk-live-123456\r\nexport OPENAI_BASE_URL=https://api.openai.com/v1\nDEBUG=1\n"
    out = setting_edit(env, _edit("setting", 3, 1), "us-west-2", "runtime")
    out = setting_edit(out, _edit("setting", 2, 1), "us-west-2", "runtime")
    assert out == (
        "# service\n# OPENAI_API_KEY=sk-live-123456\r\nAWS_BEARER_TOKEN_BEDROCK=\r\n"
        "# export OPENAI_BASE_URL=https://api.openai.com/v1\n"
        "export AWS_BEDROCK_BASE_URL=https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1\nDEBUG=1\n"
    )
    shown = mask_secret_lines(unified_diff(".env", env, out))
    assert "sk-live" not in shown and "OPENAI_API_KEY=****" in shown
    with pytest.raises(EditError, match="not an OpenAI setting"):
        setting_edit(env, _edit("setting", 4, 1), "us-west-2")


def test_scan_says_how_many_findings_fix_can_resolve(app_copy: Path) -> None:
    data = runner.invoke(app, ["scan", ".", "--format", "json", "--exit-zero", "--no-config"])
    # Model ids and service tiers, and each file's OpenAI client construction (migrate-client).
    assert json.loads(data.stdout)["summary"]["fixable"] == 8
    text = runner.invoke(app, ["scan", ".", "--exit-zero", "--no-config", "--color", "never"])
    assert "8 fixable with `bedrock-check fix`" in text.stdout
    runner.invoke(app, ["fix", ".", "--no-config"])
    after = runner.invoke(app, ["scan", ".", "--format", "json", "--exit-zero", "--no-config"])
    assert json.loads(after.stdout)["summary"]["fixable"] == 0


def test_sarif_results_carry_the_edit_fix_would_make(app_copy: Path, tmp_path: Path) -> None:
    out = runner.invoke(app, ["scan", ".", "--format", "sarif", "--exit-zero", "--no-config"])
    log = json.loads(out.stdout)
    results = log["runs"][0]["results"]
    with_fix = [r for r in results if r.get("fixes")]
    assert {r["ruleId"] for r in with_fix} == {"model-id", "service-tiers", "migrate-client"}
    assert not [r for r in results if r["ruleId"] == "web-search" and r.get("fixes")]
    # Applying one result's replacement by hand gives what `fix` writes for that finding.
    ts = next(r for r in with_fix if r["ruleId"] == "model-id" and "ui.ts" in json.dumps(r))
    change = ts["fixes"][0]["artifactChanges"][0]["replacements"][0]
    lines = (app_copy / "ui.ts").read_text().split("\n")
    region = change["deletedRegion"]
    assert region["startLine"] == region["endLine"]
    row = lines[region["startLine"] - 1]
    lines[region["startLine"] - 1] = (
        row[: region["startColumn"] - 1] + change["insertedContent"]["text"] + row[region["endColumn"] - 1 :]
    )
    assert lines[region["startLine"] - 1] == '    model: "openai.gpt-5.5",'
    schema = Path(__file__).resolve().parents[1] / ".ci" / "cache" / "sarif" / "package" / "sarif-2.1.0.json"
    import os

    schema = Path(os.environ.get("SARIF_SCHEMA", schema))
    if schema.is_file():
        import jsonschema

        jsonschema.validate(log, json.loads(schema.read_text()))
    elif os.environ.get("CI"):
        pytest.fail("CI must provide the SARIF 2.1.0 schema (.ci/run fetches it)")


def test_a_path_that_does_not_exist_is_a_usage_error(app_copy: Path) -> None:
    result = runner.invoke(app, ["fix", "--no-config", "--", "nosuchdir"])
    assert result.exit_code == 2
    assert "nosuchdir: no such file or directory" in result.stderr


def test_notebooks_are_left_to_a_person_and_the_output_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = ["from openai import OpenAI\n", "c = OpenAI()\n", 'c.responses.create(model="gpt-5.5", input="x")\n']
    cell = {"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "a.ipynb").write_text(json.dumps(notebook, indent=1))
    before = (tmp_path / "a.ipynb").read_bytes()
    result = runner.invoke(app, ["fix", ".", "--no-config"])
    assert (tmp_path / "a.ipynb").read_bytes() == before
    assert "model-id" in result.stdout and "notebooks and docs are left to you" in result.stdout
    assert result.exit_code == 1


def test_an_edit_fix_cannot_make_leaves_the_others_standing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = (
        "from openai import AzureOpenAI, OpenAI\n"
        'azure = AzureOpenAI(api_version="2024-10-21", azure_endpoint="https://x.openai.azure.com")\n'
        "client = OpenAI()\n"
        'client.responses.create(model="gpt-5.5", input="hi")\n'
    )
    (tmp_path / "two.py").write_text(src)
    result = runner.invoke(app, ["fix", ".", "--no-config"])
    out = (tmp_path / "two.py").read_text()
    assert 'client = BedrockOpenAI(aws_region="us-east-2")' in out
    assert 'model="openai.gpt-5.5"' in out
    assert "azure = AzureOpenAI(" in out  # the Azure client is a person's call
    ast.parse(out)
    assert "migrate-client" in result.stdout and "two.py:2" in result.stdout
    # The reason it is left says what it is, not a guess about models.
    assert "`AzureOpenAI` is not the plain OpenAI client" in result.stdout
    assert "Bedrock does not serve this model" not in result.stdout


def test_a_refused_client_is_listed_with_its_reason_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "served.py").write_text(
        "from openai import OpenAI\n\n\nclass Served:\n    def __init__(self, url):\n"
        "        self.base_url = url\n        self.client = OpenAI(base_url=self.base_url)\n\n"
        "    def ask(self, q):\n        return self.client.responses.create(model='gpt-5.5', input=q)\n"
    )
    result = runner.invoke(app, ["fix", ".", "--diff", "--no-config"])
    assert ("migrate-client (1 place)\n          the client's base URL (`self.base_url`) is not the OpenAI API's"
            in result.stdout), result.stdout  # (said once, without its place again: the place follows)
    assert "BedrockOpenAI(" not in result.stdout


@pytest.mark.parametrize("endpoint", ["mantle", "runtime"])
def test_a_client_with_a_base_url_of_its_own_is_left_to_a_person(endpoint: str) -> None:
    """A base URL that is not the OpenAI API's (a field, a variable, another server) would send
    the Bedrock client's requests there, or move a client that serves another provider: the
    construction is refused with the reason, never rewritten with the URL kept."""
    edit = Edit("f", "client", 2, 15, 2, 16, "us-east-2", "", "migrate-client", "fp", "t", endpoint=endpoint)  # type: ignore[arg-type]
    src = "from openai import OpenAI\nself.client = OpenAI(base_url=self.base_url, api_key=api_key)\n"
    with pytest.raises(EditError, match=r"base URL \(`self\.base_url`\) is not the OpenAI API's"):
        edit_python(src, edit)
    js = "import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL: process.env.LLM_URL, apiKey: key });\n"
    with pytest.raises(EditError, match=r"base URL \(`process\.env\.LLM_URL`\)"):
        edit_javascript(js, "typescript", replace(edit, column=16))
    shorthand = "import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL });\n"
    with pytest.raises(EditError, match=r"base URL \(`baseURL`\)"):
        edit_javascript(shorthand, "typescript", replace(edit, column=16))
    # The OpenAI API's own URL still goes.
    ok = "from openai import OpenAI\nclient = OpenAI(base_url='https://api.openai.com/v1')\n"
    assert "base_url" not in edit_python(ok, replace(edit, column=10))

def test_runtime_endpoint_clients_wait_for_an_sdk_that_offers_them(app_copy: Path) -> None:
    # On the baseline date no SDK had a runtime client: nothing is written, and the reason says so.
    result = runner.invoke(app, ["fix", ".", "--diff", "--no-config", "--endpoint", "runtime", "--region", "us-east-1"])
    assert "BedrockOpenAI" not in result.stdout and "provider=" not in result.stdout  # the Mantle client would be wrong
    assert "migrate-client" in result.stdout
    assert "the SDK has no Bedrock client for the runtime endpoint at the as-of date" in result.stdout


def test_runtime_endpoint_clients_get_the_provider_form(app_copy: Path) -> None:
    # From 2026-08-17 the SDKs take `endpoint="runtime"` (openai-python 3.2.0 / openai-node 7.5.0 bedrock.md).
    options = ["--no-config", "--endpoint", "runtime", "--region", "us-east-1", "--as-of", "latest"]
    result = runner.invoke(app, ["fix", ".", *options])
    assert "Fixed 5 findings in 2 files" in result.stdout, result.output
    agent = (app_copy / "agent.py").read_text()
    assert "from openai.providers import bedrock\n" in agent and "BedrockOpenAI" not in agent
    assert ('client = OpenAI(\n    provider=bedrock(region="us-east-1", endpoint="runtime"),\n    api_key=None,\n'
            "    timeout=30,\n)") in agent  # fmt: skip
    ast.parse(agent)
    ui = (app_copy / "ui.ts").read_text()
    assert 'import { bedrock } from "openai/providers/bedrock/aws";\n' in ui
    assert ('new OpenAI({ provider: bedrock({ region: "us-east-1", endpoint: "runtime" }), apiKey: null, maxRetries: 2 })'
            in ui)  # fmt: skip
    assert not has_syntax_error(ui.encode(), "typescript")
    # GPT-5.5 is not served on the runtime: its id is left alone rather than renamed to one that fails there.
    assert '"gpt-5.5"' in ui
    # The re-scan sees Bedrock clients on the runtime endpoint: no client to replace any more.
    after = runner.invoke(app, ["scan", ".", "--format", "json", "--exit-zero", *options])
    left = {f["capability"] for f in json.loads(after.stdout)["findings"]}
    assert "migrate-client" not in left and "model-endpoint" in left, left
    again = runner.invoke(app, ["fix", ".", "--diff", *options])
    assert "provider=" not in again.stdout and "+import" not in again.stdout  # idempotent


def test_python_and_javascript_runtime_client_edits() -> None:
    src = ("import os\nfrom openai import OpenAI\n\n"
           'a = OpenAI(api_key=os.getenv("OPENAI_API_KEY"), project="p", timeout=5)  # keep\n'
           "b = OpenAI()\nc = OpenAI(api_key=os.environ['BEDROCK_KEY'])\n")  # fmt: skip
    out = src
    for line, col in ((6, 5), (5, 5), (4, 5)):
        out = edit_python(out, _runtime_edit(line, col))
    out = import_bedrock_client(out, "runtime")
    assert out == ("import os\nfrom openai import OpenAI\nfrom openai.providers import bedrock\n\n"
                   'a = OpenAI(provider=bedrock(region="us-east-1", endpoint="runtime"), api_key=None, timeout=5)  # keep\n'
                   'b = OpenAI(provider=bedrock(region="us-east-1", endpoint="runtime"), api_key=None)\n'
                   "c = OpenAI(provider=bedrock(region=\"us-east-1\", endpoint=\"runtime\"), api_key=os.environ['BEDROCK_KEY'])\n")  # fmt: skip
    with pytest.raises(EditError, match="already takes a `provider`"):
        edit_python("from openai import OpenAI\nx = OpenAI(provider=p)\n", _runtime_edit(2, 5))
    from bedrock_check.fix.jsedit import import_bedrock_client as import_js_client

    js = ('import OpenAI from "openai";\nconst a = new OpenAI();\nconst b = new OpenAI({ apiKey });\n'
          "const c = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n")  # fmt: skip
    for line, col in ((4, 11), (3, 11), (2, 11)):
        js = edit_javascript(js, "typescript", _runtime_edit(line, col))
    js = import_js_client(js, "typescript", "runtime")
    provider = 'provider: bedrock({ region: "us-east-1", endpoint: "runtime" })'
    assert js == ('import OpenAI from "openai";\nimport { bedrock } from "openai/providers/bedrock/aws";\n'
                  f"const a = new OpenAI({{ {provider}, apiKey: null }});\n"
                  f"const b = new OpenAI({{ {provider}, apiKey }});\n"
                  f"const c = new OpenAI({{ {provider}, apiKey: null }});\n")  # fmt: skip
    assert not has_syntax_error(js.encode(), "typescript")


def _runtime_edit(line: int, column: int) -> Edit:
    return Edit("f", "client", line, column, line, column + 1, "us-east-1", "", "cap", "fp", "title", endpoint="runtime")


def test_env_settings_and_model_ids_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    key = "sk-proj-Q8rT2vLw9XkP3mN7"
    env = f"# settings\nOPENAI_API_KEY={key}\nOPENAI_BASE_URL=https://api.openai.com/v1\nOPENAI_MODEL=gpt-5.5\nDEBUG=1\n"
    (tmp_path / ".env").write_text(env)
    (tmp_path / "app.py").write_text(
        'import os\nfrom openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model=os.environ["OPENAI_MODEL"], input="hi")\n'
    )
    shown = runner.invoke(app, ["fix", ".", "--diff", "--no-config", "--region", "us-west-2"])
    assert key not in shown.stdout and "OPENAI_API_KEY=****" in shown.stdout
    runner.invoke(app, ["fix", ".", "--no-config", "--region", "us-west-2"])
    assert (tmp_path / ".env").read_text() == (
        f"# settings\n# OPENAI_API_KEY={key}\nAWS_BEARER_TOKEN_BEDROCK=\n"
        "# OPENAI_BASE_URL=https://api.openai.com/v1\n"
        "AWS_BEDROCK_BASE_URL=https://bedrock-mantle.us-west-2.api.aws/openai/v1\nOPENAI_MODEL=openai.gpt-5.5\nDEBUG=1\n"
    )
    assert 'client = BedrockOpenAI(aws_region="us-west-2")' in (tmp_path / "app.py").read_text()
    after = runner.invoke(app, ["scan", ".", "--format", "json", "--exit-zero", "--no-config", "--region", "us-west-2"])
    left = {f["capability"] for f in json.loads(after.stdout)["findings"]}
    assert not left & {"model-id", "migrate-client", "migrate-settings"}, left


def test_env_key_is_kept_while_no_client_of_its_folder_moves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An AI SDK app: `fix` does not rewrite `createOpenAI`, which goes on reading OPENAI_API_KEY,
    # so swapping the key for AWS_BEARER_TOKEN_BEDROCK would leave the app with none. A Python
    # service beside it, whose client `fix` moves, gets its own .env swapped.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "web").mkdir()
    (tmp_path / "svc").mkdir()
    web_env = "OPENAI_API_KEY=sk-web-1\nOPENAI_BASE_URL=https://api.openai.com/v1\n"
    (tmp_path / "web" / ".env").write_text(web_env)
    (tmp_path / "web" / "route.ts").write_text(
        'import { createOpenAI } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n'
        "const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });\n"
        'export const run = () => generateText({ model: openai.responses("gpt-5.5"), prompt: "hi" });\n'
    )
    (tmp_path / "svc" / ".env").write_text("OPENAI_API_KEY=sk-svc-2\n")
    (tmp_path / "svc" / "app.py").write_text(
        'from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gpt-5.5", input="hi")\n'
    )
    result = runner.invoke(app, ["fix", ".", "--no-config", "--region", "us-west-2"])
    assert (tmp_path / "web" / ".env").read_text() == web_env
    assert (tmp_path / "svc" / ".env").read_text() == "# OPENAI_API_KEY=sk-svc-2\nAWS_BEARER_TOKEN_BEDROCK=\n"
    assert "web/.env" in result.stdout and "change the client first" in result.stdout
    # The scan's count of what `fix` can do agrees with what it did.
    scanned = runner.invoke(app, ["scan", "web", "--format", "json", "--exit-zero", "--no-config", "--region", "us-west-2"])
    settings = [f for f in json.loads(scanned.stdout)["findings"] if f["capability"] == "migrate-settings"]
    assert settings and json.loads(scanned.stdout)["summary"]["fixable"] == 0


def test_model_ids_in_request_files_are_replaced_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    body = '{\n  "model": "gpt-5.5",\n  "input": "hi",\n  "service_tier": "flex"\n}\n'
    (tmp_path / "req.json").write_text(body)
    result = runner.invoke(app, ["fix", ".", "--no-config"])
    assert (tmp_path / "req.json").read_text() == body.replace('"gpt-5.5"', '"openai.gpt-5.5"')
    # Removing a key is a structural edit, which fix makes in Python and JS/TS code only.
    assert "service-tiers" in result.stdout


def test_what_is_left_is_grouped_with_its_advice_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tools.py").write_text(
        "from openai import OpenAI\nclient = OpenAI()\n"
        'client.responses.create(model="gpt-5.5", input="a", tools=[{"type": "web_search"}])\n'
        'client.responses.create(model="gpt-5.5", input="b", tools=[{"type": "web_search"}])\n'
    )
    result = runner.invoke(app, ["fix", ".", "--diff", "--no-config"])
    assert "web-search (2 places)" in result.stdout
    assert result.stdout.count("Replace the hosted tool") == 1
    assert "tools.py:3:" in result.stdout and "tools.py:4:" in result.stdout


def test_places_left_to_a_person_are_listed_in_file_and_line_order(matrix: Matrix) -> None:
    """The plan holds what it leaves in the order the scan met it (workers' files as they
    finished; a constructor's defaults handed on to other modules' classes, one model after
    another): under each capability the places are listed as the reports list them."""
    import io

    from bedrock_check.cli.fix import _write_left
    from bedrock_check.findings import Finding

    def at(path: str, line: int, column: int = 5) -> Finding:
        return Finding("model-availability", "Model not offered on Bedrock", "error", "not_available",
                       "not offered", "Switch to a model Bedrock offers.", path, line, column, line, column + 7,
                       "", '"gpt-4"', "/model", None, "inferred", "fp")  # fmt: skip

    left = [(at("team.py", 41), ""), (at("team.py", 35), ""), (at("agents/writer.py", 17), ""),
            (at("team.py", 28), ""), (at("team.py", 28, 2), "")]  # fmt: skip
    out = io.StringIO()
    _write_left(out, left, matrix)
    places = [line.strip() for line in out.getvalue().splitlines() if ".py:" in line]
    assert places == ["agents/writer.py:17:5", "team.py:28:2", "team.py:28:5", "team.py:35:5", "team.py:41:5"]


def test_fix_quiet_prints_only_its_summary_line_and_still_edits(app_copy: Path) -> None:
    """`fix -q`, as `scan -q`: the one summary line, not the places left to a person; the edits
    are made all the same, and the exit code still says findings remain."""
    loud = runner.invoke(app, ["fix", ".", "--no-config", "--diff"])
    assert "to change by hand:" in loud.stdout
    result = runner.invoke(app, ["fix", ".", "--no-config", "-q"])
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fixed ") and "left to change by hand" in lines[0]
    assert result.exit_code == 1
    after = runner.invoke(app, ["scan", ".", "--format", "json", "--exit-zero", "--no-config"])
    assert json.loads(after.stdout)["summary"]["fixable"] == 0
