"""The call-site layer, the SDK/framework catalogue and provider attribution."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

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
    # local_models.py: 8 calls; frameworks.py: 5 (Ollama agent model, the Agent it is passed
    # to, Claude x3); local_app/chat.py: 1 (OPENAI_BASE_URL in the .env beside it points at Ollama);
    # legacy_local_server.py: 1 (the openai<1.0 module's api_base is a local server);
    # legacy_hosted_server.py: 1 (the same module pointed at a project's own server on a port);
    # xai_tools.py: 1 (an OpenAI client pointed at api.x.ai); model_backends/: 5 (vendor subclasses
    # of an OpenAI-SDK backend); llm_providers/: 7 (Ark, Zhipu and Cerebras SDKs; the OpenAI SDK
    # given DeepSeek's and OpenRouter's base URLs on a config dict, OpenRouter's embeddings); mcp_demo/: 1 (Groq);
    # library_clients.py: 1 (LangGraph's client.threads.create());
    # module_local_server.py: 2 (`openai.base_url` is a local server); module_app_server.py: 1 (the
    # same, built from the server's address in an f-string); vendor_hosts/: 6 (LM Studio's call,
    # the T-Systems LLM Hub embedding model, Llama 4 on Vertex AI, Meta's Llama API x2, a vLLM class);
    # lookalikes/: 6 (Stripe's `files`, a Llama Stack client's two `responses.create`); env_local_server.py: 3 (LangChain's chat and embeddings
    # classes and an SDK call, in a file that sets OPENAI_API_BASE to a local server);
    # self_hosted/: 7 (the app's own server over plain HTTP, a port or an address: 4 tests, a
    # docs fence, a rebound client's two resources), and 3 calls on test doubles, counted apart
    # (two fixture-server tests, a patched notebook client);
    # model_routers.py: 4 (aisuite given Anthropic's and Groq's models, an open-weight model on
    # Hugging Face and a bare id it routes itself; LangGraph's client.threads.create());
    # anthropic_app.py: 2 and gemini_app.py: 2 (calls on `anthropic.Anthropic()` and `genai.Client()`:
    # `messages.create`, `beta.files.upload`, `models.generate_content`, `files.upload`);
    # local_litellm.py: 2 (LiteLLM's `completion` and `acompletion` given Ollama models: the only
    # calls of the file, which names no OpenAI, so the prefilter passes it for them);
    # ollama_local.py: 3 (Ollama's `chat` imported from its module, `ollama.embeddings`, an
    # `AsyncClient().chat`; the OpenAI fallback beside them is checked);
    # instructor_providers.py: 4 (instructor's `from_provider` given Anthropic's and Google's
    # models, and the calls on the clients it builds); vendor_adapters/: 3 (an Ollama adapter's chat
    # and transcription on a base URL from settings, a Gemini adapter's call on a LiteLLM client);
    # encoders/: 5 (LiteLLM model strings known by their prefix only, `f"{self.type}/{self.name}"`
    # of Cohere and Voyage encoders and `f"anthropic/{name}"` twice; an OpenRouter base URL kept in
    # a pydantic `PrivateAttr`); gateway_forwarded.py: 3 (a gateway on localhost given a model it
    # forwards to Anthropic, a function name and an embedding model its own config routes); vendor_hosts/reseller_models.py:
    # 2 (DeepInfra's client by its environment settings, BurnCloud's by its host)
    assert report.skipped_by_provider == 87 and report.skipped_test_doubles == 3
    assert not [f for f in report.findings if f.path.startswith("lookalikes/")]
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
    assert "`service_tier` could not be checked" in tier.message
    background = by_pointer[("background-mode", "/background")]
    assert background.line == tier.line + 2 and background.severity == "warning"
    assert "`background` could not be checked" in background.message
    previous = by_pointer[("conversation-state", "/previous_response_id")]
    assert "`previous_response_id` could not be checked" in previous.message


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
    # aisuite's provider names: `aws:` is its Bedrock client, the others their own vendors.
    assert cat.read_model("aws:meta.llama3-1-8b-instruct-v1:0")[1] == "meta"
    assert cat.read_model("aws:openai.gpt-oss-120b-1:0")[1] == "bedrock"
    assert cat.read_model("nebius:Qwen/Qwen2.5-1.5B-Instruct")[1] == "nebius"
    assert cat.read_model("cerebras:llama3.1-8b")[1] == "cerebras"
    # chatgpt-md's `service@model` ids.
    assert cat.read_model("openai@gpt-4.1-mini") == ("gpt-4.1-mini", "openai")
    # A deployment named for its use or stage (Azure samples' `gpt-4-evals`) names no model.
    assert [cat.read_model(m)[1] for m in ("gpt-4-evals", "gpt-4o-prod", "gpt-4o-test", "gpt-4o-mini-tts")] == [
        None, None, None, "openai"]


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


def test_a_value_from_another_file_is_reported_once_where_it_is_written(
    matrix: Matrix, target: Target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two routes send a model constant of a config module, one a tool list: each value is
    reported once, at its line in the config module (path relative like every other
    finding's, snippet from that file); a suppression written there is honoured."""
    (tmp_path / "config").mkdir()
    (tmp_path / "app" / "api").mkdir(parents=True)
    (tmp_path / "config" / "constants.ts").write_text(
        'export const MODEL = "gpt-4o";\nexport const TIER = "flex"; // bedrock-check: ignore[service-tiers] -- batch only\n')
    for name in ("route.ts", "other.ts"):
        (tmp_path / "app" / "api" / name).write_text(
            'import OpenAI from "openai";\nimport { MODEL, TIER } from "../../config/constants";\n'
            "const client = new OpenAI();\n"
            'client.responses.create({ model: MODEL, service_tier: TIER, input: "hi" });\n')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "settings.py").write_text('"""Settings."""\n\nMODEL = "gpt-4.1"\n')
    (tmp_path / "pkg" / "app.py").write_text(
        "from openai import OpenAI\nfrom .settings import MODEL\n\nOpenAI().responses.create(model=MODEL, input='hi')\n")
    monkeypatch.chdir(tmp_path)
    report = scan_paths(["."], matrix, target, jobs=1)
    models = [(f.path, f.line, f.column, f.snippet) for f in report.findings if f.capability == "model-availability"]
    assert sorted(models) == [("config/constants.ts", 1, 22, 'export const MODEL = "gpt-4o";'),
                              ("pkg/settings.py", 3, 9, 'MODEL = "gpt-4.1"')]  # fmt: skip
    tiers = [f for f in report.findings if f.capability == "service-tiers"]
    assert [(f.path, f.line) for f in tiers] == [("config/constants.ts", 2)]
    assert tiers[0].suppressed is not None
    assert not [f for f in report.findings if f.path.startswith(("app/", "pkg/app")) and f.severity != "note"]


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
    sdk.write_text((CATALOGUE_DIR / "sdk.yaml").read_text().replace(", body: true,", ", bodyy: true,", 1))
    with pytest.raises(CatalogueError, match=r"sdk\.yaml: methods\.0\.bodyy: .*did you mean 'body'"):
        load_catalogue(tmp_path)
    providers = tmp_path / "providers.yaml"
    shutil.copy(CATALOGUE_DIR / "sdk.yaml", sdk)
    providers.write_text(providers.read_text().replace("provider: groq}", "provider: grok}", 1))
    with pytest.raises(CatalogueError, match=r"providers\.yaml: .*unknown 'grok'; did you mean 'groq'"):
        load_catalogue(tmp_path)
    shutil.copy(CATALOGUE_DIR / "providers.yaml", providers)
    frameworks = tmp_path / "frameworks.yaml"
    frameworks.write_text(frameworks.read_text().replace("routes: {bedrock_mantle_config: bedrock}", "routes: {bedrock_mantle_config: bedrok}", 1))
    with pytest.raises(CatalogueError, match=r"frameworks\.yaml: constructors\[\d+\]\.routes: unknown 'bedrok'; did you mean 'bedrock'"):
        load_catalogue(tmp_path)


