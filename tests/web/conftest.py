"""The HTTP app with every payment gateway configured, on the in-memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from web_support import BOT, PASSWORD1, PASSWORD2, TILDA_SECRET, TILDA_TOKEN_SECRET

from entrypoints.containers import Container, build_container, resolve
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.payments import PaymentsContext


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="memory://",
        data_dir=tmp_path,
        bot_username=BOT,
        robokassa_login="sleeplab-shop",
        robokassa_password1=PASSWORD1,
        robokassa_password2=PASSWORD2,
        tilda_secret=TILDA_SECRET,
        tilda_token_secret=TILDA_TOKEN_SECRET,
        tilda_page_url="https://sleeplab.example/pay",
    )


@pytest.fixture
async def container(settings: Settings) -> AsyncIterator[Container]:
    built = build_container(settings)
    yield built
    await resolve(built.shutdown_resources())


@pytest.fixture
async def payments(container: Container) -> PaymentsContext:
    await resolve(container.init_resources())
    context: PaymentsContext = await resolve(container.payments())
    return context


@pytest.fixture
async def web(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
        yield client
