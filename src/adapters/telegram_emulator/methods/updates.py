"""getMe, getUpdates and the webhook methods."""

from __future__ import annotations

from typing import Any

from adapters.telegram_emulator.errors import ApiError, bad_request
from adapters.telegram_emulator.params import Params
from adapters.telegram_emulator.shapes import me_json
from adapters.telegram_emulator.webhook import WebhookConfig, WebhookDeliverer
from adapters.telegram_emulator.world import World

from .registry import Described, bot_method

MAX_POLL_TIMEOUT = 50.0
WEBHOOK_ACTIVE = ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first",
)


@bot_method("getMe")
async def get_me(world: World, params: Params) -> dict[str, Any]:
    return me_json(world.bot)


@bot_method("getUpdates")
async def get_updates(world: World, params: Params) -> list[dict[str, Any]]:
    if world.webhook is not None:
        raise WEBHOOK_ACTIVE
    world.feed.set_allowed_updates(_allowed_updates(params))
    limit = min(max(params.integer("limit", 100) or 100, 1), 100)
    timeout = min(max(params.number("timeout", 0.0), 0.0), MAX_POLL_TIMEOUT)
    return await world.feed.poll(params.integer("offset", 0) or 0, limit, timeout)


@bot_method("setWebhook")
async def set_webhook(world: World, params: Params) -> Described:
    url = params.text("url") or ""
    if not url:
        return await _delete_webhook(world, params.flag("drop_pending_updates"))
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    allowed = _allowed_updates(params)
    world.feed.set_allowed_updates(allowed)
    if params.flag("drop_pending_updates"):
        await world.feed.drop_all()
    config = WebhookConfig(
        url=url,
        secret_token=params.text("secret_token"),
        max_connections=params.integer("max_connections", 40) or 40,
        ip_address=params.text("ip_address"),
        allowed_updates=allowed,
    )
    await _replace_webhook(world, config)
    return Described(True, "Webhook was set")


@bot_method("deleteWebhook")
async def delete_webhook(world: World, params: Params) -> Described:
    return await _delete_webhook(world, params.flag("drop_pending_updates"))


@bot_method("getWebhookInfo")
async def get_webhook_info(world: World, params: Params) -> dict[str, Any]:
    info: dict[str, Any] = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(world.feed.pending),
    }
    if world.webhook is None:
        return info
    config = world.webhook.config
    info["url"] = config.url
    info["max_connections"] = config.max_connections
    for key in ("ip_address", "allowed_updates", "last_error_date", "last_error_message"):
        if getattr(config, key) is not None:
            info[key] = getattr(config, key)
    return info


async def _delete_webhook(world: World, drop_pending: bool) -> Described:
    was_set = world.webhook is not None
    await _replace_webhook(world, None)
    if drop_pending:
        await world.feed.drop_all()
    return Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")


async def _replace_webhook(world: World, config: WebhookConfig | None) -> None:
    if world.webhook is not None:
        await world.webhook.stop()
        world.webhook = None
    if config is not None:
        world.webhook = WebhookDeliverer(
            world.feed, config, **world.webhook_retry, on_reply=world.execute_reply
        )
        world.webhook.start()
        await world.feed.end_polls_for_webhook()


def _allowed_updates(params: Params) -> list[str] | None:
    allowed = params.json("allowed_updates")
    if allowed is not None and not isinstance(allowed, list):
        raise bad_request("can't parse allowed_updates JSON object")
    return allowed
