"""The score chart of one instrument: the range as coloured bands and a marker at the score."""

from __future__ import annotations

import io
from itertools import pairwise

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sleeplab_core.documents import BandSegment, InstrumentSection, Tone

TONE_COLOURS: dict[Tone, str] = {
    "good": "#8cc98a",
    "mild": "#f3d76b",
    "moderate": "#f2a65a",
    "severe": "#e06666",
    "neutral": "#a9c1de",
}
# Bands that are types, not grades (chronotypes), run from night blue to morning amber.
_NEUTRAL_SHADES = ("#4f6bb0", "#8aa2d8", "#c9d4ea", "#f4cf8e", "#e8a448")
WIDTH_INCHES = 6.4
HEIGHT_INCHES = 1.35
DPI = 150
LEGEND_ROW_INCHES = 0.16


def score_chart_png(section: InstrumentSection) -> bytes:
    """Draw ``section``'s score against its range as PNG bytes (empty bands: no chart).

    Uses a bare :class:`~matplotlib.figure.Figure` on the Agg canvas: no pyplot state, so it
    is safe from any thread, and the PNG carries no software stamp, so it is reproducible.
    The legend takes as many columns as fit the width (long Russian band names need fewer),
    and the figure grows by a line per extra legend row.
    """
    columns = min(len(section.bands), 4)
    while True:
        figure = _draw(section, columns)
        if columns == 1 or _legend_fits(figure):
            break
        columns -= 1
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _draw(section: InstrumentSection, columns: int) -> Figure:
    rows = -(-len(section.bands) // columns)
    extra = LEGEND_ROW_INCHES * (rows - 1)
    height = HEIGHT_INCHES + extra
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(figure)
    bar_bottom = (0.52 * HEIGHT_INCHES + extra) / height
    axes = figure.add_axes((0.03, bar_bottom, 0.94, 0.3 * HEIGHT_INCHES / height))
    colours = _band_colours(section.bands)
    for (left, right), colour in zip(_band_edges(section), colours, strict=True):
        axes.barh(0, right - left, left=left, height=1, color=colour, edgecolor="white")
    _draw_marker(axes, section.total)
    axes.set_xlim(section.minimum, section.maximum)
    axes.set_ylim(-0.5, 0.5)
    axes.set_yticks([])
    axes.set_xticks(_ticks(section))
    axes.tick_params(axis="x", labelsize=7, length=2, pad=1)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    handles = [
        Patch(color=colour, label=f"{band.label} ({_number(band.low)}–{_number(band.high)})")
        for band, colour in zip(section.bands, colours, strict=True)
    ]
    figure.legend(
        handles=_row_major(handles, columns),
        loc="lower center",
        ncol=columns,
        fontsize=7,
        frameon=False,
        handlelength=1.2,
        columnspacing=1.2,
    )
    return figure


def _legend_fits(figure: Figure) -> bool:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    (legend,) = figure.legends
    box = legend.get_window_extent(renderer)
    return bool(box.x0 >= 0 and box.x1 <= figure.bbox.width)


def _band_edges(section: InstrumentSection) -> list[tuple[float, float]]:
    # Integer scores leave gaps between bands (0–7, 8–14); meet halfway so the bar is whole.
    bands = section.bands
    cuts = [(a.high + b.low) / 2 for a, b in pairwise(bands)]
    lefts = [bands[0].low, *cuts]
    rights = [*cuts, bands[-1].high]
    return list(zip(lefts, rights, strict=True))


def _band_colours(bands: tuple[BandSegment, ...]) -> list[str]:
    """One colour per band, never shared: a tone used twice (two "good" bands) is drawn
    lighter the further it is from the band that owns the tone's full colour."""
    colours: list[str] = []
    neutral = iter(_NEUTRAL_SHADES)
    extra_neutral = 0
    for index, band in enumerate(bands):
        if band.tone == "neutral":
            colour = next(neutral, None)
            if colour is None:  # more types than shades: the last one ever lighter
                extra_neutral += 1
                colour = _lighter(_NEUTRAL_SHADES[-1], _MAX_LIGHTENING * extra_neutral / 6)
        else:
            shared = sum(1 for other in bands if other.tone == band.tone)
            later = sum(1 for other in bands[index + 1 :] if other.tone == band.tone)
            step = min(0.45, _MAX_LIGHTENING / max(shared - 1, 1))
            colour = _lighter(TONE_COLOURS[band.tone], step * later)
        colours.append(colour)
    return colours


_MAX_LIGHTENING = 0.8
"""The palest a band's colour gets (white mixed in), so that steps never meet at the cap."""


def _lighter(colour: str, amount: float) -> str:
    """``colour`` mixed with white: 0 keeps it, 1 gives white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * min(amount, 0.9)) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _draw_marker(axes: Axes, total: float) -> None:
    axes.axvline(total, color="#222222", linewidth=2)
    axes.annotate(
        _number(total),
        xy=(total, 0.5),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        annotation_clip=False,
    )


def _row_major(handles: list[Patch], columns: int) -> list[Patch]:
    # matplotlib fills legend columns first; reorder so the bands read left to right.
    rows = -(-len(handles) // columns)
    order = [r * columns + c for c in range(columns) for r in range(rows)]
    return [handles[i] for i in order if i < len(handles)]


def _ticks(section: InstrumentSection) -> list[float]:
    edges = {section.minimum, section.maximum}
    edges.update(band.low for band in section.bands)
    return sorted(edges)


def _number(value: float) -> str:
    return f"{value:g}"
