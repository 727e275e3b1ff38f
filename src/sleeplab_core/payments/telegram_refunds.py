"""The Telegram call a Stars refund needs, as a port the Telegram adapters implement.

Invoices need no port: they are the ``SendInvoice`` action the conversation performs. A
refund starts outside any conversation (an operator, ``sleeplab payments refund``), so the
gateway calls Telegram through this port.
"""

from __future__ import annotations

from typing import Protocol

from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments.errors import RefundFailed


class TelegramPayments(Protocol):
    """Telegram's payment methods the gateways use.

    Contract: ``refund_star_payment`` returns the Stars of one payment to the user
    (``refundStarPayment``); it raises ``RefundFailed`` naming Telegram's reason when Telegram
    refuses (already refunded, unknown charge) or cannot be reached. Telegram then sends the
    user a ``refunded_payment`` message, which the bot applies like any other refund.
    """

    async def refund_star_payment(self, user_id: UserId, telegram_charge_id: str) -> None: ...


class FakeTelegramPayments:
    """Records refunds; refuses a charge refunded before, as Telegram does."""

    def __init__(self) -> None:
        self.refunded: list[tuple[UserId, str]] = []

    async def refund_star_payment(self, user_id: UserId, telegram_charge_id: str) -> None:
        if any(charge == telegram_charge_id for _, charge in self.refunded):
            raise RefundFailed(f"charge {telegram_charge_id!r} was already refunded")
        self.refunded.append((user_id, telegram_charge_id))
