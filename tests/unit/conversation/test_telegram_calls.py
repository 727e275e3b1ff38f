"""Core actions → Bot API calls: each call's method, JSON parameters and upload."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.conversation import Button, LabeledPrice, SendInvoice
from sleeplab_core.conversation import telegram_calls as calls
from sleeplab_core.conversation.outbound import CommandMenu
from sleeplab_core.conversation.performer import RequestRejected
from sleeplab_core.conversation.telegram_calls import BotApiCall, CallingBotApi, Upload
from sleeplab_core.conversation.telegram_runtime import ALLOWED_UPDATES

KEYBOARD = (
    (Button("Yes", data="y"), Button("No", data="n")),
    (Button("Site", url="https://x.io"),),
)
MARKUP = {
    "inline_keyboard": [
        [{"text": "Yes", "callback_data": "y"}, {"text": "No", "callback_data": "n"}],
        [{"text": "Site", "url": "https://x.io"}],
    ]
}
INVOICE = SendInvoice(
    title="Plan",
    description="A month",
    payload="order-7",
    currency="XTR",
    prices=(LabeledPrice(label="Plan", amount=250), LabeledPrice(label="Tip", amount=5)),
    subscription_period=2592000,
)


def test_text_is_sent_plain_with_its_inline_keyboard() -> None:
    call = calls.send_text(42, "*not bold*", KEYBOARD)
    assert call == BotApiCall(
        "sendMessage", {"chat_id": 42, "text": "*not bold*", "reply_markup": MARKUP}
    )
    assert "parse_mode" not in call.params


def test_text_without_buttons_has_no_reply_markup() -> None:
    assert calls.send_text(42, "hi", ()).params == {"chat_id": 42, "text": "hi"}
    assert calls.inline_keyboard(()) is None


def test_edit_replaces_text_and_keyboard() -> None:
    call = calls.edit_text(42, 9, "new", KEYBOARD)
    assert call.method == "editMessageText"
    assert call.params == {"chat_id": 42, "message_id": 9, "text": "new", "reply_markup": MARKUP}
    assert "reply_markup" not in calls.edit_text(42, 9, "new", ()).params


def test_delete() -> None:
    assert calls.delete(42, 9) == BotApiCall("deleteMessage", {"chat_id": 42, "message_id": 9})


def test_bytes_are_uploaded_under_the_documents_field() -> None:
    call = calls.send_file(42, b"%PDF", "report.pdf", "Your report", photo=False)
    assert call.method == "sendDocument"
    assert call.params == {"chat_id": 42, "caption": "Your report"}
    assert call.upload == Upload("document", b"%PDF", "report.pdf")


def test_a_photo_by_file_id_is_not_uploaded_and_has_no_caption_when_none() -> None:
    call = calls.send_file(42, "AgAD-file-id", "chart.png", None, photo=True)
    assert call == BotApiCall("sendPhoto", {"chat_id": 42, "photo": "AgAD-file-id"})


def test_bytes_without_a_name_are_refused() -> None:
    with pytest.raises(ValueError, match="name"):
        calls.send_file(42, b"x", "", None, photo=False)


def test_invoice_carries_prices_and_start_parameter() -> None:
    call = calls.send_invoice(42, INVOICE)
    assert call.method == "sendInvoice"
    assert call.params == {
        "chat_id": 42,
        "title": "Plan",
        "description": "A month",
        "payload": "order-7",
        "currency": "XTR",
        "prices": [{"label": "Plan", "amount": 250}, {"label": "Tip", "amount": 5}],
        "provider_token": "",
        "start_parameter": INVOICE.start_parameter,
    }


def test_invoice_link_carries_the_subscription_period_only_when_set() -> None:
    call = calls.create_invoice_link(INVOICE)
    assert call.method == "createInvoiceLink"
    assert call.params["subscription_period"] == 2592000
    assert "chat_id" not in call.params
    assert "start_parameter" not in call.params
    one_off = SendInvoice(
        title="t",
        description="d",
        payload="p",
        currency="XTR",
        prices=(LabeledPrice(label="t", amount=1),),
    )
    assert "subscription_period" not in calls.create_invoice_link(one_off).params


def test_pre_checkout_answers() -> None:
    assert calls.answer_pre_checkout("q1", True, None) == BotApiCall(
        "answerPreCheckoutQuery", {"pre_checkout_query_id": "q1", "ok": True}
    )
    refused = calls.answer_pre_checkout("q1", False, "Sold out")
    assert refused.params == {
        "pre_checkout_query_id": "q1",
        "ok": False,
        "error_message": "Sold out",
    }


def test_callback_answer_with_and_without_a_toast() -> None:
    assert calls.answer_callback("c1", None).params == {"callback_query_id": "c1"}
    assert calls.answer_callback("c1", "Saved").params == {
        "callback_query_id": "c1",
        "text": "Saved",
    }


def test_commands_per_language_and_the_default_menu() -> None:
    menu = CommandMenu("ru", (("start", "Начать"), ("help", "Помощь")))
    assert calls.set_my_commands(menu) == BotApiCall(
        "setMyCommands",
        {
            "commands": [
                {"command": "start", "description": "Начать"},
                {"command": "help", "description": "Помощь"},
            ],
            "language_code": "ru",
        },
    )
    assert "language_code" not in calls.set_my_commands(CommandMenu(None, ())).params


def test_webhook_and_polling_calls() -> None:
    hook = calls.set_webhook("https://bot.example/hook", "s3cret")
    assert hook.params == {
        "url": "https://bot.example/hook",
        "secret_token": "s3cret",
        "allowed_updates": ALLOWED_UPDATES,
    }
    assert calls.delete_webhook() == BotApiCall("deleteWebhook", {})
    poll = calls.get_updates(None, 25, 10)
    assert poll.params == {"timeout": 25, "allowed_updates": ALLOWED_UPDATES}
    assert poll.read_timeout == 35
    assert calls.get_updates(7, 25, 10).params["offset"] == 7


def test_results_give_message_and_file_ids() -> None:
    assert calls.message_id_of("sendMessage", {"message_id": 5, "chat": {"id": 1}}) == 5
    photo = {"message_id": 6, "photo": [{"file_id": "small"}, {"file_id": "large"}]}
    assert calls.file_id_of(photo) == "large"
    assert calls.file_id_of({"message_id": 7, "document": {"file_id": "doc"}}) == "doc"
    assert calls.file_id_of({"message_id": 8}) is None
    assert calls.file_id_of(True) is None


@pytest.mark.parametrize("result", [True, None, {"message_id": "5"}, {"message_id": True}, [1]])
def test_a_result_that_is_no_message_is_rejected_not_retried(result: Any) -> None:
    with pytest.raises(RequestRejected, match="sendMessage"):
        calls.message_id_of("sendMessage", result)


button = st.builds(
    Button,
    label=st.text(min_size=1, max_size=20),
    data=st.text(alphabet="abc:0123456789", max_size=20),
    url=st.one_of(st.none(), st.just("https://example.org/a")),
)


@given(st.lists(st.lists(button, min_size=1, max_size=4).map(tuple), max_size=5).map(tuple))
def test_every_keyboard_is_json_with_one_action_per_button(rows: Any) -> None:
    markup = calls.inline_keyboard(rows)
    if not rows:
        assert markup is None
        return
    assert markup is not None
    assert json.loads(json.dumps(markup)) == markup
    sent = markup["inline_keyboard"]
    assert [len(r) for r in sent] == [len(r) for r in rows]
    for sent_row, row in zip(sent, rows, strict=True):
        for shown, b in zip(sent_row, row, strict=True):
            assert shown["text"] == b.label
            assert (shown.get("url"), shown.get("callback_data")) == (
                (b.url, None) if b.url else (None, b.data)
            )


class Recorder:
    def __init__(self, result: Any) -> None:
        self.result = result
        self.calls: list[BotApiCall] = []

    async def __call__(self, call: BotApiCall) -> Any:
        self.calls.append(call)
        return self.result


async def test_the_bot_api_executes_the_described_calls() -> None:
    sent = Recorder({"message_id": 11, "document": {"file_id": "F1"}})
    api = CallingBotApi(sent)
    assert await api.send_text(42, "hi", KEYBOARD) == 11
    assert await api.send_file(42, b"x", "a.pdf", None, False) == (11, "F1")
    assert await api.send_invoice(42, INVOICE) == 11
    await api.edit_text(42, 11, "new", ())
    await api.delete(42, 11)
    await api.answer_callback("c", None)
    await api.answer_pre_checkout("q", True, None)
    assert [c.method for c in sent.calls] == [
        "sendMessage",
        "sendDocument",
        "sendInvoice",
        "editMessageText",
        "deleteMessage",
        "answerCallbackQuery",
        "answerPreCheckoutQuery",
    ]


async def test_an_invoice_link_must_be_a_string() -> None:
    assert await CallingBotApi(Recorder("https://t.me/$abc")).create_invoice_link(INVOICE) == (
        "https://t.me/$abc"
    )
    with pytest.raises(RequestRejected, match="createInvoiceLink"):
        await CallingBotApi(Recorder(True)).create_invoice_link(INVOICE)
