"""Jupyter notebooks: code cells are checked in the kernel's language (Python, or
TypeScript and JavaScript for tslab, Deno and IJavascript kernels), findings land on the
real line of the `.ipynb` file (so a SARIF viewer opens the right place) and name the cell."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from bedrock_check.extract.common import Extracted, shift_observation
from bedrock_check.extract.envset import settings_lines, with_settings
from bedrock_check.extract.python import extract_python
from bedrock_check.extract.snippets import ImportLine, pool, with_imports
from bedrock_check.findings import Diagnostic, Observation, Span
from bedrock_check.jsonloc import LineIndex, array_items, array_items_at, loads, locate_offsets
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import DiagnosticKind

#: IPython magics and shell escapes are not Python; blank them, keeping line numbers.
_MAGIC = re.compile(r"^\s*[%!?]")
#: An indented line magic or shell escape (`    !python -m graphrag.index --init` in an `if` body):
#: it is a statement of its block, so it becomes `pass` there (a blank line would leave the block
#: empty and the whole cell unreadable). Not `% name)`: a format operator continued on its own line.
_INDENTED_MAGIC = re.compile(r"^(?P<indent>[ \t]+)[%!]\w")
MAX_CELLS = 20_000
#: A cell magic (`%%writefile chat.js`, `%%bash`) on a cell's first line: its name and argument.
_CELL_MAGIC = re.compile(r"^\s*%%(?P<name>\w+)(?P<rest>.*)$")
#: Cell magics whose body IPython runs as Python (timing, capturing, profiling it); the body of
#: any other (`%%bash`, `%%javascript`, `%%html`, `%%sql`, a prompt of `%%ai`) is another language.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "ipython"})
#: `%%writefile` writes its body to a file: Python only when the file is a Python module.
_FILE_MAGICS = frozenset({"writefile", "file"})


@dataclass
class _Cell:
    """One code cell: its number, its code (magics blanked) and where its lines are in the file."""

    number: int
    code: str
    line_map: Callable[[int, int], tuple[int, int]]
    reverse: dict[int, str]


def _whole_program(path: str, cells: list[_Cell], result: Extracted, project: Any, origin: str | None,
                   settings: list[str], lang: str = "python") -> bool:  # fmt: skip
    """Run the cells as the one program a kernel runs (a client made in one cell is used in
    the next), each observation moved back to its cell. False when the joined code does not
    parse (then each cell is read alone, and the broken one gets the diagnostic)."""
    if not cells:
        return True
    owner: list[tuple[int, _Cell]] = []  # (first program line, cell)
    line = 1
    for c in cells:
        owner.append((line, c))
        line += c.code.count("\n") + 1
    joined = "\n".join(c.code for c in cells)
    inner = (extract_python(path, with_settings(joined, settings, "python"), project=project, origin=origin)
             if lang == "python" else _extract_script(path, joined, lang, None))  # fmt: skip
    if any(d.kind != DiagnosticKind.COULD_NOT_FOLLOW for d in inner.diagnostics):
        return False  # (a value not followed is no reason to read the cells apart: the program parsed)
    firsts = [first for first, _ in owner]

    def cell_of(program_line: int) -> tuple[int, _Cell]:
        return owner[max(bisect_right(firsts, program_line) - 1, 0)]

    def line_map(ln: int, col: int) -> tuple[int, int]:
        # Each line through its own cell: a request's value may be set in an earlier cell
        # (`model = "..."` above the call), and is reported where it is written.
        first, c = cell_of(ln)
        return c.line_map(max(ln - first + 1, 1), col)

    source_line = {line: code for c in cells for line, code in c.reverse.items()}.get
    cell_label = {line: f"cell {c.number}" for c in cells for line in c.reverse}.get
    for obs in inner.observations:
        _first, c = cell_of(obs.span.line)
        result.observations.append(shift_observation(obs, line_map, f"cell {c.number}", source_line,
                                                     context_at=cell_label))
    for diag in inner.diagnostics:
        first, c = cell_of(diag.line or 1)
        file_line = c.line_map(max(diag.line - first + 1, 1), 1)[0] if diag.line else None
        result.diagnostics.append(Diagnostic(path, diag.kind, f"cell {c.number}: {diag.message}", file_line, None))
    return True


def extract_notebook(path: str, text: str, project: Any = None, origin: str | None = None) -> Extracted:
    """Observations from every code cell of a notebook."""
    result = Extracted()
    try:
        nb = loads(text)
    except json.JSONDecodeError as exc:
        result.diagnostics.append(
            Diagnostic(path, DiagnosticKind.PARSE_ERROR, f"notebook is not valid JSON: {exc.msg}", exc.lineno, exc.colno)
        )
        return result
    except RecursionError:
        result.diagnostics.append(Diagnostic(path, DiagnosticKind.TOO_DEEP, "notebook JSON nested too deeply"))
        return result
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        result.diagnostics.append(Diagnostic(path, DiagnosticKind.PARSE_ERROR, "not a notebook: no `cells` list"))
        return result
    if len(cells) > MAX_CELLS:
        result.diagnostics.append(
            Diagnostic(path, DiagnosticKind.TOO_LARGE, f"notebook has {len(cells)} cells; checked the first {MAX_CELLS}")
        )
        cells = cells[:MAX_CELLS]
    index = LineIndex(text)
    # (A notebook saved without a kernelspec may still say its language in `language_info`.)
    meta = _mapping(nb, "metadata")
    language = _mapping(meta, "kernelspec").get("language") or _mapping(meta, "language_info").get("name") or "python"
    lang = _KERNEL_LANGUAGES.get(str(language).lower())
    if lang is None:
        return result
    cell_offsets = array_items(text, ("cells",))
    cells_code: list[_Cell] = []
    # The cells share one namespace: a name imported in one cell is known in the others.
    pooled = pool([_code(c) for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"],
                  "python" if lang == "python" else "javascript")  # fmt: skip
    # `%env OPENAI_API_BASE=...` (a magic, blanked below) or `os.environ[...] = ...` in any cell (see `envset`).
    settings = settings_lines([_code(c) for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"])
    prose: list[_Cell] = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown"):
            continue
        source = cell.get("source", "")
        parts = source if isinstance(source, list) else [source]
        if not all(isinstance(p, str) for p in parts):
            continue
        code = "".join(parts)
        if not code.strip():
            continue
        if cell["cell_type"] == "markdown":
            if "```" in code or "~~~" in code:
                line_map = _line_map(text, index, cell_offsets, number, source, parts, {})
                prose.append(_Cell(number, code, line_map, _reverse(code, line_map)))
            continue
        raw_lines = code.split("\n")
        shell = _shell_lines(cell, raw_lines) if lang == "python" else None
        if shell is not None:
            # A shell cell (`%%bash`, or one an editor marks as shell or plain text that runs
            # `curl`): read as a shell script; any other plain-text cell is no code to parse.
            if shell:
                cell_map = _line_map(text, index, cell_offsets, number, source, parts, {})
                _shell_part(path, shell, cell_map, f"cell {number}", result)
            continue
        if lang == "python" and not _python_body(raw_lines):
            # `%%writefile chat.js` or `%%bash`: not Python. Read as Python, its body would break the
            # parse of the whole notebook, and each cell alone loses what earlier cells define (a
            # client to a local server, `base_url="http://localhost:8000/v1"`, made two cells above).
            # A file the cell writes is read as that file (`%%writefile config/config.yml`).
            _written_file(path, text, index, cell_offsets, number, source, parts, raw_lines, result)
            continue
        lines = _unmagic_lines(raw_lines) if lang == "python" else raw_lines
        lines, dedented = _dedent(lines)
        cell_code = "\n".join(lines)
        line_map = _line_map(text, index, cell_offsets, number, source, parts, dedented)
        escapes = _shell_escapes(raw_lines) if lang == "python" else []
        if escapes:  # (`!curl https://api.openai.com/v1/...` in a Python cell)
            raw_map = _line_map(text, index, cell_offsets, number, source, parts, {}) if dedented else line_map
            _shell_part(path, escapes, raw_map, f"cell {number}", result)
        cells_code.append(_Cell(number, cell_code, line_map, _reverse(cell_code, line_map)))
        if lang == "python":
            result.observations.extend(_env_magics(path, raw_lines, line_map, f"cell {number}"))
    if not _whole_program(path, cells_code, result, project, origin, settings, lang):
        for c in cells_code:
            context = f"cell {c.number}"
            inner = (extract_python(path, with_settings(with_imports(c.code, pooled, "python"), settings, "python"),
                                    context=context, project=project, origin=origin)
                     if lang == "python" else _extract_script(path, with_imports(c.code, pooled, "javascript"), lang, context))  # fmt: skip
            for diag in inner.diagnostics:
                file_line = c.line_map(diag.line, 1)[0] if diag.line else None
                result.diagnostics.append(Diagnostic(path, diag.kind, f"cell {c.number}: {diag.message}", file_line, None))
            for obs in inner.observations:
                result.observations.append(shift_observation(obs, c.line_map, f"cell {c.number}", c.reverse.get))
    _prose_fences(path, prose, pooled, "python" if lang == "python" else "javascript", result)
    return result


def _unmagic_lines(lines: list[str]) -> list[str]:
    """A cell's lines with each magic line and shell escape made Python (`_unmagic`), with the
    lines a trailing backslash continues it onto (`!pip install -qU \\` then `    "pkg>=1.0"`)."""
    out: list[str] = []
    continued = False
    for line in lines:
        magic = continued or _MAGIC.match(line) is not None
        out.append(("" if continued else _unmagic(line)) if magic else line)
        continued = magic and line.rstrip().endswith("\\")
    return out


def _unmagic(line: str) -> str:
    """The Python a magic line stands for: `pass` in its block when indented, else nothing."""
    m = _INDENTED_MAGIC.match(line)
    return m.group("indent") + "pass" if m else ""


def _prose_fences(path: str, prose: list[_Cell], pooled: list[ImportLine], lang: str, result: Extracted) -> None:
    """The fenced code blocks of Markdown cells, read as a Markdown page's are (with the code
    cells' imports: a tutorial shows the call it is about to wrap, `openai.ChatCompletion.create(...)`
    in a fence, under the `import openai` of its first cell), each moved to its line in the file."""
    from bedrock_check.extract import extract
    from bedrock_check.extract.markdown import extract_markdown

    for c in prose:
        inner = extract_markdown(path, c.code, extract, imports=tuple(pooled), imports_lang=lang)
        context = f"cell {c.number}"
        for obs in inner.observations:
            result.observations.append(shift_observation(obs, c.line_map, context, c.reverse.get))
        for diag in inner.diagnostics:
            file_line = c.line_map(diag.line, 1)[0] if diag.line else None
            result.diagnostics.append(Diagnostic(path, diag.kind, f"{context}: {diag.message}", file_line, None))


def _line_map(text: str, index: LineIndex, cell_offsets: list[tuple[int, int]], number: int, source: Any,
              parts: list[str], dedented: dict[int, int]) -> Callable[[int, int], tuple[int, int]]:  # fmt: skip
    """(line, column) of a cell's code (1-based, `dedented`: the width a dedent removed per line)
    -> (line, column) in the notebook's text."""
    cell_start = cell_offsets[number - 1][0] if number - 1 < len(cell_offsets) else 0
    if isinstance(source, list):
        found_parts = _source_items(text, cell_start)
    else:
        whole = locate_offsets(text, ("source",), cell_start)
        found_parts = [whole] if whole else []
    first_lines = _first_lines(parts)
    raw = _RawStrings(text, found_parts, parts) if found_parts and len(found_parts) == len(parts) else None

    def line_map(line: int, col: int) -> tuple[int, int]:
        part = max(bisect_right(first_lines, line) - 1, 0)
        if raw is None:  # the source's items could not be found in the text: the cell's start
            return index.position(cell_start)
        # The code's line and column (before a dedent), through the JSON string's escapes, to the file's.
        return index.position(raw.offset(part, line - first_lines[part], col + dedented.get(line, 0)))

    return line_map


