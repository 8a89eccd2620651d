"""JSON values shaped like request bodies that are data a repository keeps, not requests it
sends: a dataset example with its answer, a fine-tuning record, another vendor's Messages body,
an app's saved state whose `messages` log holds no chat turns. `requests.request_shape` asks
these only of files that may hold anything (`strict`); a body given on purpose is checked."""

from __future__ import annotations

from typing import Any

#: Keys of a dataset example that give the answer beside its `input` (a few-shot or evaluation
#: set: `{"input": question, "output": rewritten}`, an OpenAI evals sample's `ideal`): no
#: Responses request carries one (`output` is what a response holds).
ANSWER_KEYS = frozenset({"output", "ideal", "expected_output"})


def example_record(value: dict[str, Any]) -> bool:
    """A dataset example found in a repository (a JSON array of thousands of question and
    answer pairs a prompt optimiser trains on): its `input` comes with the answer and no model
    is named, so it is data the app reads, not a request it sends (nor a text-generation use)."""
    return "model" not in value and not value.keys().isdisjoint(ANSWER_KEYS)


def foreign_body(value: dict[str, Any]) -> bool:
    """Whether a body with `messages` is another vendor's request by a key no OpenAI request has
    (Anthropic's `anthropic_version`, `system`: the catalogue's `request_keys`)."""
    from bedrock_check.catalogue import shipped_catalogue

    return shipped_catalogue().foreign_request(value.keys()) is not None


def not_chat_turns(value: dict[str, Any]) -> bool:
    """Whether `messages` holds items that are not chat turns: an app's saved state keeps a log
    of notices (`{"timestamp": ..., "type": "success", "value": ...}`) under that name, while
    every message of a Chat Completions request names its `role`."""
    messages = value.get("messages")
    if not isinstance(messages, list) or not messages:
        return False
    return all(isinstance(m, dict) and "role" not in m for m in messages)


def training_record(value: dict[str, Any]) -> bool:
    """A fine-tuning dataset record (`{"messages": [..., {"role": "assistant", ...}]}`, a line
    of a training file shown in a doc): the conversation ends with the answer to learn, and
    no model is named. A request ends with the turn the model answers."""
    messages = value.get("messages")
    if "model" in value or not isinstance(messages, list) or not messages:
        return False
    last = messages[-1]
    return isinstance(last, dict) and last.get("role") == "assistant"
