"""Text messages: send, edit, delete, chat actions and callback answers."""

from __future__ import annotations

from typing import Any

from adapters.telegram_emulator.errors import bad_request
from adapters.telegram_emulator.formatting import parse_text
from adapters.telegram_emulator.model import Chat, Message
from adapters.telegram_emulator.params import Params
from adapters.telegram_emulator.world import World

from .markup import inline_part, read_markup
from .registry import bot_method

MAX_TEXT = 4096
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


def formatted(params: Params, field: str, value: str) -> dict[str, Any]:
    """``{field: shown text, <field>_entities: [...]}`` from parse_mode or explicit entities."""
    text, entities = parse_text(value, params.text("parse_mode"))
    explicit = params.json("entities" if field == "text" else "caption_entities")
    entities = explicit if explicit else entities
    content: dict[str, Any] = {field: text}
    if entities:
        content["entities" if field == "text" else "caption_entities"] = entities
    return content


async def post(world: World, chat: Chat, content: dict[str, Any], params: Params) -> Message:
    """Post a bot message with the request's reply_markup, reply target and protection."""
    markup = read_markup(params)
    extra = _reply_to(world, chat, params)
    if params.flag("protect_content"):
        extra["has_protected_content"] = True
    remember_reply_keyboard(chat, markup)
    return await world.post_bot_message(chat, content, inline_part(markup), extra)


def _reply_to(world: World, chat: Chat, params: Params) -> dict[str, Any]:
    reply = params.json("reply_parameters")
    reply = reply if isinstance(reply, dict) else {}
    target_id = reply.get("message_id") or params.integer("reply_to_message_id")
    if not target_id:
        return {}
    target = chat.messages.get(int(target_id))
    if target is None or target.deleted:
        if reply.get("allow_sending_without_reply") or params.flag("allow_sending_without_reply"):
            return {}
        raise bad_request("message to be replied not found")
    replied = world.message_json(target)
    replied.pop("reply_to_message", None)  # Telegram does not nest replies
    return {"reply_to_message": replied}


def remember_reply_keyboard(chat: Chat, markup: dict[str, Any] | None) -> None:
    if not markup:
        return
    if "keyboard" in markup:
        chat.reply_keyboard = [[_label(b) for b in row] for row in markup["keyboard"]]
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard = None


@bot_method("sendMessage")
async def send_message(world: World, params: Params) -> dict[str, Any]:
    chat = world.writable_chat(params.integer("chat_id"))
    text = params.required_text("text", "message text is empty")
    content = formatted(params, "text", text)
    if len(content["text"]) > MAX_TEXT:
        raise bad_request("message is too long")
    if not content["text"].strip():
        raise bad_request("message text is empty")
    return world.message_json(await post(world, chat, content, params))


@bot_method("editMessageText")
async def edit_message_text(world: World, params: Params) -> dict[str, Any]:
    message = _editable(world, params)
    if "text" not in message.content:
        raise bad_request("there is no text in the message to edit")
    content = formatted(params, "text", params.required_text("text", "message text is empty"))
    # Like Telegram, an edit without reply_markup removes the inline keyboard.
    return await _apply_edit(world, message, content, inline_part(read_markup(params)))


@bot_method("editMessageCaption")
async def edit_message_caption(world: World, params: Params) -> dict[str, Any]:
    message = _editable(world, params)
    content = {k: v for k, v in message.content.items() if k not in ("caption", "caption_entities")}
    content.update(formatted(params, "caption", params.text("caption") or ""))
    if not content.get("caption"):
        content.pop("caption")
    return await _apply_edit(world, message, content, inline_part(read_markup(params)))


@bot_method("editMessageReplyMarkup")
async def edit_message_reply_markup(world: World, params: Params) -> dict[str, Any]:
    message = _editable(world, params)
    return await _apply_edit(world, message, None, inline_part(read_markup(params)))


@bot_method("deleteMessage")
async def delete_message(world: World, params: Params) -> bool:
    chat = world.chat(params.integer("chat_id"))
    message = world.message(chat, params.integer("message_id"), "message to delete not found")
    message.deleted = True
    world.history.add("bot_delete", chat.id, message.message_id)
    await world.notify()
    return True


@bot_method("sendChatAction")
async def send_chat_action(world: World, params: Params) -> bool:
    chat = world.writable_chat(params.integer("chat_id"))
    action = params.required_text("action", "action is empty")
    world.history.add("chat_action", chat.id, action=action)
    await world.notify()
    return True


@bot_method("answerCallbackQuery")
async def answer_callback_query(world: World, params: Params) -> bool:
    query = world.queries.get(params.text("callback_query_id") or "")
    if query is None or query.answered or query.kind != "callback_query":
        raise bad_request(QUERY_TOO_OLD)
    answer = {
        "text": params.text("text"),
        "show_alert": params.flag("show_alert"),
        "url": params.text("url"),
    }
    query.resolve(answer)
    world.history.add("callback_answer", query.chat_id, None, query_id=query.id, **answer)
    await world.notify()
    return True


def _editable(world: World, params: Params) -> Message:
    if params.has("inline_message_id"):
        raise bad_request("inline messages are not supported by the emulator")
    chat = world.writable_chat(params.integer("chat_id"))
    message = world.message(chat, params.integer("message_id"), "message to edit not found")
    if message.sender_id != world.bot.id:
        raise bad_request("message can't be edited")
    return message


async def _apply_edit(
    world: World,
    message: Message,
    content: dict[str, Any] | None,
    markup: dict[str, Any] | None,
) -> dict[str, Any]:
    new_content = message.content if content is None else content
    if new_content == message.content and markup == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    message.content = new_content
    message.reply_markup = markup
    message.edit_date = world.now()
    world.history.add(
        "bot_edit",
        message.chat_id,
        message.message_id,
        content=message.kind,
        text=message.shown_text,
    )
    await world.notify()
    return world.message_json(message)


def _label(button: Any) -> str:
    return str(button.get("text")) if isinstance(button, dict) else str(button)
