"""``python -m adapters.tortoise.migrations new <name>`` | ``check``: see docs/storage.md."""

from __future__ import annotations

import argparse
import asyncio
import sys

from adapters.tortoise.migrations import DIALECTS, make_migration, pending_changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.tortoise.migrations")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write the next migration for every dialect")
    new.add_argument("name", help="what changed, e.g. add_user_country (snake_case)")
    commands.add_parser("check", help="exit 1 when the models have unmigrated changes")
    args = parser.parse_args(argv)
    if args.command == "new":
        for dialect in DIALECTS:
            written = asyncio.run(make_migration(dialect, args.name))
            print(f"{dialect}: {written or 'no changes'}")
        return 0
    dirty = False
    for dialect in DIALECTS:
        changes = asyncio.run(pending_changes(dialect))
        dirty = dirty or bool(changes)
        print(f"{dialect}: {'up to date' if not changes else 'pending changes'}")
        for change in changes:
            print(f"  {change}")
    return 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main())
