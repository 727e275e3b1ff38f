"""The ``sleeplab`` command line (Typer + Rich)."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer

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
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


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
        run_chat(container, bot=bot, user_id=user, lang=lang, unlock=unlock, as_json=json_output)
    )
    raise typer.Exit(code)


def main() -> None:
    app()
