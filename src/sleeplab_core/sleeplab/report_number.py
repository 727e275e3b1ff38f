"""The short number a person reads on their report and in its file name: ``SL-7K3F-92``."""

from __future__ import annotations

import hashlib

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O or U, so the number reads aloud without confusion."""
PREFIX = "SL"


def report_number(report_id: str) -> str:
    """A short, stable number for the report ``report_id`` (the same id, the same number).

    It names the report for people (support calls, the file name); storage keys keep the
    full id, so two reports sharing a number never overwrite each other.
    """
    digest = int.from_bytes(hashlib.sha256(report_id.encode()).digest()[:5], "big")
    chars = "".join(ALPHABET[(digest >> (5 * shift)) & 31] for shift in range(6))
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"


def report_file_name(number: str) -> str:
    """The file name the user receives: ``SleepLab-SL-7K3F-92.pdf``."""
    return f"SleepLab-{number}.pdf"
