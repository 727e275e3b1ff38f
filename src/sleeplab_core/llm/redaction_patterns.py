"""Dates of birth and street addresses (English and Russian), found by pattern.

Separate from :mod:`sleeplab_core.llm.redaction` because these two need more than one
regular expression: a date is a birth date only when its year is old enough or words around
it say so, and an address has a street type word with a name and numbers on either side.
"""

from __future__ import annotations

import re

PLACEHOLDER_DATE = "[date]"
PLACEHOLDER_ADDRESS = "[address]"
DOB_LAST_YEAR = 2012
"""A full date up to this year is taken for a birth date; a later one only after "born",
"родился", "д.р." and the like (so "from 15.01.2024 I slept badly" stays)."""
CONTEXT_CHARS = 40

_MONTHS_EN = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_MONTHS_RU = r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATES = re.compile(
    "|".join(
        [
            rf"(?<![\d.])\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}(?![\d])",
            rf"(?<!\d){_YEAR}-\d{{2}}-\d{{2}}(?!\d)",
            rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS_EN}|{_MONTHS_RU})\.?,?\s+{_YEAR}"
            r"(?:\s*(?:года|г\.))?(?!\d)",
            rf"(?:{_MONTHS_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)",
        ]
    ).replace("(?P<year>", "(?:"),  # one group name may appear once: count years by hand
    re.IGNORECASE,
)
_BIRTH_YEAR = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\s*(?:года?\s+рождения|г\.\s*р\.|г\.р\.|year of birth)",
    re.IGNORECASE,
)
_BORN_IN_YEAR = re.compile(
    r"(?P<words>\b(?:born|b\.|родил(?:ся|ась)|рождения)\s+(?:in\s+|в\s+)?)(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_BIRTH_WORDS = re.compile(
    r"born|birth|b-?day|\bdob\b|д\.\s?р\.|\bдр\b|родил(?:ся|ась|ись)|рожд|(?<!\w)р\.\s*$",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")

# Street addresses -------------------------------------------------------------------------

_EN_STREET = (
    r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Way|Place|Pl"
    r"|Square|Sq|Terrace|Loop|Close|Crescent|Highway|Hwy|Parkway|Pkwy"
)
_EN_UNIT = r"(?:Apt|Apartment|Flat|Suite|Unit|#)\.?\s*\w+"
_EN_NAME = r"(?:[A-Z][A-Za-z'-]+\s+){1,3}"
_EN_ADDRESS = re.compile(
    "|".join(
        [
            rf"(?<![\w.])(?:{_EN_UNIT},?\s+)?\d{{1,5}}[A-Za-z]?\s+{_EN_NAME}(?:{_EN_STREET})\b\.?"
            rf"(?:\s+(?:NW|NE|SW|SE|N|S|E|W)\b)?(?:,?\s*{_EN_UNIT})?",
            rf"(?<![\w.]){_EN_NAME}(?:{_EN_STREET})\.?\s+\d{{1,5}}[A-Za-z]?\b",
        ]
    )
)
_RU_TYPE = (
    r"ул\.|улиц[аеыуи]|пр-т|пр\.|проспект[аеу]?|пер\.|переул(?:ок|ке|ка)|б-р|бульвар[аеу]?"
    r"|ш\.|шоссе|наб\.|набережн(?:ая|ой|ую)|пл\.|площад[ьи]|проезд[аеу]?|тупик[аеу]?"
    r"|алле[яиюе]|мкр\.?|микрорайон[аеу]?"
)
_RU_NAME = r"(?:(?:[А-ЯЁ][а-яё-]+|[а-яё]{3,})\s+){0,2}[А-ЯЁ][а-яё-]+"
_RU_NUMBER = r"\d+[а-яА-Я]?(?:\s*[-/]\s*\d+)?"
_RU_PARTS = r"(?:,?\s*(?:д\.|дом|корп\.|к\.|стр\.|кв\.|квартира|офис)\s*\d+[а-яА-Я]?)*"
_RU_HOUSE = rf"(?:,?\s*(?:(?:д\.|дом)\s*)?{_RU_NUMBER})"
_RU_CITY = r"(?:(?:г\.|город)\s*[А-ЯЁ][а-яё-]+,?\s*)?"
_RU_ADDRESS = re.compile(
    "|".join(
        [
            rf"(?<!\w){_RU_CITY}(?:{_RU_TYPE})\s*{_RU_NAME}{_RU_HOUSE}?{_RU_PARTS}",
            rf"(?<!\w){_RU_NAME}\s+(?:{_RU_TYPE}){_RU_HOUSE}{_RU_PARTS}",
            r"(?<!\w)(?:д\.|дом)\s*\d+[а-я]?"
            r"(?:,?\s*(?:корп\.|к\.|стр\.|кв\.|квартира)\s*\d+[а-я]?)+",
        ]
    )
)


def redact_birth_dates(text: str) -> str:
    """``text`` with dates of birth replaced by ``[date]``."""
    text = _BIRTH_YEAR.sub(PLACEHOLDER_DATE, text)
    text = _DATES.sub(_date_or_keep, text)
    return _BORN_IN_YEAR.sub(lambda m: m["words"] + PLACEHOLDER_DATE, text)


def redact_addresses(text: str) -> str:
    """``text`` with street addresses replaced by ``[address]``."""
    text = _EN_ADDRESS.sub(PLACEHOLDER_ADDRESS, text)
    return _RU_ADDRESS.sub(PLACEHOLDER_ADDRESS, text)


def _date_or_keep(match: re.Match[str]) -> str:
    year = _ANY_YEAR.findall(match.group())
    if year and int(year[-1]) <= DOB_LAST_YEAR:
        return PLACEHOLDER_DATE
    before = match.string[max(0, match.start() - CONTEXT_CHARS) : match.start()]
    return PLACEHOLDER_DATE if _BIRTH_WORDS.search(before) else match.group()
