"""Request bodies against the compiled request rules: which capabilities a request uses,
which of those fail on the target, and where in the body each one is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bedrock_check.engine.compile import Group, Rule
from bedrock_check.engine.finding import make_finding, problem_finding
from bedrock_check.engine.query import select
from bedrock_check.findings import MODEL_OBJECT, Finding, Pointer, RequestObservation, Use
from bedrock_check.httppaths import url_path
from bedrock_check.vocabulary import RUNTIME_ID_FIELDS, EngineCapability, ModelKind

if TYPE_CHECKING:
    from bedrock_check.engine import Engine


def check_request(engine: Engine, obs: RequestObservation, findings: list[Finding], uses: list[Use]) -> None:
    """Append the findings and uses of one request."""
    rules = engine.compiled
    body = obs.body
    start = len(findings)
    claimed: set[tuple[str, Pointer]] = set()
    seen: set[tuple[str, Pointer]] = set()
    for rule in rules.always:
        _apply(engine, rule, obs, body, (), claimed, seen, findings, uses)
    for rule in rules.by_endpoint.get(obs.endpoint, ()):
        _apply(engine, rule, obs, body, (), claimed, seen, findings, uses)
    if not isinstance(body, dict):
        return
    groups: list[Group] = []
    for key in body:
        for rule in rules.keyed.get(key, ()):
            _apply(engine, rule, obs, body, (), claimed, seen, findings, uses)
        groups.extend(rules.groups_by_key.get(key, ()))
    for group in groups:
        for node, ptr in select(body, group.segs):
            for rule in group.candidates(node):
                _apply(engine, rule, obs, node, ptr, claimed, seen, findings, uses)
    # Only once every other rule had its chance can a node be called unclaimed.
    for group in groups:
        if group.unclaimed:
            for node, ptr in select(body, group.segs):
                # (A node of which nothing is known, `{}` for the caller's tool a wrapper adds
                # `cache_control` to, is no unknown kind of anything.)
                if (group.at, ptr) not in claimed and node != {} and not _kind_told(node):
                    for rule in group.unclaimed:
                        _apply(engine, rule, obs, node, ptr, claimed, seen, findings, uses)
    findings[start:] = _one_use_per_tool(findings[start:], rules.tool_caps)
    model = body.get("model")
    if isinstance(model, str) and model and not obs.fragment and _model_object_use(engine, obs, model, uses):
        uses.append(Use(EngineCapability.TEXT_GENERATION, obs.path, obs.span.line, model_object=True))
    if isinstance(model, str) and model:
        problems = engine.model_problems(model, api=obs.endpoint)
        for key, url in obs.attrs:
            # A call through a client whose Mantle base URL does not serve this call's model.
            if key == "base_url" and "bedrock-mantle" in url:
                problems = [*problems, *engine.base_path_problems(url_path(url), model)]
        findings.extend(problem_finding(engine, problem, obs, ("model",), model) for problem in problems)


#: Keys that tell a tool entry's kind when its `type` is not written out (`{"type": version,
#: "function": {...}}`: a function tool; `"input_schema"`: Anthropic's custom tool).
_TELLING_KEYS = ("function", "input_schema")


def _kind_told(node: Any) -> bool:
    """Whether a tool entry whose `type` the code does not show says its kind by its keys: such
    an entry is a function tool, not an unknown kind of tool."""
    return isinstance(node, dict) and not isinstance(node.get("type"), str) and any(k in node for k in _TELLING_KEYS)


def _model_object_use(engine: Engine, obs: RequestObservation, model: str, uses: list[Use]) -> bool:
    """Whether a request is a framework's model object of a text model (`ChatOpenAI(model=
    "gpt-4o")`, `openai("gpt-4o")`): no request field says text generation, yet every call
    made through it is one, so the readiness counts it as one (once per object). A model
    object of another kind (`OpenAIEmbeddings(model=...)`) generates no text."""
    return (any(key == MODEL_OBJECT for key, _ in obs.attrs) and engine.model_kind(model) == ModelKind.TEXT
            and not any(u.capability == EngineCapability.TEXT_GENERATION and u.path == obs.path
                        and u.line == obs.span.line for u in uses))  # fmt: skip


def _one_use_per_tool(found: list[Finding], tool_caps: set[str]) -> list[Finding]:
    """A hosted tool is one use per request, reported where it is declared (its `tools[]`
    entry): the items that go with it (a `computer_call_output` sent back, an `include`
    of its results, a `tool_choice` naming it) are part of the same use. Without a
    declaration in the request, the first of them stands for the use."""
    if not any(f.capability in tool_caps for f in found):
        return found
    declared = {f.capability for f in found if f.capability in tool_caps and _head(f.pointer) == "tools"}
    kept: list[Finding] = []
    shown: set[str] = set()
    for f in found:
        if f.capability in tool_caps and _head(f.pointer) in _TOOL_PARTS:
            if f.capability in declared or f.capability in shown:
                continue
            shown.add(f.capability)
        kept.append(f)
    return kept


def one_use_per_tool_in_call(found: list[Finding], tool_caps: set[str], calls: list[tuple[int, int]]) -> list[Finding]:
    """The same across the requests one call is read into: a hosted tool declared in a call
    (`generateText({tools: {file_search: openai.tools.fileSearch(...)}, providerOptions: {openai:
    {include: ["file_search_call.results"]}}})`, an `Agent(tools=[WebSearchTool()],
    model_settings=ModelSettings(response_include=[...]))`) is the use; the `include` beside it
    names that tool's output. `calls` are the (first, last) lines of the file's calls. (A
    request elsewhere whose include is the only sign of the tool still stands for it.)"""
    declared = [f for f in found if f.capability in tool_caps and _head(f.pointer) not in _TOOL_PARTS]
    if not declared:
        return found

    def beside(f: Finding) -> bool:
        return any(d.path == f.path and d.capability == f.capability
                   and any(a <= min(d.line, f.line) and max(d.line, f.line) <= b for a, b in calls)
                   for d in declared)  # fmt: skip

    # A tool built by a constructor or a tool call the code signals name (`CodeInterpreterTool(
    # tool_config={"type": "code_interpreter", ...})`, `openai.tools.codeInterpreter({...})`) is one
    # use: a tool literal of the same capability written inside its arguments is its config.
    built = [d for d in declared if not d.pointer]

    def configures(f: Finding) -> bool:
        return bool(f.pointer) and any(d.path == f.path and d.capability == f.capability
                                       and (d.line, d.column) <= (f.line, f.column)
                                       and (f.end_line, f.end_column) <= (d.end_line, d.end_column)
                                       for d in built)  # fmt: skip

    return [f for f in found if not ((_head(f.pointer) == "include" and f.capability in tool_caps and beside(f))
                                     or (built and f.capability in tool_caps and configures(f)))]  # fmt: skip


#: Where a request names a hosted tool other than its declaration (see `_one_use_per_tool`).
_TOOL_PARTS = frozenset({"input", "include", "tool_choice"})


def _head(pointer: str) -> str:
    """The top-level key of a JSON pointer (`/tools/0/type` -> `tools`)."""
    return pointer.split("/", 2)[1] if pointer.startswith("/") else ""


def _apply(
    engine: Engine,
    rule: Rule,
    obs: RequestObservation,
    node: Any,
    ptr: Pointer,
    claimed: set[tuple[str, Pointer]],
    seen: set[tuple[str, Pointer]],
    findings: list[Finding],
    uses: list[Use],
) -> None:
    if rule.endpoint is not None and not rule.endpoint.test(True, obs.endpoint):
        return
    if not rule.unclaimed and not rule.matches(node):
        return
    claimed.add((rule.at, ptr))
    key = (rule.capability.id, ptr)
    if rule.verdict == "ok":
        if key in seen:
            return
        seen.add(key)
        # Uses feed the readiness summary only: the request's line is enough,
        # and skipping the locator keeps clean traffic cheap.
        uses.append(Use(rule.capability.id, obs.path, obs.span.line))
        return
    loc_ptr, value = _locate_value(rule, node, ptr)
    # One finding per capability and node, except that an id the API created at run time
    # (`previous_response_id` stored into a config where the chain is continued) is a use of
    # its own beside another signal of its capability (`store=True` in the config's helper).
    if not rule.at_segs and loc_ptr and loc_ptr[0] in RUNTIME_ID_FIELDS:
        key = (rule.capability.id, loc_ptr)
    if key in seen:
        return
    seen.add(key)
    message = engine.compiled.messages[rule.capability.id]
    if rule.reason:
        message = f"{message} {rule.reason}"
    findings.append(
        make_finding(rule.capability, rule.verdict, rule.status, message, obs, rule.source, loc_ptr, value,
                     engine.compiled.later.get(rule.capability.id), by_key=_by_key(rule))
    )  # fmt: skip


def _by_key(rule: Rule) -> bool:
    """Whether the value a rule reports at is tested for its presence only (`voice: {present:
    true}`, `file_id: {truthy: true}`): the key decides, not what it holds."""
    located = rule.locate if rule.locate is not None else (rule.when[0][0] if rule.when and not rule.at_segs else None)
    if located is None:
        return False
    preds = [pred for segs, pred in rule.when if segs == located]
    return all(not pred.positives and not pred.negatives for pred in preds)


def _locate_value(rule: Rule, node: Any, ptr: Pointer) -> tuple[Pointer, Any]:
    if rule.locate is not None:
        for value, sub in select(node, rule.locate, ptr):
            return sub, value
        return ptr, node
    if rule.at_segs or not rule.when:
        return ptr, node
    # A body-level signal points at the value of its first condition.
    segs = rule.when[0][0]
    for value, sub in select(node, segs, ptr):
        return sub, value
    return ptr, node
