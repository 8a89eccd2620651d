"""Prompty files (`.prompty`): a prompt template whose YAML front matter configures the model
that runs it (`model: {api: chat, configuration: {type: azure_openai, azure_deployment: gpt-4o},
parameters: {...}}`). The front matter is read as a config file (each line where it is written);
the template below it is prompt text, never read as YAML."""

from __future__ import annotations

from bedrock_check.extract.common import Extracted

#: The line that opens and closes the front matter.
_FENCE = "---"


def front_matter(text: str) -> str | None:
    """The front matter of a prompty file with every other line blanked (line numbers kept),
    or None when the file opens with none."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != _FENCE:
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == _FENCE), None)
    if end is None:
        return None
    return "\n".join(["", *lines[1:end], *([""] * (len(lines) - end))])


def extract_prompty(path: str, text: str) -> Extracted:
    """The model settings of a prompty file's front matter (nothing for a file with none)."""
    from bedrock_check.extract.requests import read_yaml

    front = front_matter(text)
    if front is None:
        return Extracted()
    observations, _ = read_yaml(path, front, quiet=True)
    # (A front matter that does not parse is a template's business: the prompt still runs elsewhere.)
    return Extracted(list(observations), [])


__all__ = ["extract_prompty", "front_matter"]