def test_a_misspelt_unseen_option_is_refused(tmp_path: Path) -> None:
    """An `unseen` option (a tool list the code may not show) is a request field, after a
    framework's `camel` and `rename`: a misspelt one would never be reported."""
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    sdk = tmp_path / "sdk.yaml"
    sdk.write_text(sdk.read_text().replace("file_ids], unseen: [tools]}", "file_ids], unseen: [toolz]}", 1))
    with pytest.raises(CatalogueError, match=r"sdk\.yaml: methods\[\d+\]\.unseen: unknown 'toolz'; did you mean 'tools'"):
        load_catalogue(tmp_path)
    shutil.copy(CATALOGUE_DIR / "sdk.yaml", sdk)
    frameworks = tmp_path / "frameworks.yaml"
    frameworks.write_text(frameworks.read_text().replace("fields: [model, prompt], unseen: [tools]}", "fields: [model, prompt], unseen: [tool]}", 1))
    with pytest.raises(CatalogueError, match=r"frameworks\.yaml: constructors\[\d+\]\.unseen: unknown 'tool'; did you mean 'tools'"):
        load_catalogue(tmp_path)


def test_the_model_string_heads_are_the_catalogue_prefixes_words(tmp_path: Path) -> None:
    """The cheap test a string passes before it is read as a `provider:model` string looks for
    the leading words of the prefixes of the providers to migrate (`openai`, `azure`), as the
    catalogue lists them: a new Azure prefix brings its word; another provider's does not; a
    prefix that starts with no word is refused."""
    from bedrock_check.extract.common import model_string, model_string_heads

    assert model_string_heads() == shipped_catalogue().model_string_heads == ("@azure", "@openai", "azure", "openai")
    assert model_string("openai:gpt-4.1") and model_string("azure:gpt-4o") and model_string("openai/gpt-4o")
    assert model_string("@openai/gpt-4o-mini") and model_string("openai:/gpt-4o")  # (Portkey's catalogue, MLflow's URIs)
    assert not model_string("anthropic:claude-3") and not model_string("gpt-4o")
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    models = tmp_path / "models.yaml"
    original = models.read_text()
    models.write_text(original.replace('"azure-responses:"]', '"azure-responses:", "aoai:"]', 1)
                      .replace('["groq:", "groq/"]', '["groq:", "groq/", "fast:"]', 1))  # fmt: skip
    assert load_catalogue(tmp_path).model_string_heads == ("@azure", "@openai", "aoai", "azure", "openai")
    models.write_text(original.replace('"azure-responses:"]', '"azure-responses:", "-aoai:"]', 1))
    with pytest.raises(CatalogueError, match=r"models\.yaml: model_prefixes\[\d+\]\.prefix: '-aoai:' does not start"):
        load_catalogue(tmp_path)


def test_a_misspelt_kept_field_or_a_method_of_two_endpoints_is_refused(tmp_path: Path) -> None:
    """An SDK method's kept `fields` and a hosted tool's `requires_any` keys are request field
    names (a misspelt one would drop the Assistants' `tool_resources`, or every MCP tool,
    silently), and one method path reaches one endpoint."""
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    sdk = tmp_path / "sdk.yaml"
    original = (CATALOGUE_DIR / "sdk.yaml").read_text()
    sdk.write_text(original.replace("fields: [tool_resources, file_ids],", "fields: [tool_resourcess, file_ids],", 1))
    with pytest.raises(CatalogueError, match=r"sdk\.yaml: methods\[\d+\]\.fields: unknown 'tool_resourcess'; did you mean 'tool_resources'"):
        load_catalogue(tmp_path)
    frameworks = tmp_path / "frameworks.yaml"
    frameworks.write_text(frameworks.read_text().replace("requires_any: [server_label, server_url,", "requires_any: [server_label, server_urll,", 1))
    with pytest.raises(CatalogueError, match=r"frameworks\.yaml: hosted_tools\[\d+\]\.requires_any: unknown 'server_urll'; did you mean 'server_url'"):
        load_catalogue(tmp_path)
    shutil.copy(CATALOGUE_DIR / "frameworks.yaml", frameworks)
    # (A generic method path that is no SDK method's would let every such call through silently.)
    sdk.write_text(original.replace("generic_methods: [files.list,", "generic_methods: [files.lst,", 1))
    with pytest.raises(CatalogueError, match=r"sdk\.yaml: generic_methods\[0\]: unknown 'files.lst'"):
        load_catalogue(tmp_path)
    doc = yaml.safe_load(original)
    first, other = doc["methods"][0], next(m for m in doc["methods"] if m["endpoint"] != doc["methods"][0]["endpoint"])
    other["path"] = [*other["path"], first["path"][0]]
    sdk.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(CatalogueError, match=rf"sdk\.yaml: methods\[\d+\]\.path: '{re.escape(first['path'][0])}' is also methods\[0\]'s"):
        load_catalogue(tmp_path)


