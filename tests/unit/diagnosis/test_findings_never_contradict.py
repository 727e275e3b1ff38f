"""SleepLab's findings cannot contradict each other: per domain exactly one band fires, and
the reason given for it is the text of that band."""

from __future__ import annotations

from collections import Counter

from diagnosis_strategies import Person, people
from hypothesis import given

from sleeplab_core.diagnosis import RuleKind, evaluate
from sleeplab_core.sleeplab.bot import sleeplab_ruleset

SLEEPLAB = sleeplab_ruleset()
RULES = {rule.id: rule for rule in (*SLEEPLAB.rules, SLEEPLAB.default)}

EXPECTED_REASONS = {
    # finding code -> (the band name in the environment, band -> the reasons it may give)
    "insomnia": (
        "band.isi",
        {
            "subthreshold": {"diagnosis.insomnia.subthreshold"},
            "moderate": {"diagnosis.insomnia.chronic", "diagnosis.insomnia.clinical"},
            "severe": {"diagnosis.insomnia.chronic", "diagnosis.insomnia.clinical"},
        },
    ),
    "daytime_sleepiness": (
        "band.ess",
        {band: {f"diagnosis.daytime_sleepiness.{band}"} for band in ("mild", "moderate", "severe")},
    ),
    "low_mood": (
        "answer.stress_low_mood",
        {
            "more_than_half": {"diagnosis.low_mood.often"},
            "nearly_every_day": {"diagnosis.low_mood.frequent"},
        },
    ),
    "apnea_risk": (
        "band.stop_bang",
        {band: {f"diagnosis.apnea_risk.{band}"} for band in ("intermediate", "high")},
    ),
}


def shown_findings(person: Person) -> list[tuple[str, str]]:
    """(code, rule id) of every fired rule the report explains, red flags aside."""
    diagnosis = evaluate(SLEEPLAB, person.env())
    return [
        (fired.code, fired.rule_id)
        for fired in diagnosis.fired
        if fired.hidden_by is None and RULES[fired.rule_id].kind is not RuleKind.RED_FLAG
    ]


@given(person=people())
def test_no_domain_ever_yields_two_bands(person: Person) -> None:
    counts = Counter(code for code, _ in shown_findings(person))

    assert all(count == 1 for count in counts.values()), counts


@given(person=people())
def test_every_finding_is_explained_by_the_text_of_its_own_band(person: Person) -> None:
    env = person.env()
    for code, rule_id in shown_findings(person):
        if code not in EXPECTED_REASONS:
            continue
        band_name, reasons = EXPECTED_REASONS[code]
        band = env[band_name]
        assert band in reasons, f"{code} found in band {band}"
        assert RULES[rule_id].explanation in reasons[str(band)]


def test_an_insomnia_index_of_16_is_clinically_significant_and_nothing_else() -> None:
    person = Person({"isi": [3, 3, 2, 2, 2, 2, 2]}, {}, {"age": 40, "gender": "male"})

    assert shown_findings(person) == [("insomnia", "insomnia_clinical")]


def test_a_sleepiness_score_of_24_is_severe_only() -> None:
    person = Person({"ess": [3] * 8}, {}, {"age": 40, "gender": "female"})

    assert shown_findings(person) == [("daytime_sleepiness", "sleepiness_severe")]


def test_low_mood_nearly_every_day_is_a_finding_with_a_referral() -> None:
    person = Person({}, {"stress_low_mood": "nearly_every_day"}, {"age": 30, "gender": "male"})

    diagnosis = evaluate(SLEEPLAB, person.env())

    (low_mood,) = [o for o in diagnosis.outcomes if o.code == "low_mood"]
    assert low_mood.refer
