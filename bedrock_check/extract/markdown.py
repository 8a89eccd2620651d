"""Markdown and MDX: the code in fenced blocks, checked by the extractor for its language,
with line numbers in the Markdown file. Prose is never a use.

Blocks are found with a real CommonMark parser (markdown-it-py), so fences inside list
items and blockquotes count. mkdocs admonitions (`!!! note`) and content tabs
(`=== "Python"`) indent their body by four spaces, which CommonMark reads as an indented
code block: such blocks are parsed again as Markdown (a few levels deep) to find the
fences they hold. MDX and Docusaurus pages wrap fences in components on lines of their own
(`<Tabs items={[...]}>`, `<Tab>`, `</Tab>`): CommonMark reads such a line as the start of an
HTML block or a paragraph that swallows the fence, so tag-only lines outside a fence are
blanked like the mkdocs openers and the (often indented) body reads as a block.

Cost stays linear in the file: the text is cut into top-level sections at blank lines
(each parsed and dropped before the next, so memory follows the largest section, not
the file), each block's code is handed to its extractor as it is (never padded to its
line), and observations are moved to file lines afterwards. A block whose code does not
parse is a `snippet-parse-error` diagnostic at the block's line, not an unreadable file.

Documentation sites repeat themselves: a versioned site keeps a copy of every page per
release (`docs/v1.14/`, `docs/v1.15/`) and a translated one the same code blocks in
every language. What a page or a block gives depends on its text alone (blocks follow no
imports), so both are remembered by their text for the rest of the run (`_Memo`) and
re-homed to each file that repeats them.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from bedrock_check.extract.common import SAYS_OPENAI, Extracted, shift_observation
from bedrock_check.extract.config_tools import fenced_tools
from bedrock_check.extract.envset import settings_lines, with_settings
from bedrock_check.extract.golang import go_snippet
from bedrock_check.extract.snippets import ImportLine, pool, with_imports
from bedrock_check.findings import CodeObservation, Diagnostic, Observation, RequestObservation
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import DiagnosticKind

#: Fence info word -> the kind of extractor that reads it.
LANGUAGES = {
    "python": "python", "py": "python", "python3": "python", "ipython": "python",
    "js": "javascript", "javascript": "javascript", "jsx": "javascript", "mjs": "javascript", "node": "javascript",
    "ts": "typescript", "typescript": "typescript", "tsx": "tsx",
    "json": "json", "jsonc": "json", "json5": "json", "jsonl": "jsonl",
    "yaml": "yaml", "yml": "yaml",
    "bash": "shell", "sh": "shell", "shell": "shell", "console": "shell", "zsh": "shell", "curl": "shell",
    "env": "dotenv", "dotenv": "dotenv",
    "toml": "toml",
    "go": "go", "golang": "go",
    "baml": "baml",
}  # fmt: skip
#: Fence languages of plain text: such a block is read as a `.env` file when it is one.
PLAIN_LANGUAGES = frozenset({"", "text", "txt", "plain", "ini", "properties", "conf", "cfg"})
#: Text that is only `KEY=value` settings (also `export KEY=value` and `KEY = value`, as setup
#: steps write them), comments and blank lines (at least one setting).
SETTINGS_ONLY = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*(?:[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*=[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*)+")

#: How an untagged fence shows its language (pages written for people often leave the tag out).
_SNIFF = (
    ("python", re.compile(r"(?m)^(?:from[ \t]+[\w.]+[ \t]+import[ \t]|import[ \t]+[\w.]+[ \t]*(?:as[ \t]+\w+[ \t]*)?$)")),
    ("javascript", re.compile(r"(?m)^(?:import[ \t][^\n]*[ \t]from[ \t]*['\"]|(?:const|let|var)[ \t][^\n=]*=[ \t]*require\([ \t]*['\"])")),
    ("shell", re.compile(r"(?m)^[ \t]*(?:\$[ \t]+)?curl[ \t]")),
    # A command line given a model option (`needle.run_test --provider openai --model_name gpt-4`;
    # `aider --model o3-mini`; on a line the command continues to, `sh run.sh \` `--model gpt-4o`).
    ("shell", re.compile(r"(?m)^[ \t]*(?:\$[ \t]+)?[\w./-]+[ \t](?:[^\n]*?[ \t])?--(?:[\w.-]*[_.-])?model(?:[_-](?:name|id))?(?:[ \t]+|=)\S"
                         r"|\\\n[ \t]*--(?:[\w.-]*[_.-])?model(?:[_-](?:name|id))?(?:[ \t]+|=)\S")),
)

_SNIFFED = dict(_SNIFF)
#: BAML in a fence tagged with a stand-in language (pages highlight it as `rust` or `ts`), an
#: untagged fence or an indented code block: a `client<llm>` block or a `client "openai/..."` line.
_BAML_SIGN = re.compile(r'(?m)\bclient[ \t]*<[ \t]*llm[ \t]*>[ \t]*\w+[ \t]*\{|^[ \t]*client[ \t]+"[\w-]+/[^"\n]+"')


def _unparsed(found: Extracted) -> bool:
    """Whether a block's code did not parse."""
    return any(d.kind == DiagnosticKind.PARSE_ERROR for d in found.diagnostics)


