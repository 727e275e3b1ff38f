"""Two #16 lines checked where the user meets them: Robokassa's page names the product by its
title (not its code), and ``/pay`` in the terminal without an open invoice explains itself."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from chat_driver import Chat
from pydantic import SecretStr
from rich.console import Console

from adapters.terminal import TerminalChannel
from entrypoints.chat import pay_last_invoice
from entrypoints.containers import bot_texts, build_container, conversations_for, resolve
from entrypoints.settings import Settings


async def test_the_robokassa_page_shows_the_product_title_not_its_code(tmp_path: Path) -> None:
    settings = Settings(
        database_url="memory://",
        data_dir=tmp_path,
        robokassa_login="shop",
        robokassa_password1=SecretStr("one-secret"),
        robokassa_password2=SecretStr("two-secret"),
        robokassa_test=True,
    )
    container = build_container(settings)
    chat = Chat(await conversations_for(container, "sleeplab"))
    chat.library = container.questionnaires()
    try:
        await chat.onboard()
        await chat.press("Start level L0")
        await chat.answer_all({"age": "40", "gender": "male"})
        await chat.press("Go on to level L1")
        await chat.press("via Robokassa")

        link = chat.button("Open the payment page").url
        assert link is not None
        description = parse_qs(urlsplit(link).query)["Description"][0]
        assert description == "SleepLab: уровень 1"
        assert "sleeplab_l1" not in link
    finally:
        await resolve(container.shutdown_resources())


async def test_pay_without_an_open_invoice_says_what_to_do(tmp_path: Path) -> None:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    output = io.StringIO()
    channel = TerminalChannel(Console(file=output, width=100))
    try:
        conversations = await conversations_for(container, "sleeplab")
        texts = await bot_texts(container, "sleeplab")

        await pay_last_invoice(conversations, channel, 1, texts)

        assert "There is no open invoice to pay" in " ".join(output.getvalue().split())
    finally:
        await resolve(container.shutdown_resources())
