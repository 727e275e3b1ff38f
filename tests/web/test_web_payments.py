"""The payment callbacks over HTTP: what they accept, what they refuse, and replays."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest
from web_support import (
    BOT,
    PASSWORD1,
    PASSWORD2,
    TILDA_SECRET,
    TILDA_TOKEN_SECRET,
    new_order,
    query_of,
    signed_result,
)

from entrypoints.containers import Container, build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.payments import Gateway, OrderState, PaymentsContext, get_order, start_payment
from sleeplab_core.payments.signatures import UserToken, result_signature, sign_user_token

RESULT = "/payments/robokassa/result"
TILDA = f"/payments/tilda/{TILDA_SECRET}"


async def payment_count(payments: PaymentsContext, order_id: str) -> int:
    async with payments.uow() as uow:
        return len(await uow.payments.for_order(order_id))


# Robokassa ResultURL ----------------------------------------------------------------------


async def test_a_signed_result_confirms_the_order_and_answers_ok_inv_id(
    web: httpx.AsyncClient, payments: PaymentsContext
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)

    answer = await web.post(RESULT, data=signed_result(order))

    assert (answer.status_code, answer.text) == (200, f"OK{order.number}")
    assert (await get_order(payments, order.id)).state is OrderState.PAID


async def test_the_result_by_get_works_the_same_and_a_replay_changes_nothing(
    web: httpx.AsyncClient, payments: PaymentsContext
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)
    fields = signed_result(order)

    answers = [await web.get(RESULT, params=fields) for _ in range(3)]
    answers.append(await web.post(RESULT, data=fields))

    assert {(a.status_code, a.text) for a in answers} == {(200, f"OK{order.number}")}
    assert await payment_count(payments, order.id) == 1


async def test_a_link_from_the_gateway_round_trips_through_the_result(
    web: httpx.AsyncClient, payments: PaymentsContext, container: Container
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)
    (gateway,) = [g for g in container.payment_gateways() if g.gateway is Gateway.ROBOKASSA]
    link = await start_payment(payments, gateway, order.id)
    query = query_of(link.url)  # type: ignore[union-attr]

    assert query["InvId"] == str(order.number)
    assert query["Shp_order"] == order.id
    answer = await web.post(RESULT, data=signed_result(order, out_sum=query["OutSum"]))
    assert answer.status_code == 200


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda f: {**f, "SignatureValue": "0" * 32}, "signature"),
        (lambda f: {**f, "OutSum": "1.00"}, "signature"),
        (lambda f: {k: v for k, v in f.items() if k != "InvId"}, "InvId"),
        (lambda f: {**f, "Shp_order": "ord_someone_else"}, "signature"),
    ],
    ids=["forged-signature", "changed-amount", "missing-invid", "other-order"],
)
async def test_tampered_results_are_refused_with_a_reason_and_change_nothing(
    web: httpx.AsyncClient,
    payments: PaymentsContext,
    caplog: pytest.LogCaptureFixture,
    tamper: object,
    reason: str,
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)
    fields = tamper(signed_result(order))  # type: ignore[operator]

    with caplog.at_level(logging.INFO):
        answer = await web.post(RESULT, data=fields)

    assert answer.status_code == 400
    assert reason in answer.json()["error"]
    assert (await get_order(payments, order.id)).state is OrderState.CREATED
    assert await payment_count(payments, order.id) == 0
    assert PASSWORD1 not in caplog.text
    assert PASSWORD2 not in caplog.text


async def test_a_genuine_signature_over_the_wrong_amount_is_refused(
    web: httpx.AsyncClient, payments: PaymentsContext
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)

    answer = await web.post(RESULT, data=signed_result(order, out_sum="1.000000"))

    assert answer.status_code == 400
    assert "costs" in answer.json()["error"]
    assert (await get_order(payments, order.id)).state is OrderState.CREATED


async def test_a_result_for_an_unknown_order_is_refused_and_logged_with_its_id(
    web: httpx.AsyncClient, payments: PaymentsContext, caplog: pytest.LogCaptureFixture
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)
    fields = signed_result(order)
    ghost = {**fields, "Shp_order": "ord_ghost"}
    ghost["SignatureValue"] = result_signature(
        ghost["OutSum"],
        ghost["InvId"],
        PASSWORD2,
        shp={"Shp_order": "ord_ghost", "Shp_user": ghost["Shp_user"]},
    )
    with caplog.at_level(logging.INFO):
        answer = await web.post(RESULT, data=ghost)

    assert answer.status_code == 400
    assert "ord_ghost" in answer.json()["error"]
    assert "ord_ghost" in caplog.text


async def test_a_huge_body_is_refused_with_413(web: httpx.AsyncClient) -> None:
    answer = await web.post(
        RESULT,
        content=b"OutSum=" + b"9" * 200_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe\xfd", b"OutSum=1&OutSum=2", b"", b"&".join(b"k%d=v" % i for i in range(300))],
    ids=["not-utf8", "repeated-field", "empty", "too-many-fields"],
)
async def test_malformed_bodies_are_refused_with_400(web: httpx.AsyncClient, body: bytes) -> None:
    answer = await web.post(
        RESULT, content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 400
    assert answer.json()["error"]


# SuccessURL and FailURL ---------------------------------------------------------------------


async def test_the_fail_page_sends_the_buyer_back_to_the_bot(
    web: httpx.AsyncClient, payments: PaymentsContext
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)

    answer = await web.post("/payments/robokassa/fail", data={"Shp_order": order.id})

    assert answer.status_code == 303
    assert answer.headers["location"] == f"https://t.me/{BOT}?start=unpaid-{order.id}"


async def test_an_unsigned_success_page_is_refused(
    web: httpx.AsyncClient, payments: PaymentsContext
) -> None:
    order = await new_order(payments, Gateway.ROBOKASSA)
    answer = await web.get(
        "/payments/robokassa/success",
        params={"OutSum": "490.00", "InvId": str(order.number), "Shp_order": order.id},
    )
    assert answer.status_code == 400


# Tilda ----------------------------------------------------------------------------------------


def tilda_form(token: str, amount: str, tranid: str = "tr-1") -> dict[str, str]:
    payment = {"orderid": "1234567", "amount": amount, "products": ["SleepLab L1"]}
    return {
        "tranid": tranid,
        "formid": "form-1",
        "Email": "buyer@example.com",
        "sleeplab_token": token,
        "payment": json.dumps(payment),
    }


async def tilda_token(payments: PaymentsContext, container: Container) -> tuple[str, str]:
    order = await new_order(payments, Gateway.TILDA)
    (gateway,) = [g for g in container.payment_gateways() if g.gateway is Gateway.TILDA]
    link = await start_payment(payments, gateway, order.id)
    return order.id, query_of(link.url)["sleeplab_token"]  # type: ignore[union-attr]


async def test_tilda_connection_check_is_answered_ok(web: httpx.AsyncClient) -> None:
    answer = await web.post(TILDA, data={"test": "test"})
    assert (answer.status_code, answer.text) == (200, "ok")


async def test_tilda_with_a_wrong_secret_is_forbidden(web: httpx.AsyncClient) -> None:
    answer = await web.post("/payments/tilda/guessed-secret", data={"test": "test"})
    assert answer.status_code == 403


async def test_a_tilda_cart_confirms_the_order_once(
    web: httpx.AsyncClient, payments: PaymentsContext, container: Container
) -> None:
    order_id, token = await tilda_token(payments, container)

    answers = [await web.post(TILDA, data=tilda_form(token, "490")) for _ in range(3)]

    assert {(a.status_code, a.text) for a in answers} == {(200, "ok")}
    assert (await get_order(payments, order_id)).state is OrderState.PAID
    assert await payment_count(payments, order_id) == 1


async def test_a_tilda_cart_with_another_amount_or_a_forged_token_is_refused(
    web: httpx.AsyncClient, payments: PaymentsContext, container: Container
) -> None:
    order_id, token = await tilda_token(payments, container)
    order = await get_order(payments, order_id)
    forged = sign_user_token(
        UserToken(order.user_id, order_id, order.expires_at), b"not-the-real-secret-at-all"
    )

    cheap = await web.post(TILDA, data=tilda_form(token, "1"))
    fake = await web.post(TILDA, data=tilda_form(forged, "490"))

    assert cheap.status_code == 400
    assert fake.status_code == 400
    assert (await get_order(payments, order_id)).state is OrderState.AWAITING_PAYMENT
    assert TILDA_TOKEN_SECRET not in fake.text


async def test_unconfigured_gateways_answer_404(tmp_path: Path) -> None:
    container = build_container(Settings(database_url="memory://", data_dir=tmp_path))
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
        robokassa = await client.post(RESULT, data={"OutSum": "1"})
        tilda = await client.post(TILDA, data={"test": "test"})
    assert robokassa.status_code == 404
    assert tilda.status_code == 404
