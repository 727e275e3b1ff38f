"""SleepLab's job kinds reach ``sleeplab worker`` through its handler registry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import entrypoints.worker as worker_module
from entrypoints.containers import (
    Container,
    build_container,
    register_sleeplab_handlers,
    resolve,
)
from entrypoints.fixtures import RecordingChannel
from entrypoints.settings import Settings
from entrypoints.worker import HandlerRegistry
from sleeplab_core.jobs import BROADCAST_JOB_KIND, REMINDER_JOB_KIND
from sleeplab_core.sleeplab.delivery import DELIVER_DIAGNOSIS_JOB_KIND, DiagnosisDeliverer


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    built = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    yield built
    await resolve(built.shutdown_resources())


async def test_registering_adds_the_delivery_reminder_and_broadcast_kinds(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = HandlerRegistry()
    monkeypatch.setattr(worker_module, "handlers", registry)
    channel = RecordingChannel()

    register_sleeplab_handlers(lambda _: channel)
    handlers = await registry.build(container)

    assert registry.kinds() == sorted(
        [DELIVER_DIAGNOSIS_JOB_KIND, REMINDER_JOB_KIND, BROADCAST_JOB_KIND]
    )
    assert isinstance(handlers[DELIVER_DIAGNOSIS_JOB_KIND], DiagnosisDeliverer)
