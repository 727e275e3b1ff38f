"""Logs that never carry a secret, an answer or a forged line.

:func:`install` (called by every ``sleeplab`` command and by ``create_app``):

- wraps the log record factory so that every record, from any library, is formatted once
  and scrubbed before any handler sees it: the bot token in Bot API URLs
  (``/bot<id>:<secret>/`` → ``/bot<token>/``), the Tilda URL secret, and every configured
  secret value are masked; control characters in arguments are escaped, so a caller's text
  cannot forge a log line;
- pins the loggers that write payloads at DEBUG (SQL parameters with health answers,
  Telegram updates and API call parameters with users' messages) at INFO or the root's
  level, whichever is higher (so call it after configuring the root level): an operator
  debugging sleeplab gets sleeplab's own DEBUG lines, not users' data.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from entrypoints.settings import Settings

MASK = "***"
_TOKEN_IN_URL = re.compile(r"/bot\d+:[A-Za-z0-9_-]+")
_TILDA_SECRET_IN_PATH = re.compile(r"(/payments/tilda/)[^/\s\"'?#]+")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]")
MIN_MASKED_LENGTH = 6
"""Shorter configured values (``"1"``) are not masked: they would mask every digit."""
PAYLOAD_LOGGERS = (
    "tortoise",  # tortoise.db_client: every query with its parameters
    "aiosqlite",  # every statement it runs
    "asyncpg",
    "telegram",  # PTB: API call parameters and every update
    "aiogram",  # aiogram.event: updates
    "httpcore",  # request and response headers and bodies
    "hpack",
    "openai",  # request options with the prompt
    "anthropic",
)
PAYLOAD_LEVEL = logging.INFO

_FORMATTER = logging.Formatter()
_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False


def install(settings: Settings | None = None, extra_secrets: Iterable[str] = ()) -> None:
    """Scrub every log record from now on, masking the settings' secrets too (idempotent;
    later calls add secrets)."""
    global _installed
    with _lock:
        _secrets.update(s for s in _secret_values(settings) if len(s) >= MIN_MASKED_LENGTH)
        _secrets.update(s for s in extra_secrets if len(s) >= MIN_MASKED_LENGTH)
        if not _installed:
            logging.setLogRecordFactory(_scrubbing(logging.getLogRecordFactory()))
            _installed = True
    floor = max(PAYLOAD_LEVEL, logging.getLogger().getEffectiveLevel())
    for name in PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < floor or logger.level == logging.NOTSET:
            logger.setLevel(floor)


def scrub(text: str) -> str:
    """``text`` with tokens in URLs, the Tilda secret and configured secrets masked."""
    text = _TOKEN_IN_URL.sub("/bot<token>", text)
    text = _TILDA_SECRET_IN_PATH.sub(r"\1<secret>", text)
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _secret_values(settings: Settings | None) -> list[str]:
    if settings is None:
        return []
    values = []
    for name, value in settings:
        if hasattr(value, "get_secret_value") and value.get_secret_value():
            secret = value.get_secret_value()
            values.append(secret)
            if name == "telegram_token" and ":" in secret:
                values.append(secret.split(":", 1)[1])
    return values


def _scrubbing(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            if record.args:
                record.args = _escaped_args(record.args)
            message = scrub(record.getMessage())
            if record.exc_info and record.exc_info[0] is not None:
                record.exc_text = scrub(_FORMATTER.formatException(record.exc_info))
        except Exception:  # a record that cannot be formatted is left to logging's handling
            return record
        record.msg, record.args = message, None
        return record

    return make


def _escaped_args(args: Any) -> Any:
    if isinstance(args, Mapping):
        return {key: _escaped(value) for key, value in args.items()}
    return tuple(_escaped(value) for value in args)


def _escaped(value: object) -> object:
    if isinstance(value, int | float | bool) or value is None:
        return value
    text = str(value)
    if not _CONTROL.search(text):
        return value
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
