import sys
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sleeplab_core.kernel.i18n import DictCatalog
from sleeplab_core.questionnaires import Definition, load_definition

# The shared hypothesis strategies live in tests/strategies.py (one module for the suite).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PACKAGE = resources.files("sleeplab_core")
DEMO = PACKAGE / "questionnaires" / "examples" / "demo.toml"


Texts = dict[str, dict[str, str | tuple[str, ...]]]


def questionnaire_texts() -> Texts:
    """The engine's own PO files as shipped: ``{locale: {key: text or plural forms}}``."""
    texts: dict[str, dict[str, str | tuple[str, ...]]] = {}
    for locale in ("en", "ru"):
        path = PACKAGE / "locales" / locale / "LC_MESSAGES" / "questionnaires.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        table: dict[str, str | tuple[str, ...]] = {}
        for message in catalog:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            table[key] = (
                tuple(message.string)
                if isinstance(message.string, tuple | list)
                else message.string
            )
        texts[locale] = table
    return texts


@pytest.fixture(scope="session")
def demo() -> Definition:
    return load_definition(str(DEMO))


@pytest.fixture(scope="session")
def po_texts() -> Texts:
    return questionnaire_texts()


@pytest.fixture(scope="session")
def catalog(po_texts: Texts) -> DictCatalog:
    return DictCatalog(po_texts)
