"""YAML composing: libyaml is used only where it gives the pure-Python composer's trees."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bedrock_check.yamlsafe import YamlError, _all_nodes, _compose_with_libyaml, _run, compose_yaml_documents

pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")


def _shape(nodes: list[Any]) -> list[tuple[Any, ...]]:
    """Every node's kind, tag, scalar value and marks, in document order."""
    out: list[tuple[Any, ...]] = []

    def walk(node: Any) -> None:
        marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
        value = node.value if isinstance(node, yaml.ScalarNode) else len(node.value)
        out.append((type(node).__name__, node.tag, value, *marks))
        children = [p for pair in node.value for p in pair] if isinstance(node, yaml.MappingNode) else node.value
        for child in children if not isinstance(node, yaml.ScalarNode) else ():
            walk(child)

    for root in nodes:
        walk(root)
    return out


REQUEST = """\
model: gpt-4o
input:
  - role: user
    content: |
      first line
        indented
      café 😀
  - {role: assistant, content: "quoted \\u00e9", n: [1, 2.5, true, null]}
tools: [{type: web_search}]
when: 2024-01-02
---
model: o3
"""


def test_libyaml_gives_the_python_composers_nodes_and_marks() -> None:
    fast = _compose_with_libyaml(REQUEST)
    assert fast is not None
    assert _shape(fast) == _shape(_run(REQUEST, _all_nodes))
    assert len(fast) == 2


@pytest.mark.parametrize(
    "text",
    [
        "model: gpt-4o\ninput: hi",  # no final newline: libyaml moves the outer end marks
        "model:\tgpt-4o\n",  # a tab: libyaml accepts what PyYAML refuses
        "a: &x {model: gpt-4o}\nb: *x\n",  # an alias: PyYAML counts them
        "model: [gpt-4o\n",  # an error: PyYAML's words are the diagnostic
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 120)),  # deep nesting
    ],
)
def test_the_python_composer_keeps_the_cases_libyaml_differs_on(text: str) -> None:
    assert _compose_with_libyaml(text) is None


def test_an_error_is_said_in_the_python_composers_words() -> None:
    with pytest.raises(YamlError, match=r"invalid YAML at line \d+, column \d+"):
        compose_yaml_documents("model: [gpt-4o\n")
    with pytest.raises(YamlError, match="alias"):
        compose_yaml_documents("a: &a [x]\n" + "".join(f"k{i}: *a\n" for i in range(150)))
