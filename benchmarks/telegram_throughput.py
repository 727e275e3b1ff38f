"""Telegram adapter throughput: questionnaire steps through aiogram and PTB vs a bare echo bot.

Updates are fed to each framework as Bot API JSON (parsed by the framework, as from a webhook
or getUpdates) and every Bot API call is answered by a canned in-process transport — no
network, no emulator. For each framework it times, in the same run:

- **SleepLab**: the adapter with the whole core (router, SleepLab flows, storage on a SQLite
  file by default,
  outbox, per-user serialiser). Each user alternates a questionnaire *step* forward (typing
  their age) and back (the ⬅ Back button), each answered with the next screen.
- **echo**: the same framework with a bare handler that answers every update with one
  sendMessage — the framework's own floor.

- **core**: the same steps as core events straight into ``Conversations.deliver`` with a
  channel that does nothing — what the adapter adds is the difference to SleepLab.

Users run concurrently, each one's updates in order. Prints steps/s and p50/p99 latency
(feed → handled) and the ratio SleepLab/echo per framework.

Run: ``python benchmarks/telegram_throughput.py [--users 20] [--steps 20] [--repeat 2]
[--database sqlite|memory]``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import statistics
import tempfile
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import TelegramObject
from aiogram.types import Update as AiogramUpdate
from telegram import Update as PtbUpdate
from telegram.ext import ApplicationBuilder, TypeHandler
from telegram.request import BaseRequest, RequestData

from entrypoints.bot import ClientOptions, build_telegram
from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.conversation import ButtonPress, Event, Receipt, Start, Text

TOKEN = "7000000001:AAbenchmark-token-for-the-canned-transport"
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
WARM_UP = ("/start", "cb:lang:en", "cb:consent:yes", "cb:menu:start:L0")
STEP_FORWARD, STEP_BACK = "35", "cb:cmd:back"


# --- a canned Bot API ------------------------------------------------------------------------


class CannedApi:
    """Answers every Bot API method like Telegram would, in memory; remembers the last text."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.last_text: dict[int, str] = {}
        self.calls = 0

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        self.calls += 1
        name = method.lower()
        if name == "getme":
            return BOT_USER
        if name in ("sendmessage", "editmessagetext"):
            chat_id = int(params["chat_id"])
            self.last_text[chat_id] = str(params.get("text", ""))
            message_id = int(params.get("message_id") or next(self._ids))
            return {
                "message_id": message_id,
                "date": 1_760_000_000,
                "chat": {"id": chat_id, "type": "private", "first_name": "User"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        return True


class CannedAiogramSession(BaseSession):
    """aiogram's session interface answered by :class:`CannedApi` (parsed like real answers)."""

    def __init__(self, api: CannedApi) -> None:
        super().__init__()
        self.canned = api

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's interface
    ) -> Any:
        params = method.model_dump(exclude_none=True)
        result = self.canned.answer(method.__api_method__, params)
        content = json.dumps({"ok": True, "result": result})
        response = self.check_response(bot, method, status_code=200, content=content)
        return response.result

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - aiogram's interface
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("the benchmark downloads nothing")
        yield b""  # pragma: no cover - makes this an async generator

    async def close(self) -> None:
        return None


class CannedPtbRequest(BaseRequest):
    """PTB's request interface answered by :class:`CannedApi` (JSON bytes, parsed by PTB)."""

    def __init__(self, api: CannedApi) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        params = request_data.parameters if request_data else {}
        result = self.api.answer(url.rsplit("/", 1)[-1], dict(params))
        return 200, json.dumps({"ok": True, "result": result}).encode()


# --- updates -------------------------------------------------------------------------------


def update_for(update_id: int, user_id: int, what: str, message_id: int) -> dict[str, Any]:
    """Bot API JSON of a user typing ``what``, or pressing a button when it starts with cb:."""
    user = {"id": user_id, "is_bot": False, "first_name": "User", "language_code": "en"}
    chat = {"id": user_id, "type": "private", "first_name": "User"}
    if what.startswith("cb:"):
        return {
            "update_id": update_id,
            "callback_query": {
                "id": f"q{update_id}",
                "from": user,
                "chat_instance": str(user_id),
                "data": what.removeprefix("cb:"),
                "message": {"message_id": message_id, "date": 1, "chat": chat, "text": "…"},
            },
        }
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": 1_760_000_000,
        "chat": chat,
        "from": user,
        "text": what,
    }
    if what.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(what)}]
    return {"update_id": update_id, "message": message}


