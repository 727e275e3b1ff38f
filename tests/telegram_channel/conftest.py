"""Fixtures: a loopback Bot API emulator per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.telegram_emulator import Emulator


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator() as emulator:
        yield emulator
