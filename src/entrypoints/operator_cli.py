"""Operator commands: ``fixtures``, ``user-status``, ``jobs``, ``broadcast`` and ``smoke``.

Each command is a thin Typer wrapper around an ``async`` function taking the container and
returning a JSON-ready dict, so the shell and the tests run the same code. Output is Rich
tables, or JSON with ``--json``. Every command works on a fresh database.
"""

from __future__ import annotations

import asyncio
import getpass
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import attrs
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from entrypoints.settings import Settings
from sleeplab_core.jobs import (
    Broadcast,
    BroadcastState,
    Job,
    JobState,
    StoredSegments,
    create_broadcast,
    is_repeat,
)
from sleeplab_core.kernel.errors import NotFound, SleeplabError, ValidationFailed
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.sleeplab.delivery import delivery_record
from sleeplab_core.sleeplab.journey import LEVELS, QUESTIONNAIRE_ID, is_unlocked, level_state
from sleeplab_core.sleeplab.segments import SLEEPLAB_SEGMENTS

if TYPE_CHECKING:
    from entrypoints.containers import Container

T = TypeVar("T")
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
ShowJobs = Annotated[bool, typer.Option("--show-jobs", help="Also list the user's jobs.")]

jobs_app = typer.Typer(name="jobs", help="The scheduler: list, retry and cancel jobs.")


# Shared ----------------------------------------------------------------------------------


def run_with_container(work: Callable[[Container], Awaitable[T]]) -> T:
    """Run ``work`` on a container built from the settings, closing it afterwards."""
    from entrypoints.containers import build_container, resolve

    container = build_container(Settings())

    async def run() -> T:
        try:
            return await work(container)
        finally:
            await resolve(container.shutdown_resources())

    try:
        return asyncio.run(run())
    except SleeplabError as error:
        typer.secho(f"refused: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None


def plain(value: Any) -> Any:
    """``value`` as JSON: attrs classes as dicts, datetimes as ISO strings, enums as values."""
    if attrs.has(type(value)):
        return plain(attrs.asdict(value, recurse=False))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str | int):
        return value.value
    return value


def job_json(job: Job) -> dict[str, Any]:
    shown: dict[str, Any] = plain(job)
    return shown


def emit(
    result: dict[str, Any], as_json: bool, render: Callable[[Console, dict[str, Any]], None]
) -> None:
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        render(_console(), result)


def _console() -> Console:
    console = Console()
    # Piped into a file or another tool: do not squeeze the tables into 80 columns.
    return console if console.is_terminal else Console(width=200)


def jobs_table(jobs: Sequence[dict[str, Any]], title: str = "jobs") -> Table:
    table = Table(title=title)
    for column in ("id", "kind", "state", "user", "due", "next try", "tries", "key", "last error"):
        table.add_column(column)
    for job in jobs:
        table.add_row(
            str(job["id"]),
            job["kind"],
            job["state"],
            str(job.get("user_id") or ""),
            _short_time(job["run_at"]),
            _short_time(job["next_attempt_at"]),
            f"{job['attempts']}/{job['max_attempts']}",
            job.get("unique_key") or "",
            (job.get("last_error") or "")[:60],
        )
    return table


def _short_time(iso: str | None) -> str:
    return iso[:16].replace("T", " ") if iso else ""


async def _uow(container: Container) -> Any:
    from entrypoints.containers import unit_of_work_factory

    return await unit_of_work_factory(container)


# fixtures --------------------------------------------------------------------------------


async def fixtures_command(
    container: Container, user: int, scenario: str, *, show_jobs: bool = False
) -> dict[str, Any]:
    from entrypoints.fixtures import apply_scenario

    result = await apply_scenario(container, user, scenario)
    if show_jobs:
        result["jobs"] = await _user_jobs(container, user)
    return result


async def _user_jobs(container: Container, user: int) -> list[dict[str, Any]]:
    async with (await _uow(container))() as uow:
        return [job_json(job) for job in await uow.jobs.list(user_id=user, limit=1000)]


