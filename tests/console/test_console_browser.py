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
from console_seed import (
    FUNNEL_USER,
    GIFT,
    OPERATOR,
    PASSWORD,
    USER,
    Seeded,
    seed,
    settings_for,
)
from playwright.sync_api import Browser, Page, expect, sync_playwright

from entrypoints.containers import build_container, conversations_for, resolve
from entrypoints.settings import Settings
from sleeplab_core.conversation import SendScreen
from sleeplab_core.conversation.events import Start

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Where the server keeps its data: the bot side of a test opens the same database."""
    return settings_for(tmp_path_factory.mktemp("console"))


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[tuple[str, Seeded]]:
    folder = settings.data_dir
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
    form = page.locator("form[action='/admin/promos']")
    form.get_by_label("Code", exact=True).fill("spring26")
    form.get_by_label("Percent", exact=True).fill("20")
    form.get_by_label("Uses in total").fill("100")
    form.get_by_label("Valid for days").fill("30")
    form.get_by_role("button", name="Create").click()
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


def test_find_users_by_phone_or_name(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/users")
    page.fill("input[name=q]", "8 999 123-45-67")  # the +7 number typed the Russian way
    page.click("button:has-text('Find')")
    expect(page.get_by_role("heading", name=f"User {USER}")).to_be_visible()
    player = page.locator("#player")
    expect(player).to_contain_text("Anna Petrova")
    expect(player.locator("tr", has_text="10000")).to_contain_text("counted")
    expect(player).to_contain_text("1 gift order")
    page.screenshot(path=shots / "user-player.png", full_page=True)
    page.goto("/admin/users")
    page.fill("input[name=q]", "anna")
    page.click("button:has-text('Find')")
    found = page.locator("table.found")
    expect(found).to_contain_text("Anna Petrova")
    expect(found).to_contain_text("+79997654321")
    page.screenshot(path=shots / "users-search.png")
    found.get_by_role("link", name=str(FUNNEL_USER)).click()
    expect(page.get_by_role("heading", name=f"User {FUNNEL_USER}")).to_be_visible()
    page.goto("/admin/users?q=%40anna")
    expect(page.locator("p.error")).to_contain_text("usernames are not stored")
    page.goto("/admin/users?q=Boris")
    expect(page.locator("p.error")).to_contain_text("Nobody matches")


def test_resend_a_report(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto(f"/admin/users/{FUNNEL_USER}")
    level = page.locator("tr[data-level='L0']")
    expect(level).to_contain_text("completed")
    page.screenshot(path=shots / "user-report.png")
    level.get_by_role("button", name="resend report").click()
    expect(page.get_by_role("status")).to_have_text("Done: the report is queued to be sent again.")
    job = page.locator("section", has_text="Jobs").locator(
        "tr", has_text="sleeplab.deliver_diagnosis"
    )
    expect(job.filter(has_text="scheduled")).to_have_count(1)
    page.goto("/admin/audit")
    expect(page.locator("tr", has_text="report.resend")).to_contain_text(f"user {FUNNEL_USER}")


def test_add_a_category_and_a_product(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/content")
    page.get_by_label("Title", exact=True).fill("Sleep gadgets")
    page.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("status")).to_have_text("Done: created.")
    expect(page.get_by_role("heading", name="Sleep gadgets")).to_be_visible()
    form = page.locator("form[action='/admin/content/products']")
    form.get_by_label("Category").select_option(label="Sleep gadgets")
    form.get_by_label("code").fill("eye_mask")
    form.get_by_label("product").fill("Silk eye mask")
    form.get_by_label("price (points)").fill("120")
    form.get_by_label("in stock").fill("7")
    form.get_by_role("button", name="Add product").click()
    expect(page.get_by_role("status")).to_have_text("Done: created.")
    row = page.locator("section.card", has_text="Sleep gadgets").locator("tr", has_text="eye_mask")
    expect(row).to_contain_text("Silk eye mask")
    expect(row).to_contain_text("120")
    page.screenshot(path=shots / "content-catalog.png", full_page=True)
    form = page.locator("form[action='/admin/content/products']")
    form.get_by_label("code").fill("eye_mask")
    form.get_by_label("product").fill("Another mask")
    form.get_by_label("price (points)").fill("-5")
    form.get_by_label("in stock").fill("1")
    form.get_by_role("button", name="Add product").click()
    expect(page.get_by_role("alert")).to_contain_text("price")


def test_import_pickup_points_from_a_csv_file(page: Page, shots: Path, tmp_path: Path) -> None:
    log_in(page)
    good = tmp_path / "pvz.csv"
    good.write_text(
        "id,full_address\n"
        "pvz-1,Москва Ленинградский проспект 75 к1А\n"
        'pvz-2,"Казань, улица Баумана 1"\n'
        "pvz-3,Тверь Советская 10\n",
        encoding="utf-8",
    )
    page.goto("/admin/content/points")
    page.get_by_label("CSV file").set_input_files(good)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_have_text("Done: imported.")
    expect(page.get_by_role("heading", name="3 pickup points")).to_be_visible()
    expect(page.locator("tr", has_text="pvz-2")).to_contain_text("Казань, улица Баумана 1")
    page.screenshot(path=shots / "content-points.png", full_page=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("pvz-9,Омск Ленина 1\npvz-10\n", encoding="utf-8")
    page.get_by_label("CSV file").set_input_files(bad)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("row 2: needs an id and an address")
    page.goto("/admin/content/points")
    expect(page.get_by_role("heading", name="3 pickup points")).to_be_visible()


def test_override_a_text_and_reset_it(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/content/texts")
    form = page.locator("section[data-key='main_menu'] form[data-locale='ru']")
    form.get_by_label("main_menu ru").fill("Привет, {name}! У вас {balance} баллов.")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Done: saved.")
    form = page.locator("section[data-key='main_menu'] form[data-locale='ru']")
    expect(form).to_contain_text("override")
    expect(form.get_by_label("main_menu ru")).to_have_value(
        "Привет, {name}! У вас {balance} баллов."
    )
    page.screenshot(path=shots / "content-texts.png", full_page=True)
    form.get_by_label("main_menu ru").fill("Ваш id {user_id}")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("unknown placeholder {user_id}")
    page.goto("/admin/content/texts")
    form = page.locator("section[data-key='main_menu'] form[data-locale='ru']")
    form.get_by_role("button", name="reset to the catalog").click()
    expect(page.get_by_role("status")).to_have_text("Done: saved.")
    form = page.locator("section[data-key='main_menu'] form[data-locale='ru']")
    expect(form).to_contain_text("catalog text")
    expect(form.get_by_label("main_menu ru")).to_have_value("")


def bot_says_on_start(settings: Settings, user_id: int) -> str:
    """What the SleepLab bot, assembled by the composition root on the server's database,
    shows a new user on /start."""

    async def start() -> str:
        container = build_container(settings)
        try:
            router = (await conversations_for(container, "sleeplab")).router
            actions, _ = await router.handle(Start(user_id=user_id))
            return "\n".join(a.screen.text for a in actions if isinstance(a, SendScreen))
        finally:
            await resolve(container.shutdown_resources())

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, start()).result()


def test_override_a_sleeplab_text_and_the_bot_sends_it(
    page: Page, settings: Settings, shots: Path
) -> None:
    assert "I'm SleepLab" in bot_says_on_start(settings, 9101)
    log_in(page)
    page.goto("/admin/texts?bot=sleeplab&locale=en&q=sleeplab.welcome")
    form = page.locator("form[data-key='sleeplab.welcome']")
    expect(form.locator("pre.default")).to_contain_text("Hello! I'm SleepLab")
    form.get_by_label("sleeplab.welcome").fill("Good evening! SleepLab here.\n\nYour language?")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Done: saved.")
    form = page.locator("form[data-key='sleeplab.welcome']")
    expect(form).to_contain_text("overridden")

    assert bot_says_on_start(settings, 9102) == "Good evening! SleepLab here.\n\nYour language?"

    page.goto("/admin/texts?bot=sleeplab&locale=en&q=sleeplab.menu.start")
    form = page.locator("form[data-key='sleeplab.menu.start']")
    form.get_by_label("sleeplab.menu.start").fill("Start the next level")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("keep the placeholders {level}")
    page.goto("/admin/texts?bot=sleeplab&locale=en&changed=yes")
    expect(page.locator("form[data-key]")).to_have_count(1)
    page.screenshot(path=shots / "texts.png", full_page=True)
    page.goto("/admin/audit")
    expect(page.locator("tr", has_text="text.set").first).to_contain_text(
        "text sleeplab/en/sleeplab.welcome"
    )

    page.goto("/admin/texts?bot=sleeplab&locale=en&q=sleeplab.welcome")
    page.locator("form[data-key='sleeplab.welcome']").get_by_role(
        "button", name="Reset to the catalog text"
    ).click()
    expect(page.get_by_role("status")).to_have_text("Done: saved.")
    assert "I'm SleepLab" in bot_says_on_start(settings, 9103)
    page.goto("/admin/lang/ru")
    page.goto("/admin/texts?bot=sleeplab&locale=ru&q=sleeplab.menu")
    expect(page.get_by_role("heading", name="Тексты ботов")).to_be_visible()
    page.screenshot(path=shots / "texts-ru.png", full_page=True)


def test_the_salon_project(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/salon")
    expect(page.get_by_role("heading", name="Specialists")).to_be_visible()
    expect(page.locator("tr[data-specialist]").first).to_be_visible()
    expect(page.locator("tr[data-service]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("active bookings")
    page.screenshot(path=shots / "salon.png", full_page=True)


def test_the_console_speaks_russian_by_choice_or_by_the_browser(
    browser: Browser, server: tuple[str, Seeded], shots: Path
) -> None:
    context = browser.new_context(
        base_url=server[0], viewport={"width": 1100, "height": 720}, locale="ru-RU"
    )
    page = context.new_page()
    try:
        page.goto("/admin/login")
        expect(page.get_by_role("heading", name="Вход")).to_be_visible()
        page.fill("input[name=username]", OPERATOR)
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expect(page.get_by_role("heading", name="Пользователи", exact=True)).to_be_visible()
        page.goto(f"/admin/users/{USER}")
        expect(page.get_by_role("heading", name="Заказы и платежи")).to_be_visible()
        page.screenshot(path=shots / "user-ru.png", full_page=True)
        page.get_by_role("link", name="en", exact=True).click()
        expect(page.get_by_role("heading", name="Orders and payments")).to_be_visible()
        page.goto("/admin/users")
        expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    finally:
        context.close()


def test_cancel_a_gift_order(page: Page, shots: Path) -> None:
    log_in(page)
    page.goto("/admin/orders")
    row = page.locator("tr", has_text=GIFT)
    expect(row).to_contain_text("placed")
    expect(row).to_contain_text("Anna Petrova")
    page.screenshot(path=shots / "orders.png")
    row.get_by_role("button", name="cancel").click()
    expect(page.get_by_role("status")).to_have_text("Done: cancelled.")
    expect(page.locator("tr", has_text=GIFT)).to_contain_text("cancelled")
    page.goto("/admin/audit")
    expect(page.locator("tr", has_text="gift_order.cancel")).to_contain_text(
        f"8 points back to user {USER}"
    )


def test_save_a_bonus_code_group(page: Page) -> None:
    log_in(page)
    page.goto("/admin/promos")
    form = page.locator("form[action='/admin/promos/group']")
    form.get_by_label("Codes").fill("walk10, run10\nhike10")
    form.get_by_label("Points per code").fill("10")
    form.get_by_role("button", name="Save the group").click()
    expect(page.get_by_role("status")).to_have_text("Done: bonus codes saved.")
    for code in ("WALK10", "RUN10", "HIKE10"):
        expect(page.locator("tr", has_text=code)).to_contain_text("10 ")
    form = page.locator("form[action='/admin/promos/group']")
    form.get_by_label("Codes").fill("x")
    form.get_by_label("Points per code").fill("10")
    form.get_by_role("button", name="Save the group").click()
    expect(page.get_by_role("alert")).to_contain_text("code")
