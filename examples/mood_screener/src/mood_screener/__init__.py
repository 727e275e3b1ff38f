"""A two-minute mood check (PHQ-2 and GAD-2) built on sleeplab: data files and this line.

Everything the bot says and decides lives in ``content/``: the questionnaire, the rules
that read it, and the texts in English and Russian. ``sleeplab chat --bot mood`` plays it.
"""

from pathlib import Path

from sleeplab_core.botkit import screener_bot

CONTENT = Path(__file__).parent / "content"

BOT = screener_bot(
    "mood",
    CONTENT,
    consent_version="2026-12",
    description="Two-minute mood check (PHQ-2, GAD-2)",
)
