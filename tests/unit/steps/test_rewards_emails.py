"""The optional e-mail: what passes as an address, and that a refusal changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.rewards.emails import normalise_email
from sleeplab_core.rewards.fakes import InMemoryRewardsDatabase
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.rewards.use_cases.set_email import set_email


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ivan@example.com", "ivan@example.com"),
        (" Ivan.Petrov+gifts@Mail.RU ", "Ivan.Petrov+gifts@mail.ru"),
        ("a@почта.рф", "a@почта.рф"),
    ],
)
def test_an_address_is_kept_with_its_domain_in_lower_case(typed: str, stored: str) -> None:
    assert normalise_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ivan",
        "ivan@",
        "@mail.ru",
        "a@b",
        "a b@c.ru",
        "a@@c.ru",
        "a@c..ru",
        "a.@c.ru",
        '"a"@c.ru',
        "a@-c.ru",
        "a@c.ru.",
        "ива@mail.ru",
        "a@c.r1",
        "x" * 65 + "@c.ru",
        "a@" + "b" * 250 + ".ru",
        "Ivan <ivan@example.com>",
    ],
)
def test_what_is_not_an_address_is_refused(typed: str) -> None:
    assert normalise_email(typed) is None


@given(st.text(max_size=80))
def test_any_text_is_read_without_an_error_and_a_kept_address_is_stable(text: str) -> None:
    kept = normalise_email(text)
    if kept is not None:
        assert normalise_email(kept) == kept
        assert kept.count("@") == 1


async def test_a_refused_address_changes_nothing() -> None:
    uow = InMemoryRewardsDatabase()
    clock = FakeClock()
    await register_player(uow, clock, Registration(1, "Аня", "+79991234567", email="a@b.ru"))
    with pytest.raises(ValidationFailed):
        await set_email(uow, 1, "not an address")
    async with uow() as unit:
        profile = await unit.rewards.profiles.get(1)
    assert profile is not None
    assert profile.email == "a@b.ru"
    assert (await set_email(uow, 1, None)).email == ""
