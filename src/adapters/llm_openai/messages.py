"""Our request in the shape of the chat completions API."""

from __future__ import annotations

import base64
from typing import Any

from sleeplab_core.llm import ChatRequest, Image


def to_messages(request: ChatRequest) -> list[dict[str, Any]]:
    """System prompt, history and the user's message (with images as data URLs)."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": request.system}]
    messages += [{"role": turn.role.value, "content": turn.content} for turn in request.history]
    messages.append({"role": "user", "content": _user_content(request)})
    return messages


def _user_content(request: ChatRequest) -> str | list[dict[str, Any]]:
    if not request.images:
        return request.message
    parts: list[dict[str, Any]] = []
    if request.message:
        parts.append({"type": "text", "text": request.message})
    parts += [
        {"type": "image_url", "image_url": {"url": data_url(image)}} for image in request.images
    ]
    return parts


def data_url(image: Image) -> str:
    """``data:<mime>;base64,<bytes>``: how the API takes inline images."""
    return f"data:{image.mime_type};base64,{base64.b64encode(image.data).decode('ascii')}"
