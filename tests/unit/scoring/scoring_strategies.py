"""Hypothesis strategies producing valid answers for each scoring instrument."""

from __future__ import annotations

from hypothesis import strategies as st

isi_answers = st.lists(st.integers(0, 4), min_size=7, max_size=7)
ess_answers = st.lists(st.integers(0, 3), min_size=8, max_size=8)
promis_answers = st.lists(st.integers(1, 5), min_size=8, max_size=8)
rmeq_answers = st.tuples(
    st.integers(1, 5),
    st.integers(1, 4),
    st.integers(1, 5),
    st.integers(1, 5),
    st.sampled_from([0, 2, 4, 6]),
).map(list)

stop_bang_answers = st.fixed_dictionaries(
    {
        "snoring": st.booleans(),
        "tired": st.booleans(),
        "observed": st.booleans(),
        "pressure": st.booleans(),
        "bmi": st.floats(15, 60, allow_nan=False).map(lambda bmi: round(bmi, 1)),
        "age": st.integers(18, 95),
        "neck_cm": st.floats(30, 55, allow_nan=False).map(lambda neck: round(neck, 1)),
        "sex": st.sampled_from(["male", "female"]),
    }
)

_clock_times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
_frequency = st.integers(0, 3)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@st.composite
def psqi_answers(draw: st.DrawFn) -> dict[str, object]:
    bedtime = draw(_clock_times)
    rise_time = draw(_clock_times.filter(lambda t: t != bedtime))
    in_bed_quarters = ((_minutes(rise_time) - _minutes(bedtime)) % 1440) // 15
    answers: dict[str, object] = {
        "bedtime": bedtime,
        "rise_time": rise_time,
        "latency_min": draw(st.integers(0, 180)),
        # whole quarter hours that fit in bed, so efficiency never exceeds 100 %
        "sleep_hours": draw(st.integers(0, in_bed_quarters)) / 4,
    }
    for item in ("q5a", *(f"q5{c}" for c in "bcdefghi")):
        answers[item] = draw(_frequency)
    if draw(st.booleans()):
        answers["q5j"] = draw(_frequency)
    for item in ("quality", "medication", "stay_awake", "enthusiasm"):
        answers[item] = draw(_frequency)
    return answers


ANSWERS_BY_INSTRUMENT = {
    "isi": isi_answers,
    "ess": ess_answers,
    "stop_bang": stop_bang_answers,
    "psqi": psqi_answers(),
    "rmeq": rmeq_answers,
    "promis_sleep_disturbance_8a": promis_answers,
}
