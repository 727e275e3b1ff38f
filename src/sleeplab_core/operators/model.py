"""Operators, their roles and what each role may do; login attempts; audit entries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum

import attrs

from sleeplab_core.kernel.errors import ValidationFailed

USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{1,31}")
MIN_PASSWORD_LENGTH = 12


class Role(StrEnum):
    """``admin`` may do everything; ``support`` works with users, orders and jobs;
    ``content`` with promo codes and other content."""

    ADMIN = "admin"
    SUPPORT = "support"
    CONTENT = "content"


_ALL = frozenset(Role)
_SUPPORT = frozenset({Role.ADMIN, Role.SUPPORT})
_CONTENT = frozenset({Role.ADMIN, Role.CONTENT})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "console.view": _ALL,
    "users.view": _SUPPORT,
    "entitlements.change": _SUPPORT,
    "orders.refund": _SUPPORT,
    "users.erase": frozenset({Role.ADMIN}),
    "jobs.view": _SUPPORT,
    "jobs.change": _SUPPORT,
    "promos.view": _CONTENT,
    "promos.change": _CONTENT,
    "audit.view": frozenset({Role.ADMIN}),
    "funnels.view": _ALL,
    "broadcasts.view": _CONTENT,
    "broadcasts.send": _CONTENT,
    "reports.resend": _SUPPORT,
    "content.view": _CONTENT,
    "content.change": _CONTENT,
    "gift_orders.view": _ALL,
    "gift_orders.cancel": _SUPPORT,
}
"""Every action of the console and the roles allowed to take it."""


def allowed(role: Role, action: str) -> bool:
    """Whether ``role`` may take ``action`` (an unknown action is allowed to nobody)."""
    return role in PERMISSIONS.get(action, frozenset())


def check_username(name: str) -> str:
    """The username as stored (lower-case).

    Raises:
        ValidationFailed: not 2 to 32 of a-z, 0-9, '_', '.', '-' starting with a letter or digit.
    """
    normal = name.strip().lower()
    if not USERNAME.fullmatch(normal):
        raise ValidationFailed("2 to 32 of a-z, 0-9, '_', '.', '-'", field="username")
    return normal


def check_password(password: str) -> None:
    """Raises:
    ValidationFailed: shorter than :data:`MIN_PASSWORD_LENGTH` characters.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"at least {MIN_PASSWORD_LENGTH} characters", field="password")


@attrs.frozen(kw_only=True)
class Operator:
    """A person who works in the console. ``password_hash`` is the hasher's PHC string."""

    username: str
    role: Role
    password_hash: str
    active: bool = True
    created_at: datetime


@attrs.frozen(kw_only=True)
class LoginAttempt:
    """One try to log in, kept to limit guessing per account and per address."""

    username: str
    address: str
    at: datetime
    succeeded: bool


@attrs.frozen(kw_only=True)
class LoginPolicy:
    """At most ``per_account`` failed logins for one username and ``per_address`` from one
    address within ``window``; beyond that, logins are refused until the window passes."""

    per_account: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)


@attrs.frozen(kw_only=True)
class AuditEntry:
    """One change made through the console: who, when, what, to what."""

    at: datetime
    operator: str
    action: str
    target: str
    detail: str = ""


@attrs.frozen
class TextOverride:
    """An operator's text for one message key of one bot in one locale, laid over the
    bot's catalogs (library defaults, then the bot's own)."""

    bot: str
    locale: str
    key: str
    text: str
    changed_at: datetime
