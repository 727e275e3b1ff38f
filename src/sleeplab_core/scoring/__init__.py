"""Scoring of published sleep instruments: ``score(instrument_id, answers)``.

The code implements the published scoring algorithms; the instruments (and their item
wording, which is not shipped) belong to their owners. See docs/scoring.md and NOTICE.
"""

from sleeplab_core.scoring.errors import InvalidItem, MissingItem, UnknownInstrument
from sleeplab_core.scoring.model import Band, Instrument, InstrumentScore
from sleeplab_core.scoring.registry import INSTRUMENTS, instrument, score

__all__ = [
    "INSTRUMENTS",
    "Band",
    "Instrument",
    "InstrumentScore",
    "InvalidItem",
    "MissingItem",
    "UnknownInstrument",
    "instrument",
    "score",
]
