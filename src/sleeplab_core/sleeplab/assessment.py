"""From finished levels to scores and a diagnosis: the part of SleepLab that is pure logic.

Answers and instrument inputs of every completed paid level are merged (question ids are
unique across the questionnaire), each instrument whose inputs are complete is scored, and the
rule set turns scores, answers and profile into explained outcomes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from sleeplab_core.diagnosis import Diagnosis, RuleSet, build_env, evaluate
from sleeplab_core.questionnaires.runs import QuestionnaireRun
from sleeplab_core.scoring import INSTRUMENTS, InstrumentScore, InvalidItem, score

log = logging.getLogger(__name__)


@attrs.frozen
class Assessment:
    """The scores that could be computed, the ones that could not (and why), the diagnosis."""

    scores: Mapping[str, InstrumentScore]
    unscored: Mapping[str, str]
    diagnosis: Diagnosis


def merged_results(runs: Iterable[QuestionnaireRun]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(answers, instrument inputs) of the runs, later runs overriding earlier ones."""
    answers: dict[str, Any] = {}
    inputs: dict[str, dict[str, Any]] = {}
    for run in runs:
        answers.update(run.result.get("answers", {}))
        for instrument_id, items in run.result.get("inputs", {}).items():
            inputs.setdefault(instrument_id, {}).update(items)
    return answers, inputs


def assess(
    runs: Iterable[QuestionnaireRun], profile: Mapping[str, object], ruleset: RuleSet
) -> Assessment:
    """Score what the runs allow and evaluate the rule set over it."""
    answers, inputs = merged_results(runs)
    scores: dict[str, InstrumentScore] = {}
    unscored: dict[str, str] = {}
    for instrument_id in INSTRUMENTS:
        if instrument_id not in inputs:
            continue
        try:
            scores[instrument_id] = score(instrument_id, inputs[instrument_id])
        except InvalidItem as error:
            # e.g. more hours asleep than in bed: the answers contradict each other
            log.info("instrument %s not scored: %s", instrument_id, error.item)
            unscored[instrument_id] = error.item
    env = build_env(scores, answers=answers, profile=dict(profile))
    return Assessment(scores, unscored, evaluate(ruleset, env))
