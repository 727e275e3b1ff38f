"""The ``PhoneNumbers`` port on Google's libphonenumber (the ``phonenumbers`` package)."""

from __future__ import annotations

from typing import Any

import phonenumbers


class LibPhoneNumbers:
    """Parses a number as typed (national numbers in ``region``) and checks it is valid."""

    def normalise(self, raw: str, region: str = "RU") -> str | None:
        try:
            number = phonenumbers.parse(raw.strip()[:64], region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def build_service(env: Any) -> LibPhoneNumbers:
    """Always available: the library needs no settings."""
    return LibPhoneNumbers()
