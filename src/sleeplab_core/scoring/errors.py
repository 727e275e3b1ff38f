"""Errors of the scoring library: each one names the instrument and the item to fix."""

from __future__ import annotations

from sleeplab_core.kernel.errors import NotFound, ValidationFailed


class UnknownInstrument(NotFound):
    """No instrument is registered under ``instrument``."""

    def __init__(self, instrument: str) -> None:
        super().__init__(f"no scoring instrument {instrument!r}")
        self.instrument = instrument


class InvalidItem(ValidationFailed):
    """One answer cannot be scored: ``item`` of ``instrument`` is wrong for ``reason``.

    ``item`` is the published item name (``item3``, ``q5b``, ``rise_time`` ...) or
    ``answers`` when the shape of the whole input is wrong.
    """

    def __init__(self, *, instrument: str, item: str, reason: str) -> None:
        super().__init__(reason, field=f"{instrument}.{item}")
        self.instrument = instrument
        self.item = item


class MissingItem(InvalidItem):
    """A required item has no answer."""

    def __init__(self, *, instrument: str, item: str) -> None:
        super().__init__(instrument=instrument, item=item, reason="no answer given")
