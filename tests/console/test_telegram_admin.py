"""``/admin`` inside Telegram: figures, lookup and a confirmed broadcast for the listed
operator ids, in every bot; silence for everyone else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from entrypoints.containers import (
    Container,
    FreshTexts,
    build_container,
    conversations_for,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from entrypoints.telegram_admin import OperatorCommands, operator_ids
from sleeplab_core.conversation import AnswerButton, SendScreen
from sleeplab_core.conversation.events import ButtonPress, Command, Start, Text
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player

OPERATOR, OPERATOR_RU, STRANGER = 777, 778, 4242
KEY = "sleeplab_jobs.broadcast.l1_invite"


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    container = build_container(
        Settings(
            database_url="memory://",
            data_dir=tmp_path,
            bots="sleeplab,steps",
            operator_telegram_ids=f"{OPERATOR}, {OPERATOR_RU}",
        )
    )
    yield container
    await resolve(container.shutdown_resources())


def screens(actions: list[Any]) -> list[Any]:
    return [a.screen for a in actions if isinstance(a, SendScreen)]


async def say(router: Any, event: Any) -> list[Any]:
    actions, _ = await router.handle(event)
    return list(actions)


async def test_admin_for_anyone_else_is_silence_and_changes_nothing(container: Container) -> None:
    router = (await conversations_for(container, "sleeplab")).router
    assert await say(router, Command(user_id=STRANGER, name="admin")) == []
    uow = await unit_of_work_factory(container)
    async with uow() as tx:
        assert await tx.users.get(STRANGER) is None, "not even remembered"
    assert screens(await say(router, Start(user_id=STRANGER)))
    async with uow() as tx:
        before = await tx.conversations.get(STRANGER, "sleeplab")
    for event in (
        Command(user_id=STRANGER, name="admin", args="user 1"),
        Command(user_id=STRANGER, name="admin", args=f"broadcast all_active {KEY}"),
        ButtonPress(user_id=STRANGER, data=f"admin:b:abcd:all_active:{KEY}"),
    ):
        assert await say(router, event) == []
    async with uow() as tx:
        assert await tx.conversations.get(STRANGER, "sleeplab") == before
        assert await tx.broadcasts.get(1) is None


@pytest.mark.parametrize("bot", ["sleeplab", "steps"])
async def test_an_operator_sees_todays_figures_in_every_bot(container: Container, bot: str) -> None:
    router = (await conversations_for(container, bot)).router
    await say(router, Start(user_id=STRANGER))
    figures, help_ = screens(await say(router, Command(user_id=OPERATOR, name="admin")))
    assert f"Today in {bot}" in figures.text
    assert "Users: 1 in all, 1 active" in figures.text
    assert "flow:" in figures.text, "the steps the stranger reached today"
    assert "/admin broadcast <segment> <text key>" in help_.text
    assert "all_active" in help_.text


async def test_an_operator_looks_users_up_by_id_phone_or_name(container: Container) -> None:
    router = (await conversations_for(container, "sleeplab")).router
    await say(router, Start(user_id=STRANGER))
    uow: Any = await unit_of_work_factory(container)
    await register_player(
        uow, container.clock(), Registration(user_id=STRANGER, name="Anna", phone="+79991234567")
    )
    [found] = screens(await say(router, Command(user_id=OPERATOR, name="admin", args="user 4242")))
    assert f"User {STRANGER}" in found.text
    assert "L0 not_started" in found.text
    [found] = screens(
        await say(router, Command(user_id=OPERATOR, name="admin", args="user 8 999 123 45 67"))
    )
    assert f"{STRANGER} · Anna · +79991234567" in found.text
    [none] = screens(await say(router, Command(user_id=OPERATOR, name="admin", args="user Zoe")))
    assert "Nobody matches “Zoe”" in none.text


async def test_a_broadcast_is_sent_only_after_its_confirmation_and_once(
    container: Container,
) -> None:
    router = (await conversations_for(container, "sleeplab")).router
    for user in (STRANGER, STRANGER + 1):
        await say(router, Start(user_id=user))
    [preview] = screens(
        await say(
            router, Command(user_id=OPERATOR, name="admin", args=f"broadcast all_active {KEY}")
        )
    )
    assert "Recipients in all_active now: 2" in preview.text
    [[send, cancel]] = preview.buttons
    uow = await unit_of_work_factory(container)
    async with uow() as tx:
        assert await tx.broadcasts.get(1) is None, "a preview sends nothing"
    assert screens(await say(router, ButtonPress(user_id=OPERATOR, data=cancel.data)))[0].text == (
        "Cancelled: nothing was sent."
    )
    pressed = await say(router, ButtonPress(user_id=OPERATOR, data=send.data, callback_id="c1"))
    assert isinstance(pressed[0], AnswerButton)
    assert screens(pressed)[0].text == "✅ Queued: broadcast 1 to 2 recipients."
    again = screens(await say(router, ButtonPress(user_id=OPERATOR, data=send.data)))
    assert again[0].text == "Already queued as broadcast 1; nothing new was sent."
    async with uow() as tx:
        assert (await tx.broadcasts.get(1)).created_by == f"telegram:{OPERATOR}"
        assert await tx.broadcasts.get(2) is None


async def test_a_bad_broadcast_is_refused_with_its_reason(container: Container) -> None:
    router = (await conversations_for(container, "sleeplab")).router
    for args, wanted in [
        ("broadcast", "Write: /admin broadcast <segment> <text key>"),
        (f"broadcast nobody {KEY}", "Not done:"),
        ("broadcast all_active no.such.key", "Not done: text_key"),
    ]:
        [answer] = screens(await say(router, Command(user_id=OPERATOR, name="admin", args=args)))
        assert wanted in answer.text, args


async def test_a_segment_and_key_too_long_for_a_button_go_to_the_web_console(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    import entrypoints.telegram_admin as telegram_admin

    router = (await conversations_for(container, "sleeplab")).router
    monkeypatch.setattr(telegram_admin, "MAX_BUTTON_DATA", 40)  # no real pair is this long yet
    [answer] = screens(
        await say(
            router, Command(user_id=OPERATOR, name="admin", args=f"broadcast all_active {KEY}")
        )
    )
    assert "too long for a confirm button; use the web console" in answer.text
    assert answer.buttons == ()


async def test_an_operator_who_speaks_russian_is_answered_in_russian(container: Container) -> None:
    router = (await conversations_for(container, "sleeplab")).router
    await say(router, Start(user_id=OPERATOR_RU, language_hint="ru"))
    figures, _ = screens(await say(router, Command(user_id=OPERATOR_RU, name="admin")))
    assert figures.text.startswith("📊 Сегодня в sleeplab")


async def test_the_bot_still_gets_everything_else_from_an_operator(container: Container) -> None:
    router = (await conversations_for(container, "sleeplab")).router
    assert isinstance(router, OperatorCommands)
    assert screens(await say(router, Start(user_id=OPERATOR)))
    assert screens(await say(router, Text(user_id=OPERATOR, text="hello")))
    uow = await unit_of_work_factory(container)
    async with uow() as tx:
        assert (await tx.conversations.get(OPERATOR, "sleeplab")) is not None


async def test_without_operator_ids_the_router_is_the_bots_own(tmp_path: Path) -> None:
    container = build_container(
        Settings(database_url="memory://", data_dir=tmp_path, bots="sleeplab")
    )
    try:
        router = (await conversations_for(container, "sleeplab")).router
        assert not isinstance(router, OperatorCommands), "no /admin in front"
        assert type(router) is FreshTexts, "only the re-read of the text overrides"
    finally:
        await resolve(container.shutdown_resources())


def test_the_id_list_is_read_strictly() -> None:
    assert operator_ids("") == frozenset()
    assert operator_ids(" 1, 22;333 ,") == {1, 22, 333}
    with pytest.raises(ValidationFailed, match="'12a' is not a Telegram user id"):
        operator_ids("1,12a")
    with pytest.raises(ValidationFailed):
        operator_ids("-5")
