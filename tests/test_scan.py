"""`scan`: discovery, bad files, agreement with `validate`, the command line."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bedrock_check.cli import app
from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanner import scan_paths
from bedrock_check.validator import validate_paths

PLANTED = 'client.responses.create(model="openai.gpt-5.5", input="x", tools=[{"type": "web_search"}])\n'


def _tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def _found(report) -> set[tuple[str, str]]:
    return {(f.path, f.capability) for f in report.findings if f.path != "(target)"}


def test_bad_files_are_diagnostics_and_the_scan_goes_on(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    root = _tree(tmp_path / "repo", {
        "good.py": PLANTED,
        "py2.py": 'print "hello"\nclient.responses.create(input="x")\n',
        "syntax.py": "def broken(:\n    client.responses.create(input='x')\n",
        "latin1.py": "# caf\xe9\nclient.responses.create(input='x')\n".encode("latin-1"),
        "utf16.py": PLANTED.encode("utf-16"),  # read as text, as validate reads it
        "blob.js": b"\x00\x01responses.create\x00",
        "broken.ipynb": '{"cells": [ {"cell_type": "code", "source": "client.responses.create(',
        "deep.py": "x = " + "[" * 5000 + "]" * 5000 + "\nclient.responses.create(input='x')\n",
        "deep.json": '{"input": ' + "[" * 100000 + "]" * 100000 + "}",
        "bomb.yaml": "input: x\n" + "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(20)),
    })  # fmt: skip
    report = scan_paths([str(root)], matrix, target, jobs=1)
    assert _found(report) == {(f"{root}/good.py", "web-search"), (f"{root}/utf16.py", "web-search")}
    kinds = {Path(d.path).name: d.kind for d in report.diagnostics}
    assert kinds["py2.py"] == "parse-error"
    assert "Python 2" in next(d.message for d in report.diagnostics if d.path.endswith("py2.py"))
    assert kinds["syntax.py"] == "parse-error"
    assert kinds["latin1.py"] == "encoding"
    assert "utf16.py" not in kinds
    assert kinds["blob.js"] == "binary"
    assert kinds["broken.ipynb"] == "parse-error"
    assert kinds["deep.py"] in {"too-deep", "parse-error"}
    assert kinds["deep.json"] == "too-deep"
    assert "alias" in next(d.message for d in report.diagnostics if d.path.endswith("bomb.yaml"))
    assert report.exit_code("error", unreadable_fails=False) == 1


def test_discovery_rules(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text(PLANTED)
    root = _tree(tmp_path / "repo", {
        "src/app.py": PLANTED,
        "node_modules/lib/index.js": "client.responses.create({tools: [{type: 'web_search'}]})",
        ".venv/lib/site.py": PLANTED,
        "myenv/pyvenv.cfg": "home = /usr\n",
        "myenv/lib/x.py": PLANTED,
        "build/gen.py": PLANTED,
        "web/package.json": "{}",
        "web/dist/bundle.js": "client.responses.create({tools: [{type: 'web_search'}]})",
        # An output-named folder with no project file beside it is source (a docs section).
        "docs/guides/build/page.py": PLANTED,
        "ignored/secret.py": PLANTED,
        ".gitignore": "ignored/\n*.gen.py\n",
        "src/code.gen.py": PLANTED,
        "big.py": PLANTED + "#" * 5000,
        "notes.txt": PLANTED,
        # A Storybook story renders a component with made-up data: not read when walking.
        "web/src/Jobs.stories.tsx": "client.responses.create({tools: [{type: 'web_search'}]})",
    })  # fmt: skip
    (root / "src/link_out.py").symlink_to(outside)
    (root / "src/loop").symlink_to(root / "src")
    (root / "src/link_in.py").symlink_to(root / "src/app.py")
    os.mkfifo(root / "src/pipe.py")
    report = scan_paths([str(root)], matrix, target, jobs=1, max_file_size=1000)
    paths = {Path(p).relative_to(root).as_posix() for p, _ in _found(report)}
    assert paths == {"src/app.py", "docs/guides/build/page.py"}
    kinds = {Path(d.path).relative_to(root).as_posix(): d.kind for d in report.diagnostics}
    assert kinds == {"src/link_out.py": "symlink", "src/pipe.py": "not-a-file", "big.py": "too-large"}


_BARE_NAMES = {  # a line naming one file or folder by a bare name is read; folder and wildcard lines skip
    ".gitignore": "assets/config.yml\nsettings.py\n*.gen.py\nprompts\nout/\n!keep.gen.py\n# notes.py\n",
    "assets/config.yml": "default_completion_kwargs:\n  model: gpt-4-32k\n  temperature: 0.2\n",
    "app/settings.py": PLANTED,
    "app/code.gen.py": PLANTED,
    "app/keep.gen.py": PLANTED,
    "pages/prompts/page.py": PLANTED,
    "tmp/out/secret.py": PLANTED,
}
_WHITELIST = {  # `*` then `!*.py`: each file matched by every line, only folder lines skip folders
    ".gitignore": "*\n!*.py\n!*.ipynb\n!docs\n__pycache__/\n",
    "scripts/rag/query.py": PLANTED,
    "scripts/rag/notes.txt": PLANTED,
    "scripts/__pycache__/query.py": PLANTED,
    "top.py": PLANTED,
}


@pytest.mark.parametrize(("files", "scanned"), [
    (_BARE_NAMES, {"assets/config.yml", "app/settings.py", "app/keep.gen.py", "pages/prompts/page.py"}),
    (_WHITELIST, {"scripts/rag/query.py", "top.py"}),
], ids=["bare-names", "whitelist"])  # fmt: skip
def test_a_gitignore_without_git_skips_only_what_an_export_does_not_ship(
        tmp_path: Path, matrix: Matrix, target: Target, files: dict[str, str], scanned: set[str]) -> None:  # fmt: skip
    """Outside a git work tree (an exported repository, every file in it committed), a
    `.gitignore` line that names one file or folder by a bare name is something the repository
    ships and ignores for local edits or for its build (a template, a site's `pages/prompts/`):
    it is read. In an ignore file that re-includes kinds of file (`*` then `!*.py`), git would
    not look into a folder `*` ignores for untracked files, but the repository commits its
    scripts there: each file is matched by every line, and only folder lines skip folders."""
    if any((p / ".git").exists() for p in tmp_path.parents):
        pytest.skip("the temporary folder is inside a git work tree")
    root = _tree(tmp_path / "repo", files)
    report = scan_paths([str(root)], matrix, target, jobs=1)
    assert {Path(p).relative_to(root).as_posix() for p, _ in _found(report)} == scanned


def test_git_repository_uses_what_git_lists(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    root = _tree(tmp_path / "repo", {"a.py": PLANTED, "gen/b.py": PLANTED, ".gitignore": "gen/\n", "new.py": PLANTED,
                                     "pyproject.toml": "", "build/c.py": PLANTED, "docs/build/d.py": PLANTED})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "a.py", ".gitignore"], check=True)
    report = scan_paths([str(root)], matrix, target, jobs=1)
    assert {Path(p).name for p, _ in _found(report)} == {"a.py", "new.py", "d.py"}


def test_git_runs_only_where_a_repository_can_be_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder with no `.git` at or above it is walked without starting git; a work tree's
    subfolder (the `.git` is above it) and a linked work tree (a `.git` file) still ask git."""
    from bedrock_check import discover, gitsafe

    asked: list[str] = []

    def run_git(args: list[str], cwd: str, **_: object) -> bytes:
        asked.append(cwd)
        raise gitsafe.GitError("not a repository")

    monkeypatch.setattr(gitsafe, "run_git", run_git)
    if any((p / ".git").exists() for p in tmp_path.parents):
        pytest.skip("the temporary folder is inside a git work tree")
    plain = _tree(tmp_path / "plain", {"a.py": PLANTED})
    assert discover._git_files(str(plain)) is None and asked == []
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    deep = _tree(tmp_path / "repo" / "src", {"b.py": PLANTED})
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / ".git").write_text("gitdir: /elsewhere\n")
    discover._git_files(str(deep))
    discover._git_files(str(tmp_path / "linked"))
    assert asked == [str(deep), str(tmp_path / "linked")]


