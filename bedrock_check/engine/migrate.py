"""Migration steps as findings of their own kind (severity `note` by default): the client
construction to replace, the OpenAI settings, an `openai` SDK too old for the Bedrock client,
and the IAM permission the target's endpoint needs. The steps themselves are matrix data
(`migration:`); this module only decides which step a code observation calls for."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bedrock_check.engine.compile import cite
from bedrock_check.engine.target import Problem
from bedrock_check.findings import CodeObservation, Finding
from bedrock_check.httppaths import url_host
from bedrock_check.matrix import Matrix, Target, resolve_status
from bedrock_check.matrix.migration import ApiDefault
from bedrock_check.matrix.records import ClientForm
from bedrock_check.vocabulary import MIGRATING_PROVIDERS, EngineCapability

_PY_SUFFIXES = (".py", ".pyi", ".ipynb")


def _note(matrix: Matrix, cap_id: str, message: str, form: ClientForm | ApiDefault | None = None) -> Problem:
    """A migration step; one that names an SDK's client form (or a framework's default API)
    cites that record's own source (the Node SDK's changelog for `new BedrockOpenAI(...)`),
    not the capability's general one."""
    cap = matrix.capability(cap_id)
    return Problem(cap.id, cap.severity or "note", cap.bedrock, message,
                   source=cite(matrix, form.source) if form is not None else None)  # fmt: skip


def ecosystem_of(path: str) -> str:
    """pypi for Python sources, go for Go, npm for the rest (JS/TS)."""
    return "pypi" if path.endswith(_PY_SUFFIXES) else "go" if path.endswith(".go") else "npm"


def forms(matrix: Matrix, target: Target, ecosystem: str) -> list[ClientForm]:
    """The Bedrock client forms the SDK offers for the target's endpoint at its date, oldest first."""
    at = target.date(matrix)
    out = [f for f in matrix.migration.clients if f.ecosystem == ecosystem and f.endpoint == target.endpoint
           and f.since <= at]  # fmt: skip
    return sorted(out, key=lambda f: f.since)


def client_steps(matrix: Matrix, target: Target, obs: CodeObservation) -> list[Problem]:
    """A client that talks to the OpenAI API (or Azure): what to construct instead, and the IAM step."""
    if obs.provider not in MIGRATING_PROVIDERS:
        return []
    for key, value in obs.attrs:
        if key == "base_url_env" and not value.startswith(("OPENAI_", "AZURE_OPENAI")):
            return []  # the base URL comes from another vendor's setting (GROQ_BASE_URL): not known to be OpenAI
    ecosystem = ecosystem_of(obs.path)
    offered = forms(matrix, target, ecosystem)
    name = obs.value.rpartition(".")[2] or obs.value
    if name == "default":  # `import OpenAI from "openai"`: the default export is the OpenAI class
        name = "OpenAI"
    where = "Azure OpenAI" if obs.provider == "azure" else "the OpenAI API"
    sdk = "openai-python" if ecosystem == "pypi" else "openai-node"
    if ecosystem == "go":
        # (The matrix records the Python and Node clients' Bedrock forms only.)
        message = (f"`{name}` sends requests to {where}; for Bedrock ({target.endpoint}) construct a client "
                   "configured for Bedrock instead (the capability matrix records no Go SDK form).")
        return [_note(matrix, EngineCapability.MIGRATE_CLIENT, message)]
    if not offered:
        message = (f"`{name}` sends requests to {where}; {sdk} has no Bedrock client for the {target.endpoint} "
                   f"endpoint as of {target.date(matrix).isoformat()}.")  # fmt: skip
    else:
        best = offered[-1]
        code = _form(best.code, target, name, ecosystem)
        message = (f"`{name}` sends requests to {where}; for Bedrock ({target.endpoint}) construct `{code}` "
                   f"({sdk} ≥ {best.min_version}, since {best.since.isoformat()})")  # fmt: skip
        if len(offered) > 1:
            oldest = offered[0]
            message += f"; on {sdk} {oldest.min_version}–{best.min_version} `{_form(oldest.code, target, name, ecosystem)}`"
        message += "."
        return [_note(matrix, EngineCapability.MIGRATE_CLIENT, message, best)]
    return [_note(matrix, EngineCapability.MIGRATE_CLIENT, message)]


