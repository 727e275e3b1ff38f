"""The ``sleeplab`` command line (Typer + Rich)."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any

import typer

from entrypoints.extras import extra_for_module, install_hint
from entrypoints.operator_cli import mount as mount_operator_commands
from entrypoints.operators_cli import app as operators_app
from entrypoints.payments_cli import app as payments_app
from entrypoints.promo_cli import app as promo_app
from entrypoints.settings import Settings

app = typer.Typer(
    name="sleeplab",
    help="sleeplab: wellness bots in the terminal, in Telegram, and their operator tools.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """sleeplab: wellness bots in the terminal, in Telegram, and their operator tools."""


def _configure_logging(settings: Settings) -> None:
    from entrypoints.log_hygiene import install

    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install(settings)


@app.command()
def chat(
    bot: Annotated[str, typer.Option(help="Which bot to play.")] = "sleeplab",
    lang: Annotated[str | None, typer.Option(help="Language: ru or en.")] = None,
    user: Annotated[int, typer.Option(help="The user id to play as (resumes that user).")] = 1,
    unlock: Annotated[
        bool, typer.Option(help="DEVELOPER FLAG: open the paid levels without paying.")
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per outbound action.")
    ] = False,
    jobs: Annotated[
        bool,
        typer.Option(
            "--jobs/--no-jobs",
            help="Run the bot's due jobs here (delayed reports, reminders); --no-jobs when a "
            "worker runs against the same database.",
        ),
    ] = True,
) -> None:
    """Play a bot in the terminal. Type a number to press a button; /back, /restart, /start."""
    from entrypoints.chat import run_chat
    from entrypoints.containers import build_container

    settings = Settings()
    _configure_logging(settings)
    container = build_container(settings)
    if bot not in container.bots():
        raise typer.BadParameter(f"unknown bot {bot!r}; choose from {sorted(container.bots())}")
    code = asyncio.run(
        run_chat(
            container,
            bot=bot,
            user_id=user,
            lang=lang,
            unlock=unlock,
            as_json=json_output,
            run_jobs=jobs,
        )
    )
    raise typer.Exit(code)


@app.command("bots")
def list_bots() -> None:
    """List the installed bots (entry-point group ``sleeplab.bots``)."""
    from sleeplab_core.platform import installed_bots, load_bot

    for name in installed_bots():
        typer.echo(f"{name}\t{load_bot(name).description}")


@app.command()
def bot(
    bot: Annotated[str, typer.Option("--bot", help="Which bot to run.")] = "sleeplab",
    framework: Annotated[
        str | None, typer.Option(help="aiogram or ptb (default SLEEPLAB_TELEGRAM_FRAMEWORK).")
    ] = None,
    mode: Annotated[str, typer.Option(help="polling or webhook.")] = "polling",
    with_worker: Annotated[
        bool, typer.Option(help="Also run the job worker in this process (polling only).")
    ] = False,
) -> None:
    """Run a bot in Telegram (SLEEPLAB_TELEGRAM_TOKEN) by long polling or behind a webhook."""
    from entrypoints.bot import FRAMEWORKS, BotConfigError, run_bot
    from entrypoints.containers import build_container
    from entrypoints.secret_policy import WeakSecret

    settings = Settings()
    _configure_logging(settings)
    chosen = framework or settings.telegram_framework
    if chosen not in FRAMEWORKS:
        raise typer.BadParameter(f"choose --framework from {list(FRAMEWORKS)}")
    if mode not in ("polling", "webhook"):
        raise typer.BadParameter("choose --mode polling or webhook")
    container = build_container(settings)
    if bot not in container.bots():
        raise typer.BadParameter(f"unknown bot {bot!r}; choose from {sorted(container.bots())}")
    try:
        run_bot(
            container,
            bot=bot,
            framework=chosen,
            mode=mode,  # type: ignore[arg-type]
            with_worker=with_worker,
        )
    except (BotConfigError, WeakSecret) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from error
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


@app.command()
def web(
    bot: Annotated[str, typer.Option("--bot", help="The bot behind the Telegram webhook.")] = (
        "sleeplab"
    ),
    host: Annotated[
        str | None, typer.Option(help="Interface to listen on (default SLEEPLAB_WEB_HOST).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on (default SLEEPLAB_WEB_PORT).")
    ] = None,
) -> None:
    """Serve the HTTP app: /health and, with a token, POST /telegram/webhook."""
    from entrypoints.containers import build_container
    from entrypoints.secret_policy import WeakSecret
    from entrypoints.web.app import serve

    settings = Settings()
    overrides = {"web_host": host, "web_port": port}
    settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    _configure_logging(settings)
    try:
        serve(build_container(settings), bot=bot)
    except WeakSecret as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from error


@app.command()
def secret() -> None:
    """Print a fresh strong secret for SLEEPLAB_WEBHOOK_SECRET or the Tilda secrets."""
    from entrypoints.secret_policy import new_secret

    typer.echo(new_secret())


@app.command()
def worker(
    plugin: Annotated[
        list[str] | None,
        typer.Option(help="A module to import that registers job handlers (repeatable)."),
    ] = None,
    name: Annotated[str | None, typer.Option(help="The worker's name (default host:pid).")] = None,
    lease_seconds: Annotated[
        float, typer.Option(help="How long a claimed job stays reserved without a heartbeat.")
    ] = 120.0,
    batch_size: Annotated[int, typer.Option(help="Jobs claimed and run together.")] = 10,
    poll_interval: Annotated[float, typer.Option(help="Seconds to wait when no job is due.")] = 1.0,
    bot: Annotated[
        list[str] | None,
        typer.Option("--bot", help="Also run this installed bot's jobs (repeatable)."),
    ] = None,
) -> None:
    """Run due jobs (deliveries, reminders, broadcasts) until SIGTERM or Ctrl-C."""
    from entrypoints.containers import build_container
    from entrypoints.worker import import_plugins, worker_settings

    settings = Settings()
    _configure_logging(settings)
    from entrypoints.bot import telegram_handlers_for_worker

    import_plugins(plugin or [])
    options = worker_settings(
        name=name, lease_seconds=lease_seconds, batch_size=batch_size, poll_interval=poll_interval
    )
    container = build_container(settings)
    sleeplab = telegram_handlers_for_worker(container)
    asyncio.run(_work(container, options, bot or [], [sleeplab] if sleeplab else []))


async def _work(container: Any, options: Any, bots: list[str], channels: list[Any]) -> None:
    """Run the worker; then close every Telegram channel it opened (their HTTP sessions),
    also when it stops on an error."""
    from entrypoints.bot import TelegramPushChannel
    from entrypoints.containers import register_bot_handlers
    from entrypoints.worker import run_worker

    try:
        for name in bots:
            if name not in container.bots():
                known = sorted(container.bots())
                raise typer.BadParameter(f"unknown bot {name!r}; choose from {known}")
            channel = TelegramPushChannel(container, bot=name)
            channels.append(channel)
            await register_bot_handlers(container, name, channel)
        await run_worker(container, options)
    finally:
        for channel in channels:
            await channel.close()


app.add_typer(payments_app, name="payments")
app.add_typer(promo_app, name="promo")
app.add_typer(operators_app, name="operator")
mount_operator_commands(app)  # fixtures, user-status, jobs, broadcast, smoke


def main() -> None:
    """The console script: a missing optional extra gets a one-line hint, not a traceback."""
    try:
        app()
    except ModuleNotFoundError as error:
        extra = extra_for_module(error.name)
        if extra is None:
            raise
        typer.secho(
            f"sleeplab: this needs the '{extra}' extra ({error.name} is not installed); "
            f"install it with: {install_hint(extra)}",
            fg=typer.colors.RED,
            err=True,
        )
        raise SystemExit(2) from None
