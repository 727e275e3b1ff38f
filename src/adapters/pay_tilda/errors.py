"""Tilda webhook refusals; each names the field at fault."""

from __future__ import annotations

from sleeplab_core.kernel.errors import ValidationFailed


class MalformedWebhook(ValidationFailed):
    """The form is not what Tilda sends (or is too big); answer 400."""


class WrongWebhookSecret(ValidationFailed):
    """The secret in the webhook URL does not match; answer 403 (or 404)."""

    def __init__(self) -> None:
        super().__init__("the webhook secret does not match", field="secret")
