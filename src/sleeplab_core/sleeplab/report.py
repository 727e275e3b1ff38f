"""The personalised report of an assessment, in the user's language, without identifying them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from sleeplab_core.documents.labels import report_labels
from sleeplab_core.documents.report import (
    BandSegment,
    ComponentLine,
    FiredRule,
    InstrumentSection,
    Recommendation,
    Report,
    ReportSubject,
    Tone,
)
from sleeplab_core.kernel.i18n import Catalog, Message
from sleeplab_core.scoring import INSTRUMENTS, InstrumentScore
from sleeplab_core.scoring.model import Band, band_for
from sleeplab_core.sleeplab.advice import Advice
from sleeplab_core.sleeplab.assessment import Assessment
from sleeplab_core.sleeplab.report_number import report_number

TONES: dict[str, dict[str, Tone]] = {
    "isi": {"none": "good", "subthreshold": "mild", "moderate": "moderate", "severe": "severe"},
    "ess": {
        "lower_normal": "good",
        "higher_normal": "good",
        "mild": "mild",
        "moderate": "moderate",
        "severe": "severe",
    },
    "stop_bang": {"low": "good", "intermediate": "moderate", "high": "severe"},
    "psqi": {"good": "good", "poor": "moderate"},
    "promis_sleep_disturbance_8a": {
        "usual": "good",
        "mild": "mild",
        "moderate": "moderate",
        "severe": "severe",
    },
}
"""How each band colours the chart; bands missing here (chronotypes) are neutral."""

READINGS: dict[str, tuple[Band, ...]] = {
    # PROMIS Sleep Disturbance 8a publishes T-scores, not raw bands. These raw ranges are the
    # ones whose T-scores fall within normal limits (< 55), mild (55–59), moderate (60–69) and
    # severe (>= 70) in the published raw-to-T table: a reading for the report, not a score.
    "promis_sleep_disturbance_8a": (
        Band("usual", 8, 24),
        Band("mild", 25, 29),
        Band("moderate", 30, 37),
        Band("severe", 38, 40),
    ),
}
"""How the report reads the total of an instrument that has no bands of its own."""

GenderLiteral = Literal["female", "male"]


def age_band(age: int | None) -> str | None:
    """A decade, never the exact age: ``30–39``."""
    if age is None:
        return None
    low = age // 10 * 10
    return f"{low}–{low + 9}"


def build_report(
    assessment: Assessment,
    *,
    catalog: Catalog,
    locale: str,
    report_id: str,
    issued_at: datetime,
    age: int | None,
    gender: str | None,
    advice: tuple[Advice, ...] = (),
) -> Report:
    """The report of ``assessment``: findings, each score with its meaning, the reasons
    (one per finding) and ``advice`` chosen from the person's answers."""

    def t(key: str, **params: object) -> str:
        return catalog.render(locale, Message(key, params))

    diagnosis = assessment.diagnosis
    number = report_number(report_id)
    red_flag_rules = {o.rule_id for o in diagnosis.outcomes if o.red_flag}  # in their own box
    return Report(
        locale=locale,
        labels=report_labels(catalog, locale),
        subject=ReportSubject(report_id, issued_at, age_band(age), _gender(gender), number),
        summary=tuple(catalog.render(locale, outcome.title) for outcome in diagnosis.outcomes),
        instruments=tuple(
            _section(instrument_id, result, t)
            for instrument_id, result in assessment.scores.items()
        ),
        recommendations=tuple(
            Recommendation(catalog.render(locale, piece.text), catalog.render(locale, piece.why))
            for piece in advice
        ),
        fired_rules=tuple(
            FiredRule(fired.rule_id, catalog.render(locale, fired.reason))
            for fired in diagnosis.fired
            if fired.hidden_by is None and fired.rule_id not in red_flag_rules
        ),
        red_flags=tuple(
            catalog.render(locale, outcome.explanation)
            for outcome in diagnosis.outcomes
            if outcome.red_flag
        ),
    )


def _section(
    instrument_id: str, result: InstrumentScore, t: Callable[..., str]
) -> InstrumentSection:
    spec = INSTRUMENTS[instrument_id]
    tones = TONES.get(instrument_id, {})
    bands = spec.bands or READINGS.get(instrument_id, ())
    band = result.band or (band_for(bands, result.total) if bands else "unbanded")
    return InstrumentSection(
        name=t(f"sleeplab.report.instrument.{instrument_id}"),
        total=result.total,
        minimum=spec.min_total,
        maximum=spec.max_total,
        band_label=t(f"sleeplab.report.band.{instrument_id}.{band}"),
        meaning=t(f"sleeplab.report.meaning.{instrument_id}.{band}"),
        bands=tuple(
            BandSegment(
                b.low,
                b.high,
                t(f"sleeplab.report.band.{instrument_id}.{b.name}"),
                tones.get(b.name, "neutral"),
            )
            for b in bands
        ),
        components=tuple(
            ComponentLine(t(f"sleeplab.report.component.{instrument_id}.{name}"), str(value))
            for name, value in result.components.items()
        ),
    )


def _gender(value: str | None) -> GenderLiteral | None:
    if value == "female":
        return "female"
    if value == "male":
        return "male"
    return None
