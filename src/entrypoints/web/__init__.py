"""The HTTP app (``sleeplab web``): health, the Telegram webhook, and later payment callbacks."""

from entrypoints.web.app import create_app, serve

__all__ = ["create_app", "serve"]
