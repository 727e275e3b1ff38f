"""Questionnaire steps through the whole stack, against a raw sqlite3 loop doing the same writes.

Many simulated users play SleepLab's L0 at the same time: every answer goes through the router,
the questionnaire engine and a Tortoise unit of work that checkpoints the run and the
conversation, then writes the tag → message-id map (two durable transactions per step). In
the same run, a raw ``sqlite3`` loop performs the same two durable transactions per step
with values that change every step (WAL, synchronous=FULL) — the floor any design on SQLite
pays. Prints steps/s, p50/p99 latency per step, and the ratio.

Run: ``python benchmarks/questionnaire_steps.py [--users 50] [--postgres DSN]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.conversation import (
    Action,
    ButtonPress,
    Conversations,
    Event,
    Receipt,
    Start,
    Text,
)
from sleeplab_core.questionnaires import (
    Accepted,
    QuestionnaireLibrary,
    current_question,
    start_run,
    submit,
)
from sleeplab_core.sleeplab.bot import content_dir

PROFILE = {"gender": "female", "age": 35, "locale": "en"}


class NullChannel:
    """Performs nothing; reports a message id for every tagged action."""

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        return [Receipt(tag, 1) for a in actions if (tag := getattr(a, "tag", None))]


def l0_script() -> list[tuple[str, str, bool]]:
    """(question id, raw answer, is a button) for a typical L0 walk, found with the engine."""
    definition = QuestionnaireLibrary.from_directory(content_dir()).latest("sleeplab")
    state = start_run(definition, "L0")
    typed = {"integer": "35", "time": "23:30", "duration": "7 h", "decimal": "70"}
    # Clock times by question (to bed at 23:30, up at 07:00: 7.5 h in bed, so "7 h" of
    # sleep passes the level's consistency check); other times take the typed default.
    times = {"rise_time": "07:00", "psqi_rise_time": "07:00"}
    script = []
    while (question := current_question(definition, state, PROFILE)) is not None:
        if question.options:
            raw, button = question.options[0].value, True
        elif question.type == "yes_no":
            raw, button = "no", True
        else:
            raw, button = times.get(question.id, typed[question.type]), False
        if question.id == "gender":
            raw = "female"
        outcome = submit(definition, state, PROFILE, [raw] if question.type == "multiple" else raw)
        assert isinstance(outcome, Accepted), (question.id, raw)
        state = outcome.state
        script.append((question.id, raw, button))
    return script


def step_event(user_id: int, question_id: str, raw: str, button: bool, kind: str) -> Event:
    if kind == "multiple":
        return Text(user_id=user_id, text=raw)
    if button:
        return ButtonPress(user_id=user_id, data=f"a:{question_id}:{raw}")
    return Text(user_id=user_id, text=raw)


async def play(
    conversations: Conversations,
    user_id: int,
    script: list[tuple[str, str, bool, str]],
    latencies: list[float],
) -> None:
    channel = NullChannel()
    for event in (
        Start(user_id=user_id),
        ButtonPress(user_id=user_id, data="lang:en"),
        ButtonPress(user_id=user_id, data="consent:yes"),
        ButtonPress(user_id=user_id, data="menu:start:L0"),
    ):
        await conversations.deliver(event, channel)
    for question_id, raw, button, kind in script:
        started = time.perf_counter()
        await conversations.deliver(step_event(user_id, question_id, raw, button, kind), channel)
        latencies.append(time.perf_counter() - started)


async def ours(
    url: str, data_dir: Path, users: int, script: list[tuple[str, str, bool, str]]
) -> tuple[float, list[float]]:
    container = build_container(Settings(database_url=url, data_dir=data_dir))
    conversations = await conversations_for(container, "sleeplab")
    latencies: list[float] = []
    first = random.randrange(10**6, 10**9)  # fresh users even on a reused database
    started = time.perf_counter()
    await asyncio.gather(*(play(conversations, first + u, script, latencies) for u in range(users)))
    elapsed = time.perf_counter() - started
    await resolve(container.shutdown_resources())
    return len(latencies) / elapsed, latencies


def raw_sqlite(path: Path, users: int, steps: int) -> tuple[float, list[float]]:
    """The floor on SQLite: per step, the same two durable transactions a step commits.

    The first checkpoints the run and the conversation (read the run, write both rows), the
    second writes the tag → message-id map. Every write carries new values (the step number
    and a fresh token), so every commit changes pages and SQLite cannot skip the write: with
    ``synchronous=FULL`` each commit ends in one fsync of the WAL (measured with
    ``strace -f -e trace=fdatasync,fsync``: 2 per step).
    """
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, state TEXT, updated TEXT)")
    db.execute(
        "CREATE TABLE conversations (user_id INTEGER PRIMARY KEY, data TEXT, messages TEXT,"
        " updated TEXT)"
    )
    for user in range(users):
        db.execute("INSERT INTO runs VALUES (?, '{}', '')", (user,))
        db.execute("INSERT INTO conversations VALUES (?, '{}', '{}', '')", (user,))
    latencies = []
    started = time.perf_counter()
    for step in range(steps):
        for user in range(users):
            step_started = time.perf_counter()
            state, data, messages = _changing_rows(step)
            now = datetime.now(UTC).isoformat()
            db.execute("BEGIN IMMEDIATE")
            db.execute("SELECT state FROM runs WHERE id = ?", (user,)).fetchone()
            db.execute("UPDATE runs SET state = ?, updated = ? WHERE id = ?", (state, now, user))
            db.execute(
                "UPDATE conversations SET data = ?, updated = ? WHERE user_id = ?",
                (data, now, user),
            )
            db.execute("COMMIT")
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE conversations SET messages = ? WHERE user_id = ?", (messages, user))
            db.execute("COMMIT")
            latencies.append(time.perf_counter() - step_started)
    elapsed = time.perf_counter() - started
    db.close()
    return len(latencies) / elapsed, latencies


def _changing_rows(step: int) -> tuple[str, str, str]:
    """A run state, conversation data and message map of a step's size, new every step."""
    token = secrets.token_hex(16)
    answers = {f"q{i}": f"{token[:8]}-{i}" for i in range(min(step + 1, 12))}
    state = json.dumps({"answers": answers, "path": [f"q{i}" for i in range(step + 1)]})
    data = json.dumps({"level": "L0", "run": token, "step": step})
    messages = json.dumps({"question": random.randrange(10**9)})
    return state, data, messages


