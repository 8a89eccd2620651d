"""Safe YAML loading: never constructs arbitrary objects, refuses alias bombs.

PyYAML's safe loader shares aliased nodes instead of copying them, so a "billion
laughs" document loads quickly but explodes when anything walks it. We count alias
uses while composing and refuse documents that use too many.
"""

from __future__ import annotations

from typing import Any

import yaml

#: More alias uses than this in one document is treated as an attack.
MAX_ALIASES = 100


class YamlError(ValueError):
    """A YAML document that cannot be loaded; the message names the position."""


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader that counts alias events while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlError(
                    f"line {mark.line + 1}, column {mark.column + 1}: more than {MAX_ALIASES} "
                    "YAML aliases; refusing a possible alias bomb"
                )
        return super().compose_node(parent, index)


def _describe(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return f"invalid YAML: {problem}"


def _run(text: str, step: Any) -> Any:
    """Run `step(loader)` on a limited loader, turning every YAML failure into YamlError."""
    try:
        # The reader checks the text as soon as the loader exists (non-printable characters).
        loader = _LimitedLoader(text)
    except yaml.YAMLError as exc:
        raise YamlError(_describe(exc)) from None
    try:
        return step(loader)
    except yaml.YAMLError as exc:
        raise YamlError(_describe(exc)) from None
    except RecursionError:
        raise YamlError("YAML nested too deeply") from None
    finally:
        loader.dispose()


def _all_nodes(loader: _LimitedLoader) -> list[Any]:
    nodes = []
    while loader.check_node():
        nodes.append(loader.get_node())
    return nodes


def compose_yaml_documents(text: str) -> list[Any]:
    """Compose every document into PyYAML node trees (for callers that need positions)."""
    return _run(text, _all_nodes)


def construct_scalar(node: Any) -> Any:
    """Turn one scalar node into its Python value with the safe constructor."""
    loader = _LimitedLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlError(_describe(exc)) from None


def load_yaml(text: str, *, fast: bool = False) -> Any:
    """Load one YAML document safely. `fast` uses libyaml when available and is meant
    only for the trusted shipped matrix (it has no alias limit)."""
    if fast:
        loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            return yaml.load(text, Loader=loader_cls)
        except yaml.YAMLError as exc:
            raise YamlError(_describe(exc)) from None
    return _run(text, lambda loader: loader.get_single_data())
