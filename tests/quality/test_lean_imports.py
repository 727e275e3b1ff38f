"""The production import path loads no test fakes and no Telegram framework it does not use."""

from __future__ import annotations

import json
import subprocess
import sys

PRODUCTION_PATH = """
import asyncio, json, sys, tempfile
from pathlib import Path
from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings

async def main(folder):
    container = build_container(Settings(data_dir=Path(folder)))
    await conversations_for(container, "sleeplab")
    await resolve(container.shutdown_resources())

with tempfile.TemporaryDirectory() as folder:
    asyncio.run(main(folder))
print(json.dumps(sorted(sys.modules)))
"""

TEST_FAKES = (
    "sleeplab_core.llm.fakes",
    "sleeplab_core.jobs.fakes",
    "sleeplab_core.documents.fakes",
)


def _modules_of_the_production_path() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PATH], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_building_a_bot_imports_no_test_fake_and_no_telegram_framework() -> None:
    modules = _modules_of_the_production_path()

    assert modules.isdisjoint(TEST_FAKES)
    assert {"aiogram", "telegram"}.isdisjoint(modules)


def test_building_one_bot_loads_no_other_bots_adapters() -> None:
    """Services are built when a bot asks for them: SleepLab never loads the coach's
    speech-to-text SDK or the S3 client."""
    modules = _modules_of_the_production_path()

    assert {"openai", "anthropic", "boto3", "adapters.stt_openai", "adapters.s3"}.isdisjoint(
        modules
    )


def test_the_fakes_are_still_exported_by_their_packages() -> None:
    from sleeplab_core import documents, jobs, llm

    assert llm.FakeChatModel.__module__ == "sleeplab_core.llm.fakes"
    assert jobs.FakeSleep.__module__ == "sleeplab_core.jobs.fakes"
    assert documents.InMemoryDocumentStore.__module__ == "sleeplab_core.documents.fakes"
