"""The offline parser: keywords, fuzzy names and a hand-written date grammar (en, ru)."""

from __future__ import annotations

from datetime import date

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.parsing.dates import parse_when
from sleeplab_core.booking.parsing.intents import intent_of
from sleeplab_core.booking.parsing.model import ParsedRequest
from sleeplab_core.booking.parsing.names import find_service, find_specialist
from sleeplab_core.booking.parsing.ports import Similarity
from sleeplab_core.booking.parsing.similarity import DifflibSimilarity

MAX_TEXT = 2000  # longer messages are read up to here


class RuleBasedParser:
    """:class:`RequestParser` without a model: deterministic, offline, for en and ru."""

    def __init__(self, similarity: Similarity | None = None) -> None:
        self._similarity = similarity or DifflibSimilarity()

    async def parse(
        self, text: str, config: SalonConfig, today: date, locale: str, context: str = ""
    ) -> ParsedRequest:
        return self.parse_now(text, config, today)

    def parse_now(self, text: str, config: SalonConfig, today: date) -> ParsedRequest:
        text = text[:MAX_TEXT]
        service = find_service(text, config, self._similarity)
        specialist = find_specialist(text, config, self._similarity)
        when = parse_when(text, today)
        details = any(
            value is not None
            for value in (service, specialist, when.day, when.not_before, when.not_after)
        )
        return ParsedRequest(
            intent=intent_of(text, mentions_booking_details=details),
            service_id=service,
            specialist_id=specialist,
            day=when.day,
            not_before=when.not_before,
            not_after=when.not_after,
            problems=(when.problem,) if when.problem else (),
        )
