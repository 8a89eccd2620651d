"""A value chain longer than the resolver follows is never dropped in silence: it is a
`could-not-follow` diagnostic at the call that names the key and where the chain
stopped, and every report lists it as such (not as a file that could not be read)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import bedrock_check
from bedrock_check.extract.resolve import MAX_DEPTH
from bedrock_check.findings import Diagnostic
from bedrock_check.report.overview import diagnostic_counts, diagnostic_group
from bedrock_check.vocabulary import DIAGNOSTIC_GROUPS, DiagnosticGroup, DiagnosticKind

CALL = 'client.responses.create(model="openai.gpt-5.5", input="x", service_tier={value})\n'


def _chain(n: int, first: str = '"flex"') -> str:
    """`v0 = "flex"`, `v1 = v0`, ... a chain of `n` plain renames before the call uses it."""
    lines = ["from openai import OpenAI", "client = OpenAI()", f"v0 = {first}"]
    lines += [f"v{i} = v{i - 1}" for i in range(1, n)]
    return "\n".join(lines) + "\n" + CALL.format(value=f"v{n - 1}")


def _scan(root: Path) -> bedrock_check.Report:
    return bedrock_check.scan([str(root)], config=False)


def _not_followed(report: bedrock_check.Report) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.kind is DiagnosticKind.COULD_NOT_FOLLOW]


def _tier(report: bedrock_check.Report) -> list[str]:
    return [f.value for f in report.findings if f.capability == "service-tiers"]


def test_a_chain_of_30_assignments_names_the_key_and_where_it_stopped(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(_chain(30))
    report = _scan(tmp_path)
    [diag] = _not_followed(report)
    call_line = 3 + 30  # two header lines, 30 assignments, then the call
    assert (diag.path.endswith("app.py"), diag.line) == (True, call_line)
    assert "`service_tier`" in diag.message and f"more than {MAX_DEPTH} steps" in diag.message
    stopped = int(re.search(r"stopped at line (\d+)", diag.message).group(1))
    assert 3 < stopped < call_line  # inside the chain, not at the call or the literal
    assert '"flex"' not in _tier(report)


def test_a_chain_within_the_limit_is_followed_without_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(_chain(12))
    report = _scan(tmp_path)
    assert not _not_followed(report) and _tier(report) == ['"flex"']


def test_a_key_reached_through_an_attribute_is_named(tmp_path: Path) -> None:
    text = _chain(30).replace("client.responses.create", "class Settings:\n    tier = v29\n\n\nclient.responses.create")
    (tmp_path / "app.py").write_text(text.replace("service_tier=v29", "service_tier=Settings.tier"))
    [diag] = _not_followed(_scan(tmp_path))
    assert "`service_tier`" in diag.message


def test_a_chain_of_re_exports_across_files_names_the_file_it_stopped_in(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "m0.ts").write_text('export const TIER = "flex";\n')
    for i in range(1, 12):
        (lib / f"m{i}.ts").write_text(f'export {{ TIER }} from "./m{i - 1}";\n')
    (tmp_path / "app.ts").write_text(
        'import OpenAI from "openai";\nimport { TIER } from "./lib/m11";\nconst client = new OpenAI();\n'
        'await client.responses.create({ model: "openai.gpt-5.5", input: "x", service_tier: TIER });\n'
    )
    report = _scan(tmp_path)
    [diag] = _not_followed(report)
    assert diag.path.endswith("app.ts") and diag.line == 4
    assert "`service_tier`" in diag.message and "chain of imports" in diag.message
    assert re.search(r"stopped at lib/m\d+\.ts \(`TIER` imported from `\./m\d+`", diag.message), diag.message
    # the same chain, short enough, is followed to the literal
    (tmp_path / "app.ts").write_text((tmp_path / "app.ts").read_text().replace("./lib/m11", "./lib/m3"))
    report = _scan(tmp_path)
    assert not _not_followed(report) and _tier(report) == ['"flex"']


def test_a_python_import_chain_longer_than_followed_is_reported(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "m0.py").write_text('TIER = "flex"\n')
    for i in range(1, 200):
        (pkg / f"m{i}.py").write_text(f"from .m{i - 1} import TIER\n")
    (tmp_path / "app.py").write_text(
        "from openai import OpenAI\nfrom pkg.m199 import TIER\nclient = OpenAI()\n" + CALL.format(value="TIER")
    )
    [diag] = _not_followed(_scan(tmp_path / "app.py"))
    assert "`service_tier`" in diag.message and re.search(r"stopped at pkg/m\d+\.py", diag.message), diag.message


def test_an_imported_file_too_large_to_follow_is_named(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text('TIER = "flex"\n' + "# padding\n" * 60_000)
    (tmp_path / "app.py").write_text(
        "from openai import OpenAI\nfrom settings import TIER\nclient = OpenAI()\n" + CALL.format(value="TIER")
    )
    [diag] = _not_followed(_scan(tmp_path / "app.py"))
    assert "settings.py is larger than 512 KiB" in diag.message and "`service_tier`" in diag.message


def test_every_report_lists_it_as_not_followed_not_as_unreadable(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(_chain(30))
    report = _scan(tmp_path)
    [diag] = _not_followed(report)
    assert diagnostic_group(diag) is DiagnosticGroup.NOT_FOLLOWED
    assert DIAGNOSTIC_GROUPS[DiagnosticKind("could-not-follow")] is DiagnosticGroup.NOT_FOLLOWED
    text = report.render("text", color=False)
    assert "1 value could not be followed" in text and "could not be read" not in text
    # (Worded as the diagnostics' kind: `not-followed` is the JSON group's name only.)
    assert "Could not follow (the key each names was not checked):" in text and "`service_tier`" in text
    assert "(could-not-follow)" in text and "not-followed" not in text
    summary = json.loads(report.render("json"))["summary"]
    assert summary["diagnostic_groups"] == {"unreadable": 0, "snippet": 0, "suppression": 0, "not-followed": 1}
    for fmt in ("html", "markdown"):
        out = report.render(fmt)
        assert "1 value could not be followed to its end" in out and "could not be read</summary>" not in out, fmt
        assert re.search(r"service\\?_tier", out), fmt  # Markdown escapes the underscore
        assert "not-followed" not in out, fmt
    assert 'id="could-not-follow"' in report.render("html")
    junit = report.render("junit")
    assert 'type="unreadable"' not in junit
    # a value not followed is no input that could not be read: validate's exit 2 is not for it
    assert report.exit_code("never", unreadable_fails=True) == 0


@pytest.mark.parametrize("kind", list(DiagnosticKind))
def test_every_diagnostic_kind_has_one_group(kind: DiagnosticKind) -> None:
    d = Diagnostic("a.py", kind, "x")
    assert diagnostic_group(d) in DiagnosticGroup
    assert sum(diagnostic_counts([d]).values()) == 1


def test_many_cut_values_in_one_file_are_counted_not_listed_one_by_one(tmp_path: Path) -> None:
    calls = "".join(CALL.format(value="v29").replace("input=", f"user='{i}', input=") for i in range(30))
    (tmp_path / "app.py").write_text(_chain(30) + calls)
    found = _not_followed(_scan(tmp_path))
    assert len(found) == 21 and found[-1].message.startswith("11 more values")


def test_an_import_cycle_is_no_chain_too_long(tmp_path: Path) -> None:
    # `llms/openai.py` importing the `openai` package finds itself in the tree: a cycle,
    # which ends where an installed package would (the SDK's client), with no diagnostic.
    llms = tmp_path / "llms"
    llms.mkdir()
    body = "from openai import OpenAI\nclient = OpenAI()\n" + CALL.format(value='"flex"')
    (llms / "openai.py").write_text(body)
    (llms / "lmstudio.py").write_text(body)
    report = _scan(tmp_path)
    assert not _not_followed(report)
    assert sorted(Path(f.path).name for f in report.findings if f.capability == "migrate-client") == [
        "lmstudio.py", "openai.py"]


def test_a_client_wrapped_more_times_than_followed_is_reported(tmp_path: Path) -> None:
    # An Ollama client behind three wrappers is Ollama's (not checked); behind six, where
    # the wrappers are no longer followed, the call is checked as OpenAI's and says why.
    def app(n: int) -> str:
        inner = "OpenAI(base_url='http://localhost:11434/v1')"
        for _ in range(n):
            inner = f"wrap_openai({inner})"
        return ("from openai import OpenAI\nfrom langsmith.wrappers import wrap_openai\n"
                f"client = {inner}\n" + CALL.format(value='"flex"'))  # fmt: skip

    (tmp_path / "three.py").write_text(app(3))
    (tmp_path / "six.py").write_text(app(6))
    report = _scan(tmp_path)
    assert {Path(f.path).name for f in report.findings} == {"six.py"}
    [diag] = _not_followed(report)
    assert Path(diag.path).name == "six.py" and diag.line == 4
    assert "stopped at line 3 (a client wrapped more than 4 times)" in diag.message


def test_a_cut_in_a_value_no_key_names_is_not_said(tmp_path: Path) -> None:
    """A receiver renamed past the limit (`c0 = OpenAI()`, `c1 = c0`, ...) leaves no request key
    unchecked: the call is checked as the OpenAI API's, and no diagnostic says "a value this
    call uses" (every could-not-follow diagnostic names the key, or the client, it is about)."""
    lines = ["from openai import OpenAI", "c0 = OpenAI()"] + [f"c{i} = c{i - 1}" for i in range(1, MAX_DEPTH + 6)]
    call = CALL.replace("client.", f"c{MAX_DEPTH + 5}.")
    (tmp_path / "app.py").write_text("\n".join(lines) + "\n" + call.format(value='"flex"'))
    report = _scan(tmp_path)
    assert _tier(report) == ['"flex"']
    assert _not_followed(report) == []


