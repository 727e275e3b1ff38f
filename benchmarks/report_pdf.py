"""How long a personalised report PDF takes to generate.

Renders a typical report (three instruments with charts, a red flag, recommendations and
fired rules) N times per locale and prints the median and 95th percentile, plus the share of
the time spent drawing the matplotlib charts. Run: ``python benchmarks/report_pdf.py [-n 50]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from babel.messages.pofile import read_po

import sleeplab_core
from adapters.documents import FpdfReportRenderer
from adapters.documents.chart import score_chart_png
from sleeplab_core.documents import (
    BandSegment,
    FiredRule,
    InstrumentSection,
    Report,
    ReportSubject,
    Tone,
    report_labels,
)
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES, DictCatalog


def documents_catalog() -> DictCatalog:
    root = Path(sleeplab_core.__file__).parent / "locales"
    texts: dict[str, dict[str, str]] = {}
    for locale in SUPPORTED_LOCALES:
        with (root / locale / "LC_MESSAGES" / "documents.po").open("rb") as file:
            texts[locale] = {str(m.id): str(m.string) for m in read_po(file) if m.id}
    return DictCatalog(texts)


def instrument(name: str, total: int, edges: list[tuple[int, int]]) -> InstrumentSection:
    tones: tuple[Tone, ...] = ("good", "mild", "moderate", "severe", "severe")
    bands = tuple(
        BandSegment(low, high, f"{name} band {n}", tones[n]) for n, (low, high) in enumerate(edges)
    )
    band = next(b for b in bands if b.low <= total <= b.high)
    return InstrumentSection(
        name=name,
        total=total,
        minimum=edges[0][0],
        maximum=edges[-1][1],
        band_label=band.label,
        meaning="What this score means for your sleep, in one or two sentences of text.",
        bands=bands,
    )


def typical_report(locale: str) -> Report:
    return Report(
        locale=locale,
        labels=report_labels(documents_catalog(), locale),
        subject=ReportSubject("R-BENCH1", datetime(2026, 11, 20, tzinfo=UTC), "35–44", "male"),
        summary=("A first summary line.", "A second summary line."),
        instruments=(
            instrument("ISI", 17, [(0, 7), (8, 14), (15, 21), (22, 28)]),
            instrument("ESS", 12, [(0, 5), (6, 10), (11, 12), (13, 15), (16, 24)]),
            instrument("PSQI", 11, [(0, 5), (6, 21)]),
        ),
        recommendations=("Keep a regular wake-up time.", "Ask a doctor about a sleep study."),
        fired_rules=(FiredRule("sleeplab.insomnia.moderate", "ISI 17 is in 15–21."),),
        red_flags=("Drowsy driving with a high apnea risk.",),
    )


def timings(action: Callable[[], object], runs: int) -> list[float]:
    action()  # warm-up: imports, font parsing caches, matplotlib's font cache
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        spent.append(time.perf_counter() - start)
    return spent


def summary(label: str, spent: list[float]) -> str:
    ordered = sorted(spent)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return f"{label:<28} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def report_pdf_lines(runs: int) -> list[str]:
    """The printed figures, one line each: reports per locale, then the charts alone.

    Other benchmark scripts (``benchmarks/diagnosis.py``) may import and print these.
    """
    renderer = FpdfReportRenderer()
    lines = [f"report PDF generation, {runs} runs each"]
    for locale in SUPPORTED_LOCALES:
        report = typical_report(locale)
        size = len(renderer.render(report))
        spent = timings(partial(renderer.render, report), runs)
        lines.append(summary(f"report [{locale}] ({size // 1024} KiB)", spent))
    charts = typical_report("en").instruments
    spent = timings(lambda: [score_chart_png(section) for section in charts], runs)
    lines.append(summary(f"  of which {len(charts)} charts", spent))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Time report PDF generation.")
    parser.add_argument("-n", "--runs", type=int, default=30)
    for line in report_pdf_lines(parser.parse_args().runs):
        print(line)


if __name__ == "__main__":
    main()
