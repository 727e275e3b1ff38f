"""Tortoise implementations of the core's repository ports, one module per core module."""

from adapters.tortoise.repositories.conversation import (
    TortoiseConversationRepository,
    TortoiseInbox,
)
from adapters.tortoise.repositories.entitlements import TortoiseEntitlementRepository
from adapters.tortoise.repositories.sleeplab import TortoiseRunRepository
from adapters.tortoise.repositories.users import TortoiseUserRepository

__all__ = [
    "TortoiseConversationRepository",
    "TortoiseEntitlementRepository",
    "TortoiseInbox",
    "TortoiseRunRepository",
    "TortoiseUserRepository",
]
