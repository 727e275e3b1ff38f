"""Bot API update JSON → core events, written once for every Telegram framework.

Updates arrive as the JSON objects of the Bot API (webhook bodies, ``getUpdates`` results,
rows of the intake). :func:`to_event` reads the few fields the core needs, checking their
types, so a body no Telegram server would send is refused as :class:`MalformedUpdate`
before anything is stored or processed. :func:`pending_answers` names what the update still
needs answered (a button press, a pre-checkout query) and :func:`user_of` the user whose
order of updates must hold. The framework adapters only fetch updates and make calls.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sleeplab_core.conversation.events import (
    Blocked,
    ButtonPress,
    Contact,
    Event,
    Location,
    Media,
    PaymentRefunded,
    PaymentSucceeded,
    PreCheckout,
    Text,
    Unblocked,
    Unsupported,
)
from sleeplab_core.conversation.outbound import (
    MalformedUpdate,
    button_data_is_valid,
    check_update_shape,
    parse_command,
    update_key,
)
from sleeplab_core.conversation.performer import PendingAnswers

__all__ = ["MAX_DEPTH", "check_depth", "pending_answers", "to_event", "user_of"]

PRIVATE = "private"
MEDIA_KINDS = ("photo", "document", "voice", "sticker", "video", "video_note", "audio", "animation")
MESSAGE_ENVELOPE = frozenset(
    {"message_id", "message_thread_id", "date", "chat", "from", "entities", "caption_entities"}
)
MAX_DEPTH = 32
"""Nesting Telegram never reaches (a reply to a message with its keyboard is about 8 deep)."""

Json = Mapping[str, Any]


def check_depth(body: object, limit: int = MAX_DEPTH) -> None:
    """Refuse JSON nested deeper than ``limit`` (walked level by level, without recursion).

    Raises:
        MalformedUpdate: the body is nested deeper.
    """
    level: list[object] = [body] if isinstance(body, dict | list) else []
    for _ in range(limit):
        level = [child for item in level for child in _children(item)]
        if not level:
            return
    raise MalformedUpdate(f"not a Telegram update: nested deeper than {limit}")


def _children(item: object) -> list[object]:
    values = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
    return [value for value in values if isinstance(value, dict | list)]


def to_event(update: object) -> Event | None:
    """The core event of a Bot API update, or None for what the bots silently ignore.

    Only private chats are served: group messages, channel posts and inline queries are
    ignored. A shared location (``message.location``) and the updates of a live one
    (``edited_message.location``) are :class:`Location` events; any other edited message
    gets an "unsupported" reply.

    Raises:
        MalformedUpdate: ``update`` is not shaped like a Telegram update.
    """
    check_update_shape(update)
    body: Json = update  # type: ignore[assignment]
    key = update_key(body["update_id"])
    if "message" in body:
        return _message_event(_object(body, "message"), key)
    if "callback_query" in body:
        return _button_event(_object(body, "callback_query"), key)
    if "pre_checkout_query" in body:
        return _pre_checkout_event(_object(body, "pre_checkout_query"), key)
    if "my_chat_member" in body:
        return _membership_event(_object(body, "my_chat_member"), key)
    if "edited_message" in body:
        edited = _object(body, "edited_message")
        user = _optional_object(edited, "from")
        if _chat_type(edited) == PRIVATE and user is not None:
            if "location" in edited:
                return _location_event(edited, _common(user, key), edited=True)
            return Unsupported(what="edited_message", **_common(user, key))
    return None


def user_of(update: Json) -> int:
    """The id of the user who caused ``update`` (0 when none): their updates keep their order."""
    for field in ("message", "edited_message", "callback_query", "pre_checkout_query"):
        part = update.get(field)
        if isinstance(part, Mapping) and isinstance(part.get("from"), Mapping):
            return _int(part["from"], "id")
    change = update.get("my_chat_member")
    if isinstance(change, Mapping) and isinstance(change.get("from"), Mapping):
        return _int(change["from"], "id")
    return 0


def pending_answers(update: Json, refusal: str = "") -> PendingAnswers:
    """What ``update`` still needs answered after its actions ran.

    Args:
        refusal: the pre-checkout error message used when no flow answered the query.
    """
    pending = PendingAnswers(refusal=refusal)
    query = update.get("callback_query")
    if isinstance(query, Mapping):
        pending.callback_id = _str(query, "id")
        message = _optional_object(query, "message")
        pending.pressed_message_id = _int(message, "message_id") if message else None
    checkout = update.get("pre_checkout_query")
    if isinstance(checkout, Mapping):
        pending.pre_checkout_id = _str(checkout, "id")
    return pending


def _common(user: Json, key: str) -> dict[str, Any]:
    language = user.get("language_code")
    first_name = user.get("first_name")
    return {
        "user_id": _int(user, "id"),
        "language_hint": language if isinstance(language, str) else None,
        "first_name": first_name if isinstance(first_name, str) else None,
        "update_key": key,
    }


def _message_event(message: Json, key: str) -> Event | None:
    user = _optional_object(message, "from")
    if _chat_type(message) != PRIVATE or user is None or user.get("is_bot") is True:
        return None
    common = _common(user, key)
    if "successful_payment" in message:
        return _payment_event(_object(message, "successful_payment"), common)
    if "refunded_payment" in message:
        refund = _object(message, "refunded_payment")
        return PaymentRefunded(
            payload=_str(refund, "invoice_payload"),
            currency=_str(refund, "currency"),
            total_amount=_int(refund, "total_amount"),
            telegram_charge_id=_str(refund, "telegram_payment_charge_id"),
            **common,
        )
    if "text" in message:
        text = _str(message, "text")
        return parse_command(text, **common) or Text(text=text, **common)
    if "contact" in message:
        return Contact(phone=_str(_object(message, "contact"), "phone_number"), **common)
    if "location" in message:
        return _location_event(message, common, edited=False)
    return _media_event(message, common)


def _location_event(message: Json, common: dict[str, Any], *, edited: bool) -> Location:
    """A shared location, or an update (``edited``) of a live one; a venue's point counts."""
    point = _object(message, "location")
    accuracy = point.get("horizontal_accuracy")
    period = point.get("live_period")
    edit_date = message.get("edit_date")
    return Location(
        latitude=_coordinate(point, "latitude", 90),
        longitude=_coordinate(point, "longitude", 180),
        accuracy_m=None if accuracy is None else _number(point, "horizontal_accuracy"),
        live_period=None if period is None else _int(point, "live_period"),
        message_id=_int(message, "message_id"),
        edited=edited,
        sent_at=_time(message, "date"),
        edited_at=_time(message, "edit_date") if edited and edit_date is not None else None,
        **common,
    )


