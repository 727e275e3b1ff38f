"""Disable an operator account (its sessions stop working at their next request)."""

from __future__ import annotations

import attrs

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.operators.model import AuditEntry, Operator, check_username
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory


async def disable_operator(
    uow: OperatorsUnitOfWorkFactory, clock: Clock, username: str, *, by: str = "cli"
) -> Operator:
    """The operator, now inactive; disabling twice changes nothing more.

    Raises:
        NotFound: no such operator.
    """
    name = check_username(username)
    async with uow() as tx:
        operator = await tx.operators.get(name)
        if operator is None:
            raise NotFound(f"no operator {name}")
        if operator.active:
            operator = attrs.evolve(operator, active=False)
            await tx.operators.save(operator)
            await tx.operators.audit(
                AuditEntry(at=clock.now(), operator=by, action="operator.disable", target=name)
            )
            await tx.commit()
    return operator
