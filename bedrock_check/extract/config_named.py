"""Model settings a hand-written config file names by their key.

An application's own settings file (`benchmark_config.yaml`, `settings.toml`) often says which
model each job uses without naming a client at all: `response_model: "gpt-4o-mini"`,
`grader_model: gpt-4o`, `[config] model = "gpt-4o"`. The code reads the setting and sends it,
so a value that is an OpenAI model id under a key the `.env` rule calls a model setting and
that says what the model is for (`response_model`, `embedding_model`, `judgeModel`) is reported
where it is written, as a settings module's constants are. (A bare `model:` or `model_name:` is
left to the readers that know whose client holds it: beside a price, a description or another
vendor's server it is no setting of an OpenAI client.)

Not a value inside a list (a picker's options, a table's rows, a proxy's model aliases), not
a key named for another vendor (`claude_model`), not under a mapping whose provider setting
names another vendor or whose server is not the OpenAI API's, and not a test's fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bedrock_check.extract.config_values import mappings, model_settings, substituted
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

#: Model settings that do not say what the model is for (see the module docstring).
BARE_MODEL_KEYS = frozenset({"model", "model_name", "model_id"})

#: The prefilter's words for a YAML file holding such a setting (`grader_model: "gpt-4o"`, `judgeModel: o3`,
#: `llm: gpt-4o`; a bare `model:` is not one).
YAML_TOKENS = tuple(f"{key}: {quote}{start}" for key in ("_model", "Model", "_MODEL", "_model_name", "ModelName", "llm", "LLM")
                    for quote in ("", '"', "'") for start in ("gpt-", "chatgpt-", "o1", "o3", "o4", "text-embedding-"))


def named_models(path: str, value: Any, locate: Callable[[Pointer], Span | None],
                 source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """One fragment per OpenAI model id a config file's model-named setting holds (see the
    module docstring)."""
    from bedrock_check.extract.deployment_keys import camel_words  # (not at import: the prefilter reads the tokens)
    from bedrock_check.extract.dotenv import MODEL_KEY

    every = list(mappings(value))
    candidates = [(node, ptr, key, setting) for node, ptr in every if not any(isinstance(p, int) for p in ptr)
                  for key, setting in node.items()
                  if isinstance(key, str) and isinstance(setting, str) and MODEL_KEY.match(camel_words(key)) and camel_words(key).lower() not in BARE_MODEL_KEYS]  # fmt: skip
    if not candidates:
        return []
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.extract.configs import _URL_KEYS, _names_another, _vendor_named

    cat = shipped_catalogue()
    if cat.is_test_path(path):
        return []
    nodes = {ptr: node for node, ptr in every}
    named: list[tuple[str, Pointer, str | None]] = []
    for _node, ptr, key, setting in candidates:
        mid, vendor = cat.read_model(substituted(setting.strip()))
        if vendor != "openai" or _vendor_named(cat, key):
            continue
        above = [nodes[ptr[:i]] for i in range(len(ptr) + 1) if ptr[:i] in nodes]
        if any(_names_another(cat, n) or _other_server(cat, n, _URL_KEYS) for n in above):
            continue  # (`llm: {provider: ollama, ...}`, `endpoint: https://api.bing.microsoft.com/...`: whose it is)
        named.append((mid, (*ptr, key), "openai"))
    return model_settings(path, named, locate, source_line)


def _other_server(cat: Any, node: dict[str, Any], url_keys: tuple[str, ...]) -> bool:
    """Whether a mapping names a server (under a key ending in one of `url_keys`) that is not the
    OpenAI API's (nor Azure OpenAI's): a setting that names its model only by its key is read for
    OpenAI's servers alone (where a client config, `configs._elsewhere`, gives an unknown host the
    benefit of the doubt)."""
    return any(isinstance(k, str) and k.lower().endswith(url_keys) and isinstance(v, str) and "://" in v
               and cat.provider_of_host(substituted(v)) not in MIGRATING_PROVIDERS
               for k, v in node.items())  # fmt: skip


__all__ = ["named_models"]
