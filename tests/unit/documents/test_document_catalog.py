import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.documents import (
    CatalogEntry,
    CatalogGender,
    CatalogInvalid,
    DocumentCatalog,
    UnknownDocumentCode,
    parse_catalog,
)

CATALOG = """
[[documents]]
code = "insomnia"
locale = "en"
file = "en/insomnia.pdf"
title = "Insomnia"

[[documents]]
code = "insomnia"
locale = "ru"
gender = "any"
file = "ru/insomnia.pdf"

[[documents]]
code = "apnea_risk"
locale = "en"
gender = "any"
file = "en/apnea_risk.pdf"

[[documents]]
code = "apnea_risk"
locale = "en"
gender = "female"
file = "en/apnea_risk-female.pdf"

[[documents]]
code = "apnea_risk"
locale = "ru"
gender = "any"
file = "ru/apnea_risk.pdf"
"""


def table(code: str, locale: str, gender: str, file: str) -> str:
    return (
        f'[[documents]]\ncode = "{code}"\nlocale = "{locale}"\n'
        f'gender = "{gender}"\nfile = "{file}"\n'
    )


@pytest.fixture
def catalog() -> DocumentCatalog:
    return parse_catalog(CATALOG)


def test_a_gender_variant_is_chosen_for_that_gender(catalog: DocumentCatalog) -> None:
    entry = catalog.find("apnea_risk", "en", "female")

    assert entry.file == "en/apnea_risk-female.pdf"


def test_a_gender_without_a_variant_gets_the_any_document(catalog: DocumentCatalog) -> None:
    assert catalog.find("apnea_risk", "en", "male").file == "en/apnea_risk.pdf"


@pytest.mark.parametrize("gender", [None, "any", "other"])
def test_no_or_unknown_gender_gets_the_any_document(
    catalog: DocumentCatalog, gender: str | None
) -> None:
    assert catalog.find("apnea_risk", "en", gender).gender == "any"


def test_a_locale_is_served_in_that_locale(catalog: DocumentCatalog) -> None:
    assert catalog.find("insomnia", "ru").file == "ru/insomnia.pdf"


def test_a_locale_the_catalog_lacks_falls_back_to_english(catalog: DocumentCatalog) -> None:
    assert catalog.find("insomnia", "de").file == "en/insomnia.pdf"


def test_the_gender_variant_is_per_locale(catalog: DocumentCatalog) -> None:
    assert catalog.find("apnea_risk", "ru", "female").file == "ru/apnea_risk.pdf"


def test_an_unknown_code_raises_a_typed_error_listing_known_codes(
    catalog: DocumentCatalog,
) -> None:
    with pytest.raises(UnknownDocumentCode) as raised:
        catalog.find("narcolepsy", "en")

    assert raised.value.code == "narcolepsy"
    assert raised.value.known == ("apnea_risk", "insomnia")


def test_find_all_keeps_order_and_drops_repeats(catalog: DocumentCatalog) -> None:
    entries = catalog.find_all(["apnea_risk", "insomnia", "apnea_risk"], "en", "female")

    assert [e.file for e in entries] == ["en/apnea_risk-female.pdf", "en/insomnia.pdf"]


def test_missing_codes_lists_codes_without_documents(catalog: DocumentCatalog) -> None:
    assert catalog.missing_codes(["insomnia", "no_problem", "apnea_risk"]) == ("no_problem",)


def test_the_title_is_optional(catalog: DocumentCatalog) -> None:
    assert catalog.find("insomnia", "en").title == "Insomnia"
    assert catalog.find("insomnia", "ru").title is None


def test_an_entry_is_stored_under_the_library_prefix(catalog: DocumentCatalog) -> None:
    assert catalog.find("insomnia", "ru").document_key == "library/ru/insomnia.pdf"


def test_a_code_without_an_any_document_in_a_locale_is_rejected() -> None:
    text = table("insomnia", "en", "any", "en/i.pdf") + table(
        "insomnia", "ru", "female", "ru/i.pdf"
    )

    with pytest.raises(CatalogInvalid) as raised:
        parse_catalog(text)

    assert raised.value.problems == (
        'insomnia/ru: add a document with gender "any" so every user gets one',
    )