def test_include_and_exclude(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    root = _tree(tmp_path / "repo", {"src/a.py": PLANTED, "tests/b.py": PLANTED, "src/c.py": PLANTED})
    only_src = scan_paths([str(root)], matrix, target, include=["src/**"], exclude=["c.py"], jobs=1)
    assert {Path(p).name for p, _ in _found(only_src)} == {"a.py"}


def test_process_pool_gives_the_same_answer(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    files = {f"pkg/m{i}.py": (PLANTED if i % 7 == 0 else "x = 1\n") for i in range(150)}
    root = _tree(tmp_path / "repo", files)
    serial = scan_paths([str(root)], matrix, target, jobs=1)
    pooled = scan_paths([str(root)], matrix, target, jobs=2)
    assert pooled.stats["workers"] == 2
    assert sorted(f.to_dict().items() for f in serial.findings) == sorted(f.to_dict().items() for f in pooled.findings)


def test_scan_and_validate_agree(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    body = {"model": "gpt-5.5", "input": "x", "service_tier": "flex", "background": True,
            "tools": [{"type": "web_search"}, {"type": "mcp", "server_label": "a", "server_url": "https://a"}],
            "include": ["file_search_call.results"]}  # fmt: skip
    (tmp_path / "req.json").write_text(json.dumps(body))
    (tmp_path / "app.py").write_text(f"client.responses.create(**{body!r})\n")
    validated = {f.capability for f in validate_paths([str(tmp_path / "req.json")], matrix, target).findings}
    scanned = {f.capability for f in scan_paths([str(tmp_path / "app.py")], matrix, target).findings}
    assert (
        validated
        == scanned
        == {"model-id", "service-tiers", "background-mode", "web-search", "remote-mcp", "file-search"}
    )


def test_notebook_findings_land_on_the_ipynb_line(matrix: Matrix, target: Target) -> None:
    from .conftest import FIXTURES

    path = FIXTURES / "scan" / "notebook" / "research.ipynb"
    report = scan_paths([str(path)], matrix, target)
    web = next(f for f in report.findings if f.capability == "web-search")
    raw_line = path.read_text().splitlines()[web.line - 1]
    assert '\\"web_search\\"' in raw_line
    assert raw_line[web.column - 1 :].startswith('{\\"type\\"')
    assert web.context == "cell 3"
    assert web.snippet == 'tools=[{"type": "web_search"}],'


def test_a_value_set_in_an_earlier_notebook_cell_lands_on_its_own_line(tmp_path: Path, matrix: Matrix,
                                                                         target: Target) -> None:  # fmt: skip
    """`model = "gpt-4o"` in one cell, the call in a later one (after a comment line): the
    model finding is on the line that sets it, its columns inside that line, not on the
    call cell's first line with the other line's column (past that line's end); it names
    the cell of that line, while a finding on the call's own line names the call's cell."""
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["from openai import OpenAI\n", "client = OpenAI()\n", 'model = "gpt-4o-2024-08-06"\n']},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["# run\n", "resp = client.responses.create(\n", "    model=model, input='x', background=True)\n"]},
    ]  # fmt: skip
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1))
    lines = path.read_text().splitlines()
    report = scan_paths([str(path)], matrix, target)
    (found,) = [f for f in report.findings if f.capability == "model-availability"]
    assert "gpt-4o-2024-08-06" in lines[found.line - 1]
    assert found.snippet == 'model = "gpt-4o-2024-08-06"'
    assert found.end_line == found.line and found.end_column <= len(lines[found.line - 1]) + 1
    assert found.context == "cell 1"
    (background,) = [f for f in report.findings if f.capability == "background-mode"]
    assert "background=True" in lines[background.line - 1] and background.context == "cell 2"
    for f in report.findings:  # no finding of the notebook points past the end of its line
        assert f.column <= len(lines[f.line - 1]) + 1, f


