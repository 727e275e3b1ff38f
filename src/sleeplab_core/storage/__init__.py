"""Storage ports (unit of work) and the in-memory store that fakes them."""

from sleeplab_core.storage.joined import JoinedUnitOfWork
from sleeplab_core.storage.memory import InMemoryStore, InMemoryUnitOfWork
from sleeplab_core.storage.ports import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "InMemoryStore",
    "InMemoryUnitOfWork",
    "JoinedUnitOfWork",
    "UnitOfWork",
    "UnitOfWorkFactory",
]