#: Block kinds whose imports are shared across the page, by import syntax.
_LANG_GROUP = {"python": "python", "javascript": "javascript", "typescript": "javascript", "tsx": "javascript"}

#: The diagnostic kind of a code block that does not parse (counted per snippet, and
#: kept out of report headlines: documentation snippets are often fragments).
SNIPPET_PARSE_ERROR = DiagnosticKind.SNIPPET_PARSE_ERROR

#: A YAML line that only says `...` (an elision in documentation).
_ELISION = re.compile(r"(?m)^([ \t]*)(?=\.\.\.[ \t]*$)")

#: How deep indented blocks are parsed again (an admonition inside a tab inside a list).
_MAX_NESTING = 4
#: A section longer than this is cut at the next blank line outside a fence.
_MAX_SECTION = 256 * 1024

# mkdocs/pymdown block openers: `!!! note "Title"`, `??? tip`, `???+ warning`, `=== "Tab"`.
# Blanked out (the line stays, so line numbers hold) so their indented body reads as a block.
_OPENER = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?|===)[ \t]+\S[^\n]*$", re.MULTILINE)
#: A fence line, at any indentation: a list item's fence is indented by the item's content
#: (`1. Run it:` then `    ```bash`), and the section cutter must see it open and close, or it
#: takes the next top-level fence's opening for a closing and cuts inside a block.
_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
#: A line that is only an HTML or JSX tag, opening or closing (`<Tab>`, `</Tabs>`,
#: `<Tabs items={['Python', 'Node']}>`, `<Callout type="info">`, `<br/>`).
_TAG_LINE = re.compile(r"[ \t]*</?[A-Za-z][\w.:-]*(?:[ \t][^<>\n]*)?/?>[ \t]*")
#: A line that starts a new top-level block (not a list item, quote or indented line).
_TOP_LEVEL = re.compile(r"[^\s>*+\-0-9|]")


@dataclass(frozen=True, slots=True)
class Block:
    """One fenced code block: its extractor kind, its code, and where the code starts in
    the file (1-based line of the first code line, and the column offset of its text)."""

    kind: str
    code: str
    line: int
    column: int


def _parser():
    from markdown_it import MarkdownIt

    # Block rules only: inline parsing (emphasis, links) costs time and finds no code.
    md = MarkdownIt("zero").enable(["fence", "code", "blockquote", "list"])
    md.disable(["inline", "text_join"])
    return md


def _fence_after(fence: str | None, line: str) -> tuple[str | None, bool]:
    """The fence open after `line` (its mark; None outside a fence), and whether the line opens
    or closes one: a closing mark is the opening's character, at least as long, alone on its line."""
    m = _FENCE_LINE.match(line)
    if not m:
        return fence, False
    mark = m.group(1)
    if fence is None:
        return mark, True
    if mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :].strip():
        return None, True
    return fence, True


