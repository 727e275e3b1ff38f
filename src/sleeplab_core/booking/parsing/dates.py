"""Dates and times of day in English and Russian free text, relative to the salon's today.

Hand-written on purpose: a small, tested grammar for what clients write to a salon
("tomorrow after 3", "на пятницу", "31 февраля", "12.06 в 15:30"), with invalid calendar
dates reported rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import attrs

from sleeplab_core.booking.parsing.model import Problem

WEEKDAYS = {
    0: ("monday", "mon", "понедельник", "пн"),
    1: ("tuesday", "tue", "вторник", "вт"),
    2: ("wednesday", "wed", "сред", "ср"),
    3: ("thursday", "thu", "четверг", "чт"),
    4: ("friday", "fri", "пятниц", "пт"),
    5: ("saturday", "sat", "суббот", "сб"),
    6: ("sunday", "sun", "воскресень", "вс"),
}
MONTHS = {
    1: ("jan", "январ"), 2: ("feb", "феврал"), 3: ("mar", "март"), 4: ("apr", "апрел"),
    5: ("may", "ма"), 6: ("jun", "июн"), 7: ("jul", "июл"), 8: ("aug", "август"),
    9: ("sep", "сентябр"), 10: ("oct", "октябр"), 11: ("nov", "ноябр"), 12: ("dec", "декабр"),
}  # fmt: skip
RELATIVE = (
    (("day after tomorrow", "послезавтра"), 2),
    (("tomorrow", "завтра"), 1),
    (("today", "tonight", "сегодня"), 0),
    (("yesterday", "вчера"), -1),
)
PARTS_OF_DAY = (
    (("morning", "утр"), time(8), time(12)),
    (("afternoon", "днём", "днем", "после обеда"), time(12), time(17)),
    (("evening", "вечер"), time(17), time(21)),
)
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_AFTER = re.compile(rf"\b(?:after|from|not before|после|с|от)\s+{_TIME}")
_BEFORE = re.compile(rf"\b(?:before|until|till|by|до|не позже)\s+{_TIME}")
_AT = re.compile(rf"\b(?:at|в|к|на|around|около)\s+{_TIME}\b")
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))()\b|\b(\d{1,2})()\s*(am|pm)\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-zа-яё]{3,})")
_MONTH_DAY = re.compile(r"\b([a-z]{3,})\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_IN_DAYS = re.compile(r"\b(?:in|через)\s+(\d{1,2})\s+(?:days?|дн[яей]|день)")


@attrs.frozen
class When:
    """The date and time-of-day window a message names (None where it names none)."""

    day: date | None = None
    not_before: time | None = None
    not_after: time | None = None
    problem: Problem | None = None


def parse_when(text: str, today: date) -> When:
    """The day and time window in ``text`` (lower-cased inside), relative to ``today``."""
    lowered = " " + text.lower().replace("ё", "е") + " "
    day, problem = _day(lowered, today)
    without_dates = lowered
    for pattern in (_NUMERIC_DATE, _DAY_MONTH, _MONTH_DAY, _IN_DAYS):
        without_dates = pattern.sub(_blank_dates, without_dates)
    not_before, not_after = _times(without_dates)
    if problem is None and day is not None and day < today:
        problem = Problem.PAST_DATE
    return When(day, not_before, not_after, problem)


def _blank_dates(found: re.Match[str]) -> str:
    words = [g for g in found.groups() if g and not g.isdigit()]
    is_date = found.re in (_NUMERIC_DATE, _IN_DAYS) or any(_month(w) for w in words)
    return " " if is_date else found.group(0)


def _day(text: str, today: date) -> tuple[date | None, Problem | None]:
    for words, offset in RELATIVE:
        if any(word in text for word in words):
            return today + timedelta(days=offset), None
    if found := _IN_DAYS.search(text):
        return today + timedelta(days=int(found.group(1))), None
    if found := _NUMERIC_DATE.search(text):
        year = found.group(3)
        return _calendar(int(found.group(1)), int(found.group(2)), year, today)
    for found in _DAY_MONTH.finditer(text):
        month = _month(found.group(2))
        if month:
            return _calendar(int(found.group(1)), month, None, today)
    for found in _MONTH_DAY.finditer(text):
        month = _month(found.group(1))
        if month:
            return _calendar(int(found.group(2)), month, None, today)
    weekday = _weekday(text)
    if weekday is not None:
        ahead = (weekday - today.weekday()) % 7 or (7 if "next" in text else 0)
        return today + timedelta(days=ahead), None
    return None, None


def _month(word: str) -> int | None:
    for number, stems in MONTHS.items():
        english, russian = stems
        if word.startswith(english) and (number != 5 or word == "may"):
            return number
        if number == 5 and word in ("мая", "май"):
            return 5
        if number != 5 and word.startswith(russian):
            return number
    return None


def _weekday(text: str) -> int | None:
    words = re.findall(r"[a-zа-я]+", text)
    for number, names in WEEKDAYS.items():
        long_names, short_names = names[::2], names[1::2]
        for word in words:
            if any(word.startswith(name) for name in long_names if len(name) > 3):
                return number
            if word in short_names:
                return number
    return None


def _calendar(
    day: int, month: int, year_text: str | None, today: date
) -> tuple[date | None, Problem | None]:
    year = today.year
    if year_text is not None:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        found = date(year, month, day)
    except ValueError:
        return None, Problem.INVALID_DATE
    if year_text is None and found < today - timedelta(days=7):
        try:
            found = date(year + 1, month, day)
        except ValueError:
            return None, Problem.INVALID_DATE
    return found, None


def _times(text: str) -> tuple[time | None, time | None]:
    not_before = not_after = None
    if found := _AFTER.search(text):
        not_before = _clock(found)
    if found := _BEFORE.search(text):
        not_after = _clock(found)
    if not_before is None and not_after is None:
        found = _AT.search(text) or _CLOCK.search(text)
        at = _clock(found) if found else None
        if at is not None:
            return at, at
    if not_before is None and not_after is None:
        for words, start, end in PARTS_OF_DAY:
            if any(word in text for word in words):
                return start, end
    return not_before, not_after


def _clock(found: re.Match[str]) -> time | None:
    groups = list(found.groups())
    if len(groups) == 6 and groups[0] is None:
        groups = groups[3:]
    hour, minute = int(groups[0] or 0), int(groups[1] or 0)
    suffix = (groups[2] or "").replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    elif not suffix and 1 <= hour <= 8:
        hour += 12  # "after 3" at a salon means the afternoon
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
