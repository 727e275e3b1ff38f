import pytest
from report_samples import sample_report

from sleeplab_core.documents import (
    DocumentCatalog,
    DocumentNotFound,
    FakeReportRenderer,
    InMemoryDocumentStore,
    UnknownDocumentCode,
    parse_catalog,
    prepare_documents,
)

CATALOG = "\n".join(
    f'[[documents]]\ncode = "{code}"\nlocale = "{locale}"\ngender = "{gender}"\n'
    f'file = "{locale}/{code}-{gender}.pdf"\n'
    for code in ("insomnia", "apnea_risk")
    for locale in ("en", "ru")
    for gender in ("any", "female")
)


@pytest.fixture
def catalog() -> DocumentCatalog:
    return parse_catalog(CATALOG)


@pytest.fixture
async def store(catalog: DocumentCatalog) -> InMemoryDocumentStore:
    store = InMemoryDocumentStore()
    for entry in catalog.entries:
        await store.put(entry.document_key, f"%PDF- {entry.file}".encode())
    return store


async def test_the_report_is_rendered_into_the_store_under_its_id(
    catalog: DocumentCatalog, store: InMemoryDocumentStore
) -> None:
    renderer = FakeReportRenderer()
    report = sample_report("ru")

    prepared = await prepare_documents(
        report, ["insomnia"], catalog=catalog, store=store, renderer=renderer
    )

    assert renderer.rendered == [report]
    assert prepared.report_key == "reports/R-7F3K2.pdf"
    assert await store.get(prepared.report_key) == renderer.render(report)


async def test_guides_follow_the_report_locale_and_gender_in_recommended_order(
    catalog: DocumentCatalog, store: InMemoryDocumentStore
) -> None:
    report = sample_report("ru")  # a woman's report

    prepared = await prepare_documents(
        report,
        ["apnea_risk", "insomnia", "apnea_risk"],
        catalog=catalog,
        store=store,
        renderer=FakeReportRenderer(),
    )

    assert prepared.keys == (
        "reports/R-7F3K2.pdf",
        "library/ru/apnea_risk-female.pdf",
        "library/ru/insomnia-female.pdf",
    )


async def test_preparing_twice_keeps_the_cached_telegram_file_id(
    catalog: DocumentCatalog, store: InMemoryDocumentStore
) -> None:
    report = sample_report("en")
    first = await prepare_documents(
        report, [], catalog=catalog, store=store, renderer=FakeReportRenderer()
    )
    await store.remember_file_id(first.report_key, "sleeplab_bot", "file-id")

    await prepare_documents(report, [], catalog=catalog, store=store, renderer=FakeReportRenderer())

    assert await store.file_id_for(first.report_key, "sleeplab_bot") == "file-id"


async def test_an_unknown_recommendation_fails_before_anything_is_stored(
    catalog: DocumentCatalog, store: InMemoryDocumentStore
) -> None:
    with pytest.raises(UnknownDocumentCode):
        await prepare_documents(
            sample_report("en"),
            ["narcolepsy"],
            catalog=catalog,
            store=store,
            renderer=FakeReportRenderer(),
        )

    assert not await store.exists("reports/R-7F3K2.pdf")


async def test_a_catalog_document_missing_from_the_store_is_reported(
    catalog: DocumentCatalog,
) -> None:
    with pytest.raises(DocumentNotFound) as raised:
        await prepare_documents(
            sample_report("en"),
            ["insomnia"],
            catalog=catalog,
            store=InMemoryDocumentStore(),
            renderer=FakeReportRenderer(),
        )

    assert raised.value.key == "library/en/insomnia-female.pdf"