runner = CliRunner()


def test_scan_cli_contract_and_exit_codes(tmp_path: Path) -> None:
    _tree(tmp_path, {"app.py": PLANTED, "bad.py": "def (:\n responses.create\n"})
    result = runner.invoke(app, ["scan", "--format", "json", str(tmp_path)])
    assert result.exit_code == 1  # unreadable files do not make a scan exit 2
    data = json.loads(result.stdout)
    assert data["summary"]["command"] == "scan"
    assert [f["capability"] for f in data["findings"]] == ["web-search"]
    assert data["findings"][0]["column"] == 67
    assert [d["kind"] for d in data["diagnostics"]] == ["parse-error"]
    assert runner.invoke(app, ["scan", "--fail-on", "never", str(tmp_path)]).exit_code == 0
    clean = _tree(tmp_path / "clean", {"ok.py": "print('hello')\n"})
    assert runner.invoke(app, ["scan", str(clean)]).exit_code == 0


def test_scan_stats_and_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {"app.py": PLANTED, "other.py": "x = 1\n"})
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["scan", "--stats"])
    assert result.exit_code == 1
    assert "app.py:1:67" in result.stdout
    assert "files seen 2" in result.stderr and "files parsed 1" in result.stderr


def test_unknown_suppression_id_is_reported(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    (tmp_path / "a.py").write_text("# bedrock-check: ignore[web-serach] typo\n" + PLANTED)
    report = scan_paths([str(tmp_path)], matrix, target)
    assert [d.kind for d in report.diagnostics] == ["bad-suppression"]
    assert "web-serach" in report.diagnostics[0].message
    assert [f.suppressed for f in report.findings] == [None]


def test_ignore_file(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    (tmp_path / "a.py").write_text("# bedrock-check: ignore-file legacy OpenAI-only module\n" + PLANTED)
    report = scan_paths([str(tmp_path)], matrix, target)
    assert [str(f.suppressed) for f in report.findings] == ["ignore-file: legacy OpenAI-only module"]
    assert report.exit_code("error", unreadable_fails=False) == 0


def test_lambdas_and_nested_scopes(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    (tmp_path / "a.py").write_text(
        "handler = lambda event: client.responses.create(model='openai.gpt-5.5', input=event, tools=[{'type': 'web_search'}])\n"
        "class C:\n    '''doc wss://api.openai.com/v1/realtime'''\n    def m(self):\n        f = lambda: None\n        return f\n"
    )
    report = scan_paths([str(tmp_path)], matrix, target)
    assert [(f.capability, f.line) for f in report.findings] == [("web-search", 1)]
    assert report.diagnostics == ()


def test_an_extractor_crash_is_a_diagnostic_not_a_stop(
    tmp_path: Path, matrix: Matrix, target: Target, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bedrock_check.extract import adapters

    real = adapters.python

    def broken(path: str, text: str, **kwargs):
        if path.endswith("bad.py"):
            raise KeyError("surprise")
        return real(path, text, **kwargs)

    monkeypatch.setattr(adapters, "python", broken)
    (tmp_path / "bad.py").write_text(PLANTED)
    (tmp_path / "good.py").write_text(PLANTED)
    report = scan_paths([str(tmp_path)], matrix, target, jobs=1)
    assert [Path(f.path).name for f in report.findings] == ["good.py"]
    assert [(Path(d.path).name, d.kind) for d in report.diagnostics] == [("bad.py", "internal-error")]


def test_a_suppression_quoted_in_prose_is_not_one(tmp_path: Path, matrix: Matrix, target: Target) -> None:
    (tmp_path / "README.md").write_text(
        "Write `# bedrock-check: ignore[ids] reason` above a line.\n\n```python\n" + PLANTED + "```\n"
    )
    report = scan_paths([str(tmp_path)], matrix, target)
    assert report.diagnostics == () and [f.suppressed for f in report.findings] == [None]


def test_scan_turns_the_collector_off_while_parsing_and_restores_it(
    matrix: Matrix, target: Target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file is parsed with the cyclic collector off (on, it traverses the file's syntax tree
    and the cache of imported files again and again, all of it alive), and the caller's state
    is back afterwards, also when extraction fails; a collector the caller turned off stays off."""
    import gc

    from bedrock_check import scanner as scanner_module
    from bedrock_check.discover import Candidate, discover

    (tmp_path / "app.py").write_text('from openai import OpenAI\nOpenAI().responses.create(model="gpt-4o")\n')
    cand = next(c for c in discover([str(tmp_path)]) if isinstance(c, Candidate))
    seen: list[bool] = []
    real = scanner_module.extract_safely

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scanner_module, "extract_safely", spy)
    before = gc.isenabled()
    try:
        gc.enable()
        result = scanner_module._Scanner(matrix, target, 1 << 20).scan(cand)
        assert result.parsed and result.findings and seen == [False]
        assert gc.isenabled()

        def boom(*args: object, **kwargs: object) -> object:
            raise KeyboardInterrupt

        monkeypatch.setattr(scanner_module, "extract_safely", boom)
        with pytest.raises(KeyboardInterrupt):
            scanner_module._Scanner(matrix, target, 1 << 20).scan(cand)
        assert gc.isenabled()
        gc.disable()
        monkeypatch.setattr(scanner_module, "extract_safely", spy)
        scanner_module._Scanner(matrix, target, 1 << 20).scan(cand)
        assert not gc.isenabled()
    finally:
        (gc.enable if before else gc.disable)()


@pytest.mark.parametrize(
    ("kind", "source"),
    [
        ("python", 'import openai\nclient = openai.OpenAI()\nclient.responses.create(model="gpt-4o", input=x)\n'),
        ("typescript", 'import OpenAI from "openai";\nconst c = new OpenAI();\nawait c.responses.create({model: "gpt-4o"});\n'),
    ],
)
def test_a_parsed_files_model_holds_no_reference_cycle(kind: str, source: str) -> None:
    """A file's call-site model, lowered from, is freed by reference counting alone: the scan
    turns the cyclic collector off while a file is scanned, so a cycle would keep every file."""
    import ast
    import gc

    from bedrock_check.extract.callsite import Call, CallSite, FileModel
    from bedrock_check.extract.jsfront import js_model
    from bedrock_check.extract.pyfront import python_model

    gc.collect()
    before = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in `gc.garbage` to be looked at
    try:
        model = python_model("app.py", source, ast.parse(source)) if kind == "python" else js_model("app.ts", source, kind)
        lowered = [model.lower(site.raw, site.scope) for site in model.calls]
        assert any(isinstance(e, Call) for e in lowered) and model.argument is not None
        del model, lowered
        gc.collect()
        # (Other garbage may be there: a class's methods compiled on first use, say.)
        assert not [o for o in gc.garbage if isinstance(o, (FileModel, CallSite, Call, ast.AST))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        (gc.enable if before else gc.disable)()


@pytest.mark.parametrize(
    ("importer", "module", "name"),
    [
        ("import openai\nfrom settings import MODEL\nopenai.OpenAI().responses.create(model=MODEL, input='y')\n",
         'import openai\nMODEL = "gpt-4o"\ndef ask():\n    return openai.OpenAI().responses.create(model=MODEL, input="x",'
         ' tools=[{"type": "web_search"}])\n', "settings.py"),
        ('import OpenAI from "openai";\nimport { MODEL } from "./settings";\n'
         'await new OpenAI().responses.create({ model: MODEL, input: "y" });\n',
         'import OpenAI from "openai";\nexport const MODEL = "gpt-4o";\nexport function ask() {\n'
         '  return new OpenAI().responses.create({ model: MODEL, input: "x", tools: [{ type: "web_search" }] });\n}\n',
         "settings.ts"),
    ],
)
def test_a_module_imported_before_it_is_scanned_gives_what_it_gives_alone(
        tmp_path: Path, matrix: Matrix, target: Target, monkeypatch: pytest.MonkeyPatch, importer: str, module: str,
        name: str) -> None:  # fmt: skip
    """A file another scanned file imported is parsed once: its scan reuses the model the
    import's lookup made, with the same findings, lines and paths as when it is parsed again."""
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.extract.project import Project

    suffix = name.rpartition(".")[2]
    _tree(tmp_path, {f"a_app.{suffix}": importer, name: module})  # `a_app` is scanned first
    reused_models: list[str] = []
    scanned = Project.scanned

    def spy(self: Project, *args: Any) -> Any:
        found = scanned(self, *args)
        reused_models.extend([found.path] if found is not None else [])
        return found

    def every(report: Any) -> set[tuple[str, str, int, int, str]]:
        return {(f.path, f.capability, f.line, f.column, f.message) for f in report.findings}

    monkeypatch.chdir(tmp_path)  # files shown by a relative path, found on disk by another
    monkeypatch.setattr(Project, "scanned", spy)
    reusing = scan_paths(["."], matrix, target, jobs=1)
    monkeypatch.setattr(Project, "scanned", lambda self, *args: None)
    parsing = scan_paths(["."], matrix, target, jobs=1)
    monkeypatch.undo()
    assert reused_models == [name]
    assert {"web-search", "model-availability"} <= {f.capability for f in reusing.findings if f.path.endswith(name)}
    assert every(reusing) == every(parsing) and reusing.diagnostics == parsing.diagnostics

    project = Project(shipped_catalogue())
    path = str(tmp_path / name)
    kind = "python" if suffix == "py" else "typescript"
    assert project.scanned(name, path, module, kind) is None  # nothing parsed yet
    parsed = project.model(path)
    assert parsed is not None
    reused = project.scanned(name, path, module, kind)
    assert reused is not None and reused is not parsed and reused.path == name and reused.origin == path
    assert reused.calls is parsed.calls  # the front-end's tables are shared, not made again
    # Another grammar, or other text (line ends, an edit since), is parsed again by the scan.
    assert project.scanned(name, path, module.replace("\n", "\r\n"), kind) is None
    assert project.scanned(name, path, module, "javascript" if kind == "typescript" else "typescript") is None
