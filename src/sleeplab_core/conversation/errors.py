from sleeplab_core.kernel.errors import SleeplabError


class RecipientBlocked(SleeplabError):
    """The user blocked the bot (Telegram 403): mark them inactive, send nothing more."""


class UnknownFlow(SleeplabError):
    """A bot definition names a flow it does not have."""