def _sections(text: str) -> Iterator[tuple[int, str]]:
    """(0-based first line, text) of top-level sections: cut before a blank line followed by
    an unindented line that is no list item or quote, outside a fence. A section is also cut
    at a blank line once it is longer than `_MAX_SECTION`, so memory stays bounded."""
    lines = text.split("\n")
    start = 0
    size = 0
    fence: str | None = None
    for i, line in enumerate(lines):
        size += len(line) + 1
        fence, _ = _fence_after(fence, line)
        if fence is not None or line.strip() or i + 1 >= len(lines):
            continue
        following = lines[i + 1]
        if _TOP_LEVEL.match(following[:1]) or size > _MAX_SECTION:
            yield start, "\n".join(lines[start : i + 1])
            start, size = i + 1, 0
    if start < len(lines):
        yield start, "\n".join(lines[start:])


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block with a known language, in file order."""
    md = _parser()
    lines = text.split("\n")
    blocks: list[Block] = []
    # (text, 0-based line of its first line in the file, column offset, nesting)
    work: list[tuple[str, int, int, int]] = [(t, first, 0, 0) for first, t in _sections(text)]
    work.reverse()
    while work:
        chunk, first, _col, depth = work.pop()
        baml = "client" in chunk and _BAML_SIGN.search(chunk) is not None
        if "```" not in chunk and "~~~" not in chunk and not baml:
            continue
        found: list[Block] = []
        nested: list[tuple[str, int, int, int]] = []
        for tok in md.parse(_unwrap(chunk)):
            if tok.map is None:
                continue
            if tok.type == "fence":
                info = tok.info.strip().split(" ")[0].strip("{}.").lower()
                # (`python:main.py`, `ts:app/route.ts`, `python{3}`: a file name or lines after the language)
                kind = LANGUAGES.get(info) or LANGUAGES.get(re.split(r"[:{]", info, maxsplit=1)[0])
                if ((kind is None and info in PLAIN_LANGUAGES) or kind == "toml") and SETTINGS_ONLY.fullmatch(tok.content):
                    # A settings file shown as text (`~/.config/app/.apprc`: `KEY=value` lines), or
                    # `.env` lines a page labels `toml` (`OPENAI_API_KEY=sk-...`: not TOML).
                    kind = "dotenv"
                elif kind is None and not info:
                    kind = next((k for k, sign in _SNIFF if sign.search(tok.content)), None)
                if kind is None and baml and _BAML_SIGN.search(tok.content):
                    kind = "baml"
                if kind and tok.content:
                    line = first + tok.map[0] + 1  # 0-based line of the first code line
                    found.append(Block(kind, tok.content, line + 1, _offset(lines, line, tok.content)))
            elif tok.type == "code_block" and baml and _BAML_SIGN.search(tok.content):
                line = first + tok.map[0]
                found.append(Block("baml", tok.content, line + 1, _offset(lines, line, tok.content)))
            elif tok.type == "code_block" and depth < _MAX_NESTING and ("```" in tok.content or "~~~" in tok.content):
                line = first + tok.map[0]
                nested.append((tok.content, line, _offset(lines, line, tok.content), depth + 1))
        blocks.extend(found)
        work.extend(reversed(nested))
    blocks.sort(key=lambda b: b.line)
    return blocks


def _unwrap(chunk: str) -> str:
    """The chunk with block openers (mkdocs `!!!`/`===`) and, outside fences, tag-only lines
    (`<Tab>`, `</Tabs>`) blanked: each line stays, so line numbers hold."""
    chunk = _OPENER.sub("", chunk)
    if "<" not in chunk:
        return chunk
    lines = chunk.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        fence, fence_line = _fence_after(fence, line)
        if not fence_line and fence is None and _TAG_LINE.fullmatch(line):
            lines[i] = ""
    return "\n".join(lines)


def _offset(lines: list[str], line: int, code: str) -> int:
    """How many characters of the file line precede the code's own text (the list item's
    indentation, a `> ` marker): found from the first line that has text."""
    for k, code_line in enumerate(code.split("\n")):
        if code_line.strip() and line + k < len(lines):
            at = lines[line + k].find(code_line)
            return max(at, 0)
        if k > 50:
            break
    return 0


class _Memo:
    """A bounded map from a text's key to what extracting it gave, least recently used
    dropped first. Values are kept as extracted for the first file; `get` callers re-home
    them (observations and diagnostics are immutable, so they are shared safely)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Any, Extracted] = OrderedDict()

    def get(self, key: Any) -> Extracted | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: Any, value: Extracted) -> None:
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)