def fixtures(
    user: Annotated[int, typer.Option(help="The user's Telegram id.")],
    scenario: Annotated[
        str,
        typer.Option(
            help="fresh, onboarded, l0_in_progress, l0_completed, l1_paid, l1_completed, "
            "l2_completed (with its delivery scheduled); promo_applied, promo_used_up (at "
            "the L1 banner having typed a promo code)."
        ),
    ],
    show_jobs: ShowJobs = False,
    as_json: JsonOption = False,
) -> None:
    """Put a user into a scenario's state through SleepLab's use cases (erases the user
    first)."""
    result = run_with_container(lambda c: fixtures_command(c, user, scenario, show_jobs=show_jobs))

    def render(console: Console, r: dict[str, Any]) -> None:
        console.print(f"user {r['user']} is now [bold]{r['scenario']}[/bold]")
        console.print(f"steps: {' → '.join(r['steps'])}")
        console.print(
            f"cancelled jobs: {r['cancelled_jobs']}, documents prepared: {r['documents']}"
        )
        if r["last_screen"]:
            console.print(f"last screen: {r['last_screen'][:160]}")
        if "jobs" in r:
            console.print(jobs_table(r["jobs"], "the user's jobs"))

    emit(result, as_json, render)


# user-status -----------------------------------------------------------------------------


async def user_status_command(
    container: Container, user: int, *, show_jobs: bool = False
) -> dict[str, Any]:
    """Profile, progress, answers, entitlements, balances, payments (and jobs) of a user.

    Raises:
        NotFound: no such user.
    """
    now = container.clock().now()
    async with (await _uow(container))() as uow:
        found = await uow.users.get(user)
        if found is None:
            raise NotFound(f"no user {user}; `sleeplab fixtures --user {user}` creates one")
        conversation = await uow.conversations.get(user, "sleeplab")
        progress = [await _level(uow, user, level, now) for level in LEVELS]
        entitlements = [
            {**plain(e), "active": e.active_at(now)} for e in await uow.entitlements.all_for(user)
        ]
        payments = await _payments(uow, user, now)
        jobs = [job_json(j) for j in await uow.jobs.list(user_id=user, limit=1000)]
    result: dict[str, Any] = {
        "profile": plain(found),
        "flow": conversation.flow if conversation else None,
        "progress": progress,
        "entitlements": entitlements,
        "balances": await _balances(container, user),
        "payments": payments,
        "jobs_pending": sum(j["state"] in ("scheduled", "running") for j in jobs),
    }
    if show_jobs:
        result["jobs"] = jobs
    return result


async def _level(uow: Any, user: int, level: str, now: datetime) -> dict[str, Any]:
    run = await uow.runs.latest(user, level, questionnaire=QUESTIONNAIRE_ID)
    answers = dict(run.state.get("answers", {})) if run else {}
    record = delivery_record(run) if run else None
    diagnosis = run.result.get("diagnosis", {}) if run else {}
    return {
        "level": level,
        "state": (await level_state(uow, user, level)).value,
        "unlocked": await is_unlocked(uow, user, level, now),
        "run": run.id if run else None,
        "answers": len(answers),
        "last_answer": next(reversed(answers), None),
        "updated_at": run.updated_at.isoformat() if run else None,
        "codes": list(diagnosis.get("codes", [])),
        "delivery": dict(record) if record else None,
    }


async def _payments(uow: Any, user: int, now: datetime) -> list[dict[str, Any]] | None:
    if not hasattr(uow, "orders"):
        return None  # a storage without the payments repositories
    from entrypoints.payments_cli import order_json, record_json

    shown = []
    for order in await uow.orders.for_user(user):
        records = await uow.payments.for_order(order.id)
        shown.append({**order_json(order, now), "payments": [record_json(r) for r in records]})
    return shown


async def _balances(container: Container, user: int) -> dict[str, int]:
    from sleeplab_core.payments.effects import ledger_owner

    units = sorted({product.unit for product in container.products()})
    ledger = container.ledger()
    balances = {}
    for unit in units:
        try:
            balance = await ledger.balance(ledger_owner(user), unit)
        except SleeplabError:
            balances[unit] = 0  # no account yet: nothing was ever booked
        else:
            balances[unit] = balance.available
    return balances


