"""The weekly review's chart: a bar per day with a check-in, the habit strength as a line.

A bare Figure on the Agg canvas (no pyplot state: safe from any thread) with the PNG's
software stamp removed, so the same week draws the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from sleeplab_core.platform import ServiceEnvironment

DONE, MISSED, LINE = "#8cc98a", "#e4e4e4", "#3a6ea5"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 6.0, 2.6, 120


class MatplotlibWeekChart:
    def render(self, days: Sequence[tuple[str, bool, int]], strength_label: str) -> bytes:
        figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        labels = [label for label, _, _ in days]
        positions = range(len(days))
        axes.bar(positions, [100] * len(days), color=[DONE if c else MISSED for _, c, _ in days])
        axes.plot(positions, [s for _, _, s in days], color=LINE, marker="o", label=strength_label)
        axes.set_xticks(list(positions), labels)
        axes.set_ylim(0, 105)
        axes.set_yticks([0, 50, 100])
        axes.legend(loc="upper left", frameon=False)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


def build_service(env: ServiceEnvironment) -> MatplotlibWeekChart:
    """Always available: matplotlib ships with the library."""
    return MatplotlibWeekChart()
