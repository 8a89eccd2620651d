"""`.env` edits: an OpenAI setting becomes its Bedrock counterpart, in place.

The old line is kept, commented out, right above its replacement, so order, comments
and the value the team had are all still there to see; nothing is deleted. The new
value is derived from the target (Region and endpoint), never guessed.
"""

from __future__ import annotations

import re

from bedrock_check.extract.dotenv import assignment
from bedrock_check.fix.textedit import Edit, EditError, line_starts
from bedrock_check.vocabulary import bedrock_base_url

#: OpenAI setting -> (Bedrock setting, value template). `{base}` is the Bedrock base URL
#: of the target endpoint and Region; an empty value is one the team must fill in (a
#: Bedrock API key is a secret fix cannot know).
SETTINGS: dict[str, tuple[str, str]] = {
    "OPENAI_API_KEY": ("AWS_BEARER_TOKEN_BEDROCK", ""),
    "OPENAI_BASE_URL": ("AWS_BEDROCK_BASE_URL", "{base}"),
    "OPENAI_API_BASE": ("AWS_BEDROCK_BASE_URL", "{base}"),
}

_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD", re.IGNORECASE)


def setting_edit(text: str, edit: Edit, region: str, endpoint: str = "mantle") -> str:
    """Replace the setting on the edit's line with its Bedrock counterpart."""
    starts = line_starts(text)
    if not 1 <= edit.line <= len(starts):
        raise EditError(f"{edit.path}:{edit.line}: past the end of the file")
    start = starts[edit.line - 1]
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end]
    body = line.rstrip("\r")
    setting = assignment(body)
    if setting is None or setting.key not in SETTINGS:
        raise EditError(f"{edit.path}:{edit.line}: not an OpenAI setting this fix knows")
    new_name, template = SETTINGS[setting.key]
    value = template.format(base=bedrock_base_url(region, endpoint))
    eol = line[len(body) :]  # "\r" in a file with Windows line endings
    indent, export = setting.indent, setting.export
    replacement = f"{indent}# {body.lstrip()}{eol}\n{indent}{export}{new_name}={value}{eol}"
    return text[:start] + replacement + text[end:]


def mask_secret_lines(diff: str) -> str:
    """A diff of a `.env` file with secret-looking values masked, for printing: a fix's
    diff ends up in terminals and CI logs, the file's secrets must not."""
    out = []
    for line in diff.splitlines(keepends=True):
        if line[:1] in "+- " and not line.startswith(("+++", "---")):
            body = line[1:]
            stripped = body.lstrip("# ")
            setting = assignment(stripped)
            if setting and _SECRET_NAME.search(setting.key):
                head = body[: len(body) - len(stripped)] + stripped[: setting.head]
                value = stripped[setting.head :].rstrip("\r\n")
                tail = body[len(body.rstrip("\r\n")) :]
                line = line[0] + head + ("****" if value.strip() else "") + tail
        out.append(line)
    return "".join(out)
