"""Diagnosis throughput: the SleepLab rule set against the same rules written in Python.

Builds a fixed, seeded population of environments (scores, answers, profile), then times
``evaluate(ruleset, env)`` and a hand-written function of the same rules over that population
in the same run, and prints both rates and their ratio. The hand-written function is checked
to give the same codes as the rule set on every environment before anything is timed.

Then renders the typical report of ``benchmarks/report_pdf.py`` with ``FpdfReportRenderer``
``--pdf-runs`` times per locale and prints the median and 95th percentile.

Run: ``python benchmarks/diagnosis.py [-n 2000] [--repeat 5] [--pdf-runs 20]``.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Mapping, Sequence

from report_pdf import report_pdf_lines
from sleeplab_core.diagnosis import build_env, evaluate
from sleeplab_core.diagnosis.model import Diagnosis, FiredRule, Outcome, Rule, RuleKind, RuleSet
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.scoring import score
from sleeplab_core.sleeplab.bot import sleeplab_ruleset

Env = Mapping[str, object]
DURATIONS = ("under_1_month", "1_to_3_months", "3_months_or_more")
HABITS = ("late_caffeine", "screens_in_bed", "alcohol_before_bed", "irregular_schedule")
SLEEPINESS = {
    "severe": "sleepiness_severe",
    "moderate": "sleepiness_moderate",
    "mild": "sleepiness_mild",
}
# L2 questions (stress and mood, the women's and men's blocks): a choice each, or unanswered.
CHOICES = {
    "stress_level": ("little", "moderate", "high", "very_high"),
    "stress_racing_thoughts": ("rarely", "sometimes", "often", "almost_every_night"),
    "stress_low_mood": ("rarely", "some_days", "more_than_half", "nearly_every_day"),
    "women_hot_flushes": ("none", "one_two_nights", "three_plus_nights"),
    "women_cycle_sleep": ("no", "sometimes", "usually"),
    "women_sleep_change": (
        "after_childbirth",
        "around_menopause",
        "other_change",
        "no_link",
        "not_sure",
    ),
    "women_restless_legs": ("no", "sometimes", "most_nights"),
    "women_heavy_periods": ("yes", "no", "not_sure"),
    "men_night_urination": ("none", "once", "twice", "three_plus"),
    "men_evening_medicines": ("yes", "no", "not_sure"),
}


# --- a population of environments --------------------------------------------------------


def _psqi_answers(rng: random.Random) -> dict[str, object]:
    in_bed_hours = rng.randint(5, 10)
    answers: dict[str, object] = {
        "bedtime": f"{rng.randint(21, 23):02d}:{rng.choice([0, 15, 30, 45]):02d}",
        "latency_min": rng.randint(0, 90),
        "sleep_hours": rng.randint(0, in_bed_hours * 2) / 2,
        **{f"q5{c}": rng.randint(0, 3) for c in "abcdefghi"},
        **{item: rng.randint(0, 3) for item in ("quality", "medication", "stay_awake")},
        "enthusiasm": rng.randint(0, 3),
    }
    bed_hour, bed_minute = map(int, str(answers["bedtime"]).split(":"))
    answers["rise_time"] = f"{(bed_hour + in_bed_hours) % 24:02d}:{bed_minute:02d}"
    return answers


def _scores(rng: random.Random) -> dict[str, object]:
    return {
        "isi": score("isi", [rng.randint(0, 4) for _ in range(7)]),
        "ess": score("ess", [rng.randint(0, 3) for _ in range(8)]),
        "stop_bang": score(
            "stop_bang",
            {
                **{item: rng.random() < 0.4 for item in ("snoring", "tired", "observed")},
                "pressure": rng.random() < 0.3,
                "bmi": round(rng.uniform(18, 42), 1),
                "age": rng.randint(18, 80),
                "neck_cm": round(rng.uniform(32, 48), 1),
                "sex": rng.choice(["female", "male"]),
            },
        ),
        "psqi": score("psqi", _psqi_answers(rng)),
        "rmeq": score(
            "rmeq",
            [
                rng.randint(1, 5),
                rng.randint(1, 4),
                rng.randint(1, 5),
                rng.randint(1, 5),
                rng.choice([0, 2, 4, 6]),
            ],
        ),
    }


def population(size: int, seed: int = 2026) -> list[dict[str, object]]:
    rng = random.Random(seed)
    envs = []
    for _ in range(size):
        answers = {
            "drowsy_driving": rng.random() < 0.1,
            "insomnia_nights_per_week": rng.randint(0, 7),
            "insomnia_duration": rng.choice(DURATIONS),
            "workday_sleep_hours": rng.randint(8, 18) / 2,
            "free_day_sleep_hours": rng.randint(10, 22) / 2,
            **{habit: rng.random() < 0.3 for habit in HABITS},
            **{
                question: rng.choice(options) if rng.random() < 0.5 else None
                for question, options in CHOICES.items()
            },
        }
        profile = {"age": rng.randint(14, 80), "gender": rng.choice(["female", "male"])}
        envs.append(build_env(_scores(rng), answers, profile))  # type: ignore[arg-type]
    return envs


# --- the same rules, by hand ---------------------------------------------------------------
# The baseline builds the same ``Diagnosis`` as the engine (fired rules with the values they
# read, outcomes with their explanation parameters, merged per code, sorted), with the
# conditions written as Python. It takes the rules' texts and documents from the loaded rule
# set (constants, not logic) and, unlike the engine, does not check the environment's
# domains: it does strictly less work than the engine.


def _hand_conditions(env: Env) -> list[str]:
    """Ids of the rules whose conditions hold, in the rule set's evaluation order."""
    get = env.get
    fired: list[str] = []
    band_sb, ess, isi = get("band.stop_bang"), get("score.ess.total"), get("score.isi.total")
    driving = get("answer.drowsy_driving") is True
    if band_sb == "high" and driving:
        fired.append("red_flag_apnea_drowsy_driving")
    if _int(ess) and ess >= 16 and driving:  # type: ignore[operator]
        fired.append("red_flag_severe_sleepiness_driving")
    if band_sb == "high":
        fired.append("apnea_risk_high")
    if band_sb == "intermediate":
        fired.append("apnea_risk_intermediate")
    band_isi = get("band.isi")
    if band_isi is not None:
        nights = get("answer.insomnia_nights_per_week")
        long_enough = get("answer.insomnia_duration") == DURATIONS[2]
        chronic = _int(nights) and nights >= 3 and long_enough  # type: ignore[operator]
        if band_isi == "severe" and chronic:
            fired.append("insomnia_chronic_severe")
        if band_isi == "moderate" and chronic:
            fired.append("insomnia_chronic")
        if band_isi in ("moderate", "severe") and not chronic:
            fired.append("insomnia_clinical")
        if band_isi == "subthreshold":
            fired.append("insomnia_subthreshold")
    band_ess = get("band.ess")
    if band_ess in SLEEPINESS:
        fired.append(SLEEPINESS[band_ess])
    mood = get("answer.stress_low_mood")
    if mood == "nearly_every_day":
        fired.append("low_mood_frequent")
    if mood == "more_than_half":
        fired.append("low_mood_often")
    if get("answer.stress_level") in ("high", "very_high") or get(
        "answer.stress_racing_thoughts"
    ) in ("often", "almost_every_night"):
        fired.append("stress_keeps_awake")
    if _insufficient_sleep(env):
        fired.append("insufficient_sleep")
    gender = get("profile.gender")
    if gender == "female" and (
        get("answer.women_hot_flushes") in ("one_two_nights", "three_plus_nights")
        or get("answer.women_sleep_change") in ("after_childbirth", "around_menopause")
        or get("answer.women_cycle_sleep") == "usually"
    ):
        fired.append("hormonal_sleep_change")
    legs = get("answer.women_restless_legs")
    if legs == "most_nights" or (
        legs == "sometimes" and get("answer.women_heavy_periods") == "yes"
    ):
        fired.append("restless_legs_signs")
    if gender == "male" and get("answer.men_night_urination") in ("twice", "three_plus"):
        fired.append("night_urination_men")
    psqi_poor = get("band.psqi") == "poor"
    if psqi_poor or get("score.psqi.c1") == 3:
        fired.append("poor_sleep_quality")
    habits = any(get(f"answer.{habit}") is True for habit in HABITS)
    if habits and (psqi_poor or (_int(isi) and isi >= 8)):  # type: ignore[operator]
        fired.append("poor_sleep_hygiene")
    rmeq = get("band.rmeq")
    if rmeq in ("definitely_evening", "moderately_evening"):
        fired.append("circadian_evening")
    if rmeq in ("moderately_morning", "definitely_morning"):
        fired.append("circadian_morning")
    return fired


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _insufficient_sleep(env: Env) -> bool:
    work, free, age = (
        env.get("answer.workday_sleep_hours"),
        env.get("answer.free_day_sleep_hours"),
        env.get("profile.age"),
    )
    if not isinstance(work, int | float) or not isinstance(free, int | float):
        return False
    short = work < 7 or (isinstance(age, int) and age < 18 and work < 8)
    return short and free - work >= 1.5