def test_a_hosted_tool_type_the_matrix_does_not_report_is_refused(tmp_path: Path, engine: Engine) -> None:
    """A misspelt hosted-tool type would be found in code and then checked as nothing: the
    scan refuses the catalogue, naming the file, the field and the type the matrix reports."""
    from bedrock_check.catalogue.check import check_tool_types

    check_tool_types(shipped_catalogue(), engine.compiled.reports_tool, engine.compiled.tool_type_names)  # the shipped one passes
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    frameworks = tmp_path / "frameworks.yaml"
    text = frameworks.read_text()
    assert "web_search, web_search_preview," in text
    frameworks.write_text(text.replace("web_search, web_search_preview,", "web_search, web_serch_preview,", 1))
    with pytest.raises(CatalogueError, match=r"frameworks\.yaml: hosted_tools\[0\]\.type: 'web_serch_preview' is no tool "
                                             r"type the matrix reports; did you mean 'web_search_preview'\?"):
        check_tool_types(load_catalogue(tmp_path, cache=False), engine.compiled.reports_tool, engine.compiled.tool_type_names)


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [("{endpoint: audio.speech, path: [audio/speech]}", "{endpoint: audio.speach, path: [audio/speech]}",
      r"sdk\.yaml: http_paths\[\d+\]\.endpoint: unknown 'audio.speach'; did you mean 'audio.speech'"),
     ("path: [audio/speech]}", "path: [/v1/audio/speech]}",
      r"sdk\.yaml: http_paths\[\d+\]\.path: '/v1/audio/speech' is written below `/v1`"),
     ("path: [audio/speech]}", "path: [audio/transcriptions]}",
      r"sdk\.yaml: http_paths\[\d+\]\.path: 'audio/transcriptions' is also http_paths\[\d+\]'s"),
     ("create_only: true, socket: responses.websocket}", "create_only: true, socket: responses.websockets}",
      r"sdk\.yaml: http_paths\[0\]\.socket: unknown 'responses.websockets'"),
     # (A misspelt required key is named as written, with the field it meant.)
     ("{endpoint: models, path: [models]}", "{endpoint: models, paths: [models]}",
      r"sdk\.yaml: http_paths\.\d+\.paths: not a field here; did you mean 'path'")],
)  # fmt: skip
def test_an_http_path_typo_names_the_file_and_field(tmp_path: Path, old: str, new: str, error: str) -> None:
    """Which HTTP path is which endpoint is catalogue data, checked at load like the rest."""
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    sdk = tmp_path / "sdk.yaml"
    assert old in sdk.read_text()
    sdk.write_text(sdk.read_text().replace(old, new, 1))
    with pytest.raises(CatalogueError, match=error):
        load_catalogue(tmp_path)


def test_every_hosted_tool_type_fires(engine: Engine) -> None:
    """The catalogue's hosted-tool types are ones the matrix reports."""
    cat = shipped_catalogue()
    for kind, entry in cat.hosted_types.items():
        tool = {"type": kind, **{k: "x" for k in entry.requires_any[:1]}}
        assert cat.hosted_tool(tool)
        obs = RequestObservation(path="t", body={"tools": [tool]}, endpoint="unknown", span=_SPAN)
        assert engine.evaluate([obs]).findings, kind


def _fires(text: str, name: str, prefilter: Prefilter, tmp_path: Path) -> tuple[set[str], bool]:
    path = tmp_path / name
    path.write_text(text)
    kind = "python" if name.endswith(".py") else "typescript"
    data, _ = prefilter.read(Candidate(name, str(path), kind))
    obs = extract(kind, name, text).observations
    endpoints = {str(o.endpoint) for o in obs if isinstance(o, RequestObservation)}
    return endpoints, data is not None


def test_every_sdk_method_has_a_firing_and_a_clean_form(prefilter: Prefilter, tmp_path: Path) -> None:
    """Each SDK method entry, called on an OpenAI client, is a request to its endpoint and
    passes the prefilter; called on an Anthropic client it is none."""
    cat = shipped_catalogue()
    for path, method in cat.methods.items():
        if method.endpoint in ("responses", "chat.completions") and not method.body:
            continue  # retrieve/list/delete of a stored response: no request body to check
        # (Node spellings: camelCase, and `del`, a keyword in Python)
        lang = ".ts" if any(c.isupper() for c in path) or path.endswith(".del") else ".py"
        # The model where the method takes it (`session.update(session={"model": ...})`); a look-up
        # that checks no model (`models.retrieve`) is given one as `model` all the same.
        *outer, last = (method.models or ["model"])[0].split(".")
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
        endpoints, passed = _fires(firing, "app" + lang, prefilter, tmp_path)
        assert method.endpoint in endpoints, path
        assert passed, f"the prefilter skips a file calling {path}"
        endpoints, _ = _fires(clean, "other" + lang, prefilter, tmp_path)
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
            if "/" in module or "@" in module or "-" in module or spec.camel or "()" in name:
                continue  # JS packages (`rt-client`) and instance methods: in the fixture repositories
            parts = module.split(".")
            head = f"from {module} import {func}\n" if func[0].isupper() or len(parts) > 1 else f"import {module}\n"
            call = func if head.startswith("from") else f"{module}.{func}"
            where = spec.model_args[0]
            if isinstance(where, str) and "." in where:
                continue  # (a model nested in an option's dict, `index={"embed": ...}`: in the catalogue fixtures)
            arg = "'x', " * where + "'{m}'" if isinstance(where, int) else f"{where}='{{m}}'"
            text = head + f"x = {call}({arg})\n"
            obs = extract("python", "f.py", text.format(m="gpt-4o")).observations
            bodies = [o.body for o in obs if isinstance(o, RequestObservation)]
            assert any(b.get("model") == "gpt-4o" for b in bodies), name
            if spec.provider is None:
                other = extract("python", "f.py", text.format(m="claude-sonnet-4")).observations
                assert not [o for o in other if isinstance(o, RequestObservation)], name


