"""Building blocks for bots of other kinds: a screener made of data.

``screener_bot(name, folder)`` turns a folder holding ``questionnaire.toml``, ``rules.toml``
and ``locales/`` into an installable :class:`~sleeplab_core.platform.Bot`: an optional
consent gate, the questionnaire one question at a time (checkpointed after every answer),
and a result screen listing what the rules found. See docs/building-a-bot.md.
"""

from sleeplab_core.botkit.checks import RulesMismatch, check_rules_against
from sleeplab_core.botkit.screener import ScreenerContent, load_screener, screener_bot

__all__ = [
    "RulesMismatch",
    "ScreenerContent",
    "check_rules_against",
    "load_screener",
    "screener_bot",
]
