"""The mood check's questionnaire and rules, over every answer path (the testing kit)."""

from __future__ import annotations

from hypothesis import given, settings

from mood_screener import CONTENT
from sleeplab_core.botkit import load_screener
from sleeplab_core.botkit.screener import rule_env
from sleeplab_core.questionnaires import RunState, result_environment
from sleeplab_core.testing import (
    answer_paths,
    check_deterministic,
    check_red_flags_first,
    check_total,
)

SCREENER = load_screener("mood", CONTENT)
PATHS = answer_paths(SCREENER.questionnaire, SCREENER.level)


def env_of(state: RunState) -> dict[str, object]:
    return rule_env(result_environment(SCREENER.questionnaire, state, {}))


@settings(max_examples=200)
@given(PATHS)
def test_every_path_gets_a_result_and_the_all_clear_stands_alone(state: RunState) -> None:
    diagnosis = check_total(SCREENER.rules, env_of(state))
    check_red_flags_first(diagnosis)
    check_deterministic(SCREENER.rules, env_of(state))
    if "all_clear" in diagnosis.codes:
        assert diagnosis.codes == ("all_clear",)


@settings(max_examples=200)
@given(PATHS)
def test_a_finding_appears_exactly_from_a_total_of_three(state: RunState) -> None:
    env = env_of(state)
    codes = check_total(SCREENER.rules, env).codes
    assert ("low_mood" in codes) == (int(env["scale.phq2"]) >= 3)  # type: ignore[call-overload]
    assert ("anxiety" in codes) == (int(env["scale.gad2"]) >= 3)  # type: ignore[call-overload]
