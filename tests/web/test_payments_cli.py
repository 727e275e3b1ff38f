"""``sleeplab payments`` on a SQLite file: order, pay over HTTP, show, reconcile, refund."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import attrs
import httpx
import pytest
from typer.testing import CliRunner
from web_support import PASSWORD1, PASSWORD2, signed_result

from entrypoints.cli import app
from entrypoints.containers import build_container, resolve
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.payments import Order, PaymentsContext, get_order

runner = CliRunner()


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in {
        "SLEEPLAB_DATA_DIR": str(tmp_path),
        "SLEEPLAB_DATABASE_URL": f"sqlite:///{tmp_path / 'shop.sqlite3'}",
        "SLEEPLAB_ROBOKASSA_LOGIN": "sleeplab-shop",
        "SLEEPLAB_ROBOKASSA_PASSWORD1": PASSWORD1,
        "SLEEPLAB_ROBOKASSA_PASSWORD2": PASSWORD2,
    }.items():
        monkeypatch.setenv(name, value)
    made = runner.invoke(app, ["fixtures", "--user", "5", "--scenario", "onboarded", "--json"])
    assert made.exit_code == 0, made.output  # orders are placed by a user who exists
    return tmp_path


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["payments", *args])
    return result.exit_code, result.output


def cli_json(*args: str) -> dict:  # type: ignore[type-arg]
    code, output = cli(*args, "--json")
    assert code == 0, output
    return json.loads(output)  # type: ignore[no-any-return]


def pay_by_robokassa(order_id: str) -> int:
    """Robokassa calls the ResultURL of the HTTP app serving the same database."""

    async def call() -> int:
        container = build_container(Settings())
        try:
            await resolve(container.init_resources())
            payments: PaymentsContext = await resolve(container.payments())
            order: Order = await get_order(payments, order_id)
            transport = httpx.ASGITransport(app=create_app(container))
            async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as c:
                answer = await c.post("/payments/robokassa/result", data=signed_result(order))
            return answer.status_code
        finally:
            await resolve(container.shutdown_resources())

    return asyncio.run(call())


def test_an_order_prints_its_id_and_a_signed_robokassa_link(shop: Path) -> None:
    created = cli_json("order", "--user", "5", "--product", "sleeplab_l1", "--gateway", "robokassa")

    assert created["order"]["state"] == "awaiting_payment"
    assert created["order"]["amount"] == {"amount": 49000, "currency": "RUB", "text": "490.00"}
    assert f"Shp_order={created['order']['id']}" in created["pay"]["link"]
    assert PASSWORD1 not in created["pay"]["link"]


def test_a_stars_order_prints_the_invoice_with_one_price(shop: Path) -> None:
    created = cli_json("order", "--user", "5", "--product", "sleeplab_l2", "--gateway", "stars")

    invoice = created["pay"]["invoice"]
    assert (invoice["currency"], invoice["amount"]) == ("XTR", 350)
    assert invoice["payload"] == f"sl1:{created['order']['id']}"


def test_paid_show_reconcile_and_refund_recorded_after_the_provider(shop: Path) -> None:
    order_id = cli_json(
        "order", "--user", "5", "--product", "sleeplab_l1", "--gateway", "robokassa"
    )["order"]["id"]
    assert pay_by_robokassa(order_id) == 200

    shown = cli_json("show", order_id)
    assert shown["order"]["state"] == "paid"
    assert [p["outcome"] for p in shown["payments"]] == ["applied"]
    assert cli_json("reconcile") == {"states": {"paid": 1}, "mismatches": []}

    code, output = cli("refund", order_id)
    assert code == 2, output
    assert "Robokassa account" in output, "Robokassa refunds are made in its dashboard"
    refunded = cli_json("refund", order_id, "--already-refunded")
    assert refunded["order"]["state"] == "refunded"
    assert refunded["refunded"]["refunded_at"]


def test_reconcile_reports_an_open_order_past_expiry_and_exits_1(shop: Path) -> None:
    order_id = cli_json(
        "order", "--user", "5", "--product", "sleeplab_l1", "--gateway", "robokassa"
    )["order"]["id"]

    async def age() -> None:
        container = build_container(Settings())
        await resolve(container.init_resources())
        payments: PaymentsContext = await resolve(container.payments())
        async with payments.uow() as uow:
            order = await uow.orders.get(order_id)
            assert order is not None
            await uow.orders.save(attrs.evolve(order, expires_at=order.created_at - timedelta(1)))
            await uow.commit()
        await resolve(container.shutdown_resources())

    asyncio.run(age())
    code, output = cli("reconcile")

    assert code == 1
    assert f"{order_id} overdue_open" in output


def test_unknown_orders_and_unpaid_refunds_are_refused_with_a_reason(shop: Path) -> None:
    order_id = cli_json(
        "order", "--user", "5", "--product", "sleeplab_l1", "--gateway", "robokassa"
    )["order"]["id"]

    unknown = cli("show", "ord_nope")
    unpaid = cli("refund", order_id)

    assert unknown[0] == 2
    assert "no order 'ord_nope'" in unknown[1]
    assert unpaid[0] == 2
    assert "only a paid order is refunded" in unpaid[1]


def test_an_order_for_a_user_who_does_not_exist_is_refused(shop: Path) -> None:
    code, output = cli("order", "--user", "404", "--product", "sleeplab_l1", "--gateway", "stars")

    assert code == 2
    assert "no user 404" in output
