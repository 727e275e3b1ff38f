"""Editing a goal after it was created: its title and its mood board, from /goals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach_chat import CoachChat, ogg_bytes, png_bytes

from entrypoints.containers import Container, unit_of_work_factory
from sleeplab_core.coaching.files import MB
from sleeplab_core.coaching.model import MediaKind
from sleeplab_core.coaching.use_cases.goals import MAX_BOARD_PHOTOS


def stored_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "files").rglob("*.*"))


async def goal_with_photo(chat: CoachChat) -> None:
    await chat.onboard()
    chat.clock.advance(timedelta(minutes=5))  # the new goal lists after the first one
    await chat.command("new_goal")
    await chat.say("Read 12 books")
    await chat.upload("photo", "board.png", png_bytes())
    await chat.press("goal:done")
    await chat.command("goals")
    await chat.press("gl:1")  # the onboarding goal is 0, "Read 12 books" is 1


async def test_a_goal_is_renamed_and_a_bad_title_changes_nothing(
    chat: CoachChat, container: Container
) -> None:
    await goal_with_photo(chat)
    assert "Mood board: 1 photo" in chat.last
    await chat.press("ge:rename")

    await chat.say("   ")
    assert "A goal needs 1 to 200 characters" in chat.last
    await chat.say("x" * 201)
    assert "A goal needs 1 to 200 characters" in chat.last
    async with (await unit_of_work_factory(container))() as uow:
        assert [g.title for g in await uow.coaching.goals(1)] == ["Run a 5k", "Read 12 books"]

    await chat.say("  Read   24 books ")
    assert "Renamed: Read 24 books" in chat.texts()
    assert "🎯 Read 24 books" in chat.last
    async with (await unit_of_work_factory(container))() as uow:
        goals = await uow.coaching.goals(1)
    assert [g.title for g in goals] == ["Run a 5k", "Read 24 books"]


async def test_a_photo_is_replaced_and_the_old_file_leaves_the_store(
    chat: CoachChat, container: Container, tmp_path: Path
) -> None:
    await goal_with_photo(chat)
    (old,) = stored_files(tmp_path)
    await chat.press("ge:board")
    assert "1. PNG photo" in chat.last
    await chat.press("gp:r:0")

    await chat.upload("photo", "big.png", png_bytes() + bytes(11 * MB))
    assert "too large: the limit is 10 MB" in chat.last
    await chat.upload("photo", "anim.gif", b"GIF89a not a photo we take")
    assert "JPEG, PNG or WebP" in chat.last
    await chat.upload("voice", "note.ogg", b"OggS" + bytes(60))
    assert "Here I need a photo" in chat.last
    assert stored_files(tmp_path) == [old]  # every refusal kept the old photo

    new_photo = png_bytes() + b"new"
    await chat.upload("photo", "new.png", new_photo)

    assert "Photo replaced; the old one is deleted" in chat.last
    (now,) = stored_files(tmp_path)
    assert now != old
    assert now.read_bytes() == new_photo
    async with (await unit_of_work_factory(container))() as uow:
        (media,) = await uow.coaching.media(1)
    assert now.as_posix().endswith(media.key)


async def test_a_photo_is_removed_from_the_board_and_the_store(
    chat: CoachChat, container: Container, tmp_path: Path
) -> None:
    await goal_with_photo(chat)
    await chat.press("ge:board")
    await chat.press("gp:add")
    chat.clock.advance(timedelta(minutes=1))  # listed after the first photo
    await chat.upload("photo", "second.png", png_bytes() + b"2")
    assert "Added to the mood board" in chat.last
    assert "2. PNG photo" in chat.last
    assert len(stored_files(tmp_path)) == 2

    await chat.press("gp:d:0")

    assert "Photo removed and deleted" in chat.last
    assert "2. PNG" not in chat.last
    (left,) = stored_files(tmp_path)
    assert left.read_bytes() == png_bytes() + b"2"
    async with (await unit_of_work_factory(container))() as uow:
        assert len(await uow.coaching.media(1)) == 1

    await chat.press("gp:d:5")  # a stale button: the board is shown again, nothing removed
    assert len(stored_files(tmp_path)) == 1


async def test_a_full_mood_board_refuses_one_more_photo(
    chat: CoachChat, container: Container, tmp_path: Path
) -> None:
    await goal_with_photo(chat)
    await chat.press("ge:board")
    for n in range(MAX_BOARD_PHOTOS - 1):
        await chat.press("gp:add")
        await chat.upload("photo", f"p{n}.png", png_bytes() + bytes([n]))
    await chat.press("gp:add")

    await chat.upload("photo", "one-more.png", png_bytes() + b"more")

    assert f"holds up to {MAX_BOARD_PHOTOS} photos" in chat.last
    assert len(stored_files(tmp_path)) == MAX_BOARD_PHOTOS
    await chat.press("ge:board")
    await chat.press("gp:r:0")  # replacing still works on a full board
    await chat.upload("photo", "swap.png", png_bytes() + b"swap")
    assert "Photo replaced" in chat.last
    assert len(stored_files(tmp_path)) == MAX_BOARD_PHOTOS


async def test_a_closed_goal_can_lose_photos_but_takes_none(
    chat: CoachChat, tmp_path: Path
) -> None:
    await goal_with_photo(chat)
    await chat.press("gs:archived")
    await chat.press("gl:1")
    await chat.press("ge:board")

    assert "Add a photo" not in str(chat.screens[-1].buttons)
    assert "Replace" not in str(chat.screens[-1].buttons)
    await chat.press("gp:add")  # a forged button is refused by the use case
    await chat.upload("photo", "late.png", png_bytes() + b"late")
    assert "This goal is closed" in chat.texts()
    await chat.press("ge:board")
    await chat.press("gp:d:0")
    assert "Photo removed and deleted" in chat.last
    assert stored_files(tmp_path) == []


async def test_a_new_goal_keeps_a_voice_note_and_refuses_other_files(
    chat: CoachChat, container: Container, tmp_path: Path
) -> None:
    await chat.onboard()
    await chat.command("new_goal")
    await chat.say("Learn Spanish")

    await chat.upload("document", "plan.pdf", b"%PDF-1.4")
    assert "a photo for the mood board or a voice note" in chat.last
    await chat.upload("voice", "bad.ogg", b"not audio")
    assert "voice notes as OGG, MP3, M4A or WAV" in chat.last
    await chat.upload("voice", "why.ogg", ogg_bytes())
    assert "Voice note kept with the goal" in chat.last

    async with (await unit_of_work_factory(container))() as uow:
        (goal,) = [g for g in await uow.coaching.goals(1) if g.title == "Learn Spanish"]
        (voice,) = await uow.coaching.media(1, goal.id)
    assert voice.kind is MediaKind.VOICE
    assert (tmp_path / "data" / "files" / voice.key).read_bytes() == ogg_bytes()
