"""Promo codes: percent or fixed discounts with limits, reserved per order, counted once."""

from sleeplab_core.promo.errors import (
    PromoAlreadyUsed,
    PromoError,
    PromoExpired,
    PromoFirstPurchaseOnly,
    PromoNotActiveYet,
    PromoNotForCurrency,
    PromoNotForProduct,
    PromoNotFound,
    PromoUsedUp,
)
from sleeplab_core.promo.model import (
    DiscountKind,
    PromoCode,
    Redemption,
    RedemptionState,
    normalize_code,
)
from sleeplab_core.promo.ports import PromoRepository
from sleeplab_core.promo.rules import check_applicable, check_limits, discounted

__all__ = [
    "DiscountKind",
    "PromoAlreadyUsed",
    "PromoCode",
    "PromoError",
    "PromoExpired",
    "PromoFirstPurchaseOnly",
    "PromoNotActiveYet",
    "PromoNotForCurrency",
    "PromoNotForProduct",
    "PromoNotFound",
    "PromoRepository",
    "PromoUsedUp",
    "Redemption",
    "RedemptionState",
    "check_applicable",
    "check_limits",
    "discounted",
    "normalize_code",
]
