"""``/admin`` inside Telegram, in every bot, for the operator ids the deployment lists.

``SLEEPLAB_OPERATOR_TELEGRAM_IDS`` (comma-separated Telegram user ids) names them. For them,
``/admin`` shows today's figures, ``/admin user <id, phone or name>`` looks a user up and
``/admin broadcast <segment> <text key>`` previews a broadcast with *Send* and *Cancel*
buttons; only *Send* queues it (through the ``broadcast`` command's use case, keyed by
the preview, so a second press queues nothing). For anyone else ``/admin`` and the admin
buttons are dropped without a word: the bot behaves as if the command did not exist, and
the user's conversation is untouched.

The commands sit in front of a bot's router (:class:`OperatorCommands`), so no bot declares
them and every bot has them.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sleeplab_core.conversation import Action, Button, Screen, SendScreen
from sleeplab_core.conversation.actions import AnswerButton
from sleeplab_core.conversation.events import ButtonPress, Command, Event
from sleeplab_core.kernel.errors import SleeplabError, ValidationFailed
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE, Catalog, Message

if TYPE_CHECKING:
    from entrypoints.containers import Container
    from sleeplab_core.conversation.router import Router

log = logging.getLogger(__name__)

Texts = Callable[..., str]

COMMAND = "admin"
PREFIX = "admin:"
TOP_STEPS = 8
FOUND_SHOWN = 10
MAX_BUTTON_DATA = 64
"""Telegram's limit on a button's callback data, in bytes."""
LOCALES_DIR = Path(__file__).parent / "locales"


def operator_ids(text: str) -> frozenset[int]:
    """The ids of ``SLEEPLAB_OPERATOR_TELEGRAM_IDS``.

    Raises:
        ValidationFailed: an entry is not a whole number (nothing starts with a typo in the
            list of who may broadcast).
    """
    ids = set()
    for part in text.replace(";", ",").split(","):
        entry = part.strip()
        if not entry:
            continue
        if not entry.isdigit():
            raise ValidationFailed(
                f"{entry!r} is not a Telegram user id", field="SLEEPLAB_OPERATOR_TELEGRAM_IDS"
            )
        ids.add(int(entry))
    return frozenset(ids)


@cache
def admin_texts() -> Catalog:
    from adapters.babel_catalog import load_catalog

    return load_catalog(LOCALES_DIR)


class OperatorCommands:
    """A bot's router with ``/admin`` in front; everything else goes to the bot unchanged."""

    def __init__(self, router: Router, container: Container, operators: Iterable[int]) -> None:
        self._router = router
        self._container = container
        self._operators = frozenset(operators)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._router, name)

    async def handle(self, event: Event) -> tuple[list[Action], dict[str, int]]:
        mine = (isinstance(event, Command) and event.name == COMMAND) or (
            isinstance(event, ButtonPress) and event.data.startswith(PREFIX)
        )
        if not mine:
            return await self._router.handle(event)
        if event.user_id not in self._operators:
            log.info("admin command from a user who is not an operator ignored")
            return [], {}
        try:
            return await self._operator(event), {}
        except Exception:
            log.exception("admin command failed")
            t = await self._texts_for(event.user_id)
            return [self._screen(t("admin.failed"))], {}

    async def _operator(self, event: Event) -> list[Action]:
        t = await self._texts_for(event.user_id)
        if isinstance(event, ButtonPress):
            answer = [AnswerButton(callback_id=event.callback_id)] if event.callback_id else []
            return answer + await self._button(event.data[len(PREFIX) :], t, event.user_id)
        assert isinstance(event, Command)
        verb, _, rest = event.args.strip().partition(" ")
        if verb == "user" and rest.strip():
            return [self._screen(await self._user(rest.strip(), t))]
        if verb == "broadcast":
            return [await self._preview(rest.split(), t)]
        return [
            self._screen(await self._today(t)),
            self._screen(t("admin.help", segments=self._segments())),
        ]

    async def _today(self, t: Texts) -> str:
        from entrypoints.containers import unit_of_work_factory
        from entrypoints.operator_cli import jobs_list_command
        from sleeplab_core.funnels.use_cases.funnel_report import funnel_report

        bot = self._router.bot.name
        today = self._container.clock().now().date()
        factory = await unit_of_work_factory(self._container)
        async with factory() as tx:
            users = len(await tx.users.ids())
            active = len(await tx.users.ids(active_only=True))
        report = await funnel_report(cast(Any, factory), bot, today, 1)
        jobs = (await jobs_list_command(self._container, limit=1))["counts"]
        steps = "\n".join(
            t("admin.step_line", step=step, count=report.total(step))
            for step in report.steps[:TOP_STEPS]
        )
        return t(
            "admin.today",
            bot=bot,
            day=today.isoformat(),
            users=users,
            active=active,
            due=jobs["scheduled"],
            failed=jobs["failed"],
            steps=steps or t("admin.no_steps"),
        )

    async def _user(self, query: str, t: Texts) -> str:
        from entrypoints.operator_cli import user_status_command
        from sleeplab_core.kernel.errors import NotFound

        if query.isdigit():
            try:
                status = await user_status_command(self._container, int(query))
            except NotFound:
                status = None
            if status is not None:
                return self._user_text(int(query), status, t)
        found = await self._players(query)
        if not found:
            return t("admin.no_user", query=query)
        lines = "\n".join(
            t("admin.player_line", id=p.user_id, name=p.name, phone=p.phone)
            for p in found[:FOUND_SHOWN]
        )
        return t("admin.players", query=query, lines=lines)

    def _user_text(self, user_id: int, status: dict[str, Any], t: Texts) -> str:
        profile = status["profile"]
        levels = ", ".join(f"{lv['level']} {lv['state']}" for lv in status["progress"]) or "—"
        balances = ", ".join(f"{n} {unit}" for unit, n in status["balances"].items()) or "—"
        orders = status["payments"] or []
        paid = sum(o["state"] == "paid" for o in orders)
        active = [e["product"] for e in status["entitlements"] if e["active"]]
        return t(
            "admin.user",
            id=user_id,
            locale=profile["locale"],
            joined=str(profile["created_at"])[:10],
            levels=levels,
            balances=balances,
            orders=len(orders),
            paid=paid,
            entitlements=", ".join(active) or "—",
            jobs=status["jobs_pending"],
        )

    async def _players(self, query: str) -> list[Any]:
        from entrypoints.containers import unit_of_work_factory
        from sleeplab_core.rewards.use_cases.find_players import find_players

        factory = await unit_of_work_factory(self._container)
        async with factory() as tx:
            if getattr(tx, "rewards", None) is None:
                return []
        return await find_players(factory, query)  # type: ignore[arg-type]

    async def _preview(self, words: list[str], t: Texts) -> Action:
        from entrypoints.operator_cli import broadcast_command

        if len(words) != 2:
            return self._screen(t("admin.broadcast_usage", segments=self._segments()))
        segment, key = words
        try:
            shown = await broadcast_command(self._container, segment, key, dry_run=True)
        except SleeplabError as error:
            return self._screen(t("admin.refused", reason=str(error)))
        send = f"{PREFIX}b:{secrets.token_hex(3)}:{segment}:{key}"
        if len(send.encode()) > MAX_BUTTON_DATA:
            return self._screen(t("admin.too_long"))
        locale = t("admin.locale")
        text = shown["texts"].get(locale) or next(iter(shown["texts"].values()))
        return self._screen(
            t("admin.preview", count=shown["recipients"], segment=segment, text=text),
            (Button(t("admin.send"), send), Button(t("admin.cancel"), f"{PREFIX}cancel")),
        )

    async def _button(self, data: str, t: Texts, user_id: int) -> list[Action]:
        from entrypoints.operator_cli import broadcast_command

        if data == "cancel":
            return [self._screen(t("admin.cancelled"))]
        kind, _, rest = data.partition(":")
        nonce, _, rest = rest.partition(":")
        segment, _, key = rest.partition(":")
        if kind != "b" or not nonce or not segment or not key:
            return []
        try:
            result = await broadcast_command(
                self._container,
                segment,
                key,
                created_by=f"telegram:{user_id}",
                key=f"telegram-admin:{user_id}:{nonce}",
            )
        except SleeplabError as error:
            return [self._screen(t("admin.refused", reason=str(error)))]
        broadcast = result["broadcast"]["id"]
        if result["repeat"]:
            return [self._screen(t("admin.repeat", id=broadcast))]
        log.warning("broadcast %s of %s to %s queued from Telegram", broadcast, key, segment)
        return [self._screen(t("admin.sent", id=broadcast, count=result["recipients"]))]

    async def _texts_for(self, user_id: int) -> Texts:
        from entrypoints.containers import unit_of_work_factory

        factory = await unit_of_work_factory(self._container)
        async with factory() as tx:
            user = await tx.users.get(user_id)
        catalog = admin_texts()
        locale = user.locale if user and user.locale in catalog.locales else DEFAULT_LOCALE

        def t(key: str, **params: object) -> str:
            return catalog.render(locale, Message(key, params))

        return t

    @staticmethod
    def _segments() -> str:
        from sleeplab_core.sleeplab.segments import SLEEPLAB_SEGMENTS

        return ", ".join(sorted(SLEEPLAB_SEGMENTS))

    @staticmethod
    def _screen(text: str, *buttons: tuple[Button, ...]) -> SendScreen:
        return SendScreen(screen=Screen(text=text, buttons=tuple(buttons)))
