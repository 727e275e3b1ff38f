"""Write and read the audit log of changes made by operators."""

from __future__ import annotations

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.operators.model import AuditEntry
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory


async def record_change(
    uow: OperatorsUnitOfWorkFactory,
    clock: Clock,
    *,
    operator: str,
    action: str,
    target: str,
    detail: str = "",
) -> AuditEntry:
    """Append who changed what, now."""
    entry = AuditEntry(
        at=clock.now(), operator=operator, action=action, target=target, detail=detail[:500]
    )
    async with uow() as tx:
        await tx.operators.audit(entry)
        await tx.commit()
    return entry


async def audit_log(uow: OperatorsUnitOfWorkFactory, limit: int = 100) -> list[AuditEntry]:
    """The newest ``limit`` changes, newest first."""
    async with uow() as tx:
        return await tx.operators.audit_log(limit)