def _reverse(code: str, line_map: Callable[[int, int], tuple[int, int]]) -> dict[int, str]:
    """File line -> the cell's code line written there."""
    reverse: dict[int, str] = {}
    for i, code_line in enumerate(code.split("\n")):
        # First wins: the empty line after a source ending in "\n" maps onto the last item's line.
        reverse.setdefault(line_map(i + 1, 1)[0], code_line)
    return reverse


def _written_file(path: str, text: str, index: LineIndex, cell_offsets: list[tuple[int, int]], number: int,
                  source: Any, parts: list[str], lines: list[str], result: Extracted) -> None:  # fmt: skip
    """What a `%%writefile NAME` cell writes, read as a file of NAME's kind (a framework's
    `config.yml`, a `.env`, a JavaScript client) and each finding moved to its line in the
    notebook. (A file that does not parse is the program's to find: no diagnostic here.)"""
    from bedrock_check.extract import extract, kind_of

    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    target = _written_target(lines)
    kind = kind_of(target) if target else None
    if kind is None or kind in ("python", "notebook"):
        return
    body = "\n".join(lines[start + 1 :])
    if not body.strip():
        return
    cell_map = _line_map(text, index, cell_offsets, number, source, parts, {})

    def line_map(line: int, column: int) -> tuple[int, int]:
        return cell_map(line + start + 1, column)

    inner = extract(kind, path, body)
    context = f"cell {number}"
    for obs in inner.observations:
        result.observations.append(shift_observation(obs, line_map, context))


