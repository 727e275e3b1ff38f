"""Inbound events: what a person did, in any channel, as plain values.

Channel adapters translate Telegram updates (or terminal input) into these; flows never see a
framework object. ``update_key`` identifies the delivery so a re-sent update is ignored.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from sleeplab_core.kernel.users import UserId


@attrs.frozen(kw_only=True)
class Event:
    user_id: UserId
    language_hint: str | None = None
    """The language the client reports (Telegram's ``language_code``), used for new users."""
    update_key: str | None = None
    """A unique delivery id (``tg:<update_id>``); None when the channel cannot repeat."""
    first_name: str | None = None
    """Transient, never stored: lets redaction strip the user's name before text leaves."""


@attrs.frozen(kw_only=True)
class Start(Event):
    """``/start``, possibly with a deep-link payload (≤ 64 chars of ``A-Za-z0-9_-``)."""

    payload: str | None = None


@attrs.frozen(kw_only=True)
class Command(Event):
    """A slash command other than ``/start``: ``name`` without the slash, lower case."""

    name: str
    args: str = ""


@attrs.frozen(kw_only=True)
class Text(Event):
    text: str


@attrs.frozen(kw_only=True)
class ButtonPress(Event):
    """An inline button pressed; ``data`` is what the button carried (≤ 64 bytes)."""

    data: str
    message_id: int | None = None
    callback_id: str | None = None


@attrs.frozen(kw_only=True)
class Media(Event):
    """A photo, voice note, document, sticker, video… sent by the user."""

    kind: str
    file_id: str | None = None
    caption: str | None = None


@attrs.frozen(kw_only=True)
class Contact(Event):
    phone: str


@attrs.frozen(kw_only=True)
class Location(Event):
    """A point the user shared: once (``live_period`` None), or live, edited as they move.

    A live location is one message whose edits bring the new points: ``message_id`` names
    it, ``edited`` is False for the message itself and True for its updates. ``live_period``
    is how long it may be updated (seconds from ``sent_at``); an edit without one means the
    user stopped sharing (:attr:`stopped`). ``accuracy_m`` is the radius of uncertainty the
    client reports (None: unknown). Times are aware UTC; None where the channel has none
    (the terminal), so a reader falls back to its clock.
    """

    latitude: float
    longitude: float
    accuracy_m: float | None = None
    live_period: int | None = None
    message_id: int | None = None
    edited: bool = False
    sent_at: datetime | None = None
    """When the message was first sent."""
    edited_at: datetime | None = None
    """When this edit was made (None for the message itself)."""

    @property
    def live(self) -> bool:
        """Part of a live location: its first message, an update, or its stop."""
        return self.live_period is not None or self.edited

    @property
    def stopped(self) -> bool:
        """The user stopped sharing (or the client ended the period): no updates follow."""
        return self.edited and self.live_period is None

    @property
    def at(self) -> datetime | None:
        """When the user was at this point (the edit's time, else the message's)."""
        return self.edited_at or self.sent_at


@attrs.frozen(kw_only=True)
class PreCheckout(Event):
    """Telegram asks whether an order may still be paid; must be answered within 10 s."""

    query_id: str
    payload: str
    currency: str
    total_amount: int


@attrs.frozen(kw_only=True)
class PaymentSucceeded(Event):
    payload: str
    currency: str
    total_amount: int
    telegram_charge_id: str
    provider_charge_id: str | None = None
    subscription_expires_at: int | None = None
    is_recurring: bool = False


@attrs.frozen(kw_only=True)
class PaymentRefunded(Event):
    payload: str
    currency: str
    total_amount: int
    telegram_charge_id: str


@attrs.frozen(kw_only=True)
class Blocked(Event):
    """The user blocked the bot: nothing may be sent to them any more."""


@attrs.frozen(kw_only=True)
class Unblocked(Event):
    """The user unblocked (or re-added) the bot."""


@attrs.frozen(kw_only=True)
class Unsupported(Event):
    """Anything the bots do not handle (edited messages, group chats, polls…)."""

    what: str


@attrs.frozen(kw_only=True)
class Resume(Event):
    """The channel reconnected (the terminal started again): show the current screen."""
