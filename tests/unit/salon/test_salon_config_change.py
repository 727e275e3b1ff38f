"""A config change never breaks existing bookings (on SQLite, across two processes' worth of
containers): a booking whose service and specialist were removed is still listed and can be
cancelled."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from dependency_injector import providers
from salon_chat import SalonChat

from entrypoints.containers import Container, build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.bots.salon import BOT
from sleeplab_core.bots.salon.kit import demo_config_path
from sleeplab_core.kernel.clock import FakeClock


def without_manicure_and_anna(folder: Path) -> Path:
    data = tomllib.loads(demo_config_path().read_text(encoding="utf-8"))
    data["services"] = [s for s in data["services"] if s["id"] != "manicure"]
    data["specialists"] = [s for s in data["specialists"] if s["id"] != "anna"]
    for service in data["services"]:
        if "specialists" in service:
            service["specialists"] = [p for p in service["specialists"] if p != "anna"]
    path = folder / "changed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


async def chat_on(tmp_path: Path, clock: FakeClock) -> tuple[SalonChat, Container]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'salon.sqlite3'}", data_dir=tmp_path)
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    container.bots.override(providers.Object({"salon": BOT}))
    return SalonChat(await conversations_for(container, "salon")), container


async def test_bookings_survive_a_config_that_drops_their_service_and_specialist(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, container = await chat_on(tmp_path, clock)
    await before.start()
    await before.say("manicure with Anna tomorrow at 15:00")
    await before.press(1)
    assert (await before.press("Confirm")).text.startswith("Booked: Manicure with Anna")
    await resolve(container.shutdown_resources())

    monkeypatch.setenv("SLEEPLAB_SALON_CONFIG", str(without_manicure_and_anna(tmp_path)))
    after, container = await chat_on(tmp_path, clock)
    try:
        listed = await after.press_menu_mine()
        assert "a service no longer listed with a specialist no longer listed" in listed.text
        await after.press("Cancel")
        cancelled = await after.press("Yes, cancel")
        assert cancelled.text.startswith("Cancelled: a service no longer listed")
    finally:
        await resolve(container.shutdown_resources())
