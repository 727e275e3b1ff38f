"""Finding installed bots through the ``sleeplab.bots`` entry-point group."""

from __future__ import annotations

import logging
from importlib.metadata import EntryPoint, entry_points

from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.platform.bot import Bot

log = logging.getLogger(__name__)

BOTS_GROUP = "sleeplab.bots"
SERVICES_GROUP = "sleeplab.services"


class UnknownBot(NotFound):
    """No installed bot has that name."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown bot {name!r}; installed: {', '.join(known) or 'none'}")
        self.name = name
        self.known = known


def installed_bots() -> list[str]:
    """The names of the bots registered in this environment, sorted."""
    return sorted({ep.name for ep in entry_points(group=BOTS_GROUP)})


def load_bot(name: str) -> Bot:
    """The :class:`Bot` registered as ``name`` (its package imported now, not before).

    Raises:
        UnknownBot: nothing is registered under that name.
        TypeError: the entry point does not name a ``Bot``.
    """
    found = [ep for ep in entry_points(group=BOTS_GROUP) if ep.name == name]
    if not found:
        raise UnknownBot(name, installed_bots())
    return _as_bot(found[0])


def _as_bot(entry: EntryPoint) -> Bot:
    value = entry.load()
    bot = value() if callable(value) and not isinstance(value, Bot) else value
    if not isinstance(bot, Bot):
        raise TypeError(f"entry point {entry.value!r} gives {type(bot).__name__}, not a Bot")
    if bot.name != entry.name:
        raise TypeError(f"entry point {entry.name!r} names a bot called {bot.name!r}")
    return bot
