"""Insomnia Severity Index (Bastien, Vallières & Morin, 2001): 7 items scored 0-4."""

from __future__ import annotations

from sleeplab_core.scoring.items import as_sequence, int_in_range
from sleeplab_core.scoring.model import Band, Instrument, InstrumentScore, band_for

ID = "isi"
BANDS = (
    Band("none", 0, 7),
    Band("subthreshold", 8, 14),
    Band("moderate", 15, 21),
    Band("severe", 22, 28),
)


def score_isi(answers: object) -> InstrumentScore:
    items = as_sequence(ID, answers, 7)
    total = sum(int_in_range(ID, f"item{n}", value, 0, 4) for n, value in enumerate(items, 1))
    return InstrumentScore(ID, total, band_for(BANDS, total))


INSTRUMENT = Instrument(ID, 0, 28, BANDS, score_isi)