def test_every_socket_event_form_is_checked_in_openai_files_only(prefilter: Prefilter, tmp_path: Path) -> None:
    """Each catalogue socket event, written as a literal, an event class or a connection
    method, is a request fragment of that `type` in a file that talks to OpenAI (and the
    prefilter passes it); the same code beside another provider's socket URL is none."""
    cat = shipped_catalogue()
    for i, entry in enumerate(cat.sdk.socket_events):
        kind = entry.type[0]
        kw = entry.requires_any[0] if entry.requires_any else "audio"
        forms = [f'ws.send(json.dumps({{"type": "{kind}", "{kw}": {{}}}}))']
        forms += [f"ws.send({cls}({kw}={{}}))" for cls in entry.classes]
        forms += [f"conn.{m}({kw}={{}})" for m in entry.methods]
        for j, form in enumerate(forms):
            for url, fires in (("wss://api.openai.com/v1/realtime", True), ("wss://api.x.ai/v1/realtime", False)):
                text = f"import json\nURL = '{url}'\n\nasync def go(ws, conn):\n    {form}\n"
                name = f"ev{i}_{j}_{fires}.py"
                (tmp_path / name).write_text(text)
                obs = extract("python", name, text).observations
                types = {o.body.get("type") for o in obs if isinstance(o, RequestObservation) and o.fragment}
                assert (kind in types) is fires, (form, url)
                if fires:
                    data, _ = prefilter.read(Candidate(name, str(tmp_path / name), "python"))
                    assert data is not None, form


def test_every_tool_constructor_builds_its_tool(engine: Engine) -> None:
    """Each hosted-tool constructor is checked as the tool it builds (its arguments are the
    tool's fields, so ids it carries are found); a same-named local function is not."""
    cat = shipped_catalogue()
    for spec in cat.frameworks.tool_constructors:
        if spec.neutral or spec.type is None:
            continue  # test_neutral_tools_are_the_models_providers
        for name in spec.name:
            slash = name.rfind("/")
            dot = name.find(".", slash + 1)
            module, path = name[:dot], name[dot + 1 :]
            head = path.split(".")[0]
            field = "vectorStoreIds" if spec.camel else "vector_store_ids"
            for source, fires in ((module, True), ("./local" if "/" in name else "local_tools", False)):
                if "/" in name or "@" in name:
                    text = f'import {{ {head} }} from "{source}";\nexport const t = {path}({{ {field}: ["vs_1"] }});\n'
                    kind, file = "typescript", f"t{fires}.ts"
                else:
                    text = f"from {source} import {head}\nt = {path}({field}=['vs_1'])\n"
                    kind, file = "python", f"t{fires}.py"
                obs = extract(kind, file, text).observations
                tools = [t for o in obs if isinstance(o, RequestObservation) for t in o.body.get("tools", [])]
                assert any(t.get("type") == spec.type for t in tools) is fires, (name, source)
                if fires and spec.type == "file_search":
                    found = engine.evaluate(obs).findings
                    assert any(f.capability == "openai-file-ids" for f in found), name


def test_every_http_call_checks_a_url_built_from_constants() -> None:
    """Each raw HTTP function written by its name, given a URL built from a base-URL constant,
    is a URL observation at the call (and the constant is not reported a second time)."""
    cat = shipped_catalogue()
    for name, spec in cat.http_calls.items():
        if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name) or ".default" in name:
            continue  # a resolved name (`httpx.Client().post`, `node-fetch.default`): see below
        args = ", ".join(["opts"] * spec.url + ["`${BASE}/v1/chatkit/sessions`"])
        text = f'const BASE = "https://api.openai.com";\nexport async function go(opts) {{\n  return {name}({args}, {{}});\n}}\n'
        obs = extract("typescript", "h.ts", text).observations
        urls = [(o.value, o.span.line) for o in obs if isinstance(o, CodeObservation) and o.kind == "string"]
        # (a WebSocket's URL constant is the session's address: a use of its own, where written)
        constant = [("https://api.openai.com", 1)] if spec.socket else []
        assert urls == [("https://api.openai.com/v1/chatkit/sessions", 3), *constant], (name, urls)


def test_every_media_input_is_checked_only_on_an_openai_peer_connection() -> None:
    cat = shipped_catalogue()
    for media in cat.sdk.media_inputs:
        for add in media.add:
            for peer in media.peer:
                for capture in media.capture:
                    for url, fires in (("https://api.openai.com/v1/realtime/calls", True), ("https://meet.example.com", False)):
                        text = (f"export async function go() {{\n  const pc = new {peer}();\n"
                                f"  const ms = await navigator.mediaDevices.{capture}({{ {media.option}: true }});\n"
                                f"  pc.{add}(ms.getTracks()[0]);\n  await fetch('{url}', {{ method: 'POST' }});\n}}\n")
                        obs = extract("typescript", "m.ts", text).observations
                        events = [o for o in obs if isinstance(o, RequestObservation) and o.body == {"type": media.event}]
                        assert bool(events) is fires and all(o.span.line == 4 for o in events), (add, url)


def test_neutral_tools_are_the_models_providers() -> None:
    """A provider-neutral native tool (pydantic-ai) is an OpenAI hosted tool inside an agent
    whose model is OpenAI's (also wrapped, `NativeTool(...)`), never on its own or on a
    Claude model."""
    cat = shipped_catalogue()
    wrappers = [n for t in cat.frameworks.tool_constructors if t.wraps is not None for n in t.name]
    for spec in cat.frameworks.tool_constructors:
        if not spec.neutral:
            continue
        for name in spec.name:
            module, _, cls = name.rpartition(".")
            for wrap in ["", *wrappers]:
                wmod, _, wcls = wrap.rpartition(".")
                head = f"from pydantic_ai import Agent\nfrom {module} import {cls}\n" + (f"from {wmod} import {wcls}\n" if wrap else "")
                tool = f"{wcls}({cls}())" if wrap else f"{cls}()"
                for model, fires in (("openai:gpt-4o", True), ("anthropic:claude-sonnet-4", False), (None, False)):
                    line = f"a = Agent('{model}', capabilities=[{tool}])\n" if model else f"t = {tool}\n"
                    obs = extract("python", "n.py", head + line).observations
                    types = {t.get("type") for o in obs if isinstance(o, RequestObservation) for t in o.body.get("tools", [])
                             if isinstance(t, dict)}  # fmt: skip
                    assert (spec.type in types) is fires, (name, wrap, model)


