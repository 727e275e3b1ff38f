"""The intent of a message, from keywords in English and Russian."""

from __future__ import annotations

from sleeplab_core.booking.parsing.model import Intent

# Checked in this order: "отмените запись" is a cancellation, not a booking.
KEYWORDS: tuple[tuple[Intent, tuple[str, ...]], ...] = (
    (Intent.CANCEL, (
        "cancel", "can't come", "cannot come", "can not come", "won't come", "call off",
        "отмен", "не смогу прийти", "не приду", "не получится прийти",
    )),
    (Intent.RESCHEDULE, (
        "reschedul", "move my", "move me", "move it", "move the", "postpone", "change my",
        "another time", "different time", "shift my",
        "перенес", "перенос", "перезапис", "сдвин", "поменя", "измени", "другое время",
    )),
    (Intent.QUESTION, (
        "how much", "price", "cost", "address", "where are", "opening hours", "when are you open",
        "сколько стоит", "цена", "стоимост", "адрес", "где вы", "часы работы", "как добраться",
    )),
    (Intent.BOOK, (
        "book", "appointment", "sign me up", "can i get", "can i come", "i want", "i'd like",
        "i would like", "reserve", "free slot", "available",
        "запиш", "запис", "хочу", "можно", "свободн", "окошк", "забронир",
    )),
)  # fmt: skip


def intent_of(text: str, *, mentions_booking_details: bool) -> Intent:
    """The first intent whose keywords occur; details alone (a service, a day) mean booking."""
    lowered = text.lower().replace("ё", "е").replace("’", "'")
    for intent, words in KEYWORDS:
        if any(word in lowered for word in words):
            return intent
    if mentions_booking_details:
        return Intent.BOOK
    return Intent.QUESTION if lowered.rstrip().endswith("?") else Intent.OTHER
