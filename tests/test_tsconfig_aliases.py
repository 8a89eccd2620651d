"""Path aliases of a tsconfig: read as data, with the comments and trailing commas it allows."""

from __future__ import annotations

import os
from pathlib import Path

from bedrock_check.extract.tsconfig import aliased, read_aliases


def test_wildcard_and_exact_aliases_with_comments(tmp_path: Path) -> None:
    (tmp_path / "tsconfig.json").write_text(
        '{\n  // aliases\n  "compilerOptions": {\n    "baseUrl": "./",\n    /* the app */\n'
        '    "paths": {"~*": ["./src/*"], "@components/*": ["src/ui/*",], "config": ["src/config.ts"],},\n  },\n}\n'
    )
    aliases = read_aliases(str(tmp_path))
    assert aliased("~app/consts", aliases) == [os.path.join(str(tmp_path), "src", "app/consts")]
    assert aliased("@components/button", aliases) == [os.path.join(str(tmp_path), "src", "ui", "button")]
    assert aliased("config", aliases) == [os.path.join(str(tmp_path), "src", "config.ts")]
    assert aliased("react", aliases) == []
    assert aliased("configs", aliases) == []


def test_a_config_that_does_not_parse_declares_no_alias(tmp_path: Path) -> None:
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"paths": {"~*": ["./src/*"]}')
    assert read_aliases(str(tmp_path)) == []
    assert read_aliases(str(tmp_path / "missing")) == []


def test_a_catch_all_pattern_is_not_an_alias(tmp_path: Path) -> None:
    (tmp_path / "jsconfig.json").write_text('{"compilerOptions": {"paths": {"*": ["./vendor/*"]}}}')
    assert aliased("lodash", read_aliases(str(tmp_path))) == []