def test_every_required_locale_must_be_covered() -> None:
    with pytest.raises(CatalogInvalid, match="insomnia/ru"):
        parse_catalog(table("insomnia", "en", "any", "en/i.pdf"))


def test_the_default_locale_is_always_required() -> None:
    with pytest.raises(CatalogInvalid, match="insomnia/en"):
        parse_catalog(table("insomnia", "ru", "any", "ru/i.pdf"), required_locales=["ru"])


def test_a_duplicate_slot_is_rejected() -> None:
    text = table("insomnia", "en", "any", "en/a.pdf") + table("insomnia", "en", "any", "en/b.pdf")

    with pytest.raises(CatalogInvalid, match="insomnia/en/any: listed more than once"):
        parse_catalog(text, required_locales=["en"])


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (table("insomnia", "en", "woman", "en/i.pdf"), "gender must be one of"),
        (table("insomnia", "en", "any", "/etc/i.pdf"), "plain relative path"),
        (table("insomnia", "en", "any", "../i.pdf"), "plain relative path"),
        (table("insomnia", "en", "any", "en/i.docx"), "must be a .pdf"),
        (table("Insomnia", "en", "any", "en/i.pdf"), "code must be lower-case"),
        (table("insomnia", "English", "any", "en/i.pdf"), "locale must be a language code"),
        ('[[documents]]\ncode = "insomnia"\nlocale = "en"\n', "'file' must be a string"),
        (table("insomnia", "en", "any", "en/i.pdf") + "colour = 1\n", "unknown field 'colour'"),
        ('[[document]]\ncode = "x"\n', "unknown top-level key 'document'"),
        ("documents = []\n", "add at least one [[documents]] table"),
        ("[[documents]\n", "not valid TOML"),
    ],
)
def test_a_malformed_catalog_names_the_problem(entry: str, problem: str) -> None:
    with pytest.raises(CatalogInvalid, match=problem.replace("[", r"\[")):
        parse_catalog(entry, required_locales=["en"])


def test_the_error_names_the_catalog_file() -> None:
    with pytest.raises(CatalogInvalid) as raised:
        parse_catalog("documents = []", source="operator/catalog.toml")

    assert raised.value.source == "operator/catalog.toml"
    assert str(raised.value).startswith("operator/catalog.toml: ")


def test_all_problems_are_reported_at_once() -> None:
    text = table("insomnia", "en", "woman", "en/i.pdf") + table("sleep", "en", "any", "x.doc")

    with pytest.raises(CatalogInvalid) as raised:
        parse_catalog(text, required_locales=["en"])

    assert raised.value.problems == (
        "insomnia/en/woman: gender must be one of any, female, male",
        "sleep/en/any: file 'x.doc' must be a .pdf",
        'insomnia/en: add a document with gender "any" so every user gets one',
    )


codes = st.lists(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), min_size=1, unique=True)
locales = st.lists(st.sampled_from(["en", "ru", "de", "kk"]), min_size=1, unique=True)
genders = st.sampled_from([None, "any", "female", "male", "other"])


@st.composite
def complete_catalogs(draw: st.DrawFn) -> DocumentCatalog:
    entries = []
    catalog_locales = sorted({"en", *draw(locales)})
    for code in draw(codes):
        for locale in catalog_locales:
            entries.append(CatalogEntry(code, locale, "any", f"{locale}/{code}.pdf"))
            variants: set[CatalogGender] = draw(st.sets(st.sampled_from(["female", "male"])))
            for gender in variants:
                entries.append(CatalogEntry(code, locale, gender, f"{locale}/{code}-{gender}.pdf"))
    return DocumentCatalog(entries)


@given(complete_catalogs(), st.data())
def test_a_known_code_is_always_found_in_any_locale_for_any_gender(
    catalog: DocumentCatalog, data: st.DataObject
) -> None:
    code = data.draw(st.sampled_from(sorted(catalog.codes)))
    locale = data.draw(st.sampled_from(["en", "ru", "de", "kk", "fr"]))
    gender = data.draw(genders)

    entry = catalog.find(code, locale, gender)

    assert entry.code == code
    assert entry.locale == (locale if locale in catalog.locales else "en")
    assert entry.gender in {gender, "any"}
    has_variant = any(
        (e.code, e.locale, e.gender) == (code, entry.locale, gender) for e in catalog.entries
    )
    assert entry.gender == (gender if has_variant else "any")
