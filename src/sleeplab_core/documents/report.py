"""The personalised report as a renderer-friendly view model.

Every text arrives localized: the caller renders instrument names, band labels, meanings,
recommendations and reasons in the user's locale (the scoring and diagnosis modules own those
texts), and :func:`~sleeplab_core.documents.labels.report_labels` renders the report's own
captions. The model carries nothing that identifies a person: a report id, a date, an age
band and a gender, never a name or a Telegram id.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Literal

import attrs

from sleeplab_core.documents.labels import ReportLabels

# How a band colours the chart: severity tones from ``good`` to ``severe``, ``neutral`` for
# bands that are types rather than grades (chronotypes).
Tone = Literal["good", "mild", "moderate", "severe", "neutral"]
Gender = Literal["female", "male"]


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def _aware(instance: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.tzinfo is None:
        raise ValueError(f"{attribute.name} must be timezone-aware")


@attrs.frozen
class BandSegment:
    """One band of an instrument's range, drawn as a coloured stretch of the chart."""

    low: float
    high: float
    label: str
    tone: Tone = "neutral"

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"band {self.label!r}: low {self.low} is above high {self.high}")


@attrs.frozen
class ComponentLine:
    """A named part of an instrument's total (PSQI's C1…C7), shown under the chart."""

    name: str
    value: str


@attrs.frozen
class InstrumentSection:
    """One instrument's result: the score on its range, its band and what that means.

    ``bands`` feed the chart, in ascending order without overlap (integer bands such as
    0–7, 8–14 may leave gaps); an instrument without bands gets no chart.
    """

    name: str = attrs.field(validator=_non_empty)
    total: float
    minimum: float
    maximum: float
    band_label: str
    meaning: str
    bands: tuple[BandSegment, ...] = ()
    components: tuple[ComponentLine, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not self.minimum < self.maximum:
            raise ValueError(f"{self.name}: minimum must be below maximum")
        if not self.minimum <= self.total <= self.maximum:
            raise ValueError(
                f"{self.name}: total {self.total} is outside {self.minimum}–{self.maximum}"
            )
        for band in self.bands:
            if band.low < self.minimum or band.high > self.maximum:
                raise ValueError(f"{self.name}: band {band.label!r} leaves the score range")
        for before, after in pairwise(self.bands):
            if after.low < before.high:
                raise ValueError(
                    f"{self.name}: band {after.label!r} must start after {before.label!r} ends"
                )


@attrs.frozen
class Recommendation:
    """One piece of personal advice: what to do, and why it applies to this person."""

    text: str = attrs.field(validator=_non_empty)
    why: str = ""


@attrs.frozen
class FiredRule:
    """A diagnosis rule that fired and the reason in words, so the result is explainable."""

    rule_id: str
    reason: str


@attrs.frozen
class ReportSubject:
    """Who the report is for, without identifying them.

    ``issued_at`` is also the PDF's creation date, so the same report gives the same file.
    """

    report_id: str = attrs.field(validator=_non_empty)
    issued_at: datetime = attrs.field(validator=_aware)
    age_band: str | None = None
    gender: Gender | None = None
    number: str | None = None
    """The short number people read and quote (``SL-7K3F-92``); the id when unset."""

    @property
    def shown_number(self) -> str:
        """What the report prints as its number."""
        return self.number or self.report_id


@attrs.frozen
class Report:
    """Everything the personalised report PDF shows, in the order it shows it."""

    locale: str
    labels: ReportLabels
    subject: ReportSubject
    summary: tuple[str, ...] = ()
    instruments: tuple[InstrumentSection, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    fired_rules: tuple[FiredRule, ...] = ()
    red_flags: tuple[str, ...] = ()

    @property
    def has_red_flags(self) -> bool:
        """True when the report must open with the "see a doctor" block."""
        return bool(self.red_flags)
