"""Document keys: relative, slash-separated names that are safe as file paths everywhere."""

from __future__ import annotations

import re

from sleeplab_core.documents.errors import InvalidDocumentKey

_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_MAX_KEY_LENGTH = 200

REPORTS_PREFIX = "reports"
LIBRARY_PREFIX = "library"


def check_document_key(key: str) -> str:
    """Return ``key`` unchanged when it is a valid document key.

    A key is one or more ``/``-separated segments; each segment starts with a letter or digit
    and holds only letters, digits, ``.``, ``_`` and ``-``. So a key never escapes its store
    (no ``..``, no leading ``/``) and never collides with a store's hidden bookkeeping files,
    which start with a dot.

    Raises:
        InvalidDocumentKey: the key is empty, too long or has a bad segment.
    """
    if not key or len(key) > _MAX_KEY_LENGTH:
        raise InvalidDocumentKey(key, f"use 1 to {_MAX_KEY_LENGTH} characters")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidDocumentKey(
                key,
                f"segment {segment!r} must start with a letter or digit and hold only "
                "letters, digits, '.', '_' and '-'",
            )
    return key


def check_bot_name(bot: str) -> str:
    """Return ``bot`` unchanged when it can label a cached Telegram file id.

    Raises:
        InvalidDocumentKey: the bot name is not a single key segment.
    """
    if "/" in bot:
        raise InvalidDocumentKey(bot, "a bot name is a single segment without '/'")
    return check_document_key(bot)


def report_document_key(report_id: str) -> str:
    """The key under which the personalised report ``report_id`` is stored.

    Raises:
        InvalidDocumentKey: the report id is not a single key segment.
    """
    if "/" in report_id:
        raise InvalidDocumentKey(report_id, "a report id is a single segment without '/'")
    return check_document_key(f"{REPORTS_PREFIX}/{report_id}.pdf")


def library_document_key(file: str) -> str:
    """The key under which a catalog file (relative path such as ``ru/insomnia.pdf``) is stored.

    Raises:
        InvalidDocumentKey: the path is not a valid relative key.
    """
    return check_document_key(f"{LIBRARY_PREFIX}/{file}")
