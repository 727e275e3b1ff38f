import io
from datetime import UTC, datetime

import pypdfium2  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader
from report_samples import ISSUED_AT, TEXTS, sample_report

from adapters.documents import FpdfReportRenderer
from sleeplab_core.documents import Report

A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def renderer() -> FpdfReportRenderer:
    return FpdfReportRenderer()


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def expected_strings(report: Report) -> list[str]:
    labels = report.labels
    texts = TEXTS[report.locale]
    return [
        labels.title,
        labels.red_flags_title,
        labels.red_flags_advice,
        labels.summary,
        labels.recommendations,
        labels.fired_rules,
        labels.disclaimer,
        *texts["summary"],
        *texts["recommendations"],
        f"{labels.why}: {texts['why']}",
        *texts["reasons"],
        *texts["red_flags"],
        texts["isi"],
        texts["isi_meaning"],
        f"{labels.score}: 17 / 28",
        f"{labels.band}: {texts['isi_bands'][2]}",
        f"{labels.gender}: {labels.gender_female}",
        "R-7F3K2",

    ]


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_text_of_the_report_can_be_read_back(
    renderer: FpdfReportRenderer, locale: str
) -> None:
    report = sample_report(locale)

    text = text_of(renderer.render(report))

    missing = [s for s in expected_strings(report) if " ".join(s.split()) not in text]
    assert missing == []


def test_the_russian_report_carries_cyrillic_text(renderer: FpdfReportRenderer) -> None:
    text = text_of(renderer.render(sample_report("ru")))

    assert "Ваш отчёт о сне" in text
    assert "Пожалуйста, обратитесь к врачу" in text
    assert "Your sleep report" not in text


def test_the_red_flag_block_is_left_out_without_red_flags(renderer: FpdfReportRenderer) -> None:
    report = sample_report("en", red_flags=False)

    text = text_of(renderer.render(report))

    assert report.labels.red_flags_title not in text
    assert report.labels.disclaimer.split()[0] in text


def test_the_same_report_gives_the_same_bytes(renderer: FpdfReportRenderer) -> None:
    first = renderer.render(sample_report("ru"))
    second = FpdfReportRenderer().render(sample_report("ru"))

    assert first == second


def test_the_creation_date_is_the_report_issue_time(renderer: FpdfReportRenderer) -> None:
    metadata = PdfReader(io.BytesIO(renderer.render(sample_report("en")))).metadata

    assert metadata is not None
    assert metadata.creation_date == ISSUED_AT.replace(tzinfo=UTC)
    assert metadata.title == "Your sleep report"


def test_another_issue_time_gives_another_file(renderer: FpdfReportRenderer) -> None:
    report = sample_report("en")
    later = report.subject.__class__(
        report.subject.report_id, datetime(2026, 11, 21, tzinfo=UTC), "35–44", "female"
    )

    assert renderer.render(report) != renderer.render(
        Report(report.locale, report.labels, later, report.summary)
    )


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_the_first_page_renders_as_a_non_blank_a4_image(
    renderer: FpdfReportRenderer, locale: str
) -> None:
    document = pypdfium2.PdfDocument(renderer.render(sample_report(locale)))

    image = document[0].render(scale=1).to_pil().convert("L")

    assert image.size == pytest.approx(A4_POINTS, abs=1)
    histogram = image.histogram()
    dark_pixels = sum(histogram[:128])
    assert 0.01 < dark_pixels / (image.width * image.height) < 0.5
    coloured = document[0].render(scale=1).to_pil().convert("RGB").getcolors(maxcolors=1 << 20)
    assert coloured is not None
    assert len(coloured) > 50  # text in several colours and the band colours of the charts


def test_every_page_carries_its_number_of_the_total(renderer: FpdfReportRenderer) -> None:
    pdf = renderer.render(sample_report("en"))
    pages = PdfReader(io.BytesIO(pdf)).pages

    footers = [" ".join((page.extract_text() or "").split()) for page in pages]

    assert len(pages) >= 2
    for number, text in enumerate(footers, start=1):
        assert f"Page {number} / {len(pages)}" in text


def test_a_report_without_instruments_still_renders(renderer: FpdfReportRenderer) -> None:
    full = sample_report("en")
    bare = Report("en", full.labels, full.subject, summary=("Nothing to worry about.",))

    text = text_of(renderer.render(bare))

    assert "Nothing to worry about." in text
    assert full.labels.results not in text
    assert full.labels.disclaimer.split(".")[0] in text


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_no_rule_id_reaches_the_reader(renderer: FpdfReportRenderer, locale: str) -> None:
    report = sample_report(locale)

    text = text_of(renderer.render(report))

    assert [rule.rule_id for rule in report.fired_rules if rule.rule_id in text] == []
