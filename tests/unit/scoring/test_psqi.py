from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from scoring_strategies import psqi_answers

from sleeplab_core.scoring import InvalidItem, MissingItem, score

GOOD_SLEEPER: dict[str, object] = {
    "bedtime": "23:00",
    "rise_time": "07:00",
    "latency_min": 10,
    "sleep_hours": 7.5,
    **{f"q5{letter}": 0 for letter in "abcdefghij"},
    "quality": 0,
    "medication": 0,
    "stay_awake": 0,
    "enthusiasm": 0,
}


def psqi(**changes: object) -> dict[str, object]:
    return {**GOOD_SLEEPER, **changes}


def component(name: str, **changes: object) -> int:
    return score("psqi", psqi(**changes)).components[name]


def test_psqi_good_sleeper_scores_zero_on_every_component() -> None:
    result = score("psqi", GOOD_SLEEPER)

    assert result.components == dict.fromkeys(["c1", "c2", "c3", "c4", "c5", "c6", "c7"], 0)
    assert (result.total, result.band) == (0, "good")


@pytest.mark.parametrize("quality", [0, 1, 2, 3])
def test_psqi_c1_is_subjective_quality(quality: int) -> None:
    assert component("c1", quality=quality) == quality


@pytest.mark.parametrize("medication", [0, 1, 2, 3])
def test_psqi_c6_is_medication_use(medication: int) -> None:
    assert component("c6", medication=medication) == medication


@pytest.mark.parametrize(
    ("latency", "q5a", "expected"),
    [
        (15, 0, 0),
        (15.5, 0, 1),  # past 15 minutes scores 1 even between whole minutes
        (16, 0, 1),
        (30, 1, 1),
        (31, 0, 1),
        (31, 1, 2),
        (60, 2, 2),
        (61, 0, 2),
        (61, 1, 2),
        (61, 2, 3),
        (120, 3, 3),
        (0, 3, 2),
    ],
)
def test_psqi_c2_latency_cutoffs(latency: float, q5a: int, expected: int) -> None:
    assert component("c2", latency_min=latency, q5a=q5a) == expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(7.01, 0), (7, 1), (6.5, 1), (6, 1), (5.99, 2), (5, 2), (4.99, 3), (0, 3)],
)
def test_psqi_c3_duration_cutoffs(hours: float, expected: int) -> None:
    assert component("c3", bedtime="20:00", rise_time="08:00", sleep_hours=hours) == expected


@pytest.mark.parametrize(
    ("sleep_hours", "expected"),
    [
        # 10 hours in bed: efficiency equals hours × 10 %
        (Fraction(85, 10), 0),
        (Fraction(8499, 1000), 1),
        (7.5, 1),
        (Decimal("7.499"), 2),
        (6.5, 2),
        (6.4999, 3),
        (10, 0),
    ],
)
def test_psqi_c4_efficiency_cutoffs_use_the_exact_ratio(sleep_hours: object, expected: int) -> None:
    assert component("c4", bedtime="22:00", rise_time="08:00", sleep_hours=sleep_hours) == expected


def test_psqi_c4_does_not_round_84_point_6_percent_up() -> None:
    # 8.46 h of 10 h in bed is 84.6 %: rounding to whole percent would give 85 % (score 0)
    assert component("c4", bedtime="22:00", rise_time="08:00", sleep_hours=8.46) == 1


def test_psqi_efficiency_is_an_exact_fraction_in_details() -> None:
    result = score("psqi", psqi(bedtime="23:30", rise_time="06:30", sleep_hours=6))

    assert result.details["efficiency"] == Fraction(6, 7)
    assert result.details["time_in_bed_min"] == 7 * 60


@pytest.mark.parametrize(
    ("disturbance_sum", "expected"), [(0, 0), (1, 1), (9, 1), (10, 2), (18, 2), (19, 3), (27, 3)]
)
def test_psqi_c5_disturbance_cutoffs(disturbance_sum: int, expected: int) -> None:
    items = {
        f"q5{letter}": min(3, max(0, disturbance_sum - 3 * n))
        for n, letter in enumerate("bcdefghij")
    }
    assert sum(items.values()) == disturbance_sum

    assert component("c5", **items) == expected


