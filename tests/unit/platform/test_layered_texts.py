"""A bot's catalogs are laid over the library's: its keys win, its locales join."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.babel_catalog import CatalogError, load_catalog
from sleeplab_core.kernel.i18n import Message

HEADER = """msgid ""
msgstr ""
"Language: {locale}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def write_po(root: Path, locale: str, entries: dict[str, str]) -> None:
    folder = root / locale / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f'msgid "{key}"\nmsgstr "{text}"\n\n' for key, text in entries.items())
    (folder / "bot.po").write_text(HEADER.format(locale=locale) + body, encoding="utf-8")


def test_a_bot_text_replaces_the_librarys_and_adds_its_own(tmp_path: Path) -> None:
    write_po(tmp_path, "en", {"kit.again": "One more time", "mood.hello": "Hi"})
    write_po(tmp_path, "ru", {"kit.again": "Ещё раз", "mood.hello": "Привет"})

    texts = load_catalog(overlays=[tmp_path])

    assert texts.render("en", Message("kit.again")) == "One more time"
    assert texts.render("ru", Message("mood.hello")) == "Привет"
    assert texts.render("en", Message("kit.back")) == load_catalog().render(
        "en", Message("kit.back")
    ), "keys the bot leaves alone keep the library's text"


def test_a_bot_may_bring_a_locale_of_its_own_only_complete(tmp_path: Path) -> None:
    write_po(tmp_path, "de", {"mood.hello": "Hallo"})

    with pytest.raises(CatalogError, match="missing"):
        load_catalog(overlays=[tmp_path])


def test_the_same_key_twice_in_one_layer_is_an_error(tmp_path: Path) -> None:
    write_po(tmp_path, "en", {"mood.hello": "Hi"})
    second = tmp_path / "en" / "LC_MESSAGES" / "second.po"
    second.write_text(HEADER.format(locale="en") + 'msgid "mood.hello"\nmsgstr "Hey"\n')

    with pytest.raises(CatalogError, match="already defined"):
        load_catalog(overlays=[tmp_path])
