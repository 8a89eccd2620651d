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

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bedrock_check.extract.callsite import Call, Lit, Obj
from bedrock_check.extract.deployment_keys import deployment_key
from bedrock_check.findings import Observation, Pointer, Span

if TYPE_CHECKING:
    from bedrock_check.extract.callsite import Expr
    from bedrock_check.extract.sites import Sites

#: The environment reads whose second argument (or `default=`) is the variable's default.
_ENV_READS = frozenset({("os", "getenv"), ("os", "environ", "get"), ("os", "environ", "setdefault"), ("getenv",)})


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
    exprs.extend(_settings_mappings(sites))
    for site in m.calls:
        text = "\n".join(m.src.lines[site.span.line - 1 : site.span.end_line])
        if "eployment" not in text and "EPLOYMENT" not in text:
            continue
        call = m.lower(site.raw, site.scope)
        if isinstance(call, Call):
            exprs.extend(_call_settings(site.chain, call))
    seen: set[tuple[int, int]] = set()
    for e in exprs:
        if sites.in_foreign(e.span):
            continue
        for value, where in _values(sites, e):
            if (where.line, where.column) not in seen and sites.cat.deployment_model(value):
                seen.add((where.line, where.column))
                yield sites.request({"model": value}, {("model",): where}, "unknown", where, "azure", fragment=True)


def _settings_mappings(sites: Sites) -> list[Expr]:
    """The deployment entries of a module's settings mapping (`DEFAULT_CONFIG = {"supplier":
    "openai", ..., "azure_deployment_name": "gpt-35-turbo"}`, the defaults an app writes to its
    settings file at first run): read as that file's deployment settings are (`config_deployments`),
    in the mapping and in the blocks inside it. Only a module-level mapping bound once whose name
    says it holds defaults, settings or config (not a table: `DEPLOYMENT_PRICES`)."""
    from bedrock_check.extract.settings_dicts import settings_mapping_name

    m = sites.m
    found: list[Expr] = []
    for (scope, name), bindings in m.bindings.items():
        if scope != 0 or len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].raw is None:
            continue
        if not settings_mapping_name(name):
            continue
        todo = [m.lower(bindings[0].raw, 0)]
        while todo:
            e = todo.pop()
            if not isinstance(e, Obj):
                continue
            for key, item in e.entries:
                if isinstance(key, Lit) and isinstance(key.value, str) and deployment_key(key.value):
                    found.append(item)
                elif isinstance(item, Obj):
                    todo.append(item)
    return found


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


__all__ = ["deployment_settings"]