def test_a_deep_json_schema_across_files_is_one_value_not_a_chain(tmp_path: Path) -> None:
    """A function tool's schema nested a few levels deep, built in other files and imported
    through a helper, is followed to its end: no could-not-follow noise, and the hosted
    tool beside it is still found."""
    schema = '{"type": "string"}'
    for i in range(6):
        schema = f'{{"type": "object", "properties": {{"p{i}": {{"type": "array", "items": {schema}}}}}}}'
    (tmp_path / "schema.ts").write_text(f"export const SCHEMA = {schema};\n")
    (tmp_path / "tools.ts").write_text(
        'import { SCHEMA } from "./schema";\n'
        'const fn = { type: "function", name: "render", parameters: SCHEMA };\n'
        'export const tools = [fn, { type: "web_search_preview" }];\n'
    )
    (tmp_path / "route.ts").write_text(
        'import OpenAI from "openai";\nimport { tools } from "./tools";\nconst client = new OpenAI();\n'
        'export async function POST() {\n  return client.responses.create({ model: "gpt-5.5", input: "x", tools });\n}\n'
    )
    report = _scan(tmp_path)
    assert not _not_followed(report)
    assert [f.path.endswith("tools.ts") for f in report.findings if f.capability == "web-search"] == [True]


@pytest.mark.parametrize(("field", "said"), [("type", True), ("description", False), ("name", False)])
def test_only_a_key_a_verdict_reads_is_said_not_followed(tmp_path: Path, field: str, said: bool) -> None:
    """A tool's `type` decides which capability it is; its `description` or `name` decide
    nothing, so a chain cut there is no diagnostic (it was most of what real code showed)."""
    tool = {"type": '"function"', "name": '"lookup"', "description": '"Look it up"', field: "v29"}
    text = _chain(30).replace("service_tier=v29", "tools=[{" + ", ".join(f'"{k}": {v}' for k, v in tool.items()) + "}]")
    (tmp_path / "app.py").write_text(text)
    found = _not_followed(_scan(tmp_path))
    assert [f"`tools[0].{field}`" in d.message for d in found] == ([True] if said else [])


def test_a_message_text_not_followed_is_not_said_but_its_content_is(tmp_path: Path) -> None:
    # `content` may hold an audio or file part (a verdict); the text of a text part may not.
    call = 'client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": X}])\n'
    for value, said in (('[{"type": "text", "text": v29}]', False), ("v29", True)):
        (tmp_path / "app.py").write_text(_chain(30).replace(CALL.format(value="v29"), call.replace("X", value)))
        found = _not_followed(_scan(tmp_path))
        assert bool(found) is said, (value, [d.message for d in found])
