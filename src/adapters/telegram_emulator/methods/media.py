"""Documents and photos: uploads (multipart) or reuse by file_id; getFile."""

from __future__ import annotations

import mimetypes
from typing import Any

from adapters.telegram_emulator.errors import bad_request
from adapters.telegram_emulator.files import WRONG_FILE_ID, image_size
from adapters.telegram_emulator.model import StoredFile
from adapters.telegram_emulator.params import Params, UploadedFile
from adapters.telegram_emulator.shapes import document_json, file_json, photo_sizes_json
from adapters.telegram_emulator.world import World

from .messages import formatted, post
from .registry import bot_method

_GENERIC_TYPES = {"application/octet-stream", ""}


@bot_method("sendDocument")
async def send_document(world: World, params: Params) -> dict[str, Any]:
    chat = world.writable_chat(params.integer("chat_id"))
    stored = _resolve(world, params, "document")
    content: dict[str, Any] = {"document": document_json(stored)}
    content.update(_caption(params))
    return world.message_json(await post(world, chat, content, params))


@bot_method("sendPhoto")
async def send_photo(world: World, params: Params) -> dict[str, Any]:
    chat = world.writable_chat(params.integer("chat_id"))
    stored = _resolve(world, params, "photo")
    width, height = image_size(stored.content)
    content: dict[str, Any] = {"photo": photo_sizes_json(stored, width, height)}
    content.update(_caption(params))
    return world.message_json(await post(world, chat, content, params))


@bot_method("getFile")
async def get_file(world: World, params: Params) -> dict[str, Any]:
    stored = world.files.get(params.required_text("file_id", "file_id is empty"))
    return file_json(stored)


def _resolve(world: World, params: Params, kind: str) -> StoredFile:
    """The file behind a file parameter: a fresh upload or a known file_id of this kind."""
    value = params.input_file(kind)
    if value is None:
        raise bad_request(f"there is no {kind} in the request")
    if isinstance(value, UploadedFile):
        return world.files.add(kind, value.content, _file_name(value, kind), _mime(value, kind))
    if value.startswith(("http://", "https://")):
        raise bad_request(WRONG_FILE_ID)  # the emulator never fetches URLs
    stored = world.files.get(value)
    if world.files.kind_of(stored) != kind:
        raise bad_request("type of file mismatch")
    return stored


def _caption(params: Params) -> dict[str, Any]:
    caption = params.text("caption")
    return formatted(params, "caption", caption) if caption else {}


def _file_name(upload: UploadedFile, kind: str) -> str | None:
    return upload.filename if kind == "document" else None


def _mime(upload: UploadedFile, kind: str) -> str | None:
    if kind != "document":
        return None
    guessed = mimetypes.guess_type(upload.filename)[0]
    if guessed:
        return guessed
    if upload.content_type not in _GENERIC_TYPES:
        return upload.content_type
    return "application/octet-stream"
