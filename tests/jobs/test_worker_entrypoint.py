"""The worker's composition: the handler registry and the container's job queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from entrypoints.containers import build_container, resolve, unit_of_work_factory
from entrypoints.settings import Settings
from entrypoints.worker import HandlerRegistry, build_worker, worker_settings
from sleeplab_core.jobs import Job, JobContext, JobState, NewJob

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def noop(_job: Job, _context: JobContext) -> None:
    return None


def test_a_kind_cannot_get_a_second_handler() -> None:
    registry = HandlerRegistry()
    registry.register("reminder.send", lambda _container: noop)

    with pytest.raises(ValueError, match=r"reminder\.send"):
        registry.register("reminder.send", lambda _container: noop)


def test_registering_the_same_factory_again_is_harmless() -> None:
    registry = HandlerRegistry()

    def factory(_container: object) -> object:
        return noop

    registry.register("reminder.send", factory)  # type: ignore[arg-type]
    registry.register("reminder.send", factory)  # type: ignore[arg-type]

    assert registry.kinds() == ["reminder.send"]


async def test_handlers_are_built_from_the_container_also_by_async_factories() -> None:
    registry = HandlerRegistry()
    seen: list[object] = []

    async def async_factory(container: object) -> object:
        seen.append(container)
        return noop

    registry.register("broadcast.send", async_factory)  # type: ignore[arg-type]
    registry.register("reminder.send", lambda container: seen.append(container) or noop)

    handlers = await registry.build("the container")  # type: ignore[arg-type]

    assert handlers == {"broadcast.send": noop, "reminder.send": noop}
    assert seen == ["the container", "the container"]


@pytest.mark.parametrize("storage", ["memory", "sqlite"])
async def test_the_worker_runs_jobs_enqueued_through_the_containers_units_of_work(
    storage: str, tmp_path: Path
) -> None:
    url = "memory://" if storage == "memory" else f"sqlite:///{tmp_path / 'app.sqlite3'}"
    container = build_container(Settings(database_url=url, data_dir=tmp_path))
    registry = HandlerRegistry()
    registry.register("test.noop", lambda _container: noop)
    uow_factory = await unit_of_work_factory(container)
    async with uow_factory() as uow:
        job = await uow.jobs.enqueue(NewJob(kind="test.noop", run_at=T0), T0)
        await uow.commit()
    try:
        worker = await build_worker(container, worker_settings(name="w1"), registry=registry)

        report = await worker.run_once()

        async with uow_factory() as uow:
            stored = await uow.jobs.get(job.id)
    finally:
        await resolve(container.shutdown_resources())
    assert report.succeeded == (job.id,)
    assert stored is not None
    assert stored.state is JobState.SUCCEEDED


def test_worker_settings_come_from_the_command_line_options() -> None:
    settings = worker_settings(lease_seconds=30, batch_size=5, poll_interval=0.5)

    assert (settings.lease, settings.batch_size, settings.poll_interval) == (
        timedelta(seconds=30),
        5,
        0.5,
    )
    assert ":" in settings.name  # host:pid
