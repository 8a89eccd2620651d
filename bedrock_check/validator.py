"""`validate`: check request bodies (files, directories of request files, stdin)."""

from __future__ import annotations

from collections.abc import Iterable

from bedrock_check.engine import Engine
from bedrock_check.findings import Diagnostic, Finding, RequestObservation, Use
from bedrock_check.inputs import expand_paths, read_input
from bedrock_check.matrix import Matrix, Target
from bedrock_check.report.model import Report


def target_findings(engine: Engine) -> list[Finding]:
    """Findings about the target itself (a model not offered, or not in the Region)."""
    from bedrock_check.findings import fingerprint

    out = []
    for cap_id, message in engine.check_target():
        cap = engine.matrix.capability(cap_id)
        out.append(
            Finding(
                capability=cap_id,
                title=cap.title,
                severity="error",
                status=cap.bedrock,
                message=message,
                remediation=cap.remediation,
                path="(target)",
                line=0,
                column=0,
                end_line=0,
                end_column=0,
                snippet=f"--model {engine.target.model} --region {engine.target.region}",
                value=engine.target.model,
                pointer="",
                context=None,
                source="",
                fingerprint=fingerprint(cap_id, "(target)", f"{engine.target.model}@{engine.target.region}"),
            )
        )
    return out


def validate_paths(paths: Iterable[str], matrix: Matrix, target: Target, *, stdin: bytes | None = None) -> Report:
    """Validate every request in these inputs ("-" reads `stdin`) and return the report."""
    engine = Engine(matrix, target)
    findings: list[Finding] = target_findings(engine)
    uses: list[Use] = []
    diagnostics: list[Diagnostic] = []
    inputs = requests = 0
    files: list[str] = []
    for raw in expand_paths(list(paths)):
        inputs += 1
        files.append("<stdin>" if raw == "-" else raw)
        for item in read_input(raw, stdin):
            if isinstance(item, RequestObservation):
                requests += 1
                result = engine.evaluate((item,))
                findings.extend(result.findings)
                uses.extend(result.uses)
            else:
                diagnostics.append(item)
    return Report(
        matrix=matrix,
        target=target,
        findings=tuple(findings),
        diagnostics=tuple(diagnostics),
        uses=tuple(uses),
        inputs=inputs,
        requests=requests,
        command="validate",
        files=tuple(files),
    )
