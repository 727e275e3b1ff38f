"""Clients who write through SendPulse (the seed's channel): their messages, our replies.

SendPulse posts each incoming message to ``POST /webhook/sendpulse/{secret}``; the route
stores it as a ``salon.sendpulse`` job before answering 200, and the worker reads it like any
message and replies through SendPulse's API. Buttons travel as numbered lines ("1. Fri 05.06
15:00"); the client answers with the number, which presses the button.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sleeplab_core.conversation import Action, Button, EditScreen, SendScreen
from sleeplab_core.jobs.model import NewJob
from sleeplab_core.jobs.ports import JobRepository
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.users import UserId

SENDPULSE_JOB_KIND = "salon.sendpulse"
BUTTONS = "sendpulse_buttons"  # conversation data: the last screen's button data, in order
CONTACT = "sendpulse_contact"  # conversation data: the client's SendPulse contact id
MAX_TEXT = 4000


class TextSender(Protocol):
    """Sends plain text to a SendPulse contact.

    Contract: raises :class:`~sleeplab_core.jobs.errors.RetryLater` for transient refusals
    (429, 5xx, timeouts) so the job is retried; the contact id is SendPulse's own.
    """

    async def send_text(self, contact_id: str, text: str) -> None: ...


class RecordingTextSender:
    """The fake of :class:`TextSender`: remembers what it sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send_text(self, contact_id: str, text: str) -> None:
        self.sent.append((contact_id, text))


class IncomingMessage(BaseModel):
    """One ``incoming_message`` event of SendPulse, reduced to what the bot needs."""

    model_config = ConfigDict(frozen=True)
    contact_id: str = Field(min_length=1, max_length=64)
    text: str = Field(max_length=MAX_TEXT)
    sent_at: str = ""  # the event's date as SendPulse gave it (for deduplication)

    @property
    def key(self) -> str:
        """Identifies the message, so a webhook SendPulse sends twice is read once."""
        raw = f"{self.contact_id}\n{self.sent_at}\n{self.text}".encode()
        return hashlib.sha256(raw).hexdigest()[:32]


class MalformedWebhook(ValueError):
    """The body is not a SendPulse webhook (the message says what is missing)."""


def incoming_messages(body: Any) -> list[IncomingMessage]:
    """The incoming text messages of a webhook body (a list of events, or one event).

    Other events (subscriptions, outgoing messages…) are skipped.

    Raises:
        MalformedWebhook: not a JSON object or list of them, or a message event without a
            contact id or text.
    """
    events = body if isinstance(body, list) else [body]
    found = []
    for event in events:
        if not isinstance(event, dict):
            raise MalformedWebhook("each event must be a JSON object")
        if event.get("title") != "incoming_message":
            continue
        contact = event.get("contact") or {}
        if not isinstance(contact, dict):
            raise MalformedWebhook("contact must be a JSON object")
        text = _text_of(event, contact)
        try:
            found.append(
                IncomingMessage(
                    contact_id=str(contact.get("id", "")), text=text,
                    sent_at=str(event.get("date", "")),
                )
            )  # fmt: skip
        except ValidationError as error:
            raise MalformedWebhook(f"incoming_message: {error.errors()[0]['msg']}") from None
    return found


def _text_of(event: dict[str, Any], contact: Any) -> str:
    info = event.get("info") or {}
    message = (info.get("message") or {}) if isinstance(info, dict) else {}
    channel = (message.get("channel_data") or {}) if isinstance(message, dict) else {}
    for candidate in (
        (channel.get("message") or {}).get("text") if isinstance(channel, dict) else None,
        channel.get("text") if isinstance(channel, dict) else None,
        contact.get("last_message") if isinstance(contact, dict) else None,
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate
    return ""


def user_id_of(contact_id: str) -> UserId:
    """A stable user id for a SendPulse contact: negative, so it never meets a Telegram id."""
    digest = hashlib.sha256(f"sendpulse:{contact_id}".encode()).digest()
    return -(int.from_bytes(digest[:6], "big") + 1)


def is_sendpulse_user(user_id: int) -> bool:
    """Whether the user id is a SendPulse contact's (see :func:`user_id_of`)."""
    return user_id < 0


def as_text(actions: Sequence[Action]) -> tuple[list[str], list[str]]:
    """Each screen as one text with its buttons as numbered lines; and the buttons' data of
    the last screen that had any (what a number typed next presses)."""
    texts: list[str] = []
    pressed: list[str] = []
    for action in actions:
        if isinstance(action, SendScreen | EditScreen):
            buttons: list[Button] = list(action.screen.all_buttons())
            lines = [f"{n}. {b.label}" for n, b in enumerate(buttons, start=1)]
            texts.append("\n".join([action.screen.text, *lines]).strip())
            if buttons:
                pressed = [b.data for b in buttons]
    return texts, pressed


async def store_incoming(
    jobs: JobRepository, clock: Clock, messages: Sequence[IncomingMessage]
) -> int:
    """Queue each message for the worker (a message already queued is not added again)."""
    now = clock.now()
    for message in messages:
        await jobs.enqueue(
            NewJob(kind=SENDPULSE_JOB_KIND, payload=message.model_dump(), run_at=now,
                   unique_key=f"{SENDPULSE_JOB_KIND}:{message.key}",
                   user_id=user_id_of(message.contact_id)),
            now,
        )  # fmt: skip
    return len(messages)
