"""Operator accounts of the console: roles, login throttling and the audit log.

The console (``entrypoints.web.admin``) and ``sleeplab operator`` use these use cases; the
module owns its tables (``OPERATORS`` in memory, ``adapters.tortoise.operators`` in SQL) and
every deployment has them, whichever bots it serves.
"""

from sleeplab_core.operators.fakes import OPERATORS, InsecureTestHasher
from sleeplab_core.operators.model import (
    PERMISSIONS,
    AuditEntry,
    LoginAttempt,
    LoginPolicy,
    Operator,
    Role,
    allowed,
)
from sleeplab_core.operators.ports import OperatorRepository, OperatorsUnitOfWork, PasswordHasher

__all__ = [
    "OPERATORS",
    "PERMISSIONS",
    "AuditEntry",
    "InsecureTestHasher",
    "LoginAttempt",
    "LoginPolicy",
    "Operator",
    "OperatorRepository",
    "OperatorsUnitOfWork",
    "PasswordHasher",
    "Role",
    "allowed",
]
