"""Evaluation: order, red flags, exclusivity, merging, the default and the explanations."""

import pytest
from diagnosis_rulesets import rule, ruleset_text

from sleeplab_core.diagnosis import (
    InvalidEnvironment,
    Severity,
    build_env,
    evaluate,
    parse_ruleset,
)
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.scoring import score

RED_FLAG = rule(
    "drowsy_driving",
    "answer.driving = true",
    kind="red_flag",
    severity="urgent",
    refer=True,
    priority=-100,  # even at the lowest priority a red flag comes first
    documents=["see_doctor"],
)
SLEEPY = rule(
    "sleepy",
    "score.ess.total >= 11",
    code="sleepiness",
    severity="moderate",
    group="day",
    exclusive=True,
    priority=10,
    params={"ess": "score.ess.total"},
    documents=["sleepiness"],
)
TIRED = rule("tired", "score.ess.total >= 6", code="tiredness", group="day", priority=5)
INSOMNIA_SEVERE = rule(
    "insomnia_severe",
    "score.isi.total >= 22",
    code="insomnia",
    severity="severe",
    refer=True,
    documents=["insomnia_severe"],
)
INSOMNIA_MILD = rule(
    "insomnia_mild",
    "score.isi.total >= 8",
    code="insomnia",
    severity="mild",
    documents=["insomnia", "insomnia_severe"],
)
INFO = rule("curious", "answer.nights = 0", severity="info")
RULES = parse_ruleset(ruleset_text(RED_FLAG, SLEEPY, TIRED, INSOMNIA_SEVERE, INSOMNIA_MILD, INFO))


def test_nothing_fired_gives_the_default_outcome() -> None:
    diagnosis = evaluate(RULES, {})

    assert diagnosis.codes == ("no_problem",)
    assert [fired.rule_id for fired in diagnosis.fired] == ["fine"]
    assert (diagnosis.ruleset_id, diagnosis.ruleset_version) == ("test", "7")


def test_an_info_outcome_keeps_the_default() -> None:
    diagnosis = evaluate(RULES, {"answer.nights": 0})

    assert set(diagnosis.codes) == {"curious", "no_problem"}


def test_a_mild_outcome_replaces_the_default() -> None:
    assert evaluate(RULES, {"score.isi.total": 8}).codes == ("insomnia",)


def test_a_red_flag_comes_first_whatever_its_priority() -> None:
    diagnosis = evaluate(RULES, {"answer.driving": True, "score.isi.total": 25})

    assert diagnosis.codes == ("drowsy_driving", "insomnia")
    assert diagnosis.urgent
    assert diagnosis.outcomes[0].red_flag


def test_an_exclusive_rule_hides_later_rules_of_its_group_but_lists_them() -> None:
    diagnosis = evaluate(RULES, {"score.ess.total": 12})

    assert diagnosis.codes == ("sleepiness",)
    hidden = {fired.rule_id: fired.hidden_by for fired in diagnosis.fired}
    assert hidden == {"sleepy": None, "tired": "sleepy"}


def test_a_group_rule_shows_when_the_exclusive_rule_does_not_fire() -> None:
    assert evaluate(RULES, {"score.ess.total": 7}).codes == ("tiredness",)


def test_rules_with_one_code_merge_into_the_most_severe_outcome() -> None:
    diagnosis = evaluate(RULES, {"score.isi.total": 23})

    [outcome] = diagnosis.outcomes
    assert (outcome.code, outcome.severity, outcome.rule_id) == (
        "insomnia",
        Severity.SEVERE,
        "insomnia_severe",
    )
    assert outcome.refer
    assert outcome.documents == ("insomnia_severe", "insomnia")


def test_outcomes_are_sorted_by_severity() -> None:
    diagnosis = evaluate(RULES, {"score.isi.total": 23, "score.ess.total": 20})

    assert diagnosis.codes == ("insomnia", "sleepiness")


def test_fired_rules_explain_the_condition_and_the_values_read() -> None:
    diagnosis = evaluate(RULES, {"score.ess.total": 14, "score.isi.total": 3})

    fired = diagnosis.fired[0]
    assert fired.condition == "score.ess.total >= 11"
    assert fired.values == {"score.ess.total": 14}
    assert fired.reason == Message("diagnosis.sleepy.explanation", {"ess": 14})


def test_outcome_texts_are_message_keys_with_params() -> None:
    [outcome] = evaluate(RULES, {"score.ess.total": 14}).outcomes

    assert outcome.title == Message("diagnosis.sleepiness.title")
    assert outcome.explanation == Message("diagnosis.sleepy.explanation", {"ess": 14})


def test_diagnosis_lists_documents_and_referrals_without_repeats() -> None:
    diagnosis = evaluate(RULES, {"answer.driving": True, "score.isi.total": 25})

    assert diagnosis.documents == ("see_doctor", "insomnia_severe", "insomnia")
    assert [o.code for o in diagnosis.referrals] == ["drowsy_driving", "insomnia"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("score.isi.total", 29),
        ("score.isi.total", "8"),
        ("band.isi", "awful"),
        ("answer.driving", 1),
        ("answer.nights", True),
    ],
)
def test_a_value_outside_its_declared_domain_is_refused(name: str, value: object) -> None:
    with pytest.raises(InvalidEnvironment) as error:
        evaluate(RULES, {name: value})

    assert error.value.name == name


def test_undeclared_names_and_unanswered_names_are_accepted() -> None:
    diagnosis = evaluate(RULES, {"answer.unused": object(), "score.isi.total": None})

    assert diagnosis.codes == ("no_problem",)


def test_build_env_flattens_scores_answers_and_profile() -> None:
    scores = {
        "isi": score("isi", [1, 1, 1, 1, 1, 1, 1]),
        "promis_sleep_disturbance_8a": score("promis_sleep_disturbance_8a", [3] * 8),
    }

    env = build_env(scores, {"driving": True}, {"age": 40})

    assert env == {
        "score.isi.total": 7,
        "band.isi": "none",
        "score.promis_sleep_disturbance_8a.total": 24,
        "answer.driving": True,
        "profile.age": 40,
    }


def test_build_env_includes_components_and_makes_exact_numbers_floats() -> None:
    from decimal import Decimal

    psqi = score(
        "psqi",
        {
            "bedtime": "23:00",
            "rise_time": "07:00",
            "latency_min": 10,
            "sleep_hours": 7,
            **{f"q5{c}": 0 for c in "abcdefghi"},
            "quality": 1,
            "medication": 0,
            "stay_awake": 0,
            "enthusiasm": 0,
        },
    )

    env = build_env({"psqi": psqi}, {"hours": Decimal("6.5")})

    assert env["score.psqi.c1"] == 1
    assert env["score.psqi.c3"] == 1
    assert env["answer.hours"] == 6.5
    assert isinstance(env["answer.hours"], float)
