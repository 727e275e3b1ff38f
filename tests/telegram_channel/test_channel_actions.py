"""Core actions become the right Bot API calls, the same in aiogram and PTB."""

from __future__ import annotations

import json

import pytest

from adapters.telegram_emulator import Emulator
from sleeplab_core.conversation import (
    Attachment,
    Button,
    DeleteMessage,
    EditScreen,
    LabeledPrice,
    Receipt,
    RecipientBlocked,
    Screen,
    SendDocument,
    SendInvoice,
    SendScreen,
)
from sleeplab_core.documents.fakes import InMemoryDocumentStore
from telegram_channel.channels import FRAMEWORKS, channel_for

USER = 1001
QUESTION = Screen.of("How old are you?", [[Button("⬅ Back", "cmd:back")]])
REPORT = Attachment(key="reports/r1.pdf", filename="report.pdf")

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)


async def test_a_screen_is_sent_with_its_inline_keyboard(framework: str, emu: Emulator) -> None:
    emu.user(USER, "Ann")
    async with channel_for(framework, emu, USER, InMemoryDocumentStore()) as channel:
        (receipt,) = await channel.perform(USER, [SendScreen(screen=QUESTION, tag="screen")], {})

    (message,) = emu.user(USER).transcript()
    assert receipt == Receipt("screen", message.message_id)
    assert (message.text, message.buttons) == ("How old are you?", (("⬅ Back",),))
    markup = emu.calls.of("sendMessage")[0].params["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    assert markup["inline_keyboard"][0][0]["callback_data"] == "cmd:back"


async def test_an_edit_replaces_the_tagged_message_and_a_lost_one_is_sent_anew(
    framework: str, emu: Emulator
) -> None:
    emu.user(USER, "Ann")
    async with channel_for(framework, emu, USER, InMemoryDocumentStore()) as channel:
        ids: dict[str, int] = {}
        await channel.perform(USER, [SendScreen(screen=QUESTION, tag="screen")], ids)
        await channel.perform(USER, [EditScreen(screen=Screen.of("Next"), tag="screen")], ids)
        await channel.perform(USER, [EditScreen(screen=Screen.of("Again"), tag="gone")], {})

    texts = [(m.text, m.edited) for m in emu.user(USER).transcript()]
    assert texts == [("Next", True), ("Again", False)]


async def test_an_unchanged_edit_is_not_an_error(framework: str, emu: Emulator) -> None:
    emu.user(USER, "Ann")
    async with channel_for(framework, emu, USER, InMemoryDocumentStore()) as channel:
        ids: dict[str, int] = {}
        await channel.perform(USER, [SendScreen(screen=QUESTION, tag="screen")], ids)
        receipts = await channel.perform(USER, [EditScreen(screen=QUESTION, tag="screen")], ids)

    assert receipts == [Receipt("screen", ids["screen"])]
    assert len(emu.user(USER).transcript()) == 1


async def test_deleting_a_tagged_message_removes_it_once(framework: str, emu: Emulator) -> None:
    emu.user(USER, "Ann")
    async with channel_for(framework, emu, USER, InMemoryDocumentStore()) as channel:
        ids: dict[str, int] = {}
        await channel.perform(USER, [SendScreen(screen=QUESTION, tag="offer")], ids)
        stale = dict(ids)
        receipts = await channel.perform(USER, [DeleteMessage(tag="offer")], ids)
        await channel.perform(USER, [DeleteMessage(tag="offer")], stale)  # already gone: quiet

    assert receipts == [Receipt("offer", None)]
    assert emu.user(USER).transcript() == []


async def test_a_document_is_uploaded_once_then_sent_by_its_cached_file_id(
    framework: str, emu: Emulator
) -> None:
    emu.user(USER, "Ann")
    documents = InMemoryDocumentStore()
    await documents.put(REPORT.key, b"%PDF-1.4 report")
    send = SendDocument(attachment=REPORT, caption="Your report")
    async with channel_for(framework, emu, USER, documents) as channel:
        await channel.perform(USER, [send], {})
        await channel.perform(USER, [send], {})

    first, second = (call.params["document"] for call in emu.calls.of("sendDocument"))
    cached = await documents.file_id_for(REPORT.key, "sleeplab")
    uploaded = str(first)
    assert "report.pdf" in uploaded or uploaded.startswith("attach://"), "uploads the file"
    assert second == cached != first
    kinds = [(m.kind, m.text) for m in emu.user(USER).transcript()]
    assert kinds == [("document", "Your report")] * 2


async def test_a_refused_cached_file_id_falls_back_to_an_upload(
    framework: str, emu: Emulator
) -> None:
    emu.user(USER, "Ann")
    documents = InMemoryDocumentStore()
    await documents.put(REPORT.key, b"%PDF-1.4 report")
    await documents.remember_file_id(REPORT.key, "sleeplab", "expired-file-id")
    async with channel_for(framework, emu, USER, documents) as channel:
        await channel.perform(USER, [SendDocument(attachment=REPORT)], {})

    assert [m.kind for m in emu.user(USER).transcript()] == ["document"]
    assert await documents.file_id_for(REPORT.key, "sleeplab") != "expired-file-id"


async def test_an_invoice_for_stars_is_sent(framework: str, emu: Emulator) -> None:
    emu.user(USER, "Ann")
    invoice = SendInvoice(
        title="Level L1",
        description="In-depth assessment",
        payload="order-1",
        currency="XTR",
        prices=(LabeledPrice(label="L1", amount=250),),
        tag="offer",
    )
    async with channel_for(framework, emu, USER, InMemoryDocumentStore()) as channel:
        (receipt,) = await channel.perform(USER, [invoice], {})

    (message,) = emu.user(USER).transcript()
    assert (message.kind, message.text, receipt.message_id) == (
        "invoice",
        "Level L1",
        message.message_id,
    )
    assert message.message["invoice"]["total_amount"] == 250


async def test_a_user_who_blocked_the_bot_raises_recipient_blocked(
    framework: str, emu: Emulator
) -> None:
    user = emu.user(USER, "Ann")
    await user.block()
    async with channel_for(framework, emu, USER, InMemoryDocumentStore()) as channel:
        with pytest.raises(RecipientBlocked):
            await channel.perform(USER, [SendScreen(screen=QUESTION, tag="screen")], {})

    assert emu.calls.count("sendMessage") == 1, "a 403 is never retried"
