"""The terminal channel: a person plays a bot in a console (``sleeplab chat``)."""

from adapters.terminal.channel import TerminalChannel
from adapters.terminal.input import parse_line

__all__ = ["TerminalChannel", "parse_line"]