#: The client classes of a Bedrock form in openai-python, each with an `Async` twin.
_PY_CLIENT_CLASS = re.compile(r"\b(?<!Async)(BedrockOpenAI|OpenAI)\b")


def _form(code: str, target: Target, name: str, ecosystem: str) -> str:
    """A Bedrock client form for the target's Region, in the async class when the client it
    replaces is async (`AsyncOpenAI` -> `AsyncBedrockOpenAI(...)`, `AsyncOpenAI(provider=...)`)."""
    code = code.replace("{region}", target.region)
    if ecosystem == "pypi" and name.startswith("Async"):
        code = _PY_CLIENT_CLASS.sub(r"Async\1", code)
    return code


def iam_step(matrix: Matrix, target: Target) -> Problem | None:
    """The IAM permission the target's endpoint needs."""
    step = next((s for s in matrix.migration.iam if s.endpoint == target.endpoint), None)
    if step is None:
        return None
    return _note(matrix, EngineCapability.MIGRATE_IAM, f"On the {target.endpoint} endpoint, {step.text}.")


def one_iam_step(findings: Iterable[Finding]) -> list[Finding]:
    """The IAM step once per need, not once per client or per scoped folder: of the
    `migrate-iam` notes that ask for the same grant (the same text: one endpoint's
    permission), the first in path order is kept."""
    findings = list(findings)
    iam = sorted((f for f in findings if f.capability == EngineCapability.MIGRATE_IAM),
                 key=lambda f: (f.path, f.line, f.column))  # fmt: skip
    first = {id(f) for f in {f.message: f for f in reversed(iam)}.values()}
    return [f for f in findings if f.capability != EngineCapability.MIGRATE_IAM or id(f) in first]


def setting_steps(matrix: Matrix, obs: CodeObservation) -> list[Problem]:
    """An OpenAI setting (`OPENAI_API_KEY=...`) and what replaces it."""
    name = obs.module or ""
    step = next((s for s in matrix.migration.settings if s.name == name), None)
    if step is None:
        return []
    if name.endswith(("BASE_URL", "API_BASE")):
        host = url_host(obs.value)
        if "bedrock" in host or host in ("localhost", "127.0.0.1"):
            return []  # already Bedrock, or a local server: nothing to migrate
    return [_note(matrix, EngineCapability.MIGRATE_SETTINGS, f"`{name}` configures the OpenAI API; on Bedrock use {step.instead}.")]


#: How a status reads after "which is" in a `migration.api_defaults` note.
_STATUS_SAID = {"not_available": "not offered", "unverified": "not documented", "conditional": "offered only under a condition"}


def dependency_steps(matrix: Matrix, target: Target, obs: CodeObservation) -> list[Problem]:
    """An `openai` pin whose highest allowed version is older than the first Bedrock client;
    a framework pin whose model object still calls an API the target does not serve."""
    attrs = dict(obs.attrs)
    ecosystem = attrs.get("ecosystem", "")
    offered = [f for f in matrix.migration.clients if f.ecosystem == ecosystem and f.package == obs.value
               and f.endpoint == target.endpoint]  # fmt: skip
    spec = attrs.get("version", "")
    if not spec:
        return []
    if not offered:
        return api_default_steps(matrix, target, obs.value, ecosystem, spec)
    needed = min(offered, key=lambda f: _version(f.min_version))
    highest = highest_allowed(spec, ecosystem)
    if highest is None or highest >= _version(needed.min_version):
        return []
    sdk = "openai-python" if ecosystem == "pypi" else "openai-node"
    message = (f"`{obs.value}` is pinned to `{spec}`, older than {sdk} {needed.min_version}, the first version with a "
               f"Bedrock client for the {target.endpoint} endpoint; raise it to {needed.min_version} or later.")  # fmt: skip
    return [_note(matrix, EngineCapability.MIGRATE_SDK_VERSION, message, needed)]


