"""Java `.properties` files (Spring Boot's `application.properties`): the OpenAI model settings
of an OpenAI or Azure OpenAI client starter (LangChain4j `langchain4j.open-ai.chat-model.model-name`,
Spring AI `spring.ai.openai.chat.options.model`, `spring.ai.azure.openai.chat.options.deployment-name`).

A setting is read when its key names OpenAI (`open-ai`, `openai`) and ends with a model or
deployment setting; on Azure only a deployment named for an OpenAI model is a model. A value
written as a placeholder with a default (`${OPENAI_MODEL:gpt-4o}`) is read as its default.
"""

from __future__ import annotations

import re

from bedrock_check.extract.common import Extracted
from bedrock_check.extract.config_values import line_reader, model_fragment, offset_span, substituted
from bedrock_check.vocabulary import MIGRATING_PROVIDERS

#: `key=value`, `key: value` or `key value` (the forms `.properties` allows), after blanks.
_SETTING = re.compile(r"^[ \t]*(?P<key>[^#!\s=:][^\s=:]*)[ \t]*[=:\s][ \t]*(?P<value>\S[^\n]*?)[ \t]*$", re.M)
#: A key of an OpenAI client starter whose last part chooses the model.
_MODEL_KEY = re.compile(r"(?i)(?:^|[.-])open-?ai[.-](?:[\w.-]*[.-])?(?:model|model-?name|deployment-?name)$")


def extract_properties(path: str, text: str) -> Extracted:
    """One model request fragment per OpenAI model an OpenAI client starter's setting names."""
    from bedrock_check.catalogue import shipped_catalogue

    cat = shipped_catalogue()
    result = Extracted()
    source_line = line_reader(text)
    for m in _SETTING.finditer(text):
        key = m.group("key")
        if not _MODEL_KEY.search(key):
            continue
        written, start = m.group("value"), m.start("value")
        value = substituted(written)  # (Spring's `${OPENAI_MODEL:gpt-4o}`: its default)
        if value != written and value:
            start += written.rfind(value)
        mid, vendor = cat.read_model(value)
        azure = "azure" in key.lower()
        if vendor not in MIGRATING_PROVIDERS or (azure and not cat.deployment_model(mid)):
            continue
        span = offset_span(text, start, len(value))
        result.observations.append(model_fragment(path, span, mid, "azure" if azure else "openai", source_line))
    return result


__all__ = ["extract_properties"]
