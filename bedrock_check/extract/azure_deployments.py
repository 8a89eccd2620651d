"""Azure OpenAI deployments named after the model they run.

Azure OpenAI sends each request to a deployment, and teams name their deployments after the
model: `AzureOpenAIModelConfiguration(azure_deployment="gpt-4o")`,
`AzureChatOpenAI(deployment_name=os.getenv("OPENAI_API_MODEL_DEPLOYMENT_NAME", "gpt-35-turbo"))`,
`def __init__(self, azure_deployment: str = "gpt-4.1-mini")`, `const deploymentName = "gpt-4o-realtime-preview"`,
`os.environ.get("AZURE_OPENAI_DEPLOYMENT", "gpt-4.1")`. A deployment setting (a keyword, an
option, a parameter, a variable or an environment variable whose name says `deployment`) whose
value is an OpenAI model id, in OpenAI's spelling or Azure's (`gpt-35-turbo`), is that model on
Azure: a migration moves it, so it is checked as the model the requests use, where it is written.
A deployment named otherwise (`gpt35`, `my-deployment`, `chat`) names no model and is not
checked. The OpenAI API has no deployments, so the name alone says Azure; not in a test file (a
mock runs it) nor in a file whose calls go to another vendor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.bodies import within
from bedrock_check.extract.callsite import Call, Lit, Obj
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.callsite import Expr
    from bedrock_check.extract.sites import Sites

#: A setting's name that says it holds a deployment (`azure_deployment`, `deployment_name`,
#: `deploymentName`, `azureOpenAIApiDeploymentName`, `AZURE_OPENAI_CHAT_DEPLOYMENT`,
#: `EMBEDDING_MODEL_DEPLOYMENT_NAME`, `embed_deployment`), read in snake case.
DEPLOYMENT_KEY = re.compile(r"(?i)(?:^|_)deployment(?:_?(?:name|id))?$")

#: The environment reads whose second argument (or `default=`) is the variable's default.
_ENV_READS = frozenset({("os", "getenv"), ("os", "environ", "get"), ("os", "environ", "setdefault"), ("getenv",)})


def deployment_key(name: str) -> bool:
    """Whether a setting's name says it holds an Azure deployment's name."""
    return DEPLOYMENT_KEY.search(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.replace("-", "_"))) is not None


def deployment_settings(sites: Sites) -> Iterator[Observation]:
    """A model request fragment (on Azure) for each deployment setting of the file whose value
    is an OpenAI model id (see the module docstring)."""
    m = sites.m
    if sites.file_vendor is not None or sites._test_file or "eployment" not in m.src.text:
        return
    exprs: list[Expr] = []
    for (scope, name), bindings in m.bindings.items():
        if deployment_key(name):
            exprs.extend(m.lower(b.raw, scope) for b in bindings if b.raw is not None and b.kind in ("param", "assign"))
    exprs.extend(m.lower(raw, scope) for name, raw, scope in m.named_defaults if deployment_key(name))
    for site in m.calls:
        text = "\n".join(m.src.lines[site.span.line - 1 : site.span.end_line])
        if "eployment" not in text and "EPLOYMENT" not in text:
            continue
        call = m.lower(site.raw, site.scope)
        if isinstance(call, Call):
            exprs.extend(_call_settings(site.chain, call))
    seen: set[tuple[int, int]] = set()
    for e in exprs:
        if any(within(e.span, out) for out in sites._foreign):
            continue
        for value, where in _values(sites, e):
            if (where.line, where.column) not in seen and sites.cat.deployment_model(value):
                seen.add((where.line, where.column))
                yield sites.request({"model": value}, {("model",): where}, "unknown", where, "azure", fragment=True)


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
    from bedrock_check.extract.dotenv import MODEL_KEY, setting_names_model

    candidates: list[tuple[str, Pointer]] = []
    for node, ptr in _mappings(value):
        azure = any(isinstance(k, str) and k.rpartition(".")[2] in _KIND_KEYS and isinstance(v, str)
                    and _AZURE_KIND.match(v.strip()) for k, v in node.items())  # fmt: skip
        for key, setting in node.items():
            if not isinstance(key, str) or not isinstance(setting, str):
                continue
            last = key.rpartition(".")[2]
            variable = substitution_variable(setting) if "${" in setting else None
            if deployment_key(last) or (azure and MODEL_KEY.match(last.replace("-", "_"))) or (
                    # (An Azure variable's default, whatever the key: azd's `"value": "${AZURE_OPENAI_CHAT_DEPLOYMENT=gpt-5.4}"`.)
                    variable is not None and "AZURE" in variable and setting_names_model(variable)):  # fmt: skip
                candidates.append((substituted(setting), (*ptr, key)))
    if not candidates:
        return []
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    return [(named, ptr) for named, ptr in candidates if cat.deployment_model(named)]


def _call_settings(chain: tuple[str, ...], call: Call) -> list[Expr]:
    """The deployment values a call is given: its deployment-named keywords and options
    (`{azureOpenAIApiDeploymentName: "gpt-4o"}`), or the default of an environment read of a
    deployment variable (`os.getenv("AZURE_OPENAI_DEPLOYMENT", "gpt-4o")`)."""
    found = [v for k, v in call.kwargs if k is not None and deployment_key(k)]
    for arg in call.args:
        if isinstance(arg, Obj):
            found.extend(v for k, v in arg.entries if isinstance(k, Lit) and isinstance(k.value, str) and deployment_key(k.value))
    name = call.args[0].value if call.args and isinstance(call.args[0], Lit) else None
    if chain in _ENV_READS and isinstance(name, str) and deployment_key(name):
        default = call.args[1] if len(call.args) > 1 else next((v for k, v in call.kwargs if k == "default"), None)
        if default is not None:
            found.append(default)
    return found


def _values(sites: Sites, e: Expr) -> list[tuple[str, Span]]:
    """Every string a setting's expression can be (each branch), where each is written."""
    spans: dict[Pointer, Span] = {}
    value, branches = sites.r.branched(e, ("model",), spans)
    found: list[tuple[Any, Span | None]] = [(value, spans.get(("model",)))]
    found += [(v, sub.get(("model",))) for p, v, sub in branches if p == ("model",)]
    return [(v, where) for v, where in found if isinstance(v, str) and where is not None]


__all__ = ["config_deployments", "deployment_key", "deployment_settings"]
