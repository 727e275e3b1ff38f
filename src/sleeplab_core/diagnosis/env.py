"""Building the environment a rule set reads from scores, answers and the profile."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from sleeplab_core.scoring import InstrumentScore


def build_env(
    scores: Mapping[str, InstrumentScore],
    answers: Mapping[str, object] | None = None,
    profile: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The environment for :func:`~sleeplab_core.diagnosis.evaluate`.

    Args:
        scores: results of :func:`sleeplab_core.scoring.score` by instrument id; each gives
            ``score.<id>.total``, ``band.<id>`` (when banded) and ``score.<id>.<component>``.
        answers: answers by question id, given as ``answer.<question_id>``.
        profile: profile fields (``age``, ``gender``...), given as ``profile.<field>``.

    Exact numbers (``Decimal``, ``Fraction``) become floats: the expression language
    compares ints and floats.
    """
    env: dict[str, object] = {}
    for instrument_id, result in scores.items():
        env[f"score.{instrument_id}.total"] = result.total
        if result.band is not None:
            env[f"band.{instrument_id}"] = result.band
        for component, points in result.components.items():
            env[f"score.{instrument_id}.{component}"] = points
    for prefix, given in (("answer", answers or {}), ("profile", profile or {})):
        for key, raw in given.items():
            env[f"{prefix}.{key}"] = _plain(raw)
    return env


def _plain(value: object) -> object:
    return float(value) if isinstance(value, Decimal | Fraction) else value
