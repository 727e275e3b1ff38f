import pytest
from report_samples import documents_catalog, po_texts

from adapters.babel_catalog import load_catalog
from sleeplab_core.documents import LABEL_KEYS, report_labels
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES, DictCatalog


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_report_caption_has_a_text_in_each_locale(locale: str) -> None:
    texts = po_texts(locale)

    missing = [key for key in LABEL_KEYS if not texts.get(key, "").strip()]

    assert missing == []


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_documents_po_holds_no_key_the_report_does_not_use(locale: str) -> None:
    assert set(po_texts(locale)) == set(LABEL_KEYS)


def test_labels_are_rendered_in_the_requested_locale() -> None:
    labels = report_labels(documents_catalog(), "ru")

    assert labels.title == "Ваш отчёт о сне"
    assert "не медицинский диагноз" in labels.disclaimer


def test_an_unknown_locale_gets_the_default_locale_labels() -> None:
    labels = report_labels(documents_catalog(), "de")

    assert labels.title == "Your sleep report"


def test_a_catalog_without_the_documents_texts_raises_key_error() -> None:
    with pytest.raises(KeyError):
        report_labels(DictCatalog({"en": {}}), "en")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_shipped_catalogs_render_every_caption(locale: str) -> None:
    # The application's loader merges every domain; documents.po must merge without clashes.
    catalog = load_catalog(strict=False)

    labels = report_labels(catalog, locale)

    assert labels == report_labels(documents_catalog(), locale)
