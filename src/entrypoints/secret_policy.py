"""The secrets callers must prove: strong enough to resist guessing, checked at start.

The Telegram webhook secret, the Tilda webhook URL secret and the Tilda token key must be at
least :data:`MIN_SECRET_LENGTH` characters of Telegram's secret alphabet (``A-Z a-z 0-9 _ -``,
the same alphabet Telegram accepts for ``secret_token``): 32 such characters carry 192 bits.
``sleeplab web`` and ``sleeplab bot`` refuse to start with a one-line message naming the
variable otherwise; :func:`new_secret` (``sleeplab secret``) makes one.
"""

from __future__ import annotations

import re
import secrets

from entrypoints.settings import Settings

MIN_SECRET_LENGTH = 32
MAX_SECRET_LENGTH = 256
STRONG_SECRET = re.compile(rf"[A-Za-z0-9_-]{{{MIN_SECRET_LENGTH},{MAX_SECRET_LENGTH}}}")
CHECKED = {
    "webhook_secret": "SLEEPLAB_WEBHOOK_SECRET",
    "tilda_secret": "SLEEPLAB_TILDA_SECRET",
    "tilda_token_secret": "SLEEPLAB_TILDA_TOKEN_SECRET",
}


class WeakSecret(ValueError):
    """A configured secret is too short or uses other characters; the message names the
    variable (never the value)."""


def require_strong(variable: str, value: str) -> str:
    """``value`` if it is a strong secret.

    Raises:
        WeakSecret: naming ``variable`` and what a strong secret is.
    """
    if not STRONG_SECRET.fullmatch(value):
        raise WeakSecret(
            f"set {variable} to {MIN_SECRET_LENGTH}-{MAX_SECRET_LENGTH} characters of "
            "A-Z, a-z, 0-9, _ and - (make one with `sleeplab secret`)"
        )
    return value


def check_secrets(settings: Settings) -> None:
    """Every configured callback secret is strong (unset ones are not checked).

    Raises:
        WeakSecret: the first weak one.
    """
    for field, variable in CHECKED.items():
        secret = getattr(settings, field)
        if secret is not None:
            require_strong(variable, secret.get_secret_value())


def new_secret() -> str:
    """A fresh strong secret: 43 characters of the URL-safe alphabet (256 random bits)."""
    return secrets.token_urlsafe(32)
