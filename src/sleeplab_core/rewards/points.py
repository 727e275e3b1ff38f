"""Points for a walk: integer arithmetic, a temperature coefficient and a daily cap."""

from __future__ import annotations

import attrs

from sleeplab_core.rewards.config import CoefficientBand, RewardsRules

PER_MILLE = 1000
STEPS_PER_UNIT = 1000


@attrs.frozen
class PointsBreakdown:
    """How a walk's points were computed, shown to the user and stored for audit.

    ``base`` is ``floor(steps / 1000 × rate)``; ``uncapped`` applies the coefficient to the
    exact (unrounded) base; ``awarded`` is what the daily cap leaves of it.
    """

    steps: int
    rate_per_mille: int
    coefficient_per_mille: int
    base: int
    uncapped: int
    awarded: int
    cap_left_before: int

    @property
    def capped(self) -> bool:
        return self.awarded < self.uncapped


def coefficient_for(temperature_c_tenths: int, bands: tuple[CoefficientBand, ...]) -> int:
    """The per-mille coefficient of the first band whose ``below_c`` exceeds the temperature."""
    for band in bands:
        if band.below_c is None or temperature_c_tenths < band.below_c * 10:
            return band.per_mille
    raise ValueError("the coefficient table needs a last band without below_c")


def uncapped_points(steps: int, rate_per_mille: int, coefficient_per_mille: int) -> int:
    """``floor(steps / 1000 × rate × coefficient)`` in integers (rate, coefficient per mille)."""
    if steps < 0 or rate_per_mille < 0 or coefficient_per_mille < 0:
        raise ValueError("steps, rate and coefficient are never negative")
    return steps * rate_per_mille * coefficient_per_mille // (STEPS_PER_UNIT * PER_MILLE**2)


def points_for_walk(
    steps: int, coefficient_per_mille: int, earned_today: int, rules: RewardsRules
) -> PointsBreakdown:
    """The breakdown of a walk's points given what the user already earned that local day."""
    cap_left = max(rules.daily_cap - earned_today, 0)
    uncapped = uncapped_points(steps, rules.rate_per_mille, coefficient_per_mille)
    return PointsBreakdown(
        steps=steps,
        rate_per_mille=rules.rate_per_mille,
        coefficient_per_mille=coefficient_per_mille,
        base=steps * rules.rate_per_mille // (STEPS_PER_UNIT * PER_MILLE),
        uncapped=uncapped,
        awarded=min(uncapped, cap_left),
        cap_left_before=cap_left,
    )
