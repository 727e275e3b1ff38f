"""Running ``sleeplab`` commands in-process with Typer's CliRunner."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from entrypoints.cli import app

runner = CliRunner()


class Cli:
    """``sleeplab …`` in-process; every call builds its own container, as a shell would."""

    def __call__(self, *args: str) -> tuple[int, str]:
        """The exit code and everything printed (stdout and stderr)."""
        result = runner.invoke(app, list(args))
        return result.exit_code, result.output

    def json(self, *args: str) -> Any:
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)
