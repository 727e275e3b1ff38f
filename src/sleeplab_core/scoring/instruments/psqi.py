"""Pittsburgh Sleep Quality Index (Buysse et al., 1989): seven components, global 0-21.

Cut-offs follow the published scoring instructions; where implementations disagree
(efficiency rounding, the 6 h and 7 h duration boundaries) docs/scoring.md says which
reading is used here and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from sleeplab_core.scoring.errors import InvalidItem
from sleeplab_core.scoring.items import (
    as_mapping,
    exact_number,
    int_in_range,
    minutes_after_midnight,
    required,
)
from sleeplab_core.scoring.model import Band, Instrument, InstrumentScore, band_for

ID = "psqi"
DISTURBANCE_ITEMS = tuple(f"q5{letter}" for letter in "bcdefghij")
FREQUENCY_ITEMS = ("q5a", *DISTURBANCE_ITEMS, "quality", "medication", "stay_awake", "enthusiasm")
OPTIONAL_ITEMS = frozenset({"q5j"})  # "other reasons": rated only when the person names one
ITEMS = ("bedtime", "rise_time", "latency_min", "sleep_hours", *FREQUENCY_ITEMS)
COMPONENTS = ("c1", "c2", "c3", "c4", "c5", "c6", "c7")
BANDS = (Band("good", 0, 5), Band("poor", 6, 21))
MINUTES_PER_DAY = 24 * 60


def _frequency(answers: Mapping[str, object], item: str) -> int:
    if item in OPTIONAL_ITEMS and answers.get(item) is None:
        return 0
    return int_in_range(ID, item, required(ID, answers, item), 0, 3)


def _number(answers: Mapping[str, object], item: str, high: int) -> Fraction:
    return exact_number(ID, item, required(ID, answers, item), 0, high)


def time_in_bed_minutes(answers: Mapping[str, object]) -> int:
    """Minutes from bedtime to rise time; a rise time earlier on the clock is the next day."""
    bedtime = minutes_after_midnight(ID, "bedtime", required(ID, answers, "bedtime"))
    rise_time = minutes_after_midnight(ID, "rise_time", required(ID, answers, "rise_time"))
    minutes = (rise_time - bedtime) % MINUTES_PER_DAY
    if minutes == 0:
        raise InvalidItem(instrument=ID, item="rise_time", reason="rise time equals bedtime")
    return minutes


def _latency_points(minutes: Fraction) -> int:
    return 0 if minutes <= 15 else 1 if minutes <= 30 else 2 if minutes <= 60 else 3


def _pair_sum_points(total: int) -> int:
    """0 -> 0, 1-2 -> 1, 3-4 -> 2, 5-6 -> 3 (components 2 and 7)."""
    return (total + 1) // 2


def _duration_points(hours: Fraction) -> int:
    return 0 if hours > 7 else 1 if hours >= 6 else 2 if hours >= 5 else 3


def _efficiency_points(efficiency: Fraction) -> int:
    percent = efficiency * 100
    return 0 if percent >= 85 else 1 if percent >= 75 else 2 if percent >= 65 else 3


def _disturbance_points(total: int) -> int:
    return 0 if total == 0 else 1 if total <= 9 else 2 if total <= 18 else 3


def _efficiency(sleep_hours: Fraction, in_bed_minutes: int) -> Fraction:
    efficiency = sleep_hours * 60 / in_bed_minutes
    if efficiency > 1:
        raise InvalidItem(
            instrument=ID,
            item="sleep_hours",
            reason="hours of sleep exceed the time in bed (efficiency above 100 %)",
        )
    return efficiency


def score_psqi(answers: object) -> InstrumentScore:
    given = as_mapping(ID, answers, ITEMS)
    freq = {item: _frequency(given, item) for item in FREQUENCY_ITEMS}
    in_bed = time_in_bed_minutes(given)
    latency = _number(given, "latency_min", MINUTES_PER_DAY)
    sleep_hours = _number(given, "sleep_hours", 24)
    efficiency = _efficiency(sleep_hours, in_bed)
    components = {
        "c1": freq["quality"],
        "c2": _pair_sum_points(_latency_points(latency) + freq["q5a"]),
        "c3": _duration_points(sleep_hours),
        "c4": _efficiency_points(efficiency),
        "c5": _disturbance_points(sum(freq[item] for item in DISTURBANCE_ITEMS)),
        "c6": freq["medication"],
        "c7": _pair_sum_points(freq["stay_awake"] + freq["enthusiasm"]),
    }
    total = sum(components.values())
    details = {"time_in_bed_min": in_bed, "efficiency": efficiency}
    return InstrumentScore(ID, total, band_for(BANDS, total), components, details)


INSTRUMENT = Instrument(
    ID, 0, 21, BANDS, score_psqi, components=COMPONENTS, details=("time_in_bed_min", "efficiency")
)
