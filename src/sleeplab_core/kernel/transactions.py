"""The unit of work open in this task, for in-memory fakes that must roll back with it.

A SQL ledger (or any adapter writing through the database's client) joins the transaction
of a unit of work open in the same task: its writes commit with it, or roll back with it. An
in-memory store marks its open unit of work here, and an in-memory fake holding state of its
own (the ledger) joins it the same way, so the fake behaves like the real adapters.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar, Token


class OpenTransaction:
    """Undo actions to run if the unit of work ends without committing what they undo."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []
        self._joined: set[int] = set()

    def join(self, participant: object, undo: Callable[[], None]) -> None:
        """Run ``undo`` if this transaction rolls back. Once per participant until the next
        commit: its first write takes the snapshot that ``undo`` restores."""
        if id(participant) in self._joined:
            return
        self._joined.add(id(participant))
        self._undo.append(undo)

    def committed(self) -> None:
        """What was written so far stays."""
        self._undo.clear()
        self._joined.clear()

    def rolled_back(self) -> None:
        """Undo what was written since the last commit, newest participant first."""
        for undo in reversed(self._undo):
            undo()
        self.committed()


_open: ContextVar[OpenTransaction | None] = ContextVar("sleeplab_open_transaction", default=None)


def open_transaction() -> OpenTransaction | None:
    """The transaction of the unit of work open in this task, if any."""
    return _open.get()


def enter_transaction(transaction: OpenTransaction | None) -> Token[OpenTransaction | None]:
    """Make ``transaction`` (None: no transaction, e.g. while it is released) the open one."""
    return _open.set(transaction)


def leave_transaction(token: Token[OpenTransaction | None]) -> None:
    _open.reset(token)
