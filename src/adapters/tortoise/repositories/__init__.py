"""Tortoise implementations of the core's repository ports, one module per core module."""

from adapters.tortoise.repositories.assistant import TortoiseAssistantRepository
from adapters.tortoise.repositories.conversation import (
    TortoiseConversationRepository,
    TortoiseInbox,
)
from adapters.tortoise.repositories.entitlements import TortoiseEntitlementRepository
from adapters.tortoise.repositories.payments import (
    TortoiseOrderRepository,
    TortoisePaymentRepository,
)
from adapters.tortoise.repositories.promo import TortoisePromoRepository
from adapters.tortoise.repositories.sleeplab import TortoiseRunRepository
from adapters.tortoise.repositories.subscriptions import TortoiseSubscriptionRepository
from adapters.tortoise.repositories.users import TortoiseUserRepository

__all__ = [
    "TortoiseAssistantRepository",
    "TortoiseConversationRepository",
    "TortoiseEntitlementRepository",
    "TortoiseInbox",
    "TortoiseOrderRepository",
    "TortoisePaymentRepository",
    "TortoisePromoRepository",
    "TortoiseRunRepository",
    "TortoiseSubscriptionRepository",
    "TortoiseUserRepository",
]
