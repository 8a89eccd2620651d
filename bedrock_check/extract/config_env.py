"""Model ids an environment block of a config file sets: a docker compose service's
`environment:`, a CI job's `env:` map, pytest-env's settings, a Kubernetes container's
`env:` list, each read as a `.env` line would be.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bedrock_check.extract.config_values import at_model as _at_model
from bedrock_check.extract.config_values import mappings as _mappings
from bedrock_check.extract.config_values import substituted
from bedrock_check.findings import Pointer, RequestObservation, Span
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, ApiEndpoint

#: Words one of which a YAML file must hold for its environment blocks to be read
#: (case-sensitive: environment variable names are upper case).
ENV_TOKENS = ("_MODEL=", "_MODEL:", "MODEL_NAME=", "MODEL_NAME:", "_DEPLOYMENT=", "_DEPLOYMENT:",
              "_DEPLOYMENT_NAME=", "_DEPLOYMENT_NAME:",
              # Kubernetes' `- name: OPENAI_MODEL` then `value: gpt-4o`.
              "_MODEL\n", "_MODEL\r", '_MODEL"', "_MODEL'")
#: The same in JSON (`"env": {"MODEL_NAME": "gpt-4o"}` of an MCP client's server entry).
JSON_ENV_TOKENS = ('_MODEL"', 'MODEL_NAME"', '_DEPLOYMENT"', '_DEPLOYMENT_NAME"')


def env_models(path: str, value: Any, locate: Callable[[Pointer], Span | None],
               source_line: Callable[[int], str | None]) -> list[RequestObservation]:  # fmt: skip
    """One observation per OpenAI model id an environment block sets: a docker compose
    service's `environment:` (`- OPENAI_MODEL=gpt-4o` or `OPENAI_MODEL: gpt-4o`, a
    `${OPENAI_MODEL:-gpt-4o}` default included) or a CI job's `env:` map, read as a `.env`
    line would be (a model-named variable whose value is an OpenAI model id)."""
    found: list[RequestObservation] = []
    for node, ptr in _mappings(value, skip=_ENV_BLOCKS):
        blocks = [(node.get(block), (*ptr, block)) for block in _ENV_BLOCKS]
        if _environment_like(node):
            # A block of environment settings under any key (a flow input's `default:` that the
            # flow's first step exports: `CHAT_MODEL_DEPLOYMENT_NAME: gpt-4`, Helm `extraEnv:`).
            blocks.append((node, ptr))
        for held, at in blocks:
            for name, setting, where in _settings(held, at):
                # Here, not above: a request file with no environment block never imports the
                # .env reader or loads the catalogue.
                from bedrock_check.catalogue import shipped_catalogue
                from bedrock_check.extract.dotenv import setting_names_model

                cat = shipped_catalogue()
                setting = substituted(setting)
                span = locate(where)
                if span is None or not setting_names_model(name) or cat.read_model(setting)[1] not in MIGRATING_PROVIDERS:
                    continue
                if not cat.is_checked(cat.provider_of_env(name)):
                    continue  # `OLLAMA_MODEL: gpt-4o`: a model name the other provider serves
                found.append(RequestObservation(
                    path=path, body={"model": cat.read_model(setting)[0]}, endpoint=ApiEndpoint.UNKNOWN, span=span,
                    locate=_at_model(span), source_line=source_line, fragment=True,
                ))  # fmt: skip
    return found


#: An environment variable's name (`OPENAI_MODEL`, `VERBOSE`).
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _environment_like(node: dict[str, Any]) -> bool:
    """Whether a mapping reads as a block of environment settings: two or more settings, each
    named as an environment variable is and holding a plain value, one name with an `_`."""
    return (len(node) >= 2 and all(isinstance(k, str) and _ENV_NAME.match(k) and not isinstance(v, (dict, list))
                                   for k, v in node.items())
            and any("_" in k for k in node))  # fmt: skip


#: pytest-env's flags before a variable's name (`D:` only when unset, `R:` raw).
_PYTEST_ENV_FLAGS = re.compile(r"^(?:[DR]:)+")
#: Keys that hold a service's or a job's environment.
_ENV_BLOCKS = ("environment", "env")


def _settings(block: Any, ptr: Pointer) -> list[tuple[str, str, Pointer]]:
    """(name, value, pointer) for each variable an environment block sets."""
    if isinstance(block, dict):
        return [(k, v, (*ptr, k)) for k, v in block.items() if isinstance(k, str) and isinstance(v, str)]
    if isinstance(block, list):
        # `- OPENAI_MODEL=gpt-4o` (compose), `D:OPENAI_MODEL=gpt-4o` (pytest-env's flags), and
        # Kubernetes' `- {name: OPENAI_MODEL, value: gpt-4o}`.
        pairs = [(_PYTEST_ENV_FLAGS.sub("", item.partition("=")[0]), item.partition("=")[2], (*ptr, i))
                 for i, item in enumerate(block) if isinstance(item, str) and "=" in item]  # fmt: skip
        pairs.extend((item["name"], item["value"], (*ptr, i, "value")) for i, item in enumerate(block)
                     if isinstance(item, dict) and isinstance(item.get("name"), str)
                     and isinstance(item.get("value"), str))  # fmt: skip
        return pairs
    return []


__all__ = ["ENV_TOKENS", "JSON_ENV_TOKENS", "env_models"]
