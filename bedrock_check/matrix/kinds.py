"""The matrix's kinds of values (statuses, verdicts, severities, endpoints, confidence, ids)
and the citation records every fact and step points to: what the other record modules share."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from bedrock_check.quickclass import dataclass

Status = Literal["available", "conditional", "not_available", "unverified"]


Verdict = Literal["ok", "note", "warning", "error"]


Severity = Literal["error", "warning", "note"]


#: The two Bedrock endpoints that serve OpenAI models: `bedrock-mantle` and `bedrock-runtime`.
Endpoint = Literal["mantle", "runtime"]


ENDPOINTS: tuple[Endpoint, ...] = ("mantle", "runtime")


#: How sure the matrix is of a fact: H first-party text, M first-party seen through a careful
#: third party, L a single third-party claim or an inference. Only H and M facts decide verdicts.
Confidence = Literal["H", "M", "L"]


DECISIVE: frozenset[str] = frozenset({"H", "M"})


#: The APIs a model can be served over; the OpenAI ones use the request endpoint names.
Api = Literal["responses", "chat.completions", "converse", "invoke"]


ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


_ID = re.compile(ID_PATTERN)


_PATH_PATTERN = re.compile(r"^(\.|[A-Za-z_][\w.]*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*)$")


#: The verdict a status implies when a signal does not set one.
STATUS_VERDICT: dict[str, Verdict] = {
    "available": "ok",
    "conditional": "warning",
    "not_available": "error",
    "unverified": "warning",
}


#: pydantic reads this on each record: matrix files are ours, so unknown keys are errors.
_STRICT = {"extra": "forbid"}


def _check_id(value: str) -> None:
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not a kebab-case id (e.g. web-search)")


@dataclass(frozen=True, slots=True)
class Source:
    """A document (or the inference rule) that facts in the matrix cite."""

    __pydantic_config__ = _STRICT
    id: str
    title: str
    url: str | None = None
    section: str | None = None
    as_of: dt.date | None = None
    kind: Literal["document", "inferred", "probe", "user"] = "document"

    def __post_init__(self) -> None:
        _check_id(self.id)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where one entry's verdict comes from: a source id plus the row or section used."""

    __pydantic_config__ = _STRICT
    ref: str
    row: str | None = None
    section: str | None = None
    reasoning: str | None = None
