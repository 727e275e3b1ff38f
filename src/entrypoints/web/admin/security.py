"""The console's sessions, CSRF tokens and role checks.

A session is a cookie signed with ``itsdangerous`` (HttpOnly, SameSite=Strict, Secure unless
configured off) holding the operator's username and the session's CSRF token. Every visitor
gets one, so the login form carries a token too; logging in replaces it (a fixed session
cannot be carried over). Every POST under ``/admin`` must send the token in its ``csrf``
form field, or it is refused with 403 before any handler runs. The operator is read from
the database on every request: a disabled account or a changed role takes effect at once.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import Any

import attrs
from fastapi import HTTPException, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from sleeplab_core.operators import Operator, allowed
from sleeplab_core.operators.ports import OperatorsUnitOfWorkFactory

log = logging.getLogger(__name__)

COOKIE = "sleeplab_console"
SESSION_SECONDS = 8 * 3600


@attrs.frozen
class Session:
    csrf: str
    operator: str | None = None
    fresh: bool = False
    """Made on this request: the response must set the cookie."""


class LoginRequired(Exception):
    """A page needs a logged-in operator; the console answers with a redirect to login."""


class Sessions:
    """Reads and writes the signed session cookie."""

    def __init__(self, secret: str, *, secure: bool) -> None:
        self.secure = secure
        self._signer = URLSafeTimedSerializer(secret, salt="sleeplab-console-session")

    def read(self, request: Request) -> Session:
        """The request's session, or a new anonymous one (invalid or expired cookies too)."""
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self._signer.loads(raw, max_age=SESSION_SECONDS)
                return Session(csrf=str(data["csrf"]), operator=data.get("op"))
            except (BadSignature, KeyError, TypeError):
                log.info("console session cookie rejected")
        return self.new()

    def new(self, operator: str | None = None) -> Session:
        return Session(csrf=secrets.token_urlsafe(32), operator=operator, fresh=True)

    def write(self, response: Response, session: Session) -> None:
        response.set_cookie(
            COOKIE,
            self._signer.dumps({"csrf": session.csrf, "op": session.operator}),
            max_age=SESSION_SECONDS,
            path="/admin",
            secure=self.secure,
            httponly=True,
            samesite="strict",
        )


def session_of(request: Request) -> Session:
    session: Session = request.state.console_session
    return session


async def check_csrf(request: Request) -> None:
    """Router dependency: a POST without this session's token is refused with 403."""
    sessions: Sessions = request.app.state.console_sessions
    session = sessions.read(request)
    request.state.console_session = session
    if request.method != "POST":
        return
    form = await request.form()
    sent = form.get("csrf")
    if session.fresh or not isinstance(sent, str) or not hmac.compare_digest(sent, session.csrf):
        log.warning("console POST without a valid CSRF token refused")
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong")


async def operator_for(request: Request, uow: OperatorsUnitOfWorkFactory, action: str) -> Operator:
    """The logged-in, active operator allowed to take ``action``.

    Raises:
        LoginRequired: nobody (or a disabled operator) is logged in.
        HTTPException: 403, the operator's role does not allow the action.
    """
    session = session_of(request)
    if session.operator is None:
        raise LoginRequired
    async with uow() as tx:
        operator = await tx.operators.get(session.operator)
    if operator is None or not operator.active:
        raise LoginRequired
    if not allowed(operator.role, action):
        log.warning("console action %s refused for role %s", action, operator.role)
        raise HTTPException(status_code=403, detail="your role does not allow this")
    return operator


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def form_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""