#: Pages by a digest of their text (a versioned site holds a few thousand per release,
#: most with nothing to report, so an entry is small), and blocks by their code.
_PAGES = _Memo(8192)
_BLOCKS = _Memo(8192)
#: Blocks longer than this are not remembered (the key is the code itself).
_MAX_REMEMBERED_BLOCK = 16 * 1024


def _rehome(found: Extracted, path: str) -> Extracted:
    """A remembered result as it would be for `path`."""
    return Extracted(
        [obs if obs.path == path else replace(obs, path=path) for obs in found.observations],
        [diag if diag.path == path else replace(diag, path=path) for diag in found.diagnostics],
    )


def extract_markdown(path: str, text: str, dispatch: Callable[[str, str, str], Extracted],
                     blocks: Callable[[str], list[Block]] = fenced_blocks,
                     imports: tuple[ImportLine, ...] = (), imports_lang: str = "python") -> Extracted:  # fmt: skip
    """Run `dispatch(kind, path, code)` on each block (`blocks` finds them: Markdown fences,
    or another markup's code directives) and move what it finds to file lines (a page or
    block seen before in this run is not extracted again). `imports`: import lines the
    document makes outside its blocks (a notebook's code cells, in `imports_lang`: python or
    javascript), pooled with the blocks' own of that language."""
    key = (dispatch, blocks, hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(),
           tuple(imp.text for imp in imports), imports_lang)  # fmt: skip
    found = _PAGES.get(key)
    if found is None:
        found = _extract_page(path, text, dispatch, blocks, imports, imports_lang)
        _PAGES.put(key, found)
    return _rehome(found, path)


def _block(dispatch: Callable[[str, str, str], Extracted], kind: str, path: str, code: str) -> Extracted:
    """`dispatch(kind, path, code)`, remembered by the code."""
    if len(code) > _MAX_REMEMBERED_BLOCK:
        return dispatch(kind, path, code)
    key = (dispatch, kind, code)
    found = _BLOCKS.get(key)
    if found is None:
        found = dispatch(kind, path, code)
        _BLOCKS.put(key, found)
    return found


