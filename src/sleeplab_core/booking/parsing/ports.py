"""The parsing ports: a similarity score for names, and a parser of whole messages."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.parsing.model import ParsedRequest


class Similarity(Protocol):
    """How alike two short lower-case strings are, for names written with typos.

    Contract: ``score(a, b)`` is in ``[0, 100]``, equals 100 for equal strings, is
    symmetric, and is at least 80 for one wrong, missing or extra letter in a word of six
    or more letters.
    """

    def score(self, a: str, b: str) -> float: ...


class RequestParser(Protocol):
    """Reads a client's message: intent, service, specialist, day and time window.

    Contract: never raises on any text; ids it returns exist in ``config``; ``today`` is the
    salon's local date and relative dates count from it. ``context`` (the dialogue's summary
    and recent turns) may inform a model; it never overrides what the message says.
    """

    async def parse(
        self, text: str, config: SalonConfig, today: date, locale: str, context: str = ""
    ) -> ParsedRequest: ...
