"""The funnel: steps recorded as users play a bot (through the production composition
root), counted per local day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from entrypoints.containers import build_container, resolve, unit_of_work_factory
from entrypoints.fixtures import apply_scenario
from entrypoints.settings import Settings
from sleeplab_core.funnels import FUNNELS
from sleeplab_core.funnels.use_cases import funnel_report, local_day, record_steps
from sleeplab_core.kernel.users import User
from sleeplab_core.storage import InMemoryStore


def test_the_local_day_follows_the_zone_across_23_and_25_hour_days() -> None:
    # New York: 8 March 2026 has 23 hours, 1 November 2026 has 25.
    assert local_day(datetime(2026, 3, 8, 4, 30, tzinfo=UTC), "America/New_York") == date(
        2026, 3, 7
    )
    assert local_day(datetime(2026, 3, 9, 3, 30, tzinfo=UTC), "America/New_York") == date(
        2026, 3, 8
    )
    assert local_day(datetime(2026, 11, 2, 4, 30, tzinfo=UTC), "America/New_York") == date(
        2026, 11, 1
    )
    assert local_day(datetime(2026, 11, 2, 5, 30, tzinfo=UTC), "America/New_York") == date(
        2026, 11, 2
    )
    assert local_day(datetime(2026, 3, 8, 4, 30, tzinfo=UTC), "No/Such_Zone") == date(2026, 3, 8)


@given(st.lists(st.tuples(st.integers(1, 5), st.sampled_from(["a", "b", "c"])), max_size=30))
def test_counts_are_distinct_users_per_step_and_never_exceed_the_users_seen(
    visits: list[tuple[int, str]],
) -> None:
    import asyncio

    async def run() -> None:
        store = InMemoryStore(modules=[FUNNELS])
        now = datetime(2026, 5, 1, 12, tzinfo=UTC)
        async with store() as uow:
            for user_id, step in visits:
                await record_steps(
                    uow.funnels, "bot", User(id=user_id, created_at=now), [step], now
                )
            await uow.commit()
        report = await funnel_report(store, "bot", date(2026, 5, 1), days=3)
        for step in report.steps:
            assert report.total(step) == len({u for u, s in visits if s == step})
        assert set(report.steps) == {s for _, s in visits}

    asyncio.run(run())


async def test_playing_the_free_level_records_its_steps(tmp_path: Path) -> None:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    try:
        await apply_scenario(container, 31, "l0_completed")
        now = container.clock().now()
        report = await funnel_report(await unit_of_work_factory(container), "sleeplab", now.date())
    finally:
        await resolve(container.shutdown_resources())
    for step in ("L0:started", "L0:answered", "L0:finished"):
        assert report.total(step) == 1, report.steps
    assert any(step.startswith("flow:") for step in report.steps)