def _extract_page(path: str, text: str, dispatch: Callable[[str, str, str], Extracted],
                  find: Callable[[str], list[Block]], imports: tuple[ImportLine, ...] = (),
                  imports_lang: str = "python") -> Extracted:  # fmt: skip
    result = Extracted()
    lines = text.split("\n")

    def file_line(n: int) -> str | None:
        return lines[n - 1] if 1 <= n <= len(lines) else None

    blocks = find(text)
    says_openai = SAYS_OPENAI.search(text) is not None
    # A page imports a library once and uses it in every block (see `snippets`).
    pooled = {lang: pool([b.code for b in blocks if _LANG_GROUP.get(b.kind) == lang], lang) for lang in ("python", "javascript")}
    if imports:
        pooled[imports_lang] = pooled[imports_lang] + [imp for imp in imports if imp not in pooled[imports_lang]]
    # A shell block's `export OPENAI_API_BASE=...` is where the page's clients go (see `envset`).
    settings = settings_lines([b.code for b in blocks])
    go_imports = _go_imports(blocks)
    for block in blocks:
        code = block.code
        group = _LANG_GROUP.get(block.kind)
        first_column = 0
        if group is not None:
            code = with_settings(with_imports(code, pooled[group], group), settings, group)
        elif block.kind == "go":
            code, first_column = go_snippet(code, go_imports)
        if block.kind == "shell":
            # Console transcripts: drop the prompt so `$ curl ...` reads as a command.
            code = with_settings(re.sub(r"(?m)^\$ ", "  ", code), settings, "shell")
        elif block.kind == "yaml":
            # A line of `...` in a page's YAML elides settings (it is not YAML's document end).
            code = _ELISION.sub(r"\1#", code)
        found = _block(dispatch, block.kind, path, code) if not first_column else _go_block(path, code, first_column)
        if group == "python" and _unparsed(found):
            mended = mended_python(code)
            if mended is not None:
                again = _block(dispatch, block.kind, path, mended)
                found = found if _unparsed(again) else again
            if _unparsed(found) and _SNIFFED["javascript"].search(block.code) and not _SNIFFED["python"].search(block.code):
                # JavaScript under a `python` tag (`const { r2rClient } = require("r2r-js")`): read as what it is.
                script = with_settings(with_imports(block.code, pooled["javascript"], "javascript"), settings, "javascript")
                again = _block(dispatch, "javascript", path, script)
                found = found if _unparsed(again) else again
        if block.kind == "json" and not found.observations and not found.diagnostics and says_openai:
            # A tool payload shown on its own (`[{ "type": "web_search" }, ...]`) on a page about OpenAI.
            found = Extracted()
            found.observations.extend(fenced_tools(path, code))
        shift, col = block.line - 1, block.column

        def line_map(line: int, column: int, _shift: int = shift, _col: int = col) -> tuple[int, int]:
            return line + _shift, column + _col

        for obs in found.observations:
            result.observations.append(shift_observation(obs, line_map, source_line=file_line, path=path))
        for diag in found.diagnostics:
            kind = SNIPPET_PARSE_ERROR if diag.kind == DiagnosticKind.PARSE_ERROR else diag.kind
            if kind == SNIPPET_PARSE_ERROR and not names_openai(block.code):
                continue  # (a block that names nothing of OpenAI hides no use of it)
            line = (diag.line or 1) + shift
            where = f"code block at line {block.line}"
            result.diagnostics.append(Diagnostic(path, kind, f"{where}: {diag.message}", line, diag.column))
    result.observations = _page_clients(result.observations)
    # A value not followed at a call the page's client takes to another provider is not checked anyway.
    foreign = {o.span.line for o in result.observations
               if isinstance(o, RequestObservation) and o.provider is not None and not _checked(o.provider)}  # fmt: skip
    if foreign:
        result.diagnostics = [d for d in result.diagnostics
                              if not (d.kind == DiagnosticKind.COULD_NOT_FOLLOW and d.line in foreign)]  # fmt: skip
    return result


#: How many lines of a Python block are given up to read the rest (see `mended_python`).
_MAX_MENDED_LINES = 2
#: The syntax errors of one line alone (a string whose quotes do not match), which the rest of
#: the block does not depend on.
_LONE_SLIP = "Python syntax error: unterminated string literal"
#: The syntax error of a call whose other arguments a page elides after keywords (`f(a=1, ...)`).
_ELIDED_ARGS = "positional argument follows keyword argument"
#: The syntax error of an argument line whose comma a page forgets (given one at its end).
_MISSING_COMMA = "Perhaps you forgot a comma?"
#: The syntax error of a block whose body a page leaves out (a comment alone under `with ...:`).
_EMPTY_BODY = re.compile(r"expected an indented block after .* on line (\d+)")


