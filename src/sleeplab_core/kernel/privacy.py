"""The shape of a privacy registry entry: where one kind of a user's data lives.

Shared by the privacy registry (``sleeplab_core.privacy``) and the capability modules,
which declare the entries of their own tables next to their storage
(``<module>/privacy_entries.py``); the registry collects them. It lives in the kernel so a
module can declare its entries without importing the privacy package, which imports them.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from sleeplab_core.kernel.users import UserId

if TYPE_CHECKING:
    from sleeplab_core.documents.ports import DocumentStore
    from sleeplab_core.ledger.ports import Ledger
    from sleeplab_core.storage.ports import UnitOfWork


class Treatment(enum.StrEnum):
    DELETED = "deleted"
    ANONYMISED = "anonymised"
    """Kept for accounting without the user id (given to the anonymous user or cleared)."""
    CANCELLED_AND_SCRUBBED = "cancelled and scrubbed"
    KEPT = "kept"
    """Kept on purpose; the location says why."""


@attrs.frozen(kw_only=True)
class PrivacyContext:
    """What export and erasure reach: the open unit of work and the stores outside it.

    ``file_stores`` holds the file stores of modules keeping files of their own (by module
    name, e.g. ``coaching``); a module whose store is not given defers deleting its files
    to a job of its own (see its entries).
    """

    uow: UnitOfWork
    now: datetime
    documents: DocumentStore | None = None
    ledger: Ledger | None = None
    file_stores: Mapping[str, Any] = attrs.field(factory=dict)


Export = Callable[[PrivacyContext, UserId], Awaitable[Any]]
Erase = Callable[[PrivacyContext, UserId], Awaitable[None]]


@attrs.frozen(kw_only=True)
class Location:
    """One place a user's data lives.

    ``module`` names the capability module whose repository (``uow.<module>``) holds it:
    export and erasure skip the location when the unit of work lacks that module (a
    database holds only the tables of its enabled bots' modules).
    """

    name: str
    tables: tuple[tuple[str, str], ...] = ()
    """(table, column) pairs of the SQL schema that hold the user id."""
    folders: tuple[str, ...] = ()
    """Document store folders or key patterns holding the user's files."""
    treatment: Treatment
    export: Export | None
    erase: Erase | None
    why: str = ""
    module: str | None = None

    def applies_to(self, uow: object) -> bool:
        """Whether ``uow`` carries this location's storage."""
        return self.module is None or hasattr(uow, self.module)
