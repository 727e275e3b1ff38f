import io

import numpy
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from report_samples import isi_section, rmeq_section

from adapters.documents.chart import (
    DPI,
    HEIGHT_INCHES,
    TONE_COLOURS,
    WIDTH_INCHES,
    _band_colours,
    score_chart_png,
)
from sleeplab_core.documents import BandSegment

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def colours_of(png: bytes) -> set[str]:
    pixels = numpy.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    return {"#{:02x}{:02x}{:02x}".format(*rgb) for rgb in numpy.unique(pixels, axis=0)}


def test_the_chart_is_a_png_of_the_documented_size() -> None:
    png = score_chart_png(isi_section("en"))

    image = Image.open(io.BytesIO(png))

    assert png.startswith(PNG_SIGNATURE)
    assert image.size == (round(WIDTH_INCHES * DPI), round(HEIGHT_INCHES * DPI))


def test_each_severity_band_shows_its_colour() -> None:
    colours = colours_of(score_chart_png(isi_section("en")))

    for tone in ("good", "mild", "moderate", "severe"):
        assert TONE_COLOURS[tone] in colours


def test_the_chart_changes_with_the_score() -> None:
    assert score_chart_png(isi_section("en", total=3)) != score_chart_png(isi_section("en", 25))


def test_the_same_section_gives_the_same_png() -> None:
    assert score_chart_png(rmeq_section("ru")) == score_chart_png(rmeq_section("ru"))


@given(st.lists(st.sampled_from(list(TONE_COLOURS)), min_size=1, max_size=8))
def test_every_band_gets_a_colour_of_its_own(tones: list[str]) -> None:
    bands = tuple(
        BandSegment(index * 10, index * 10 + 9, f"band {index}", tone)  # type: ignore[arg-type]
        for index, tone in enumerate(tones)
    )

    colours = _band_colours(bands)

    assert len(set(colours)) == len(bands)


def test_the_five_chronotypes_are_drawn_in_five_colours() -> None:
    section = rmeq_section("en")

    assert len(set(_band_colours(section.bands))) == len(section.bands) == 5