def mended_python(code: str) -> str | None:
    """A documentation block's Python that does not parse, mended the way a reader reads past
    its slip: tabs beside spaces are taken as four columns each (`\tmodel='gpt-4.1-mini',` under
    lines indented with spaces), and a line that still breaks the parse (a string opened with
    one quote and closed with the other, `database_name="example_database',`) is left out, at most
    `_MAX_MENDED_LINES` of them; arguments elided after keywords (`f(model=m, ...)`) are read as
    one more keyword; a line of arguments that lacks its comma is given one at its end; a
    statement whose body is left out (a comment alone under `with ...:`)
    is given `pass`. A block left open or cut short (`client.responses.create(`) is
    not mended. Every line stays where it is. None when that does not make it parse."""
    from bedrock_check.extract.python import parse_python

    lines = code.expandtabs(4).split("\n")
    for _ in range(_MAX_MENDED_LINES + 1):
        text = "\n".join(lines)
        tree, problem = parse_python("block.py", text)
        if tree is not None:
            return text
        number = problem.line if problem is not None else None
        if problem is None or number is None or not 1 <= number <= len(lines):
            return None
        if _ELIDED_ARGS in problem.message and "..." in lines[number - 1]:
            # `create_agent(model=model, ...)`: the elided arguments, as a keyword of the same width.
            lines[number - 1] = lines[number - 1].replace("...", "_=0")
            continue
        body = _EMPTY_BODY.search(problem.message)
        if body is not None:
            # `with tracer.start_as_current_span(...) as span:` over a comment alone (`# Helper
            # logic here`): the block its colon opens is given a `pass` on the colon's own line.
            head = int(body.group(1))
            opener = next((i for i in range(head - 1, min(number, len(lines))) if lines[i].rstrip().endswith(":")), None)
            if opener is None:
                return None
            lines[opener] = lines[opener].rstrip() + " pass"
            continue
        if _MISSING_COMMA in problem.message and not lines[number - 1].rstrip().endswith((",", "(", "[", "{")):
            lines[number - 1] = lines[number - 1].rstrip() + ","
            continue
        if not problem.message.startswith(_LONE_SLIP):
            return None  # (a call left open, `client.responses.create(`, is no slip of one line)
        lines[number - 1] = ""
    return None


#: A word of code that may be a model id (`gpt-4o`, `o3-mini`, `text-embedding-3-small`).
_WORD = re.compile(r"[A-Za-z][\w.:-]*")


def names_openai(code: str) -> bool:
    """Whether a code block names anything of OpenAI: `openai` in any case (the SDK, a client
    class, `OPENAI_API_KEY`, the API's host), a model id of the catalogue's OpenAI families, an
    endpoint path of the API (`/v1/chat/completions`), or a call of the SDK that sends a request
    (`.responses.create(`, `.chat.completions.create(`). A block that names none cannot hold an
    OpenAI use, parsed or not, so that it does not parse is not worth saying."""
    if "openai" in code.lower():
        return True
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.httppaths import path_table

    if any(f"/v1/{path}" in code for path in path_table().paths):
        return True
    cat = shipped_catalogue()
    if any(f".{path}(" in code for method in cat.sdk.methods if method.body for path in method.path):
        return True
    return any(cat.is_openai_model(word.rstrip(".:-")) for word in set(_WORD.findall(code)))


def _checked(provider: str) -> bool:
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().is_checked(provider)


def _go_imports(blocks: list[Block]) -> list[str]:
    """The import specs of a page's Go blocks, once each (a later fragment uses them)."""
    if not any(b.kind == "go" for b in blocks):
        return []
    from bedrock_check.extract.golang import go_imports

    return list(dict.fromkeys(spec for b in blocks if b.kind == "go" for spec in go_imports(b.code)))


def _go_block(path: str, code: str, first_column: int) -> Extracted:
    """A Go fragment wrapped on its first line (its spans there are moved back)."""
    from bedrock_check.extract.golang import extract_go

    return extract_go(path, code, first_column=first_column)


def _page_clients(observations: list[Observation]) -> list[Observation]:
    """A page builds its client in one block and calls it in the next (`client = OpenAI(base_url=
    "http://localhost:8000/v1")`, then `client.chat.completions.create(model=model_name, ...)`
    three blocks down): when every client the page builds goes to one provider whose calls are
    not checked (a local server, another vendor), the calls the blocks cannot attribute go there
    too. Not a call that names an OpenAI model (`model="gpt-4o"` is OpenAI's wherever it is sent)."""
    from bedrock_check.catalogue import shipped_catalogue

    providers = {o.provider for o in observations if isinstance(o, CodeObservation) and o.kind == "client"}
    cat = shipped_catalogue()
    if len(providers) != 1:
        return observations
    (only,) = providers
    if only is None or cat.is_checked(only):
        return observations

    def openai_model(o: Observation) -> bool:
        model = o.body.get("model") if isinstance(o, RequestObservation) else None
        return isinstance(model, str) and cat.is_openai_model(model)

    return [replace(o, provider=only) if o.provider is None and not openai_model(o) else o for o in observations]
