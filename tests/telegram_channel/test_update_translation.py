"""Telegram updates become the same core events in aiogram and PTB."""

from __future__ import annotations

from typing import Any

import pytest
import telegram
from aiogram.types import Update as AiogramUpdate

from adapters.telegram_aiogram import to_event as aiogram_to_event
from adapters.telegram_ptb import to_event as ptb_to_event
from sleeplab_core.conversation import (
    Blocked,
    ButtonPress,
    Contact,
    Event,
    Media,
    PaymentRefunded,
    PaymentSucceeded,
    PreCheckout,
    Start,
    Unblocked,
    Unsupported,
)

ANN = {"id": 1001, "is_bot": False, "first_name": "Ann", "language_code": "ru"}
PRIVATE = {"id": 1001, "type": "private", "first_name": "Ann"}
GROUP = {"id": -100500, "type": "supergroup", "title": "Sleep club"}
COMMON: dict[str, Any] = {
    "user_id": 1001,
    "language_hint": "ru",
    "first_name": "Ann",
    "update_key": "tg:5",
}


def message(**fields: Any) -> dict[str, Any]:
    return {
        "update_id": 5,
        "message": {"message_id": 3, "date": 1, "chat": PRIVATE, "from": ANN, **fields},
    }


def translate(framework: str, raw: dict[str, Any]) -> Event | None:
    if framework == "aiogram":
        return aiogram_to_event(AiogramUpdate.model_validate(raw))
    return ptb_to_event(telegram.Update.de_json(raw, None))


PAYMENT = {
    "currency": "XTR",
    "total_amount": 250,
    "invoice_payload": "order-1",
    "telegram_payment_charge_id": "stxch1",
    "provider_payment_charge_id": "",
    "subscription_expiration_date": 1_770_000_000,
    "is_recurring": True,
}
CASES: list[tuple[str, dict[str, Any], Event | None]] = [
    (
        "deep link",
        message(
            text="/start promo_1", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
        ),
        Start(payload="promo_1", **COMMON),
    ),
    (
        "payment",
        message(successful_payment=PAYMENT),
        PaymentSucceeded(
            payload="order-1",
            currency="XTR",
            total_amount=250,
            telegram_charge_id="stxch1",
            subscription_expires_at=1_770_000_000,
            is_recurring=True,
            **COMMON,
        ),
    ),
    (
        "refund",
        message(
            refunded_payment={
                "currency": "XTR",
                "total_amount": 250,
                "invoice_payload": "order-1",
                "telegram_payment_charge_id": "stxch1",
            }
        ),
        PaymentRefunded(
            payload="order-1",
            currency="XTR",
            total_amount=250,
            telegram_charge_id="stxch1",
            **COMMON,
        ),
    ),
    (
        "contact",
        message(contact={"phone_number": "+100", "first_name": "Ann"}),
        Contact(phone="+100", **COMMON),
    ),
    (
        "voice",
        message(voice={"file_id": "v1", "file_unique_id": "u1", "duration": 2}),
        Media(kind="voice", file_id="v1", **COMMON),
    ),
    (
        "photo",
        message(
            photo=[
                {"file_id": "small", "file_unique_id": "s", "width": 9, "height": 9},
                {"file_id": "big", "file_unique_id": "b", "width": 90, "height": 90},
            ],
            caption="my bedroom",
        ),
        Media(kind="photo", file_id="big", caption="my bedroom", **COMMON),
    ),
    (
        "button",
        {
            "update_id": 5,
            "callback_query": {
                "id": "q1",
                "from": ANN,
                "chat_instance": "1",
                "data": "a:age:35",
                "message": {"message_id": 8, "date": 1, "chat": PRIVATE, "text": "…"},
            },
        },
        ButtonPress(data="a:age:35", message_id=8, callback_id="q1", **COMMON),
    ),
    (
        "inline-mode button",
        {
            "update_id": 5,
            "callback_query": {
                "id": "q1",
                "from": ANN,
                "chat_instance": "1",
                "data": "x",
                "inline_message_id": "i1",
            },
        },
        None,
    ),
    (
        "pre-checkout",
        {
            "update_id": 5,
            "pre_checkout_query": {
                "id": "pc1",
                "from": ANN,
                "currency": "XTR",
                "total_amount": 250,
                "invoice_payload": "order-1",
            },
        },
        PreCheckout(query_id="pc1", payload="order-1", currency="XTR", total_amount=250, **COMMON),
    ),
    (
        "edited message",
        {
            "update_id": 5,
            "edited_message": {
                "message_id": 3,
                "date": 1,
                "edit_date": 2,
                "chat": PRIVATE,
                "from": ANN,
                "text": "x",
            },
        },
        Unsupported(what="edited_message", **COMMON),
    ),
    (
        "group message",
        {
            "update_id": 5,
            "message": {"message_id": 3, "date": 1, "chat": GROUP, "from": ANN, "text": "hi"},
        },
        None,
    ),
    (
        "channel post",
        {
            "update_id": 5,
            "channel_post": {
                "message_id": 3,
                "date": 1,
                "chat": {"id": -1, "type": "channel", "title": "c"},
                "text": "hi",
            },
        },
        None,
    ),
]


def membership(status: str) -> dict[str, Any]:
    member: dict[str, Any] = {
        "user": {"id": 77, "is_bot": True, "first_name": "Bot"},
        "status": status,
    }
    if status == "kicked":
        member["until_date"] = 0
    old = {"user": member["user"], "status": "member"}
    return {
        "update_id": 5,
        "my_chat_member": {
            "chat": PRIVATE,
            "from": ANN,
            "date": 1,
            "old_chat_member": old,
            "new_chat_member": member,
        },
    }


CASES += [
    ("blocked", membership("kicked"), Blocked(**COMMON)),
    ("unblocked", membership("member"), Unblocked(**COMMON)),
]


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
@pytest.mark.parametrize(("name", "raw", "expected"), CASES, ids=[case[0] for case in CASES])
def test_an_update_becomes_its_core_event(
    framework: str, name: str, raw: dict[str, Any], expected: Event | None
) -> None:
    assert translate(framework, raw) == expected