def test_psqi_missing_q5j_counts_zero() -> None:
    answers = psqi(q5b=1)
    del answers["q5j"]

    assert score("psqi", answers).components["c5"] == 1


def test_psqi_q5j_of_none_counts_zero() -> None:
    assert component("c5", q5j=None) == 0


@pytest.mark.parametrize(
    ("stay_awake", "enthusiasm", "expected"),
    [(0, 0, 0), (1, 0, 1), (1, 1, 1), (2, 1, 2), (2, 2, 2), (3, 2, 3), (3, 3, 3)],
)
def test_psqi_c7_daytime_dysfunction_cutoffs(
    stay_awake: int, enthusiasm: int, expected: int
) -> None:
    assert component("c7", stay_awake=stay_awake, enthusiasm=enthusiasm) == expected


@pytest.mark.parametrize(("quality", "band"), [(3, "good"), (4, "poor")])
def test_psqi_band_boundary_between_5_and_6(quality: int, band: str) -> None:
    # c1 = 3 plus c6 = 2 (total 5), or c1 = 3 plus c6 = 3 (total 6)
    result = score("psqi", psqi(quality=3, medication=quality - 1))

    assert (result.total, result.band) == (quality + 2, band)


def test_psqi_time_in_bed_wraps_midnight() -> None:
    result = score("psqi", psqi(bedtime="22:30", rise_time="06:00"))

    assert result.details["time_in_bed_min"] == 7 * 60 + 30


def test_psqi_time_in_bed_without_crossing_midnight() -> None:
    result = score("psqi", psqi(bedtime="01:15", rise_time="09:15", sleep_hours=8))

    assert result.details["time_in_bed_min"] == 8 * 60


def test_psqi_bedtime_equal_to_rise_time_is_an_error() -> None:
    with pytest.raises(InvalidItem) as error:
        score("psqi", psqi(bedtime="23:00", rise_time="23:00"))

    assert error.value.item == "rise_time"


def test_psqi_efficiency_above_100_percent_is_an_error() -> None:
    with pytest.raises(InvalidItem) as error:
        score("psqi", psqi(bedtime="23:00", rise_time="06:00", sleep_hours=7.25))

    assert error.value.item == "sleep_hours"
    assert "100" in error.value.reason


def test_psqi_efficiency_of_exactly_100_percent_is_allowed() -> None:
    result = score("psqi", psqi(bedtime="23:00", rise_time="06:00", sleep_hours=7))

    assert result.details["efficiency"] == 1


@pytest.mark.parametrize(
    "item",
    [
        "bedtime",
        "rise_time",
        "latency_min",
        "sleep_hours",
        "q5a",
        "q5i",
        "quality",
        "medication",
        "stay_awake",
        "enthusiasm",
    ],
)
def test_psqi_missing_item_is_named(item: str) -> None:
    answers = dict(GOOD_SLEEPER)
    del answers[item]

    with pytest.raises(MissingItem) as error:
        score("psqi", answers)

    assert (error.value.instrument, error.value.item) == ("psqi", item)


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("bedtime", "24:00"),
        ("bedtime", "23:60"),
        ("bedtime", "11 pm"),
        ("rise_time", 7),
        ("latency_min", -1),
        ("latency_min", "10"),
        ("sleep_hours", 25),
        ("q5a", 4),
        ("q5j", -1),
        ("enthusiasm", 1.5),
    ],
)
def test_psqi_invalid_item_is_named(item: str, value: object) -> None:
    with pytest.raises(InvalidItem) as error:
        score("psqi", psqi(**{item: value}))

    assert error.value.item == item


def test_psqi_unknown_item_is_named() -> None:
    with pytest.raises(InvalidItem) as error:
        score("psqi", psqi(q5k=1))

    assert error.value.item == "q5k"


@given(psqi_answers())
def test_psqi_total_is_the_sum_of_components_each_0_to_3(answers: dict[str, object]) -> None:
    result = score("psqi", answers)

    assert set(result.components) == {"c1", "c2", "c3", "c4", "c5", "c6", "c7"}
    assert all(0 <= value <= 3 for value in result.components.values())
    assert result.total == sum(result.components.values())
    assert result.band == ("good" if result.total <= 5 else "poor")
