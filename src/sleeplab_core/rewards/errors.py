"""Typed refusals of the rewards module; each carries a ``code`` the bot turns into a text."""

from __future__ import annotations

from sleeplab_core.kernel.errors import Conflict, NotFound, SleeplabError, ValidationFailed


class RewardsError(SleeplabError):
    """Base of every expected failure of the rewards module."""


class WalkRefused(RewardsError, ValidationFailed):
    """A walk that breaks a plausibility rule (``code`` names the rule, ``detail`` the figures)."""

    def __init__(self, code: str, detail: str) -> None:
        ValidationFailed.__init__(self, f"{code}: {detail}", field="walk")
        self.code = code
        self.detail = detail


class ReferralRefused(RewardsError, Conflict):
    """A referral that would be a self-referral, a loop, or a second referrer."""

    def __init__(self, code: str) -> None:
        Conflict.__init__(self, code)
        self.code = code


class FamilyRefused(RewardsError, Conflict):
    """A family operation that cannot happen (already in a family, not a member, …)."""

    def __init__(self, code: str) -> None:
        Conflict.__init__(self, code)
        self.code = code


class OrderRefused(RewardsError, Conflict):
    """An order that cannot be placed or cancelled (``out_of_stock``, ``no_points``, …)."""

    def __init__(self, code: str) -> None:
        Conflict.__init__(self, code)
        self.code = code


class RewardsNotFound(RewardsError, NotFound):
    """A product, pickup point, family, order or profile that does not exist."""

    def __init__(self, what: str) -> None:
        NotFound.__init__(self, what)
        self.what = what


class InvalidRules(RewardsError, ValidationFailed):
    """A rules file that is not well formed (the reason names the field)."""