def describe(name: str, rate: float, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return f"{name:<34} {rate:>9.0f} steps/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--postgres", help="also run on this PostgreSQL DSN (an existing scratch database)"
    )
    args = parser.parse_args()
    definition = QuestionnaireLibrary.from_directory(content_dir()).latest("sleeplab")
    kinds = {
        q.id: q.type
        for level in definition.levels.values()
        for b in level.blocks
        for q in b.questions
    }
    script = [(qid, raw, button, kinds[qid]) for qid, raw, button in l0_script()]
    print(f"{args.users} users × {len(script)} L0 steps each, concurrently")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = f"sqlite:///{root / 'bench.sqlite3'}"
        rate, latencies = asyncio.run(ours(url, root, args.users, script))
        print(describe("sleeplab on Tortoise + SQLite", rate, latencies))
        raw_rate, raw_latencies = raw_sqlite(root / "raw.sqlite3", args.users, len(script))
        print(describe("raw sqlite3, same durable writes", raw_rate, raw_latencies))
        print(f"ratio (sleeplab / raw sqlite3): {rate / raw_rate:.2f}")
        if args.postgres:
            pg_rate, pg_latencies = asyncio.run(ours(args.postgres, root, args.users, script))
            print(describe("sleeplab on Tortoise + PostgreSQL", pg_rate, pg_latencies))


if __name__ == "__main__":
    main()
