"""``sleeplab chat``: play a bot in the terminal, resuming where the user left off.

The chat runs the bot's due jobs itself (:class:`InProcessJobs`): a delayed report, the
reminders and broadcasts arrive in the terminal as they would in Telegram, without a
separate ``sleeplab worker``. Rounds and the user's events take turns (one lock), so a
job's message never interleaves with the handling of a typed line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import uuid

import attrs

from adapters.terminal import TerminalChannel, parse_line
from entrypoints.containers import (
    Container,
    bot_texts,
    conversations_for,
    resolve,
    unit_of_work_factory,
)
from entrypoints.worker import (
    HandlerRegistry,
    build_worker,
    default_worker_name,
    worker_settings,
)
from sleeplab_core.conversation import (
    Channel,
    Conversations,
    PaymentSucceeded,
    PreCheckout,
    Resume,
    Screen,
    SendScreen,
    Start,
)
from sleeplab_core.entitlements import Entitlement
from sleeplab_core.jobs import Worker
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, Catalog, Message
from sleeplab_core.sleeplab.journey import DEV_UNLOCK_SOURCE

log = logging.getLogger(__name__)

EXIT_COMMANDS = frozenset({"/quit", "/exit"})
PAY_COMMAND = "/pay"
UNLOCKED_PRODUCTS = ("sleeplab_l1", "sleeplab_l2")
JOB_POLL_SECONDS = 1.0
"""How often the chat looks for due jobs while the user is reading or typing."""


class InProcessJobs:
    """The due jobs of one bot, run inside the chat and sent through its channel.

    Only the bot's own job kinds are claimed: another bot's jobs in the same database are
    left to its worker (they would fail here, and after their retries be lost).
    """

    def __init__(self, worker: Worker, lock: asyncio.Lock) -> None:
        self.worker = worker
        self.lock = lock
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @classmethod
    async def build(
        cls, container: Container, bot: str, channel: Channel, lock: asyncio.Lock
    ) -> InProcessJobs | None:
        """The bot's job handlers over ``channel``; None for a bot without jobs."""
        from entrypoints.containers import register_bot_handlers, register_sleeplab_handlers

        registry = HandlerRegistry()
        if bot == "sleeplab":
            register_sleeplab_handlers(lambda _container: channel, registry)
        else:
            await register_bot_handlers(container, bot, channel, registry)
        if not registry.kinds():
            return None
        settings = worker_settings(name=f"chat:{default_worker_name()}")
        worker = await build_worker(container, settings, registry=registry, own_kinds_only=True)
        return cls(worker, lock)

    async def run_due(self) -> int:
        """Run the jobs due now (one round, between the user's events); how many ran."""
        async with self.lock:
            report = await self.worker.run_once()
        return report.claimed

    def start(self, poll_seconds: float = JOB_POLL_SECONDS) -> None:
        """Keep running due jobs in the background until :meth:`stop`."""
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._poll(poll_seconds))

    async def stop(self) -> None:
        """Let the round in flight finish (a report half sent would be sent again), then end."""
        if self._task is not None:
            self._stopping.set()
            await self._task
            self._task = None

    async def _poll(self, poll_seconds: float) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_due()
            except Exception:  # the database went away: say so and try again
                log.exception("the chat could not run its due jobs; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), poll_seconds)


async def run_chat(
    container: Container,
    *,
    bot: str,
    user_id: int,
    lang: str | None,
    unlock: bool,
    as_json: bool,
    run_jobs: bool = True,
) -> int:
    conversations = await conversations_for(container, bot)
    channel = TerminalChannel(as_json=as_json)
    texts = await bot_texts(container, bot)
    lock = asyncio.Lock()
    jobs = await InProcessJobs.build(container, bot, channel, lock) if run_jobs else None
    try:
        if unlock:
            await _unlock(container, user_id)
        if lang:
            await _set_locale(container, user_id, lang)
        first = await _first_event(conversations, user_id, lang)
        await conversations.deliver(first, channel)
        if jobs is not None:
            jobs.start()
        await _loop(conversations, channel, user_id, texts, lock)
    finally:
        if jobs is not None:
            await jobs.stop()
        await resolve(container.shutdown_resources())
    return 0


async def _loop(
    conversations: Conversations,
    channel: TerminalChannel,
    user_id: int,
    texts: Catalog,
    lock: asyncio.Lock,
) -> None:
    interactive = sys.stdin.isatty()
    while True:
        line = await asyncio.to_thread(_read_line, interactive)
        if line is None or line.strip().lower() in EXIT_COMMANDS:
            return
        async with lock:  # a job round and the user's event take turns
            if line.strip().lower() == PAY_COMMAND:
                await pay_last_invoice(conversations, channel, user_id, texts)
                continue
            event = parse_line(line, user_id, channel.buttons)
            if event is not None:
                await conversations.deliver(event, channel)


async def pay_last_invoice(
    conversations: Conversations,
    channel: TerminalChannel,
    user_id: int,
    texts: Catalog | None = None,
) -> None:
    """``/pay``: play Telegram's payment sheet for the last invoice, like its test payments.

    The bot gets the same pre-checkout query and successful-payment events as in Telegram,
    so the whole confirmation path runs; only the money is pretend.
    """
    invoice = channel.last_invoice
    if invoice is None:
        if texts is not None:
            await _say(conversations, channel, user_id, texts, "sleeplab.pay.no_open_invoice")
        return
    total = sum(price.amount for price in invoice.prices)
    query_id = f"terminal-{uuid.uuid4().hex[:12]}"
    answered = len(channel.pre_checkout_answers)
    await conversations.deliver(
        PreCheckout(
            user_id=user_id,
            query_id=query_id,
            payload=invoice.payload,
            currency=invoice.currency,
            total_amount=total,
        ),
        channel,
    )
    if channel.pre_checkout_answers[answered:] != [(True, None)]:
        return
    channel.last_invoice = None
    await conversations.deliver(
        PaymentSucceeded(
            user_id=user_id,
            payload=invoice.payload,
            currency=invoice.currency,
            total_amount=total,
            telegram_charge_id=f"{query_id}-charge",
        ),
        channel,
    )


async def _say(
    conversations: Conversations,
    channel: TerminalChannel,
    user_id: int,
    texts: Catalog,
    key: str,
) -> None:
    """A notice of the terminal itself, in the user's language."""
    async with conversations.router.unit_of_work() as uow:
        user = await uow.users.get(user_id)
    text = texts.render(user.locale if user else DEFAULT_LOCALE, Message(key))
    await channel.perform(user_id, [SendScreen(screen=Screen(text), tag="notice")], {})


def _read_line(interactive: bool) -> str | None:
    try:
        if interactive:
            return input("› ")
        line = sys.stdin.readline()
        return line if line else None
    except EOFError:
        return None


async def _first_event(
    conversations: Conversations, user_id: int, lang: str | None
) -> Start | Resume:
    if not await conversations.router.knows(user_id):
        return Start(user_id=user_id, language_hint=lang)
    return Resume(user_id=user_id)


async def _unlock(container: Container, user_id: int) -> None:
    """The ``--unlock`` developer flag: grant the paid levels without a payment."""
    now = container.clock().now()
    async with (await unit_of_work_factory(container))() as uow:
        for product in UNLOCKED_PRODUCTS:
            await uow.entitlements.grant(Entitlement(user_id, product, DEV_UNLOCK_SOURCE, now))
        await uow.commit()
    log.warning("developer unlock: user %s may open L1 and L2 without paying", user_id)


async def _set_locale(container: Container, user_id: int, lang: str) -> None:
    if lang not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {SUPPORTED_LOCALES}")
    async with (await unit_of_work_factory(container))() as uow:
        user = await uow.users.get(user_id)
        if user is not None and user.locale != lang:
            await uow.users.save(attrs.evolve(user, locale=lang))
            await uow.commit()
