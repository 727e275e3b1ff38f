"""The model-backed parser: a language model proposes, deterministic code checks.

The model's structured answer (a :class:`ParsedRequest`) is validated by the LLM port; here
its ids are checked against the salon's config and its dates against today. A model that
fails, times out or answers nonsense gives way to the rule-based parser.
"""

from __future__ import annotations

import logging
from datetime import date
from importlib import resources

from sleeplab_core.booking.config import SalonConfig
from sleeplab_core.booking.parsing.model import ParsedRequest, Problem
from sleeplab_core.booking.parsing.rules import MAX_TEXT, RuleBasedParser
from sleeplab_core.llm.errors import LlmError
from sleeplab_core.llm.model import ChatRequest
from sleeplab_core.llm.ports import ChatModel

log = logging.getLogger(__name__)


def parse_prompt(config: SalonConfig, today: date) -> str:
    template = (resources.files(__package__) / "prompts" / "parse.txt").read_text("utf-8")
    return template.format(
        salon=config.name.en,
        today=today.isoformat(),
        weekday=today.strftime("%A"),
        services=", ".join(f"{s.id} ({s.name.en} / {s.name.ru})" for s in config.services),
        specialists=", ".join(f"{s.id} ({s.name.en} / {s.name.ru})" for s in config.specialists),
    )


class ModelParser:
    """:class:`RequestParser` through a :class:`ChatModel`, falling back to ``fallback``."""

    def __init__(self, model: ChatModel, fallback: RuleBasedParser | None = None) -> None:
        self._model = model
        self._fallback = fallback or RuleBasedParser()

    async def parse(
        self, text: str, config: SalonConfig, today: date, locale: str, context: str = ""
    ) -> ParsedRequest:
        system = parse_prompt(config, today)
        if context:
            system += f"\n\nThe conversation so far (for reference only):\n{context}"
        request = ChatRequest(
            system=system,
            message=text[:MAX_TEXT],
            response_model=ParsedRequest,
            locale=locale,
            max_output_tokens=300,
        )
        try:
            response = await self._model.complete(request)
        except LlmError as error:
            log.warning("booking parser: model failed (%s); using the rules", type(error).__name__)
            return self._fallback.parse_now(text, config, today)
        if not isinstance(response.parsed, ParsedRequest):
            return self._fallback.parse_now(text, config, today)
        return checked(response.parsed, config, today)


def checked(proposal: ParsedRequest, config: SalonConfig, today: date) -> ParsedRequest:
    """The proposal with unknown ids dropped (reported) and past days flagged."""
    problems = list(proposal.problems)
    service, specialist = proposal.service_id, proposal.specialist_id
    if service is not None and not config.has_service(service):
        service = None
        problems.append(Problem.UNKNOWN_SERVICE)
    if specialist is not None and not config.has_specialist(specialist):
        specialist = None
    if proposal.day is not None and proposal.day < today and Problem.PAST_DATE not in problems:
        problems.append(Problem.PAST_DATE)
    return proposal.model_copy(
        update={"service_id": service, "specialist_id": specialist, "problems": tuple(problems)}
    )