def _written_target(lines: list[str]) -> str | None:
    """The file a `%%writefile NAME` (or `%%file`) cell writes, else None."""
    first = next((line for line in lines if line.strip()), "")
    m = _CELL_MAGIC.match(first)
    target = m["rest"].split()[-1:] if m is not None and m["name"] in _FILE_MAGICS else []
    return target[0] if target else None


#: Cell magics whose body is a shell script.
_SHELL_CELL_MAGICS = frozenset({"bash", "sh", "shell", "system"})
#: What an editor's cell language says the cell is (VS Code's `metadata.vscode.languageId`).
_SHELL_LANGUAGES = frozenset({"shellscript", "bash", "sh", "shell", "zsh"})
#: A shell escape in a Python cell (`!curl ...`).
_ESCAPE = re.compile(r"^(\s*)!")
#: A plain-text cell's command that is a shell script (a `curl` to the API shown in a guide).
_COMMAND = re.compile(r"^\s*(?:\$\s+)?curl\s")


def _shell_lines(cell: dict[str, Any], lines: list[str]) -> list[tuple[int, str]] | None:
    """A code cell that is no Python: its shell lines as (1-based line in the cell, text), an
    empty list for a cell of another language, None for a Python cell."""
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    m = _CELL_MAGIC.match(lines[first]) if lines else None
    if m is not None and (m["name"] in _SHELL_CELL_MAGICS or (m["name"] == "script" and m["rest"].split()[:1] in (["bash"], ["sh"]))):
        return [(n, line) for n, line in enumerate(lines[first + 1 :], first + 2)]
    language = _mapping(_mapping(cell, "metadata"), "vscode").get("languageId")
    if not isinstance(language, str) or language.lower() in ("python", "ipython", ""):
        return None
    if language.lower() in _SHELL_LANGUAGES or _COMMAND.match(lines[first]):
        return list(enumerate(lines, 1))
    return []


