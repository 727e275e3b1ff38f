"""SleepLab's rule set on typical people: each required outcome, and what it refers to."""

from typing import Any

import pytest

from sleeplab_core.diagnosis import Severity, build_env, evaluate
from sleeplab_core.scoring import score
from sleeplab_core.sleeplab.bot import sleeplab_ruleset

SLEEPLAB = sleeplab_ruleset()

CALM_PSQI: dict[str, Any] = {
    "bedtime": "23:00",
    "rise_time": "07:00",
    "latency_min": 10,
    "sleep_hours": 7.5,
    **{f"q5{c}": 0 for c in "abcdefghi"},
    "quality": 0,
    "medication": 0,
    "stay_awake": 0,
    "enthusiasm": 0,
}
LOW_RISK = {
    "snoring": False,
    "tired": False,
    "observed": False,
    "pressure": False,
    "bmi": 23.0,
    "age": 35,
    "neck_cm": 34.0,
    "sex": "female",
}
HEALTHY: dict[str, Any] = {
    "isi": [0, 1, 0, 1, 0, 0, 1],
    "ess": [1, 0, 1, 0, 1, 0, 1, 0],
    "stop_bang": LOW_RISK,
    "psqi": CALM_PSQI,
    "rmeq": [3, 2, 3, 3, 2],  # 13: neither type
}
HEALTHY_ANSWERS: dict[str, object] = {
    "drowsy_driving": False,
    "insomnia_nights_per_week": 0,
    "insomnia_duration": "under_1_month",
    "workday_sleep_hours": 7.5,
    "free_day_sleep_hours": 8.0,
    "late_caffeine": False,
    "screens_in_bed": False,
    "alcohol_before_bed": False,
    "irregular_schedule": False,
}


def diagnose(instruments: dict[str, Any] | None = None, **answers: object) -> tuple[str, ...]:
    given = {**HEALTHY, **(instruments or {})}
    scores = {iid: score(iid, items) for iid, items in given.items()}
    env = build_env(scores, {**HEALTHY_ANSWERS, **answers}, {"age": 35, "gender": "female"})
    return evaluate(SLEEPLAB, env).codes


def test_a_healthy_person_has_no_significant_problem() -> None:
    assert diagnose() == ("no_problem",)


def test_chronic_insomnia_needs_a_clinical_isi_three_nights_and_three_months() -> None:
    isi = {"isi": [3, 3, 3, 2, 2, 2, 2]}  # 17

    diagnosis = evaluate(
        SLEEPLAB,
        build_env(
            {"isi": score("isi", isi["isi"])},
            {"insomnia_nights_per_week": 4, "insomnia_duration": "3_months_or_more"},
        ),
    )

    [outcome] = diagnosis.outcomes
    assert (outcome.code, outcome.severity) == ("insomnia", Severity.MODERATE)
    assert outcome.explanation.key == "diagnosis.insomnia.chronic"
    assert outcome.explanation.params == {"isi": 17}


def test_insomnia_symptoms_for_a_month_are_not_called_chronic() -> None:
    env = build_env(
        {"isi": score("isi", [3, 3, 3, 2, 2, 2, 2])},
        {"insomnia_nights_per_week": 4, "insomnia_duration": "1_to_3_months"},
    )

    [outcome] = evaluate(SLEEPLAB, env).outcomes

    assert outcome.explanation.key == "diagnosis.insomnia.clinical"


def test_insufficient_sleep_is_short_workday_sleep_caught_up_on_free_days() -> None:
    assert diagnose(workday_sleep_hours=6.0, free_day_sleep_hours=8.5) == ("insufficient_sleep",)


def test_short_sleep_without_catching_up_is_not_called_insufficient_sleep() -> None:
    assert diagnose(workday_sleep_hours=6.0, free_day_sleep_hours=6.5) == ("no_problem",)


def test_a_teenager_needs_eight_hours() -> None:
    scores = {iid: score(iid, items) for iid, items in HEALTHY.items()}
    answers = {**HEALTHY_ANSWERS, "workday_sleep_hours": 7.5, "free_day_sleep_hours": 9.5}

    teen = evaluate(SLEEPLAB, build_env(scores, answers, {"age": 16}))
    adult = evaluate(SLEEPLAB, build_env(scores, answers, {"age": 30}))

    assert (teen.codes, adult.codes) == (("insufficient_sleep",), ("no_problem",))


