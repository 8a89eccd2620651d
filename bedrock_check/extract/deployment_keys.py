"""Names that say a setting holds an Azure OpenAI deployment, and the deployment settings of
parsed config files (YAML, JSON, a prompty file's front matter) named after the model they run.
See `extract/azure_deployments.py` for the rule; this module imports nothing heavy, as the
request-file readers use it."""

from __future__ import annotations

import re
from typing import Any

from bedrock_check.findings import Pointer

#: A setting's name that says it holds a deployment (`azure_deployment`, `deployment_name`,
#: `deploymentName`, `azureOpenAIApiDeploymentName`, `AZURE_OPENAI_CHAT_DEPLOYMENT`,
#: `EMBEDDING_MODEL_DEPLOYMENT_NAME`, `embed_deployment`), read in snake case.
DEPLOYMENT_KEY = re.compile(r"(?i)(?:^|_)deployment(?:_?(?:name|id))?$")
#: Where a camelCase name breaks into words: before an upper-case letter after a lower-case
#: one or a digit, and before the last capital of an acronym (`openAIDeploymentName` ->
#: `open_AI_Deployment_Name`, `AzureOpenAIModelName` -> `Azure_Open_AI_Model_Name`).
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def camel_words(name: str) -> str:
    """`modelName` -> `model_Name`, `defaultAPIModel` -> `default_API_Model` (an acronym is a
    word; model-key tests ignore case)."""
    return _CAMEL.sub("_", name)


def snake_words(name: str) -> str:
    """A setting's name with its words joined by `_` (camelCase and kebab-case broken)."""
    return camel_words(name.replace("-", "_"))


def deployment_key(name: str) -> bool:
    """Whether a setting's name says it holds an Azure deployment's name."""
    return DEPLOYMENT_KEY.search(snake_words(name)) is not None


#: A provider setting's value that says Azure OpenAI (`type: azure_openai` of a prompty file's
#: model configuration, `api_type: azure`, `"llm.api_type": "azure_ad"`).
_AZURE_KIND = re.compile(r"(?i)^azure(?:[_-]?(?:openai|open_ai|ad))?$")
#: Keys of a mapping that name its provider (read by their last dotted part).
_KIND_KEYS = frozenset({"type", "api_type", "provider", "provider_name", "model_provider"})


def config_deployments(value: Any) -> list[tuple[str, Pointer]]:
    """(value, pointer) of each deployment setting of a parsed config file that names an
    OpenAI model (`azure_deployment: gpt-4o` in a prompty file's `type: azure_openai`
    configuration, `deployment_name: gpt-4`), and of each model setting of a mapping whose
    provider setting says Azure (`"llm.api_type": "azure"` beside `"llm.model": "gpt-4-1106-preview"`):
    on Azure, the model the deployment runs."""
    from bedrock_check.extract.config_values import mappings as _mappings
    from bedrock_check.extract.config_values import substituted, substitution_variable

    candidates: list[tuple[str, Pointer]] = []
    # An Azure Resource Manager template or parameters file (what Bicep and azd deploy from):
    # every setting in it is Azure's.
    arm = isinstance(value, dict) and "schema.management.azure.com" in str(value.get("$schema", ""))
    for node, ptr in _mappings(value):
        candidates.extend(_deployment_record(node, ptr))
        candidates.extend(_parameters(node, ptr, arm=arm))
        azure = any(isinstance(k, str) and k.rpartition(".")[2] in _KIND_KEYS and isinstance(v, str)
                    and _AZURE_KIND.match(v.strip()) for k, v in node.items())  # fmt: skip
        for key, setting in node.items():
            if not isinstance(key, str) or not isinstance(setting, str):
                continue
            last = key.rpartition(".")[2]
            variable = substitution_variable(setting) if "${" in setting else None
            if deployment_key(last) or (azure and _model_key(last)) or (
                    # (An Azure variable's default, whatever the key: azd's `"value": "${AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-5.4}"`.)
                    variable is not None and _model_setting(variable) and _names_azure(variable)):  # fmt: skip
                candidates.append((substituted(setting), (*ptr, key)))
    if not candidates:
        return []
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    unique = dict.fromkeys(candidates)  # (a setting read by two rules is one candidate)
    return [(named, ptr) for named, ptr in unique if cat.deployment_model(named)]


def _deployment_record(node: dict[str, Any], ptr: Pointer) -> list[tuple[str, Pointer]]:
    """An Azure OpenAI deployment as azd's `infra/ai.yaml` and ARM templates write it
    (`{name: gpt-4o-mini, model: {format: OpenAI, name: gpt-4o-mini, version: ...}}`): the
    model it runs and the deployment's name, which is what requests send as the model."""
    model = node.get("model")
    if not (isinstance(model, dict) and isinstance(fmt := model.get("format"), str) and fmt.strip().lower() == "openai"):
        return []
    found = [(v, (*ptr, "name")) for v in (node.get("name"),) if isinstance(v, str)]
    found += [(v, (*ptr, "model", "name")) for v in (model.get("name"),) if isinstance(v, str)]
    return found


#: The fields of an ARM parameter (and an azd parameters file's entry) holding its value.
_PARAMETER_FIELDS = ("value", "defaultValue")


def _parameters(node: dict[str, Any], ptr: Pointer, *, arm: bool) -> list[tuple[str, Pointer]]:
    """The values of ARM-style parameters (`"openAiEmbeddingDeploymentName": {"value":
    "${AZURE_EMBEDDING_NAME=text-embedding-ada-002}"}`, `"AzureOpenAIModelName": {"type":
    "string", "defaultValue": "gpt-35-turbo"}`) named for a deployment, or, in an Azure
    Resource Manager file, for a model: the parameter's name says what its value is."""
    from bedrock_check.extract.config_values import substituted

    found: list[tuple[str, Pointer]] = []
    for key, setting in node.items():
        if not (isinstance(key, str) and isinstance(setting, dict)):
            continue
        if not (deployment_key(key) or (arm and _model_key(snake_words(key)))):
            continue
        found.extend((substituted(v), (*ptr, key, f)) for f in _PARAMETER_FIELDS if isinstance(v := setting.get(f), str))
    return found


def _model_key(name: str) -> bool:
    """Whether a setting's name says it holds a model (read only for an Azure mapping's settings)."""
    from bedrock_check.extract.dotenv import MODEL_KEY

    return MODEL_KEY.match(name.replace("-", "_")) is not None


def _model_setting(name: str) -> bool:
    """Whether an environment variable's name says it holds a model or a deployment."""
    from bedrock_check.extract.dotenv import setting_names_model

    return setting_names_model(name)


def _names_azure(name: str) -> bool:
    """Whether an environment variable's name is Azure OpenAI's by one of its words (`AZURE_OPENAI_...`)."""
    from bedrock_check.extract.dotenv import names_azure

    return names_azure(name)


__all__ = ["DEPLOYMENT_KEY", "config_deployments", "deployment_key", "snake_words"]
