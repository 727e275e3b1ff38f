"""What a person can do in a chat, turned into the updates Telegram would send the bot."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import attrs

from .model import Account, Chat, Message
from .shapes import account_json, bot_member_json, chat_json, command_entities
from .world import PendingQuery, World

# A valid 2x2 PNG, so a user's photo has real bytes and a real size.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000164944415478"
    "da63d4b039c1c0c0c0c4c0c0c0c0c000000d9a01303260f4ab0000000049454e44ae426082"
)
OGG_HEADER = b"OggS\x00\x02" + bytes(20)


class ButtonNotFoundError(LookupError):
    """No message in the chat carries a button with that label or callback_data."""


@attrs.frozen
class PaymentResult:
    """How a payment attempt ended: ``ok`` with the charge, or the bot's refusal."""

    ok: bool
    error_message: str | None = None
    charge_id: str | None = None
    message: dict[str, Any] | None = None


async def send_text(world: World, chat: Chat, sender: Account, text: str) -> dict[str, Any]:
    return await world.post_user_message(chat, sender, text_content(text))


def text_content(text: str) -> dict[str, Any]:
    """A user's text with the bot_command entity Telegram adds to ``/commands``."""
    content: dict[str, Any] = {"text": text}
    entities = command_entities(text)
    if entities:
        content["entities"] = entities
    return content


async def send_file(
    world: World,
    chat: Chat,
    sender: Account,
    kind: str,
    content: bytes,
    fields: dict[str, Any],
) -> dict[str, Any]:
    """A photo, voice or sticker from the user; the file is stored so getFile finds it."""
    stored = world.files.add(kind, content, mime_type=fields.pop("mime_type", None))
    ids = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
    }
    caption = fields.pop("caption", None)
    body: Any = [{**ids, **fields}] if kind == "photo" else {**ids, **fields}
    message: dict[str, Any] = {kind: body}
    if caption:
        message["caption"] = caption
    return await world.post_user_message(chat, sender, message)


async def edit_last_text(world: World, chat: Chat, sender: Account, text: str) -> dict[str, Any]:
    mine = [m for m in chat.live_messages() if m.sender_id == sender.id and "text" in m.content]
    if not mine:
        raise LookupError(f"user {sender.id} has sent no text in chat {chat.id}")
    message = mine[-1]
    message.content = text_content(text)
    message.edit_date = world.now()
    world.history.add("user_edit", chat.id, message.message_id, user_id=sender.id, text=text)
    payload = world.message_json(message)
    await world.push_update("edited_message", payload)
    return payload


def location_content(
    latitude: float,
    longitude: float,
    accuracy_m: float | None = None,
    live_period: int | None = None,
) -> dict[str, Any]:
    """A ``location`` as Telegram sends it (``live_period`` only while live)."""
    location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if accuracy_m is not None:
        location["horizontal_accuracy"] = accuracy_m
    if live_period is not None:
        location["live_period"] = live_period
    return {"location": location}


async def update_live_location(
    world: World,
    chat: Chat,
    sender: Account,
    latitude: float | None,
    longitude: float | None,
    accuracy_m: float | None,
    *,
    stop: bool = False,
) -> dict[str, Any]:
    """Move (or stop) the user's latest live location: an ``edited_message`` update.

    Stopping keeps the last point and drops ``live_period``, as Telegram does.

    Raises:
        LookupError: the user shares no live location in this chat.
    """
    live = [
        m
        for m in chat.live_messages()
        if m.sender_id == sender.id and "live_period" in m.content.get("location", {})
    ]
    if not live:
        raise LookupError(f"user {sender.id} shares no live location in chat {chat.id}")
    message = live[-1]
    old = message.content["location"]
    message.content = location_content(
        old["latitude"] if latitude is None else latitude,
        old["longitude"] if longitude is None else longitude,
        old.get("horizontal_accuracy") if accuracy_m is None else accuracy_m,
        None if stop else old["live_period"],
    )
    message.edit_date = world.now()
    world.history.add("user_edit", chat.id, message.message_id, user_id=sender.id, text=None)
    payload = world.message_json(message)
    await world.push_update("edited_message", payload)
    return payload


