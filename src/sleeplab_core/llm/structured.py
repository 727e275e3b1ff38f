"""Structured answers: ask for JSON, validate it, and repair once.

Every provider shares this logic, so "one repair retry" means the same everywhere: the
invalid answer and the validation errors go back to the model, which gets one more chance.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import attrs
from pydantic import BaseModel, ValidationError

from sleeplab_core.llm.errors import StructuredOutputInvalid
from sleeplab_core.llm.model import ChatRequest, ChatResponse, Role, Turn
from sleeplab_core.llm.prompts import load_prompt

#: Sends a plain request; ``expect_json`` lets a provider switch on its JSON mode.
TextCall = Callable[[ChatRequest, bool], Awaitable[ChatResponse]]


async def complete_with_structure(request: ChatRequest, call: TextCall) -> ChatResponse:
    """Answer ``request`` through ``call``, parsing into ``request.response_model`` if set.

    Raises:
        StructuredOutputInvalid: the answer and its one repair both failed validation.
    """
    model_type = request.response_model
    if model_type is None:
        return await call(request, False)
    plain = _asking_for_json(request, model_type)
    first = await call(plain, True)
    try:
        return attrs.evolve(first, parsed=parse_json_answer(first.text, model_type))
    except ValidationError as error:
        second = await call(_repair_request(plain, first.text, error), True)
    usage = first.usage + second.usage
    try:
        parsed = parse_json_answer(second.text, model_type)
    except ValidationError as error:
        raise StructuredOutputInvalid(
            second.provider, describe_errors(error), second.text
        ) from None
    return attrs.evolve(second, parsed=parsed, usage=usage)


def parse_json_answer(text: str, model_type: type[BaseModel]) -> BaseModel:
    """Validate the JSON object in ``text`` (code fences and chatter around it are ignored).

    Raises:
        ValidationError: not JSON, or JSON that does not fit ``model_type``.
    """
    return model_type.model_validate_json(extract_json_object(text))


def extract_json_object(text: str) -> str:
    """The outermost ``{...}`` in ``text``, or ``text`` itself when it has none."""
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


def describe_errors(error: ValidationError) -> str:
    """Validation errors as short lines a model (or a person) can act on."""
    lines = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "(root)"
        lines.append(f"- {where}: {item['msg']}")
    return "\n".join(lines)


def _asking_for_json(request: ChatRequest, model_type: type[BaseModel]) -> ChatRequest:
    schema = json.dumps(model_type.model_json_schema(), ensure_ascii=False)
    instruction = load_prompt("structured", request.locale).format(schema=schema)
    return attrs.evolve(request, system=f"{request.system}\n\n{instruction}", response_model=None)


def _repair_request(plain: ChatRequest, answer: str, error: ValidationError) -> ChatRequest:
    # The images stay with the original message; the repair turn is about the text only.
    history = (
        *plain.history,
        Turn(Role.USER, plain.message or "[image]"),
        Turn(Role.ASSISTANT, answer),
    )
    repair = load_prompt("repair", plain.locale).format(errors=describe_errors(error))
    return attrs.evolve(plain, history=history, message=repair, images=())
