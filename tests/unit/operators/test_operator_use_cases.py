"""Operator accounts: creation, disabling, logging in with limits, roles, the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sleeplab_core.kernel.errors import Conflict, NotFound, ValidationFailed
from sleeplab_core.operators import (
    OPERATORS,
    PERMISSIONS,
    InsecureTestHasher,
    LoginPolicy,
    Role,
    allowed,
)
from sleeplab_core.operators.use_cases import (
    LoginRefused,
    LoginThrottled,
    audit_log,
    create_operator,
    disable_operator,
    list_operators,
    log_in,
    record_change,
)
from sleeplab_core.storage import InMemoryStore

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore(modules=[OPERATORS])


@pytest.fixture
def clock() -> Clock:
    return Clock()


HASHER = InsecureTestHasher()


async def make(store: InMemoryStore, clock: Clock, name: str = "ann", role: Role = Role.SUPPORT):
    return await create_operator(store, clock, HASHER, username=name, password=PASSWORD, role=role)


async def test_a_created_operator_logs_in_with_its_password_only(store, clock) -> None:
    created = await make(store, clock, "Ann")
    assert created.username == "ann"
    assert PASSWORD not in created.password_hash
    again = await log_in(store, clock, HASHER, username="ANN", password=PASSWORD, address="a")
    assert again == created
    with pytest.raises(LoginRefused):
        await log_in(store, clock, HASHER, username="ann", password="wrong password!", address="a")


async def test_a_taken_username_a_bad_name_or_a_short_password_is_refused(store, clock) -> None:
    await make(store, clock)
    with pytest.raises(Conflict):
        await make(store, clock)
    with pytest.raises(ValidationFailed):
        await create_operator(
            store, clock, HASHER, username="a b", password=PASSWORD, role=Role.ADMIN
        )
    with pytest.raises(ValidationFailed):
        await create_operator(
            store, clock, HASHER, username="bob", password="short", role=Role.ADMIN
        )
    assert [o.username for o in await list_operators(store)] == ["ann"]


async def test_a_disabled_operator_cannot_log_in(store, clock) -> None:
    await make(store, clock)
    disabled = await disable_operator(store, clock, "ann", by="root")
    assert not disabled.active
    with pytest.raises(LoginRefused):
        await log_in(store, clock, HASHER, username="ann", password=PASSWORD, address="a")
    with pytest.raises(NotFound):
        await disable_operator(store, clock, "nobody")


async def test_failures_lock_the_account_until_the_window_passes(store, clock) -> None:
    await make(store, clock)
    policy = LoginPolicy(per_account=3, per_address=100, window=timedelta(minutes=15))
    for i in range(3):
        with pytest.raises(LoginRefused):
            await log_in(
                store,
                clock,
                HASHER,
                username="ann",
                password="nope nope nope",
                address=f"10.0.0.{i}",
                policy=policy,
            )
    with pytest.raises(LoginThrottled):
        await log_in(
            store, clock, HASHER, username="ann", password=PASSWORD, address="x", policy=policy
        )
    clock.moment += timedelta(minutes=16)
    await log_in(
        store, clock, HASHER, username="ann", password=PASSWORD, address="x", policy=policy
    )


async def test_failures_from_one_address_lock_that_address_for_every_account(store, clock) -> None:
    await make(store, clock, "ann")
    policy = LoginPolicy(per_account=100, per_address=2)
    for name in ("bob", "carl"):
        with pytest.raises(LoginRefused):
            await log_in(
                store,
                clock,
                HASHER,
                username=name,
                password="x" * 12,
                address="6.6.6.6",
                policy=policy,
            )
    with pytest.raises(LoginThrottled):
        await log_in(
            store,
            clock,
            HASHER,
            username="ann",
            password=PASSWORD,
            address="6.6.6.6",
            policy=policy,
        )
    await log_in(
        store, clock, HASHER, username="ann", password=PASSWORD, address="1.1.1.1", policy=policy
    )


async def test_changes_are_audited_newest_first(store, clock) -> None:
    await make(store, clock)
    clock.moment += timedelta(minutes=1)
    await record_change(store, clock, operator="ann", action="order.refund", target="order o1")
    log = await audit_log(store)
    assert [(e.operator, e.action) for e in log] == [
        ("ann", "order.refund"),
        ("cli", "operator.create"),
    ]


def test_roles_grant_only_their_actions() -> None:
    assert all(allowed(Role.ADMIN, action) for action in PERMISSIONS)
    assert allowed(Role.SUPPORT, "orders.refund")
    assert not allowed(Role.SUPPORT, "promos.change")
    assert not allowed(Role.SUPPORT, "users.erase")
    assert allowed(Role.CONTENT, "promos.change")
    assert not allowed(Role.CONTENT, "users.view")
    assert not allowed(Role.ADMIN, "no.such.action")


def test_the_test_hasher_rejects_a_wrong_password_and_a_foreign_hash() -> None:
    hashed = HASHER.hash(PASSWORD)
    assert HASHER.verify(hashed, PASSWORD)
    assert not HASHER.verify(hashed, PASSWORD + "!")
    assert not HASHER.verify("$argon2id$v=19$garbage", PASSWORD)
