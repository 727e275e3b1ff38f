"""Uploads (multipart, both frameworks' encodings), reuse by file_id, getFile and download."""

from __future__ import annotations

import aiohttp
import pytest
import telegram
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile

from adapters.telegram_emulator import Emulator
from adapters.telegram_emulator.actions import TINY_PNG

from .conftest import USER_ID


async def test_aiogram_upload_then_reuse_by_file_id(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    upload = BufferedInputFile(b"%PDF-1.4 report", filename="report.pdf")

    first = await aiogram_bot.send_document(USER_ID, upload, caption="Your report")
    assert first.document is not None
    again = await aiogram_bot.send_document(USER_ID, first.document.file_id)

    assert again.document is not None
    assert again.document.file_id == first.document.file_id
    assert again.document.file_unique_id == first.document.file_unique_id
    assert (first.document.file_name, first.document.mime_type) == ("report.pdf", "application/pdf")
    assert [(e.kind, e.text) for e in user.transcript()] == [
        ("document", "Your report"),
        ("document", None),
    ]


async def test_ptb_upload_then_reuse_by_file_id(emu: Emulator, ptb_bot: telegram.Bot) -> None:
    emu.user(USER_ID)

    first = await ptb_bot.send_document(USER_ID, b"col1,col2\n", filename="data.csv")
    again = await ptb_bot.send_document(USER_ID, first.document.file_id)

    assert again.document.file_id == first.document.file_id
    assert first.document.file_name == "data.csv"
    assert first.document.file_size == len(b"col1,col2\n")


async def test_unknown_file_id_is_a_bad_request(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.user(USER_ID)

    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await aiogram_bot.send_document(USER_ID, "BQACAgIAAxkBAAIunknown")


async def test_get_file_then_download_returns_the_uploaded_bytes(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    emu.user(USER_ID)
    sent = await ptb_bot.send_document(USER_ID, b"exact bytes", filename="a.bin")

    file = await ptb_bot.get_file(sent.document.file_id)

    assert file.file_path is not None
    assert file.file_path.endswith(".bin")
    assert bytes(await file.download_as_bytearray()) == b"exact bytes"


async def test_aiogram_downloads_a_users_photo(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)
    await user.send_photo(caption="my bedroom")
    [update] = await aiogram_bot.get_updates(timeout=0)
    assert update.message is not None
    assert update.message.photo is not None

    downloaded = await aiogram_bot.download(update.message.photo[-1].file_id)

    assert downloaded is not None
    assert downloaded.read() == TINY_PNG
    assert update.message.caption == "my bedroom"


async def test_send_photo_reports_the_image_size(emu: Emulator, aiogram_bot: Bot) -> None:
    user = emu.user(USER_ID)

    sent = await aiogram_bot.send_photo(USER_ID, BufferedInputFile(TINY_PNG, "chart.png"))

    assert sent.photo is not None
    assert (sent.photo[-1].width, sent.photo[-1].height) == (2, 2)
    assert user.transcript()[0].kind == "photo"


async def test_a_document_id_cannot_be_sent_as_a_photo(
    emu: Emulator, ptb_bot: telegram.Bot
) -> None:
    emu.user(USER_ID)
    sent = await ptb_bot.send_document(USER_ID, b"text", filename="a.txt")

    with pytest.raises(telegram.error.BadRequest, match=r"(?i)type of file mismatch"):
        await ptb_bot.send_photo(USER_ID, sent.document.file_id)


async def test_unknown_file_path_downloads_404(emu: Emulator) -> None:
    url = f"{emu.base_url}/file/bot{emu.token}/documents/missing.bin"

    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 404
