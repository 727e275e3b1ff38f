"""The framework-free delivery policy: order per user, rate limits, retries, a tidy chat."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.conversation import (
    Action,
    AnswerButton,
    BotSpec,
    Command,
    EditScreen,
    Receipt,
    RecipientBlocked,
    Screen,
    SendScreen,
    Start,
    Text,
)
from sleeplab_core.conversation.outbound import (
    Delivery,
    KeyedSerializer,
    MalformedUpdate,
    OutboundLimits,
    Outbox,
    RateLimited,
    TransientFailure,
    check_update_shape,
    command_menus,
    edit_in_place,
    parse_command,
)
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.i18n import DictCatalog
from sleeplab_core.kernel.retry import RetryPolicy

NO_JITTER = 0.0


class MovingClock(FakeClock):
    """A fake clock whose sleep moves time instead of waiting."""

    async def sleep(self, seconds: float) -> None:
        self.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)


def outbox(clock: MovingClock, **limits: object) -> Outbox:
    return Outbox(OutboundLimits(**limits), clock, clock.sleep, random=lambda: NO_JITTER)  # type: ignore[arg-type]


# -- per-user order ------------------------------------------------------------------------


async def test_one_users_work_runs_in_arrival_order_one_piece_at_a_time() -> None:
    serializer = KeyedSerializer()
    log: list[str] = []

    async def work(name: str) -> None:
        async with serializer.hold(1):
            log.append(f"{name} starts")
            await asyncio.sleep(0)
            log.append(f"{name} ends")

    await asyncio.gather(*(work(name) for name in "abc"))

    assert log == ["a starts", "a ends", "b starts", "b ends", "c starts", "c ends"]
    assert serializer.busy_keys == 0, "idle keys are forgotten"


async def test_different_users_run_in_parallel() -> None:
    serializer = KeyedSerializer()
    first_inside = asyncio.Event()
    release = asyncio.Event()

    async def slow() -> None:
        async with serializer.hold(1):
            first_inside.set()
            await release.wait()

    async def quick() -> str:
        async with serializer.hold(2):
            return "done"

    blocked = asyncio.create_task(slow())
    await first_inside.wait()
    assert await asyncio.wait_for(quick(), 1) == "done"
    release.set()
    await blocked


# -- rate limits ---------------------------------------------------------------------------


async def test_sends_to_one_chat_are_spaced_by_the_chat_rate() -> None:
    clock = MovingClock()
    box = outbox(clock, chat_rate=1.0, chat_burst=1.0, global_rate=1000.0, global_burst=1000.0)
    times: list[datetime] = []

    async def send() -> None:
        times.append(clock.now())

    for _ in range(5):
        await box.call(7, send)

    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert all(gap >= 1.0 for gap in gaps), gaps


@given(chats=st.lists(st.integers(1, 5), min_size=2, max_size=30))
async def test_the_global_rate_holds_over_all_chats(chats: list[int]) -> None:
    clock = MovingClock()
    box = outbox(clock, global_rate=10.0, global_burst=2.0, chat_rate=1000.0, chat_burst=1000.0)
    times: list[float] = []
    start = clock.now()

    async def send() -> None:
        times.append((clock.now() - start).total_seconds())

    for chat in chats:
        await box.call(chat, send)

    for index, moment in enumerate(times):
        # at most burst + rate * t sends by time t
        assert index + 1 <= 2 + 10.0 * moment + 1e-6


async def test_unlimited_calls_do_not_wait_for_tokens() -> None:
    clock = MovingClock()
    box = outbox(clock, chat_rate=0.001, chat_burst=1.0)

    async def answer() -> str:
        return "ok"

    await box.call(7, answer)
    before = clock.now()
    assert await box.call(7, answer, limited=False) == "ok"
    assert clock.now() == before


# -- retries -------------------------------------------------------------------------------


async def test_a_429_waits_retry_after_for_that_chat_then_sends_once() -> None:
    clock = MovingClock()
    box = outbox(clock, chat_rate=1000.0, chat_burst=1000.0)
    attempts: list[datetime] = []

    async def send() -> str:
        attempts.append(clock.now())
        if len(attempts) == 1:
            raise RateLimited(3)
        return "sent"

    assert await box.call(7, send) == "sent"
    assert len(attempts) == 2
    assert (attempts[1] - attempts[0]).total_seconds() >= 3


async def test_a_429_in_one_chat_does_not_stall_another_chat() -> None:
    clock = FakeClock()
    release = asyncio.Event()
    waits: list[float] = []
    sleeping = asyncio.Event()

    async def held_sleep(seconds: float) -> None:
        waits.append(seconds)
        sleeping.set()
        await release.wait()
        clock.advance(timedelta(seconds=seconds))

    box = Outbox(OutboundLimits(), clock, held_sleep, random=lambda: NO_JITTER)
    calls = {"a": 0}

    async def rate_limited() -> str:
        calls["a"] += 1
        if calls["a"] == 1:
            raise RateLimited(5)
        return "a"

    async def fine() -> str:
        return "b"

    waiting = asyncio.create_task(box.call(1, rate_limited))
    await sleeping.wait()
    assert await asyncio.wait_for(box.call(2, fine), 1) == "b"
    assert not waiting.done()
    release.set()
    assert await waiting == "a"
    assert waits[0] >= 5


async def test_server_errors_and_timeouts_are_retried_with_backoff() -> None:
    clock = MovingClock()
    box = outbox(clock, retry=RetryPolicy(attempts=4, base_delay=0.5, max_delay=10))
    failures = [TransientFailure("502"), TransientFailure("timeout")]

    async def send() -> str:
        if failures:
            raise failures.pop(0)
        return "sent"

    assert await box.call(7, send) == "sent"


async def test_retries_stop_when_the_attempts_run_out() -> None:
    clock = MovingClock()
    box = outbox(clock, retry=RetryPolicy(attempts=3, base_delay=0.1, max_delay=1))
    tries = 0

    async def send() -> None:
        nonlocal tries
        tries += 1
        raise TransientFailure("500")

    with pytest.raises(TransientFailure):
        await box.call(7, send)
    assert tries == 3


async def test_a_blocked_recipient_is_never_retried() -> None:
    clock = MovingClock()
    box = outbox(clock)
    tries = 0

    async def send() -> None:
        nonlocal tries
        tries += 1
        raise RecipientBlocked("403")

    with pytest.raises(RecipientBlocked):
        await box.call(7, send)
    assert tries == 1


# -- a tidy chat ---------------------------------------------------------------------------

QUESTION = SendScreen(screen=Screen.of("Question 2"), tag="screen")
NOTICE = SendScreen(screen=Screen.of("Please use the buttons"), tag="notice")


def test_a_press_on_the_current_screen_turns_the_new_screen_into_an_edit() -> None:
    actions = edit_in_place([QUESTION], pressed_message_id=10, message_ids={"screen": 10})

    assert actions == [EditScreen(screen=QUESTION.screen, tag="screen")]


def test_a_press_on_an_older_message_gets_a_new_message() -> None:
    actions = edit_in_place([QUESTION], pressed_message_id=9, message_ids={"screen": 10})

    assert actions == [QUESTION]


def test_typed_answers_get_a_new_message() -> None:
    actions = edit_in_place([QUESTION], pressed_message_id=None, message_ids={"screen": 10})

    assert actions == [QUESTION]


def test_a_screen_after_a_notice_is_sent_anew_so_the_order_stays() -> None:
    actions = edit_in_place([NOTICE, QUESTION], pressed_message_id=10, message_ids={"screen": 10})

    assert actions == [NOTICE, QUESTION]


def test_button_answers_before_the_screen_do_not_prevent_the_edit() -> None:
    answer = AnswerButton(callback_id="q1")
    actions = edit_in_place([answer, QUESTION], pressed_message_id=10, message_ids={"screen": 10})

    assert actions == [answer, EditScreen(screen=QUESTION.screen, tag="screen")]


# -- commands and the menu -----------------------------------------------------------------


def test_start_with_a_deep_link_payload() -> None:
    event = parse_command("/start promo_2024-x", user_id=1)

    assert event == Start(user_id=1, payload="promo_2024-x")


def test_a_start_payload_outside_telegrams_alphabet_is_dropped() -> None:
    assert parse_command("/start <script>", user_id=1) == Start(user_id=1, payload=None)
    assert parse_command("/start " + "a" * 65, user_id=1) == Start(user_id=1, payload=None)


def test_a_command_addressed_to_the_bot_loses_the_bot_name_and_case() -> None:
    event = parse_command("/Privacy@sleeplab_bot now", user_id=1)

    assert event == Command(user_id=1, name="privacy", args="now")


@given(st.text(max_size=80))
def test_text_is_a_command_only_when_it_starts_with_a_slash(text: str) -> None:
    event = parse_command(text, user_id=1)

    if not text.startswith("/"):
        assert event is None
    elif event is not None:
        assert isinstance(event, Start | Command)


def test_the_command_menu_is_rendered_in_every_language_with_a_default() -> None:
    catalog = DictCatalog(
        {"en": {"menu.start": "Start over"}, "ru": {"menu.start": "Начать заново"}}
    )
    bot = BotSpec(name="b", flows={}, start="s", menu=(("start", "menu.start"),))

    menus = {menu.language: menu.commands for menu in command_menus(bot, catalog)}

    assert menus == {
        None: (("start", "Start over"),),
        "en": (("start", "Start over"),),
        "ru": (("start", "Начать заново"),),
    }


@pytest.mark.parametrize(
    "body", [None, [], "text", {}, {"update_id": "1"}, {"update_id": True}, {"message": {}}]
)
def test_bodies_that_are_not_updates_are_refused(body: object) -> None:
    with pytest.raises(MalformedUpdate):
        check_update_shape(body)


# -- the error handler ---------------------------------------------------------------------


class FailingConversations:
    """Stands in for Conversations whose channel keeps failing after the retries."""

    def __init__(self) -> None:
        self.delivered: list[object] = []

    async def deliver(self, event: object, channel: object) -> list[object]:
        self.delivered.append(event)
        raise TransientFailure("Bad Gateway, six times")


class RecordingChannel:
    def __init__(self) -> None:
        self.apologies: list[str] = []
        self.settled = 0

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        return []

    async def settle(self) -> None:
        self.settled += 1

    async def apologise(self, text: str) -> None:
        self.apologies.append(text)


@pytest.mark.parametrize(
    ("hint", "expected"), [("ru-RU", "Извините"), ("de", "Sorry"), (None, "Sorry")]
)
async def test_an_error_outside_the_flow_is_logged_and_the_user_told_in_their_language(
    hint: str | None, expected: str
) -> None:
    catalog = DictCatalog(
        {
            "en": {"conversation.error": "Sorry, try again."},
            "ru": {"conversation.error": "Извините."},
        }
    )
    delivery = Delivery(FailingConversations(), catalog)  # type: ignore[arg-type]
    channel = RecordingChannel()

    await delivery.handle(Text(user_id=1, text="35", language_hint=hint), channel)

    assert len(channel.apologies) == 1
    assert channel.apologies[0].startswith(expected)
    assert channel.settled == 1, "the button spinner or pre-checkout is still answered"
