"""The PhoneNumbers port: the offline fake and libphonenumber agree on the same cases."""

from __future__ import annotations

import pytest

from adapters.phone_numbers import LibPhoneNumbers
from sleeplab_core.rewards.phones import PhoneNumbers, PlainPhoneNumbers


class PhoneNumbersContract:
    @pytest.mark.parametrize(
        "typed", ["+7 999 123-45-67", "8(999)123-45-67", "89991234567", "+79991234567"]
    )
    def test_a_russian_mobile_is_normalised_to_e164(self, phones: PhoneNumbers, typed: str):
        assert phones.normalise(typed) == "+79991234567"

    @pytest.mark.parametrize("typed", ["8(999)123", "", "hello", "+7 999 123 45 67 89 01", "1"])
    def test_an_invalid_number_is_refused(self, phones: PhoneNumbers, typed: str):
        assert phones.normalise(typed) is None


class TestPlainPhoneNumbers(PhoneNumbersContract):
    @pytest.fixture
    def phones(self) -> PhoneNumbers:
        return PlainPhoneNumbers()


class TestLibPhoneNumbers(PhoneNumbersContract):
    @pytest.fixture
    def phones(self) -> PhoneNumbers:
        return LibPhoneNumbers()

    def test_a_foreign_number_in_international_form_is_accepted(self, phones: PhoneNumbers):
        assert phones.normalise("+44 20 7946 0958") == "+442079460958"
