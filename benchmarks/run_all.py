"""Every headline figure of the project against its baseline, in one run, as one table.

Each metric is measured ``--rounds`` times; a round measures the project and its baseline
back to back (same data, same work, interleaved), so the ratio of a round compares like with
like on a shared, noisy machine. The table gives the medians, the median of the per-round
ratios, and min/median/max of both sides.

- ``diagnosis``: ``evaluate(ruleset, env)`` against a hand-written function building the
  same ``Diagnosis`` (``benchmarks/diagnosis.py``), over 1,000 seeded environments.
- ``memory uow``: one unit of work on the in-memory store holding 5,000 users (read a user
  and their conversation, save the conversation, commit) against the same reads and write
  on plain dicts under an ``asyncio.Lock``.
- ``step, N users, SQLite``: SleepLab L0 questionnaire steps through the router and the
  Tortoise unit of work (``benchmarks/questionnaire_steps.py``) against a raw ``sqlite3``
  loop doing the same two durable transactions per step with changing values (2 fdatasyncs
  per step).
- ``web idle RSS``: resident memory of ``sleeplab web`` once ``/health`` answers, against a
  bare Python process that imports FastAPI and uvicorn (lower is better: the ratio is
  baseline / project like the others, so above 1 means the project does better).

Run: ``python benchmarks/run_all.py [--rounds 3] [--users 20] [--skip web]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


@attrs.frozen
class Sample:
    """One round: the project's figure and its baseline's, in the metric's unit."""

    project: float
    baseline: float
    higher_is_better: bool = True

    @property
    def ratio(self) -> float:
        """Project over baseline when higher is better, baseline over project otherwise."""
        if self.higher_is_better:
            return self.project / self.baseline
        return self.baseline / self.project


Metric = Callable[[], Sample]


# --- the metrics ---------------------------------------------------------------------------


def diagnosis_metric() -> Metric:
    from diagnosis import hand_written_diagnosis, population
    from sleeplab_core.diagnosis import evaluate
    from sleeplab_core.sleeplab.bot import sleeplab_ruleset

    ruleset = sleeplab_ruleset()
    envs = population(1000)
    hand = hand_written_diagnosis(ruleset)
    if any(evaluate(ruleset, env) != hand(env) for env in envs):
        raise SystemExit("the hand-written diagnosis disagrees with the rule set")

    def rate(run: Callable[[object], object]) -> float:
        started = time.perf_counter()
        for env in envs:
            run(env)
        return len(envs) / (time.perf_counter() - started)

    def measure() -> Sample:
        engine = rate(lambda env: evaluate(ruleset, env))  # type: ignore[arg-type]
        return Sample(engine, rate(hand))  # type: ignore[arg-type]

    return measure


def memory_uow_metric(users: int = 5000, transactions: int = 2000) -> Metric:
    from sleeplab_core.conversation.model import Conversation
    from sleeplab_core.kernel.users import User, UserId
    from sleeplab_core.storage.memory import InMemoryStore

    now = datetime.now(UTC)
    store = InMemoryStore()
    plain_users: dict[int, User] = {}
    plain_conversations: dict[tuple[int, str], Conversation] = {}
    for n in range(users):
        user = User(id=UserId(n), created_at=now)
        conversation = Conversation(UserId(n), "sleeplab", "menu", now, {"step": 0})
        store.tables.users[user.id] = plain_users[n] = user
        store.tables.conversations[(user.id, "sleeplab")] = conversation
        plain_conversations[(n, "sleeplab")] = conversation

    async def ours() -> float:
        started = time.perf_counter()
        for step in range(transactions):
            user_id = UserId(random.randrange(users))
            async with store() as uow:
                await uow.users.get(user_id)
                found = await uow.conversations.get(user_id, "sleeplab")
                assert found is not None
                await uow.conversations.save(attrs.evolve(found, data={"step": step}))
                await uow.commit()
        return transactions / (time.perf_counter() - started)

    async def plain() -> float:
        lock = asyncio.Lock()
        started = time.perf_counter()
        for step in range(transactions):
            user_id = random.randrange(users)
            async with lock:
                plain_users.get(user_id)
                found = plain_conversations[(user_id, "sleeplab")]
                plain_conversations[(user_id, "sleeplab")] = attrs.evolve(
                    found, data={"step": step}
                )
        return transactions / (time.perf_counter() - started)

    def measure() -> Sample:
        return Sample(asyncio.run(ours()), asyncio.run(plain()))

    return measure


