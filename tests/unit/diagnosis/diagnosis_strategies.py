"""Hypothesis strategies for SleepLab people: instrument answers, own answers, profile.

A :class:`Person` is the raw input of a completed level; :func:`worsenings` lists every
single-step change that can only make the person's sleep problems worse.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

from sleeplab_core.diagnosis import RuleSet, build_env
from sleeplab_core.scoring import score

# The instrument answer strategies live with the scoring tests; this makes them importable
# when the diagnosis tests run on their own. (They belong in a shared tests/strategies.py.)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))
from scoring_strategies import ANSWERS_BY_INSTRUMENT

INSTRUMENTS = ("isi", "ess", "stop_bang", "psqi", "rmeq")
HYGIENE = ("late_caffeine", "screens_in_bed", "alcohol_before_bed", "irregular_schedule")
DURATIONS = ("under_1_month", "1_to_3_months", "3_months_or_more")
CHOICES = {  # L2's stress block and the women's and men's blocks
    "stress_level": ("little", "moderate", "high", "very_high"),
    "stress_racing_thoughts": ("rarely", "sometimes", "often", "almost_every_night"),
    "stress_low_mood": ("rarely", "some_days", "more_than_half", "nearly_every_day"),
    "women_hot_flushes": ("none", "one_two_nights", "three_plus_nights"),
    "women_cycle_sleep": ("no", "sometimes", "usually"),
    "women_restless_legs": ("no", "sometimes", "most_nights"),
    "women_heavy_periods": ("yes", "no", "not_sure"),
    "men_night_urination": ("none", "once", "twice", "three_plus"),
}


@attrs.frozen
class Person:
    instruments: Mapping[str, Any]
    answers: Mapping[str, object]
    profile: Mapping[str, object]

    def env(self) -> dict[str, object]:
        scores = {iid: score(iid, answers) for iid, answers in self.instruments.items()}
        return build_env(scores, self.answers, self.profile)


_half_hours = st.integers(0, 28).map(lambda halves: halves / 2)

own_answers = st.fixed_dictionaries(
    {
        "drowsy_driving": st.booleans(),
        "insomnia_nights_per_week": st.integers(0, 7),
        "insomnia_duration": st.sampled_from(DURATIONS),
        "workday_sleep_hours": _half_hours,
        "free_day_sleep_hours": _half_hours,
        **{habit: st.booleans() for habit in HYGIENE},
        **{name: st.sampled_from(values) for name, values in CHOICES.items()},
    }
)
profiles = st.fixed_dictionaries(
    {"age": st.integers(12, 100), "gender": st.sampled_from(["female", "male"])}
)


@st.composite
def people(draw: st.DrawFn) -> Person:
    """Any subset of the instruments (a level may not include all) and of the answers."""
    taken = draw(st.sets(st.sampled_from(INSTRUMENTS)))
    instruments = {iid: draw(ANSWERS_BY_INSTRUMENT[iid]) for iid in sorted(taken)}
    answers = draw(own_answers)
    kept = draw(st.sets(st.sampled_from(sorted(answers))))
    return Person(instruments, {k: v for k, v in answers.items() if k in kept}, draw(profiles))


def _with(mapping: Mapping[str, Any], **changes: object) -> dict[str, Any]:
    return {**mapping, **changes}


def _raised_items(values: list[int], high: int) -> Iterator[list[int]]:
    for index, value in enumerate(values):
        if value < high:
            yield [*values[:index], value + 1, *values[index + 1 :]]


def _worse_stop_bang(answers: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for item in ("snoring", "tired", "observed", "pressure"):
        if not answers[item]:
            yield _with(answers, **{item: True})
    yield _with(answers, bmi=answers["bmi"] + 1, neck_cm=answers["neck_cm"] + 1)
    yield _with(answers, age=answers["age"] + 1)


def _worse_psqi(answers: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for item in (
        "q5a",
        *(f"q5{c}" for c in "bcdefghij"),
        "quality",
        "medication",
        "stay_awake",
        "enthusiasm",
    ):
        if answers.get(item, 0) < 3:
            yield _with(answers, **{item: answers.get(item, 0) + 1})
    yield _with(answers, latency_min=answers["latency_min"] + 15)
    if answers["sleep_hours"] >= 0.25:
        yield _with(answers, sleep_hours=answers["sleep_hours"] - 0.25)


def _worse_instrument(iid: str, answers: Any) -> Iterator[Any]:
    if iid == "isi":
        yield from _raised_items(answers, 4)
    elif iid == "ess":
        yield from _raised_items(answers, 3)
    elif iid == "stop_bang":
        yield from _worse_stop_bang(answers)
    elif iid == "psqi":
        yield from _worse_psqi(answers)
    # rMEQ measures a chronotype, not a severity: nothing about it is "worse"


def _worse_answers(answers: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for flag in ("drowsy_driving", *HYGIENE):
        if answers.get(flag) is False:
            yield _with(answers, **{flag: True})
    if answers.get("insomnia_nights_per_week", 7) < 7:
        yield _with(answers, insomnia_nights_per_week=answers["insomnia_nights_per_week"] + 1)
    duration = answers.get("insomnia_duration")
    if duration in DURATIONS[:-1]:
        yield _with(answers, insomnia_duration=DURATIONS[DURATIONS.index(duration) + 1])
    if answers.get("workday_sleep_hours", 0) >= 0.5:
        yield _with(answers, workday_sleep_hours=answers["workday_sleep_hours"] - 0.5)


def worsenings(person: Person) -> Iterator[Person]:
    """Every person one step worse than ``person`` in one severity-increasing input."""
    for iid, answers in person.instruments.items():
        for worse in _worse_instrument(iid, answers):
            yield attrs.evolve(person, instruments=_with(person.instruments, **{iid: worse}))
    for worse in _worse_answers(person.answers):
        yield attrs.evolve(person, answers=worse)


def envs_for(ruleset: RuleSet) -> st.SearchStrategy[dict[str, object]]:
    """Any environment the rule set accepts: each declared name unset or in its domain."""
    return st.fixed_dictionaries(
        {},
        optional={name: st.sampled_from(domain.values()) for name, domain in ruleset.names.items()},
    )
