"""Credits on the ledger: the trial grant, the balance, and the hold around each answer.

Accounts are the payments module's (``user:<id>`` in the configured unit, issued by
``system:issuer``), so purchased packs and trial credits land in the same balance.
"""

from __future__ import annotations

import logging

from sleeplab_core.assistant.config import AssistantConfig
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.money import Money
from sleeplab_core.kernel.users import UserId
from sleeplab_core.ledger.errors import AccountNotFound, IdempotencyConflict, TransferNotFound
from sleeplab_core.ledger.model import Leg
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.payments.effects import ISSUER, ledger_owner

log = logging.getLogger(__name__)


def trial_key(user_id: UserId) -> str:
    return f"assistant:trial:{user_id}"


def hold_key(user_id: UserId, request_id: str) -> str:
    return f"assistant:hold:{user_id}:{request_id}"


class Credits:
    """A user's assistant credits.

    Every write is idempotent by key (the ledger's rule), so a crash and a repeat never
    charge or grant twice.
    """

    def __init__(self, ledger: Ledger, clock: Clock, config: AssistantConfig) -> None:
        self._ledger = ledger
        self._clock = clock
        self._config = config

    async def grant_trial(self, user_id: UserId) -> bool:
        """Grant the free trial once per user, ever; False when it was granted before.

        The ledger books it once under the user's trial key; concurrent first visits may
        each see True (a replay returns the same booking), which only repeats the welcome.

        The trial is ``trial_messages × price_per_answer`` credits lapsing after
        ``trial_days``: a grant on the ledger, spent before purchased credits.
        """
        if self._config.trial_credits == 0:
            return False
        key = trial_key(user_id)
        try:
            await self._ledger.transfers(key)
            return False
        except TransferNotFound:
            pass
        owner = await self._open(user_id)
        lapses_at = self._clock.now() + self._config.trial_period
        leg = Leg(
            ISSUER, owner, self._money(self._config.trial_credits), "assistant trial", lapses_at
        )
        try:
            await self._ledger.transfer(key, leg)
        except IdempotencyConflict:
            return False  # a concurrent first visit granted it a moment earlier
        log.info("assistant trial granted: user=%s credits=%s", user_id, leg.amount.amount)
        return True

    async def available(self, user_id: UserId) -> int:
        """Credits the user may spend now (0 for a user without an account)."""
        try:
            balance = await self._ledger.balance(ledger_owner(user_id), self._config.unit)
        except AccountNotFound:
            return 0
        return balance.available

    async def hold(self, user_id: UserId, request_id: str) -> str:
        """Reserve the price of one answer; returns the hold's key.

        Raises:
            InsufficientFunds: not enough credits (nothing reserved).
        """
        key = hold_key(user_id, request_id)
        price = self._money(self._config.price_per_answer)
        leg = Leg(ledger_owner(user_id), ISSUER, price, "assistant answer")
        expires_at = self._clock.now() + self._config.hold_period
        try:
            await self._ledger.reserve(key, leg, expires_at=expires_at)
        except AccountNotFound:
            # Opening accounts on every question would cost two writes; do it once.
            await self._open(user_id)
            await self._ledger.reserve(key, leg, expires_at=expires_at)
        return key

    async def post(self, key: str) -> int:
        """Charge the held price; returns the credits charged.

        Raises:
            HoldExpired: the model took longer than the hold lasts (nothing charged).
        """
        transfer = await self._ledger.post(f"{key}:post", key)
        return transfer.amount.amount

    async def void(self, key: str) -> None:
        """Release the hold: the answer failed and costs nothing."""
        await self._ledger.void(f"{key}:void", key)

    async def _open(self, user_id: UserId) -> str:
        owner = ledger_owner(user_id)
        await self._ledger.open_account(ISSUER, self._config.unit, allow_negative=True)
        await self._ledger.open_account(owner, self._config.unit)
        return owner

    def _money(self, amount: int) -> Money:
        return Money(amount, self._config.unit)