def _shell_escapes(lines: list[str]) -> list[tuple[int, str]]:
    """A Python cell's shell escapes (`!curl ...`, with the lines a trailing `\\` continues),
    as (1-based line in the cell, the command's text)."""
    found: list[tuple[int, str]] = []
    continued = False
    for n, line in enumerate(lines, 1):
        if continued or _ESCAPE.match(line):
            found.append((n, line if continued else _ESCAPE.sub(r"\1 ", line, count=1)))
            continued = line.rstrip().endswith("\\")
    return found if any("curl" in line for _, line in found) else []


def _shell_part(path: str, lines: list[tuple[int, str]], cell_map: Callable[[int, int], tuple[int, int]],
                context: str, result: Extracted) -> None:
    """Shell lines of a cell read as a script, each finding moved to its line in the notebook."""
    from bedrock_check.extract.shell import extract_shell

    if not lines:
        return
    numbers = [n for n, _ in lines]
    # (A guide's `curl ... \   ` with spaces after the backslash still means a continued line.)
    inner = extract_shell(path, "\n".join(line.rstrip() for _, line in lines))

    def line_map(line: int, column: int) -> tuple[int, int]:
        return cell_map(numbers[min(max(line, 1), len(numbers)) - 1], column)

    for obs in inner.observations:
        result.observations.append(shift_observation(obs, line_map, context))


def _python_body(lines: list[str]) -> bool:
    """Whether a Python kernel's cell is Python: no cell magic, a cell magic whose body runs as
    Python (`%%time`), or `%%writefile` to a `.py` file."""
    first = next((line for line in lines if line.strip()), "")
    m = _CELL_MAGIC.match(first)
    if m is None or m["name"] in _PYTHON_CELL_MAGICS:
        return True
    target = _written_target(lines)
    return target is not None and target.endswith((".py", ".pyw"))


#: A kernel's language (`kernelspec.language`) -> the front end its cells go through.
_KERNEL_LANGUAGES = {"python": "python", "typescript": "typescript", "javascript": "javascript"}


def _extract_script(path: str, code: str, lang: str, context: str | None) -> Extracted:
    """A TypeScript or JavaScript kernel's code through the JS/TS front end. Never through the
    project's parsed-file cache (`context` or not): the cells are no module another file imports.
    (tslab and Deno run top-level `await`; tree-sitter parses it as a module does.)"""
    from bedrock_check.extract.javascript import extract_javascript

    return extract_javascript(path, code, lang, context=context or "notebook")