def user_status(
    user: Annotated[int, typer.Option(help="The user's Telegram id.")],
    show_jobs: ShowJobs = False,
    as_json: JsonOption = False,
) -> None:
    """A user's profile, progress, answers, entitlements, balances, payments and jobs."""
    result = run_with_container(lambda c: user_status_command(c, user, show_jobs=show_jobs))

    def render(console: Console, r: dict[str, Any]) -> None:
        profile = r["profile"]
        consent = "yes" if profile.get("consent") else "no"
        console.print(
            f"user {profile['id']}: {profile['locale']}, {profile.get('gender') or '—'}, "
            f"born {profile.get('birth_year') or '—'}, {profile['time_zone']}, "
            f"consent {consent}, {'active' if profile['active'] else 'inactive'}; "
            f"flow {r['flow'] or '—'}"
        )
        levels = Table(title="progress")
        for column in ("level", "state", "unlocked", "answers", "codes", "delivery"):
            levels.add_column(column)
        for p in r["progress"]:
            levels.add_row(
                p["level"],
                p["state"],
                "yes" if p["unlocked"] else "no",
                str(p["answers"]),
                ", ".join(p["codes"]),
                _delivery_text(p["delivery"]),
            )
        console.print(levels)
        owned = Table(title="entitlements")
        for column in ("product", "source", "granted", "expires", "active"):
            owned.add_column(column)
        for e in r["entitlements"]:
            owned.add_row(
                e["product"],
                e["source"],
                _short_time(e["granted_at"]),
                _short_time(e["expires_at"]),
                "yes" if e["active"] else "no",
            )
        console.print(owned)
        console.print(
            "balances: " + (", ".join(f"{unit} {n}" for unit, n in r["balances"].items()) or "none")
        )
        if r["payments"] is not None:
            for order in r["payments"]:
                console.print(
                    f"order {order['id']}: {order['product']}, {order['state']}, "
                    f"{len(order['payments'])} payment(s)"
                )
            if not r["payments"]:
                console.print("payments: none")
        console.print(f"pending jobs: {r['jobs_pending']}")
        if "jobs" in r:
            console.print(jobs_table(r["jobs"], "the user's jobs"))

    emit(result, as_json, render)


def _delivery_text(record: dict[str, Any] | None) -> str:
    if not record:
        return ""
    if record.get("sent_at"):
        return f"sent {_short_time(record['sent_at'])}"
    return f"due {_short_time(record.get('due_at'))}"


# jobs ------------------------------------------------------------------------------------


