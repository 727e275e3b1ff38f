"""aiogram updates → core events; what the bots do not handle: None or Unsupported."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, ChatMemberUpdated, Message, PreCheckoutQuery, Update

from sleeplab_core.conversation import (
    Blocked,
    ButtonPress,
    Contact,
    Event,
    Media,
    PaymentRefunded,
    PaymentSucceeded,
    PreCheckout,
    Text,
    Unblocked,
    Unsupported,
)
from sleeplab_core.conversation.outbound import button_data_is_valid, parse_command, update_key

PRIVATE = "private"
MEDIA_KINDS = ("photo", "document", "voice", "sticker", "video", "video_note", "audio", "animation")


def to_event(update: Update) -> Event | None:
    """The core event of ``update``, or None for what the bots silently ignore.

    Only private chats are served: group messages, channel posts and inline queries are
    ignored; an edited message gets an "unsupported" reply.
    """
    key = update_key(update.update_id)
    if update.message is not None:
        return _message_event(update.message, key)
    if update.callback_query is not None:
        return _button_event(update.callback_query, key)
    if update.pre_checkout_query is not None:
        return _pre_checkout_event(update.pre_checkout_query, key)
    if update.my_chat_member is not None:
        return _membership_event(update.my_chat_member, key)
    edited = update.edited_message
    if edited is not None and edited.chat.type == PRIVATE and edited.from_user is not None:
        return Unsupported(what="edited_message", **_common(edited.from_user, key))
    return None


def _common(user: Any, key: str) -> dict[str, Any]:
    return {
        "user_id": user.id,
        "language_hint": user.language_code,
        "first_name": user.first_name,
        "update_key": key,
    }


def _message_event(message: Message, key: str) -> Event | None:
    user = message.from_user
    if message.chat.type != PRIVATE or user is None or user.is_bot:
        return None
    common = _common(user, key)
    if message.successful_payment is not None:
        paid = message.successful_payment
        return PaymentSucceeded(
            payload=paid.invoice_payload,
            currency=paid.currency,
            total_amount=paid.total_amount,
            telegram_charge_id=paid.telegram_payment_charge_id,
            provider_charge_id=paid.provider_payment_charge_id or None,
            subscription_expires_at=paid.subscription_expiration_date,
            is_recurring=bool(paid.is_recurring),
            **common,
        )
    if message.refunded_payment is not None:
        refund = message.refunded_payment
        return PaymentRefunded(
            payload=refund.invoice_payload,
            currency=refund.currency,
            total_amount=refund.total_amount,
            telegram_charge_id=refund.telegram_payment_charge_id,
            **common,
        )
    if message.text is not None:
        return parse_command(message.text, **common) or Text(text=message.text, **common)
    if message.contact is not None:
        return Contact(phone=message.contact.phone_number, **common)
    return _media_event(message, common)


def _media_event(message: Message, common: dict[str, Any]) -> Event:
    for kind in MEDIA_KINDS:
        value = getattr(message, kind, None)
        if value:
            item = value[-1] if isinstance(value, tuple | list) else value
            return Media(kind=kind, file_id=item.file_id, caption=message.caption, **common)
    return Unsupported(what=str(message.content_type), **common)


def _button_event(query: CallbackQuery, key: str) -> Event | None:
    message = query.message
    if message is None or message.chat.type != PRIVATE:
        return None  # inline-mode messages and group chats are not ours
    common = _common(query.from_user, key)
    if not button_data_is_valid(query.data):
        return Unsupported(what="callback_query", **common)
    return ButtonPress(
        data=str(query.data), message_id=message.message_id, callback_id=query.id, **common
    )


def _pre_checkout_event(query: PreCheckoutQuery, key: str) -> Event:
    return PreCheckout(
        query_id=query.id,
        payload=query.invoice_payload,
        currency=query.currency,
        total_amount=query.total_amount,
        **_common(query.from_user, key),
    )


def _membership_event(change: ChatMemberUpdated, key: str) -> Event | None:
    if change.chat.type != PRIVATE:
        return None
    common = _common(change.from_user, key)
    status = change.new_chat_member.status
    if status == "kicked":
        return Blocked(**common)
    if status == "member":
        return Unblocked(**common)
    return None
