"""Walk verification: plausibility of a form walk and the counted part of a live-location track.

A form walk (date, minutes, steps and/or distance) is refused whole when it is impossible:
more steps per minute than anyone walks or runs, a speed no walker reaches, a stride that
does not match its distance. A live track is the series of a user's location fixes; a
segment between two fixes counts only when both fixes are precise enough and the speed
between them is humanly possible; steps are estimated from the counted distance.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import datetime

import attrs

from sleeplab_core.rewards.config import VerificationRules
from sleeplab_core.rewards.errors import WalkRefused

EARTH_RADIUS_M = 6_371_000
CM_PER_M = 100


@attrs.frozen
class Fix:
    """One live-location update: where, when, and how precise (metres; None: unknown)."""

    at: datetime
    latitude: float
    longitude: float
    accuracy_m: float | None = None


@attrs.frozen
class VerifiedWalk:
    """The part of a walk that counts: ``steps`` and ``distance_m`` after verification."""

    steps: int
    distance_m: int
    minutes: int
    counted_segments: int = 0
    rejected_segments: int = 0


def steps_from_distance(distance_m: int, rules: VerificationRules) -> int:
    """Steps estimated from a distance and the configured stride."""
    return distance_m * CM_PER_M // rules.stride_cm


def verify_form_walk(
    minutes: int, steps: int | None, distance_m: int | None, rules: VerificationRules
) -> VerifiedWalk:
    """Check a self-reported walk; missing steps are estimated from the distance.

    Raises:
        WalkRefused: ``no_activity``, ``too_long``, ``cadence`` (more steps per minute than
            possible), ``speed`` (faster than a walker) or ``stride`` (steps and distance
            disagree); ``detail`` carries the figures.
    """
    if minutes <= 0 or (not steps and not distance_m):
        raise WalkRefused("no_activity", "a walk needs minutes and steps or a distance")
    if minutes > rules.max_minutes:
        raise WalkRefused("too_long", f"{minutes} min > {rules.max_minutes} min")
    if distance_m:
        _check_speed(distance_m, minutes * 60, rules)
    counted = steps if steps else steps_from_distance(distance_m or 0, rules)
    _check_cadence(counted, minutes, rules)
    if steps and distance_m:
        _check_stride(steps, distance_m, rules)
    return VerifiedWalk(steps=counted, distance_m=distance_m or 0, minutes=minutes)


def verify_track(fixes: Sequence[Fix], rules: VerificationRules) -> VerifiedWalk:
    """Sum the segments of a live track that are precise and possible; estimate steps."""
    ordered = sorted(fixes, key=lambda fix: fix.at)
    distance, counted, rejected = 0.0, 0, 0
    for start, end in itertools.pairwise(ordered):
        length = haversine_m(start, end)
        if _segment_counts(start, end, length, rules):
            distance += length
            counted += 1
        else:
            rejected += 1
    seconds = (ordered[-1].at - ordered[0].at).total_seconds() if ordered else 0
    distance_m = int(distance)
    return VerifiedWalk(
        steps=steps_from_distance(distance_m, rules),
        distance_m=distance_m,
        minutes=int(seconds // 60),
        counted_segments=counted,
        rejected_segments=rejected,
    )


def haversine_m(start: Fix, end: Fix) -> float:
    """The great-circle distance between two fixes, in metres."""
    lat1, lat2 = math.radians(start.latitude), math.radians(end.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(end.longitude - start.longitude)
    a = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _segment_counts(start: Fix, end: Fix, length_m: float, rules: VerificationRules) -> bool:
    if not (_precise(start, rules) and _precise(end, rules)):
        return False
    seconds = (end.at - start.at).total_seconds()
    if seconds <= 0:
        return False
    return length_m * 3600 <= rules.max_speed_kmh * 1000 * seconds


def _precise(fix: Fix, rules: VerificationRules) -> bool:
    return fix.accuracy_m is not None and fix.accuracy_m <= rules.max_accuracy_m


def _check_cadence(steps: int, minutes: int, rules: VerificationRules) -> None:
    if steps > rules.max_cadence_spm * minutes:
        raise WalkRefused(
            "cadence", f"{steps // minutes} steps/min > {rules.max_cadence_spm} steps/min"
        )


def _check_speed(distance_m: int, seconds: int, rules: VerificationRules) -> None:
    if distance_m * 3600 > rules.max_speed_kmh * 1000 * seconds:
        speed = distance_m * 3600 // (1000 * seconds)
        raise WalkRefused("speed", f"{speed} km/h > {rules.max_speed_kmh} km/h")


def _check_stride(steps: int, distance_m: int, rules: VerificationRules) -> None:
    stride_cm = distance_m * CM_PER_M // steps
    if not rules.min_stride_cm <= stride_cm <= rules.max_stride_cm:
        raise WalkRefused(
            "stride",
            f"{stride_cm} cm per step, expected {rules.min_stride_cm}–{rules.max_stride_cm} cm",
        )