def test_every_part_constructor_is_its_part() -> None:
    """Each content-part constructor in a request's messages is the part it builds."""
    cat = shipped_catalogue()
    for name, part in cat.part_constructors.items():
        # (`instructor.multimodal.Audio.from_path`: a class's factory; `pydantic_ai.AudioUrl`: a class.)
        module, cls = name.rsplit(".", 1)
        built = f"{cls}('a')"
        if cls[:1].islower():
            module, cls = module.rsplit(".", 1)
            built = f"{cls}.{name.rsplit('.', 1)[1]}('a')"
        text = (f"from openai import OpenAI\nfrom {module} import {cls}\nclient = OpenAI()\n"
                f"client.chat.completions.create(messages=[{{'role': 'user', 'content': ['hi', {built}]}}])\n")
        bodies = [o.body for o in extract("python", "p.py", text).observations if isinstance(o, RequestObservation)]
        assert any({"type": part} in m["content"] for b in bodies for m in b.get("messages", [])), name


def test_socket_event_methods_are_not_sdk_methods(tmp_path: Path) -> None:
    shutil.copytree(CATALOGUE_DIR, tmp_path, dirs_exist_ok=True)
    sdk = tmp_path / "sdk.yaml"
    sdk.write_text(sdk.read_text().replace("methods: [session.update]", "methods: [responses.create]", 1))
    with pytest.raises(CatalogueError, match=r"sdk\.yaml: socket_events\[1\]\.methods: 'responses\.create'"):
        load_catalogue(tmp_path)


from bedrock_check.findings import Span  # noqa: E402

_SPAN = Span(1, 1, 1, 2)


def test_guard_wraps_the_connect_points_the_catalogue_names() -> None:
    """The guard wraps exactly the `connect` entry points the catalogue names, each with the
    endpoint the catalogue gives it; the pytest plugin patches the classes that define them."""
    from types import SimpleNamespace

    from bedrock_check.runtime.sdk import connect_points, hook_connects

    cat = shipped_catalogue()
    points = connect_points()
    assert {(p.path, p.endpoint) for p in points} == set(cat.connect_points)
    assert {p.path for p in points} >= {("realtime",), ("responses",)}
    client = SimpleNamespace()
    for point in points:
        node = client
        for name in point.path:
            if not hasattr(node, name):
                setattr(node, name, SimpleNamespace())
            node = getattr(node, name)
        node.connect = lambda **kw: "opened"
    wrapped: list[tuple[tuple[str, ...], str]] = []

    def wrap(point, original):
        wrapped.append((point.path, point.endpoint))
        return original

    assert hook_connects(client, wrap) == []
    assert sorted(wrapped) == sorted(cat.connect_points)
    realtime = next(p for p in points if p.path == ("realtime",))
    assert realtime.endpoint == "realtime" and realtime.required
    assert (realtime.module, realtime.classes) == ("openai.resources.realtime.realtime", ("Realtime", "AsyncRealtime"))
    assert not next(p for p in points if p.path[0] == "beta").required


def test_a_required_connect_point_the_sdk_lacks_is_a_problem() -> None:
    from types import SimpleNamespace

    from bedrock_check.runtime.sdk import hook_connects

    problems = hook_connects(SimpleNamespace(), lambda point, original: original)
    assert any("client.realtime.connect() is missing" in p for p in problems)
    assert not any("beta" in p for p in problems)


def test_every_command_line_tool_fires(prefilter: Prefilter, tmp_path: Path) -> None:
    """Each catalogue command, run with an OpenAI model and each hosted tool it names, is a
    request carrying that tool's type and passes the prefilter (in a script and in a
    Markdown console block); with another vendor's model it is no request."""
    cat = shipped_catalogue()
    for name, spec in cat.commands.items():
        for tool, kind in spec.tools.items():
            for flag in spec.tool:
                line = f"{name} {spec.model[0]} gpt-4o {flag} '{tool}()' 'prompt'\n"
                body = next(o.body for o in extract("shell", "run.sh", line).observations if isinstance(o, RequestObservation))
                assert body == {"model": "gpt-4o", "tools": [{"type": kind}]}, line
                other = line.replace("gpt-4o", "claude-sonnet-4")
                assert not [o for o in extract("shell", "run.sh", other).observations if isinstance(o, RequestObservation)]
                doc = tmp_path / "doc.md"
                doc.write_text(f"# Tools\n\n```bash\n{line}```\n")
                data, _ = prefilter.read(Candidate("doc.md", str(doc), "markdown"))
                assert data is not None, f"the prefilter skips a page running {line}"
        for flag in spec.option:
            line = f"{name} {flag} service_tier flex {flag} not_a_field 1 'prompt'\n"
            body = next(o.body for o in extract("shell", "run.sh", line).observations if isinstance(o, RequestObservation))
            assert body == {"service_tier": "flex"}


# ------------------------------------------------------------ provider precision on real shapes


