"""The coach bot end to end on the in-memory store: happy path and bad input."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from pathlib import Path

from coach_chat import CoachChat, ogg_bytes, png_bytes

from entrypoints.containers import Container, unit_of_work_factory
from sleeplab_core.coaching.files import MB
from sleeplab_core.coaching.model import GoalStatus, MediaKind
from sleeplab_core.kernel.clock import FakeClock


async def test_onboarding_ends_with_a_summary_and_a_first_focus(chat: CoachChat) -> None:
    await chat.onboard()

    assert "Time zone: Europe/Berlin" in chat.texts()
    assert "Your first point of focus" in chat.texts()
    assert chat.last == "What would you like to do?"


async def test_an_impossible_reminder_time_and_an_unknown_city_are_refused(
    chat: CoachChat,
) -> None:
    await chat.start()
    await chat.press("ob:yes")
    for answer in ["Run", "health", "month", "why", "3"]:
        await chat.say(answer)
    await chat.say("25:00")
    assert "That is not a time of day" in chat.screens[-2].text
    assert "At what time" in chat.last

    await chat.say("07:00")
    assert "How often shall I remind you?" in chat.last
    await chat.say("sometimes")
    assert "choose one of the buttons" in chat.screens[-2].text
    await chat.press("ob:weekdays")
    await chat.say("22:00-08:00")
    await chat.say("Atlantis")
    assert "I don't know that city" in chat.screens[-2].text
    await chat.say("+3")
    await chat.say("27")
    assert "choose one of the buttons" in chat.screens[-2].text
    await chat.press("ob:4")
    assert "Etc/GMT-3" in chat.texts()


async def test_a_goal_takes_a_photo_and_refuses_other_files_clearly(
    chat: CoachChat, container: Container, tmp_path: Path
) -> None:
    await chat.onboard()
    await chat.command("new_goal")
    await chat.say("Read 12 books")

    await chat.upload("photo", "big.png", png_bytes() + bytes(11 * MB))
    assert "too large: the limit is 10 MB" in chat.last
    await chat.upload("photo", "notes.png", b"GIF89a not a png")
    assert "JPEG, PNG or WebP" in chat.last
    await chat.upload("photo", "board.png", png_bytes())
    assert "Added to the mood board" in chat.last

    async with (await unit_of_work_factory(container))() as uow:
        media = await uow.coaching.media(1)
    assert [(m.kind, m.mime_type) for m in media] == [(MediaKind.PHOTO, "image/png")]
    assert (tmp_path / "data" / "files" / media[0].key).read_bytes() == png_bytes()


async def test_a_check_in_gives_structured_advice_and_the_streak(chat: CoachChat) -> None:
    await chat.onboard()
    await chat.command("checkin")
    await chat.say("Ran 2 km")
    await chat.say("rain")
    await chat.say("kept going")

    assert "Check-in saved" in chat.screens[-2].text
    assert "1. " in chat.screens[-2].text
    assert "Streak: 1 day" in chat.last
    assert "Habit strength: 5%" in chat.last


async def test_a_voice_note_offline_is_kept_and_the_user_writes_the_summary(
    chat: CoachChat, container: Container
) -> None:
    await chat.onboard()
    await chat.command("checkin")
    await chat.upload("voice", "note.ogg", ogg_bytes())
    assert "write a one-line summary" in chat.last
    await chat.say("Walked to work instead of the bus")
    await chat.press("ci:skip")
    await chat.press("ci:skip")

    async with (await unit_of_work_factory(container))() as uow:
        (voice,) = await uow.coaching.media(1)
        (check_in,) = await uow.coaching.check_ins(1)
    assert voice.transcript == "Walked to work instead of the bus"
    assert check_in.happened == "Walked to work instead of the bus"
    assert voice.check_in_id == check_in.id


async def test_a_check_in_keeps_a_photo_and_refuses_a_bad_one_clearly(
    chat: CoachChat, container: Container, tmp_path: Path
) -> None:
    await chat.onboard()
    await chat.command("checkin")
    await chat.upload("photo", "anim.gif", b"GIF89a not a photo we take")
    assert "JPEG, PNG or WebP" in chat.last
    await chat.upload("photo", "run.png", png_bytes())
    assert "Photo kept with this check-in" in chat.screens[-2].text
    assert "What happened since last time?" in chat.last
    for answer in ["Ran 3 km", "rain", "sun"]:
        await chat.say(answer)

    async with (await unit_of_work_factory(container))() as uow:
        (photo,) = await uow.coaching.media(1)
        (check_in,) = await uow.coaching.check_ins(1)
    assert (photo.kind, photo.check_in_id, photo.goal_id) == (MediaKind.PHOTO, check_in.id, None)
    assert (tmp_path / "data" / "files" / photo.key).read_bytes() == png_bytes()


async def test_a_check_in_for_an_archived_goal_is_refused_and_nothing_is_saved(
    chat: CoachChat, container: Container
) -> None:
    await chat.onboard()
    await chat.command("checkin")
    async with (await unit_of_work_factory(container))() as uow:
        (goal,) = await uow.coaching.goals(1)
        await uow.coaching.save_goal(
            type(goal)(
                goal.id, 1, goal.title, GoalStatus.ARCHIVED, goal.created_at, goal.updated_at
            )
        )
        await uow.commit()
    await chat.upload("photo", "run.png", png_bytes())
    for answer in ["Ran", "rain", "sun"]:
        await chat.say(answer)

    assert "This goal is closed" in chat.texts()
    async with (await unit_of_work_factory(container))() as uow:
        assert await uow.coaching.check_ins(1) == []
        assert await uow.coaching.media(1) == []


async def test_checking_in_moves_the_reminder_past_today(
    chat: CoachChat, container: Container, clock: FakeClock
) -> None:
    await chat.onboard()  # 10:00 in Berlin, reminder at 20:30
    async with (await unit_of_work_factory(container))() as uow:
        (before,) = await uow.jobs.list(kind="coach.remind")
    await chat.command("checkin")
    for answer in ["Ran", "rain", "sun"]:
        await chat.say(answer)
    async with (await unit_of_work_factory(container))() as uow:
        (after,) = [j for j in await uow.jobs.list(kind="coach.remind") if j.state == "scheduled"]

    assert before.run_at.hour == 19  # 20:30 CET = 19:30 UTC
    assert after.run_at - before.run_at == timedelta(hours=23)  # next day, after spring forward


async def test_privacy_exports_coaching_data_and_erases_rows_and_files(
    chat: CoachChat, container: Container, tmp_path: Path
) -> None:
    await chat.onboard()
    await chat.command("new_goal")
    await chat.say("Read 12 books")
    await chat.upload("photo", "board.png", png_bytes())
    await chat.command("privacy")
    await chat.press("privacy:export")
    exports = list((tmp_path / "data").rglob("*-coach.json"))
    assert len(exports) == 1
    exported = exports[0].read_text(encoding="utf-8")
    assert "Read 12 books" in exported
    assert '"kind": "photo"' in exported
    (archive,) = list((tmp_path / "data").rglob("*-coach-media.zip"))
    with zipfile.ZipFile(archive) as media:
        (name,) = media.namelist()
        assert media.read(name) == png_bytes()
    assert f'"file": "{name}"' in exported

    await chat.press("privacy:confirm")
    await chat.press("privacy:erase")

    assert "everything is erased" in chat.last
    assert not list((tmp_path / "data" / "files").rglob("*.png"))
    async with (await unit_of_work_factory(container))() as uow:
        assert await uow.coaching.goals(1) == []
        assert await uow.coaching.profile(1) is None
        assert await uow.jobs.list(kind="coach.remind", states=["scheduled"]) == []
        assert await uow.jobs.list(kind="coach.goal_nudge", states=["scheduled"]) == []


async def test_weekday_reminders_are_kept_and_no_reminders_skip_how_often(
    chat: CoachChat, container: Container
) -> None:
    await chat.start()
    await chat.press("ob:yes")
    for answer in ["Run", "health", "month", "why", "3", "08:00"]:
        await chat.say(answer)
    await chat.press("ob:weekdays")
    for answer in ["22:00-07:00", "Berlin"]:
        await chat.say(answer)
    await chat.press("ob:0")
    async with (await unit_of_work_factory(container))() as uow:
        profile = await uow.coaching.profile(1)
        (job,) = await uow.jobs.list(kind="coach.remind")
    assert profile is not None
    assert profile.reminder_days == (0, 1, 2, 3, 4)
    assert job.run_at.isoformat() == "2026-03-30T06:00:00+00:00"  # Monday 08:00 CEST

    other = CoachChat(chat.conversations, chat.files, user_id=2)
    await other.start()
    await other.press("ob:yes")
    for answer in ["Run", "health", "month", "why", "3", "off"]:
        await other.say(answer)
    assert "How often" not in other.last
    assert "When should I stay quiet?" in other.last
