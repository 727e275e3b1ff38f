"""Why a promo code is refused: each error carries a message key for the user's language."""

from __future__ import annotations

from collections.abc import Mapping

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.i18n import Message


class PromoError(ValidationFailed):
    """A promo code cannot be used; ``message`` is the translatable text for the user."""

    message_key = "promo.error.invalid"

    def __init__(self, code: str, reason: str, **params: object) -> None:
        super().__init__(reason, field="promo")
        self.code = code
        self.params: Mapping[str, object] = {"code": code, **params}

    @property
    def message(self) -> Message:
        return Message(self.message_key, self.params)


class PromoNotFound(PromoError):
    """No such code: most often a typo."""

    message_key = "promo.error.not_found"

    def __init__(self, code: str) -> None:
        super().__init__(code, f"no promo code {code!r}")


class PromoNotActiveYet(PromoError):
    message_key = "promo.error.not_active_yet"

    def __init__(self, code: str) -> None:
        super().__init__(code, f"promo code {code!r} is not valid yet")


class PromoExpired(PromoError):
    message_key = "promo.error.expired"

    def __init__(self, code: str) -> None:
        super().__init__(code, f"promo code {code!r} has expired")


class PromoNotForProduct(PromoError):
    message_key = "promo.error.not_for_product"

    def __init__(self, code: str, product: str) -> None:
        super().__init__(code, f"promo code {code!r} does not apply to {product!r}")


class PromoNotForCurrency(PromoError):
    """A fixed discount has no amount in the currency of the order."""

    message_key = "promo.error.not_for_currency"

    def __init__(self, code: str, currency: str) -> None:
        super().__init__(code, f"promo code {code!r} has no discount in {currency}")


class PromoUsedUp(PromoError):
    """Every redemption of the code is taken (or reserved by orders awaiting payment)."""

    message_key = "promo.error.used_up"

    def __init__(self, code: str) -> None:
        super().__init__(code, f"promo code {code!r} is used up")


class PromoAlreadyUsed(PromoError):
    """This user reached the code's per-user limit."""

    message_key = "promo.error.already_used"

    def __init__(self, code: str) -> None:
        super().__init__(code, f"promo code {code!r} was already used by this user")


class PromoFirstPurchaseOnly(PromoError):
    message_key = "promo.error.first_purchase_only"

    def __init__(self, code: str) -> None:
        super().__init__(code, f"promo code {code!r} is for a first purchase only")