def step_metric(users: int) -> Metric:
    from questionnaire_steps import l0_script, ours, raw_sqlite
    from sleeplab_core.questionnaires import QuestionnaireLibrary
    from sleeplab_core.sleeplab.bot import content_dir

    definition = QuestionnaireLibrary.from_directory(content_dir()).latest("sleeplab")
    kinds = {
        q.id: q.type
        for level in definition.levels.values()
        for b in level.blocks
        for q in b.questions
    }
    script = [(qid, raw, button, kinds[qid]) for qid, raw, button in l0_script()]

    def measure() -> Sample:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            url = f"sqlite:///{root / 'bench.sqlite3'}"
            rate, _ = asyncio.run(ours(url, root, users, script))
            raw_rate, _ = raw_sqlite(root / "raw.sqlite3", users, len(script))
        return Sample(rate, raw_rate)

    return measure


def web_rss_metric() -> Metric:
    def measure() -> Sample:
        with tempfile.TemporaryDirectory() as folder:
            web = _idle_rss([str(Path(sys.executable).with_name("sleeplab")), "web"], folder)
            bare = _idle_rss(
                [sys.executable, "-c", _BARE_WEB],
                folder,
            )
        return Sample(web, bare, higher_is_better=False)

    return measure


_BARE_WEB = """
import os, fastapi, uvicorn
app = fastapi.FastAPI()
app.get('/health')(lambda: {'ok': True})
uvicorn.run(app, host='127.0.0.1', port=int(os.environ['SLEEPLAB_WEB_PORT']), log_level='error')
"""


def _idle_rss(command: list[str], folder: str) -> float:
    """Resident memory (MB) of ``command`` once it answers ``GET /health``."""
    port = random.randrange(20000, 40000)
    env = {**os.environ, "SLEEPLAB_DATA_DIR": folder, "SLEEPLAB_WEB_PORT": str(port)}
    process = subprocess.Popen(
        command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"{command[0]} did not answer /health within 60 s")
        time.sleep(1)  # idle
        status = Path(f"/proc/{process.pid}/status").read_text()
        kilobytes = next(
            line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")
        )
        return int(kilobytes) / 1024
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- the table -----------------------------------------------------------------------------


def _spread(values: list[float]) -> str:
    return "/".join(_figure(v) for v in (min(values), statistics.median(values), max(values)))


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=20, help="concurrent users of the step")
    parser.add_argument("--skip", action="append", default=[], help="a metric key to skip")
    args = parser.parse_args()
    metrics: list[tuple[str, str, str, str, Callable[[], Metric]]] = [
        ("diagnosis", "rule engine", "hand-written, same Diagnosis", "eval/s", diagnosis_metric),
        ("memory", "memory store uow", "dicts under a lock", "tx/s", memory_uow_metric),
        (
            "step1",
            "step, 1 user, SQLite",
            "raw sqlite3, 2 tx/step",
            "steps/s",
            lambda: step_metric(1),
        ),
        (
            "stepN",
            f"step, {args.users} users, SQLite",
            "raw sqlite3, 2 tx/step",
            "steps/s",
            lambda: step_metric(args.users),
        ),
        ("web", "sleeplab web idle RSS", "bare FastAPI+uvicorn", "MB", web_rss_metric),
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    header = (
        "metric",
        "unit",
        "project (median)",
        "baseline",
        "baseline (median)",
        "ratio (median)",
        "project min/med/max",
        "baseline min/med/max",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for key, name, baseline, unit, build in metrics:
        if key in args.skip:
            continue
        measure = build()
        samples = [measure() for _ in range(args.rounds)]
        projects = [s.project for s in samples]
        baselines = [s.baseline for s in samples]
        ratio = statistics.median(s.ratio for s in samples)
        row = (
            name,
            unit,
            _figure(statistics.median(projects)),
            baseline,
            _figure(statistics.median(baselines)),
            f"{ratio:.3f}",
            _spread(projects),
            _spread(baselines),
        )
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
