"""List the operator accounts."""

from __future__ import annotations

from sleeplab_core.operators.model import Operator
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory


async def list_operators(uow: OperatorsUnitOfWorkFactory) -> list[Operator]:
    """Every operator, by username."""
    async with uow() as tx:
        return await tx.operators.all()
