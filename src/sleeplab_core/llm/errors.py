"""Typed failures of a chat model call.

Each error carries ``message_key`` (a key of the ``llm`` catalog) so a bot can tell the user
what happened in their language, and never a secret: providers are named, keys are not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sleeplab_core.kernel.errors import SleeplabError


class LlmError(SleeplabError):
    """Base of every chat model failure."""

    message_key = "llm.error.unavailable"

    def __init__(self, provider: str, detail: str) -> None:
        super().__init__(f"{provider}: {detail}")
        self.provider = provider
        self.detail = detail


class ProviderUnavailable(LlmError):
    """The provider could not answer (5xx, connection lost, bad reply); retry later."""


class ProviderTimeout(ProviderUnavailable):
    """The provider did not answer in time."""


class RateLimited(LlmError):
    """The provider asked us to slow down; ``retry_after`` is its hint in seconds, if any."""

    message_key = "llm.error.busy"

    def __init__(self, provider: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(provider, detail)
        self.retry_after = retry_after


class AuthenticationFailed(LlmError):
    """The key was refused (revoked, wrong, no permission): an operator must fix the config."""


class InvalidRequest(LlmError):
    """The provider rejected the request itself (too long, unknown model); do not retry."""

    message_key = "llm.error.invalid_request"


class VisionNotSupported(LlmError):
    """Images were attached but the model cannot read them."""

    message_key = "llm.error.vision_not_supported"


class StructuredOutputInvalid(LlmError):
    """The answer did not validate into the requested model, even after one repair retry.

    Attributes:
        errors: the last validation errors, human-readable.
        raw: the model's last answer.
    """

    message_key = "llm.error.structured_invalid"

    def __init__(self, provider: str, errors: str, raw: str) -> None:
        super().__init__(provider, f"answer does not fit the requested shape: {errors}")
        self.errors = errors
        self.raw = raw


class AllProvidersFailed(ProviderUnavailable):
    """Every provider in the failover list failed; ``failures`` holds each one's last error."""

    def __init__(self, failures: Sequence[LlmError]) -> None:
        summary = "; ".join(f"{type(error).__name__}({error})" for error in failures)
        super().__init__("all", summary or "no provider configured")
        self.failures = tuple(failures)
        if failures and all(isinstance(error, RateLimited) for error in failures):
            self.message_key = RateLimited.message_key


#: Errors worth another try against the same provider.
TRANSIENT_ERRORS: tuple[type[LlmError], ...] = (ProviderUnavailable, RateLimited)


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """A provider's retry hint from response headers (``retry-after-ms`` or ``retry-after``).

    Only numeric forms are read; an HTTP-date hint (rare for these APIs) gives None, and the
    caller falls back to its own backoff.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            seconds = float(lowered[name]) * scale
        except (KeyError, ValueError):
            continue
        if seconds >= 0:
            return seconds
    return None
