"""The salon and its spreadsheet over real HTTP, against the local Sheets stand-in.

Bookings are copied in batches: a copy job writes every booking waiting to be copied in one
upsert (one values:batchUpdate, an append per worksheet), then retires the other jobs.
Blocks staff type into the spreadsheet become busy time: the salon.sheet_read job reads
every worksheet back in one batch, the engine stops offering those times, and conflicts
with bookings are reported."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import attrs
import httpx
import pytest
from dependency_injector import providers
from sheets_stand_in import SPREADSHEET, TOKEN, SheetsStandIn, running

from adapters.sheets_http import SheetsCalendarSync
from entrypoints.containers import (
    Container,
    bot_context,
    build_container,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from sleeplab_core.booking.availability import SlotQuery
from sleeplab_core.booking.model import BookingStatus
from sleeplab_core.booking.ports import BookingJobsUnitOfWork
from sleeplab_core.booking.sheets import HEADER
from sleeplab_core.booking.use_cases import (
    SHEET_JOB_KIND,
    SHEET_READ_JOB_KIND,
    SlotRequest,
    book_slot,
    find_free_slots,
    queue_sheet_copy,
)
from sleeplab_core.bots.salon import BOT, salon_kit
from sleeplab_core.bots.salon.bot import build_salon_bot
from sleeplab_core.bots.salon.jobs import (
    SHEET_CONFLICT_JOB_KIND,
    copy_booking,
    read_staff_blocks,
    salon_jobs,
    tell_sheet_conflict,
)
from sleeplab_core.bots.salon.kit import SalonKit
from sleeplab_core.conversation import SendScreen
from sleeplab_core.jobs import FakeMessenger
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.platform import BotContext

TOMORROW = date(2026, 6, 4)  # the clock: Wednesday 3 June 2026, 10:00 in Moscow


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 6, 3, 7, 0, tzinfo=UTC))


@pytest.fixture
def stand_in() -> SheetsStandIn:
    return SheetsStandIn()


@pytest.fixture
async def salon(
    tmp_path: Path, clock: FakeClock, stand_in: SheetsStandIn
) -> AsyncIterator[tuple[Container, BotContext, SalonKit]]:
    async with running(stand_in) as url, httpx.AsyncClient() as client:
        sheet = SheetsCalendarSync(SPREADSHEET, TOKEN, base_url=url, client=client)

        def kit(ctx: BotContext) -> SalonKit:
            return attrs.evolve(salon_kit(ctx), sheet=sheet)

        bot = attrs.evolve(BOT, build=lambda ctx: build_salon_bot(kit(ctx)), jobs=salon_jobs(kit))
        container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
        container.clock.override(providers.Object(clock))
        container.bots.override(providers.Object({"salon": bot}))
        ctx = bot_context(container, "salon")
        yield container, ctx, kit(ctx)
        await resolve(container.shutdown_resources())


async def free_at(container: Container, kit: SalonKit, clock: FakeClock) -> list[time]:
    async with (await unit_of_work_factory(container))() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        query = SlotQuery("manicure", TOMORROW, TOMORROW, specialist_id="anna")
        slots = await find_free_slots(uow, clock, kit.config, query)
    return [s.start.astimezone(kit.config.zone).time() for s in slots]


async def sheet_jobs(container: Container) -> list[str]:
    async with (await unit_of_work_factory(container))() as uow:
        waiting = await uow.jobs.list(states=["scheduled"], kind=SHEET_JOB_KIND)
    return [str(job.payload["booking_id"]) for job in waiting]


async def test_bookings_reach_the_sheet_in_one_batch_and_a_rerun_changes_nothing(
    salon: tuple[Container, BotContext, SalonKit],
    stand_in: SheetsStandIn,
    clock: FakeClock,
) -> None:
    container, ctx, kit = salon
    stand_in.sheets["Анна"] = [list(HEADER)]
    stand_in.sheets["Мария"] = [list(HEADER)]
    booked = []
    async with (await unit_of_work_factory(container))() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        for n, who in enumerate(["anna", "maria"] * 3):
            hour = (7, 9, 12)[n // 2]  # 10:00, 12:00, 15:00 in Moscow
            start = datetime(2026, 6, 4, hour, 0, tzinfo=UTC)
            booking = await book_slot(uow, clock, kit.config,
                                      SlotRequest(str(n), "manicure", who, start))  # fmt: skip
            await queue_sheet_copy(uow, clock, booking)
            booked.append(booking)
        await base.commit()
    stand_in.requests.clear()

    assert await copy_booking(ctx, kit, booked[0].id) == 6

    writes = [path for method, path in stand_in.requests if method == "POST"]
    assert len(writes) == 2, "an append per worksheet, not a request per booking"
    assert [len(stand_in.sheets[p]) for p in ("Анна", "Мария")] == [4, 4]
    assert await sheet_jobs(container) == [], "the batch retired the other copy jobs"

    # Four bookings change: one run rewrites their rows in one values:batchUpdate.
    async with (await unit_of_work_factory(container))() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        for booking in booked[:4]:
            cancelled = attrs.evolve(booking, status=BookingStatus.CANCELLED)
            await uow.booking.save(cancelled, clock.now())
            await queue_sheet_copy(uow, clock, cancelled)
        await base.commit()
    stand_in.requests.clear()
    assert await copy_booking(ctx, kit, booked[0].id) == 4
    writes = [path for method, path in stand_in.requests if method == "POST"]
    assert [w.rsplit("/", 1)[-1] for w in writes] == ["values:batchUpdate"]
    statuses = [row[6] for p in ("Анна", "Мария") for row in stand_in.sheets[p][1:]]
    assert statuses.count("cancelled") == 4
    before = {p: list(rows) for p, rows in stand_in.sheets.items()}

    await copy_booking(ctx, kit, booked[0].id)  # a retried job: the same sheet, no new rows
    assert stand_in.sheets == before


def typed(full_date: str, when: str, what: str) -> list[str]:
    return ["", full_date, when, "", what, "", "", ""]


async def test_typed_blocks_become_busy_time_read_in_two_requests(
    salon: tuple[Container, BotContext, SalonKit],
    stand_in: SheetsStandIn,
    clock: FakeClock,
) -> None:
    container, ctx, kit = salon
    assert time(15, 0) in await free_at(container, kit, clock)
    stand_in.sheets["Анна"] = [list(HEADER), typed("04.06.2026", "14:00-16:00", "busy")]
    stand_in.sheets["Мария"] = [list(HEADER), typed("04.06.2026", "10:00", "Ольга")]
    stand_in.requests.clear()

    found = await read_staff_blocks(ctx, kit)

    assert found is not None
    assert len(found.blocks) == 2
    assert len(stand_in.requests) == 2  # titles + one values:batchGet, whatever the staff
    free = await free_at(container, kit, clock)
    # Manicure takes an hour plus 10 minutes after: no start from 12:50 on may touch 14:00.
    assert [t for t in free if time(12, 50) < t < time(16, 0)] == []
    assert time(16, 0) in free

    # Staff clear the cell: the next reading frees the time again.
    stand_in.sheets["Анна"] = [list(HEADER)]
    await read_staff_blocks(ctx, kit)
    assert time(15, 0) in await free_at(container, kit, clock)


async def test_the_reading_repeats_and_survives_an_outage(
    salon: tuple[Container, BotContext, SalonKit],
    stand_in: SheetsStandIn,
    clock: FakeClock,
) -> None:
    container, ctx, kit = salon
    stand_in.sheets["Анна"] = [list(HEADER), typed("04.06.2026", "15:00", "busy")]
    await read_staff_blocks(ctx, kit)
    stand_in.fail_next(429)
    assert await read_staff_blocks(ctx, kit) is None  # rate-limited: the last blocks stay
    assert time(15, 0) not in await free_at(container, kit, clock)
    async with (await unit_of_work_factory(container))() as uow:
        runs = [j.run_at for j in await uow.jobs.list(kind=SHEET_READ_JOB_KIND)]
    start = clock.now()
    assert runs == sorted(runs)
    assert runs[0] > start
    assert runs[-1] - start <= timedelta(minutes=5)
    bot = container.bots()["salon"]
    assert bot.jobs is not None
    assert SHEET_READ_JOB_KIND in bot.jobs(ctx, FakeMessenger(clock))  # the worker runs it


async def test_a_block_over_a_booking_is_reported_to_the_operator(
    salon: tuple[Container, BotContext, SalonKit],
    stand_in: SheetsStandIn,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    container, ctx, kit = salon
    start = datetime(2026, 6, 4, 12, 0, tzinfo=UTC)  # 15:00 in Moscow
    async with (await unit_of_work_factory(container))() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        booked = await book_slot(uow, clock, kit.config,
                                 SlotRequest("1", "manicure", "anna", start))  # fmt: skip
        await base.commit()
    stand_in.sheets["Анна"] = [list(HEADER), typed("04.06.2026", "15:30", "Ольга"),
                              typed("31.06.2026", "10:00", "busy")]  # fmt: skip
    with caplog.at_level(logging.WARNING):
        found = await read_staff_blocks(ctx, kit)
    assert found is not None
    assert [b.id for _, b in found.conflicts] == [booked.id]
    assert found.unreadable == ("Анна row 3: '31.06.2026 10:00'",)
    assert f"over booking {booked.id}" in caplog.text
    assert "31.06.2026" in caplog.text


async def test_a_conflict_reaches_the_admin_chat_once(
    salon: tuple[Container, BotContext, SalonKit],
    stand_in: SheetsStandIn,
    clock: FakeClock,
) -> None:
    container, ctx, kit = salon
    admin = attrs.evolve(kit, loaded=kit.loaded.model_copy(update={"admin_chat_id": -1007}))
    start = datetime(2026, 6, 4, 12, 0, tzinfo=UTC)  # 15:00 in Moscow
    async with (await unit_of_work_factory(container))() as base:
        uow = module_uow(base, BookingJobsUnitOfWork)  # type: ignore[type-abstract]
        booked = await book_slot(uow, clock, kit.config,
                                 SlotRequest("1", "manicure", "anna", start))  # fmt: skip
        await base.commit()
    stand_in.sheets["Анна"] = [list(HEADER), typed("04.06.2026", "15:30", "отпуск")]

    await read_staff_blocks(ctx, admin)
    await read_staff_blocks(ctx, admin)  # the reading repeats every minute

    async with (await unit_of_work_factory(container))() as uow:
        (job,) = await uow.jobs.list(kind=SHEET_CONFLICT_JOB_KIND)
    messenger = FakeMessenger(clock)
    assert await tell_sheet_conflict(ctx, admin, messenger, job)
    ((chat, (action,)),) = messenger.sent
    assert chat == -1007
    assert isinstance(action, SendScreen)
    text = action.screen.text
    assert "15:30" in text
    assert "15:00" in text
    assert "Анна" in text
    assert booked.id not in text, "no internal id reaches a person"
    # without an admin chat nothing is queued (the log line stays)
    async with (await unit_of_work_factory(container))() as base:
        await base.jobs.cancel(job.id, clock.now())
        await base.commit()
    await read_staff_blocks(ctx, kit)
    async with (await unit_of_work_factory(container))() as uow:
        assert [j.state for j in await uow.jobs.list(kind=SHEET_CONFLICT_JOB_KIND)] == ["cancelled"]
