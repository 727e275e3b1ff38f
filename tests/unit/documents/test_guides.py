"""The shipped guides: one for every code the SleepLab rule set can produce, in English and
Russian, with every section, no internal id and no near-empty page; made from the content
files ``guides/<locale>.toml``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from adapters.documents import load_library
from adapters.documents.make_samples import GuideError, load_guides
from sleeplab_core.sleeplab.bot import sleeplab_ruleset

LOCALES = ("en", "ru")
RULES = sleeplab_ruleset()
ALL_RULES = (*RULES.rules, RULES.default)
SECTIONS = ("what", "suggests", "now", "doctor", "clinician")
MIN_PAGE_CHARACTERS = 500
"""A page carries at least this much text (a full page holds about 2,500 characters)."""


def pages_text(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_every_outcome_code_of_the_rule_set_recommends_a_guide() -> None:
    for rule in ALL_RULES:
        assert rule.documents, f"the rule giving {rule.code!r} recommends no guide"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_every_outcome_code_has_its_guides_in_both_locales(rule, locale: str) -> None:  # type: ignore[no-untyped-def]
    library = load_library()

    for document in rule.documents:
        for gender in (None, "female", "male"):
            entry = library.catalog.find(document, locale, gender)
            assert entry.locale == locale
            assert entry.title


def guide_entries() -> list[tuple[str, str, str]]:
    return [(e.code, e.locale, e.gender) for e in load_library().catalog.entries]


@pytest.mark.parametrize(("code", "locale", "gender"), guide_entries())
def test_a_rendered_guide_has_its_title_every_section_and_no_internal_id(
    code: str, locale: str, gender: str
) -> None:
    library = load_library()
    entry = next(
        e for e in library.catalog.entries if (e.code, e.locale, e.gender) == (code, locale, gender)
    )
    _, common = load_guides()
    text = " ".join(pages_text(library.path_of(entry)))

    assert entry.title is not None
    assert " ".join(entry.title.split()) in text
    for section in SECTIONS:
        assert common[locale][section] in text, section
    identifiers = re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text)
    assert not identifiers, identifiers
    assert "{" not in text
    assert "_" not in text
    if locale == "ru":
        assert len(re.findall("[а-яё]", text.lower())) > 1000


@pytest.mark.parametrize(("code", "locale", "gender"), guide_entries())
def test_no_guide_has_a_near_empty_page(code: str, locale: str, gender: str) -> None:
    library = load_library()
    entry = next(
        e for e in library.catalog.entries if (e.code, e.locale, e.gender) == (code, locale, gender)
    )

    for number, page in enumerate(pages_text(library.path_of(entry)), start=1):
        assert len(page) >= MIN_PAGE_CHARACTERS, f"page {number}: {len(page)} characters"


def test_guides_are_real_content_not_samples() -> None:
    guides, _ = load_guides()

    for guide in guides:
        words = " ".join(
            [*guide["what"], guide["suggests"], *guide["now"], *guide["doctor"]]
        ).split()
        assert len(words) >= 180, (guide["code"], guide["locale"], len(words))
        assert len(guide["now"]) >= 4


def test_both_locales_have_the_same_guides() -> None:
    guides, _ = load_guides()
    slots = {
        locale: sorted((g["code"], g.get("gender", "any")) for g in guides if g["locale"] == locale)
        for locale in LOCALES
    }

    assert slots["en"] == slots["ru"]


def test_a_gender_variant_without_its_base_guide_is_refused(tmp_path: Path) -> None:
    common = (
        '[common]\nwhat="a"\nsuggests="b"\nnow="c"\ndoctor="d"\nclinician="e"\n'
        'kicker="f"\nnote="g"\npage="{page}/{pages}"\n'
    )
    (tmp_path / "en.toml").write_text(
        common + '[[guides]]\ncode="apnea_risk"\ngender="male"\ntitle="Apnea"\n',
        encoding="utf-8",
    )

    with pytest.raises(GuideError, match="apnea_risk/male has no guide without a gender"):
        load_guides(tmp_path)


def test_a_guide_missing_a_section_is_refused(tmp_path: Path) -> None:
    common = (
        '[common]\nwhat="a"\nsuggests="b"\nnow="c"\ndoctor="d"\nclinician="e"\n'
        'kicker="f"\nnote="g"\npage="{page}/{pages}"\n'
    )
    (tmp_path / "en.toml").write_text(
        common + '[[guides]]\ncode="insomnia"\ntitle="Insomnia"\nwhat=["x"]\n',
        encoding="utf-8",
    )

    with pytest.raises(GuideError, match="insomnia/any lacks suggests, now, doctor, clinician"):
        load_guides(tmp_path)
