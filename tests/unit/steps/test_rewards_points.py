"""Points: integer floor of steps / 1000 × rate × coefficient, capped per day."""

from __future__ import annotations

from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.rewards import default_rules
from sleeplab_core.rewards.points import coefficient_for, points_for_walk, uncapped_points

RULES = default_rules()
steps = st.integers(min_value=0, max_value=500_000)
per_mille = st.integers(min_value=0, max_value=5000)


@given(steps, per_mille, per_mille)
def test_points_are_the_exact_floor_of_the_formula(walked: int, rate: int, coefficient: int):
    exact = Fraction(walked, 1000) * Fraction(rate, 1000) * Fraction(coefficient, 1000)
    assert uncapped_points(walked, rate, coefficient) == exact.numerator // exact.denominator


@given(steps, st.integers(min_value=0, max_value=200))
def test_the_daily_cap_is_never_exceeded(walked: int, earned_today: int):
    breakdown = points_for_walk(walked, 1500, earned_today, RULES)
    assert 0 <= breakdown.awarded <= max(RULES.daily_cap - earned_today, 0)
    assert breakdown.awarded == min(breakdown.uncapped, max(RULES.daily_cap - earned_today, 0))


@given(steps, steps)
def test_more_steps_never_earn_fewer_points(a: int, b: int):
    low, high = sorted((a, b))
    assert uncapped_points(low, 1000, 1300) <= uncapped_points(high, 1000, 1300)


def test_ten_thousand_steps_in_frost_earn_the_cold_bonus():
    rules = attrs.evolve(RULES, daily_cap=1000)
    breakdown = points_for_walk(10_000, coefficient_for(-150, RULES.coefficients), 0, rules)
    assert (breakdown.base, breakdown.coefficient_per_mille, breakdown.awarded) == (10, 1300, 13)


def test_a_walk_past_the_cap_is_cut_and_says_so():
    breakdown = points_for_walk(40_000, 1000, 45, RULES)
    assert (breakdown.uncapped, breakdown.awarded, breakdown.capped) == (40, 5, True)


def test_coefficients_reward_cold_and_heat_over_mild_weather():
    mild = coefficient_for(150, RULES.coefficients)
    assert coefficient_for(-250, RULES.coefficients) > coefficient_for(-50, RULES.coefficients)
    assert coefficient_for(-50, RULES.coefficients) > mild
    assert coefficient_for(350, RULES.coefficients) > coefficient_for(270, RULES.coefficients)
    assert coefficient_for(270, RULES.coefficients) > mild == 1000


@given(st.integers(min_value=-600, max_value=600))
def test_every_temperature_has_a_coefficient_from_the_table(tenths: int):
    assert coefficient_for(tenths, RULES.coefficients) in {b.per_mille for b in RULES.coefficients}


def test_band_edges_belong_to_the_warmer_band():
    assert coefficient_for(-100, RULES.coefficients) == 1150  # −10.0 °C is not below −10
    assert coefficient_for(-101, RULES.coefficients) == 1300
