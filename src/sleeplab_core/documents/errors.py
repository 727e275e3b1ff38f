"""What can go wrong with documents: bad keys, missing files, catalog gaps."""

from __future__ import annotations

from collections.abc import Iterable

from sleeplab_core.kernel.errors import NotFound, ValidationFailed


class InvalidDocumentKey(ValidationFailed):
    """A document key or bot name that cannot name a stored file safely."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key!r} is not a valid document key: {reason}", field="key")
        self.key = key


class DocumentNotFound(NotFound):
    """No document is stored under ``key``."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no document is stored under {key!r}")
        self.key = key


class UnknownDocumentCode(NotFound):
    """The catalog has no documents for ``code``; ``known`` lists the codes it has."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        self.known = tuple(sorted(known))
        super().__init__(
            f"the document catalog has no code {code!r}; known codes: {', '.join(self.known)}"
        )


class CatalogInvalid(ValidationFailed):
    """The catalog data breaks its format; ``problems`` lists every fault found."""

    def __init__(self, problems: Iterable[str], *, source: str = "catalog") -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("; ".join(self.problems), field=source)
