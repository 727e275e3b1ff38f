"""Invoices, pre-checkout answers and Star refunds."""

from __future__ import annotations

import secrets
from typing import Any

from adapters.telegram_emulator.errors import bad_request
from adapters.telegram_emulator.params import Params
from adapters.telegram_emulator.world import World

from .messages import post
from .registry import bot_method


@bot_method("sendInvoice")
async def send_invoice(world: World, params: Params) -> dict[str, Any]:
    chat = world.writable_chat(params.integer("chat_id"))
    invoice = read_invoice(params)
    content = {
        "invoice": {
            "title": invoice["title"],
            "description": invoice["description"],
            "start_parameter": params.text("start_parameter") or "",
            "currency": invoice["currency"],
            "total_amount": invoice["total_amount"],
        }
    }
    message = await post(world, chat, content, params)
    world.invoices[(chat.id, message.message_id)] = invoice
    return world.message_json(message)


@bot_method("createInvoiceLink")
async def create_invoice_link(world: World, params: Params) -> str:
    invoice = read_invoice(params)
    invoice["subscription_period"] = params.integer("subscription_period")
    link = "https://t.me/$" + secrets.token_urlsafe(16)
    world.invoice_links[link] = invoice
    return link


@bot_method("answerPreCheckoutQuery")
async def answer_pre_checkout_query(world: World, params: Params) -> bool:
    query = world.queries.get(params.text("pre_checkout_query_id") or "")
    if query is None or query.answered or query.kind != "pre_checkout_query":
        raise bad_request("QUERY_ID_INVALID")
    ok = params.flag("ok")
    error_message = params.text("error_message")
    if not ok and not error_message:
        raise bad_request("error_message is empty")
    query.resolve({"ok": ok, "error_message": error_message})
    world.history.add(
        "pre_checkout_answer", query.chat_id, query_id=query.id, ok=ok, error_message=error_message
    )
    await world.notify()
    return True


@bot_method("refundStarPayment")
async def refund_star_payment(world: World, params: Params) -> bool:
    user_id = params.required_integer("user_id")
    charge_id = params.required_text("telegram_payment_charge_id")
    charge = world.charges.get(charge_id)
    if charge is None or charge["user_id"] != user_id:
        raise bad_request("CHARGE_NOT_FOUND")  # guessed wording
    if charge["refunded"]:
        raise bad_request("CHARGE_ALREADY_REFUNDED")
    charge["refunded"] = True
    chat = world.chat(user_id)
    refunded = {
        k: charge["payment"][k]
        for k in ("currency", "total_amount", "invoice_payload", "telegram_payment_charge_id")
    }
    world.history.add("refund", chat.id, charge_id=charge_id)
    await world.post_user_message(chat, world.accounts[user_id], {"refunded_payment": refunded})
    return True


@bot_method("editUserStarSubscription")
async def edit_user_star_subscription(world: World, params: Params) -> bool:
    user_id = params.required_integer("user_id")
    charge = world.charges.get(params.required_text("telegram_payment_charge_id"))
    if charge is None or charge["user_id"] != user_id:
        raise bad_request("CHARGE_NOT_FOUND")  # guessed wording
    charge["subscription_canceled"] = params.flag("is_canceled")
    world.history.add("subscription_edit", user_id, canceled=charge["subscription_canceled"])
    return True


def read_invoice(params: Params) -> dict[str, Any]:
    """The invoice fields shared by sendInvoice and createInvoiceLink."""
    prices = params.json("prices")
    if not isinstance(prices, list) or not prices:
        raise bad_request("prices is empty")
    currency = params.required_text("currency", "currency is empty")
    if currency == "XTR" and len(prices) != 1:
        raise bad_request("Stars invoices must have exactly one price")  # emulator's wording
    return {
        "title": params.required_text("title", "title is empty"),
        "description": params.required_text("description", "description is empty"),
        "payload": params.required_text("payload", "payload is empty"),
        "currency": currency,
        "prices": prices,
        "total_amount": sum(int(p["amount"]) for p in prices),
    }
