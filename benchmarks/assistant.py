"""The assistant's overhead: the whole paid path against the bare offline model, same run.

With the offline provider (no network, deterministic) the run times, for the same questions:

- ``model``: ``OfflineChatModel.complete`` alone, with the request the assistant would build;
- ``guarded``: the same call through ``GuardedChat`` (crisis checks in and out, redaction of
  the system prompt and the question) — the privacy and safety share of the overhead;
- ``ask``: the use case — input and crisis checks, redaction, the credits hold, the model,
  the crisis check of the answer, the post — plus storing the message-log entry in a unit
  of work;
- ``bot``: a typed question delivered through the router end to end (the unit of work, the
  conversation checkpoint, memory read from the log, the answer screen), the way a channel
  drives it.

``--store memory`` (default) keeps the ledger and the log in memory; ``--store sqlite``
puts both in a fresh SQLite file (TortoiseLedger and the Tortoise unit of work), which adds
the database's own cost. Each round measures every path once, interleaved, so a busy moment
of the machine hits all of them; the best and the median round are printed with messages
per second, p50 and p99 latency, and the ratio to the bare model.

Run: ``python benchmarks/assistant.py [--messages 300] [--rounds 5] [--store memory|sqlite]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from adapters.babel_catalog import load_catalog as load_texts
from adapters.llm_offline import OfflineChatModel
from adapters.tortoise import TortoiseUnitOfWorkFactory, open_database
from adapters.tortoise.ledger import TortoiseLedger
from sleeplab_core.assistant.bot import build_assistant_bot, build_assistant_kit
from sleeplab_core.assistant.memory import Memory
from sleeplab_core.assistant.model import AnswerLength
from sleeplab_core.assistant.prompts import assistant_system_prompt
from sleeplab_core.assistant.service import Question
from sleeplab_core.catalog import load_catalog as load_products
from sleeplab_core.conversation import Action, Conversations, Receipt, Router, Start, Text
from sleeplab_core.kernel.clock import SystemClock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import InMemoryLedger, Ledger, Leg
from sleeplab_core.llm import ChatRequest, GuardedChat
from sleeplab_core.payments import ISSUER
from sleeplab_core.storage import InMemoryStore, UnitOfWorkFactory

QUESTIONS = [
    "How much caffeine is too much in the evening?",
    "I wake up at 4 am every night, what can I do?",
    "Is a nap after lunch a good idea? Write me at anna.k@example.com",
    "My husband snores loudly and stops breathing at night",
    "How does light in the morning help my body clock?",
    "Does alcohol help me sleep? Call me on +7 912 345-67-89",
    "What is a good bedroom temperature?",
    "Как справиться с джетлагом после перелёта?",
    "Сколько часов сна нужно взрослому?",
    "Помогает ли спорт вечером или мешает сну?",
    "I work night shifts, how should I plan my sleep?",
    "Can screens before bed really keep me awake?",
]
USERS = 8
CREDITS = 1_000_000


@dataclass(frozen=True)
class Round:
    rate: float
    latencies: list[float]


class SilentChannel:
    """A channel that accepts every action (the bot path measures the bot, not a chat app)."""

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        return []


async def timed(calls: list[Callable[[], Awaitable[object]]]) -> Round:
    latencies = []
    started = time.perf_counter()
    for call in calls:
        one = time.perf_counter()
        await call()
        latencies.append(time.perf_counter() - one)
    return Round(len(calls) / (time.perf_counter() - started), latencies)


def p(latencies: list[float], share: float) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def fund(ledger: Ledger) -> None:
    await ledger.open_account(ISSUER, "credits", allow_negative=True)
    for user in range(1, USERS + 1):
        await ledger.open_account(f"user:{user}", "credits")
        await ledger.transfer(
            f"bench:fund:{user}", Leg(ISSUER, f"user:{user}", Money(CREDITS, "credits"))
        )


async def run(messages: int, rounds: int, store: str) -> None:
    clock = SystemClock()
    model = OfflineChatModel()
    products = load_products()
    database = None
    if store == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="sleeplab-bench-"))
        database = await open_database(f"sqlite:///{folder / 'bench.sqlite3'}")
        ledger: Ledger = TortoiseLedger(database, clock)
        uow: UnitOfWorkFactory = TortoiseUnitOfWorkFactory(database)
    else:
        ledger = InMemoryLedger(clock)
        uow = InMemoryStore()
    await fund(ledger)
    kit = build_assistant_kit(model, ledger, products, clock)
    bot = build_assistant_bot(model, ledger, products, clock)
    conversations = Conversations(Router(bot, uow, clock, load_texts()))
    channel = SilentChannel()
    guard = GuardedChat(model)
    for user in range(1, USERS + 1):
        await conversations.deliver(Start(user_id=user, language_hint="en"), channel)

    def question(n: int) -> str:
        return QUESTIONS[n % len(QUESTIONS)]

    def bare(n: int) -> Callable[[], Awaitable[object]]:
        system = assistant_system_prompt("en", AnswerLength.NORMAL, "")
        request = ChatRequest(system=system, message=question(n), locale="en")
        return lambda: model.complete(request)

    def guarded(n: int) -> Callable[[], Awaitable[object]]:
        system = assistant_system_prompt("en", AnswerLength.NORMAL, "")
        request = ChatRequest(system=system, message=question(n), locale="en")
        return lambda: guard.ask(request)

    def ask(n: int) -> Callable[[], Awaitable[object]]:
        async def call() -> None:
            answer = await kit.assistant.ask(
                Question(user_id=1 + n % USERS, text=question(n), memory=Memory())
            )
            async with uow() as unit:
                await unit.assistant.add(answer.entry)
                await unit.commit()

        return call

    def through_bot(n: int) -> Callable[[], Awaitable[object]]:
        event = Text(user_id=1 + n % USERS, text=question(n))
        return lambda: conversations.deliver(event, channel)

    paths = {"model": bare, "guarded": guarded, "ask": ask, "bot": through_bot}
    results: dict[str, list[Round]] = {name: [] for name in paths}
    await timed([bare(n) for n in range(50)])  # warm the retrieval index and caches
    for _ in range(rounds):
        for name, make in paths.items():
            results[name].append(await timed([make(n) for n in range(messages)]))
    if database is not None:
        await database.close()
    report(results, messages, rounds, store)


def report(results: dict[str, list[Round]], messages: int, rounds: int, store: str) -> None:
    print(f"assistant path, offline provider, store={store}: {messages} messages x {rounds} rounds")
    base_best = max(r.rate for r in results["model"])
    base_median = statistics.median(r.rate for r in results["model"])
    columns = ("best msg/s", 11), ("median msg/s", 13), ("p50 ms", 8), ("p99 ms", 8)
    header = " ".join(f"{title:>{width}}" for title, width in columns)
    print(f"{'path':<8} {header} {'path/model':>11}")
    for name, found in results.items():
        best = max(r.rate for r in found)
        median = statistics.median(r.rate for r in found)
        latencies = [x for r in found for x in r.latencies]
        ratio = base_median / median
        print(
            f"{name:<8} {best:>11.0f} {median:>13.0f} {p(latencies, 0.5):>8.3f} "
            f"{p(latencies, 0.99):>8.3f} {ratio:>10.2f}x"
        )
    print(f"(path/model: times slower than the bare model, median rounds; best {base_best:.0f}/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--store", choices=("memory", "sqlite"), default="memory")
    args = parser.parse_args()
    asyncio.run(run(args.messages, args.rounds, args.store))


if __name__ == "__main__":
    main()
