"""The ledger on Tortoise: ``TortoiseLedger(database, clock)`` (see docs/ledger.md)."""

from adapters.tortoise.ledger.ledger import TortoiseLedger

__all__ = ["TortoiseLedger"]
