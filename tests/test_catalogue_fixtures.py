"""Every catalogue entry has a firing and a clean fixture written the way applications
write them (tests/fixtures/catalogue), and the prefilter passes every firing one.

A fixture file names the entries it shows in its first line: `# catalogue: name, ...`
(firing) or `# catalogue-clean: name, ...` (clean), by any of the entry's names (an SDK
method path, a constructor, client or wrapper name, a hosted-tool type, a provider-option
path, an HTTP path). A firing file is checked strictly against its inline `expect:` markers (errors and
warnings; migration notes are not markers) and each SDK method, framework constructor and
hosted tool it names is used on a marked line. A clean file gives no error or warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bedrock_check.catalogue import CHECKED_PROVIDERS, Catalogue, shipped_catalogue
from bedrock_check.discover import Candidate
from bedrock_check.extract import kind_of
from bedrock_check.matrix import Matrix, Target
from bedrock_check.scanner import Prefilter, scan_paths

from .conftest import FIXTURES

HERE = FIXTURES / "catalogue"
_HEADER = re.compile(r"^(?:#|//) catalogue(-clean)?: (.+)$")
_EXPECT = re.compile(r"(?:#|//) expect: ([\w, -]+)")

#: SDK methods that send no request to check (reading back or deleting a stored response or
#: completion, listing models): no firing fixture is asked of them, only a clean one.
NO_FINDING = {"responses.retrieve", "chat.completions.retrieve", "models.list", "models",
              "RetrieveResponse", "Responses.Get", "Chat.Completions.Get"}


#: Entries added before their fixtures were written (to be emptied, never grown).
AWAITING_FIXTURES: set[str] = set()


def _entries(cat: Catalogue) -> dict[str, tuple[str, tuple[str, ...], bool]]:
    """Every entry: key (its first name) -> (kind, all its names, whether it must fire)."""
    out: dict[str, tuple[str, tuple[str, ...], bool]] = {}
    for m in (*cat.sdk.methods, *cat.sdk.go_methods):
        out[m.path[0]] = ("sdk", tuple(m.path), m.path[0] not in NO_FINDING)
    for c in cat.frameworks.constructors:
        out[c.name[0]] = ("constructor", tuple(c.name), True)
    for h in cat.frameworks.hosted_tools:
        out[h.type[0]] = ("hosted", tuple(h.type), True)
    for w in cat.frameworks.client_wrappers:
        out[w.name[0]] = ("wrapper", tuple(w.name), True)
    for d in cat.frameworks.dropin_clients:
        out[d.name[0]] = ("dropin", tuple(d.name), d.provider in CHECKED_PROVIDERS)
    for cl in cat.providers.clients:
        out[cl.name[0]] = ("client", tuple(cl.name), cl.provider in CHECKED_PROVIDERS)
    for h in cat.sdk.http_calls:
        out[h.name[0]] = ("http", tuple(h.name), True)
    for po in cat.frameworks.provider_options:
        out[".".join(po.path)] = ("option", (".".join(po.path),), True)
    for hp in cat.sdk.http_paths:
        out[hp.path[0]] = ("path", tuple(hp.path), hp.path[0] not in NO_FINDING)
    return out


def _fixtures() -> list[tuple[Path, bool, list[str]]]:
    found = []
    for path in sorted(HERE.iterdir()):
        m = _HEADER.match(path.read_text().splitlines()[0])
        assert m, f"{path.name}: first line names no catalogue entries"
        found.append((path, m.group(1) is None, [n.strip() for n in m.group(2).split(",")]))
    return found


def _expected(path: Path) -> set[tuple[int, str]]:
    out: set[tuple[int, str]] = set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        m = _EXPECT.search(line)
        if m:
            out |= {(number + 1, i.strip()) for i in m.group(1).split(",")}
    return out


def _use_pattern(kind: str, name: str, text: str) -> re.Pattern[str]:
    """How a use of the entry is written in code (under the name it is imported as)."""
    if kind == "sdk":
        return re.compile(r"\." + re.escape(name) + r"\(")
    if kind == "hosted":
        return re.compile(r"""["']type["']?:\s*["']""" + re.escape(name) + "[\"']")
    if kind == "path":  # in a URL: `/v1/audio/speech`, `${BASE}/audio/speech`, `API + "/files"`
        return re.compile("/" + re.escape(name) + r"(?![\w-])")
    # (An instance called as a function, `guardrails.Guard()`, is used where it is built: `Guard(`.)
    last = re.split(r"[./]", name.removesuffix("()"))[-1]
    if kind == "option":
        return re.compile(r"\b" + re.escape(last) + r"\b")
    alias = re.search(r"\b" + re.escape(last) + r" as (\w+)", text)
    called = f"(?:{re.escape(last)}|{alias.group(1)})" if alias else re.escape(last)
    return re.compile(r"(?<![\w.])" + called + r"\(|\." + re.escape(last) + r"\(")


def test_every_catalogue_entry_has_a_firing_and_a_clean_fixture() -> None:
    entries = _entries(shipped_catalogue())
    owner = {n: key for key, (_, names, _) in entries.items() for n in names}
    firing: set[str] = set()
    clean: set[str] = set()
    for path, fires, names in _fixtures():
        for n in names:
            assert n in owner, f"{path.name}: {n!r} is no catalogue entry's name"
            (firing if fires else clean).add(owner[n])
    must_fire = {k for k, (_, _, fire) in entries.items() if fire}
    missing = (must_fire - firing) | (set(entries) - clean)
    # A ratchet: the entries below came without app-style fixtures yet; the list must shrink
    # as they get theirs, and a new entry never joins it.
    assert sorted(missing) == sorted(AWAITING_FIXTURES), f"entries without fixtures: {sorted(missing)}"


@pytest.mark.parametrize("path", [p for p, fires, _ in _fixtures() if fires], ids=lambda p: p.name)
def test_firing_fixture(
    path: Path, matrix: Matrix, target: Target, prefilter: Prefilter, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = kind_of(path.name)
    assert kind is not None
    data, _ = prefilter.read(Candidate(path.name, str(path), kind))
    assert data is not None, f"the prefilter skips {path.name}: nothing in it could ever be found"
    monkeypatch.chdir(HERE)
    report = scan_paths([path.name], matrix, target, jobs=1)
    found = {(f.line, f.capability) for f in report.findings if f.severity != "note" and f.path == path.name}
    expected = _expected(path)
    assert expected, "a firing fixture has expect markers"
    assert found == expected, f"missing: {sorted(expected - found)}\nunexpected: {sorted(found - expected)}"
    assert not report.diagnostics, report.diagnostics
    entries = _entries(shipped_catalogue())
    owner = {n: entries[k] for k, (_, names, _) in entries.items() for n in names}
    lines = path.read_text().splitlines()
    marked = {n for n, _ in expected}
    for name in _HEADER.match(lines[0]).group(2).split(", "):
        entry_kind = owner[name][0]
        pattern = _use_pattern(entry_kind, name, "\n".join(lines))
        uses = [i for i, text in enumerate(lines, 1) if i > 1 and pattern.search(text)]
        assert uses, f"{name}: not used in {path.name}"
        if name.endswith("()"):
            continue  # (an instance called as a function: its finding is where it is called, not built)
        if entry_kind in ("sdk", "constructor", "hosted") or (entry_kind == "path" and name not in NO_FINDING):
            # The finding is at the use (or, for a call split over lines, at a value inside it).
            assert any(u + d in marked for u in uses for d in range(4)), f"{name}: its use is unmarked"


@pytest.mark.parametrize("path", [p for p, fires, _ in _fixtures() if not fires], ids=lambda p: p.name)
def test_clean_fixture(path: Path, matrix: Matrix, target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _expected(path), "a clean fixture has no expect markers"
    monkeypatch.chdir(HERE)
    report = scan_paths([path.name], matrix, target, jobs=1)
    blocking = [(f.line, f.capability, f.message) for f in report.findings if f.severity != "note"]
    assert not blocking
    entries = _entries(shipped_catalogue())
    owner = {n: entries[k] for k, (_, names, _) in entries.items() for n in names}
    text = path.read_text().split("\n", 1)[1]
    for name in _HEADER.match(path.read_text().splitlines()[0]).group(2).split(", "):
        if owner[name][0] != "hosted":  # (a hosted tool's clean form is another vendor's look-alike type)
            assert _use_pattern(owner[name][0], name, text).search(text), f"{name}: not used in {path.name}"


def test_every_catalogue_command_passes_the_shell_prefilter() -> None:
    """A command line the prefilter skips is never read: each catalogue program, given options, is a token."""
    from bedrock_check.extract.shell import TOKENS

    for command in shipped_catalogue().frameworks.commands:
        for name in command.name:
            assert f"{name} -" in TOKENS, name
