"""Epworth Sleepiness Scale (Johns, 1991): 8 situations scored 0-3."""

from __future__ import annotations

from sleeplab_core.scoring.items import as_sequence, int_in_range
from sleeplab_core.scoring.model import Band, Instrument, InstrumentScore, band_for

ID = "ess"
BANDS = (
    Band("lower_normal", 0, 5),
    Band("higher_normal", 6, 10),
    Band("mild", 11, 12),
    Band("moderate", 13, 15),
    Band("severe", 16, 24),
)


def score_ess(answers: object) -> InstrumentScore:
    items = as_sequence(ID, answers, 8)
    total = sum(int_in_range(ID, f"item{n}", value, 0, 3) for n, value in enumerate(items, 1))
    return InstrumentScore(ID, total, band_for(BANDS, total))


INSTRUMENT = Instrument(ID, 0, 24, BANDS, score_ess)
