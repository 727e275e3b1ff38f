"""Properties of the engine and of SleepLab's rule set (hypothesis)."""

import random

from diagnosis_rulesets import rule, ruleset_text
from diagnosis_strategies import Person, envs_for, people, worsenings
from hypothesis import given, settings
from hypothesis import strategies as st

from sleeplab_core.diagnosis import (
    Diagnosis,
    RuleKind,
    RuleSet,
    evaluate,
    parse_ruleset,
)
from sleeplab_core.scoring import instrument
from sleeplab_core.sleeplab.bot import sleeplab_ruleset

SLEEPLAB = sleeplab_ruleset()

# A rule set built to stress the engine: an exclusive group, merged codes, info outcomes and
# a red flag at the lowest priority whose condition overlaps the exclusive rule's.
STRESS_RULES = (
    rule(
        "flag",
        "answer.driving and score.ess.total >= 11",
        kind="red_flag",
        severity="urgent",
        refer=True,
        priority=-5,
    ),
    rule(
        "sleepy",
        "score.ess.total >= 11",
        code="sleepiness",
        severity="moderate",
        group="day",
        exclusive=True,
        priority=10,
    ),
    rule("tired", "score.ess.total >= 6", code="tiredness", group="day", priority=5),
    rule("bad", "score.isi.total >= 22", code="insomnia", severity="severe", refer=True),
    rule("meh", "score.isi.total >= 8", code="insomnia"),
    rule("curious", "answer.nights = 0 or band.isi = 'none'", severity="info"),
)
STRESS = parse_ruleset(ruleset_text(*STRESS_RULES))


def red_flags_holding(ruleset: RuleSet, env: dict[str, object]) -> set[str]:
    return {
        r.code
        for r in ruleset.rules
        if r.kind is RuleKind.RED_FLAG and r.when is not None and r.when.holds(env)
    }


def finding_severities(diagnosis: Diagnosis) -> dict[str, int]:
    return {o.code: o.severity.rank for o in diagnosis.outcomes if o.code != "no_problem"}


@given(env=envs_for(STRESS))
def test_every_environment_gets_at_least_one_outcome(env: dict[str, object]) -> None:
    assert evaluate(STRESS, env).outcomes


@given(env=envs_for(SLEEPLAB))
def test_sleeplab_gives_every_environment_an_outcome(env: dict[str, object]) -> None:
    assert evaluate(SLEEPLAB, env).outcomes


@given(person=people())
def test_sleeplab_gives_every_completed_level_an_outcome(person: Person) -> None:
    assert evaluate(SLEEPLAB, person.env()).outcomes


@given(env=envs_for(STRESS), seed=st.integers())
def test_evaluation_is_deterministic_whatever_the_order_of_rules_and_names(
    env: dict[str, object], seed: int
) -> None:
    shuffled_rules = list(STRESS_RULES)
    random.Random(seed).shuffle(shuffled_rules)
    reordered = parse_ruleset(ruleset_text(*shuffled_rules))
    reversed_env = dict(reversed(list(env.items())))

    first = evaluate(STRESS, env)

    assert evaluate(STRESS, env) == first
    assert evaluate(reordered, reversed_env) == first


@given(env=envs_for(STRESS))
def test_red_flags_always_surface_first_in_the_stress_rule_set(env: dict[str, object]) -> None:
    holding = red_flags_holding(STRESS, env)

    diagnosis = evaluate(STRESS, env)

    leading = diagnosis.codes[: len(holding)]
    assert set(leading) == holding
    assert all(o.red_flag for o in diagnosis.outcomes[: len(holding)])
    assert diagnosis.urgent == bool(holding)


@given(env=envs_for(SLEEPLAB))
def test_red_flags_always_surface_first_in_sleeplab(env: dict[str, object]) -> None:
    holding = red_flags_holding(SLEEPLAB, env)

    diagnosis = evaluate(SLEEPLAB, env)

    assert set(diagnosis.codes[: len(holding)]) == holding
    assert diagnosis.urgent == bool(holding)


@given(person=people())
def test_high_apnea_risk_with_drowsy_driving_is_always_urgent(person: Person) -> None:
    env = person.env()
    red = env.get("band.stop_bang") == "high" and env.get("answer.drowsy_driving") is True

    diagnosis = evaluate(SLEEPLAB, env)

    assert ("urgent_apnea_drowsy_driving" in diagnosis.codes) == red
    if red:
        assert diagnosis.outcomes[0].red_flag


@settings(max_examples=150)
@given(person=people())
def test_worsening_any_input_never_lowers_a_band_nor_removes_a_finding_or_referral(
    person: Person,
) -> None:
    before_env = person.env()
    before = evaluate(SLEEPLAB, before_env)

    for worse in worsenings(person):
        after_env = worse.env()
        after = evaluate(SLEEPLAB, after_env)

        for iid in ("isi", "ess", "stop_bang", "psqi"):
            if f"band.{iid}" in before_env:
                rank = instrument(iid).band_names.index
                assert rank(after_env[f"band.{iid}"]) >= rank(before_env[f"band.{iid}"])
        assert {o.code for o in before.referrals} <= {o.code for o in after.referrals}
        assert {o.code for o in before.outcomes if o.red_flag} <= set(after.codes)
        worse_findings = finding_severities(after)
        for code, severity in finding_severities(before).items():
            assert worse_findings.get(code, -1) >= severity, (code, worse)
        top = max(o.severity.rank for o in after.outcomes)
        assert top >= max(o.severity.rank for o in before.outcomes)
