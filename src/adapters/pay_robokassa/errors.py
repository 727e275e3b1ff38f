"""Robokassa refusals: each names the parameter at fault and never echoes a secret."""

from __future__ import annotations

from sleeplab_core.kernel.errors import ValidationFailed


class MalformedCallback(ValidationFailed):
    """A callback parameter is missing or not what Robokassa sends; answer 400."""
