"""SleepLab's use cases and the one checkout, called as the CLI, the fixtures and the flows
call them: through the production composition root on the in-memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from entrypoints.containers import Container, build_container, resolve, unit_of_work_factory
from entrypoints.settings import Settings
from sleeplab_core.kernel.users import User
from sleeplab_core.payments import (
    FakeTelegramGateway,
    Gateway,
    GatewayNotConfigured,
    InvoiceRequest,
    OrderState,
    PaymentsContext,
)
from sleeplab_core.payments.use_cases import check_promo, checkout
from sleeplab_core.promo.errors import PromoNotFound, PromoUsedUp
from sleeplab_core.promo.model import DiscountKind, PromoCode
from sleeplab_core.questionnaires import RunState, current_question
from sleeplab_core.questionnaires.engine import Rejected
from sleeplab_core.questionnaires.runs import RunStatus
from sleeplab_core.questionnaires.use_cases import go_back
from sleeplab_core.sleeplab.profile import engine_profile
from sleeplab_core.sleeplab.use_cases import LevelAnswer, answer_question, open_level

USER = 41


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    built = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    await resolve(built.init_resources())
    try:
        yield built
    finally:
        await resolve(built.shutdown_resources())


async def _uow(container: Container) -> Any:
    return (await unit_of_work_factory(container))()


async def _payments(container: Container) -> PaymentsContext:
    context: PaymentsContext = await resolve(container.payments())
    return context


# SleepLab: open a level, answer, go back, finish ----------------------------------------------


async def test_opening_a_level_twice_resumes_the_same_run(container: Container) -> None:
    clock, library = container.clock(), container.questionnaires()
    async with await _uow(container) as uow:
        first = await open_level(uow, clock, library, user_id=USER, level="L0")
        again = await open_level(uow, clock, library, user_id=USER, level="L0")
        await uow.commit()

    assert first.reached == ("L0:started",)
    assert again.run.id == first.run.id
    assert again.reached == ()


async def test_a_refused_answer_changes_nothing_and_says_why(container: Container) -> None:
    clock, library = container.clock(), container.questionnaires()
    user = User(id=USER, created_at=container.clock().now())
    async with await _uow(container) as uow:
        opened = await open_level(uow, clock, library, user_id=USER, level="L0")
        outcome = await answer_question(
            uow, clock, library, user, opened.run, "not an age", locale="en"
        )
        stored = await uow.runs.get(opened.run.id)

    assert isinstance(outcome, Rejected)
    assert outcome.reason.key
    assert stored is not None
    assert stored.state == opened.run.state


async def test_answering_every_question_finishes_and_scores_the_level(
    container: Container,
) -> None:
    clock, library = container.clock(), container.questionnaires()
    user = User(id=USER, created_at=container.clock().now())
    async with await _uow(container) as uow:
        run = (await open_level(uow, clock, library, user_id=USER, level="L0")).run
        reached: list[str] = []
        for _ in range(200):
            question = _question(container, run, user)
            outcome = await answer_question(
                uow, clock, library, user, run, _typical(question), locale="en"
            )
            assert isinstance(outcome, LevelAnswer), (question.id, outcome)
            reached += outcome.reached
            run, user = outcome.run, outcome.user
            if outcome.finished:
                break
        await uow.commit()
    async with await _uow(container) as uow:
        stored = await uow.runs.get(run.id)

    assert stored is not None
    assert stored.status is RunStatus.COMPLETED
    assert stored.result["scales"]
    assert reached[-1] == "L0:finished"
    assert user.birth_year is not None, "the age answer set the profile"


async def test_going_back_reopens_the_previous_question(container: Container) -> None:
    clock, library = container.clock(), container.questionnaires()
    user = User(id=USER, created_at=container.clock().now())
    async with await _uow(container) as uow:
        run = (await open_level(uow, clock, library, user_id=USER, level="L0")).run
        first = _question(container, run, user)
        answered = await answer_question(
            uow, clock, library, user, run, _typical(first), locale="en"
        )
        assert isinstance(answered, LevelAnswer)
        definition = library.for_state(RunState.model_validate(answered.run.state))
        profile = engine_profile(answered.user, clock.now())
        back = await go_back(uow, clock, definition, answered.run, profile)
        at_start = await go_back(uow, clock, definition, run, profile)

    assert not isinstance(back, Rejected)
    assert _question(container, back.run, user).id == first.id
    assert isinstance(at_start, Rejected)


def _question(container: Container, run: Any, user: User) -> Any:
    state = RunState.model_validate(run.state)
    definition = container.questionnaires().for_state(state)
    return current_question(definition, state, engine_profile(user, container.clock().now()))


TYPED = {"age": "42", "rise_time": "07:00", "sleep_length": "7 h"}


def _typical(question: Any) -> str | list[str]:
    """A valid answer to ``question``: its first option, or a typed value in range."""
    if question.type == "yes_no":
        return "yes"
    if question.type == "single":
        return str(question.choices[0].value)
    if question.type == "multiple":
        return [str(question.choices[0].value)]
    if question.id in TYPED:
        return TYPED[question.id]
    if question.type in ("integer", "decimal") and question.min is not None:
        return str(int((question.min + question.max) // 2))
    if question.type == "duration" and question.min is not None:
        return f"{int((question.min + question.max) // 2)} min"
    return {"time": "23:30", "duration": "7 h", "text": "nothing special"}.get(question.type, "7")


# Payments: the one checkout -------------------------------------------------------------------


async def test_checkout_creates_the_order_and_asks_the_gateway_how_to_pay(
    container: Container,
) -> None:
    payments = await _payments(container)
    stars = FakeTelegramGateway(Gateway.STARS)

    sale = await checkout(
        payments, stars, kind=Gateway.STARS, user_id=USER, product_code="sleeplab_l1"
    )

    assert isinstance(sale.request, InvoiceRequest)
    assert sale.order.state is OrderState.AWAITING_PAYMENT
    assert stars.invoices == [sale.request]
    assert sale.order.amount.amount == sale.request.amount


async def test_a_checkout_a_promo_code_makes_free_needs_no_gateway(container: Container) -> None:
    payments = await _payments(container)
    async with await _uow(container) as uow:
        await uow.promos.save(PromoCode(code="ALL", kind=DiscountKind.PERCENT, percent=100))
        await uow.commit()

    sale = await checkout(
        payments,
        None,
        kind=Gateway.STARS,
        user_id=USER,
        product_code="sleeplab_l1",
        promo_code="all",
    )

    assert sale.paid
    assert sale.request is None
    async with await _uow(container) as uow:
        owned = await uow.entitlements.active(USER, container.clock().now())
    assert [e.product for e in owned] == ["sleeplab_l1"]


async def test_a_checkout_without_its_gateway_leaves_no_open_order(container: Container) -> None:
    payments = await _payments(container)

    with pytest.raises(GatewayNotConfigured):
        await checkout(payments, None, kind=Gateway.STARS, user_id=USER, product_code="sleeplab_l1")

    async with await _uow(container) as uow:
        orders = await uow.orders.for_user(USER)
    assert [order.state for order in orders] == [OrderState.CANCELLED]


async def test_a_promo_code_is_checked_for_the_buyer_and_the_product(
    container: Container,
) -> None:
    clock = container.clock()
    once = PromoCode(
        code="ONCE", kind=DiscountKind.PERCENT, percent=20, max_redemptions=1, max_per_user=None
    )
    async with await _uow(container) as uow:
        await uow.promos.save(once)
        now = clock.now()
        await uow.promos.reserve(once, USER, "mine", now, now + timedelta(hours=1))

        with pytest.raises(PromoNotFound):
            await check_promo(uow, clock, user_id=USER, typed="nope", product="sleeplab_l1")
        with pytest.raises(PromoUsedUp):  # its one use is reserved by the open order
            await check_promo(uow, clock, user_id=USER, typed="once", product="sleeplab_l1")
        mine = await check_promo(
            uow, clock, user_id=USER, typed=" once ", product="sleeplab_l1", own_order="mine"
        )

    assert mine.code == "ONCE"
