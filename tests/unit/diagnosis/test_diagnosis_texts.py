"""Every text a rule set can show exists in en and ru, with the placeholders it is given."""

import string
from importlib import resources
from typing import Any

import pytest
from babel.messages.pofile import read_po

from sleeplab_core.diagnosis import Severity
from sleeplab_core.sleeplab.bot import sleeplab_ruleset

SLEEPLAB = sleeplab_ruleset()
LOCALES = ("en", "ru")


def catalog(locale: str) -> Any:
    path = resources.files("sleeplab_core").joinpath(f"locales/{locale}/LC_MESSAGES/diagnosis.po")
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def every_rule() -> list[Any]:
    return [*SLEEPLAB.rules, SLEEPLAB.default]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalog_header_names_the_language_and_plural_forms(locale: str) -> None:
    po = catalog(locale)

    assert str(po.locale) == locale
    assert po.num_plurals == (3 if locale == "ru" else 2)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_title_and_explanation_has_a_text(locale: str) -> None:
    po = catalog(locale)
    keys = {key for rule in every_rule() for key in (rule.title, rule.explanation)}

    missing = sorted(key for key in keys if not (po.get(key) and po.get(key).string))

    assert missing == []


@pytest.mark.parametrize("locale", LOCALES)
def test_explanations_use_only_the_params_their_rules_give(locale: str) -> None:
    po = catalog(locale)

    for rule in every_rule():
        text = po.get(rule.explanation).string
        assert placeholders(text) <= set(rule.params), rule.id
        assert placeholders(po.get(rule.title).string) == set(), rule.id


@pytest.mark.parametrize("locale", LOCALES)
def test_every_severity_has_a_label(locale: str) -> None:
    po = catalog(locale)

    assert all(po.get(f"diagnosis.severity.{s.value}") for s in Severity if s.value != "none")


def test_both_locales_carry_the_same_keys() -> None:
    en, ru = ({m.id for m in catalog(locale) if m.id} for locale in LOCALES)

    assert en == ru