async def jobs_list_command(
    container: Container,
    *,
    states: Sequence[str] = (),
    kind: str | None = None,
    user: int | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    """Jobs ordered by next attempt, filtered; with counts by state.

    Raises:
        ValidationFailed: an unknown state.
    """
    try:
        wanted = {JobState(s) for s in states} or None
    except ValueError:
        known = ", ".join(s.value for s in JobState)
        raise ValidationFailed(f"unknown state in {list(states)}; use {known}") from None
    async with (await _uow(container))() as uow:
        jobs = await uow.jobs.list(states=wanted, kind=kind, user_id=user, limit=limit)
        every = await uow.jobs.list(limit=1_000_000)
    counts = {s.value: sum(j.state is s for j in every) for s in JobState}
    return {"counts": counts, "jobs": [job_json(j) for j in jobs]}


async def job_retry_command(container: Container, job_id: int) -> dict[str, Any]:
    """A failed job due again now, with a fresh set of attempts (JobNotFound/NotRetryable)."""
    async with (await _uow(container))() as uow:
        job = await uow.jobs.retry(job_id, container.clock().now())
        await uow.commit()
    return {"job": job_json(job)}


async def job_cancel_command(container: Container, job_id: int) -> dict[str, Any]:
    """A scheduled, running or failed job cancelled (JobNotFound/NotCancellable)."""
    async with (await _uow(container))() as uow:
        job = await uow.jobs.cancel(job_id, container.clock().now())
        await uow.commit()
    return {"job": job_json(job)}


def _one_job(console: Console, r: dict[str, Any]) -> None:
    job = r["job"]
    console.print(f"job {job['id']} ({job['kind']}) is now {job['state']}")


@jobs_app.command("list")
def jobs_list(
    state: Annotated[
        list[str] | None,
        typer.Option(help="scheduled, running, succeeded, failed or cancelled (repeatable)."),
    ] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind.")] = None,
    user: Annotated[int | None, typer.Option(help="Only this user's jobs.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Jobs by next attempt, with counts by state."""
    result = run_with_container(
        lambda c: jobs_list_command(c, states=state or (), kind=kind, user=user, limit=limit)
    )

    def render(console: Console, r: dict[str, Any]) -> None:
        console.print(", ".join(f"{s}: {n}" for s, n in r["counts"].items()))
        console.print(jobs_table(r["jobs"]) if r["jobs"] else "no jobs")

    emit(result, as_json, render)


@jobs_app.command("retry")
def jobs_retry(job_id: int, as_json: JsonOption = False) -> None:
    """Retry a failed job now."""
    emit(run_with_container(lambda c: job_retry_command(c, job_id)), as_json, _one_job)


@jobs_app.command("cancel")
def jobs_cancel(job_id: int, as_json: JsonOption = False) -> None:
    """Cancel a scheduled, running or failed job."""
    emit(run_with_container(lambda c: job_cancel_command(c, job_id)), as_json, _one_job)


# broadcast -------------------------------------------------------------------------------


async def broadcast_command(
    container: Container,
    segment: str,
    text_key: str,
    *,
    dry_run: bool = False,
    created_by: str = "cli",
    key: str | None = None,
    send_at: datetime | None = None,
) -> dict[str, Any]:
    """Send ``text_key`` to ``segment`` through the worker; ``dry_run`` only counts.

    ``key`` makes the command idempotent: run again with the same key, it queues nothing
    and reports the first broadcast (``repeat``).

    Raises:
        NotFound: an unknown segment.
        ValidationFailed: a text key missing in a locale.
    """
    catalog = container.catalog()
    texts = {}
    for locale in catalog.locales:
        try:
            texts[locale] = catalog.render(locale, Message(text_key))
        except KeyError:
            raise ValidationFailed(
                f"no text {text_key!r} in locale {locale!r}", field="text_key"
            ) from None
    factory = await _uow(container)
    members = await StoredSegments(factory, SLEEPLAB_SEGMENTS).members(segment)
    result: dict[str, Any] = {
        "segment": segment,
        "text_key": text_key,
        "recipients": len(members),
        "texts": texts,
        "dry_run": dry_run,
    }
    if dry_run:
        return result
    async with factory() as uow:
        broadcast, job = await create_broadcast(
            uow,
            segment,
            text_key,
            created_by,
            container.clock().now(),
            send_at=send_at,
            idempotency_key=key,
        )
        repeat = is_repeat(broadcast, job)
        if repeat:  # this key was used before: keep the first broadcast, queue nothing new
            broadcast = await uow.broadcasts.get(job.payload["broadcast_id"])
        else:
            await uow.commit()
    return {**result, "broadcast": plain(broadcast), "job": job_json(job), "repeat": repeat}


async def broadcast_progress(container: Container, broadcast_id: int) -> Broadcast:
    async with (await _uow(container))() as uow:
        found: Broadcast | None = await uow.broadcasts.get(broadcast_id)
    if found is None:
        raise NotFound(f"no broadcast with id {broadcast_id}")
    return found


NO_WORKER_PATIENCE = 10.0
"""Seconds a followed broadcast may wait unclaimed before we say no worker is running."""
FOLLOW_POLL = 1.0


async def follow_broadcast(
    container: Container,
    broadcast_id: int,
    console: Console,
    *,
    job_id: int | None = None,
    poll: float | None = None,
    patience: float | None = None,
) -> tuple[Broadcast, bool]:
    """Show a broadcast's progress until it completes or is cancelled.

    Returns the broadcast and whether a worker took it: when its job is still waiting
    after ``patience`` seconds, following stops with a note (the broadcast stays queued).
    """
    from rich.progress import Progress

    poll = FOLLOW_POLL if poll is None else poll
    patience = NO_WORKER_PATIENCE if patience is None else patience
    waited = 0.0
    with Progress(console=console) as progress:
        task = progress.add_task(f"broadcast {broadcast_id}", total=None)
        while True:
            current = await broadcast_progress(container, broadcast_id)
            progress.update(task, total=current.total or None, completed=current.done)
            if current.state in (BroadcastState.COMPLETED, BroadcastState.CANCELLED):
                return current, True
            if waited >= patience and await _still_waiting(container, job_id):
                return current, False
            await asyncio.sleep(poll)
            waited += poll


async def _still_waiting(container: Container, job_id: int | None) -> bool:
    """The job has not been claimed by any worker (it is scheduled, with no attempt)."""
    if job_id is None:
        return False
    async with (await _uow(container))() as uow:
        job: Job | None = await uow.jobs.get(job_id)
    return job is not None and job.state is JobState.SCHEDULED and job.attempts == 0


def broadcast(
    segment: Annotated[
        str,
        typer.Option(help="all_active, l0_completed_not_paid or paid_level_unfinished."),
    ],
    text_key: Annotated[
        str, typer.Option(help="A message key, e.g. sleeplab_jobs.broadcast.l1_invite.")
    ],
    dry_run: Annotated[bool, typer.Option(help="Count the recipients; send nothing.")] = False,
    follow: Annotated[
        bool, typer.Option(help="Show progress until the worker has sent it.")
    ] = False,
    key: Annotated[
        str | None,
        typer.Option(help="An idempotency key: run again with it, nothing is queued twice."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Send a message to a segment of users (the worker sends it at the configured rate)."""
    who = f"cli:{getpass.getuser()}"

    async def work(container: Container) -> dict[str, Any]:
        result = await broadcast_command(
            container, segment, text_key, dry_run=dry_run, created_by=who, key=key
        )
        if follow and not dry_run and not as_json:
            done, taken = await follow_broadcast(
                container, result["broadcast"]["id"], _console(), job_id=result["job"]["id"]
            )
            result["broadcast"] = plain(done)
            result["no_worker"] = not taken
        return result

    result = run_with_container(work)

    def render(console: Console, r: dict[str, Any]) -> None:
        verb = "would go" if r["dry_run"] else "goes"
        console.print(f"{r['text_key']} {verb} to {r['recipients']} user(s) in {r['segment']}")
        for locale, text in r["texts"].items():
            console.print(escape(f"  [{locale}] {text}"))
        if r.get("repeat"):
            console.print(f"key {key!r} was used before: nothing new queued, the first one is:")
        if r.get("no_worker"):
            console.print(
                "[yellow]no worker has picked it up yet: start one with `sleeplab worker` "
                "(the broadcast stays queued)[/yellow]"
            )
        if "broadcast" in r:
            b = r["broadcast"]
            console.print(
                f"broadcast {b['id']} {b['state']}: sent {b['sent']}, blocked {b['blocked']}, "
                f"failed {b['failed']}, unconfirmed {b['unconfirmed']} of {b['total']} "
                f"(job {r['job']['id']}; `sleeplab worker` sends it)"
            )

    emit(result, as_json, render)


# smoke -----------------------------------------------------------------------------------


def smoke(
    telegram: Annotated[
        bool, typer.Option(help="Also run the job journeys through the Telegram emulator.")
    ] = True,
    as_json: JsonOption = False,
) -> None:
    """Run the critical journeys end to end on a throw-away in-memory store; exit 1 on failure."""
    from entrypoints.fixtures import run_all_smoke

    results = asyncio.run(run_all_smoke(Settings(), telegram=telegram))
    report = {"passed": all(r["ok"] for r in results), "journeys": results}

    def render(console: Console, r: dict[str, Any]) -> None:
        table = Table(title="smoke")
        for column in ("journey", "result", "detail"):
            table.add_column(column)
        for j in r["journeys"]:
            mark = "[green]pass[/green]" if j["ok"] else "[red]FAIL[/red]"
            if j.get("skipped"):
                mark = "[yellow]skip[/yellow]"
            table.add_row(j["name"], mark, escape(j["detail"]))
        console.print(table)

    emit(report, as_json, render)
    if not report["passed"]:
        raise typer.Exit(1)


def mount(app: typer.Typer) -> None:
    """Add the operator commands to the ``sleeplab`` app."""
    app.command("fixtures")(fixtures)
    app.command("user-status")(user_status)
    app.command("broadcast")(broadcast)
    app.command("smoke")(smoke)
    app.add_typer(jobs_app, name="jobs")
