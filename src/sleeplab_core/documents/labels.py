"""The report's own wording: captions and the disclaimer, rendered from message keys."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.i18n import Catalog, Message

LABEL_KEY_PREFIX = "documents.report."


@attrs.frozen
class ReportLabels:
    """Captions of the report in one locale; each field is the text of key
    ``documents.report.<field>`` (see ``documents.po``)."""

    title: str
    report: str
    date: str
    age: str
    gender: str
    gender_female: str
    gender_male: str
    summary: str
    results: str
    score: str
    band: str
    components: str
    recommendations: str
    why: str
    fired_rules: str
    red_flags_title: str
    red_flags_advice: str
    disclaimer_title: str
    disclaimer: str
    page: str


LABEL_KEYS: tuple[str, ...] = tuple(
    LABEL_KEY_PREFIX + field.name for field in attrs.fields(ReportLabels)
)


def report_labels(catalog: Catalog, locale: str) -> ReportLabels:
    """Render every report caption in ``locale``.

    Raises:
        KeyError: the catalog lacks one of :data:`LABEL_KEYS` (load ``documents.po``).
    """
    texts = {
        field.name: catalog.render(locale, Message(LABEL_KEY_PREFIX + field.name))
        for field in attrs.fields(ReportLabels)
    }
    return ReportLabels(**texts)
