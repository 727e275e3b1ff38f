"""The benchmarks still run against the current content: their scripted inputs are valid and
their baselines compute what the project computes. Correctness only, nothing is timed here
(the figures come from ``benchmarks/run_all.py``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(autouse=True)
def _benchmarks_importable() -> Iterator[None]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_the_hand_written_diagnosis_gives_the_rule_sets_diagnosis() -> None:
    from diagnosis import hand_written_diagnosis, population
    from sleeplab_core.diagnosis import evaluate
    from sleeplab_core.sleeplab.bot import sleeplab_ruleset

    ruleset = sleeplab_ruleset()
    hand = hand_written_diagnosis(ruleset)
    envs = population(300)
    differing = [n for n, env in enumerate(envs) if evaluate(ruleset, env) != hand(env)]
    assert differing == []
    # The population exercises every rule, so a rule the baseline misses shows up above.
    fired = {record.rule_id for env in envs for record in evaluate(ruleset, env).fired}
    assert {rule.id for rule in ruleset.rules} <= fired


def test_run_all_builds_its_diagnosis_and_step_metrics() -> None:
    import run_all

    # Each builder checks its inputs before returning a measure: the diagnosis builder stops
    # when the baseline disagrees with the engine, the step builder when the scripted L0 walk
    # is refused by the questionnaire engine.
    assert callable(run_all.diagnosis_metric())
    assert callable(run_all.step_metric(1))


def test_the_scripted_l0_walk_answers_every_question_to_the_end() -> None:
    from questionnaire_steps import PROFILE, l0_script
    from sleeplab_core.questionnaires import (
        Accepted,
        QuestionnaireLibrary,
        current_question,
        start_run,
        submit,
    )
    from sleeplab_core.sleeplab.bot import content_dir

    definition = QuestionnaireLibrary.from_directory(content_dir()).latest("sleeplab")
    state = start_run(definition, "L0")
    script = l0_script()
    assert "sleep_length" in [question_id for question_id, _, _ in script]
    for question_id, raw, _ in script:
        question = current_question(definition, state, PROFILE)
        assert question is not None
        assert question.id == question_id
        outcome = submit(definition, state, PROFILE, [raw] if question.type == "multiple" else raw)
        assert isinstance(outcome, Accepted), (question_id, raw, outcome)
        state = outcome.state
    assert current_question(definition, state, PROFILE) is None
