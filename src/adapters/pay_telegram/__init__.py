"""Telegram Stars and Telegram Payments (provider tokens) as payment gateways."""

from adapters.pay_telegram.bot_api import BotApiPayments
from adapters.pay_telegram.gateway import TelegramGateway

__all__ = ["BotApiPayments", "TelegramGateway"]
