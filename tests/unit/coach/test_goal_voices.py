"""A goal's voice notes on its screen: how many, what each said, and playing one back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach_chat import CoachChat, ogg_bytes

from adapters.local_files.store import LocalFileStore
from entrypoints.containers import Container, unit_of_work_factory
from sleeplab_core.coaching.model import MediaKind
from sleeplab_core.coaching.use_cases.goals import attach_media
from sleeplab_core.conversation import SendDocument
from sleeplab_core.kernel.clock import FakeClock

SAID = "I want to order a coffee in Madrid without switching to English"


def record_documents(chat: CoachChat) -> list[SendDocument]:
    documents: list[SendDocument] = []
    original = chat.perform

    async def perform(user_id, actions, message_ids):  # type: ignore[no-untyped-def]
        documents.extend(a for a in actions if isinstance(a, SendDocument))
        return await original(user_id, actions, message_ids)

    chat.perform = perform  # type: ignore[method-assign]
    return documents


async def goal_with_two_voice_notes(
    chat: CoachChat, container: Container, tmp_path: Path, clock: FakeClock
) -> None:
    """ "Learn Spanish": one note kept offline (no transcript), one with a transcript."""
    await chat.onboard()
    clock.advance(timedelta(minutes=5))  # the new goal lists after the first one
    await chat.command("new_goal")
    await chat.say("Learn Spanish")
    await chat.upload("voice", "why.ogg", ogg_bytes())
    await chat.press("goal:done")
    clock.advance(timedelta(minutes=1))
    files = LocalFileStore(tmp_path / "data" / "files")
    async with (await unit_of_work_factory(container))() as uow:
        (goal,) = [g for g in await uow.coaching.goals(1) if g.title == "Learn Spanish"]
        await attach_media(
            uow,
            clock,
            files,
            1,
            MediaKind.VOICE,
            ogg_bytes() + b"second",
            goal_id=goal.id,
            transcript=SAID,
        )
        await uow.commit()
    await chat.command("goals")
    await chat.press("gl:1")  # the onboarding goal is 0, "Learn Spanish" is 1


async def test_a_goals_screen_counts_its_voice_notes_and_shows_what_each_said(
    chat: CoachChat, container: Container, tmp_path: Path, clock: FakeClock
) -> None:
    await goal_with_two_voice_notes(chat, container, tmp_path, clock)

    lines = chat.last.splitlines()
    assert "🎙 Voice notes: 2" in lines
    assert "1. 2026-03-28: (no transcript)" in lines
    assert f"2. 2026-03-28: {SAID}" in lines
    labels = [button.label for button in chat.screens[-1].all_buttons()]
    assert [x for x in labels if "Play" in x] == ["▶️ Play note 1", "▶️ Play note 2"]


async def test_a_goal_without_voice_notes_shows_no_voice_lines(chat: CoachChat) -> None:
    await chat.onboard()
    await chat.command("goals")
    await chat.press("gl:0")

    assert "Voice notes" not in chat.last
    assert not [b for b in chat.screens[-1].all_buttons() if b.data.startswith("gv:")]


async def test_playing_a_voice_note_sends_the_file_again_with_its_transcript(
    chat: CoachChat, container: Container, tmp_path: Path, clock: FakeClock
) -> None:
    documents = record_documents(chat)
    await goal_with_two_voice_notes(chat, container, tmp_path, clock)

    await chat.press("gv:1")
    await chat.press("gv:1")  # played twice: the same staged file, sent again
    await chat.press("gv:7")  # a stale button: the goal's screen again, nothing sent

    first, second = documents
    assert first == second
    assert first.caption == f"🎙 Learn Spanish, note 2: {SAID}"
    assert first.attachment.filename == "voice-note-2.ogg"
    assert first.attachment.path is not None
    assert Path(first.attachment.path).read_bytes() == ogg_bytes() + b"second"
    assert "🎙 Voice notes: 2" in chat.last

    await chat.command("privacy")  # erasing the user erases the played copy too
    await chat.press("privacy:erase")
    assert not Path(first.attachment.path).exists()


async def test_a_voice_note_whose_file_is_gone_is_refused_clearly(
    chat: CoachChat, container: Container, tmp_path: Path, clock: FakeClock
) -> None:
    documents = record_documents(chat)
    await goal_with_two_voice_notes(chat, container, tmp_path, clock)
    for path in (tmp_path / "data" / "files").rglob("*.ogg"):
        path.unlink()

    await chat.press("gv:0")

    assert documents == []
    assert "can no longer be played" in chat.texts()
    assert "🎙 Voice notes: 2" in chat.last
