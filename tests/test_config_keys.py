"""The generated index of client-config keys (`bedrock_check/extract/config_keys.py`) is
the catalogue's `config_models`, and a file is read as a client config through it: the
catalogue is loaded only for a file whose mappings hold one of those keys and values."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from bedrock_check.catalogue import load_catalogue
from bedrock_check.extract.config_keys import CLIENT_CONFIG_KEYS
from bedrock_check.extract.requests import read_json

ROOT = Path(__file__).resolve().parent.parent


def _tool():  # tools/ is not a package
    spec = importlib.util.spec_from_file_location("config_keys_tool", ROOT / "tools" / "config_keys.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_index_is_the_catalogues_config_models() -> None:
    cat = load_catalogue()
    expected: dict[str, set[str]] = {}
    for spec in cat.frameworks.config_models:
        expected.setdefault(spec.key, set()).update(spec.values)
    assert expected, "the catalogue declares no client configs"
    regenerate = "run: python tools/config_keys.py > bedrock_check/extract/config_keys.py"
    assert {key: set(values) for key, values in CLIENT_CONFIG_KEYS.items()} == expected, regenerate
    assert (ROOT / "bedrock_check" / "extract" / "config_keys.py").read_text() == _tool().render(cat), regenerate


_READ = (
    "import sys, json\n"
    "from bedrock_check.extract.requests import read_json\n"
    "obs, diags = read_json('x.json', sys.stdin.read())\n"
    "print(json.dumps([[o.body, o.span.line] for o in obs]), 'bedrock_check.catalogue' in sys.modules)\n"
)


def _read_in_child(text: str) -> tuple[list[object], bool]:
    proc = subprocess.run([sys.executable, "-c", _READ], input=text, capture_output=True, text=True, check=True)
    found, loaded = proc.stdout.rsplit(" ", 1)
    return json.loads(found), loaded.strip() == "True"


def _configs() -> list[tuple[str, dict[str, object]]]:
    """One client config per key and value of the index, each as a file would hold it."""
    cat = load_catalogue()
    out = []
    for spec in cat.frameworks.config_models:
        for value in spec.values:
            node: dict[str, object] = {spec.key: value}
            inner = node
            *parents, last = spec.model.split(".")
            for part in parents:
                inner[part] = inner = {}
            inner[last] = "gpt-4o"
            out.append((f"{spec.key}={value}", {"components": [node]}))
    return out


def test_only_a_file_holding_a_client_config_loads_the_catalogue() -> None:
    request = {"model": "gpt-4o", "input": "hi", "metadata": {"provider": "anthropic", "type": "chat"}}
    found, loaded = _read_in_child(json.dumps(request))
    assert found == [[request, 1]]
    assert not loaded
    found, loaded = _read_in_child('{"components": [\n  {"type": "openai_chat", "model": "gpt-4o"}\n]}\n')
    assert found == [[{"model": "gpt-4o"}, 2]]
    assert loaded


def test_every_indexed_config_is_found_in_process() -> None:
    for name, config in _configs():
        text = json.dumps(config, indent=2)
        observations, _ = read_json("x.json", text)
        assert [o.body for o in observations] == [{"model": "gpt-4o"}], name


def test_class_keys_are_the_catalogues_class_configs() -> None:
    """`class_configs.keys` is mirrored in the extractor, so a file with none of them never
    loads the catalogue; a key added to one must be added to the other."""
    from bedrock_check.extract.class_configs import CLASS_KEYS

    spec = load_catalogue().frameworks.class_configs
    assert spec is not None
    assert spec.keys == CLASS_KEYS
