"""Flows: the pieces of a bot's dialogue, and the context they act through."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from sleeplab_core.conversation.actions import (
    Action,
    Button,
    DeleteMessage,
    EditScreen,
    Screen,
    SendScreen,
)
from sleeplab_core.conversation.events import Event
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Catalog, Message
from sleeplab_core.kernel.users import User

if TYPE_CHECKING:
    from sleeplab_core.storage.ports import UnitOfWork

SCREEN = "screen"
"""The tag of the bot's current main message (the one edited in place)."""


class FlowContext:
    """What a flow may touch while it handles one event, inside one unit of work."""

    def __init__(
        self,
        *,
        user: User,
        data: dict[str, Any],
        uow: UnitOfWork,
        clock: Clock,
        catalog: Catalog,
        bot: str,
    ) -> None:
        self.user = user
        self.data = data
        self.uow = uow
        self.clock = clock
        self.catalog = catalog
        self.bot = bot
        self.actions: list[Action] = []
        self.next_flow: tuple[str, dict[str, Any]] | None = None
        self.erased = False
        self.reached: list[str] = []
        """Funnel steps this event took the user to (written by the router)."""

    def reach(self, step: str) -> None:
        """Note that the user reached ``step`` (e.g. ``L0:started``) for the funnels."""
        self.reached.append(step)

    @property
    def locale(self) -> str:
        return self.user.locale

    def t(self, key: str, count: int | None = None, /, **params: object) -> str:
        """The text of ``key`` in the user's locale."""
        return self.catalog.render(self.locale, Message(key, params, count))

    def render(self, message: Message) -> str:
        return self.catalog.render(self.locale, message)

    def button(self, key: str, data: str, /, **params: object) -> Button:
        return Button(self.t(key, **params), data)

    def send(self, text: str, rows: Sequence[Sequence[Button]] = (), *, tag: str = SCREEN) -> None:
        self.actions.append(SendScreen(screen=Screen.of(text, rows), tag=tag))

    def edit(self, text: str, rows: Sequence[Sequence[Button]] = (), *, tag: str = SCREEN) -> None:
        self.actions.append(EditScreen(screen=Screen.of(text, rows), tag=tag))

    def delete(self, tag: str) -> None:
        self.actions.append(DeleteMessage(tag=tag))

    def emit(self, action: Action) -> None:
        self.actions.append(action)

    def switch(self, flow: str, **data: Any) -> None:
        """Make ``flow`` the active one after this handler; it starts with ``data``."""
        self.next_flow = (flow, dict(data))

    def update_user(self, **changes: Any) -> None:
        self.user = attrs.evolve(self.user, **changes)

    def forget_user(self) -> None:
        """The flow erased the user: the router must not save them or their conversation."""
        self.erased = True


class Flow(Protocol):
    """A part of a dialogue (onboarding, a questionnaire, the privacy menu…).

    Contract: ``enter`` shows the flow's first screen when it becomes active; ``handle`` reacts
    to one event. Both act only through the context: they record actions, change
    ``ctx.data`` (JSON-serialisable), update the user, or switch to another flow. An exception
    rolls back everything the event did.

    A command the bot routes to the flow (``BotSpec.commands``) opens it with ``enter``
    (arguments in ``ctx.data["args"]``); a flow that wants such a command as input lists
    its name in a ``commands`` attribute and receives it through ``handle``.
    """

    name: str

    async def enter(self, ctx: FlowContext) -> None: ...

    async def handle(self, event: Event, ctx: FlowContext) -> None: ...


@attrs.frozen
class BotSpec:
    """A bot: its flows, the flow ``/start`` opens, and commands that open other flows.

    ``commands`` maps a command name (without the slash) to a flow name; ``menu`` lists the
    commands offered in the client's command menu as (command, description key).
    ``locations``: the flows take :class:`~sleeplab_core.conversation.events.Location`
    events; a bot without it answers a shared location as unsupported, as before.
    """

    name: str
    flows: Mapping[str, Flow]
    start: str
    commands: Mapping[str, str] = attrs.field(factory=dict)
    menu: tuple[tuple[str, str], ...] = ()
    locations: bool = False
