"""The call-site layer, the SDK/framework catalogue and provider attribution."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bedrock_check.catalogue import CatalogueError, load_catalogue, shipped_catalogue
from bedrock_check.discover import Candidate
from bedrock_check.engine import Engine
from bedrock_check.extract import extract
from bedrock_check.extract.project import Project
from bedrock_check.findings import CodeObservation, RequestObservation
from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanner import Prefilter, scan_paths

from .conftest import FIXTURES

SCAN = FIXTURES / "scan"
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "bedrock_check" / "catalogue"


def _observations(kind: str, path: Path, project: Project | None = None):
    return extract(kind, path.name, path.read_text(), origin=str(path), project=project).observations


# ------------------------------------------------------------ providers


def test_clients_carry_provider_and_attributes() -> None:
    obs = _observations("python", SCAN / "providers-py" / "azure_and_bedrock.py")
    clients = {o.provider: dict(o.attrs) for o in obs if isinstance(o, CodeObservation) and o.kind == "client"}
    assert clients["azure"]["base_url"] == "https://contoso.openai.azure.com"
    assert clients["bedrock"] == {
        "base_url": "https://bedrock-mantle.us-west-2.api.aws/openai/v1", "endpoint": "mantle", "region": "us-west-2",
        "base_url_env": clients["bedrock"].get("base_url_env", ""),
    } or clients["bedrock"]["region"] == "us-west-2"
    assert clients["bedrock"]["endpoint"] == "mantle"


@pytest.mark.parametrize("name", ["local_models.py", "anthropic_app.py", "gemini_app.py"])
def test_other_providers_are_never_checked(name: str) -> None:
    obs = _observations("python", SCAN / "providers-py" / name)
    checked = [o for o in obs if isinstance(o, RequestObservation) and o.provider in (None, "openai", "azure", "bedrock")]
    assert not checked, checked


def test_local_models_are_attributed_to_their_provider() -> None:
    obs = _observations("python", SCAN / "providers-py" / "local_models.py")
    calls = {o.span.line: o.provider for o in obs if isinstance(o, CodeObservation) and o.kind == "call"
             and o.value.endswith(".create")}  # fmt: skip
    assert set(calls.values()) >= {"ollama", "lmstudio", "xai", "huggingface", "nvidia", "together", "meta"}


def test_skipped_calls_are_counted_and_azure_findings_say_azure(
    matrix: Matrix, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SCAN / "providers-py")
    report = scan_paths(["."], matrix, target, jobs=1)
    # local_models.py: 8 calls; frameworks.py: 4 (Ollama agent model, Claude x3);
    # local_app/chat.py: 1 (OPENAI_BASE_URL in the .env beside it points at Ollama)
    assert report.skipped_by_provider == 13
    azure = [f for f in report.findings if f.path == "azure_and_bedrock.py" and f.capability == "web-search"]
    assert azure and "Azure OpenAI" in azure[0].message
    bedrock = [f for f in report.findings if f.path == "azure_and_bedrock.py" and f.capability == "code-interpreter"]
    assert bedrock and "Azure" not in bedrock[0].message


def test_unresolved_deciding_keys_are_warnings_naming_the_key(
    matrix: Matrix, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SCAN / "providers-py")
    report = scan_paths(["openai_app.py"], matrix, target, jobs=1)
    by_pointer = {(f.capability, f.pointer): f for f in report.findings}
    tier = by_pointer[("service-tiers", "/service_tier")]
    assert tier.severity == "warning" and "could not work out" in tier.value
    assert by_pointer[("background-mode", "/background")].line == tier.line + 2
    assert by_pointer[("conversation-state", "/previous_response_id")]


def test_read_model_strings() -> None:
    cat = shipped_catalogue()
    assert cat.read_model("openai:gpt-4o") == ("gpt-4o", "openai")
    assert cat.read_model("openai-responses:gpt-5") == ("gpt-5", "openai")
    assert cat.read_model("openai/gpt-4o") == ("gpt-4o", "openai")
    assert cat.read_model("anthropic/claude-3-5-sonnet")[1] == "anthropic"
    assert cat.read_model("gemini-2.5-pro")[1] == "google"
    assert cat.read_model("grok-4")[1] == "xai"
    assert cat.read_model("llama3.2")[1] == "meta"
    assert cat.read_model("contoso-chat")[1] is None
    # An OpenAI-compatible server's own model and an Azure deployment name are not OpenAI models.
    assert cat.read_model("openai/your-model-name") == ("your-model-name", None)
    assert cat.read_model("azure/my-gpt-deployment") == ("my-gpt-deployment", None)
    assert cat.read_model("azure/gpt-4o") == ("gpt-4o", "azure")
    assert cat.read_model("azure-responses:gpt-5.2") == ("gpt-5.2", "azure")
    assert cat.read_model("bedrock/openai.gpt-oss-120b-1:0") == ("bedrock/openai.gpt-oss-120b-1:0", "bedrock")
    assert cat.read_model("bedrock/us.anthropic.claude-sonnet-4-6")[1] == "anthropic"
    assert cat.read_model("bedrock:anthropic.claude-sonnet-4-5-20250929-v1:0")[1] == "anthropic"


# ------------------------------------------------------------ cross-file


def test_imports_of_the_scanned_tree_are_followed_lazily(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(SCAN / "crossfile-py", root)
    project = Project(shipped_catalogue())
    obs = _observations("python", root / "app" / "assistant.py", project)
    bodies = [o.body for o in obs if isinstance(o, RequestObservation) and not o.fragment]
    assert bodies[1] != {"model": "gpt-4o", "tools": [], "input": None}
    models = [b.get("model") for b in bodies]
    assert "gpt-4o" in models  # DEFAULT_MODEL, re-exported by app/__init__.py from app/config.py
    assert "gpt-4.1" in models  # a dataclass field's default
    assert "openai.gpt-5.5" in models  # FALLBACK_MODEL from app.config
    # The hosted tools written in other files are reported there, not again at the use.
    with_tools = next(b for b in bodies if "tools" in b)
    assert [t["type"] for t in with_tools["tools"]] == ["function"]
    parsed = {Path(p).name for p in project._models}
    assert parsed == {"__init__.py", "config.py", "tools.py"}


def test_without_a_project_imports_stay_symbols() -> None:
    obs = _observations("python", SCAN / "crossfile-py" / "app" / "assistant.py")
    bodies = [o.body for o in obs if isinstance(o, RequestObservation)]
    assert all(b.get("model") != "gpt-4o" for b in bodies)


# ------------------------------------------------------------ the catalogue


def test_catalogue_typo_names_file_field_and_suggestion(tmp_path: Path) -> None:
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    sdk = tmp_path / "sdk.yaml"
    sdk.write_text(sdk.read_text().replace("endpoint: embeddings", "endpoint: embedings"))
    with pytest.raises(CatalogueError, match=r"sdk\.yaml: methods\[\d+\]\.endpoint: unknown 'embedings'; did you mean 'embeddings'"):
        load_catalogue(tmp_path)
    sdk.write_text((CATALOGUE_DIR / "sdk.yaml").read_text().replace(", body: true}", ", bodyy: true}", 1))
    with pytest.raises(CatalogueError, match=r"sdk\.yaml: methods\.0\.bodyy: .*did you mean 'body'"):
        load_catalogue(tmp_path)
    providers = tmp_path / "providers.yaml"
    shutil.copy(CATALOGUE_DIR / "sdk.yaml", sdk)
    providers.write_text(providers.read_text().replace("provider: groq}", "provider: grok}", 1))
    with pytest.raises(CatalogueError, match=r"providers\.yaml: .*unknown 'grok'; did you mean 'groq'"):
        load_catalogue(tmp_path)


def test_every_hosted_tool_type_fires(matrix: Matrix, target: Target) -> None:
    """The catalogue's hosted-tool types are ones the matrix reports."""
    engine = Engine(matrix, target)
    cat = shipped_catalogue()
    for kind, entry in cat.hosted_types.items():
        tool = {"type": kind, **{k: "x" for k in entry.requires_any[:1]}}
        assert cat.hosted_tool(tool)
        obs = RequestObservation(path="t", body={"tools": [tool]}, endpoint="unknown", span=_SPAN)
        assert engine.evaluate([obs]).findings, kind


