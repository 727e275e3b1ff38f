"""Buying SleepLab's level 1 through the bot: Stars, Robokassa over the HTTP app, promo codes.

The bot runs through the production container on the in-memory store; payments are played
as Telegram (pre-checkout and ``successful_payment`` events) and Robokassa (a ResultURL call
signed with Password#2, sent to the real HTTP app) would play them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import attrs
import httpx
import pytest
from chat_driver import Chat

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.conversation import (
    Action,
    AnswerPreCheckout,
    Conversation,
    DeleteMessage,
    PaymentRefunded,
    PaymentSucceeded,
    PreCheckout,
    Receipt,
    Resume,
    SendInvoice,
    Start,
)
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.payments import Gateway, Order, OrderState, PaymentRecord
from sleeplab_core.payments.signatures import result_signature, success_signature
from sleeplab_core.promo.model import DiscountKind, PromoCode

PASSWORD1 = "first-test-password"
PASSWORD2 = "second-test-password"
BOT = "SleepLabTestBot"


class PayingChat(Chat):
    """The chat, also keeping invoices, pre-checkout answers and deleted messages."""

    def __init__(self, conversations: object) -> None:
        super().__init__(conversations)  # type: ignore[arg-type]
        self.actions: list[Action] = []
        self.deleted: list[int] = []
        self.live: dict[str, int] = {}

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        receipts: list[Receipt] = []
        for action in actions:
            self.actions.append(action)
            if isinstance(action, DeleteMessage):
                if action.tag in message_ids:
                    self.deleted.append(message_ids[action.tag])
                    receipts.append(Receipt(action.tag, None))
                    self.live.pop(action.tag, None)
                continue
            for receipt in await super().perform(user_id, [action], message_ids):
                receipts.append(receipt)
                if receipt.message_id is not None:
                    self.live[receipt.tag] = receipt.message_id
        return receipts

    @property
    def invoices(self) -> list[SendInvoice]:
        return [a for a in self.actions if isinstance(a, SendInvoice)]

    @property
    def answers(self) -> list[AnswerPreCheckout]:
        return [a for a in self.actions if isinstance(a, AnswerPreCheckout)]

    def url_button(self, label: str) -> str:
        url = self.button(label).url
        assert url, f"{label!r} is not a link"
        return url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="memory://",
        data_dir=tmp_path,
        bot_username=BOT,
        telegram_provider_token="284685063:TEST:provider",
        robokassa_login="sleeplab-shop",
        robokassa_password1=PASSWORD1,
        robokassa_password2=PASSWORD2,
        robokassa_hash="sha256",
    )


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[Container]:
    built = build_container(settings)
    yield built
    await resolve(built.shutdown_resources())


@pytest.fixture
async def buyer(container: Container) -> PayingChat:
    chat = PayingChat(await conversations_for(container, "sleeplab"))
    chat.library = container.questionnaires()
    return chat


@pytest.fixture
async def web(container: Container, buyer: PayingChat) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(container)
    app.state.payment_channel = buyer  # reaches the buyer outside any update of theirs
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
        yield client


async def open_offer(chat: PayingChat, level: str = "L1") -> None:
    """Onboard, then stand before the paid level (as after finishing the previous one)."""
    await chat.onboard()
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        await uow.conversations.save(
            Conversation(1, "sleeplab", "offer", router.clock.now(), data={"level": level})
        )
        await uow.commit()
    await chat.send(Resume(user_id=1))


async def add_promo(chat: PayingChat, promo: PromoCode) -> None:
    async with chat.conversations.router.unit_of_work() as uow:
        await uow.promos.save(promo)
        await uow.commit()


async def orders_of(chat: PayingChat) -> list[Order]:
    async with chat.conversations.router.unit_of_work() as uow:
        return await uow.orders.for_user(1)


async def payments_of(chat: PayingChat, order_id: str) -> list[PaymentRecord]:
    async with chat.conversations.router.unit_of_work() as uow:
        return await uow.payments.for_order(order_id)


async def entitlements_of(chat: PayingChat) -> list[str]:
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        active = await uow.entitlements.active(1, router.clock.now())
    return sorted(e.product for e in active)


def stars_payment(invoice: SendInvoice, charge_id: str, update: int) -> PaymentSucceeded:
    return PaymentSucceeded(
        user_id=1,
        payload=invoice.payload,
        currency=invoice.currency,
        total_amount=sum(price.amount for price in invoice.prices),
        telegram_charge_id=charge_id,
        update_key=f"tg:{update}",
    )


# The price banner -------------------------------------------------------------------------


async def test_the_banner_offers_every_configured_way_to_pay_with_prices(
    buyer: PayingChat,
) -> None:
    await open_offer(buyer)

    assert "Price: 250 ⭐ / 490 ₽" in buyer.last
    assert "Payment not completed" in buyer.last
    assert buyer.button("Pay 250 ⭐ with Telegram Stars")
    assert buyer.button("Pay 490 ₽ by card")
    assert buyer.button("Pay 490 ₽ via Robokassa")
    assert buyer.button("Levels 1 and 2 together: 500 ⭐ / 990 ₽")
    assert buyer.button("I have a promo code")
    assert "offer" in buyer.live, "the banner is tagged so it can be deleted later"


async def test_the_bundle_option_prices_both_levels_and_can_be_undone(buyer: PayingChat) -> None:
    await open_offer(buyer)
    await buyer.press("Levels 1 and 2 together")

    assert "Price: 500 ⭐ / 990 ₽" in buyer.last
    await buyer.press("Pay 500 ⭐ with Telegram Stars")
    assert buyer.invoices[-1].prices[0].amount == 500
    await buyer.press("Only level L1")
    assert "Price: 250 ⭐ / 490 ₽" in buyer.last


async def test_without_a_provider_token_or_robokassa_only_stars_are_offered(
    tmp_path: Path,
) -> None:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    chat = PayingChat(await conversations_for(container, "sleeplab"))
    await open_offer(chat)

    labels = [b.label for row in chat.screens[-1].buttons for b in row]
    assert any("Telegram Stars" in label for label in labels)
    assert not any("card" in label or "Robokassa" in label for label in labels)
    await resolve(container.shutdown_resources())


# Stars ------------------------------------------------------------------------------------


async def test_a_user_finishes_l0_and_buys_l1_with_stars(buyer: PayingChat) -> None:
    await buyer.onboard()
    await buyer.press("Start level L0")
    await buyer.answer_all({"age": "40", "gender": "female"})
    await buyer.press("Go on to level L1")
    banner = buyer.live["offer"]

    await buyer.press("with Telegram Stars")
    (invoice,) = buyer.invoices
    assert (invoice.currency, invoice.provider_token) == ("XTR", "")
    assert [p.amount for p in invoice.prices] == [250], "one price item"

    await buyer.send(
        PreCheckout(
            user_id=1, query_id="q1", payload=invoice.payload, currency="XTR", total_amount=250
        )
    )
    assert buyer.answers[-1] == AnswerPreCheckout(query_id="q1", ok=True)
    await buyer.send(stars_payment(invoice, "stars-charge-1", update=10))

    assert banner in buyer.deleted, "the 'payment not completed' banner is gone"
    assert buyer.saw("Payment received")
    assert buyer.saw("Level L1 is unlocked")
    assert await buyer.current_question() is not None, "the level starts at once"
    assert await entitlements_of(buyer) == ["sleeplab_l1"]


async def test_a_replayed_stars_payment_changes_nothing(buyer: PayingChat) -> None:
    await open_offer(buyer)
    await buyer.press("with Telegram Stars")
    invoice = buyer.invoices[-1]
    await buyer.send(stars_payment(invoice, "stars-charge-1", update=10))
    seen = len(buyer.actions)
    question = await buyer.current_question()

    await buyer.send(stars_payment(invoice, "stars-charge-1", update=10))  # re-delivered
    await buyer.send(stars_payment(invoice, "stars-charge-1", update=11))  # re-sent anew

    assert len(buyer.actions) == seen, "the buyer is not told twice"
    assert await buyer.current_question() == question, "the user stays where they are"
    (order,) = await orders_of(buyer)
    assert len(await payments_of(buyer, order.id)) == 1
    assert await entitlements_of(buyer) == ["sleeplab_l1"]


async def test_pre_checkout_refuses_an_amount_that_is_not_the_orders(buyer: PayingChat) -> None:
    await open_offer(buyer)
    await buyer.press("with Telegram Stars")
    invoice = buyer.invoices[-1]

    await buyer.send(
        PreCheckout(
            user_id=1, query_id="q2", payload=invoice.payload, currency="XTR", total_amount=1
        )
    )

    answer = buyer.answers[-1]
    assert not answer.ok
    assert answer.error_message
    assert "price has changed" in answer.error_message
    assert await entitlements_of(buyer) == []


async def test_pre_checkout_refuses_a_payer_who_is_not_the_orders_user(
    buyer: PayingChat,
) -> None:
    await open_offer(buyer)
    await buyer.press("with Telegram Stars")
    invoice = buyer.invoices[-1]

    await buyer.send(
        PreCheckout(
            user_id=2, query_id="q3", payload=invoice.payload, currency="XTR", total_amount=250
        )
    )

    answer = buyer.answers[-1]
    assert not answer.ok
    assert answer.error_message
    assert "made for someone else" in answer.error_message
    assert invoice.start_parameter, "a forwarded copy links to the bot instead of paying"


async def test_a_payment_arriving_while_the_user_is_in_the_menu_leaves_them_there(
    buyer: PayingChat,
) -> None:
    await open_offer(buyer)
    await buyer.press("with Telegram Stars")
    invoice = buyer.invoices[-1]
    await buyer.press("Back to the menu")

    await buyer.send(stars_payment(invoice, "stars-charge-2", update=20))

    assert "offer" not in buyer.live
    assert await buyer.current_question() is None, "they were in the menu and stay there"
    await buyer.press("Start level L1")
    assert await buyer.current_question() is not None


# Robokassa through the HTTP app --------------------------------------------------------------


def robokassa_result(link: str) -> dict[str, str]:
    """The ResultURL call Robokassa makes once the link was paid (OutSum with six decimals)."""
    query = dict(parse_qsl(urlsplit(link).query))
    out_sum = query["OutSum"] + "0000"
    shp = {k: v for k, v in query.items() if k.startswith("Shp_")}
    signature = result_signature(out_sum, query["InvId"], PASSWORD2, shp=shp, algorithm="sha256")
    return {"OutSum": out_sum, "InvId": query["InvId"], "SignatureValue": signature.upper(), **shp}


def robokassa_success(link: str) -> dict[str, str]:
    query = dict(parse_qsl(urlsplit(link).query))
    shp = {k: v for k, v in query.items() if k.startswith("Shp_")}
    signature = success_signature(
        query["OutSum"], query["InvId"], PASSWORD1, shp=shp, algorithm="sha256"
    )
    return {"OutSum": query["OutSum"], "InvId": query["InvId"], "SignatureValue": signature, **shp}


async def test_a_user_buys_l1_with_robokassa_and_is_told_while_away(
    buyer: PayingChat, web: httpx.AsyncClient
) -> None:
    await open_offer(buyer)
    await buyer.press("via Robokassa")
    link = buyer.url_button("Open the payment page")
    banner = buyer.live["offer"]
    (order,) = await orders_of(buyer)
    assert order.state is OrderState.AWAITING_PAYMENT
    assert order.gateway is Gateway.ROBOKASSA

    answer = await web.post("/payments/robokassa/result", data=robokassa_result(link))

    assert (answer.status_code, answer.text) == (200, f"OK{order.number}")
    assert banner in buyer.deleted
    assert buyer.saw("Level L1 is unlocked")
    assert await buyer.current_question() is not None, "from the offer straight into L1"
    assert await entitlements_of(buyer) == ["sleeplab_l1"]


async def test_every_robokassa_callback_replayed_changes_nothing(
    buyer: PayingChat, web: httpx.AsyncClient
) -> None:
    await open_offer(buyer)
    await buyer.press("via Robokassa")
    link = buyer.url_button("Open the payment page")
    result = robokassa_result(link)
    first = await web.post("/payments/robokassa/result", data=result)
    seen = len(buyer.actions)

    again = [
        await web.post("/payments/robokassa/result", data=result),
        await web.get("/payments/robokassa/result", params=result),
    ]

    assert all((a.status_code, a.text) == (first.status_code, first.text) for a in again)
    assert len(buyer.actions) == seen, "the buyer hears about the payment once"
    (order,) = await orders_of(buyer)
    assert len(await payments_of(buyer, order.id)) == 1
    assert await entitlements_of(buyer) == ["sleeplab_l1"]


async def test_the_success_page_sends_the_buyer_back_to_the_unlocked_level(
    buyer: PayingChat, web: httpx.AsyncClient
) -> None:
    await open_offer(buyer)
    await buyer.press("via Robokassa")
    link = buyer.url_button("Open the payment page")
    await web.post("/payments/robokassa/result", data=robokassa_result(link))

    back = await web.get("/payments/robokassa/success", params=robokassa_success(link))

    (order,) = await orders_of(buyer)
    assert back.status_code == 303
    assert back.headers["location"] == f"https://t.me/{BOT}?start=paid-{order.id}"
    await buyer.send(Start(user_id=1, payload=f"paid-{order.id}"))
    assert buyer.saw("Welcome back")
    assert await buyer.current_question() is not None


async def test_returning_before_the_confirmation_says_it_is_pending_and_keeps_the_banner(
    buyer: PayingChat, web: httpx.AsyncClient
) -> None:
    await open_offer(buyer)
    await buyer.press("via Robokassa")
    (order,) = await orders_of(buyer)

    await buyer.send(Start(user_id=1, payload=f"paid-{order.id}"))

    assert buyer.saw("not been confirmed yet")
    assert "Payment not completed" in buyer.last
    assert await entitlements_of(buyer) == []


async def test_the_fail_page_returns_to_the_offer(
    buyer: PayingChat, web: httpx.AsyncClient
) -> None:
    await open_offer(buyer)
    await buyer.press("via Robokassa")
    (order,) = await orders_of(buyer)

    back = await web.get("/payments/robokassa/fail", params={"Shp_order": order.id})
    await buyer.send(Start(user_id=1, payload=f"unpaid-{order.id}"))

    assert back.headers["location"] == f"https://t.me/{BOT}?start=unpaid-{order.id}"
    assert buyer.saw("payment was not completed")
    assert "Payment not completed" in buyer.last


async def test_a_forged_result_is_refused_logged_by_order_and_changes_nothing(
    buyer: PayingChat, web: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    await open_offer(buyer)
    await buyer.press("via Robokassa")
    link = buyer.url_button("Open the payment page")
    (order,) = await orders_of(buyer)
    forged = {**robokassa_result(link), "OutSum": "1.000000"}

    with caplog.at_level(logging.INFO):
        answer = await web.post("/payments/robokassa/result", data=forged)

    assert answer.status_code == 400
    assert "signature" in answer.json()["error"]
    assert order.id in caplog.text
    assert PASSWORD1 not in caplog.text
    assert PASSWORD2 not in caplog.text
    (still,) = await orders_of(buyer)
    assert still.state is OrderState.AWAITING_PAYMENT
    assert await entitlements_of(buyer) == []


# Promo codes ------------------------------------------------------------------------------


async def test_a_promo_code_discounts_the_banner_and_the_invoice(buyer: PayingChat) -> None:
    await add_promo(buyer, PromoCode(code="SLEEP20", kind=DiscountKind.PERCENT, percent=20))
    await open_offer(buyer)
    await buyer.press("I have a promo code")
    await buyer.say(" sleep20 ")

    assert buyer.saw("Promo code SLEEP20 applied")
    assert "Price: 200 ⭐ / 392 ₽" in buyer.last
    await buyer.press("with Telegram Stars")
    assert buyer.invoices[-1].prices[0].amount == 200


async def test_a_mistyped_promo_code_gets_a_clear_reason_and_changes_nothing(
    buyer: PayingChat,
) -> None:
    await open_offer(buyer)
    await buyer.press("I have a promo code")
    await buyer.say("SLEPE20")

    assert buyer.saw("There is no promo code SLEPE20")
    assert "Type your promo code" in buyer.last
    await buyer.press("Cancel")
    assert "Price: 250 ⭐ / 490 ₽" in buyer.last
    assert await orders_of(buyer) == []


async def test_a_used_up_promo_code_is_refused_with_its_reason(buyer: PayingChat) -> None:
    promo = PromoCode(code="ONCE", kind=DiscountKind.PERCENT, percent=50, max_redemptions=1)
    await add_promo(buyer, promo)
    router = buyer.conversations.router  # another buyer takes the only use first
    async with router.unit_of_work() as uow:
        now = router.clock.now()
        await uow.promos.reserve(promo, 2, "ord_other_buyer", now, now + timedelta(hours=1))
        await uow.commit()
    await open_offer(buyer)
    await buyer.press("I have a promo code")

    await buyer.say("ONCE")

    assert buyer.saw("The promo code ONCE has been used up")
    assert "Type your promo code" in buyer.last


async def test_changing_the_way_to_pay_keeps_the_discount(buyer: PayingChat) -> None:
    promo = PromoCode(code="HALF", kind=DiscountKind.PERCENT, percent=50, max_per_user=1)
    await add_promo(buyer, promo)
    await open_offer(buyer)
    await buyer.press("I have a promo code")
    await buyer.say("HALF")
    await buyer.press("with Telegram Stars")
    invoice = buyer.invoices[-1]

    await buyer.press("via Robokassa")

    assert "245 ₽" in buyer.last, "the code moved to the new order"
    first, second = sorted(await orders_of(buyer), key=lambda order: order.number)
    assert first.state is OrderState.CANCELLED
    assert second.promo_code == "HALF"
    await buyer.send(
        PreCheckout(
            user_id=1, query_id="q9", payload=invoice.payload, currency="XTR", total_amount=125
        )
    )
    assert not buyer.answers[-1].ok, "the first invoice can no longer be paid"


async def test_a_full_promo_code_unlocks_the_level_at_once(buyer: PayingChat) -> None:
    await add_promo(buyer, PromoCode(code="GIFT", kind=DiscountKind.PERCENT, percent=100))
    await open_offer(buyer)
    banner = buyer.live["offer"]
    await buyer.press("I have a promo code")
    await buyer.say("gift")

    assert buyer.invoices == [], "nothing to pay"
    assert banner in buyer.deleted
    assert buyer.saw("covers the whole price")
    assert await buyer.current_question() is not None
    assert await entitlements_of(buyer) == ["sleeplab_l1"]


async def test_a_refunded_stars_payment_is_announced_and_locks_the_level_again(
    buyer: PayingChat,
) -> None:
    await open_offer(buyer)
    await buyer.press("with Telegram Stars")
    invoice = buyer.invoices[-1]
    await buyer.send(stars_payment(invoice, "stars-charge-3", update=30))
    refund = PaymentRefunded(
        user_id=1,
        payload=invoice.payload,
        currency="XTR",
        total_amount=250,
        telegram_charge_id="stars-charge-3",
        update_key="tg:31",
    )

    await buyer.send(refund)
    await buyer.send(attrs.evolve(refund, update_key="tg:32"))

    assert sum("Your payment was refunded" in s.text for s in buyer.screens) == 1
    assert await entitlements_of(buyer) == []
    (order,) = await orders_of(buyer)
    assert order.state is OrderState.REFUNDED


async def unpaid_reminders(chat: PayingChat) -> list[object]:
    async with chat.conversations.router.unit_of_work() as uow:
        jobs = await uow.jobs.list(user_id=1)
    return [
        job
        for job in jobs
        if "unpaid_order" in (job.unique_key or "") and job.state.value == "scheduled"
    ]


async def test_an_unpaid_order_is_reminded_of_until_it_is_paid(buyer: PayingChat) -> None:
    await buyer.onboard()
    await buyer.press("Start level L0")
    await buyer.answer_all({"age": "40", "gender": "female"})
    await buyer.press("Go on to level L1")
    await buyer.press("with Telegram Stars")
    assert await unpaid_reminders(buyer), "choosing a way to pay arms the reminder"

    (invoice,) = buyer.invoices
    await buyer.send(stars_payment(invoice, "stars-charge-9", update=30))
    assert await unpaid_reminders(buyer) == [], "paying cancels it"


# One price everywhere ---------------------------------------------------------------------


async def test_typing_while_the_discounted_invoice_is_open_keeps_the_discounted_price(
    buyer: PayingChat,
) -> None:
    await add_promo(buyer, PromoCode(code="SLEEP20", kind=DiscountKind.PERCENT, percent=20))
    await open_offer(buyer)
    await buyer.press("I have a promo code")
    await buyer.say("SLEEP20")
    await buyer.press("with Telegram Stars")

    await buyer.say("hello?")

    assert not buyer.saw("already used")
    assert "Price: 200 ⭐" in buyer.last
    assert buyer.invoices[-1].prices[0].amount == 200


async def test_the_bundle_button_shows_the_discounted_bundle_price(buyer: PayingChat) -> None:
    await add_promo(buyer, PromoCode(code="TEN", kind=DiscountKind.PERCENT, percent=10))
    await open_offer(buyer)
    await buyer.press("I have a promo code")
    await buyer.say("TEN")

    assert buyer.button("Levels 1 and 2 together: 450 ⭐ / 891 ₽")
    await buyer.press("Levels 1 and 2 together")
    assert "Price: 450 ⭐ / 891 ₽" in buyer.last
    await buyer.press("Pay 450 ⭐ with Telegram Stars")
    assert buyer.invoices[-1].prices[0].amount == 450


async def test_an_owner_of_level_1_is_offered_level_2_alone_not_a_dearer_bundle(
    buyer: PayingChat,
) -> None:
    router = buyer.conversations.router
    async with router.unit_of_work() as uow:
        await uow.entitlements.grant(Entitlement(1, "sleeplab_l1", "test", router.clock.now()))
        await uow.commit()
    await open_offer(buyer, "L2")

    assert "Price: 350 ⭐ / 690 ₽" in buyer.last
    labels = [b.label for b in buyer.screens[-1].all_buttons()]
    assert not any("together" in label for label in labels), labels


async def test_the_robokassa_page_names_the_product_by_its_title_not_its_code(
    buyer: PayingChat,
) -> None:
    await open_offer(buyer)
    await buyer.press("via Robokassa")

    query = dict(parse_qsl(urlsplit(buyer.url_button("Open the payment page")).query))

    assert query["Description"] == "SleepLab: уровень 1"
