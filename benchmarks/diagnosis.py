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
from sleeplab_core.diagnosis import build_env, builtin_ruleset, evaluate
from sleeplab_core.scoring import score

Env = Mapping[str, object]
DURATIONS = ("under_1_month", "1_to_3_months", "3_months_or_more")
HABITS = ("late_caffeine", "screens_in_bed", "alcohol_before_bed", "irregular_schedule")


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
        }
        profile = {"age": rng.randint(14, 80), "gender": rng.choice(["female", "male"])}
        envs.append(build_env(_scores(rng), answers, profile))  # type: ignore[arg-type]
    return envs


# --- the same rules, by hand ---------------------------------------------------------------


def hand_written(env: Env) -> tuple[str, ...]:
    """SleepLab's rules as plain Python: codes in the order the engine sorts them."""
    get = env.get
    red: list[str] = []
    found: dict[str, tuple[int, int]] = {}  # code -> (severity rank, rule order)

    def add(code: str, severity: int, order: int) -> None:
        if code not in found or severity > found[code][0]:
            found[code] = (severity, order)

    ess, isi = get("score.ess.total"), get("score.isi.total")
    driving = get("answer.drowsy_driving") is True
    if get("band.stop_bang") == "high" and driving:
        red.append("urgent_apnea_drowsy_driving")
    if isinstance(ess, int) and ess >= 16 and driving:
        red.append("urgent_sleepiness_driving")
    if get("band.stop_bang") == "high":
        add("apnea_risk", 4, 0)
    elif get("band.stop_bang") == "intermediate":
        add("apnea_risk", 3, 1)
    if isinstance(isi, int):
        chronic = (
            isinstance(get("answer.insomnia_nights_per_week"), int)
            and get("answer.insomnia_nights_per_week") >= 3  # type: ignore[operator]
            and get("answer.insomnia_duration") == "3_months_or_more"
        )
        if isi >= 22 and chronic:
            add("insomnia", 4, 2)
        elif isi >= 15:
            add("insomnia", 3, 3)
        elif isi >= 8:
            add("insomnia", 2, 5)
    if isinstance(ess, int) and ess >= 11:
        add("daytime_sleepiness", 4 if ess >= 16 else 3 if ess >= 13 else 2, 6)
    if _insufficient_sleep(env):
        add("insufficient_sleep", 3, 9)
    psqi_poor = get("band.psqi") == "poor"
    if psqi_poor or get("score.psqi.c1") == 3:
        add("poor_sleep_quality", 2, 10)
    habits = any(get(f"answer.{habit}") is True for habit in HABITS)
    if habits and (psqi_poor or (isinstance(isi, int) and isi >= 8)):
        add("sleep_hygiene", 2, 11)
    rmeq = get("band.rmeq")
    if rmeq in ("definitely_evening", "moderately_evening"):
        add("circadian_evening", 1, 12)
    elif rmeq in ("moderately_morning", "definitely_morning"):
        add("circadian_morning", 1, 13)
    if all(severity <= 1 for severity, _ in found.values()) and not red:
        add("no_problem", 1, 99)
    ranked = sorted(found, key=lambda code: (-found[code][0], found[code][1]))
    return (*red, *ranked)


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

    ruleset = builtin_ruleset("sleeplab")
    envs = population(args.n)
    mismatches = [env for env in envs if evaluate(ruleset, env).codes != hand_written(env)]
    if mismatches:
        raise SystemExit(f"the hand-written rules disagree on {len(mismatches)} environments")
    load_started = time.perf_counter()
    for _ in range(20):
        builtin_ruleset("sleeplab")
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
