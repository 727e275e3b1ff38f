"""The console in a real browser (Debian's headless chromium, driven by Playwright) against
``sleeplab web`` started as a process on a SQLite file."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from console_seed import OPERATOR, PASSWORD, USER, Seeded, seed, settings_for
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seeded]]:
    folder = tmp_path_factory.mktemp("console")
    settings = settings_for(folder)
    # In a thread of its own: Playwright's sync API keeps an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        seeded = pool.submit(asyncio.run, seed(settings)).result()
    port = free_port()
    env = {
        **os.environ,
        "SLEEPLAB_DATA_DIR": str(folder),
        "SLEEPLAB_DATABASE_URL": settings.database(),
        "SLEEPLAB_WEB_PORT": str(port),
        "SLEEPLAB_ADMIN_SECRET": "browser-test-secret-" + "x" * 16,
        "SLEEPLAB_ROBOKASSA_LOGIN": "sleeplab-shop",
        "SLEEPLAB_ROBOKASSA_PASSWORD1": "p1-browser",
        "SLEEPLAB_ROBOKASSA_PASSWORD2": "p2-browser",
    }
    env.pop("SLEEPLAB_TELEGRAM_TOKEN", None)
    log = (folder / "web.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "entrypoints", "web"], env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/health", process, folder / "web.log")
        yield base, seeded
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"sleeplab web exited: {log.read_text()}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"sleeplab web did not answer: {log.read_text()}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: tuple[str, Seeded]) -> Iterator[Page]:
    context = browser.new_context(base_url=server[0], viewport={"width": 1100, "height": 720})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("SLEEPLAB_CONSOLE_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page: Page, password: str = PASSWORD) -> None:
    page.goto("/admin/login")
    page.fill("input[name=username]", OPERATOR)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Log in')")


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_console(
    page: Page, shots: Path
) -> None:
    log_in(page, "not the password at all")
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    page.screenshot(path=shots / "login.png")
    log_in(page)
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    cookies = page.context.cookies()
    [session] = [c for c in cookies if c["name"] == "sleeplab_console"]
    assert session["httpOnly"]
    assert session["secure"]
    assert session["sameSite"] == "Strict"


def test_a_post_without_the_csrf_token_is_refused(page: Page) -> None:
    log_in(page)
    answer = page.request.post("/admin/promos", form={"code": "NOCSRF", "percent": "50"})
    assert answer.status == 403
    page.goto("/admin/promos")
    assert "NOCSRF" not in page.content()


def test_find_a_user_and_refund_the_paid_order(
    page: Page, server: tuple[str, Seeded], shots: Path
) -> None:
    log_in(page)
    page.screenshot(path=shots / "users.png")
    page.fill("input[name=q]", str(USER))
    page.click("button:has-text('Find')")
    expect(page.get_by_role("heading", name=f"User {USER}")).to_be_visible()
    order = page.locator(f"form[data-order='{server[1].order_number}']")
    page.screenshot(path=shots / "user.png", full_page=True)
    order.get_by_label("already refunded at the provider").check()
    order.get_by_role("button", name="refund").click()
    expect(page.get_by_role("status")).to_have_text("Done: refunded.")
    expect(page.locator("td span.tag.refunded")).to_have_text("refunded")
    page.goto("/admin/audit")
    expect(page.locator("tr", has_text="order.refund")).to_contain_text(OPERATOR)
    page.screenshot(path=shots / "audit.png")


def test_create_a_promo_code(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/promos")
    page.get_by_label("Code", exact=True).fill("spring26")
    page.get_by_label("Percent", exact=True).fill("20")
    page.get_by_label("Uses in total").fill("100")
    page.get_by_label("Valid for days").fill("30")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status")).to_have_text("Done: created.")
    row = page.locator("tr", has_text="SPRING26")
    expect(row).to_contain_text("20%")
    expect(row).to_contain_text("active")
    page.screenshot(path=shots / "promos.png")


def test_retry_a_failed_job(page: Page, server: tuple[str, Seeded], shots: Path) -> None:
    log_in(page)
    page.goto("/admin/jobs?state=failed")
    row = page.locator("tr", has_text="chat not found")
    expect(row).to_contain_text("sleeplab.deliver_diagnosis")
    page.screenshot(path=shots / "jobs.png")
    row.get_by_role("button", name="retry").click()
    expect(page.get_by_role("status")).to_have_text("Done: retry.")
    due = page.locator("tr", has_text="sleeplab.deliver_diagnosis")
    expect(due).to_contain_text("scheduled")
    expect(due).to_contain_text("0/1")


def test_preview_schedule_and_cancel_a_broadcast(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/broadcasts")
    page.get_by_label("Audience").select_option("all_active")
    page.get_by_label("Text key").fill("sleeplab_jobs.broadcast.l1_invite")
    page.get_by_label("Send at").fill("2031-01-15T09:30")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text("2 recipients now in all_active")
    expect(page.locator("blockquote")).to_have_count(2)
    page.screenshot(path=shots / "broadcast-preview.png")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("status")).to_have_text("Done: scheduled.")
    row = page.locator("tr", has_text="sleeplab_jobs.broadcast.l1_invite")
    expect(row).to_contain_text("2031-01-15 09:30")
    expect(row).to_contain_text("created")
    page.screenshot(path=shots / "broadcasts.png")
    row.get_by_role("button", name="cancel").click()
    expect(page.get_by_role("status")).to_have_text("Done: cancelled.")
    expect(page.locator("tr", has_text="sleeplab_jobs.broadcast.l1_invite")).to_contain_text(
        "cancelled"
    )


def test_read_a_funnel(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/funnels?bot=sleeplab&days=7")
    row = page.locator("tr", has_text="L0:started")
    expect(row).to_contain_text("1")
    expect(page.locator("tr", has_text="L0:finished")).to_contain_text("100%")
    page.screenshot(path=shots / "funnels.png")
