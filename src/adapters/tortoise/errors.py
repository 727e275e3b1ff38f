"""Errors of the Tortoise storage adapter."""

from __future__ import annotations

from urllib.parse import urlsplit

from sleeplab_core.kernel.errors import SleeplabError


def redact_password(url: str) -> str:
    """``url`` with its password (if any) replaced by ``***``, safe for logs and messages."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


class InvalidDatabaseUrlError(SleeplabError):
    """A database URL the adapter cannot open; says which URL and what to write instead."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = redact_password(url)
        super().__init__(f"cannot open database URL {self.url!r}: {reason}")
        self.reason = reason


class UnsupportedMigrationError(SleeplabError):
    """A committed migration the startup runner cannot apply inside one transaction."""

    def __init__(self, version: str, reason: str) -> None:
        super().__init__(f"migration {version}: {reason}")
        self.version = version
        self.reason = reason
