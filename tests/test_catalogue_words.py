"""The catalogue's prefilter words come from a cache entry of their own: the same words
the catalogue gives, rebuilt when the catalogue or the code that derives them changes,
and a bad entry is a miss."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bedrock_check import catalogue_words as cw
from bedrock_check.catalogue import shipped_catalogue
from bedrock_check.engine import Engine
from bedrock_check.matrix import Matrix, Target
from bedrock_check.prefilter import CLIENT_CONSTRUCTION, EXTRA_TOKENS, classify, method_tokens, module_tokens
from bedrock_check.scanner import READERS, prefilter_sets


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BEDROCK_CHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BEDROCK_CHECK_NO_CACHE", raising=False)
    return tmp_path


def _never() -> cw.CatalogueWords:
    raise AssertionError("derived again: the entry was not read")


def test_words_are_read_back_from_their_entry(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cw.catalogue_words()
    (entry,) = cache.glob("prefilter-words-*.json")
    assert json.loads(entry.read_text())["code"]
    monkeypatch.setattr(cw, "_derive", _never)
    assert cw.catalogue_words() == first


@pytest.mark.parametrize("change", [lambda d: d.update(code="openai"), lambda d: d.update(extra=[]),
                                    lambda d: d["pairs"].update(x=[1])], ids=["type", "key", "item"])  # fmt: skip
def test_a_bad_entry_is_a_miss(cache: Path, change: Callable[[dict[str, Any]], None]) -> None:
    first = cw.catalogue_words()
    (entry,) = cache.glob("prefilter-words-*.json")
    data = json.loads(entry.read_text())
    change(data)
    entry.write_text(json.dumps(data))
    assert cw.catalogue_words() == first


def test_the_key_covers_the_catalogue_and_the_code_that_reads_it() -> None:
    names = {p.name for p in cw._sources()}
    assert {"sdk.yaml", "providers.yaml", "models.yaml", "frameworks.yaml", "__init__.py", "prefilter.py",
            "catalogue_words.py", "tokens.py"} <= names  # fmt: skip
    assert all(p.is_file() for p in cw._sources())


def test_prefilter_sets_are_those_the_catalogue_gives(cache: Path, matrix: Matrix, target: Target) -> None:
    engine = Engine(matrix, target)
    cw.catalogue_words()  # the entry is written; the sets below come from it
    got = prefilter_sets(engine)
    cat = shipped_catalogue()
    code = (*engine.code_tokens, *cat.tokens, *method_tokens(cat.methods), *EXTRA_TOKENS)
    modules = module_tokens((*cat.constructors, *cat.client_wrappers, *cat.dropins))
    pairs: dict[str, set[str]] = {}
    for source in (engine.code_pairs, cat.paired_tokens):
        for word, needs in source.items():
            pairs.setdefault(word, set()).update(needs)
    from bedrock_check.extract.config_env import ENV_TOKENS, JSON_ENV_TOKENS
    from bedrock_check.extract.config_named import YAML_TOKENS

    strong = {"yaml": (*cat.config_tokens, *ENV_TOKENS, *YAML_TOKENS), "json": (*cat.config_tokens, *JSON_ENV_TOKENS),
              "markdown": cat.config_tokens, "rst": cat.config_tokens}  # fmt: skip
    for kind, reader in READERS.items():
        want = classify(kind, (*reader.tokens(), *(code if reader.code else ())), modules if reader.code else (),
                        pairs if reader.code else None,
                        (*strong.get(kind, ()), *(CLIENT_CONSTRUCTION if reader.code else ())))  # fmt: skip
        assert got[kind] == want, kind


def test_no_prefilter_word_is_a_provider_name_alone() -> None:
    """A word the prefilter passes a file on must say more than a provider's name as settings and
    constants write it: `OPENAI` alone (the last name of AdalFlow's `ModelClientType.OPENAI`) is in
    every file that names the provider (`OPENAI_API_KEY`, a picker's `provider: "openai"`), and would
    send them all to the parser. (`OpenAI`, the SDK's client class, is a word on purpose.)"""
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    names = {p.lower() for p in cat.providers.providers} | {"openai", "azure", "bedrock"}
    assert not [w for w in cat.tokens if w.lower() in names and w in (w.lower(), w.upper())]