Feed = Callable[[dict[str, Any]], Awaitable[None]]


async def drive(feed: Feed, users: int, steps: int, warm_up: bool) -> tuple[list[float], float]:
    """Run every user's updates in order, users concurrently.

    Returns the per-step latencies and the wall time of the steps (the warm-up — /start,
    language, consent, opening L0 — runs before the clock starts).
    """
    ids = itertools.count(1)
    user_ids = [10_000 + n for n in range(users)]
    latencies: list[float] = []

    async def warm(user_id: int) -> None:
        for what in WARM_UP:
            await feed(update_for(next(ids), user_id, what, 0))

    async def one_user(user_id: int) -> None:
        for step in range(steps):
            what = STEP_FORWARD if step % 2 == 0 else STEP_BACK
            update = update_for(next(ids), user_id, what, 0)
            started = time.perf_counter()
            await feed(update)
            latencies.append(time.perf_counter() - started)

    if warm_up:
        await asyncio.gather(*(warm(user_id) for user_id in user_ids))
    started = time.perf_counter()
    await asyncio.gather(*(one_user(user_id) for user_id in user_ids))
    return latencies, time.perf_counter() - started


# --- the two frameworks, SleepLab and echo ---------------------------------------------------


async def sleeplab_run(
    framework: str, users: int, steps: int, database: str
) -> tuple[list[float], float]:
    api = CannedApi()
    with tempfile.TemporaryDirectory() as folder:
        url = "memory://" if database == "memory" else f"sqlite:///{Path(folder) / 'b.sqlite3'}"
        settings = Settings(
            data_dir=Path(folder),
            database_url=url,
            telegram_token=TOKEN,
            telegram_global_rate=1e9,
            telegram_global_burst=1e9,
            telegram_chat_rate=1e9,
            telegram_chat_burst=1e9,
        )
        container = build_container(settings)
        options = ClientOptions(
            aiogram_session=lambda _url: CannedAiogramSession(api),
            ptb_request=lambda: CannedPtbRequest(api),
        )
        runtime: Any = await build_telegram(container, framework=framework, options=options)  # type: ignore[arg-type]
        try:
            feed = (
                _aiogram_feed(runtime.dispatcher, runtime.bot)
                if framework == "aiogram"
                else (_ptb_feed(runtime.application))
            )
            latencies, elapsed = await drive(feed, users, steps, warm_up=True)
            asked = api.last_text.get(10_000, "")
            assert "How old are you" in asked, f"the journey went astray: {asked[:80]!r}"
        finally:
            await runtime.close()
            await resolve(container.shutdown_resources())
    return latencies, elapsed


