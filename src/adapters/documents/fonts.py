"""The Unicode font of our PDFs: DejaVu Sans, taken from matplotlib's installed data.

matplotlib ships DejaVu Sans (a free licence, see its ``LICENSE_DEJAVU``) for its own text, so
the fonts are on every machine that can draw our charts and need no copy in this repository.
DejaVu covers Latin and Cyrillic, which is what the ru and en reports need.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import matplotlib


@attrs.frozen
class FontFiles:
    """The TTF files of one family: regular and bold."""

    family: str
    regular: Path
    bold: Path


def dejavu_sans() -> FontFiles:
    """DejaVu Sans from matplotlib's ``mpl-data/fonts/ttf``.

    Raises:
        FileNotFoundError: the matplotlib installation lacks the font files.
    """
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    fonts = FontFiles("DejaVuSans", folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf")
    for path in (fonts.regular, fonts.bold):
        if not path.is_file():
            raise FileNotFoundError(f"font {path.name} is missing from matplotlib's data")
    return fonts
