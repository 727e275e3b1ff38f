"""Redaction: personal data never leaves; redacting twice changes nothing more."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.llm import PersonalData, luhn_valid, redact

# --- strategies (kept here: they serve only this module) ----------------------------------

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def russian_phones(draw: st.DrawFn) -> str:
    number = draw(st.text(alphabet="0123456789", min_size=10, max_size=10))
    code, a, b, c = number[:3], number[3:6], number[6:8], number[8:]
    prefix = draw(st.sampled_from(["+7", "8", "+7 ", "8 "]))
    style = draw(
        st.sampled_from(
            [
                "({code}) {a}-{b}-{c}",
                "{code} {a} {b} {c}",
                "{code}{a}{b}{c}",
                "-{code}-{a}-{b}-{c}",
                "{code}-{a}-{b}{c}",
            ]
        )
    )
    body = style.format(code=code, a=a, b=b, c=c)
    if prefix.endswith(" ") and body.startswith("-"):
        body = body[1:]
    return prefix + body


@st.composite
def international_phones(draw: st.DrawFn) -> str:
    country = draw(st.integers(1, 998))
    national = draw(st.text(alphabet="0123456789", min_size=7, max_size=11))
    separator = draw(st.sampled_from([" ", "-", ".", ""]))
    groups = [national[i : i + 3] for i in range(0, len(national), 3)]
    return f"+{country} " + separator.join(groups)


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet="0123456789", min_size=12, max_size=18))
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    number = body + check
    separator = draw(st.sampled_from(["", " ", "-"]))
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))


names = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=2, max_size=12)


def around(value: str) -> str:
    return f"Please reach me at {value} tonight."


# --- the rules ----------------------------------------------------------------------------


@given(st.emails())
def test_no_generated_email_is_left_behind(email: str) -> None:
    redacted = redact(around(email))

    assert email not in redacted
    assert "[email]" in redacted


@given(st.one_of(russian_phones(), international_phones()))
def test_no_generated_phone_is_left_behind(phone: str) -> None:
    redacted = redact(around(phone))

    assert phone not in redacted
    assert "[phone]" in redacted or "[card]" in redacted


@given(card_numbers())
def test_no_generated_card_number_is_left_behind(card: str) -> None:
    redacted = redact(around(card))

    assert card not in redacted
    assert "[card]" in redacted


@given(st.text(max_size=200), st.lists(names, max_size=3), st.lists(names, max_size=2))
def test_redaction_is_idempotent(text: str, people: list[str], handles: list[str]) -> None:
    personal = PersonalData(names=people, usernames=handles)

    once = redact(text, personal)

    assert redact(once, personal) == once


@given(
    st.one_of(st.emails(), russian_phones(), international_phones(), card_numbers()),
    st.lists(names, max_size=2),
)
def test_idempotent_on_text_full_of_personal_data(secret: str, people: list[str]) -> None:
    personal = PersonalData(names=people)
    text = f"{secret}, {' '.join(people)} {secret}"

    once = redact(text, personal)

    assert redact(once, personal) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call +7 (912) 345-67-89 please", "call [phone] please"),
        ("or 8 912 345 67 89", "or [phone]"),
        ("or 89123456789", "or [phone]"),
        ("London +44 20 7946 0958", "London [phone]"),
        ("card 4111 1111 1111 1111", "card [card]"),
        ("write to ivan.petrov@mail.ru", "write to [email]"),
        ("ping @sleepy_owl", "ping [username]"),
    ],
)
def test_known_formats_get_their_placeholder(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I sleep from 23:00 to 07:00, about 7.5 hours",
        "from 15.01.2024 - 20.01.2024 I slept badly",
        "my score was 12 of 21, date 2024-01-15",
        "order 4111-1111-1111-1112 failed the Luhn check",
    ],
)
def test_sleep_talk_numbers_are_kept(text: str) -> None:
    assert redact(text) == text


def test_a_long_run_of_numbers_keeps_no_phone_at_its_start() -> None:
    redacted = redact("call +7 912 345 67 89 2024 2025 today")

    assert "912 345 67 89" not in redacted
    assert redacted.startswith("call [phone]")


def test_the_users_names_and_usernames_are_replaced() -> None:
    personal = PersonalData(names=["Anna Smith", "Anna"], usernames=["@annas"])

    redacted = redact("I am Anna Smith (annas, @annas); anna sleeps badly", personal)

    assert redacted == "I am [name] ([username], [username]); [name] sleeps badly"


def test_russian_names_are_caught_in_their_inflected_forms() -> None:
    personal = PersonalData(names=["Ольга", "Иван"])

    redacted = redact("Ольга спит плохо. У Ольги и Ивана бессонница, с Ольгой", personal)

    assert redacted == "[name] спит плохо. У [name] и [name] бессонница, с [name]"


def test_a_name_inside_another_word_is_kept() -> None:
    assert redact("Annabel sleeps well", PersonalData(names=["Anna"])) == "Annabel sleeps well"


def test_luhn_check_accepts_test_cards_and_rejects_typos() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("5555555555554444")
    assert not luhn_valid("4111111111111112")
