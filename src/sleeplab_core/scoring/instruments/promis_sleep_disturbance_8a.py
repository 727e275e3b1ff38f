"""PROMIS Short Form v1.0 Sleep Disturbance 8a: 8 items entered 1-5 as printed on the form.

Items 2, 3, 7 and 8 are reverse-scored (``6 - value``) before summing. The raw total
(8-40) has no published bands; the T-score table of the HealthMeasures scoring manual is
not shipped, so :attr:`InstrumentScore.band` is ``None``.
"""

from __future__ import annotations

from sleeplab_core.scoring.items import as_sequence, int_in_range
from sleeplab_core.scoring.model import Instrument, InstrumentScore

ID = "promis_sleep_disturbance_8a"
REVERSED_ITEMS = frozenset({2, 3, 7, 8})


def _item_score(number: int, value: object) -> int:
    raw = int_in_range(ID, f"item{number}", value, 1, 5)
    return 6 - raw if number in REVERSED_ITEMS else raw


def score_promis_sleep_disturbance_8a(answers: object) -> InstrumentScore:
    items = as_sequence(ID, answers, 8)
    total = sum(_item_score(number, value) for number, value in enumerate(items, 1))
    return InstrumentScore(ID, total, None)


INSTRUMENT = Instrument(ID, 8, 40, (), score_promis_sleep_disturbance_8a)
