"""Walk verification: impossible form walks are refused; live tracks count good segments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.rewards import WalkRefused, default_rules
from sleeplab_core.rewards.verification import Fix, verify_form_walk, verify_track

RULES = default_rules().verification
START = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
# 0.001° of latitude ≈ 111 m.
METRES_PER_MILLIDEGREE = 111.19


def test_two_hundred_thousand_steps_in_ten_minutes_is_refused_with_the_reason():
    with pytest.raises(WalkRefused) as refused:
        verify_form_walk(10, 200_000, None, RULES)
    assert refused.value.code == "cadence"
    assert "20000 steps/min > 200 steps/min" in refused.value.detail


def test_a_plausible_walk_counts_as_reported():
    walk = verify_form_walk(60, 6000, 4500, RULES)
    assert (walk.steps, walk.distance_m, walk.minutes) == (6000, 4500, 60)


def test_steps_are_estimated_from_the_distance_when_missing():
    assert verify_form_walk(40, None, 3000, RULES).steps == 4000  # 3000 m / 0.75 m


@pytest.mark.parametrize(
    ("minutes", "steps", "distance", "code"),
    [
        (30, None, 20_000, "speed"),  # 40 km/h: a vehicle
        (60, 6000, 30_000, "speed"),
        (60, 8000, 500, "stride"),  # 6 cm per step
        (0, 1000, None, "no_activity"),
        (30, None, None, "no_activity"),
        (900, 1000, None, "too_long"),
    ],
)
def test_implausible_form_walks_are_refused(minutes, steps, distance, code):
    with pytest.raises(WalkRefused) as refused:
        verify_form_walk(minutes, steps, distance, RULES)
    assert refused.value.code == code


@given(
    st.integers(min_value=1, max_value=720),
    st.integers(min_value=1, max_value=400_000),
)
def test_an_accepted_form_walk_never_beats_the_cadence_limit(minutes: int, steps: int):
    try:
        walk = verify_form_walk(minutes, steps, None, RULES)
    except WalkRefused:
        assert steps > RULES.max_cadence_spm * minutes
    else:
        assert walk.steps <= RULES.max_cadence_spm * minutes


def _fix(minute: float, north_millidegrees: float, accuracy: float | None = 10) -> Fix:
    at = START + timedelta(minutes=minute)
    return Fix(at, 55.75 + north_millidegrees / 1000, 37.62, accuracy)


def test_a_live_walk_counts_its_distance_and_estimates_steps():
    walk = verify_track([_fix(i, i) for i in range(11)], RULES)  # 111 m/min ≈ 6.7 km/h
    assert (walk.counted_segments, walk.rejected_segments) == (10, 0)
    assert abs(walk.distance_m - 10 * METRES_PER_MILLIDEGREE) < 2
    assert walk.steps == walk.distance_m * 100 // RULES.stride_cm
    assert walk.minutes == 10


def test_a_fix_with_accuracy_of_1500_metres_drops_its_segments():
    fixes = [_fix(0, 0), _fix(1, 1, accuracy=1500), _fix(2, 2), _fix(3, 3)]
    walk = verify_track(fixes, RULES)
    assert (walk.counted_segments, walk.rejected_segments) == (1, 2)


def test_a_segment_at_car_speed_does_not_count():
    fixes = [_fix(0, 0), _fix(1, 1), _fix(2, 11), _fix(3, 12)]  # 1.1 km in a minute
    walk = verify_track(fixes, RULES)
    assert (walk.counted_segments, walk.rejected_segments) == (2, 1)
    assert walk.distance_m < 250


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=-2, max_value=2),
            st.one_of(st.none(), st.floats(min_value=0, max_value=1500)),
        ),
        max_size=30,
    )
)
def test_counted_distance_never_exceeds_the_speed_limit_times_the_time(moves):
    fixes = [_fix(i, north, accuracy) for i, (north, accuracy) in enumerate(moves)]
    walk = verify_track(fixes, RULES)
    assert walk.counted_segments + walk.rejected_segments == max(len(fixes) - 1, 0)
    assert walk.distance_m * 60 <= RULES.max_speed_kmh * 1000 * max(len(fixes) - 1, 0)
