"""The router: one event in, actions out, state checkpointed, failures rolled back."""

from __future__ import annotations

import pytest

from sleeplab_core.conversation import (
    Blocked,
    BotSpec,
    ButtonPress,
    Command,
    Event,
    FlowContext,
    Receipt,
    RecipientBlocked,
    Router,
    SendScreen,
    Start,
    Text,
    Unsupported,
)
from sleeplab_core.conversation.router import Conversations
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.i18n import DictCatalog
from sleeplab_core.storage import InMemoryStore

CATALOG = DictCatalog(
    {
        "en": {
            "conversation.error": "oops",
            "conversation.unsupported": "text only",
            "count": "{n} so far",
        },
        "ru": {
            "conversation.error": "ой",
            "conversation.unsupported": "только текст",
            "count": "уже {n}",
        },
    }
)


class Counter:
    """Counts texts; 'boom' fails after changing state; 'next' switches to the other flow."""

    name = "counter"
    commands = ("count",)  # /count reaches handle (and counts), like the assistant's /new

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.setdefault("n", 0)
        ctx.send(ctx.t("count", n=ctx.data["n"]))

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        if isinstance(event, Start):
            await self.enter(ctx)
            return
        ctx.data["n"] = ctx.data.get("n", 0) + 1
        if isinstance(event, Text) and event.text == "boom":
            raise RuntimeError("flow bug")
        if isinstance(event, Text) and event.text == "next":
            ctx.switch("other", came_from="counter")
            return
        ctx.send(ctx.t("count", n=ctx.data["n"]))


class Other:
    name = "other"

    async def enter(self, ctx: FlowContext) -> None:
        ctx.send(f"other from {ctx.data.get('came_from', 'a command')}")

    async def handle(self, event: Event, ctx: FlowContext) -> None:
        ctx.switch("counter")


class RecordingChannel:
    def __init__(self, *, blocked: bool = False) -> None:
        self.performed: list[tuple[int, list[object]]] = []
        self.blocked = blocked

    async def perform(
        self, user_id: int, actions: list[object], message_ids: dict[str, int]
    ) -> list[Receipt]:
        if self.blocked:
            raise RecipientBlocked("403")
        self.performed.append((user_id, actions))
        return [Receipt("screen", 100 + len(self.performed))]


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def router(store: InMemoryStore) -> Router:
    bot = BotSpec(
        name="test",
        flows={"counter": Counter(), "other": Other()},
        start="counter",
        commands={"other": "other", "count": "counter"},
    )
    return Router(bot, store, FakeClock(), CATALOG)


def texts(actions: list[object]) -> list[str]:
    return [a.screen.text for a in actions if isinstance(a, SendScreen)]


async def test_start_creates_the_user_in_the_language_their_client_reports(
    router: Router, store: InMemoryStore
) -> None:
    actions, _ = await router.handle(Start(user_id=7, language_hint="ru-RU"))
    assert texts(actions) == ["уже 0"]
    async with store() as uow:
        user = await uow.users.get(7)
    assert user is not None
    assert user.locale == "ru"


async def test_state_is_checkpointed_between_events(router: Router) -> None:
    await router.handle(Start(user_id=1))
    await router.handle(Text(user_id=1, text="a"))
    actions, _ = await router.handle(Text(user_id=1, text="b"))
    assert texts(actions) == ["2 so far"]


async def test_a_redelivered_update_changes_nothing(router: Router) -> None:
    await router.handle(Start(user_id=1))
    first, _ = await router.handle(Text(user_id=1, text="a", update_key="tg:5"))
    again, _ = await router.handle(Text(user_id=1, text="a", update_key="tg:5"))
    after, _ = await router.handle(Text(user_id=1, text="b"))
    assert texts(first) == ["1 so far"]
    assert again == []
    assert texts(after) == ["2 so far"]


async def test_a_failing_flow_rolls_back_and_apologises(router: Router) -> None:
    await router.handle(Start(user_id=1))
    actions, _ = await router.handle(Text(user_id=1, text="boom"))
    assert texts(actions) == ["oops"]
    actions, _ = await router.handle(Text(user_id=1, text="a"))
    assert texts(actions) == ["1 so far"], "the failed event must not have counted"


async def test_switching_flows_enters_the_next_one_with_its_data(router: Router) -> None:
    await router.handle(Start(user_id=1))
    actions, _ = await router.handle(Text(user_id=1, text="next"))
    assert texts(actions) == ["other from counter"]


async def test_a_command_opens_its_flow_without_reaching_it_as_input(router: Router) -> None:
    await router.handle(Start(user_id=1))
    actions, _ = await router.handle(Command(user_id=1, name="other"))
    assert texts(actions) == ["other from a command"]
    actions, _ = await router.handle(Text(user_id=1, text="x"))
    assert texts(actions) == ["0 so far"], "Other switched back to a fresh counter"


async def test_a_flow_that_declares_a_command_receives_it_as_input(router: Router) -> None:
    await router.handle(Start(user_id=1))
    actions, _ = await router.handle(Command(user_id=1, name="count"))
    assert texts(actions) == ["1 so far"], "the counter got /count through handle"


async def test_unsupported_input_gets_a_clear_answer_and_keeps_progress(router: Router) -> None:
    await router.handle(Start(user_id=1))
    await router.handle(Text(user_id=1, text="a"))
    actions, _ = await router.handle(Unsupported(user_id=1, what="sticker"))
    assert texts(actions) == ["text only"]
    assert texts((await router.handle(Text(user_id=1, text="b")))[0]) == ["2 so far"]


async def test_a_blocked_user_becomes_inactive_and_returns_when_they_write(
    router: Router, store: InMemoryStore
) -> None:
    await router.handle(Start(user_id=1))
    await router.handle(Blocked(user_id=1))
    async with store() as uow:
        assert await uow.users.ids(active_only=True) == []
    await router.handle(ButtonPress(user_id=1, data="x"))
    async with store() as uow:
        assert await uow.users.ids(active_only=True) == [1]


async def test_a_block_from_a_stranger_stores_nothing(router: Router, store: InMemoryStore) -> None:
    await router.handle(Blocked(user_id=99))
    async with store() as uow:
        assert await uow.users.get(99) is None


async def test_delivery_remembers_the_ids_of_tagged_messages(router: Router) -> None:
    conversations = Conversations(router)
    channel = RecordingChannel()
    await conversations.deliver(Start(user_id=1), channel)
    _, message_ids = await router.handle(Text(user_id=1, text="a"))
    assert message_ids == {"screen": 101}


async def test_delivery_to_a_user_who_blocked_the_bot_marks_them_inactive(
    router: Router, store: InMemoryStore
) -> None:
    await Conversations(router).deliver(Start(user_id=1), RecordingChannel(blocked=True))
    async with store() as uow:
        user = await uow.users.get(1)
    assert user is not None
    assert not user.active
