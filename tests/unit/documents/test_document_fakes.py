from report_samples import sample_report

from sleeplab_core.documents import FakeReportRenderer


def test_the_fake_renderer_records_each_report_and_returns_pdf_like_bytes() -> None:
    renderer = FakeReportRenderer()
    report = sample_report("ru")

    content = renderer.render(report)

    assert renderer.rendered == [report]
    assert content.startswith(b"%PDF")
    assert b"R-7F3K2" in content


def test_the_fake_renderer_gives_the_same_bytes_for_the_same_report() -> None:
    renderer = FakeReportRenderer()

    assert renderer.render(sample_report("en")) == renderer.render(sample_report("en"))
