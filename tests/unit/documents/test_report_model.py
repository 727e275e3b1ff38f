from datetime import datetime

import attrs
import pytest
from report_samples import ISSUED_AT, sample_report

from sleeplab_core.documents import BandSegment, InstrumentSection, ReportSubject


def section(**changes: object) -> InstrumentSection:
    fields: dict[str, object] = {
        "name": "ISI",
        "total": 10,
        "minimum": 0,
        "maximum": 28,
        "band_label": "Subthreshold",
        "meaning": "Some trouble sleeping.",
    }
    fields.update(changes)
    return InstrumentSection(**fields)  # type: ignore[arg-type]


def test_a_total_outside_the_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="outside"):
        section(total=29)


def test_a_range_whose_minimum_is_not_below_its_maximum_is_rejected() -> None:
    with pytest.raises(ValueError, match="minimum"):
        section(minimum=28, maximum=28, total=28)


def test_a_band_beyond_the_range_is_rejected() -> None:
    with pytest.raises(ValueError, match="leaves the score range"):
        section(bands=(BandSegment(0, 30, "Too wide"),))


def test_bands_out_of_order_are_rejected() -> None:
    bands = (BandSegment(8, 14, "Subthreshold"), BandSegment(0, 7, "None"))

    with pytest.raises(ValueError, match="must start after"):
        section(bands=bands)


def test_overlapping_bands_are_rejected() -> None:
    bands = (BandSegment(0, 8, "None"), BandSegment(7, 14, "Subthreshold"))

    with pytest.raises(ValueError, match="must start after"):
        section(bands=bands)


def test_bands_may_touch_or_leave_integer_gaps() -> None:
    touching = (BandSegment(0, 5, "Good"), BandSegment(5, 21, "Poor"))
    gapped = (BandSegment(0, 7, "None"), BandSegment(8, 28, "Some"))

    assert section(bands=touching).bands == touching
    assert section(bands=gapped).bands == gapped


def test_a_band_whose_low_is_above_its_high_is_rejected() -> None:
    with pytest.raises(ValueError, match="above"):
        BandSegment(8, 7, "Backwards")


def test_an_instrument_needs_a_name() -> None:
    with pytest.raises(ValueError, match="name"):
        section(name="  ")


def test_the_issue_time_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        ReportSubject("R1", datetime(2026, 11, 20, 8, 30))


def test_a_report_with_red_flags_says_so() -> None:
    assert sample_report("en", red_flags=True).has_red_flags
    assert not sample_report("en", red_flags=False).has_red_flags


def test_the_subject_holds_nothing_that_identifies_a_person() -> None:
    fields = set(attrs.fields_dict(ReportSubject))

    assert fields == {"report_id", "issued_at", "age_band", "gender", "number"}


def test_the_subject_keeps_the_issue_time_it_was_given() -> None:
    subject = ReportSubject("R1", ISSUED_AT, age_band="35–44", gender="male")

    assert subject.issued_at == ISSUED_AT
