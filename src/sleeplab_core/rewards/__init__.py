"""Rewards: walks that earn points, families that share them, referrals, gifts and orders.

Pure rules (``points``, ``verification``, ``family``, ``referrals``) over data (``rules.toml``),
ports (``ports``, ``weather``) with in-memory fakes (``fakes``), and use cases
(``use_cases``) that book every award in the ledger under an idempotency key.
See docs/steps.md.
"""

from sleeplab_core.rewards.config import RewardsRules, default_rules, load_rules
from sleeplab_core.rewards.errors import (
    FamilyRefused,
    InvalidRules,
    OrderRefused,
    ReferralRefused,
    RewardsError,
    RewardsNotFound,
    WalkRefused,
)
from sleeplab_core.rewards.fakes import (
    MEMORY_MODULE,
    InMemoryRewardsDatabase,
    InMemoryRewardsStore,
    RewardsTables,
)
from sleeplab_core.rewards.ports import RewardsStore, RewardsUnitOfWork, RewardsUnitOfWorkFactory
from sleeplab_core.rewards.weather import FixedWeather, OfflineWeather, Weather, WeatherUnavailable

__all__ = [
    "MEMORY_MODULE",
    "FamilyRefused",
    "FixedWeather",
    "InMemoryRewardsDatabase",
    "InMemoryRewardsStore",
    "InvalidRules",
    "OfflineWeather",
    "OrderRefused",
    "ReferralRefused",
    "RewardsError",
    "RewardsNotFound",
    "RewardsRules",
    "RewardsStore",
    "RewardsTables",
    "RewardsUnitOfWork",
    "RewardsUnitOfWorkFactory",
    "WalkRefused",
    "Weather",
    "WeatherUnavailable",
    "default_rules",
    "load_rules",
]
