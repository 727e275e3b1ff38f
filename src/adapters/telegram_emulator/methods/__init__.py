"""The supported Bot API methods; importing the modules registers them."""

from . import commands, media, messages, payments, profile, updates
from .registry import Described, Method, find_method

__all__ = [
    "Described",
    "Method",
    "commands",
    "find_method",
    "media",
    "messages",
    "payments",
    "profile",
    "updates",
]