def _payment_event(paid: Json, common: dict[str, Any]) -> Event:
    expires = paid.get("subscription_expiration_date")
    return PaymentSucceeded(
        payload=_str(paid, "invoice_payload"),
        currency=_str(paid, "currency"),
        total_amount=_int(paid, "total_amount"),
        telegram_charge_id=_str(paid, "telegram_payment_charge_id"),
        provider_charge_id=paid.get("provider_payment_charge_id") or None,
        subscription_expires_at=_int(paid, "subscription_expiration_date") if expires else None,
        is_recurring=paid.get("is_recurring") is True,
        **common,
    )


def _media_event(message: Json, common: dict[str, Any]) -> Event:
    caption = message.get("caption")
    for kind in MEDIA_KINDS:
        value = message.get(kind)
        if value:
            item = value[-1] if isinstance(value, list) else value
            file_id = item.get("file_id") if isinstance(item, Mapping) else None
            return Media(
                kind=kind,
                file_id=file_id if isinstance(file_id, str) else None,
                caption=caption if isinstance(caption, str) else None,
                **common,
            )
    what = next((name for name in message if name not in MESSAGE_ENVELOPE), "unknown")
    return Unsupported(what=str(what), **common)


def _button_event(query: Json, key: str) -> Event | None:
    message = _optional_object(query, "message")
    if message is None or _chat_type(message) != PRIVATE:
        return None  # inline-mode messages and group chats are not ours
    common = _common(_object(query, "from"), key)
    data = query.get("data")
    if not isinstance(data, str) or not button_data_is_valid(data):
        return Unsupported(what="callback_query", **common)
    return ButtonPress(
        data=data,
        message_id=_int(message, "message_id"),
        callback_id=_str(query, "id"),
        **common,
    )


def _pre_checkout_event(query: Json, key: str) -> Event:
    return PreCheckout(
        query_id=_str(query, "id"),
        payload=_str(query, "invoice_payload"),
        currency=_str(query, "currency"),
        total_amount=_int(query, "total_amount"),
        **_common(_object(query, "from"), key),
    )


def _membership_event(change: Json, key: str) -> Event | None:
    if _chat_type(change) != PRIVATE:
        return None
    common = _common(_object(change, "from"), key)
    status = _object(change, "new_chat_member").get("status")
    if status == "kicked":
        return Blocked(**common)
    if status == "member":
        return Unblocked(**common)
    return None


def _chat_type(part: Json) -> str:
    return _str(_object(part, "chat"), "type")


def _object(part: Json, name: str) -> Json:
    value = part.get(name)
    if not isinstance(value, Mapping):
        raise MalformedUpdate(f"not a Telegram update: {name} must be an object")
    return value


def _optional_object(part: Json, name: str) -> Json | None:
    return _object(part, name) if part.get(name) is not None else None


def _int(part: Json, name: str) -> int:
    value = part.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedUpdate(f"not a Telegram update: {name} must be an integer")
    return value


def _number(part: Json, name: str) -> float:
    value = part.get(name)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise MalformedUpdate(f"not a Telegram update: {name} must be a number")
    return float(value)


def _coordinate(part: Json, name: str, limit: int) -> float:
    value = _number(part, name)
    if not -limit <= value <= limit:
        raise MalformedUpdate(f"not a Telegram update: {name} must be within ±{limit}")
    return value


def _time(part: Json, name: str) -> datetime:
    return datetime.fromtimestamp(_int(part, name), UTC)


def _str(part: Json, name: str) -> str:
    value = part.get(name)
    if not isinstance(value, str):
        raise MalformedUpdate(f"not a Telegram update: {name} must be a string")
    return value
