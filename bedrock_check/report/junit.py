"""JUnit XML for CI systems: one test case per file, a failure per finding, an error per
file that could not be read."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from xml.etree import ElementTree as ET

from bedrock_check.findings import Finding
from bedrock_check.report.model import Report


def render_junit(report: Report, **_: Any) -> str:
    """JUnit XML (the common Jenkins/GitLab/Azure dialect)."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in report.sorted_findings():
        if f.suppressed is None:
            by_file[f.path].append(f)
    errors: dict[str, list[str]] = defaultdict(list)
    for d in report.diagnostics:
        errors[d.path].append(f"{d.kind}: {d.message}" + (f" (line {d.line})" if d.line else ""))
    files = sorted(set(report.files) | set(by_file) | set(errors))
    suite = ET.Element(
        "testsuite",
        name=f"bedrock-check {report.command}",
        tests=str(len(files)),
        failures=str(sum(1 for p in files if by_file.get(p))),
        errors=str(sum(1 for p in files if errors.get(p) and not by_file.get(p))),
        skipped="0",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="target.model", value=report.target.model)
    ET.SubElement(props, "property", name="target.region", value=report.target.region)
    ET.SubElement(props, "property", name="target.endpoint", value=report.target.endpoint)
    ET.SubElement(props, "property", name="target.as_of", value=report.target.date(report.matrix).isoformat())
    for path in files:
        case = ET.SubElement(suite, "testcase", name=path, classname=f"bedrock-check.{report.command}")
        for f in by_file.get(path, ()):
            where = f"{f.path}:{f.line}:{f.column}" if f.line else f.path
            failure = ET.SubElement(case, "failure", message=f"{f.capability}: {f.message}", type=f.severity)
            failure.text = f"{where}\n{f.snippet}\n{f.message}\nWhat to do instead: {f.remediation}"
        for text in errors.get(path, ()):
            error = ET.SubElement(case, "error", message=text, type="unreadable")
            error.text = text
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ET.tostring(ET.ElementTree(suite).getroot(), encoding="unicode")
        + "\n"
    )