def hand_written_diagnosis(ruleset: RuleSet) -> Callable[[Env], Diagnosis]:
    """A function building the same ``Diagnosis`` as ``evaluate(ruleset, env)``."""
    rules = {rule.id: rule for rule in ruleset.rules}
    order = {rule.id: index for index, rule in enumerate(ruleset.rules)}
    default = ruleset.default

    def explanation(rule: Rule, env: Env) -> Message:
        return Message(rule.explanation, {k: env.get(n) for k, n in rule.params.items()})

    def outcome(rule: Rule, reason: Message, documents: tuple[str, ...], refer: bool) -> Outcome:
        return Outcome(
            code=rule.code,
            severity=rule.severity,
            title=Message(rule.title),
            explanation=reason,
            rule_id=rule.id,
            documents=documents,
            refer=refer,
            red_flag=rule.kind is RuleKind.RED_FLAG,
        )

    def fired_rule(rule: Rule, env: Env, reason: Message) -> FiredRule:
        return FiredRule(
            rule_id=rule.id,
            condition=rule.condition,
            values={name: env.get(name) for name in rule.reads},
            code=rule.code,
            reason=reason,
        )

    def diagnose(env: Env) -> Diagnosis:
        fired = [rules[rule_id] for rule_id in _hand_conditions(env)]
        # Each fired rule's explanation is built once and shared, as the engine does.
        reasons = {rule.id: explanation(rule, env) for rule in fired}
        by_code: dict[str, list[Rule]] = {}
        for rule in fired:
            by_code.setdefault(rule.code, []).append(rule)
        outcomes = []
        for group in by_code.values():
            first = max(group, key=lambda rule: rule.severity.rank)
            ranked = [first, *(rule for rule in group if rule is not first)]
            documents = tuple(dict.fromkeys(doc for rule in ranked for doc in rule.documents))
            refer = any(r.refer for r in group)
            outcomes.append(outcome(first, reasons[first.id], documents, refer))
        records = [fired_rule(rule, env, reasons[rule.id]) for rule in fired]
        if all(o.severity.rank <= default.severity.rank for o in outcomes):
            records.append(fired_rule(default, env))
            outcomes.append(outcome(default, env, default.documents, default.refer))
        last = len(order)
        outcomes.sort(key=lambda o: (not o.red_flag, -o.severity.rank, order.get(o.rule_id, last)))
        return Diagnosis(ruleset.id, ruleset.version, tuple(outcomes), tuple(records))

    return diagnose


