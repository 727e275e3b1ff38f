"""Start ``sleeplab web`` and ``sleeplab bot`` as real processes; read what they stored."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from adapters.telegram_emulator import Emulator
from adapters.tortoise import open_database
from adapters.tortoise.ledger.sql import Session, in_transaction

SECRET = "faults-secret_0123456789abcdefghijklmnop"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATIENCE_SECONDS = 90.0
"""Generous: the machine may be busy; a test only waits this long when it fails."""
FAST = "10000"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(emu: Emulator, url: str, workdir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SLEEPLAB_DATABASE_URL": url,
        "SLEEPLAB_DATA_DIR": str(workdir),
        "SLEEPLAB_LOG_LEVEL": "WARNING",
        "SLEEPLAB_TELEGRAM_TOKEN": emu.token,
        "SLEEPLAB_TELEGRAM_API_URL": emu.base_url,
        "SLEEPLAB_WEBHOOK_SECRET": SECRET,
        "SLEEPLAB_TELEGRAM_POLLING_TIMEOUT": "1",
        "SLEEPLAB_INTAKE_LEASE_SECONDS": "1",
        "SLEEPLAB_TELEGRAM_GLOBAL_RATE": FAST,
        "SLEEPLAB_TELEGRAM_GLOBAL_BURST": FAST,
        "SLEEPLAB_TELEGRAM_CHAT_RATE": FAST,
        "SLEEPLAB_TELEGRAM_CHAT_BURST": FAST,
        **extra,
    }


async def start(workdir: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    """``python -m entrypoints ARGS`` in ``workdir`` (away from the project's .env)."""
    workdir.mkdir(parents=True, exist_ok=True)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "entrypoints",
        *args,
        cwd=workdir,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def start_web(emu: Emulator, url: str, workdir: Path, port: int, framework: str) -> Any:
    env = environment(
        emu, url, workdir, SLEEPLAB_WEB_PORT=str(port), SLEEPLAB_TELEGRAM_FRAMEWORK=framework
    )
    process = await start(workdir, env, "web")
    await wait_for("the web app to answer", lambda: healthy(port, process))
    return process


async def healthy(port: int, process: asyncio.subprocess.Process) -> bool:
    if process.returncode is not None:
        _, stderr = await process.communicate()
        raise AssertionError(f"the web app exited: {stderr.decode(errors='replace')}")
    try:
        async with httpx.AsyncClient() as client:
            response = await client.get(f"http://127.0.0.1:{port}/health")
    except httpx.HTTPError:
        return False
    return bool(response.status_code == 200 and response.json()["telegram"])


async def post_update(client: httpx.AsyncClient, port: int, update: dict[str, Any]) -> int:
    response = await client.post(
        f"http://127.0.0.1:{port}/telegram/webhook", json=update, headers={HEADER: SECRET}
    )
    return response.status_code


async def wait_for(what: str, condition: Callable[[], Awaitable[bool]]) -> None:
    """Poll ``condition`` until it holds; fail after ``PATIENCE_SECONDS``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE_SECONDS
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.05)


async def stop(process: asyncio.subprocess.Process) -> tuple[int, str]:
    """SIGTERM, then the exit code and what the process wrote to stderr."""
    if process.returncode is None:
        process.terminate()
    _, stderr = await asyncio.wait_for(process.communicate(), PATIENCE_SECONDS)
    assert process.returncode is not None
    return process.returncode, stderr.decode(errors="replace")


async def kill(process: asyncio.subprocess.Process) -> None:
    process.kill()
    await process.communicate()


async def processed_keys(url: str) -> set[str]:
    """The conversation inbox: the updates whose effects the router committed."""
    return {str(row["key"]) for row in await _rows(url, "SELECT key FROM inbox")}


async def unfinished_updates(url: str) -> int:
    rows = await _rows(url, "SELECT COUNT(*) AS n FROM intake_updates WHERE finished_at IS NULL")
    return int(rows[0]["n"])


async def _rows(url: str, sql: str) -> list[dict[str, Any]]:
    database = await open_database(url)
    try:

        async def work(session: Session) -> list[dict[str, Any]]:
            return await session.rows(sql)

        return await in_transaction(database, work)
    finally:
        await database.close()


def command(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """A private-chat message update from ``user_id`` (a command when ``text`` is one)."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_760_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Ann"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Ann", "language_code": "en"},
            "text": text,
            **({"entities": entities} if text.startswith("/") else {}),
        },
    }
