"""Value objects of the scoring library."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs


def _frozen_mapping(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Band:
    """A named, inclusive range of totals (``low <= total <= high``)."""

    name: str
    low: int
    high: int

    def contains(self, total: int) -> bool:
        return self.low <= total <= self.high


@attrs.frozen
class InstrumentScore:
    """The result of scoring one instrument.

    ``components`` holds the published sub-scores (PSQI ``c1``..``c7``) and is empty for
    instruments without them. ``details`` holds derived values a report may show (PSQI
    efficiency as an exact :class:`~fractions.Fraction`, STOP-Bang's STOP count...).
    ``band`` is ``None`` only for instruments without published raw-score bands.
    """

    instrument: str
    total: int
    band: str | None
    components: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen_mapping)
    details: Mapping[str, object] = attrs.field(factory=dict, converter=_frozen_mapping)


Scorer = Callable[[object], InstrumentScore]


@attrs.frozen
class Instrument:
    """A registered instrument: its total range, its bands (ascending) and its scorer.

    ``components`` names the keys of :attr:`InstrumentScore.components`, each scored within
    ``component_range``; ``details`` names the keys of :attr:`InstrumentScore.details` that
    are always present.
    """

    id: str
    min_total: int
    max_total: int
    bands: tuple[Band, ...]
    score: Scorer
    components: tuple[str, ...] = ()
    component_range: tuple[int, int] = (0, 3)
    details: tuple[str, ...] = ()

    @property
    def band_names(self) -> tuple[str, ...]:
        return tuple(band.name for band in self.bands)


def band_for(bands: tuple[Band, ...], total: int) -> str:
    """The name of the band holding ``total``; bands must cover the total range."""
    for band in bands:
        if band.contains(total):
            return band.name
    raise ValueError(f"no band holds {total}")  # a registry bug, not bad input
