"""Log an operator in: check the password, limited per account and per address."""

from __future__ import annotations

import logging

from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.operators.model import LoginAttempt, LoginPolicy, Operator
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory, PasswordHasher

log = logging.getLogger(__name__)


class LoginRefused(SleeplabError):
    """Wrong username or password, or a disabled account (never told apart)."""


class LoginThrottled(SleeplabError):
    """Too many failed logins for this account or from this address lately."""


async def log_in(
    uow: OperatorsUnitOfWorkFactory,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    username: str,
    password: str,
    address: str,
    policy: LoginPolicy = LoginPolicy(),  # noqa: B008 — a frozen value
) -> Operator:
    """The operator whose password this is. Every attempt is recorded; while the account or
    the address is over the policy's limit of failures, even a right password is refused.

    Raises:
        LoginThrottled: over the limit (the password is not checked).
        LoginRefused: unknown username, wrong password or disabled account.
    """
    name = username.strip().lower()[:64]
    now = clock.now()
    since = now - policy.window
    async with uow() as tx:
        repo = tx.operators
        if (
            await repo.failures_since(since, username=name) >= policy.per_account
            or await repo.failures_since(since, address=address) >= policy.per_address
        ):
            log.warning("operator login throttled")
            raise LoginThrottled("too many failed logins; try again later")
        operator = await repo.get(name)
        ok = (
            operator is not None
            and operator.active
            and hasher.verify(operator.password_hash, password)
        )
        await repo.record_attempt(
            LoginAttempt(username=name, address=address, at=now, succeeded=ok)
        )
        await tx.commit()
    if not ok or operator is None:
        log.info("operator login refused")
        raise LoginRefused("wrong username or password")
    return operator