def test_a_bedrock_call_gets_no_migration_step(matrix: Matrix, target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    """A call through a Bedrock client is checked, but worded as one that already targets
    Bedrock: what the page is silent about stays a warning (a CI gate still stops on it) with
    advice to check it where it runs, not to move it; what Bedrock lacks stays an error with its fix."""
    monkeypatch.chdir(FIXTURES / "catalogue")
    report = scan_paths(["tools_and_clients.py"], matrix, target, jobs=1)
    by_line = {(f.line, f.capability): f for f in report.findings}
    state = by_line[(53, "conversation-state")]
    assert state.severity == "warning" and state.message.startswith("This call already targets Amazon Bedrock")
    assert state.remediation.startswith("No migration step") and "across the move" not in state.remediation
    tool = by_line[(55, "code-interpreter")]
    assert tool.severity == "error" and tool.message.startswith("This call already targets Amazon Bedrock")
    assert "function" in tool.remediation
    assert not [f for f in report.findings if f.capability.startswith("migrate-") and f.line in (38, 39)]
    azure = by_line[(51, "model-availability")]
    assert azure.message.endswith("(The call goes through an Azure OpenAI client.)")


def test_ai_sdk_bedrock_mantle_options_are_worded_as_a_bedrock_call(matrix: Matrix, target: Target, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """`providerOptions.openai` of an AI SDK call whose model is the Bedrock Mantle provider's
    (`bedrockMantle.responses(...)`, a `createBedrockMantle` instance's) already goes to Bedrock:
    its finding says so, word for word as a `BedrockOpenAI` call's, with no migration step; the
    same options of the OpenAI provider's call are worded for a move."""
    (tmp_path / "bedrock_app.py").write_text(
        "from openai import BedrockOpenAI\n\nclient = BedrockOpenAI(aws_region=\"us-east-2\")\n\n\n"
        "def ask(q):\n    return client.responses.create(model=\"openai.gpt-5.5\", input=q, service_tier=\"flex\")\n"
    )
    (tmp_path / "route.ts").write_text(
        'import { bedrockMantle, createBedrockMantle } from "@ai-sdk/amazon-bedrock/mantle";\n'
        'import { openai } from "@ai-sdk/openai";\nimport { generateText } from "ai";\n\n'
        'const ohio = createBedrockMantle({ region: "us-east-2" });\n\n'
        "export async function research(prompt: string) {\n"
        '  await generateText({ model: ohio("openai.gpt-5.5"), prompt, providerOptions: { openai: { serviceTier: "flex" } } });\n'
        '  await generateText({ model: ohio.responses("openai.gpt-5.5"), prompt, providerOptions: { openai: { serviceTier: "flex" } } });\n'
        '  await generateText({ model: openai.responses("gpt-5.5"), prompt, providerOptions: { openai: { serviceTier: "flex" } } });\n'
        '  return generateText({ model: bedrockMantle.responses("openai.gpt-5.5"), prompt, providerOptions: { openai: { serviceTier: "flex" } } });\n'
        "}\n"
    )
    monkeypatch.chdir(tmp_path)
    report = scan_paths(["."], matrix, target, jobs=1)
    tiers = {(f.path, f.line): f for f in report.findings if f.capability == "service-tiers"}
    python = tiers[("bedrock_app.py", 7)]
    assert python.message.startswith("This call already targets Amazon Bedrock (no migration step):")
    for line in (8, 9, 11):
        assert (tiers[("route.ts", line)].message, tiers[("route.ts", line)].remediation) == (python.message, python.remediation)
    assert "already targets Amazon Bedrock" not in tiers[("route.ts", 10)].message


def test_bedrock_own_apis_through_a_bedrock_client_are_notes(matrix: Matrix, target: Target, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A fine-tuning job or a training-file upload sent through a Bedrock client is Bedrock's
    own model customization (a note), while a request feature the page is silent about on
    the same client stays a warning, and the same endpoints on the OpenAI API stay warnings."""
    app = SCAN / "providers-py" / "bedrock_customization.py"
    monkeypatch.chdir(app.parent)
    report = scan_paths([app.name], matrix, target, jobs=1)
    by_cap = {f.capability: f for f in report.findings}
    for cap in ("files-api", "fine-tuning"):
        assert by_cap[cap].severity == "note" and by_cap[cap].message.startswith("This call already targets Amazon Bedrock")
    assert by_cap["conversation-state"].severity == "warning"
    plain = app.read_text().replace('OpenAI(base_url=f"{endpoint}/v1", api_key=BEDROCK_API_KEY)', "OpenAI()")
    plain = plain.replace("openai.gpt-oss-20b", "gpt-4.1-mini").replace("AWS_BEARER_TOKEN_BEDROCK", "OPENAI_API_KEY")
    (tmp_path / app.name).write_text(plain)
    monkeypatch.chdir(tmp_path)
    moved = scan_paths([app.name], matrix, target, jobs=1)
    severities = {f.capability: f.severity for f in moved.findings if f.capability in ("files-api", "fine-tuning")}
    assert severities == {"files-api": "warning", "fine-tuning": "warning"}


def test_a_library_copy_in_the_tree_does_not_hide_the_catalogue(tmp_path: Path) -> None:
    """Scanning a library's own repository (instructor's examples beside instructor/): the
    catalogue's `instructor.from_openai` still passes the wrapped client's provider on."""
    (tmp_path / "instructor").mkdir()
    (tmp_path / "instructor" / "__init__.py").write_text("from .core import from_openai\n")
    (tmp_path / "instructor" / "core.py").write_text("def from_openai(client, mode=None):\n    return Instructor(client)\n")
    app = tmp_path / "examples" / "openrouter.py"
    app.parent.mkdir()
    app.write_text(
        "import os\nimport instructor\nfrom openai import OpenAI\n\n"
        "base = os.environ.get('OPENROUTER_BASE_URL')\n"
        "client = instructor.from_openai(OpenAI(api_key=os.environ['OPENROUTER_API_KEY'], base_url=base))\n"
        "client.chat.completions.create(model='mistralai/mixtral-8x7b', messages=[])\n")
    obs = _observations("python", app, Project(shipped_catalogue()))
    calls = [o for o in obs if isinstance(o, CodeObservation) and o.kind == "call" and o.value.endswith(".create")]
    assert [c.provider for c in calls] == ["openrouter"]
    assert not [o for o in obs if isinstance(o, RequestObservation)]


@pytest.mark.parametrize(("base_url", "cls", "provider"), [
    ("https://mdb.ai/", "OpenAI", "other"),  # MindsDB: another OpenAI-compatible server
    ("https://api.minimax.io/v1", "OpenAI", "minimax"),
    ("https://api.endpoints.anyscale.com/v1", "OpenAI", "anyscale"),
    ("https://oai.helicone.ai/v1", "OpenAI", "openai"),  # a gateway in front of the OpenAI API
    ("https://api.openai.com/v1", "OpenAI", "openai"),
    ("https://example-resource.azure.openai.com/", "AzureOpenAI", "azure"),  # the class says Azure
])  # fmt: skip
def test_a_base_url_names_the_server(base_url: str, cls: str, provider: str) -> None:
    text = f"from openai import {cls}\nc = {cls}(base_url={base_url!r})\nc.chat.completions.create(model='m', messages=[])\n"
    obs = extract("python", "c.py", text).observations
    assert {o.provider for o in obs if isinstance(o, CodeObservation) and o.kind in ("client", "call")} == {provider}


def test_a_bedrock_model_id_means_a_bedrock_client() -> None:
    """`OpenAI({ provider: await createProvider(region) })` built elsewhere, and a Bedrock
    runtime profile id: the call goes to Bedrock."""
    text = (
        'import OpenAI from "openai";\nasync function main() {\n'
        "  const client = new OpenAI({ provider: await createProvider(region) });\n"
        '  await client.chat.completions.create({ model: "us.openai.gpt-5.6-sol", messages: [] });\n}\n'
    )
    obs = extract("typescript", "a.ts", text).observations
    assert [o.provider for o in obs if isinstance(o, RequestObservation)] == ["bedrock"]


def test_notebook_cells_run_as_one_program() -> None:
    """A client made in one cell and used in a later one keeps its provider (an AWS sample
    building a Mantle client in a helper cell), and findings stay on their cell's lines."""
    import json

    cells = [
        {"cell_type": "code", "metadata": {}, "source": ["from openai import OpenAI\n", "\n",
                                                          "client = OpenAI(base_url=MANTLE_URL, api_key=BEDROCK_API_KEY)"]},
        {"cell_type": "markdown", "metadata": {}, "source": ["Fine-tune"]},
        {"cell_type": "code", "metadata": {}, "source": ["job = client.fine_tuning.jobs.create(training_file='f', model='m')"]},
        {"cell_type": "code", "metadata": {}, "source": ["public = OpenAI()\n", "public.files.create(file=open('x', 'rb'), purpose='batch')"]},
    ]  # fmt: skip
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    obs = extract("notebook", "nb.ipynb", text).observations
    requests = {(o.endpoint.value, o.provider, o.context) for o in obs if isinstance(o, RequestObservation)}
    assert requests == {("fine_tuning", "bedrock", "cell 3"), ("files", "openai", "cell 4")}
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "fine_tuning.jobs.create" in t)
    assert [o.span.line for o in obs if isinstance(o, RequestObservation) and o.provider == "bedrock"] == [line]


# ------------------------------------------------------------------ the cache of the checked catalogue


def _catalogue_files(cat: object) -> tuple[object, ...]:
    return (cat.sdk, cat.providers, cat.models, cat.frameworks)  # type: ignore[attr-defined]  # any Catalogue


def test_catalogue_cache_skips_yaml_and_pydantic_on_the_second_run(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = (
        "import sys; from bedrock_check.catalogue import load_catalogue; c = load_catalogue(); "
        "print(len(c.methods), len(c.constructors), 'pydantic' in sys.modules, 'yaml' in sys.modules)"
    )
    env = {**os.environ, "BEDROCK_CHECK_CACHE_DIR": str(tmp_path)}
    env.pop("BEDROCK_CHECK_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                           check=True).stdout.split() for _ in range(2)]  # fmt: skip
    assert runs[0][2:] == ["True", "True"]  # validated from the YAML
    assert runs[1][2:] == ["False", "False"]  # rebuilt from the JSON entry alone
    assert runs[0][:2] == runs[1][:2]
    (entry,) = tmp_path.glob("catalogue-*.json")
    assert "responses.create" in entry.read_text()  # plain data


@pytest.mark.parametrize("tamper", ["unknown-field", "wrong-type", "class-hints", "not-json"])
def test_hostile_catalogue_cache_entry_is_ignored_and_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: str
) -> None:
    import json

    from bedrock_check.catalogue import load_catalogue

    monkeypatch.setenv("BEDROCK_CHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BEDROCK_CHECK_NO_CACHE", raising=False)
    expected = _catalogue_files(load_catalogue(cache=False))
    assert _catalogue_files(load_catalogue()) == expected  # writes the entry
    (entry,) = (tmp_path / "cache").glob("catalogue-*.json")
    marker = tmp_path / "pwned"
    data = json.loads(entry.read_text())
    if tamper == "unknown-field":
        data["sdk"]["methods"][0]["__reduce__"] = ["os.system", f"touch {marker}"]
    elif tamper == "wrong-type":
        data["sdk"]["methods"][0]["body"] = f"$(touch {marker})"
    elif tamper == "class-hints":
        data = {"py/reduce": [{"py/function": "os.system"}, [f"touch {marker}"]], "__class__": "os.system"}
    planted = "{not json" if tamper == "not-json" else json.dumps(data)
    entry.write_text(planted)

    assert _catalogue_files(load_catalogue()) == expected  # a miss: checked again from the YAML
    assert not marker.exists()
    assert entry.read_text() != planted  # replaced by a good entry


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


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("send.ts", 'import OpenAI from "openai";\nconst openai = new OpenAI();\n'
         "export async function send(prev?: string) {\n"
         '  const body: any = { model: "gpt-5.5", input: "x" };\n'
         "  if (prev) {\n    body.previous_response_id = prev;\n  }\n"
         "  return openai.responses.create(body);\n}\n"),
        ("send.py", "from openai import OpenAI\nclient = OpenAI()\n\n\n"
         "def send(prev):\n"
         '    body = {"model": "gpt-5.5", "input": "x"}\n'
         "    if prev:\n        body['previous_response_id'] = prev\n"
         "    return client.responses.create(**body)\n"),
    ],
)
def test_a_key_set_on_a_request_object_after_it_is_built_still_counts(tmp_path: Path, name: str, text: str) -> None:
    """`body.previous_response_id = prev` with `prev` unknown: the key is still in the request
    (conversation state, a warning at the line that sets it), as it would be in a literal."""
    import bedrock_check

    (tmp_path / name).write_text(text)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    lines = [f.line for f in report.findings if f.capability == "conversation-state"]
    assert lines == [6 if name.endswith(".ts") else 8]


