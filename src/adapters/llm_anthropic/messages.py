"""Our request in the shape of the Messages API."""

from __future__ import annotations

import base64
from typing import Any

from sleeplab_core.llm import ChatRequest, Image


def to_messages(request: ChatRequest) -> list[dict[str, Any]]:
    """History and the user's message; consecutive turns of one role are merged.

    The Messages API wants user and assistant to alternate; a history that repeats a role
    (two user messages in a row after a failed answer, say) is folded into one turn.
    """
    messages: list[dict[str, Any]] = []
    for turn in request.history:
        _append(messages, turn.role.value, [{"type": "text", "text": turn.content}])
    _append(messages, "user", _user_content(request))
    return messages


def _append(messages: list[dict[str, Any]], role: str, content: list[dict[str, Any]]) -> None:
    if messages and messages[-1]["role"] == role:
        messages[-1]["content"].extend(content)
    else:
        messages.append({"role": role, "content": list(content)})


def _user_content(request: ChatRequest) -> list[dict[str, Any]]:
    # Images first, then the question: the order the API's guide recommends.
    content = [image_block(image) for image in request.images]
    if request.message:
        content.append({"type": "text", "text": request.message})
    return content


def image_block(image: Image) -> dict[str, Any]:
    """An inline base64 image content block."""
    data = base64.b64encode(image.data).decode("ascii")
    return {
        "type": "image",
        "source": {"type": "base64", "media_type": image.mime_type, "data": data},
    }
