"""``refundStarPayment`` over the Bot API with httpx (no bot framework needed)."""

from __future__ import annotations

import httpx

from sleeplab_core.kernel.users import UserId
from sleeplab_core.payments import RefundFailed

TIMEOUT_SECONDS = 10.0


class BotApiPayments:
    """:class:`~sleeplab_core.payments.telegram_refunds.TelegramPayments` over HTTPS.

    Args:
        token: the bot token (never logged: errors name only Telegram's description).
        api_url: the Bot API server (``https://api.telegram.org`` or a local one).
    """

    def __init__(
        self,
        token: str,
        api_url: str = "https://api.telegram.org",
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._url = f"{api_url.rstrip('/')}/bot{token}/refundStarPayment"
        self._client = client

    async def refund_star_payment(self, user_id: UserId, telegram_charge_id: str) -> None:
        body = {"user_id": user_id, "telegram_payment_charge_id": telegram_charge_id}
        try:
            if self._client is not None:
                response = await self._client.post(self._url, json=body)
            else:
                async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                    response = await client.post(self._url, json=body)
            answer = response.json()
        except (httpx.HTTPError, ValueError) as error:
            # the URL holds the token: name only the kind of failure
            raise RefundFailed(f"Telegram could not be reached ({type(error).__name__})") from None
        if not isinstance(answer, dict) or not answer.get("ok"):
            reason = answer.get("description") if isinstance(answer, dict) else None
            raise RefundFailed(f"Telegram refused the refund: {reason or 'no reason given'}")
