"""Operator overrides: only the seed's content keys, only their placeholders."""

from __future__ import annotations

import pytest

from sleeplab_core.rewards import InvalidRules
from sleeplab_core.rewards.content import check_override, render_override


def test_an_override_may_use_its_keys_placeholders():
    check_override("main_menu", "ru", "Здравствуйте, {name}! Баллов: {balance}")
    assert render_override("Hi {name}", {"name": "Аня", "balance": 3}) == "Hi Аня"


@pytest.mark.parametrize(
    ("key", "locale", "text", "field"),
    [
        ("order_thanks", "ru", "x", "key"),
        ("main_menu", "de", "x", "locale"),
        ("main_menu", "ru", "  ", "text"),
        ("main_menu", "ru", "{user_id}", "text"),
        ("start_welcome", "ru", "{name}", "text"),
        ("main_menu", "ru", "{name", "text"),
        ("walk_choice", "ru", "x" * 5000, "text"),
    ],
)
def test_a_bad_override_is_refused_naming_the_field(key, locale, text, field):
    with pytest.raises(InvalidRules) as refused:
        check_override(key, locale, text)
    assert refused.value.field == field
