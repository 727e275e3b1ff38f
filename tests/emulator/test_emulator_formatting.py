"""parse_mode: the shown text and entities Telegram derives, and its parse errors."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from hypothesis import given
from hypothesis import strategies as st

from adapters.telegram_emulator import ApiError, Emulator
from adapters.telegram_emulator.formatting import parse_text
from adapters.telegram_emulator.markdown import RESERVED_V2

from .conftest import USER_ID


def test_html_tags_become_entities_with_utf16_offsets() -> None:
    text, entities = parse_text("😴 <b>Сон</b> <a href='https://x.org'>link</a>", "HTML")

    assert text == "😴 Сон link"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "text_link", "url": "https://x.org", "offset": 7, "length": 4},
    ]


def test_markdown_v2_entities_and_escapes() -> None:
    text, entities = parse_text(
        r"*Итог:* 7\.5 ч, _сон_ ||да|| [ссылка](https://x.org)", "MarkdownV2"
    )

    assert text == "Итог: 7.5 ч, сон да ссылка"
    assert [e["type"] for e in entities] == ["bold", "italic", "spoiler", "text_link"]


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        ("Score: 7.5", "Character '.' is reserved"),
        ("*unclosed", "Can't find end of the entity"),
        ("Done!", "Character '!' is reserved"),
    ],
)
def test_markdown_v2_rejects_what_telegram_rejects(source: str, detail: str) -> None:
    with pytest.raises(ApiError, match=detail) as caught:
        parse_text(source, "MarkdownV2")

    assert caught.value.code == 400


def test_legacy_markdown_has_no_escaping_rules() -> None:
    assert parse_text("*7.5* hours!", "Markdown") == (
        "7.5 hours!",
        [{"type": "bold", "offset": 0, "length": 3}],
    )


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])))
def test_escaping_every_reserved_character_shows_the_text_verbatim(plain: str) -> None:
    escaped = "".join("\\" + c if c in RESERVED_V2 or c == "\\" else c for c in plain)

    assert parse_text(escaped, "MarkdownV2") == (plain, [])


async def test_bad_markdown_v2_surfaces_as_bad_request(emu: Emulator, aiogram_bot: Bot) -> None:
    emu.user(USER_ID)

    with pytest.raises(TelegramBadRequest, match="reserved and must be escaped"):
        await aiogram_bot.send_message(USER_ID, "Sleep score: 7.5", parse_mode="MarkdownV2")