class NullChannel:
    """Performs nothing and hands out message ids: the core without any messenger."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    async def perform(self, user_id: int, actions: list[Any], ids: dict[str, int]) -> list[Any]:
        tags = [getattr(action, "tag", None) for action in actions]
        return [Receipt(tag, next(self._ids)) for tag in tags if tag is not None]


async def core_run(
    framework: str, users: int, steps: int, database: str
) -> tuple[list[float], float]:
    """The same steps straight into ``Conversations.deliver``: no framework, no adapter."""
    with tempfile.TemporaryDirectory() as folder:
        url = "memory://" if database == "memory" else f"sqlite:///{Path(folder) / 'b.sqlite3'}"
        container = build_container(Settings(data_dir=Path(folder), database_url=url))
        conversations = await conversations_for(container, "sleeplab")
        channel = NullChannel()
        keys = itertools.count(1)

        async def feed(raw: dict[str, Any]) -> None:
            await conversations.deliver(_event(raw, next(keys)), channel)

        try:
            return await drive(feed, users, steps, warm_up=True)
        finally:
            await resolve(container.shutdown_resources())


def _event(raw: dict[str, Any], key: int) -> Event:
    if "callback_query" in raw:
        query = raw["callback_query"]
        return ButtonPress(user_id=query["from"]["id"], data=query["data"], update_key=f"k{key}")
    message = raw["message"]
    user_id, text = message["from"]["id"], message["text"]
    if text == "/start":
        return Start(user_id=user_id, language_hint="en", update_key=f"k{key}")
    return Text(user_id=user_id, text=text, update_key=f"k{key}")


async def echo_run(
    framework: str, users: int, steps: int, database: str
) -> tuple[list[float], float]:
    api = CannedApi()
    if framework == "aiogram":
        bot = Bot(TOKEN, session=CannedAiogramSession(api))
        dispatcher = Dispatcher()

        async def echo(
            _handler: Callable[..., Awaitable[Any]], update: TelegramObject, _data: dict[str, Any]
        ) -> None:
            assert isinstance(update, AiogramUpdate)
            if update.message is not None:
                await bot.send_message(update.message.chat.id, update.message.text or "")
            elif update.callback_query is not None:
                await bot.send_message(update.callback_query.from_user.id, "pressed")

        dispatcher.update.outer_middleware(echo)
        feed = _aiogram_feed(dispatcher, bot)
    else:
        application = (
            ApplicationBuilder()
            .token(TOKEN)
            .request(CannedPtbRequest(api))
            .get_updates_request(CannedPtbRequest(api))
            .build()
        )

        async def ptb_echo(update: PtbUpdate, _context: Any) -> None:
            chat_id = update.effective_user.id if update.effective_user else 0
            text = update.message.text if update.message else "pressed"
            await application.bot.send_message(chat_id, text or "")

        application.add_handler(TypeHandler(PtbUpdate, ptb_echo))
        await application.initialize()
        feed = _ptb_feed(application)
    return await drive(feed, users, steps, warm_up=False)


def _aiogram_feed(dispatcher: Dispatcher, bot: Bot) -> Feed:
    async def feed(raw: dict[str, Any]) -> None:
        await dispatcher.feed_update(bot, AiogramUpdate.model_validate(raw, context={"bot": bot}))

    return feed


def _ptb_feed(application: Any) -> Feed:
    async def feed(raw: dict[str, Any]) -> None:
        await application.process_update(PtbUpdate.de_json(raw, application.bot))

    return feed


# --- report ----------------------------------------------------------------------------------


def summary(latencies: list[float], elapsed: float) -> tuple[float, float, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return len(latencies) / elapsed, statistics.median(ordered) * 1000, p99 * 1000


async def main(users: int, steps: int, repeat: int, database: str) -> None:
    logging.disable(logging.WARNING)
    print(
        f"{users} users × {steps} steps, best of {repeat}; canned Bot API, no network; "
        f"SleepLab stores in {database}"
    )
    print(f"{'framework':<9} {'bot':<9} {'steps/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for framework in ("aiogram", "ptb"):
        best: dict[str, tuple[float, float, float]] = {}
        runs = (("echo", echo_run), ("core", core_run), ("sleeplab", sleeplab_run))
        for name, run in runs:
            results = [
                summary(*await run(framework, users, steps, database)) for _ in range(repeat)
            ]
            best[name] = max(results, key=lambda result: result[0])
            rate, p50, p99 = best[name]
            print(f"{framework:<9} {name:<9} {rate:>9.0f} {p50:>8.2f} {p99:>8.2f}")
        ratio = best["sleeplab"][0] / best["echo"][0]
        p99_ratio = best["sleeplab"][2] / best["echo"][2]
        core = best["sleeplab"][0] / best["core"][0]
        print(f"{framework:<9} sleeplab/echo: {ratio:.3f}× steps/s, {p99_ratio:.1f}× p99")
        print(f"{framework:<9} sleeplab/core: {core:.2f}× steps/s (the adapter's own share)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--database",
        choices=("sqlite", "memory"),
        default="sqlite",
        help="SleepLab's store: a SQLite file (as deployed) or the in-memory test fake",
    )
    arguments = parser.parse_args()
    asyncio.run(main(arguments.users, arguments.steps, arguments.repeat, arguments.database))
