"""Checkers for rule sets, for property tests over any environments a strategy draws."""

from __future__ import annotations

from collections.abc import Mapping

from sleeplab_core.diagnosis import Diagnosis, RuleSet, evaluate


def check_total(ruleset: RuleSet, env: Mapping[str, object]) -> Diagnosis:
    """Every environment gets a diagnosis with at least one outcome, without an error."""
    diagnosis = evaluate(ruleset, env)
    assert diagnosis.outcomes, f"{ruleset.id}: no outcome for {dict(env)}"
    return diagnosis


def check_deterministic(ruleset: RuleSet, env: Mapping[str, object]) -> None:
    """The same environment, in any key order, gives the same diagnosis."""
    forward = evaluate(ruleset, dict(env))
    backward = evaluate(ruleset, dict(reversed(list(env.items()))))
    assert forward == backward, f"{ruleset.id}: key order changed the diagnosis"


def check_red_flags_first(diagnosis: Diagnosis) -> None:
    """Red flags come before every other outcome and are never hidden."""
    flags = [outcome.red_flag for outcome in diagnosis.outcomes]
    assert flags == sorted(flags, reverse=True), f"a red flag follows another outcome: {flags}"


def highest_severity(diagnosis: Diagnosis) -> int:
    return max(outcome.severity.rank for outcome in diagnosis.outcomes)


def check_monotone(
    ruleset: RuleSet, lower: Mapping[str, object], higher: Mapping[str, object]
) -> None:
    """``higher`` (the same answers with a worse score) is never judged less severe."""
    low, high = evaluate(ruleset, lower), evaluate(ruleset, higher)
    assert highest_severity(high) >= highest_severity(low), (
        f"{ruleset.id}: a worse environment lowered the severity ({low.codes} → {high.codes})"
    )
