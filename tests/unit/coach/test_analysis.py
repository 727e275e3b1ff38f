"""The coaching analysis use case: structured answers, retries, fallback, safety, privacy."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest
from coach_chat import png_bytes

from adapters.babel_catalog import load_catalog
from sleeplab_core.bots.coach import BOT
from sleeplab_core.coaching.days import ZonePeriod
from sleeplab_core.coaching.errors import NotOnboarded
from sleeplab_core.coaching.fakes import InMemoryFileStore, OfflineSpeechToText
from sleeplab_core.coaching.model import (
    CheckIn,
    CoachState,
    Goal,
    GoalStatus,
    Horizon,
    MediaKind,
    MediaRef,
    Profile,
)
from sleeplab_core.coaching.module import COACHING
from sleeplab_core.coaching.services import Coach
from sleeplab_core.coaching.use_cases.analyse import analyse
from sleeplab_core.jobs.quiet_hours import QuietHours
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.llm import FakeChatModel, PersonalData, ProviderTimeout
from sleeplab_core.storage import InMemoryStore

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
VALID = json.dumps({"state": "stuck", "steps": ["Walk for 5 minutes"], "questions": []})


def texts() -> object:
    assert BOT.locales is not None
    return load_catalog(overlays=[BOT.locales])


async def seeded(energy: int = 4, happened: str = "ran 2 km") -> InMemoryStore:
    store = InMemoryStore(modules=[COACHING])
    async with store() as uow:
        await uow.coaching.save_profile(
            Profile(
                1,
                ("health",),
                Horizon.MONTH,
                "feel strong",
                energy,
                "UTC",
                time(9),
                QuietHours(),
                NOW,
                zones=(ZonePeriod(NOW, "UTC"),),
            )
        )
        await uow.coaching.add_goal(Goal("g1", 1, "Run a 5k", GoalStatus.ACTIVE, NOW, NOW))
        await uow.coaching.save_check_in(CheckIn("c1", 1, "g1", date(2026, 3, 10), NOW, happened))
        await uow.commit()
    return store


def coach(model: FakeChatModel, files: InMemoryFileStore | None = None) -> Coach:
    return Coach(model, files or InMemoryFileStore(), OfflineSpeechToText(), texts())  # type: ignore[arg-type]


async def run(store: InMemoryStore, service: Coach, personal: PersonalData | None = None):  # type: ignore[no-untyped-def]
    async with store() as uow:
        advice = await analyse(uow, FakeClock(NOW), service, 1, locale="en", personal=personal)
        await uow.commit()
    async with store() as uow:
        return advice, await uow.coaching.sessions(1)


async def test_a_valid_answer_is_stored_as_a_session() -> None:
    model = FakeChatModel([VALID])

    advice, sessions = await run(await seeded(), coach(model))

    assert advice.session is not None
    assert (advice.session.state, advice.session.steps) == (
        CoachState.STUCK,
        ("Walk for 5 minutes",),
    )
    assert sessions == [advice.session]
    assert not advice.session.fallback


async def test_invalid_json_is_repaired_retried_then_falls_back_to_the_rules() -> None:
    model = FakeChatModel(["{not json", '{"state": "happy"}', "nope", '{"steps": []}'])

    advice, sessions = await run(await seeded(), coach(model))

    assert model.complete_calls == 2  # two attempts, each with its repair retry
    assert advice.session is not None
    assert advice.session.fallback
    assert advice.session.steps[0].startswith("Repeat what worked")  # the rules, in words
    assert "{" not in "".join(advice.session.steps)
    assert sessions == [advice.session]


async def test_a_model_timeout_falls_back_without_raising() -> None:
    model = FakeChatModel([ProviderTimeout("fake", "slow"), ProviderTimeout("fake", "slow")])

    advice, _ = await run(await seeded(energy=1), coach(model))

    assert advice.session is not None
    assert advice.session.fallback
    assert advice.session.state is CoachState.OVERLOADED


async def test_a_crisis_message_gets_help_and_never_reaches_the_model() -> None:
    model = FakeChatModel([VALID])

    advice, sessions = await run(await seeded(happened="I want to kill myself"), coach(model))

    assert advice.crisis is not None
    assert advice.session is None
    assert model.complete_calls == 0
    assert sessions == []


async def test_contacts_and_names_are_redacted_before_the_request_leaves() -> None:
    model = FakeChatModel([VALID])
    store = await seeded(happened="Told Anna at anna@example.com, call +7 912 345-67-89")

    await run(store, coach(model), PersonalData(names=("Anna",)))

    sent = model.requests[0].message
    assert "anna@example.com" not in sent
    assert "912" not in sent
    assert "Anna" not in sent


async def test_mood_board_photos_go_to_a_vision_model() -> None:
    files = InMemoryFileStore()
    store = await seeded()
    await files.put("coach/1/m1.png", png_bytes(), "image/png")
    async with store() as uow:
        await uow.coaching.add_media(
            MediaRef("m1", 1, MediaKind.PHOTO, "coach/1/m1.png", "image/png", 60, NOW, "g1")
        )
        await uow.commit()
    model = FakeChatModel([VALID])

    await run(store, coach(model, files))

    assert [image.data for image in model.requests[0].images] == [png_bytes()]


async def test_offline_the_rules_answer_deterministically_without_a_call() -> None:
    model = FakeChatModel(provider="offline")

    first, _ = await run(await seeded(), coach(model))
    second, _ = await run(await seeded(), coach(model))

    assert model.complete_calls == 0
    assert first.session is not None
    assert second.session is not None
    assert (first.session.state, first.session.steps) == (
        second.session.state,
        second.session.steps,
    )
    assert first.session.provider == "rules"


async def test_analysis_needs_onboarding() -> None:
    with pytest.raises(NotOnboarded):
        async with InMemoryStore(modules=[COACHING])() as uow:
            await analyse(uow, FakeClock(NOW), coach(FakeChatModel()), 1, locale="en")


class BrokenFiles(InMemoryFileStore):
    async def get(self, key: str) -> bytes | None:
        raise OSError("the store is down")


async def test_a_file_store_outage_leaves_the_photos_out_but_still_advises() -> None:
    store = await seeded()
    async with store() as uow:
        await uow.coaching.add_media(
            MediaRef("m1", 1, MediaKind.PHOTO, "coach/1/m1.png", "image/png", 60, NOW, "g1")
        )
        await uow.commit()
    model = FakeChatModel([VALID])

    advice, _ = await run(store, coach(model, BrokenFiles()))

    assert advice.session is not None
    assert model.requests[0].images == ()