def api_default_steps(matrix: Matrix, target: Target, package: str, ecosystem: str, spec: str) -> list[Problem]:
    """A pin of a framework package (`@ai-sdk/openai@^0.0.34`) that allows only versions whose
    model object sends Chat Completions (`migration.api_defaults`), while Chat Completions is not
    available on the target: the model object's calls are not the Responses requests Bedrock
    documents. (From the version on, the same code calls Responses.)"""
    out: list[Problem] = []
    for default in matrix.migration.api_defaults:
        if default.package != package or default.ecosystem != ecosystem:
            continue
        highest = highest_allowed(spec, ecosystem)
        if highest is None or highest >= _version(default.min_version):
            continue
        cap = matrix.capability(default.capability)
        status = resolve_status(cap, target, target.date(matrix)).status
        if status == "available":
            continue
        message = (f"`{package}` is pinned to `{spec}`, older than {default.min_version}, the first version whose "
                   f"`{default.call}` calls the Responses API: below it `{default.call}` sends {cap.title} requests, "
                   f"which are {_STATUS_SAID.get(status, status)} on Bedrock for {target.model} ({target.endpoint}); "
                   f"raise it to {default.min_version} or later")  # fmt: skip
        if default.instead:
            message += f", or call `{default.instead}`" + (f" (from {default.instead_from})" if default.instead_from else "")
        message += "."
        out.append(_note(matrix, EngineCapability.MIGRATE_SDK_VERSION, message, default))
    return out


def _callee(call: str) -> str:
    """`openai.responses` of `openai.responses(model)`: the callee as code writes it."""
    return call.split("(", 1)[0].strip()


def relied_defaults(findings: list[Finding], matrix: Matrix, chains: set[str]) -> list[Finding]:
    """The `migration.api_defaults` notes of a scan, only where the code relies on the default:
    a scan whose code calls the form that names its API (`openai.responses(model)`) and never the
    default one (`openai(model)`) sends no request the old default decides, so its pin needs no
    change for that. With neither call seen (a provider instance, an alias, no code scanned) the
    note stays. `chains`: the callees of the scanned code's calls, dotted."""
    settled = {d.package for d in matrix.migration.api_defaults
               if d.instead and _callee(d.instead) in chains and _callee(d.call) not in chains}  # fmt: skip
    if not settled:
        return findings
    clients = {c.package for c in matrix.migration.clients}
    return [f for f in findings if not (f.capability == EngineCapability.MIGRATE_SDK_VERSION and f.value in settled
                                        and f.value not in clients)]  # fmt: skip


_NUM = re.compile(r"\d+(?:\.\d+)*")


def _version(text: str) -> tuple[int, ...]:
    m = _NUM.search(text)
    if m is None:
        return ()
    parts = [int(p) for p in m.group(0).split(".")][:3]
    return tuple(parts + [0] * (3 - len(parts)))


def highest_allowed(spec: str, ecosystem: str) -> tuple[int, ...] | None:
    """The highest version a requirement allows, as a comparable tuple (an exclusive upper bound
    counts as just below it), or None when it has no upper bound (`>=1.0`, `*`, `latest`)."""
    bound: tuple[int, ...] | None = None

    def cap(v: tuple[int, ...], exclusive: bool) -> None:
        nonlocal bound
        if not v:
            return
        value = _below(v) if exclusive else v
        bound = value if bound is None or value < bound else bound

    for raw in re.split(r"[,\s]+|\|\|", spec.strip()):
        part = raw.strip()
        if not part or part in ("*", "latest", "x"):
            continue
        if part.startswith(("==", "===")) or (ecosystem == "npm" and part[0].isdigit()) or (part[0].isdigit()) or part.startswith("<="):
            cap(_version(part), False)
        elif part.startswith("<"):
            cap(_version(part), True)
        elif part.startswith("~="):  # ~=2.3 allows <3; ~=2.3.1 allows <2.4
            v = _version(part)
            pieces = part[2:].count(".")
            upper = (v[0] + 1, 0, 0) if pieces <= 1 else (v[0], v[1] + 1, 0)
            cap(upper, True)
        elif part.startswith("^"):  # ^1.2.3 allows <2.0.0 (^0.x: <0.(x+1))
            v = _version(part)
            cap((v[0] + 1, 0, 0) if v[0] else (0, v[1] + 1, 0), True)
        elif part.startswith("~"):  # ~1.2.3 allows <1.3.0
            v = _version(part)
            cap((v[0], v[1] + 1, 0), True)
    return bound


def _below(v: tuple[int, ...]) -> tuple[int, ...]:
    """The highest version strictly below `v`, as far as a three-part comparison goes."""
    major, minor, patch = v
    if patch:
        return (major, minor, patch - 1)
    if minor:
        return (major, minor - 1, 10**6)
    return (major - 1, 10**6, 10**6) if major else (0, 0, 0)
