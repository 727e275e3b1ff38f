from __future__ import annotations

from datetime import date, time

import pytest
from booking_configs import salon

from adapters.fuzzy_rapidfuzz import RapidfuzzSimilarity
from sleeplab_core.booking.parsing import Intent, ParsedRequest, Problem, RuleBasedParser
from sleeplab_core.booking.parsing.llm import ModelParser
from sleeplab_core.llm.errors import ProviderTimeout
from sleeplab_core.llm.fakes import FakeChatModel

CONFIG = salon()
WEDNESDAY = date(2026, 6, 3)


@pytest.fixture(params=["difflib", "rapidfuzz"])
def parser(request: pytest.FixtureRequest) -> RuleBasedParser:
    return RuleBasedParser(RapidfuzzSimilarity() if request.param == "rapidfuzz" else None)


@pytest.mark.parametrize(
    ("text", "intent", "service", "specialist", "day", "not_before"),
    [
        ("can I get a manicure with Anna tomorrow after 3?", Intent.BOOK, "manicure", "anna",
         date(2026, 6, 4), time(15)),
        ("хочу на маникюр к Анне завтра", Intent.BOOK, "manicure", "anna", date(2026, 6, 4), None),
        ("manicur tomorow", Intent.BOOK, "manicure", None, None, None),
        ("стрижку к марии на субботу", Intent.BOOK, "haircut", "maria", date(2026, 6, 6), None),
        ("перенесите меня на пятницу", Intent.RESCHEDULE, None, None, date(2026, 6, 5), None),
        ("can we move my appointment to friday?", Intent.RESCHEDULE, None, None,
         date(2026, 6, 5), None),
        ("отмените запись", Intent.CANCEL, None, None, None, None),
        ("please cancel my booking", Intent.CANCEL, None, None, None, None),
        ("how much is a haircut?", Intent.QUESTION, "haircut", None, None, None),
        ("hello", Intent.OTHER, None, None, None, None),
    ],
)  # fmt: skip
def test_the_rules_read_intent_service_specialist_and_time(
    parser, text, intent, service, specialist, day, not_before
) -> None:
    parsed = parser.parse_now(text, CONFIG, WEDNESDAY)
    assert (parsed.intent, parsed.service_id, parsed.specialist_id) == (intent, service, specialist)
    assert (parsed.day, parsed.not_before) == (day, not_before)


def test_an_impossible_date_is_a_problem_not_a_day(parser) -> None:
    parsed = parser.parse_now("стрижка 31 февраля", CONFIG, WEDNESDAY)
    assert parsed.problems == (Problem.INVALID_DATE,)
    assert parsed.day is None


def test_a_clarifying_reply_completes_the_earlier_request(parser) -> None:
    first = parser.parse_now("I'd like a manicure", CONFIG, WEDNESDAY)
    second = parser.parse_now("tomorrow after 3", CONFIG, WEDNESDAY).merged_over(first)
    assert (second.intent, second.service_id, second.day) == (
        Intent.BOOK, "manicure", date(2026, 6, 4),
    )  # fmt: skip


async def test_the_model_proposes_and_unknown_ids_are_dropped() -> None:
    answer = ParsedRequest(intent=Intent.BOOK, service_id="botox", specialist_id="anna",
                           day=date(2026, 6, 1))  # fmt: skip
    model = FakeChatModel([answer.model_dump_json()])
    parsed = await ModelParser(model).parse("botox with anna", CONFIG, WEDNESDAY, "en")
    assert parsed.service_id is None
    assert parsed.specialist_id == "anna"
    assert set(parsed.problems) == {Problem.UNKNOWN_SERVICE, Problem.PAST_DATE}
    assert "manicure" in model.requests[0].system


async def test_a_failing_or_nonsensical_model_gives_way_to_the_rules() -> None:
    text = "manicure tomorrow"
    for script in ([ProviderTimeout("fake", "slow")], ["not json", "still not json"]):
        parsed = await ModelParser(FakeChatModel(script)).parse(text, CONFIG, WEDNESDAY, "en")
        assert (parsed.intent, parsed.service_id) == (Intent.BOOK, "manicure")
