"""Text matching of addresses: case-insensitive and ё/е-insensitive."""

from __future__ import annotations


def normalise_address(text: str) -> str:
    """Fold case, treat ё as е and collapse whitespace, for matching (never for display)."""
    return " ".join(text.casefold().replace("ё", "е").split())
