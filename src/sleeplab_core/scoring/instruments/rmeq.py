"""Reduced Morningness-Eveningness Questionnaire (Adan & Almirall, 1991).

Five items taken from Horne & Östberg's MEQ (items 1, 7, 10, 18 and 19), entered as the
points printed next to the chosen answer: items 1, 3 and 4 score 1-5, item 2 scores 1-4 and
item 5 scores 0, 2, 4 or 6.
"""

from __future__ import annotations

from sleeplab_core.scoring.items import as_sequence, int_in_range, int_in_set
from sleeplab_core.scoring.model import Band, Instrument, InstrumentScore, band_for

ID = "rmeq"
BANDS = (
    Band("definitely_evening", 4, 7),
    Band("moderately_evening", 8, 11),
    Band("neither", 12, 17),
    Band("moderately_morning", 18, 21),
    Band("definitely_morning", 22, 25),
)
_ITEM_RANGES = ((1, 5), (1, 4), (1, 5), (1, 5))
_ITEM5_POINTS = (0, 2, 4, 6)


def score_rmeq(answers: object) -> InstrumentScore:
    items = as_sequence(ID, answers, 5)
    points = [
        int_in_range(ID, f"item{n}", value, low, high)
        for n, (value, (low, high)) in enumerate(zip(items[:4], _ITEM_RANGES, strict=True), 1)
    ]
    points.append(int_in_set(ID, "item5", items[4], _ITEM5_POINTS))
    total = sum(points)
    return InstrumentScore(ID, total, band_for(BANDS, total))


INSTRUMENT = Instrument(ID, 4, 25, BANDS, score_rmeq)
