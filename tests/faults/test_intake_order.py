"""Two ``sleeplab web`` processes on one PostgreSQL keep every user's order.

As behind a load balancer, a user's quick answers reach alternating processes, and one
process stalls (SIGSTOP) right after it acknowledged its share. The per-user order lives in
the database (a lease per user over the stored updates), so no answer is swapped or lost.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import httpx
import pytest

from adapters.telegram_emulator import Emulator
from faults.bot_processes import (
    command,
    environment,
    free_port,
    healthy,
    post_update,
    processed_keys,
    start,
    stop,
    unfinished_updates,
    wait_for,
)
from telegram_channel.harness import shown

USERS = range(3001, 3013)
STALL_SECONDS = 2.0
PLAN = (("/start", 0), ("/language", 1), ("/privacy", 0))
"""Each user's three answers, alternating between the processes; the first one stalls."""


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_alternating_processes_with_one_stalled_never_swap_or_lose_answers(
    framework: str, emu: Emulator, postgres_url: str, tmp_path: Path
) -> None:
    for user in USERS:
        emu.user(user, "Ann")
    emu.inject("sendMessage", delay=0.3, times=None)  # slow: work in flight at the stall
    ports = free_port(), free_port()
    extra = {"SLEEPLAB_INTAKE_LEASE_SECONDS": "10", "SLEEPLAB_TELEGRAM_FRAMEWORK": framework}
    webs = []
    for number, port in enumerate(ports):  # one after the other, as a rolling deploy would
        workdir = tmp_path / f"web{number}"
        env = environment(emu, postgres_url, workdir, SLEEPLAB_WEB_PORT=str(port), **extra)
        web = await start(workdir, env, "web")
        webs.append(web)
        await wait_for("the web app to answer", lambda w=web, p=port: healthy(p, w))
    update_ids = iter(range(1, 1000))
    try:
        async with httpx.AsyncClient() as client:
            for text, target in PLAN:
                for user in USERS:
                    update = command(next(update_ids), user, text)
                    assert await post_update(client, ports[target], update) == 200
                if text == "/start":
                    webs[0].send_signal(signal.SIGSTOP)  # stalls with its share acknowledged
                elif text == "/language":
                    await asyncio.sleep(STALL_SECONDS)
                    webs[0].send_signal(signal.SIGCONT)
        await wait_for("every update processed", lambda: _count(postgres_url, 3 * len(USERS)))
    finally:
        for web in webs:
            web.send_signal(signal.SIGCONT)
            await stop(web)

    assert await unfinished_updates(postgres_url) == 0
    for user in USERS:
        texts = [text for text, _ in shown(emu, user)]
        assert texts[0].startswith("Hello! I'm SleepLab"), texts
        assert texts[-1].startswith("Your data."), texts
        assert any("language" in t.lower() for t in texts[1:-1]), texts


async def _count(url: str, count: int) -> bool:
    return len(await processed_keys(url)) >= count