async def press(world: World, chat: Chat, sender: Account, label: str) -> PendingQuery | None:
    """Press an inline button (by label or callback_data) on the latest message having it.

    A label of the chat's reply keyboard is sent as text instead; then None is returned.

    Raises:
        ButtonNotFoundError: no such button; the message lists the buttons that exist.
    """
    found = _find_button(world, chat, label)
    if found is None:
        if chat.reply_keyboard and any(label in row for row in chat.reply_keyboard):
            await send_text(world, chat, sender, label)
            return None
        raise ButtonNotFoundError(
            f"no button {label!r} in chat {chat.id}; buttons: {_all_labels(world, chat)}"
        )
    message, button = found
    if "callback_data" not in button:
        raise ButtonNotFoundError(f"button {label!r} has no callback_data (it is {button})")
    payload = {
        "id": "",
        "from": account_json(sender),
        "message": world.message_json(message),
        "chat_instance": _chat_instance(chat.id),
        "data": button["callback_data"],
    }
    query = world.open_query("callback_query", chat.id, payload)
    payload["id"] = query.id
    world.history.add(
        "callback_query",
        chat.id,
        message.message_id,
        user_id=sender.id,
        data=button["callback_data"],
        query_id=query.id,
    )
    await world.push_update("callback_query", payload)
    return query


async def pay(
    world: World, chat: Chat, sender: Account, invoice_link: str | None, within: float
) -> PaymentResult:
    """pre_checkout_query, then a successful_payment message if the bot answers ok.

    Raises:
        LookupError: no invoice to pay (none sent to the chat, or an unknown link).
        TimeoutError: the bot did not answer the pre-checkout query in ``within`` seconds.
    """
    invoice = _invoice(world, chat, invoice_link)
    query_payload = {
        "id": "",
        "from": account_json(sender),
        "currency": invoice["currency"],
        "total_amount": invoice["total_amount"],
        "invoice_payload": invoice["payload"],
    }
    query = world.open_query("pre_checkout_query", chat.id, query_payload)
    query_payload["id"] = query.id
    world.history.add("pre_checkout_query", chat.id, user_id=sender.id, query_id=query.id)
    await world.push_update("pre_checkout_query", query_payload)
    answer = await query.wait(within)
    if not answer["ok"]:
        return PaymentResult(ok=False, error_message=answer["error_message"])
    return await _complete_payment(world, chat, sender, invoice)


async def set_blocked(world: World, chat: Chat, user: Account, blocked: bool) -> None:
    """The user blocks (or unblocks) the bot: a ``my_chat_member`` update, and sends fail."""
    if chat.blocked == blocked:
        return
    chat.blocked = blocked
    old, new = ("member", "kicked") if blocked else ("kicked", "member")
    world.history.add("blocked" if blocked else "unblocked", chat.id, user_id=user.id)
    await world.push_update(
        "my_chat_member",
        {
            "chat": chat_json(chat),
            "from": account_json(user),
            "date": world.now(),
            "old_chat_member": bot_member_json(world.bot, old),
            "new_chat_member": bot_member_json(world.bot, new),
        },
    )


async def _complete_payment(
    world: World, chat: Chat, sender: Account, invoice: dict[str, Any]
) -> PaymentResult:
    charge_id = ("stxch" if invoice["currency"] == "XTR" else "tgch") + secrets.token_hex(12)
    payment: dict[str, Any] = {
        "currency": invoice["currency"],
        "total_amount": invoice["total_amount"],
        "invoice_payload": invoice["payload"],
        "telegram_payment_charge_id": charge_id,
        "provider_payment_charge_id": "" if invoice["currency"] == "XTR" else charge_id,
    }
    period = invoice.get("subscription_period")
    if period:
        payment.update(
            subscription_expiration_date=world.now() + period,
            is_recurring=True,
            is_first_recurring=True,
        )
    world.charges[charge_id] = {"user_id": sender.id, "refunded": False, "payment": payment}
    world.history.add("payment", chat.id, user_id=sender.id, charge_id=charge_id)
    message = await world.post_user_message(chat, sender, {"successful_payment": payment})
    return PaymentResult(ok=True, charge_id=charge_id, message=message)


def _invoice(world: World, chat: Chat, link: str | None) -> dict[str, Any]:
    if link is not None:
        if link not in world.invoice_links:
            raise LookupError(f"unknown invoice link {link!r}")
        return world.invoice_links[link]
    for message in reversed(chat.live_messages()):
        invoice = world.invoices.get((chat.id, message.message_id))
        if invoice is not None:
            return invoice
    raise LookupError(f"no invoice was sent to chat {chat.id}")


def _find_button(world: World, chat: Chat, label: str) -> tuple[Message, dict[str, Any]] | None:
    for message in reversed(chat.live_messages()):
        if message.sender_id != world.bot.id:
            continue
        for row in message.inline_buttons():
            for button in row:
                if label in (button.get("text"), button.get("callback_data")):
                    return message, button
    return None


def _all_labels(world: World, chat: Chat) -> list[str]:
    return [
        str(b.get("text"))
        for m in chat.live_messages()
        if m.sender_id == world.bot.id
        for row in m.inline_buttons()
        for b in row
    ]


def _chat_instance(chat_id: int) -> str:
    return str(int(hashlib.sha256(str(chat_id).encode()).hexdigest()[:15], 16))
