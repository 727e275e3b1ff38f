"""The bot platform: what a bot package declares, what it is given, and how it is found.

A bot is a package that exports a :class:`Bot` and registers it under the entry-point group
``sleeplab.bots``; ``sleeplab chat|bot|web|worker --bot NAME`` run any installed bot. A
capability module with storage of its own declares a :class:`MemoryModule` (its in-memory
fake) here in the core, and its SQL twin of the same name in the storage adapter.
"""

from sleeplab_core.kernel.modules import MemoryModule, module_uow
from sleeplab_core.platform.bot import Bot, BotContext, JobsFactory, ServiceEnvironment
from sleeplab_core.platform.registry import (
    BOTS_GROUP,
    SERVICES_GROUP,
    UnknownBot,
    installed_bots,
    load_bot,
)

__all__ = [
    "BOTS_GROUP",
    "SERVICES_GROUP",
    "Bot",
    "BotContext",
    "JobsFactory",
    "MemoryModule",
    "ServiceEnvironment",
    "UnknownBot",
    "installed_bots",
    "load_bot",
    "module_uow",
]
