"""Proportional splits that sum exactly (largest remainder method)."""

from __future__ import annotations

from collections.abc import Sequence

from sleeplab_core.kernel.errors import ValidationFailed


def split_proportionally(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` into integer shares proportional to ``weights`` that sum to ``total``.

    Each share is the exact quota rounded down, and the units left over go one each to the
    largest remainders; equal remainders favour the earlier weight, so the result is
    deterministic. Every share is within one unit of its exact quota, a zero weight gets
    nothing, and a larger weight never gets less than a smaller one.

    Args:
        total: the non-negative integer amount to split (smallest units).
        weights: non-negative integers, at least one of them positive.

    Raises:
        ValidationFailed: a negative or non-integer total or weight, or no positive weight.
    """
    _check_integer(total, "total")
    for weight in weights:
        _check_integer(weight, "weights")
    weight_sum = sum(weights)
    if weight_sum == 0:
        raise ValidationFailed("at least one weight must be positive", field="weights")
    quotas = [divmod(total * weight, weight_sum) for weight in weights]
    shares = [whole for whole, _ in quotas]
    leftover = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda index: (-quotas[index][1], index))
    for index in by_remainder[:leftover]:
        shares[index] += 1
    return shares


def _check_integer(value: object, field: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationFailed(f"must be non-negative integers, got {value!r}", field=field)
