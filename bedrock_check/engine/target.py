"""Target checks: the model id a request or the target names, the Region and base URL code names,
against the matrix's dated model offers for the target's endpoint and date.

Every answer comes from the matrix (`models[].offers`); this module only says what a request
sends where. Problems carry the capability id of their finding kind: `model-id`,
`model-availability`, `region-availability`, `model-endpoint` (the model is not served on the
chosen endpoint or API), `runtime-profile-id` (the runtime takes cross-Region inference
profiles only) and `mantle-base-path` (the Mantle path does not serve the model).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from bedrock_check.matrix import Matrix, Model, Offer, Target, effective_status, offer_for, offers_at
from bedrock_check.matrix.resolve import first_offer, in_region, preferred_id
from bedrock_check.quickclass import dataclass
from bedrock_check.vocabulary import EngineCapability, ModelKind

#: A model value that is a reference to a value, not a value: a shell or environment variable
#: (`$MODEL`, `${MODEL}`), a template field (`{{ model }}`, `{model}`, `<MODEL>`, `%(model)s`).
#: It names no model; the variable is checked where it is set.
_REFERENCE = re.compile(r"\$\{?[A-Za-z_]\w*\}?|\{\{\s*[\w.]+\s*\}\}|\{[\w.]*\}|<[\w .-]+>|%\(\w+\)s")

#: How each API is named in a message.
API_NAMES = {"responses": "the Responses API", "chat.completions": "Chat Completions", "converse": "Converse",
             "invoke": "InvokeModel"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    """One target-check finding before it is placed: which capability, how severe, and why."""

    capability: str
    severity: str
    status: str
    message: str
    #: The fact that decided it (a model offer's source), when not the capability's own citation.
    source: str | None = None
    #: What to do instead, when not the capability's own remediation (a model of another kind
    #: than text generation is replaced as its kind is: `model_kinds` in the matrix).
    remediation: str | None = None


class TargetChecks:
    """Model, Region and base-path checks for one matrix and target; answers are cached per model id."""

    def __init__(self, matrix: Matrix, target: Target, kinds: Callable[[str], str] | None = None) -> None:
        self.matrix = matrix
        self.target = target
        self.at = target.date(matrix)
        #: What an OpenAI model id is for (a `ModelKind` word): the catalogue's families by default.
        self._kinds = kinds
        self._cache: dict[tuple[str, str | None], list[Problem]] = {}
        self._openai_ids: dict[str, Model] = {m.openai_id: m for m in matrix.models if m.openai_id}

    # ------------------------------------------------------------ helpers

    def _problem(self, cap_id: str, message: str, status: str | None = None) -> Problem:
        cap = self.matrix.capability(cap_id)
        return Problem(cap.id, cap.severity or "error", status or effective_status(cap, self.target)[0], message)

    def _text(self, cap_id: str, variant: str, **fields: object) -> str:
        """One of a target capability's sentences (its matrix `messages`), filled in."""
        return self.matrix.capability(cap_id).messages[variant].format_map(fields)

    def _say(self, cap_id: str, variant: str, **fields: object) -> Problem:
        """A problem of `cap_id` worded by its matrix template `variant`."""
        return self._problem(cap_id, self._text(cap_id, variant, **fields))

    def _cite(self, offer: Offer) -> str:
        src = self.matrix.source(offer.source.ref)
        return src.title if src else offer.source.ref

    def strip(self, model: str) -> str:
        """The model id without a gateway prefix (`bedrock/`, `bedrock_mantle/`)."""
        for prefix in self.matrix.gateway_prefixes:
            if model.startswith(prefix):
                return model[len(prefix) :]
        return model

    def _profile(self, model_id: str) -> tuple[str | None, str]:
        """(`us`, `openai.x`) for a cross-Region profile id, (None, id) otherwise."""
        head, _, rest = model_id.partition(".")
        if rest and head in self.matrix.inference_profile_prefixes:
            return head, rest
        return None, model_id

    def knows(self, raw: str) -> bool:
        """Whether `raw` (a gateway prefix allowed) is a Bedrock model id of the matrix."""
        return self._find(self.strip(raw)) is not None

    def _find(self, model_id: str) -> Model | None:
        return self.matrix.model(model_id) or self.matrix.model(self._profile(model_id)[1])

    def _date(self) -> str:
        return self.at.isoformat()

    def kind(self, model_id: str) -> str:
        """The kind of model `model_id` names, as the matrix words it: a kind `model_kinds` lists,
        else `text` (a kind the matrix has no wording for is checked as a text model is)."""
        if self._kinds is None:
            from bedrock_check.catalogue import shipped_catalogue  # (loaded when a model is first unknown)

            self._kinds = shipped_catalogue().model_kind
        kind = self._kinds(model_id)
        return kind if kind in self.matrix.model_kinds else ModelKind.TEXT.value

    def _model_kind(self, model: Model) -> str:
        return self.kind(model.openai_id or model.id)

    def written_kind(self, raw: str) -> str:
        """The kind of the model id as code writes it (a gateway prefix, a profile's Region allowed)."""
        return self.kind(self._profile(self.strip(raw))[1])

    # ------------------------------------------------------------ models

    def offered_later(self, raw: str) -> bool:
        """Whether Bedrock offers the model `raw` names from a date after the target's."""
        model = self._find(self.strip(raw))
        return model is not None and any(o.since > self.at and o.decides for o in model.offers)

    def first_offered(self, raw: str, endpoint: str) -> dt.date | None:
        """The date Bedrock first offers the model `raw` names on `endpoint` (on any endpoint
        when it has no offer there), or None for a model the matrix does not know."""
        model = self._find(self.strip(raw))
        if model is None:
            return None
        offer = first_offer(model, endpoint) or first_offer(model)  # type: ignore[arg-type]  # an endpoint name the matrix checked
        return offer.since if offer is not None else None

    def model_problems(self, raw: str, api: str | None = None) -> list[Problem]:
        """What is wrong with sending `raw` as the model id to the target (over `api`, when known)."""
        # Traffic repeats a handful of model ids: answer each once per engine.
        key = (raw, api)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._model_problems(raw, api)
            if len(self._cache) > 10_000:
                self._cache.clear()
        return cached

    def _model_problems(self, raw: str, api: str | None) -> list[Problem]:
        if _REFERENCE.fullmatch(raw.strip()):
            return []  # `"model": "$MODEL"` in a doc's curl: a variable, not a model id
        written = self.strip(raw)
        model = self._find(written)
        if model is None and _other_vendor(self._profile(written)[1]):
            return []  # another vendor's Bedrock model (`anthropic.claude-…`): not an OpenAI workload
        if model is None:
            match = self._openai_ids.get(written) or self._openai_ids.get(_undated(written))
            if match is None:
                return [self._unknown(raw)]
            suggested = self._id_for(match)  # the same answer as `bedrock_id`, which `fix` writes
            problems = [self._say(EngineCapability.MODEL_ID, "openai_id", raw=raw, suggested=suggested)]
            return problems + self._known(match, suggested, raw, api, id_checked=True)
        return self._known(model, written, raw, api)

    def target_problems(self) -> list[Problem]:
        """What is wrong with the target's own model. A model nobody named is the matrix's
        default for the endpoint, Region and date; when it is still not served there, no
        default candidate is, and the finding says so rather than blame a model nobody chose."""
        problems = self.model_problems(self.target.model)
        if not self.target.default_model or not problems:
            return problems
        names = [self.matrix.defaults.model, *self.matrix.defaults.fallbacks]
        candidates = [m for m in (self.matrix.model(n) for n in names) if m is not None]
        endpoint = self.target.endpoint
        avail = EngineCapability.MODEL_AVAILABILITY
        if any(offers_at(m, endpoint, self.at) for m in candidates):
            lead = self._text(avail, "no_default_here", region=self.target.region, endpoint=endpoint, date=self._date())
            return [replace(p, message=lead + p.message) for p in problems]
        served = sorted({i for m in self.matrix.models for o in offers_at(m, endpoint, self.at) for i in (o.ids or [m.id])})
        later = [(o, m) for m in candidates for o in m.offers
                 if o.endpoint == endpoint and o.since > self.at and o.decides]  # fmt: skip
        when = ""
        if later:
            first, model = min(later, key=lambda pair: pair[0].since)
            when = self._text(avail, "default_later", model=model.id, since=first.since.isoformat(), source=self._cite(first))
        message = self._text(avail, "no_default_served", endpoint=endpoint, default=self.matrix.defaults.model,
                             date=self._date(), served=_list(served) if served else "no OpenAI model", later=when)  # fmt: skip
        return [replace(problems[0], message=message)]

    def bedrock_id(self, openai_id: str) -> str | None:
        """The Bedrock id to write for an OpenAI model id on the target (what the `model-id`
        finding suggests), or None when Bedrock does not offer that model on the target's
        endpoint at its date (the other finding on that model says where it is served)."""
        match = self._openai_ids.get(openai_id) or self._openai_ids.get(_undated(openai_id))
        if match is None or not offers_at(match, self.target.endpoint, self.at):
            return None
        return self._id_for(match)

    def _unknown(self, raw: str) -> Problem:
        # Only models of the same kind can take its place: a chat model does not embed or speak.
        kind = self.written_kind(raw)
        # The ids as they are written for the target's endpoint: on the runtime, the
        # inference profile of the target's Region (`us.openai.gpt-5.6-sol`), not Mantle's id.
        offered = sorted({self._id_for(m) for m in self.matrix.models
                          if offers_at(m, self.target.endpoint, self.at) and self._model_kind(m) == kind})  # fmt: skip
        avail = EngineCapability.MODEL_AVAILABILITY
        if kind == ModelKind.TEXT:
            return self._say(avail, "unknown", raw=raw, date=self._date(), endpoint=self.target.endpoint,
                             offered=", ".join(offered) or "none")  # fmt: skip
        wording = self.matrix.model_kinds[kind]
        remedy = wording.remediation or self.matrix.capability(wording.capability).remediation
        if not offered:
            problem = self._say(avail, "other_kind", raw=raw, kind=wording.name, endpoint=self.target.endpoint,
                                date=self._date(), later=self._kind_later(kind), unconfirmed=self._kind_unconfirmed(kind))  # fmt: skip
            return replace(problem, remediation=remedy)
        problem = self._say(avail, "same_kind", raw=raw, kind=wording.name, endpoint=self.target.endpoint,
                            date=self._date(), offered=", ".join(offered))  # fmt: skip
        return replace(problem, remediation=self._text(avail, "same_kind_fix", kind=wording.name, remedy=remedy))

    def _kind_later(self, kind: str) -> str:
        """The sentence naming the first model of `kind` the target's endpoint offers after its
        date ("" when none): the finding is true on the target's date, and says what changes."""
        endpoint = self.target.endpoint
        later = [(o, m) for m in self.matrix.models if self._model_kind(m) == kind for o in m.offers
                 if o.endpoint == endpoint and o.since > self.at and o.decides]  # fmt: skip
        if not later:
            return ""
        first, model = min(later, key=lambda pair: pair[0].since)
        return self._text(EngineCapability.MODEL_AVAILABILITY, "kind_later", ids=", ".join(first.ids or [model.id]),
                          endpoint=endpoint, since=first.since.isoformat(), source=self._cite(first))  # fmt: skip

    def _kind_unconfirmed(self, kind: str) -> str:
        """The sentence naming models of `kind` that only a source which cannot decide (confidence
        L, or overruled) lists on the target's endpoint at its date ("" when none): shown, not decisive."""
        named = [(o, m) for m in self.matrix.models if self._model_kind(m) == kind for o in m.offers
                 if o.endpoint == self.target.endpoint and not o.decides and o.since <= self.at
                 and (o.until is None or self.at < o.until)]  # fmt: skip
        if not named:
            return ""
        ids = sorted({i for o, m in named for i in (o.ids or [m.id])})
        sources = "; ".join(sorted({self._cite(o) for o, _m in named}))
        return self._text(EngineCapability.MODEL_AVAILABILITY, "kind_unconfirmed", ids=", ".join(ids),
                          endpoint=self.target.endpoint, sources=sources)  # fmt: skip

    def _id_for(self, model: Model) -> str:
        """The id to write for `model` on the target's endpoint at the as-of date."""
        if self.target.endpoint == "runtime":
            ids = [i for offer in offers_at(model, "runtime", self.at) for i in offer.ids]
            return preferred_id(ids, self.target.region) or model.id
        return model.id

    def _known(self, model: Model, written: str, raw: str, api: str | None, *, id_checked: bool = False) -> list[Problem]:
        endpoint = self.target.endpoint
        offers = offers_at(model, endpoint, self.at)
        if not offers:
            return [self._not_here(model, raw)]
        problems: list[Problem] = []
        offer = offer_for(model, endpoint, self.at, written)
        if offer is None and not id_checked:
            problem, offer = self._wrong_id(model, written, raw, offers)
            problems.append(problem)
        if offer is None:
            offer = offers[0]
        if not in_region(offer, self.target.region):
            problems.append(self._region_problem(model, self.target.region, "region", {}))
        if api in API_NAMES and api not in offer.apis:
            problems.append(self._api(model, offer, api, raw))
        return problems

    def _not_here(self, model: Model, raw: str) -> Problem:
        endpoint = self.target.endpoint
        other = "runtime" if endpoint == "mantle" else "mantle"
        elsewhere = offers_at(model, other, self.at)  # type: ignore[arg-type]  # `other` is mantle or runtime, an Endpoint
        if elsewhere:
            ids = ", ".join(f"`{i}`" for o in elsewhere for i in (o.ids or [model.id]))
            return self._say(EngineCapability.MODEL_ENDPOINT, "other_endpoint", raw=raw, endpoint=endpoint,
                             date=self._date(), other=other, ids=ids)  # fmt: skip
        later = [o for o in model.offers if o.since > self.at and o.decides]
        if later:
            first = min(later, key=lambda o: o.since)
            return self._say(EngineCapability.MODEL_AVAILABILITY, "later", raw=raw, date=self._date(),
                             endpoint=first.endpoint, since=first.since.isoformat(), source=self._cite(first))  # fmt: skip
        if first_offer(model) is None:
            sources = "; ".join(sorted({self._cite(o) for o in model.offers}))
            return self._say(EngineCapability.MODEL_AVAILABILITY, "unconfirmed", raw=raw, sources=sources)
        return self._unknown(raw)

    def _wrong_id(self, model: Model, written: str, raw: str, offers: list[Offer]) -> tuple[Problem, Offer | None]:
        endpoint = self.target.endpoint
        prefix, _ = self._profile(written)
        if endpoint == "runtime":
            profiles = [o for o in offers if o.profiles_only]
            if profiles:
                ids = [i for o in profiles for i in o.ids]
                best = preferred_id(ids, self.target.region) or ids[0]
                profile = EngineCapability.RUNTIME_PROFILE_ID
                if prefix is None:
                    others = [i for i in dict.fromkeys(ids) if i != best]
                    alternatives = self._text(profile, "alternatives", ids=_list(others)) if others else ""
                    problem = self._say(profile, "bare_id", raw=raw, date=self._date(), suggested=best, alternatives=alternatives)
                else:
                    problem = self._say(profile, "not_a_profile", raw=raw, ids=_list(list(dict.fromkeys(ids))))
                return problem, _offer_with(profiles, best)
            ids = [i for o in offers for i in (o.ids or [model.id])]
            return self._say(EngineCapability.MODEL_ID, "not_runtime_id", raw=raw, suggested=ids[0]), offers[0]
        variant = "profile_on_mantle" if prefix is not None else "runtime_id_on_mantle"
        return self._say(EngineCapability.MODEL_ID, variant, raw=raw, suggested=model.id), offer_for(model, "mantle", self.at, model.id)

    def _region_problem(self, model: Model, region: str, variant: str, fields: dict[str, object]) -> Problem:
        """`model` is not offered in `region` on the target's endpoint: where it is, from when it
        will be there, and a source that disagrees."""
        cap = EngineCapability.REGION_AVAILABILITY
        regions = sorted({r for o in offers_at(model, self.target.endpoint, self.at) for r in o.regions})
        later = self._later_region(model, region)
        when = "" if later is None else self._text(cap, "later", since=later.since.isoformat(), source=self._cite(later))
        return self._say(cap, variant, model=model.id, region=region, endpoint=self.target.endpoint,
                         regions=", ".join(regions) or "no Region", later=when,
                         disputed=self._disputed_region(model, region), **fields)  # fmt: skip

    def _disputed_region(self, model: Model, region: str) -> str:
        """A sentence when a source the matrix overrules lists `region` for the model on the
        target's endpoint by the as-of date ("" otherwise): the verdict stands, the doubt is told."""
        for o in model.offers:
            if (o.overruled_by and o.endpoint == self.target.endpoint and o.since <= self.at
                    and in_region(o, region) and (o.until is None or self.at < o.until)):  # fmt: skip
                decider = self.matrix.source(o.overruled_by)
                return self._text(EngineCapability.REGION_AVAILABILITY, "disputed", confidence=o.confidence,
                                  source=self._cite(o), since=o.since.isoformat(), region=region,
                                  decider=decider.title if decider else o.overruled_by)  # fmt: skip
        return ""

    def _later_region(self, model: Model, region: str) -> Offer | None:
        later = [o for o in model.offers if o.endpoint == self.target.endpoint and o.since > self.at
                 and o.decides and in_region(o, region)]  # fmt: skip
        return min(later, key=lambda o: o.since) if later else None

    def _api(self, model: Model, offer: Offer, api: str, raw: str) -> Problem:
        cap = EngineCapability.MODEL_ENDPOINT
        served = " and ".join(API_NAMES.get(a, a) for a in offer.apis)
        later = [o for o in model.offers if o.endpoint == self.target.endpoint and o.since > self.at
                 and o.decides and api in o.apis]  # fmt: skip
        when = ""
        if later:
            first = min(later, key=lambda o: o.since)
            when = self._text(cap, "later", since=first.since.isoformat(), source=self._cite(first))
        return self._say(cap, "api", model=model.id, api=API_NAMES[api], endpoint=self.target.endpoint,
                         date=self._date(), served=served, later=when)  # fmt: skip

    def offered_in(self, raw: str, region: str) -> bool:
        """Whether the model `raw` names is offered in `region` on the target's endpoint and date."""
        model = self._find(self.strip(raw))
        return model is not None and any(in_region(o, region) for o in offers_at(model, self.target.endpoint, self.at))

    # ------------------------------------------------------------ code

    def region_problems(self, region: str, where: str | None) -> list[Problem]:
        """A Region named in code or config (`BedrockOpenAI(aws_region=...)`, AWS_REGION)."""
        model = self._find(self.strip(self.target.model))
        if model is None:
            return []
        offers = offers_at(model, self.target.endpoint, self.at)
        if not offers or any(in_region(o, region) for o in offers):
            return []
        return [self._region_problem(model, region, "code_region", {"where": where or "the configuration"})]

    def base_path_problems(self, path: str, model_id: str | None = None) -> list[Problem]:
        """A Mantle base URL whose path does not serve the model (`/v1` for the GPT models)."""
        written = self.strip(model_id or self.target.model)
        # An OpenAI id (`gpt-5.5`) is sent as the model it names (its own finding says to rename it).
        model = self._find(written) or self._openai_ids.get(written) or self._openai_ids.get(_undated(written))
        if model is None or self.target.endpoint != "mantle":
            return []
        offer = offer_for(model, "mantle", self.at, model.id)
        wanted = offer.base_path if offer else None
        if wanted is None or path.rstrip("/") == wanted:
            return []
        return [self._say(EngineCapability.MANTLE_BASE_PATH, "path", path=path, model=model.id, date=self._date(), wanted=wanted)]


def _offer_with(offers: list[Offer], model_id: str) -> Offer | None:
    return next((o for o in offers if model_id in o.ids), None)


def _list(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_VENDOR = re.compile(r"^([a-z][a-z0-9]*)\.[a-z]")


def _other_vendor(model_id: str) -> bool:
    """`anthropic.claude-3-5-haiku-…`, `amazon.nova-pro-v1:0`: a Bedrock id of a vendor other than OpenAI."""
    m = _VENDOR.match(model_id)
    return m is not None and m.group(1) != "openai"


def _undated(model: str) -> str:
    return _DATED.sub("", model)


__all__ = ["API_NAMES", "Problem", "TargetChecks"]
