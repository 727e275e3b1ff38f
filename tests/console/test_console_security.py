"""The console's security over HTTP: login, cookies, CSRF, roles, throttling, audit."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from entrypoints.containers import Container, build_container, resolve
from entrypoints.operators_cli import create_command
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.operators import Role

PASSWORD = "a long enough secret"


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    container = build_container(
        Settings(database_url="memory://", data_dir=tmp_path, admin_secret="s" * 32)
    )
    for name, role in (("ann", Role.ADMIN), ("sue", Role.SUPPORT), ("cat", Role.CONTENT)):
        await create_command(container, name, PASSWORD, role)
    yield container
    await resolve(container.shutdown_resources())


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(container), client=("10.1.2.3", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="https://console.test") as c:
        yield c


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


async def log_in(client: httpx.AsyncClient, name: str, password: str = PASSWORD) -> httpx.Response:
    token = csrf_of(await client.get("/admin/login"))
    return await client.post(
        "/admin/login", data={"csrf": token, "username": name, "password": password}
    )


async def test_a_page_without_a_session_leads_to_the_login(client: httpx.AsyncClient) -> None:
    answer = await client.get("/admin/users")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/login"


async def test_logging_in_sets_a_secure_httponly_strict_cookie_and_a_new_token(
    client: httpx.AsyncClient,
) -> None:
    before = csrf_of(await client.get("/admin/login"))
    answer = await log_in(client, "ann")
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "secure" in cookie
    assert "samesite=strict" in cookie
    users = await client.get("/admin/users")
    assert users.status_code == 200
    assert csrf_of(users) != before, "the session is replaced at login"


async def test_a_wrong_password_is_refused(client: httpx.AsyncClient) -> None:
    answer = await log_in(client, "ann", "not the password")
    assert answer.status_code == 401
    assert "Wrong username or password" in answer.text
    assert (await client.get("/admin/users")).status_code == 303


async def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/admin/login")
    answer = await client.post("/admin/login", data={"username": "ann", "password": PASSWORD})
    assert answer.status_code == 403
    await log_in(client, "ann")
    forged = await client.post("/admin/promos", data={"csrf": "forged", "code": "FREE100"})
    assert forged.status_code == 403


async def test_roles_are_checked_on_every_action(client: httpx.AsyncClient) -> None:
    await log_in(client, "sue")
    assert (await client.get("/admin/users")).status_code == 200
    token = csrf_of(await client.get("/admin/users"))
    assert (await client.get("/admin/audit")).status_code == 403
    assert (await client.get("/admin/broadcasts")).status_code == 403
    created = await client.post(
        "/admin/promos", data={"csrf": token, "code": "SUPPORT10", "percent": "10"}
    )
    assert created.status_code == 403
    erase = await client.post("/admin/users/5/erase", data={"csrf": token, "confirm": "5"})
    assert erase.status_code == 403


async def test_content_creates_promo_codes_but_sees_no_users_and_the_audit_shows_it(
    client: httpx.AsyncClient,
) -> None:
    await log_in(client, "cat")
    assert (await client.get("/admin/users")).status_code == 403
    token = csrf_of(await client.get("/admin/promos"))
    created = await client.post(
        "/admin/promos",
        data={
            "csrf": token,
            "code": "spring26",
            "kind": "percent",
            "percent": "20",
            "max_per_user": "1",
        },
    )
    assert created.status_code == 303
    assert "SPRING26" in (await client.get("/admin/promos")).text
    await client.post("/admin/logout", data={"csrf": token})
    await log_in(client, "ann")
    audit = await client.get("/admin/audit")
    assert re.search(r"cat</td><td><code>promo.create</code></td><td>promo SPRING26", audit.text)


async def test_five_failures_lock_the_account_even_for_the_right_password(
    client: httpx.AsyncClient,
) -> None:
    for _ in range(5):
        assert (await log_in(client, "sue", "guess guess guess")).status_code == 401
    locked = await log_in(client, "sue")
    assert locked.status_code == 429
    assert (await log_in(client, "ann")).status_code == 303, "other accounts still log in"


async def test_a_disabled_operator_loses_the_session_at_once(
    client: httpx.AsyncClient, container: Container
) -> None:
    from entrypoints.operators_cli import disable_command

    await log_in(client, "sue")
    assert (await client.get("/admin/users")).status_code == 200
    await disable_command(container, "sue")
    assert (await client.get("/admin/users")).status_code == 303


async def test_support_resends_reports_but_content_pages_are_for_content(
    client: httpx.AsyncClient,
) -> None:
    await log_in(client, "sue")
    token = csrf_of(await client.get("/admin/users"))
    assert (await client.get("/admin/content")).status_code == 403
    assert (await client.get("/admin/salon")).status_code == 403
    imported = await client.post("/admin/content/points", data={"csrf": token, "pasted": "a,b"})
    assert imported.status_code == 403
    resend = await client.post("/admin/users/5/reports/nope/resend", data={"csrf": token})
    assert resend.status_code == 400, "allowed to support; refused by the use case"
    assert "no such report" in resend.text
    await client.post("/admin/logout", data={"csrf": token})
    await log_in(client, "cat")
    token = csrf_of(await client.get("/admin/content"))
    resend = await client.post("/admin/users/5/reports/nope/resend", data={"csrf": token})
    assert resend.status_code == 403


async def test_a_made_up_notice_shows_nothing_and_a_bad_form_is_refused_with_a_reason(
    client: httpx.AsyncClient,
) -> None:
    await log_in(client, "cat")
    page = await client.get("/admin/content?notice=%3Cscript%3E")
    assert page.status_code == 200
    assert 'role="status"' not in page.text
    token = csrf_of(page)
    bad = await client.post(
        "/admin/content/products",
        data={"csrf": token, "code": "x", "category": "one", "title": "t", "price": "1"},
    )
    assert bad.status_code == 400
    assert "category: must be a whole number" in bad.text


async def test_text_overrides_are_for_content_checked_against_the_catalog_and_audited(
    client: httpx.AsyncClient,
) -> None:
    await log_in(client, "sue")
    token = csrf_of(await client.get("/admin/users"))
    assert (await client.get("/admin/texts")).status_code == 403
    form = {"csrf": token, "bot": "sleeplab", "locale": "en", "key": "sleeplab.menu.start"}
    refused = await client.post("/admin/texts", data={**form, "text": "Go {level}"})
    assert refused.status_code == 403
    await client.post("/admin/logout", data={"csrf": token})

    await log_in(client, "cat")
    token = csrf_of(await client.get("/admin/texts?bot=sleeplab&q=sleeplab.menu.start"))
    form["csrf"] = token
    dropped = await client.post("/admin/texts", data={**form, "text": "Go on"})
    assert dropped.status_code == 400
    assert "keep the placeholders {level}" in dropped.text
    added = await client.post("/admin/texts", data={**form, "text": "Go {level} {user_id}"})
    assert added.status_code == 400
    assert "unknown placeholders {user_id}" in added.text
    unknown = await client.post("/admin/texts", data={**form, "key": "no.such.key", "text": "x"})
    assert unknown.status_code == 404
    elsewhere = await client.post("/admin/texts", data={**form, "bot": "nobot", "text": "x"})
    assert elsewhere.status_code == 404
    saved = await client.post("/admin/texts", data={**form, "text": "Go to level {level}"})
    assert saved.status_code == 303
    page = await client.get("/admin/texts?bot=sleeplab&locale=en&changed=yes")
    assert "Go to level {level}" in page.text
    await client.post("/admin/logout", data={"csrf": token})

    await log_in(client, "ann")
    audit = await client.get("/admin/audit")
    assert audit.text.count("text.set") == 1, "only the saved change"
    assert "text sleeplab/en/sleeplab.menu.start" in audit.text
