"""Outbound actions: what a bot wants a channel to do, as plain values.

Texts are already rendered in the user's locale. Messages are addressed by *tags* rather than
by channel message ids: the channel reports which id each tagged message got, the router
remembers it, and later actions (edit, delete) name the tag.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

INVOICE_START_PARAMETER = "invoice"
"""The ``/start`` payload of a forwarded invoice's link: opens the bot, pays nothing."""
MAX_CALLBACK_BYTES = 64
"""Telegram's limit on inline-button callback data."""


def _fits_callback(_: object, __: attrs.Attribute[str], value: str) -> None:
    if len(value.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"button data longer than {MAX_CALLBACK_BYTES} bytes: {value!r}")


@attrs.frozen
class Button:
    """An inline button: a label and either callback ``data`` or an ``url`` to open."""

    label: str
    data: str = attrs.field(default="", validator=_fits_callback)
    url: str | None = None


@attrs.frozen
class Attachment:
    """A file shown with a screen or sent alone. ``key`` addresses it in the DocumentStore."""

    key: str
    filename: str
    kind: str = "document"  # document | photo
    path: str | None = None


@attrs.frozen
class Screen:
    """Text plus rows of buttons: the unit a bot shows."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()

    @classmethod
    def of(cls, text: str, rows: Sequence[Sequence[Button]] = ()) -> Screen:
        return cls(text, tuple(tuple(row) for row in rows if row))

    def all_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


@attrs.frozen(kw_only=True)
class Action:
    pass


@attrs.frozen(kw_only=True)
class SendScreen(Action):
    """Send a new message. ``tag`` names it for later edits or deletion."""

    screen: Screen
    tag: str | None = None


@attrs.frozen(kw_only=True)
class EditScreen(Action):
    """Replace the text and buttons of the message tagged ``tag`` (sent anew if it is gone)."""

    screen: Screen
    tag: str


@attrs.frozen(kw_only=True)
class DeleteMessage(Action):
    """Delete the message tagged ``tag``; nothing happens if there is none."""

    tag: str


@attrs.frozen(kw_only=True)
class SendDocument(Action):
    attachment: Attachment
    caption: str | None = None
    tag: str | None = None


@attrs.frozen(kw_only=True)
class LabeledPrice:
    label: str
    amount: int


@attrs.frozen(kw_only=True)
class SendInvoice(Action):
    """A Telegram invoice; ``currency="XTR"`` with an empty provider token sells for Stars.

    With ``subscription_period`` (seconds; Telegram accepts 30 days) it is a Stars
    subscription: channels create an invoice link and offer it with ``button_label``.
    ``start_parameter`` makes a forwarded copy of the invoice a link to the bot (with this
    ``/start`` payload) instead of a Pay button, so nobody pays another user's order.
    """

    title: str
    description: str
    payload: str
    currency: str
    prices: tuple[LabeledPrice, ...]
    provider_token: str = ""
    tag: str | None = None
    subscription_period: int | None = None
    button_label: str | None = None
    start_parameter: str = INVOICE_START_PARAMETER


@attrs.frozen(kw_only=True)
class AnswerPreCheckout(Action):
    query_id: str
    ok: bool
    error_message: str | None = None


@attrs.frozen(kw_only=True)
class AnswerButton(Action):
    """Acknowledge a button press (stops the client's spinner), optionally with a toast."""

    callback_id: str
    text: str | None = None


@attrs.frozen
class Receipt:
    """What the channel reports back for a tagged action: the message id it got."""

    tag: str
    message_id: int | None