# --- timing --------------------------------------------------------------------------------


def rate(run: Callable[[Env], object], envs: Sequence[Env], repeat: int) -> float:
    """The best of ``repeat`` passes over ``envs``, in evaluations per second."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for env in envs:
            run(env)
        best = min(best, time.perf_counter() - started)
    return len(envs) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="environments in the population")
    parser.add_argument("--repeat", type=int, default=5, help="passes; the best one counts")
    parser.add_argument(
        "--pdf-runs", type=int, default=20, help="report PDF renders per locale (0: skip)"
    )
    args = parser.parse_args()

    ruleset = sleeplab_ruleset()
    envs = population(args.n)
    hand_written = hand_written_diagnosis(ruleset)
    mismatches = [env for env in envs if evaluate(ruleset, env) != hand_written(env)]
    if mismatches:
        raise SystemExit(f"the hand-written rules disagree on {len(mismatches)} environments")
    load_started = time.perf_counter()
    for _ in range(20):
        sleeplab_ruleset()
    load_ms = (time.perf_counter() - load_started) / 20 * 1000

    engine = rate(lambda env: evaluate(ruleset, env), envs, args.repeat)
    python = rate(hand_written, envs, args.repeat)
    urgent = sum(evaluate(ruleset, env).urgent for env in envs)
    print(f"population: {len(envs)} environments ({urgent} with a red flag), seed 2026")
    print(f"rule set load + static validation: {load_ms:8.1f} ms")
    print(f"rule set evaluate():      {engine:12,.0f} evaluations/s")
    print(f"hand-written Python:      {python:12,.0f} evaluations/s")
    print(f"ratio (hand / rule set):  {python / engine:12.1f} x")

    # --- report PDF generation time ------------------------------------------------------
    # The typical report of benchmarks/report_pdf.py, rendered by FpdfReportRenderer in
    # this same run: the whole result step is the rules above plus this PDF.
    if args.pdf_runs > 0:
        for line in report_pdf_lines(args.pdf_runs):
            print(line)


if __name__ == "__main__":
    main()
