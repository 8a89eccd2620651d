"""The type checker's ground rules: every `type: ignore` names its error code and says why.
(`.ci/run` runs mypy itself over the package; see `[tool.mypy]` in pyproject.toml.)"""

from __future__ import annotations

import re

from .conftest import ROOT

_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def test_every_type_ignore_names_its_code_and_says_why() -> None:
    bad = []
    for path in sorted((ROOT / "bedrock_check").rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            m = _IGNORE.search(line)
            if not m:
                continue
            why = m.group("rest").strip().removeprefix("#").replace("fmt: skip", "").strip(" ;#")
            if not m.group("codes") or len(why) < 10:
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bad == [], "a type: ignore needs [code] and a comment saying why:\n" + "\n".join(bad)
