"""The registry of instruments and the public :func:`score` entry point."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sleeplab_core.scoring.errors import UnknownInstrument
from sleeplab_core.scoring.instruments import (
    ess,
    isi,
    promis_sleep_disturbance_8a,
    psqi,
    rmeq,
    stop_bang,
)
from sleeplab_core.scoring.model import Instrument, InstrumentScore

INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType(
    {
        module.INSTRUMENT.id: module.INSTRUMENT
        for module in (isi, ess, stop_bang, psqi, rmeq, promis_sleep_disturbance_8a)
    }
)


def instrument(instrument_id: str) -> Instrument:
    """The registered instrument ``instrument_id``.

    Raises:
        UnknownInstrument: nothing is registered under that id.
    """
    try:
        return INSTRUMENTS[instrument_id]
    except KeyError:
        raise UnknownInstrument(instrument_id) from None


def score(instrument_id: str, answers: object) -> InstrumentScore:
    """Score ``answers`` with the published algorithm of ``instrument_id``.

    Args:
        instrument_id: one of :data:`INSTRUMENTS` (``isi``, ``ess``, ``stop_bang``, ``psqi``,
            ``rmeq``, ``promis_sleep_disturbance_8a``).
        answers: a sequence of item values in published order (ISI, ESS, rMEQ, PROMIS) or a
            mapping of named items (STOP-Bang, PSQI); docs/scoring.md lists each input.

    Raises:
        UnknownInstrument: ``instrument_id`` is not registered.
        InvalidItem: an item is missing, of the wrong type or out of range, or the answers
            contradict each other (PSQI bedtime equal to rise time, efficiency above 100 %).
    """
    return instrument(instrument_id).score(answers)
