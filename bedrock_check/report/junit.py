"""JUnit XML for CI systems: one failing test case per finding (so a file with two findings
counts two failures), one passing test case per clean file, and an error per input that
could not be read. Characters XML cannot hold (control characters, lone surrogates) are
dropped from everything quoted, so the document is always well-formed."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any
from xml.etree import ElementTree as ET

from bedrock_check.report.model import Report
from bedrock_check.report.overview import diagnostic_group

_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Text with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def render_junit(report: Report, **_: Any) -> str:
    """JUnit XML (the common Jenkins/GitLab/Azure dialect)."""
    active = [f for f in report.sorted_findings() if f.suppressed is None]
    errors: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for d in report.diagnostics:
        text = f"{d.kind}: {d.message}" + (f" (line {d.line})" if d.line else "")
        errors[d.path].append((str(diagnostic_group(d)), text))
    with_findings = {f.path for f in active}
    clean = sorted((set(report.files) | set(errors)) - with_findings)
    suite = ET.Element(
        "testsuite",
        name=f"bedrock-check {report.command}",
        tests=str(len(active) + len(clean)),
        failures=str(len(active)),
        errors=str(sum(1 for p in clean if errors.get(p))),
        skipped="0",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="target.model", value=xml_safe(report.target.model))
    ET.SubElement(props, "property", name="target.region", value=xml_safe(report.target.region))
    ET.SubElement(props, "property", name="target.endpoint", value=report.target.endpoint)
    ET.SubElement(props, "property", name="target.as_of", value=report.target.date(report.matrix).isoformat())
    for f in active:
        where = f"{f.path}:{f.line}:{f.column}" if f.line else f.path
        case = ET.SubElement(suite, "testcase", name=xml_safe(f"{f.capability} at {where}"),
                             classname=xml_safe(f.path), file=xml_safe(f.path), line=str(f.line))  # fmt: skip
        failure = ET.SubElement(case, "failure", message=xml_safe(f"{f.capability}: {f.message}"), type=f.severity)
        failure.text = xml_safe(f"{where}\n{f.snippet}\n{f.message}\nWhat to do instead: {f.remediation}")
    for path in clean:
        case = ET.SubElement(suite, "testcase", name=xml_safe(path), classname=f"bedrock-check.{report.command}")
        for group, text in errors.get(path, ()):
            error = ET.SubElement(case, "error", message=xml_safe(text), type=group)
            error.text = xml_safe(text)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