def _fires(text: str, name: str, matrix: Matrix, target: Target, tmp_path: Path) -> tuple[set[str], bool]:
    path = tmp_path / name
    path.write_text(text)
    kind = "python" if name.endswith(".py") else "typescript"
    engine = Engine(matrix, target)
    data, _ = Prefilter(engine, 1 << 20).read(Candidate(name, str(path), kind))
    obs = extract(kind, name, text).observations
    endpoints = {str(o.endpoint) for o in obs if isinstance(o, RequestObservation)}
    return endpoints, data is not None


def test_every_sdk_method_has_a_firing_and_a_clean_form(matrix: Matrix, target: Target, tmp_path: Path) -> None:
    """Each SDK method entry, called on an OpenAI client, is a request to its endpoint and
    passes the prefilter; called on an Anthropic client it is none."""
    cat = shipped_catalogue()
    for path, method in cat.methods.items():
        if method.endpoint in ("responses", "chat.completions") and not method.body:
            continue  # retrieve/list/delete of a stored response: no request body to check
        lang = ".ts" if any(c.isupper() for c in path) else ".py"
        # The model where the method takes it (`session.update(session={"model": ...})`).
        *outer, last = method.models[0].split(".")
        py_value, ts_value = f"{{'{last}': 'openai.gpt-5.5'}}", f'{{ {last}: "openai.gpt-5.5" }}'
        for key in reversed(outer[1:]):
            py_value, ts_value = f"{{'{key}': {py_value}}}", f"{{ {key}: {ts_value} }}"
        py_arg = f"{outer[0]}={py_value}" if outer else f"{last}='openai.gpt-5.5'"
        ts_arg = f"{{ {outer[0]}: {ts_value} }}" if outer else ts_value
        if lang == ".py":
            firing = f"from openai import OpenAI\nclient = OpenAI()\nclient.{path}({py_arg})\n"
            clean = f"from anthropic import Anthropic\nclient = Anthropic()\nclient.{path}(model='claude-sonnet-4')\n"
        else:
            firing = f'import OpenAI from "openai";\nconst client = new OpenAI();\nclient.{path}({ts_arg});\n'
            clean = f'import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nclient.{path}({{}});\n'
        endpoints, passed = _fires(firing, "app" + lang, matrix, target, tmp_path)
        assert method.endpoint in endpoints, path
        assert passed, f"the prefilter skips a file calling {path}"
        endpoints, _ = _fires(clean, "other" + lang, matrix, target, tmp_path)
        assert not endpoints, path


