"""Target checks: the model id a request or the target names, and the Region code names,
against the matrix's models. Every answer comes from the matrix's model entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedrock_check.matrix import Matrix, Model, Target, effective_status


@dataclass(frozen=True, slots=True)
class Problem:
    """One target-check finding before it is placed: which capability, how severe, and why."""

    capability: str
    severity: str
    status: str
    message: str


class TargetChecks:
    """Model and Region checks for one matrix and target; answers are cached per model id."""

    def __init__(self, matrix: Matrix, target: Target) -> None:
        self.matrix = matrix
        self.target = target
        self._cache: dict[str, list[Problem]] = {}
        self._models: dict[str, Model] = {}
        self._openai_ids: dict[str, Model] = {}
        for model in matrix.models:
            for mid in (model.id, *model.aliases):
                self._models[mid] = model
            if model.openai_id:
                self._openai_ids[model.openai_id] = model

    def _problem(self, cap_id: str, message: str, status: str | None = None) -> Problem:
        cap = self.matrix.capability(cap_id)
        return Problem(cap_id, "error", status or effective_status(cap, self.target)[0], message)

    def strip(self, model: str) -> str:
        """The model id without a gateway prefix (`bedrock/`) or an inference-profile prefix (`us.`)."""
        for prefix in self.matrix.gateway_prefixes:
            if model.startswith(prefix):
                model = model[len(prefix) :]
                break
        head, _, rest = model.partition(".")
        if rest and head in self.matrix.inference_profile_prefixes:
            model = rest
        return model

    def model_problems(self, raw: str, api: str | None = None) -> list[Problem]:
        """What is wrong with sending `raw` as the model id to the target."""
        # Traffic repeats a handful of model ids: answer each once per engine.
        cached = self._cache.get(raw)
        if cached is None:
            cached = self._cache[raw] = self._model_problems(raw)
            if len(self._cache) > 10_000:
                self._cache.clear()
        return cached

    def _model_problems(self, raw: str) -> list[Problem]:
        model = self.strip(raw)
        region = self.target.region
        known = self._models.get(model)
        if known is None:
            openai_match = self._openai_ids.get(model) or self._openai_ids.get(_undated(model))
            if openai_match is not None:
                problems = [
                    self._problem("model-id", f"`{raw}` is the OpenAI model id; on Bedrock call it `{openai_match.id}`.")
                ]
                if region not in openai_match.regions:
                    problems.append(
                        self._problem("region-availability", region_message(openai_match.id, region, openai_match.regions))
                    )
                return problems
            offered = ", ".join(sorted({m.id for m in self.matrix.models}))
            return [
                self._problem(
                    "model-availability",
                    f"`{raw}` is not offered on Bedrock as of {self.matrix.as_of.isoformat()} (offered: {offered}).",
                )
            ]
        if region not in known.regions:
            return [self._problem("region-availability", region_message(known.id, region, known.regions))]
        return []

    def region_problems(self, region: str, where: str | None) -> list[Problem]:
        """A Region named in code or config (`BedrockOpenAI(aws_region=...)`, AWS_REGION)."""
        model = self._models.get(self.strip(self.target.model))
        if model is None or region in model.regions:
            return []
        message = f"{where or 'the configuration'} sends requests to {region}; {region_message(model.id, region, model.regions)}"
        return [Problem("region-availability", "error", "not_available", message)]


_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def _undated(model: str) -> str:
    return _DATED.sub("", model)


def region_message(model: str, region: str, regions: list[str]) -> str:
    """`model` is not offered in `region`, and where it is."""
    where = ", ".join(regions) or "no Region"
    return f"`{model}` is not offered in {region}; it is offered in {where}."
