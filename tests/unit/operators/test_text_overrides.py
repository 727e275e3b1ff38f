"""Operators' text overrides: checked against the catalog text, laid over the bot's layers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.babel_catalog import load_catalog
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.operators import OPERATORS
from sleeplab_core.operators.model import TextOverride
from sleeplab_core.operators.texts import OverriddenCatalog, check_override, placeholders
from sleeplab_core.operators.use_cases import (
    reset_text_override,
    set_text_override,
    text_overrides,
)
from sleeplab_core.storage import InMemoryStore

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DEFAULT = "Hello {name}, you have {points} points"


def test_an_override_keeping_every_placeholder_is_accepted_in_any_order() -> None:
    assert (
        check_override(DEFAULT, "  {points} points for {name}! ") == "{points} points for {name}!"
    )
    assert check_override("", "Line\r\n\r\nnext") == "Line\n\nnext", "a browser's CRLF"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Hello {name}", "keep the placeholders {points}"),
        ("Hi", "keep the placeholders {name}, {points}"),
        ("{name} {points} {user_id}", "unknown placeholders {user_id}"),
        ("{name} {points} {", "unpaired brace"),
        ("{name} {points} {}", "name every placeholder"),
        ("   ", "the text is empty"),
        ("{name} {points}" + "x" * 4000, "at most 4000 characters"),
    ],
)
def test_a_bad_override_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_override(DEFAULT, text)
    assert reason in str(refused.value)
    assert refused.value.field == "text"


def test_literal_braces_are_not_placeholders() -> None:
    assert placeholders("{{not}} {name} {user.id} {items[0]}") == {"name", "user", "items"}


@given(
    names=st.sets(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), max_size=4),
    dropped=st.data(),
)
def test_an_accepted_override_always_renders_with_the_defaults_parameters(
    names: set[str], dropped: st.DataObject
) -> None:
    default = "Text " + " ".join(f"{{{n}}}" for n in sorted(names))
    kept = dropped.draw(st.sets(st.sampled_from(sorted(names)))) if names else set()
    candidate = "New " + " ".join(f"{{{n}}}" for n in sorted(kept))
    params = {n: n.upper() for n in names}
    if kept == names:
        assert check_override(default, candidate).format(**params)
    else:
        with pytest.raises(ValidationFailed):
            check_override(default, candidate)


def _layers(tmp_path: Path) -> OverriddenCatalog:
    """Library defaults, then a bot catalog redefining ``sleeplab.menu.start``."""
    for locale in ("en", "ru"):
        folder = tmp_path / locale / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "bot.po").write_text(
            f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            f'msgid "sleeplab.menu.start"\nmsgstr "Bot {locale}: level {{level}}"\n',
            encoding="utf-8",
        )
    return OverriddenCatalog(load_catalog(overlays=[tmp_path]))


def test_the_layers_are_library_then_bot_catalog_then_operator_overrides(
    tmp_path: Path,
) -> None:
    catalog = _layers(tmp_path)
    start = Message("sleeplab.menu.start", {"level": 2})
    welcome = Message("sleeplab.welcome")
    library = load_catalog()
    assert catalog.render("en", welcome) == library.render("en", welcome), "library default"
    assert catalog.render("en", start) == "Bot en: level 2", "the bot's catalog over it"

    catalog.replace(
        [
            TextOverride(
                bot="b", locale="en", key="sleeplab.menu.start", text="Go {level}!", changed_at=T0
            ),
            TextOverride(
                bot="b", locale="ru", key="sleeplab.welcome", text="Привет", changed_at=T0
            ),
        ]
    )
    assert catalog.render("en", start) == "Go 2!", "the operator's override over both"
    assert catalog.render("ru", start) == "Bot ru: level 2", "per locale"
    assert catalog.render("ru", welcome) == "Привет"
    assert catalog.render("xx", start) == "Go 2!", "an unknown locale falls back to en"

    catalog.replace([])
    assert catalog.render("en", start) == "Bot en: level 2", "reset: the bot's text again"


async def test_set_list_and_reset_through_the_use_cases() -> None:
    store = InMemoryStore(modules=[OPERATORS])
    clock = FakeClock(T0)
    saved = await set_text_override(
        store, clock, bot="sleeplab", locale="en", key="k", text=" Hi {name} ", default="{name}"
    )
    assert saved.text == "Hi {name}"
    with pytest.raises(ValidationFailed):
        await set_text_override(
            store, clock, bot="sleeplab", locale="en", key="k", text="Hi", default="{name}"
        )
    assert [o.text for o in await text_overrides(store, "sleeplab")] == ["Hi {name}"]
    assert await text_overrides(store, "steps") == []
    assert await reset_text_override(store, bot="sleeplab", locale="en", key="k")
    assert not await reset_text_override(store, bot="sleeplab", locale="en", key="k")
    assert await text_overrides(store, "sleeplab") == []
