"""Privacy: personal data is replaced by placeholders before any text leaves for a provider.

Caught: e-mail addresses (internationalised ones too: ``ivan@почта.рф``), ``t.me/`` and
``telegram.me/`` links, card numbers (13-19 digits passing the Luhn check), dates of birth
(a full date with a year up to :data:`DOB_LAST_YEAR`, or any year after words such as
"born", "родился", "д.р."; "1975 года рождения"), street addresses in English ("221B Baker
Street", "12 Oak Lane, Apt 4") and Russian ("ул. Ленина, д. 5, кв. 12", "Невский пр., 28"),
phone numbers (Russian and international formats, 10-15 digits, or 8-15 after a "+"),
Telegram-style @usernames, and the names and usernames the caller knows from the user's
profile (Russian names also in their inflected forms). Replacements are ``[email]``,
``[link]``, ``[card]``, ``[date]``, ``[address]``, ``[phone]``, ``[username]`` and
``[name]``. Redaction is idempotent: redacting twice changes nothing more.

Measured on the labelled corpus ``tests/unit/llm/data/redaction_corpus.txt`` by
``benchmarks/redaction_recall.py`` (figures in docs/security.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from sleeplab_core.llm.redaction_patterns import (
    DOB_LAST_YEAR,
    PLACEHOLDER_ADDRESS,
    PLACEHOLDER_DATE,
    redact_addresses,
    redact_birth_dates,
)

__all__ = [
    "DOB_LAST_YEAR",
    "PLACEHOLDER_ADDRESS",
    "PLACEHOLDER_CARD",
    "PLACEHOLDER_DATE",
    "PLACEHOLDER_EMAIL",
    "PLACEHOLDER_LINK",
    "PLACEHOLDER_NAME",
    "PLACEHOLDER_PHONE",
    "PLACEHOLDER_USERNAME",
    "PersonalData",
    "luhn_valid",
    "redact",
]

PLACEHOLDER_EMAIL = "[email]"
PLACEHOLDER_CARD = "[card]"
PLACEHOLDER_PHONE = "[phone]"
PLACEHOLDER_USERNAME = "[username]"
PLACEHOLDER_NAME = "[name]"
PLACEHOLDER_LINK = "[link]"

_EMAIL = re.compile(r"[\w!#$%&'*+/=?^`{|}~.-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_][\w-]*[^\W_]")
_LINK = re.compile(r"(?<![\w.])(?:https?://)?(?:www\.)?(?:t|telegram)\.me/[\w+/-]+", re.ASCII)
_CARD = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
# Digit groups joined by one space, dot or dash, or by brackets: +7 (912) 345-67-89.
_PHONE = re.compile(r"(?<![\w+])(?:\+ ?|\()?\d+(?:(?:[ .-]|\) ?|[ .-]?\()\d+)*\)?")
_HANDLE = re.compile(r"(?<![\w@\[])@[A-Za-z][A-Za-z0-9_]{2,31}(?:\.[A-Za-z0-9_]+)*")
_CYRILLIC_ENDING = "аеёиоуыэюяйь"
_MAX_PASSES = 5


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen
class PersonalData:
    """What the caller knows about the user and wants kept private (profile names, handles)."""

    names: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    usernames: tuple[str, ...] = attrs.field(default=(), converter=_strings)


def redact(text: str, personal: PersonalData | None = None) -> str:
    """``text`` with personal data replaced by placeholders."""
    personal = personal or PersonalData()
    for _ in range(_MAX_PASSES):
        # A replacement can give a neighbour new surroundings, so repeat to a fixed point.
        redacted = _redact_once(text, personal)
        if redacted == text:
            break
        text = redacted
    return text


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum used by payment cards."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _redact_once(text: str, personal: PersonalData) -> str:
    text = _EMAIL.sub(PLACEHOLDER_EMAIL, text)
    text = _LINK.sub(PLACEHOLDER_LINK, text)
    text = _CARD.sub(_card_or_keep, text)
    text = redact_birth_dates(text)
    text = redact_addresses(text)
    text = _PHONE.sub(_phone_or_keep, text)
    text = _words(personal.usernames, handles=True).sub(PLACEHOLDER_USERNAME, text)
    text = _HANDLE.sub(PLACEHOLDER_USERNAME, text)
    return _words(personal.names, handles=False).sub(PLACEHOLDER_NAME, text)


def _card_or_keep(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return PLACEHOLDER_CARD if luhn_valid(digits) else match.group()


def _phone_or_keep(match: re.Match[str]) -> str:
    candidate = match.group()
    # A phone followed by other numbers ("... 89 2024 2025") is too long as a whole; keep
    # the longest leading part that is a phone and leave the rest for what it is.
    for end in _group_ends(candidate):
        if _is_phone(candidate[:end]):
            return PLACEHOLDER_PHONE + candidate[end:]
    return candidate


def _group_ends(candidate: str) -> list[int]:
    # Only whole space-separated parts: "4111-1111-1111-1112" is one number, not a phone + rest.
    ends = [len(candidate)] + [m.start() for m in re.finditer(" ", candidate)]
    return sorted(ends, reverse=True)


def _is_phone(candidate: str) -> bool:
    digit_count = sum(char.isdigit() for char in candidate)
    shortest = 8 if candidate.lstrip().startswith("+") else 10
    return shortest <= digit_count <= 15


def _words(words: Iterable[str], *, handles: bool) -> re.Pattern[str]:
    alternatives = sorted(
        {_word_pattern(word.strip().lstrip("@"), handles) for word in words if _usable(word)},
        key=len,
        reverse=True,
    )
    if not alternatives:
        return re.compile(r"(?!x)x")  # matches nothing
    body = "|".join(alternatives)
    return re.compile(rf"(?<![\w\[@]){'@?' if handles else ''}(?:{body})(?![\w\]])", re.IGNORECASE)


def _usable(word: str) -> bool:
    return len(word.strip().lstrip("@")) >= 2


def _word_pattern(word: str, handles: bool) -> str:
    if handles or len(word) < 4 or not _is_cyrillic(word):
        return re.escape(word)
    # Russian names decline: Ольга, Ольги, Ольгой; Иван, Ивана, Иваном.
    stem = word[:-1] if word[-1].lower() in _CYRILLIC_ENDING else word
    return re.escape(stem) + "[а-яё]{0,3}"


def _is_cyrillic(word: str) -> bool:
    return all("а" <= char.lower() <= "я" or char.lower() == "ё" for char in word)