def test_a_client_parameter_typed_with_an_azure_class_is_azure(matrix: Matrix, target: Target,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """`azure_client: AsyncAzureOpenAI | AsyncOpenAI` (built by the caller) is an Azure client;
    `client: AsyncOpenAI` is the OpenAI API's."""
    monkeypatch.chdir(SCAN / "providers-py" / "azure_app")
    report = scan_paths(["embedders.py"], matrix, target, jobs=1)
    by_line = {(f.line, f.capability): f for f in report.findings}
    assert by_line[(14, "embeddings")].message.endswith("(The call goes through an Azure OpenAI client.)")
    assert "Azure" not in by_line[(26, "embeddings")].message


@pytest.mark.parametrize(
    ("name", "text", "line", "azure"),
    [("client.py", "import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url=f\"{os.environ['ENDPOINT']}/openai/v1/\")\n"
      "client.responses.create(model=\"gpt-4.1\", input=\"hi\")\n", 5, True),
     ("client.ts", "import OpenAI from \"openai\";\nexport function ask(endpoint: string, apiKey: string) {\n"
      "  const client = new OpenAI({ baseURL: `${endpoint.replace(/\\/$/, \"\")}/openai/v1`, apiKey });\n"
      "  return client.responses.create({ model: \"gpt-4.1\", input: \"hi\" });\n}\n", 4, True),
     # (Groq's OpenAI-compatible path is `/openai/v1` too, after its own host.)
     ("groq.py", "from openai import OpenAI\n\nclient = OpenAI(base_url=\"https://api.groq.com/openai/v1\")\n"
      "client.responses.create(model=\"gpt-4.1\", input=\"hi\")\n", None, False),
     ("other.ts", "import OpenAI from \"openai\";\nexport function ask(endpoint: string) {\n"
      "  const client = new OpenAI({ baseURL: `${endpoint}/v1` });\n"
      "  return client.responses.create({ model: \"gpt-4.1\", input: \"hi\" });\n}\n", 4, False)],
)  # fmt: skip
def test_a_base_url_ending_in_azures_v1_path_is_azure(tmp_path: Path, name: str, text: str, line: int | None,
                                                      azure: bool) -> None:  # fmt: skip
    """An endpoint read at run time followed by `/openai/v1` is Azure OpenAI's v1 API (the
    finding says Azure, with no "could not resolve the base URL" caveat); the same path after
    Groq's host is Groq's (no finding); another computed URL keeps the caveat."""
    import bedrock_check

    (tmp_path / name).write_text(text)
    report = bedrock_check.scan([str(tmp_path)], config=False)
    found = [f for f in report.findings if f.capability == "model-availability"]
    if line is None:
        assert found == []
        return
    assert [f.line for f in found] == [line]
    assert found[0].message.endswith("(The call goes through an Azure OpenAI client.)") is azure
    assert ("could not resolve" in found[0].message) is not azure


@pytest.mark.parametrize(
    ("name", "old", "new", "error"),
    [("models.yaml", "  - '^gpt-(?!35-)'", "  - '^gpt-(?!35-'",
      r"models\.yaml: openai_model_families\.\d+\.family: not a valid regex: missing \)"),
     ("frameworks.yaml", "not_openai_modules: '", "not_openai_modules: '(",
      r"frameworks\.yaml: neutral_models\.not_openai_modules: not a valid regex"),
     ("sdk.yaml", "models: [session.model,", "models: [session.modle,",
      r"sdk\.yaml: (methods|socket_events)\[\d+\]\.models: 'session\.modle': unknown 'modle'"),
     ("frameworks.yaml", "handed_fields: [background,", "handed_fields: [backgroud,",
      r"frameworks\.yaml: handed_fields\[0\]: unknown 'backgroud'")],
)  # fmt: skip
def test_a_catalogue_pattern_or_model_path_typo_names_the_file_and_field(
        tmp_path: Path, name: str, old: str, new: str, error: str) -> None:  # fmt: skip
    """A regex that does not compile or a model path that does not end at a `model` key is
    refused at load, naming the file and the field, not met later as an error in every file."""
    for each in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / each, tmp_path / each)
    changed = tmp_path / name
    assert old in changed.read_text()
    changed.write_text(changed.read_text().replace(old, new, 1))
    with pytest.raises(CatalogueError, match=error):
        load_catalogue(tmp_path)


