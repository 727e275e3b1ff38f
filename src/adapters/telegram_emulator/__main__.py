"""Run the emulator standalone: ``python -m adapters.telegram_emulator --port 8081``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .emulator import Emulator


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Loopback Telegram Bot API emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=None, help="bot token to accept (random by default)")
    return parser.parse_args()


async def _serve(args: argparse.Namespace) -> None:
    async with Emulator(args.token, host=args.host, port=args.port) as emulator:
        print(f"Bot API base URL: {emulator.base_url}", flush=True)
        print(f"Bot token:        {emulator.token}", flush=True)
        print(f"Test control API: {emulator.base_url}/_emulator/info", flush=True)
        await asyncio.Event().wait()


def main() -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(_arguments()))


if __name__ == "__main__":
    main()
