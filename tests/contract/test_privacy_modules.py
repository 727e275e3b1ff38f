"""The shared erasure and export reach the capability modules' tables, on every backend.

A user is seeded in every module that keeps user data (coaching with a photo, the Steps
game's profile and walk, a salon booking with a waitlist entry and a dialogue, funnel
events), next to another user. ``erase_user`` — what ``/privacy`` in any bot and the
console's erase call — must remove or anonymise the first user's rows in each module and
leave the other's; ``export_user`` must carry each module's section. A unit of work without
a module (a database of a bot that does not use it) is skipped, not an error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from rewards_contract import a_walk

from adapters.tortoise import TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.modules import SQL_MODULES_GROUP, sql_modules
from sleeplab_core.booking.dialogue import History, Speaker, add_turn
from sleeplab_core.booking.fakes import BOOKING_MODULE
from sleeplab_core.booking.model import BookingStatus, WaitlistEntry
from sleeplab_core.coaching.fakes import InMemoryFileStore
from sleeplab_core.coaching.model import MediaKind, MediaRef
from sleeplab_core.coaching.module import COACHING
from sleeplab_core.coaching.use_cases.delete_files import DELETE_FILES_JOB_KIND
from sleeplab_core.funnels.fakes import FUNNELS
from sleeplab_core.funnels.model import FunnelEvent
from sleeplab_core.operators.fakes import OPERATORS
from sleeplab_core.privacy import erase_user, export_user
from sleeplab_core.rewards.fakes import MEMORY_MODULE as REWARDS
from sleeplab_core.rewards.model import Profile as Player
from sleeplab_core.storage import InMemoryStore, UnitOfWorkFactory
from sleeplab_core.testing.contracts import booking as booking_kit
from sleeplab_core.testing.contracts import coaching as coaching_kit
from sleeplab_core.testing.contracts.storage import user

ERASED, OTHER = 7_412_345_678, 5_000_000_001
NOW = coaching_kit.NOW


def media_key(who: int) -> str:
    return f"coach/{who}/photo.png"


async def seed(factory: UnitOfWorkFactory, files: InMemoryFileStore, who: int) -> None:
    tag = str(who)[-4:]
    async with factory() as uow:
        await uow.users.save(user(who))
        coaching = uow.coaching  # type: ignore[attr-defined]
        await coaching.save_profile(coaching_kit.profile(who))
        await coaching.add_goal(coaching_kit.goal(f"g-{tag}", who))
        await coaching.add_media(
            MediaRef(f"m-{tag}", who, MediaKind.PHOTO, media_key(who), "image/png", 3, NOW)
        )
        rewards = uow.rewards  # type: ignore[attr-defined]
        await rewards.profiles.save(Player(who, "Ivan", "+79991234567", NOW, f"code-{tag}"))
        await rewards.walks.add(a_walk(who, f"walk-{tag}"))
        booking = uow.booking  # type: ignore[attr-defined]
        start = 0 if who == ERASED else 60  # distinct slots for the two users
        await booking.add(booking_kit.booking(f"b-{tag}", start, start + 30, client=str(who)), NOW)
        hold = booking_kit.booking(
            f"h-{tag}", start + 120, start + 150, client=str(who),
            status=BookingStatus.HELD, hold_until=NOW + timedelta(minutes=10),
        )  # fmt: skip
        await booking.add(hold, NOW)
        await booking.add_waiting(
            WaitlistEntry(f"w-{tag}", "salon", str(who), "haircut", date(2026, 6, 2), None, NOW)
        )
        chat = add_turn(History(summary=("wants a trim",)), Speaker.CLIENT, f"hi {tag}", NOW)
        await booking.save_dialogue("salon", str(who), chat)
        await uow.funnels.record(  # type: ignore[attr-defined]
            FunnelEvent(bot="coach", step="onboarded", user_id=who, day=NOW.date(), at=NOW)
        )
        await uow.commit()
    await files.put(media_key(who), b"png", "image/png")


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return str(request.getfixturevalue("scratch_postgres_url"))
    return "memory" if request.param == "memory" else f"sqlite:///{tmp_path / 'privacy.sqlite3'}"


@pytest.fixture
async def factory(backend: str) -> AsyncIterator[UnitOfWorkFactory]:
    if backend == "memory":
        yield InMemoryStore(modules=[COACHING, REWARDS, BOOKING_MODULE, FUNNELS, OPERATORS])
        return
    names = [entry.name for entry in entry_points(group=SQL_MODULES_GROUP)]
    database = await open_database(backend, modules=sql_modules(names))
    try:
        yield TortoiseUnitOfWorkFactory(database)
    finally:
        await database.close()


@pytest.fixture
async def files(factory: UnitOfWorkFactory) -> InMemoryFileStore:
    store = InMemoryFileStore()
    await seed(factory, store, ERASED)
    await seed(factory, store, OTHER)
    return store


async def test_the_export_carries_every_module_section(
    factory: UnitOfWorkFactory, files: InMemoryFileStore
) -> None:
    async with factory() as uow:
        exported = await export_user(uow, ERASED, NOW)

    assert [g["title"] for g in exported["coaching"]["goals"]] == ["Run a 5k"]
    assert [m["file"] for m in exported["coaching"]["media"]] == [media_key(ERASED)]
    assert exported["rewards"]["profile"]["phone"] == "+79991234567"
    assert [w["key"] for w in exported["rewards"]["walks"]] == ["walk-5678"]
    assert [e["step"] for e in exported["funnel_events"]] == ["onboarded"]
    salon = exported["booking"]
    assert [(b["status"], b["starts_at"]) for b in salon["bookings"]] == [
        ("confirmed", booking_kit.at(0).isoformat()),
        ("held", booking_kit.at(120).isoformat()),
    ]
    assert [(w["salon"], w["day"]) for w in salon["waitlist"]] == [("salon", "2026-06-02")]
    (dialogue,) = salon["dialogues"]
    assert dialogue["summary"] == ["wants a trim"]
    assert [t["text"] for t in dialogue["turns"]] == ["hi 5678"]
    assert str(OTHER) not in str(exported)
    assert str(OTHER)[-4:] not in str(salon)


async def test_erasure_reaches_every_module_and_spares_the_other_user(
    factory: UnitOfWorkFactory, files: InMemoryFileStore
) -> None:
    async with factory() as uow:
        await erase_user(uow, ERASED, now=NOW, file_stores={"coaching": files})
        await uow.commit()

    async with factory() as uow:
        coaching = uow.coaching  # type: ignore[attr-defined]
        rewards = uow.rewards  # type: ignore[attr-defined]
        booking = uow.booking  # type: ignore[attr-defined]
        assert await coaching.profile(ERASED) is None
        assert await coaching.goals(ERASED) == []
        assert await coaching.media(ERASED) == []
        assert await rewards.profiles.get(ERASED) is None
        assert await rewards.walks.for_user(ERASED) == []
        assert await booking.of_client("salon", str(ERASED)) == []
        kept = await booking.get("b-5678")
        assert kept is not None, "the slot stays, without the person"
        assert kept.client_name == ""
        assert kept.client_id != str(ERASED)
        assert await booking.dialogue("salon", str(ERASED)) == History()
        assert await booking.client_data(str(ERASED)) == await booking.client_data("nobody")
        held = await booking.get("h-5678")
        assert held is not None
        assert (held.client_name, held.client_id == str(ERASED)) == ("", False)
        waiting = await booking.waiting("salon", "haircut", date(2026, 6, 2))
        assert [w.client_id for w in waiting] == [str(OTHER)]
        assert await uow.funnels.for_user(ERASED) == []  # type: ignore[attr-defined]
        # the other user keeps everything
        assert await coaching.profile(OTHER) is not None
        assert len(await coaching.media(OTHER)) == 1
        assert await rewards.profiles.get(OTHER) is not None
        assert len(await booking.of_client("salon", str(OTHER))) == 2  # a booking, a hold
        assert len(await uow.funnels.for_user(OTHER)) == 1  # type: ignore[attr-defined]
    assert not await files.exists(media_key(ERASED))
    assert await files.exists(media_key(OTHER))


async def test_without_the_coaching_file_store_a_job_deletes_the_files_later(
    factory: UnitOfWorkFactory, files: InMemoryFileStore
) -> None:
    async with factory() as uow:  # the console: no coaching file store at hand
        await erase_user(uow, ERASED, now=NOW)
        await uow.commit()

    async with factory() as uow:
        assert await uow.coaching.media(ERASED) == []  # type: ignore[attr-defined]
        (job,) = await uow.jobs.list(kind=DELETE_FILES_JOB_KIND)
    assert job.payload == {"keys": [media_key(ERASED)]}
    assert job.user_id is None


async def test_a_unit_of_work_without_the_modules_is_erased_without_them() -> None:
    bare = InMemoryStore()
    async with bare() as uow:
        await uow.users.save(user(ERASED))
        await uow.commit()
    async with bare() as uow:
        exported = await export_user(uow, ERASED, NOW)
        await erase_user(uow, ERASED, now=NOW)
        await uow.commit()
    assert "coaching" not in exported
    assert "rewards" not in exported
    async with bare() as uow:
        assert await uow.users.get(ERASED) is None
