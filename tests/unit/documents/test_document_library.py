import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from adapters.documents import load_library, shipped_library_dir
from adapters.documents.fonts import dejavu_sans
from adapters.documents.make_samples import guide_pdf, load_guides, make_samples
from sleeplab_core.documents import CatalogInvalid, InMemoryDocumentStore
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES

SLEEPLAB_CODES = [
    "insomnia",
    "insufficient_sleep",
    "daytime_sleepiness",
    "apnea_risk",
    "circadian_evening",
    "circadian_morning",
    "sleep_hygiene",
    "stress_and_mood",
    "hormones_and_sleep",
    "no_problem",
]


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_shipped_library_covers_every_sleeplab_code() -> None:
    library = load_library()

    assert library.catalog.missing_codes(SLEEPLAB_CODES) == ()


@pytest.mark.parametrize("code", SLEEPLAB_CODES)
@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("gender", [None, "female", "male"])
def test_every_code_finds_an_existing_pdf_in_every_locale(
    code: str, locale: str, gender: str | None
) -> None:
    library = load_library()

    entry = library.catalog.find(code, locale, gender)

    assert entry.locale == locale
    assert library.path_of(entry).read_bytes().startswith(b"%PDF-")


def test_the_shipped_library_has_gender_variants_in_every_locale() -> None:
    catalog = load_library().catalog

    for locale in SUPPORTED_LOCALES:
        female = catalog.find("apnea_risk", locale, "female")
        male = catalog.find("apnea_risk", locale, "male")
        assert (female.gender, male.gender) == ("female", "male")


def test_each_shipped_pdf_shows_its_title_in_its_language() -> None:
    library = load_library()

    for entry in library.catalog.entries:
        assert entry.title is not None
        assert " ".join(entry.title.split()) in pdf_text(library.path_of(entry))


def test_the_shipped_samples_are_small() -> None:
    for path in shipped_library_dir().rglob("*.pdf"):
        assert path.stat().st_size < 60_000, path.name
        assert len(PdfReader(path).pages) <= 3, path.name


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    make_samples(folder)
    return folder


def test_the_shipped_catalog_is_what_make_samples_writes(regenerated: Path) -> None:
    generated = (regenerated / "catalog.toml").read_text(encoding="utf-8")
    shipped = (shipped_library_dir() / "catalog.toml").read_text(encoding="utf-8")

    assert generated == shipped


def test_the_shipped_pdfs_are_up_to_date_with_the_guide_texts(regenerated: Path) -> None:
    guides, _ = load_guides()
    generated = sorted(p.relative_to(regenerated) for p in regenerated.rglob("*.pdf"))

    assert len(generated) == len(guides)
    for relative in generated:
        assert pdf_text(regenerated / relative) == pdf_text(shipped_library_dir() / relative)


def test_a_sample_guide_is_reproducible() -> None:
    guides, common = load_guides()
    guide = next(g for g in guides if g.get("gender") == "female" and g["locale"] == "ru")
    fonts = dejavu_sans()

    first = guide_pdf(guide, common["ru"], fonts)
    second = guide_pdf(guide, common["ru"], fonts)

    assert first == second


@pytest.fixture
def operator_library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(shipped_library_dir(), folder)
    return folder


def test_a_catalog_entry_without_its_file_is_reported(operator_library: Path) -> None:
    (operator_library / "ru" / "insomnia.pdf").unlink()

    with pytest.raises(CatalogInvalid) as raised:
        load_library(operator_library)

    assert raised.value.problems == ("insomnia/ru/any: file 'ru/insomnia.pdf' does not exist",)


def test_a_catalog_entry_whose_file_is_not_a_pdf_is_reported(operator_library: Path) -> None:
    (operator_library / "en" / "no_problem.pdf").write_text("<html>oops</html>")

    with pytest.raises(CatalogInvalid, match=r"'en/no_problem.pdf' is not a PDF"):
        load_library(operator_library)


def test_an_operator_adds_a_locale_by_listing_its_documents(operator_library: Path) -> None:
    catalog_file = operator_library / "catalog.toml"
    (operator_library / "de").mkdir()
    shutil.copy(operator_library / "en" / "insomnia.pdf", operator_library / "de" / "insomnia.pdf")
    catalog_file.write_text(
        catalog_file.read_text(encoding="utf-8")
        + '\n[[documents]]\ncode = "insomnia"\nlocale = "de"\nfile = "de/insomnia.pdf"\n',
        encoding="utf-8",
    )

    with pytest.raises(CatalogInvalid, match="no_problem/de"):
        load_library(operator_library)


async def test_install_puts_each_library_file_into_the_store() -> None:
    library = load_library()
    store = InMemoryDocumentStore()

    keys = await library.install(store)

    entry = library.catalog.find("apnea_risk", "ru", "female")
    assert entry.document_key in keys
    assert await store.get(entry.document_key) == library.path_of(entry).read_bytes()
    assert len(keys) == len(library.catalog.entries)


async def test_installing_again_keeps_cached_telegram_file_ids() -> None:
    library = load_library()
    store = InMemoryDocumentStore()
    await library.install(store)
    key = library.catalog.find("insomnia", "en").document_key
    await store.remember_file_id(key, "sleeplab_bot", "file-id")

    await library.install(store)

    assert await store.file_id_for(key, "sleeplab_bot") == "file-id"
