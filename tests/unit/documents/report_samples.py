"""Sample inputs for the documents tests: the documents.po catalog and reports in en and ru."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

import sleeplab_core
from sleeplab_core.documents import (
    BandSegment,
    ComponentLine,
    FiredRule,
    InstrumentSection,
    Recommendation,
    Report,
    ReportSubject,
    report_labels,
)
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES, DictCatalog

LOCALES_DIR = Path(sleeplab_core.__file__).parent / "locales"
ISSUED_AT = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def po_texts(locale: str, domain: str = "documents") -> dict[str, str]:
    path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    return {str(message.id): str(message.string) for message in catalog if message.id}


def documents_catalog() -> DictCatalog:
    return DictCatalog({locale: po_texts(locale) for locale in SUPPORTED_LOCALES})


# Texts a caller would have rendered from the scoring and diagnosis catalogs.
TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "summary": [
            "Your answers point to moderate insomnia.",
            "Your risk of sleep apnea is high.",
        ],
        "isi": "Insomnia Severity Index",
        "isi_bands": ["No insomnia", "Subthreshold", "Moderate", "Severe"],
        "isi_meaning": "You have clear trouble sleeping that affects your days.",
        "psqi": "Pittsburgh Sleep Quality Index",
        "psqi_bands": ["Good sleep", "Poor sleep"],
        "psqi_meaning": "Your overall sleep quality over the last month was poor.",
        "rmeq": "Morningness–eveningness (rMEQ)",
        "rmeq_bands": ["Evening", "Rather evening", "Neither", "Rather morning", "Morning"],
        "rmeq_meaning": "Your body clock is neither early nor late.",
        "component": "Sleep latency",
        "recommendations": [
            "Keep the same wake-up time every day.",
            "Ask a doctor about a sleep study.",
        ],
        "why": "You said it takes you an hour to fall asleep.",
        "reasons": [
            "Insomnia severity 17 is in the moderate band (15–21).",
            "STOP-Bang 6 with drowsy driving.",
        ],
        "red_flags": ["You nearly fell asleep while driving."],
    },
    "ru": {
        "summary": [
            "Ваши ответы указывают на бессонницу средней тяжести.",
            "Риск апноэ сна высокий.",
        ],
        "isi": "Индекс тяжести бессонницы",
        "isi_bands": ["Нет бессонницы", "Подпороговая", "Средняя", "Тяжёлая"],
        "isi_meaning": "У вас выраженные трудности со сном, которые сказываются на дне.",
        "psqi": "Питтсбургский индекс качества сна",
        "psqi_bands": ["Хороший сон", "Плохой сон"],
        "psqi_meaning": "Общее качество сна за последний месяц было плохим.",
        "rmeq": "Утренний или вечерний тип (rMEQ)",
        "rmeq_bands": [
            "Вечерний",
            "Скорее вечерний",
            "Промежуточный",
            "Скорее утренний",
            "Утренний",
        ],
        "rmeq_meaning": "Ваши внутренние часы не ранние и не поздние.",
        "component": "Время засыпания",
        "recommendations": [
            "Вставайте в одно и то же время каждый день.",
            "Спросите врача об исследовании сна.",
        ],
        "why": "Вы сказали, что засыпаете около часа.",
        "reasons": [
            "Тяжесть бессонницы 17 — в диапазоне средней (15–21).",
            "STOP-Bang 6 и сонливость за рулём.",
        ],
        "red_flags": ["Вы чуть не уснули за рулём."],
    },
}


def isi_section(locale: str, total: int = 17) -> InstrumentSection:
    text = TEXTS[locale]
    labels = text["isi_bands"]
    bands = (
        BandSegment(0, 7, labels[0], "good"),
        BandSegment(8, 14, labels[1], "mild"),
        BandSegment(15, 21, labels[2], "moderate"),
        BandSegment(22, 28, labels[3], "severe"),
    )
    band = next(b for b in bands if b.low <= total <= b.high)
    return InstrumentSection(
        name=text["isi"],
        total=total,
        minimum=0,
        maximum=28,
        band_label=band.label,
        meaning=text["isi_meaning"],
        bands=bands,
    )


def psqi_section(locale: str) -> InstrumentSection:
    text = TEXTS[locale]
    good, poor = text["psqi_bands"]
    return InstrumentSection(
        name=text["psqi"],
        total=11,
        minimum=0,
        maximum=21,
        band_label=poor,
        meaning=text["psqi_meaning"],
        bands=(BandSegment(0, 5, good, "good"), BandSegment(6, 21, poor, "severe")),
        components=tuple(ComponentLine(f"C{n}", str(n % 4)) for n in range(1, 8)),
    )


def rmeq_section(locale: str) -> InstrumentSection:
    text = TEXTS[locale]
    edges = [(4, 7), (8, 11), (12, 17), (18, 21), (22, 25)]
    bands = tuple(
        BandSegment(low, high, label, "neutral")
        for (low, high), label in zip(edges, text["rmeq_bands"], strict=True)
    )
    return InstrumentSection(
        name=text["rmeq"],
        total=14,
        minimum=4,
        maximum=25,
        band_label=bands[2].label,
        meaning=text["rmeq_meaning"],
        bands=bands,
    )


def sample_report(locale: str, *, red_flags: bool = True, report_id: str = "R-7F3K2") -> Report:
    text = TEXTS[locale]
    return Report(
        locale=locale,
        labels=report_labels(documents_catalog(), locale),
        subject=ReportSubject(report_id, ISSUED_AT, age_band="35–44", gender="female"),
        summary=tuple(text["summary"]),
        instruments=(isi_section(locale), psqi_section(locale), rmeq_section(locale)),
        recommendations=tuple(
            Recommendation(line, text["why"]) for line in text["recommendations"]
        ),
        fired_rules=(
            FiredRule("sleeplab.insomnia.moderate", text["reasons"][0]),
            FiredRule("sleeplab.apnea.red_flag", text["reasons"][1]),
        ),
        red_flags=tuple(text["red_flags"]) if red_flags else (),
    )