#: `%env NAME=value`, `%env NAME value`, `%set_env NAME=value`: an environment setting made in a cell.
_ENV_MAGIC = re.compile(r"^\s*%(?:set_)?env\s+(?P<name>[A-Za-z_]\w*)(?:\s*=\s*|\s+)(?P<value>\S+)\s*$")


def _env_magics(path: str, lines: list[str], line_map: Callable[[int, int], tuple[int, int]],
                context: str) -> list[Observation]:  # fmt: skip
    """The model settings a cell's `%env` magics make (`%env MAGENTIC_OPENAI_MODEL=gpt-3.5-turbo`),
    read as a `.env` line is: a model-named variable set to an OpenAI model id."""
    from bedrock_check.extract.dotenv import model_setting

    found: list[Observation] = []
    for i, line in enumerate(lines, 1):
        m = _ENV_MAGIC.match(line)
        if m is None:
            continue
        value = m["value"].strip("'\"")
        at = line.index(m["value"], m.start("value")) + (1 if m["value"][:1] in "'\"" else 0)
        start, end = line_map(i, at + 1), line_map(i, at + 1 + len(value))
        obs = model_setting(path, m["name"], value, Span(start[0], start[1], end[0], end[1]), line)
        if obs is not None:
            found.append(obs)
    return found


def _dedent(lines: list[str]) -> tuple[list[str], dict[int, int]]:
    """A cell whose first line is indented runs in Jupyter: IPython removes that indent
    from every line that starts with it. The same here, with the width removed per
    (1-based) line so columns still point into the file."""
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return lines, {}
    cut = {i: len(indent) for i, line in enumerate(lines, 1) if line.startswith(indent)}
    return [line[len(indent) :] if line.startswith(indent) else line for line in lines], cut


class _RawStrings:
    """Where a character of a cell's decoded source sits in the notebook's text: each
    `source` item is a JSON string whose escapes (`\\"`, `\\n`, `\\u00e9`) make the file's
    columns differ from the code's, and a one-string source (or a notebook written on one
    line) holds many code lines on one line of the file."""

    def __init__(self, text: str, found: list[tuple[int, int]], parts: list[str]) -> None:
        self.text, self.found, self.parts = text, found, parts
        self._maps: dict[int, list[int]] = {}

    def _map(self, part: int) -> list[int]:
        """File offset of each decoded character of item `part` (and one past its end)."""
        if part not in self._maps:
            text, (start, end) = self.text, self.found[part]
            out: list[int] = []
            i, stop = start + 1, max(start + 1, end - 1)  # inside the quotes
            while i < stop:
                out.append(i)
                if text[i] != "\\":
                    i += 1
                elif text[i + 1 : i + 2] != "u":
                    i += 2
                elif 0xD800 <= _hex(text, i + 2) < 0xDC00 and text[i + 6 : i + 8] == "\\u":
                    i += 12  # a surrogate pair: one character of the code
                else:
                    i += 6
            out.append(stop)
            self._maps[part] = out
        return self._maps[part]

    def offset(self, part: int, line_in_part: int, col: int) -> int:
        """File offset of (line within item `part`, 1-based column) of the decoded code."""
        decoded = self.parts[part]
        at = 0
        for _ in range(line_in_part):
            nl = decoded.find("\n", at)
            if nl < 0:
                break
            at = nl + 1
        positions = self._map(part)
        return positions[min(at + max(col - 1, 0), len(positions) - 1)]


def _hex(text: str, i: int) -> int:
    try:
        return int(text[i : i + 4], 16)
    except ValueError:
        return -1


def _mapping(value: Any, key: str) -> dict[str, Any]:
    """`value[key]` when both are mappings (a hostile notebook may hold anything), else {}."""
    inner = value.get(key) if isinstance(value, dict) else None
    return inner if isinstance(inner, dict) else {}


def _code(cell: dict) -> str:
    source = cell.get("source", "")
    parts = source if isinstance(source, list) else [source]
    return "".join(p for p in parts if isinstance(p, str))


def _source_items(text: str, cell_start: int) -> list[tuple[int, int]]:
    """Offsets of the items of a cell's `source` list, the cell starting at `cell_start`."""
    source = locate_offsets(text, ("source",), cell_start)
    if source is None or text[source[0]] != "[":
        return []
    # array_items works from a pointer at the top of a text; here the array is found
    # already, so step through it directly.
    return array_items_at(text, source[0])


def _first_lines(parts: list[str]) -> list[int]:
    """For each element of a cell's `source`, the cell line (1-based) it starts on."""
    firsts: list[int] = []
    line = 1
    for part in parts:
        firsts.append(line)
        line += part.count("\n")
    return firsts
