"""The aiogram and PTB shims carry each described Bot API call unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aiogram import Bot as AiogramBot
from aiogram.types import BufferedInputFile
from telegram import InputFile
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from adapters.telegram_aiogram import AiogramCalls
from adapters.telegram_aiogram.channel import result_json
from sleeplab_core.conversation import Button, LabeledPrice, SendInvoice
from sleeplab_core.conversation import telegram_calls as calls
from sleeplab_core.conversation.outbound import CommandMenu
from sleeplab_core.conversation.telegram_calls import BotApiCall

KEYBOARD = ((Button("Yes", data="y"), Button("Site", url="https://x.io")),)
INVOICE = SendInvoice(
    title="Plan",
    description="A month",
    payload="order-7",
    currency="XTR",
    prices=(LabeledPrice(label="Plan", amount=250),),
    subscription_period=2592000,
)
CALLS = [
    calls.send_text(42, "hi", KEYBOARD),
    calls.edit_text(42, 9, "new", KEYBOARD),
    calls.delete(42, 9),
    calls.send_file(42, "file-id", "a.pdf", "cap", photo=False),
    calls.send_file(42, b"png", "chart.png", None, photo=True),
    calls.send_invoice(42, INVOICE),
    calls.create_invoice_link(INVOICE),
    calls.answer_pre_checkout("q", False, "Sold out"),
    calls.answer_callback("c", "Saved"),
    calls.set_my_commands(CommandMenu("en", (("start", "Start"),))),
    calls.set_webhook("https://bot.example/hook", "s3cret"),
    calls.delete_webhook(),
    calls.get_updates(3, 25, 10),
]


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.method)
def test_aiogram_builds_its_method_object_with_the_same_json(call: BotApiCall) -> None:
    method = AiogramCalls(AiogramBot("1:A")).method(call)
    assert method.__api_method__ == call.method
    for key, value in call.params.items():
        assert result_json(getattr(method, key)) == value
    if call.upload is not None:
        upload = getattr(method, call.upload.field)
        assert isinstance(upload, BufferedInputFile)
        assert (upload.data, upload.filename) == (call.upload.content, call.upload.filename)


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.method)
def test_ptb_sends_the_same_parameters(call: BotApiCall) -> None:
    params: dict[str, Any] = dict(call.params)
    if call.upload is not None:
        params[call.upload.field] = InputFile(call.upload.content, filename=call.upload.filename)
    data = RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])
    sent = {
        k: json.loads(v) if v.startswith(("[", "{")) else v for k, v in data.json_parameters.items()
    }
    expected = {k: v if isinstance(v, list | dict) else str(v) for k, v in call.params.items()}
    assert {k: v for k, v in sent.items() if k in expected} == {
        k: (v.lower() if isinstance(v, str) and v in ("True", "False") else v)
        for k, v in expected.items()
    }
    if call.upload is not None:
        assert data.contains_files
        (name, (filename, content, _mime)) = next(iter(data.multipart_data.items()))
        assert (name, filename, content) == (call.upload.field, call.upload.filename, b"png")