def test_every_client_class_is_attributed(tmp_path: Path) -> None:
    cat = shipped_catalogue()
    for entry in cat.providers.clients:
        for name in entry.name:
            module, _, cls = name.rpartition(".")
            if not module or cls == "default" or "/" in module or "@" in module or "-" in module:
                continue
            text = f"from {module} import {cls}\nc = {cls}()\n"
            obs = extract("python", "c.py", text).observations
            got = {o.provider for o in obs if isinstance(o, CodeObservation) and o.kind == "client"}
            if entry.provider_factory:
                continue
            assert got == {entry.provider}, name


def test_every_framework_constructor_fires(matrix: Matrix, target: Target) -> None:
    """Each framework entry with a model argument, given an OpenAI model, is a request
    carrying that model; given a Claude model it is another provider's."""
    cat = shipped_catalogue()
    for spec in cat.frameworks.constructors:
        if spec.model is None:
            continue
        for name in spec.name:
            module, _, func = name.rpartition(".")
            if "/" in module or "@" in module or "()" in module:
                continue  # JS modules and methods of framework objects have fixtures of their own
            parts = module.split(".")
            head = f"from {module} import {func}\n" if func[0].isupper() or len(parts) > 1 else f"import {module}\n"
            call = func if head.startswith("from") else f"{module}.{func}"
            where = spec.model_args[0]
            arg = "'x', " * where + "'{m}'" if isinstance(where, int) else f"{where}='{{m}}'"
            text = head + f"x = {call}({arg})\n"
            obs = extract("python", "f.py", text.format(m="gpt-4o")).observations
            bodies = [o.body for o in obs if isinstance(o, RequestObservation)]
            assert any(b.get("model") == "gpt-4o" for b in bodies), name
            if spec.provider is None:
                other = extract("python", "f.py", text.format(m="claude-sonnet-4")).observations
                assert not [o for o in other if isinstance(o, RequestObservation)], name


from bedrock_check.findings import Span  # noqa: E402

_SPAN = Span(1, 1, 1, 2)


def test_guard_wraps_the_connect_points_the_catalogue_names() -> None:
    from bedrock_check.runtime.sdk import CONNECTS

    assert set(CONNECTS) == set(shipped_catalogue().connect_resources)


# ------------------------------------------------------------ documents share their imports


def _notebook(*cells: str) -> str:
    import json

    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": c.splitlines(True)}
                                 for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})  # fmt: skip


def test_notebook_cells_share_their_imports() -> None:
    """A cell that uses a library imported in another cell is read as that library's call;
    a notebook that imports only Anthropic's SDK sends its unattributed calls there."""
    uses = _notebook("import dspy\n", "lm = dspy.LM(model='gpt-4o-mini')\n")
    bodies = [o.body for o in extract("notebook", "a.ipynb", uses).observations if isinstance(o, RequestObservation)]
    assert {"model": "gpt-4o-mini"} in bodies
    anthropic = _notebook("import anthropic\nclient = anthropic.Anthropic()\n",
                          "batch = client.beta.messages.batches.create(requests=[])\n")  # fmt: skip
    checked = [o for o in extract("notebook", "b.ipynb", anthropic).observations
               if isinstance(o, RequestObservation) and o.provider in (None, "openai")]  # fmt: skip
    assert not checked


def test_markdown_blocks_share_the_page_imports() -> None:
    page = "Use it:\n\n```python\nlm = dspy.LM('openai/gpt-4o')\n```\n\nSetup:\n\n```python\nimport dspy\n```\n"
    found = [(o.body, o.span.line) for o in extract("markdown", "p.md", page).observations if isinstance(o, RequestObservation)]
    assert ({"model": "gpt-4o"}, 4) in found