def ess_totalling(total: int) -> list[int]:
    return [min(3, max(0, total - 3 * n)) for n in range(8)]


@pytest.mark.parametrize(
    ("total", "severity", "refer"),
    [
        (10, None, False),
        (11, Severity.MILD, False),
        (12, Severity.MILD, False),
        (13, Severity.MODERATE, False),
        (15, Severity.MODERATE, False),
        (16, Severity.SEVERE, True),
        (24, Severity.SEVERE, True),
    ],
)
def test_daytime_sleepiness_follows_the_epworth_bands(
    total: int, severity: Severity | None, refer: bool
) -> None:
    env = build_env({"ess": score("ess", ess_totalling(total))})

    outcomes = {o.code: o for o in evaluate(SLEEPLAB, env).outcomes}

    found = outcomes.get("daytime_sleepiness")
    assert (found and found.severity, bool(found and found.refer)) == (severity, refer)


def test_an_epworth_score_of_ten_is_not_excessive_sleepiness() -> None:
    assert diagnose({"ess": [2, 2, 2, 2, 1, 1, 0, 0]}) == ("no_problem",)


def test_high_stop_bang_refers_to_a_doctor() -> None:
    risky = {**LOW_RISK, "snoring": True, "tired": True, "sex": "male"}  # 3, upgraded to high

    scores = {"stop_bang": score("stop_bang", risky)}
    [outcome] = evaluate(SLEEPLAB, build_env(scores)).outcomes

    assert (outcome.code, outcome.severity, outcome.refer) == ("apnea_risk", Severity.SEVERE, True)
    assert outcome.documents == ("apnea_risk",)


def test_intermediate_stop_bang_is_reported_without_referral() -> None:
    middle = {**LOW_RISK, "snoring": True, "age": 60, "bmi": 36.0}  # 3, not upgraded

    [outcome] = evaluate(SLEEPLAB, build_env({"stop_bang": score("stop_bang", middle)})).outcomes

    assert (outcome.code, outcome.severity, outcome.refer) == (
        "apnea_risk",
        Severity.MODERATE,
        False,
    )


def test_high_apnea_risk_and_drowsy_driving_is_urgent_and_first() -> None:
    risky = {**LOW_RISK, "snoring": True, "tired": True, "observed": True, "sex": "male"}

    codes = diagnose({"stop_bang": risky}, drowsy_driving=True)

    assert codes == ("urgent_apnea_drowsy_driving", "apnea_risk")


def test_severe_sleepiness_and_drowsy_driving_is_urgent() -> None:
    codes = diagnose({"ess": [3, 3, 3, 3, 2, 2, 0, 0]}, drowsy_driving=True)

    assert codes == ("urgent_sleepiness_driving", "daytime_sleepiness")


@pytest.mark.parametrize(
    ("rmeq", "code"),
    [([1, 1, 1, 1, 0], "circadian_evening"), ([5, 4, 5, 5, 6], "circadian_morning")],
)
def test_a_chronotype_is_reported_alongside_no_significant_problem(
    rmeq: list[int], code: str
) -> None:
    assert diagnose({"rmeq": rmeq}) == (code, "no_problem")


def test_poor_habits_with_sleep_complaints_are_poor_sleep_hygiene() -> None:
    codes = diagnose({"isi": [2, 2, 1, 1, 1, 1, 1]}, screens_in_bed=True)  # ISI 9

    assert set(codes) == {"insomnia", "sleep_hygiene"}


def test_poor_habits_without_complaints_are_not_flagged() -> None:
    assert diagnose(screens_in_bed=True, late_caffeine=True) == ("no_problem",)


def test_a_poor_psqi_is_poor_sleep_quality() -> None:
    poor = {**CALM_PSQI, "quality": 2, "medication": 2, "stay_awake": 2, "enthusiasm": 2}

    assert diagnose({"psqi": poor}) == ("poor_sleep_quality",)


def test_a_first_level_without_psqi_or_rmeq_still_gets_an_outcome() -> None:
    scores = {iid: score(iid, HEALTHY[iid]) for iid in ("isi", "ess", "stop_bang")}

    assert evaluate(SLEEPLAB, build_env(scores, {"drowsy_driving": False})).codes == ("no_problem",)
