"""The time zone from a shared location: onboarding's zone step and /timezone."""

from __future__ import annotations

import pytest
from coach_chat import ONBOARDING, CoachChat

from adapters.zones_timezonefinder import TimezoneFinderZones
from entrypoints.containers import Container, unit_of_work_factory
from sleeplab_core.coaching.use_cases.remind import REMIND_JOB_KIND
from sleeplab_core.conversation import Location

BERLIN = (52.52, 13.405)
TOKYO = (35.68, 139.69)


async def share(chat: CoachChat, latitude: float, longitude: float, **more: object) -> None:
    await chat.send(
        Location(user_id=chat.user_id, latitude=latitude, longitude=longitude, **more)  # type: ignore[arg-type]
    )


async def up_to_the_zone_step(chat: CoachChat) -> None:
    await chat.start()
    await chat.press("ob:yes")
    for answer in ONBOARDING[:6]:
        await chat.say(answer)
    await chat.press("ob:daily")
    await chat.say(ONBOARDING[6])


async def pending_reminders(container: Container) -> list[object]:
    async with (await unit_of_work_factory(container))() as uow:
        return await uow.jobs.list(kind=REMIND_JOB_KIND, states=["scheduled"])


async def test_onboarding_takes_the_zone_from_a_shared_location(
    chat: CoachChat, container: Container
) -> None:
    await up_to_the_zone_step(chat)
    await share(chat, *BERLIN)
    assert "📍 Your location is in the Europe/Berlin time zone." in chat.texts()
    await chat.press("ob:0")

    assert "Time zone: Europe/Berlin" in chat.texts()
    (reminder,) = await pending_reminders(container)
    assert reminder.run_at.isoformat() == "2026-03-28T19:30:00+00:00"  # type: ignore[attr-defined]


async def test_timezone_takes_a_location_and_moves_the_reminder(
    chat: CoachChat, container: Container
) -> None:
    await chat.onboard()  # Berlin, reminder 20:30
    await chat.command("timezone")
    await share(chat, *TOKYO)

    assert "📍 Your location is in the Asia/Tokyo time zone." in chat.texts()
    assert "Time zone set to Asia/Tokyo" in chat.texts()
    (reminder,) = await pending_reminders(container)
    assert reminder.run_at.isoformat() == "2026-03-28T11:30:00+00:00"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("latitude", "longitude"), [(95.0, 10.0), (10.0, -200.0)])
async def test_coordinates_off_the_globe_get_a_message_and_the_question_again(
    chat: CoachChat, container: Container, latitude: float, longitude: float
) -> None:
    await chat.onboard()
    await chat.command("timezone")
    await share(chat, latitude, longitude)

    assert "not on the globe" in chat.screens[-2].text
    assert chat.last.startswith("Which city do you live in")
    (reminder,) = await pending_reminders(container)
    assert reminder.run_at.isoformat() == "2026-03-28T19:30:00+00:00"  # type: ignore[attr-defined]
    await chat.say("Tokyo")  # the question still stands
    assert "Time zone set to Asia/Tokyo" in chat.texts()


async def test_a_location_without_a_zone_gets_a_message_and_the_step_again(
    chat: CoachChat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TimezoneFinderZones, "zone_at", lambda self, lat, lon: None)
    await up_to_the_zone_step(chat)
    await share(chat, 0.0, -30.0)

    assert "couldn't find a time zone at that location" in chat.screens[-2].text
    assert chat.last.startswith("Which city do you live in")
    await chat.say("Berlin")  # the step still stands; nothing was stored from the location
    await chat.press("ob:0")
    assert "Time zone: Europe/Berlin" in chat.texts()
    assert "time zone." not in chat.texts()  # no zone was confirmed from the location


async def test_live_location_updates_are_dropped_and_elsewhere_a_location_is_unsupported(
    chat: CoachChat,
) -> None:
    await chat.onboard()
    before = len(chat.screens)
    await share(chat, *TOKYO, live_period=900, message_id=7, edited=True)
    assert len(chat.screens) == before
    await share(chat, *TOKYO)
    assert len(chat.screens) == before + 1
    assert chat.last == "I can only read text and button presses here."


async def test_a_stray_command_mid_onboarding_keeps_the_answers_and_asks_again(
    chat: CoachChat,
) -> None:
    await up_to_the_zone_step(chat)
    zone_question = chat.last
    seen = len(chat.screens)

    await chat.command("locatoin")  # a typo, or a malformed /location in the terminal

    replies = [screen.text for screen in chat.screens[seen:]]
    assert any("/locatoin" in text for text in replies)
    assert replies[-1] == zone_question
    await share(chat, *BERLIN)
    assert "📍 Your location is in the Europe/Berlin time zone." in chat.texts()
    await chat.press("ob:0")
    assert "Time zone: Europe/Berlin" in chat.texts()
