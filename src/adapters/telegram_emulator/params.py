"""Request parameters as the Bot API reads them, whatever the body encoding.

JSON bodies carry typed values; urlencoded and multipart bodies carry strings in which
objects and arrays are JSON text (aiogram and PTB both encode them so). Files arrive either
in the field itself (PTB) or in another part referenced as ``attach://<name>`` (aiogram).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from .errors import bad_request


@attrs.frozen
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    content: bytes


_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}


class Params:
    """Typed access to one request's parameters; bad values raise 400 like Telegram."""

    def __init__(self, values: Mapping[str, Any], files: Mapping[str, UploadedFile]) -> None:
        self._values = dict(values)
        self._files = dict(files)

    def has(self, name: str) -> bool:
        return self._values.get(name) not in (None, "")

    def raw(self, name: str) -> Any:
        return self._values.get(name)

    def as_dict(self) -> dict[str, Any]:
        """The plain values (files shown by name) for call records."""
        return {
            k: (f"<file {v.filename}>" if isinstance(v, UploadedFile) else v)
            for k, v in self._values.items()
        }

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self._values.get(name)
        if value is None:
            return default
        if isinstance(value, UploadedFile):
            raise bad_request(f"can't parse {name}")
        return str(value)

    def required_text(self, name: str, empty_message: str | None = None) -> str:
        # "<name> is empty" is Telegram's wording for chat_id; assumed for the rest.
        value = self.text(name)
        if not value:
            raise bad_request(empty_message or f"{name} is empty")
        return value

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self._values.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def required_integer(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def number(self, name: str, default: float) -> float:
        value = self._values.get(name)
        if value in (None, ""):
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        lowered = str(value).strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise bad_request(f"invalid {name} specified")

    def json(self, name: str) -> Any:
        """An object or array parameter, decoded from JSON text when the body was a form."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def input_file(self, name: str) -> UploadedFile | str | None:
        """A file parameter: an upload (inline or ``attach://``) or a file_id / URL string."""
        value = self._values.get(name)
        if isinstance(value, UploadedFile):
            return value
        if value in (None, ""):
            return None
        text = str(value)
        if text.startswith("attach://"):
            attached = self._files.get(text.removeprefix("attach://"))
            if attached is None:
                raise bad_request(f'can\'t find attached file "{text}"')
            return attached
        return text
