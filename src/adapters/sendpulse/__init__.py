"""Replies to SendPulse contacts through SendPulse's REST API (httpx), service ``sendpulse``.

``SendPulseSender.send_text`` posts ``{"contact_id", "text"}`` to
``/telegram/contacts/sendText`` with a bearer token obtained by the OAuth client-credentials
grant (``/oauth/access_token``), kept until it expires and renewed once on a 401. 429, 5xx
and network errors raise ``RetryLater``; other refusals ``PermanentFailure``.

Settings: ``SLEEPLAB_SENDPULSE_CLIENT_ID``, ``SLEEPLAB_SENDPULSE_CLIENT_SECRET``,
``SLEEPLAB_SENDPULSE_URL`` (tests point it at a local stand-in).
"""

from adapters.sendpulse.sender import SendPulseSender, build_service

__all__ = ["SendPulseSender", "build_service"]
