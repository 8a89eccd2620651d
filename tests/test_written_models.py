"""Model ids, content parts and client configs found where applications write them, one
test per catalogue list (`config_models`, `content_parts`, `commands`), each entry with a
firing and a clean shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bedrock_check.catalogue import shipped_catalogue
from bedrock_check.discover import Candidate
from bedrock_check.extract import extract
from bedrock_check.findings import RequestObservation
from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanner import Prefilter

from .helpers import scan_folder


def _models(kind: str, name: str, text: str) -> list[str]:
    return [o.body["model"] for o in extract(kind, name, text).observations
            if isinstance(o, RequestObservation) and "model" in o.body]  # fmt: skip


def _nest(path: str, leaf: Any) -> Any:
    out = leaf
    for part in reversed(path.split(".")):
        out = {part: out}
    return out


def _literal(node: Any) -> str:
    """A Python literal of a JSON-like value (the test writes code as an app would)."""
    return repr(node)


def test_every_config_model_entry_fires_in_code_and_not_for_another_vendor() -> None:
    """A dict literal shaped like each `config_models` entry (`{"provider": "openai",
    "config": {"model": ...}}`) names its model where it is written; the same literal for
    another provider, or without the provider key, names none."""
    cat = shipped_catalogue()
    for spec in cat.frameworks.config_models:
        if not spec.values:
            continue  # a key that counts by being there (Open Interpreter's `llm`): scan/open-interpreter
        value = spec.values[0]
        node = {spec.key: value, **_nest(spec.model, "gpt-4o-mini")}
        code = f"from openai import OpenAI\n\nSETTINGS = {_literal(node)}\n"
        assert _models("python", "settings.py", code) == ["gpt-4o-mini"], spec
        js = f'import OpenAI from "openai";\nexport const settings = {_literal(node).replace("True", "true")};\n'
        assert _models("typescript", "settings.ts", js) == ["gpt-4o-mini"], spec
        other = {spec.key: "anthropic" if spec.key != "type" else "anthropic_chat", **_nest(spec.model, "gpt-4o-mini")}
        assert _models("python", "settings.py", f"SETTINGS = {_literal(other)}\n") == [], spec
        bare = _nest(spec.model, "gpt-4o-mini")
        assert _models("python", "settings.py", f"PRICES = {_literal(bare)}\n") == [], spec


def test_a_settings_class_whose_field_defaults_are_a_client_config(matrix: Matrix, target: Target, tmp_path: Path) -> None:
    """pydantic `Field(default=...)`, dataclass fields and Django `CharField(default=...)`
    beside a provider field that says OpenAI: the model default is a use; the same class for
    another provider is not."""
    (tmp_path / "config.py").write_text(
        "from dataclasses import dataclass, field\n"
        "from django.db import models\n"
        "from pydantic import BaseModel, Field\n\n\n"
        "class EmbedderConfig(BaseModel):\n"
        "    provider: str = Field(default='openai')\n"
        "    model: str = Field(default='text-embedding-3-small')\n\n\n"
        "@dataclass\n"
        "class LLMSettings:\n"
        "    model_provider: str = 'openai'\n"
        "    model: str = field(default='gpt-4.1')\n\n\n"
        "class Options(models.Model):\n"
        "    model_name = models.CharField(max_length=200, default='whisper-1')\n"
        "    model_type = models.CharField(max_length=200, default='openai')\n\n\n"
        "class LocalConfig(BaseModel):\n"
        "    provider: str = Field(default='ollama')\n"
        "    model: str = Field(default='gpt-4o')\n"
    )
    report = scan_folder(tmp_path, matrix, target)
    found = sorted((f.line, f.capability) for f in report.findings if f.severity in ("error", "warning"))
    assert found == [(8, "model-availability"), (14, "model-availability"), (18, "model-availability")]


def test_every_content_part_fires_where_the_literal_is_written() -> None:
    """Each `content_parts` type, written as a helper's literal with one of the keys that
    make it that part, is a request part at the literal; without those keys it is none."""
    cat = shipped_catalogue()
    for spec in cat.frameworks.content_parts:
        for kind in spec.type:
            for key in spec.requires_any or ["data"]:
                code = f"def part(x):\n    return {{'type': {kind!r}, {key!r}: x}}\n"
                parts = [o.body["input"][0]["content"][0] for o in extract("python", "parts.py", code).observations
                         if isinstance(o, RequestObservation) and "input" in o.body]  # fmt: skip
                assert [p["type"] for p in parts] == [kind], (kind, key)
                assert parts[0][key], "a value known at run time still makes the part"
            if spec.requires_any:
                code = f"def part(x):\n    return {{'type': {kind!r}, 'text': x}}\n"
                assert not [o for o in extract("python", "parts.py", code).observations if isinstance(o, RequestObservation)]


@pytest.mark.parametrize("vendor_model", ["claude-sonnet-4", "meta-llama/Llama-3.3-70B-Instruct"])
def test_every_command_model_option_fires(prefilter: Prefilter, tmp_path: Path, vendor_model: str) -> None:
    """Each catalogue command with each of its model options names an OpenAI model in a
    script and in a documentation page the prefilter passes; another vendor's model or an
    alias is no request."""
    cat = shipped_catalogue()
    for name, spec in cat.commands.items():
        for flag in spec.model:
            line = f"{name} {flag} gpt-4o 'prompt'\n"
            assert _models("shell", "run.sh", line) == ["gpt-4o"], line
            assert _models("shell", "run.sh", f"{name} {flag}=o3-mini 'prompt'\n" if flag.startswith("--") else line) \
                in (["o3-mini"], ["gpt-4o"])  # fmt: skip
            assert _models("shell", "run.sh", line.replace("gpt-4o", vendor_model)) == []
            assert _models("shell", "run.sh", line.replace("gpt-4o", "sonnet")) == []
            doc = tmp_path / "doc.md"
            doc.write_text(f"# Run it\n\n```bash\n{line}```\n")
            data, _ = prefilter.read(Candidate("doc.md", str(doc), "markdown"))
            assert data is not None, f"the prefilter skips a page running {line}"
    assert _models("shell", "run.sh", "python -m pip install gpt-4o\n") == []


def test_an_elided_yaml_block_in_a_page_is_read(matrix: Matrix, target: Target, tmp_path: Path) -> None:
    """`...` on its own line in a page's YAML block stands for settings left out: the block
    is still read (and is no snippet that fails to parse)."""
    (tmp_path / "models.md").write_text(
        "# Models\n\n```yaml\nmodels:\n  chat:\n    model_provider: openai\n    model: gpt-4o\n    ...\n\nother: 1\n```\n"
    )
    report = scan_folder(tmp_path, matrix, target)
    assert [(f.line, f.capability) for f in report.findings] == [(7, "model-availability")]
    assert not report.diagnostics


@pytest.mark.parametrize(("provider_key", "model_key"), [
    ("provider", "model"), ("planner_provider", "planner_model"), ("summarization_model_provider", "summarization_model"),
    ("llm.api_type", "llm.model"),
])  # fmt: skip
def test_a_provider_setting_makes_its_sibling_model_settings_openai_models(provider_key: str, model_key: str) -> None:
    """`provider_siblings`: the provider setting (or an OpenAI URL setting) beside a model
    setting, in a config file and in a dict literal; another vendor's provider is none; with
    several providers, each model goes with the provider of its own stem."""
    for value in ("openai", "anthropic"):
        node = {provider_key: value, model_key: "gpt-4.1", "temperature": 0}
        want = ["gpt-4.1"] if value == "openai" else []
        assert _models("json", "settings.json", json.dumps(node)) == want, node
        assert _models("python", "settings.py", f"SETTINGS = {node!r}\n") == want, node
    url = {provider_key.replace("provider", "api_base").replace("api_type", "api_base"): "https://api.openai.com/v1",
           model_key: "o3"}  # fmt: skip
    assert _models("json", "settings.json", json.dumps(url)) == ["o3"]
    mixed = {provider_key: "openai", model_key: "o3", "writer_provider": "anthropic", "writer_model": "gpt-4o"}
    assert _models("python", "settings.py", f"SETTINGS = {mixed!r}\n") == ["o3"]


def test_a_provider_prefixed_model_string_is_a_setting_wherever_it_is_written() -> None:
    """Every OpenAI/Azure `provider:` prefix of the catalogue's model strings names a model as a value
    (an assignment, a dict value, a default, a `.env` value, an option's value), never as a
    list item, a key, a comparison operand or an index; another vendor's prefix is none."""
    cat = shipped_catalogue()
    prefixes = [p for m in cat.models.model_prefixes if m.provider in ("openai", "azure") and not m.forwarded
                for p in m.prefix if p.endswith(":")]  # (a gateway's forwarded form: read in requests only)
    assert prefixes
    # The `openai/...` form names an OpenAI model as a model setting's value, except in a file that
    # uses a gateway (LiveKit Inference, OpenRouter: models.yaml `slash_models`) or for an open-weight id.
    assert _models("python", "app.py", "LLM = 'openai/gpt-4o-mini'\n") == ["gpt-4o-mini"]
    assert _models("python", "app.py", "from livekit.agents import inference\nLLM = 'openai/gpt-4o-mini'\n") == []
    assert _models("python", "app.py", "LLM = 'openai/gpt-oss-120b'\nBASE = 'https://openrouter.ai/api/v1'\n") == []
    assert _models("python", "app.py", "LLM = 'openai/gpt-4o'\nBASE = 'https://openrouter.ai/api/v1'\n") == []
    for prefix in prefixes:
        s = f"{prefix}gpt-4.1"
        assert _models("python", "app.py", f"MODEL = {s!r}\nCONFIG = {{'llm': {s!r}}}\n") == ["gpt-4.1", "gpt-4.1"], prefix
        assert _models("python", "app.py", f"CHOICES = [{s!r}]\nPRICES = {{{s!r}: 1}}\nok = x == {s!r}\ny = t[{s!r}]\n") == []
        assert _models("typescript", "app.ts", f"export const llm = {{ model: {s!r} }};\nconst m = process.env.M || {s!r};\n") \
            == ["gpt-4.1", "gpt-4.1"], prefix  # fmt: skip
        assert _models("typescript", "app.ts", f"const c = [{s!r}];\nif (m === {s!r}) {{}}\n") == []
        assert [cat.read_model(v)[0] for v in _models("dotenv", ".env", f"FAST_LLM={s}\n")] == ["gpt-4.1"], prefix
        assert _models("shell", "run.sh", f"python -m app --planner-model {s}\n") == ["gpt-4.1"], prefix
    assert _models("python", "app.py", "MODEL = 'anthropic:claude-sonnet-4'\nPATH = 'openai/assets/logo.png'\n") == []
    # A picker's option names one of the choices offered, not the model sent.
    options = "MODELS = [\n    {'id': 'openai:gpt-4.1', 'label': 'GPT-4.1'},\n    {'id': 'anthropic:claude-opus-4', 'label': 'Opus'},\n]\n"
    assert _models("python", "app.py", options + "DEFAULT = 'openai:gpt-4.1'\n") == ["gpt-4.1"]
    # A file on another vendor's SDK: a framework's `openai:` prefix still names OpenAI, a gateway's `openai/` does not.
    other = "from langchain_anthropic import ChatAnthropic\n"
    assert _models("python", "app.py", other + "FAST = 'openai:gpt-4.1'\nSLOW = 'openai/gpt-4o'\n") == ["gpt-4.1"]


@pytest.mark.parametrize("placeholder", ["gpt-3.6-nonexistent", "gpt-4-invalid-model", "gpt-fake", "o3-does-not-exist",
                                         "gpt-4-custom", "text-davinci-002-render-sha", "text-davinci-002-render-paid"])
def test_a_placeholder_id_of_an_openai_family_is_no_openai_model(placeholder: str) -> None:
    """A test of the error an unknown model gets sends an id no model has: not checked
    (`placeholder_models`); the real ids beside it still are."""
    cat = shipped_catalogue()
    assert cat.read_model(placeholder)[1] is None
    assert cat.read_model("gpt-4o-mini")[1] == "openai"
    code = f'from openai import OpenAI\n\nOpenAI().responses.create(model="{placeholder}", input="hi")\n'
    assert _models("python", "app.py", code) == []


@pytest.mark.parametrize(("url", "models"), [
    ("https://api.openai.com/v1", ["gpt-4o"]), ("https://llm.example.com/v1", ["gpt-4o"]),
    ("http://localhost:11434/v1", []), ("https://api.groq.com/openai/v1", []),
])  # fmt: skip
def test_a_config_beside_its_own_server_url_names_that_servers_models(url: str, models: list[str]) -> None:
    """`{provider: openai, apiBase: <url>, model: gpt-4o}` (camelCase or snake_case): the
    OpenAI API's URL, or a host nobody can tell (a proxy), keeps it an OpenAI model; a local
    server or another provider's does not."""
    for key in ("apiBase", "api_base", "baseURL"):
        code = f'SETTINGS = {{"provider": "openai", "{key}": "{url}", "model": "gpt-4o"}}\n'
        assert _models("python", "settings.py", code) == models, (key, url)