@pytest.mark.slow
def test_a_broken_shipped_catalogue_is_one_line_with_a_warm_cache(tmp_path: Path) -> None:
    """After a run has cached the compiled matrix and engine, a catalogue edited into a bad
    state is still one line naming the file and the field (exit 2), never a traceback, in a
    serial scan and in a pooled one."""
    import subprocess
    import sys

    import bedrock_check

    package = Path(bedrock_check.__file__).parent
    copy = tmp_path / "site"
    shutil.copytree(package, copy / "bedrock_check", ignore=shutil.ignore_patterns("__pycache__"))
    for extra in ("capability_matrix.yaml",):
        if (package.parent / extra).exists():
            shutil.copy(package.parent / extra, copy / extra)
    project = tmp_path / "project"
    project.mkdir()
    app = 'from openai import OpenAI\n\nOpenAI().responses.create(model="gpt-4o", input="hi")\n'
    for i in range(80):  # more than the pool's threshold
        (project / f"app{i}.py").write_text(app)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy), "BEDROCK_CHECK_CACHE_DIR": str(tmp_path / "cache"),
           "HOME": str(tmp_path)}  # fmt: skip

    def scan(*paths: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bedrock_check", "scan", *paths, "--exit-zero"],
                              env=env, capture_output=True, text=True, cwd=tmp_path, timeout=300)  # fmt: skip

    assert scan("project/app0.py").returncode == 0  # warm cache
    frameworks = copy / "bedrock_check" / "catalogue" / "frameworks.yaml"
    text = frameworks.read_text()
    assert "request_fields: [model, service_tier," in text
    frameworks.write_text(text.replace("request_fields: [model, service_tier,", "request_fields: [model, service_teir,", 1))
    for paths in (("project/app0.py",), ("project",)):
        done = scan(*paths)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.strip().splitlines() == [
            "bedrock-check: error: frameworks.yaml: request_fields[1]: unknown 'service_teir'; did you mean 'service_tier'?"]


def test_a_misspelt_sdk_wrapper_is_refused(tmp_path: Path) -> None:
    """The SDK's wrapper segments (`with_raw_response`, `withResponse`, ...) are names the SDKs
    declare (`vocabulary.SDK_WRAPPERS`): a misspelt one would leave every call written through
    it unmatched, so it is a one-line error naming the file, the field and the closest name."""
    for name in ("sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml"):
        shutil.copy(CATALOGUE_DIR / name, tmp_path / name)
    sdk = tmp_path / "sdk.yaml"
    text = (CATALOGUE_DIR / "sdk.yaml").read_text()
    assert "wrappers: [with_raw_response, with_streaming_response," in text
    load_catalogue(tmp_path, cache=False)  # the shipped list passes
    sdk.write_text(text.replace("wrappers: [with_raw_response,", "wrappers: [with_raw_respons,", 1))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path, cache=False)
    message = str(caught.value)
    assert message.endswith("sdk.yaml: wrappers[0]: unknown 'with_raw_respons'; did you mean 'with_raw_response'?")
    assert "\n" not in message


def test_a_url_whose_query_is_filled_in_at_run_time_is_one_finding(matrix: Matrix, target: Target,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """`` fetch(`https://api.openai.com/v1/realtime/calls?model=${model}`) ``: one finding at the
    call, not a second one for the template string written inside it."""
    monkeypatch.chdir(SCAN / "javascript")
    report = scan_paths(["realtime_calls_query.ts", "realtime_voice_button.tsx"], matrix, target, jobs=1)
    found = sorted((f.path, f.line) for f in report.findings if f.capability == "webrtc-realtime")
    assert found == [("realtime_calls_query.ts", 9), ("realtime_calls_query.ts", 20), ("realtime_voice_button.tsx", 14)]
