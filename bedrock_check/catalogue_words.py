"""The catalogue's words the scan's prefilter needs, cached apart from the catalogue.

A scan tests every file for tokens before parsing it (`bedrock_check.prefilter`); the
SDK and framework catalogue gives many of them. Importing and loading the catalogue
costs a run more than testing a small folder's files, and a file that fails the test
never needs it, so its words are kept in a cache entry of their own (plain JSON through
`bedrock_check.matrix.cache`, like the matrix: nothing in it names a type or runs). The
key covers the catalogue files and the source that derives the words from them, so an
edited catalogue or prefilter is never served stale; any failure falls back to loading
the catalogue.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from bedrock_check.quickclass import dataclass

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class CatalogueWords:
    """What `scanner.prefilter_sets` takes from the catalogue."""

    #: Code tokens: the catalogue's words and its SDK methods' first names.
    code: list[str] = field(default_factory=list)
    #: Top-level modules of framework constructors, client wrappers and drop-ins (weak tokens).
    modules: list[str] = field(default_factory=list)
    #: Framework names with the module tokens one of which a file must also hold.
    pairs: dict[str, list[str]] = field(default_factory=dict)
    #: Words one of which a config file must hold to configure an OpenAI client.
    configs: list[str] = field(default_factory=list)
    #: The names a provider setting gives the OpenAI API's and Azure OpenAI's clients
    #: (`providers.yaml` `setting_names`), for a config file's test before the catalogue loads.
    provider_names: list[str] = field(default_factory=list)


def _derive() -> CatalogueWords:
    from bedrock_check.catalogue import shipped_catalogue
    from bedrock_check.prefilter import method_tokens, module_tokens

    cat = shipped_catalogue()
    return CatalogueWords(
        code=sorted({*cat.tokens, *method_tokens(cat.methods)}),
        modules=sorted(module_tokens((*cat.constructors, *cat.client_wrappers, *cat.dropins))),
        pairs={word: sorted(modules) for word, modules in sorted(cat.paired_tokens.items())},
        configs=sorted(cat.config_tokens),
        provider_names=sorted(n for names in cat.providers.setting_names.values() for n in names),
    )


def _sources() -> tuple[Path, ...]:
    """What the words are made from: the catalogue's files and the code that reads them."""
    folder = _HERE / "catalogue"
    # (Every module of the catalogue package: `tokens.py` derives the words, `records.py` reads them.)
    return (*sorted(folder.glob("*.yaml")), *sorted(folder.glob("*.py")), _HERE / "prefilter.py", Path(__file__).resolve())


def catalogue_words() -> CatalogueWords:
    """The catalogue's prefilter words, from the cache when its entry is current."""
    from bedrock_check.matrix import cache

    key = cache.cache_key(_sources())
    if key is not None:
        cached = cache.read(key, CatalogueWords, "prefilter-words")
        if cached is not None:
            return cached
    words = _derive()
    if key is not None:
        cache.write(key, words, "prefilter-words")
    return words
