"""The phone-number port: validate what a player typed and normalise it to E.164."""

from __future__ import annotations

import re
from typing import Protocol


class PhoneNumbers(Protocol):
    """Validates phone numbers.

    Contract: ``normalise`` returns the number in E.164 (``+79991234567``) when it is a
    valid number (a national number is read in ``region``), otherwise None; it never raises.
    """

    def normalise(self, raw: str, region: str = "RU") -> str | None: ...


_DIGITS = re.compile(r"\d")
_ALLOWED = re.compile(r"^[\d\s()+\-.]{1,32}$")


class PlainPhoneNumbers:
    """The offline fake: Russian numbers by shape only (11 digits starting 7 or 8, or 10)."""

    def normalise(self, raw: str, region: str = "RU") -> str | None:
        if not _ALLOWED.match(raw.strip()):
            return None
        digits = "".join(_DIGITS.findall(raw))
        if len(digits) == 11 and digits[0] in "78":
            return "+7" + digits[1:]
        if len(digits) == 10 and digits[0] == "9":
            return "+7" + digits
        return None
