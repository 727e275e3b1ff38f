"""The platform's structural promises: importable modules, a pure core, discoverable bots."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from sleeplab_core.platform import Bot, UnknownBot, installed_bots, load_bot

CORE = Path(__file__).parents[2] / "src" / "sleeplab_core"
ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "attrs", "attr", "typing_extensions"}
TESTING_KIT_EXTRAS = {"hypothesis", "pytest"}

IMPORT_EACH_ALONE = """
import importlib, sys
names = sys.argv[1:]
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m.startswith("sleeplab_core")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:  # report every failure, not the first
        failed.append(f"{name}: {type(error).__name__}: {error}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_core_module_imports_on_its_own() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_ALONE, *core_modules()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_imports_only_the_standard_library_pydantic_and_attrs() -> None:
    graph = grimp.build_graph("sleeplab_core", include_external_packages=True)
    offenders = []
    for module in graph.modules:
        if not module.startswith("sleeplab_core"):
            continue
        allowed = ALLOWED_THIRD_PARTY | (
            TESTING_KIT_EXTRAS if module.startswith("sleeplab_core.testing") else set()
        )
        for imported in graph.find_modules_directly_imported_by(module):
            top = imported.split(".")[0]
            if top == "sleeplab_core" or top in sys.stdlib_module_names or top in allowed:
                continue
            offenders.append(f"{module} imports {imported}")
    assert offenders == []


def test_the_core_never_imports_by_name_at_run_time() -> None:
    """``importlib.import_module``/``__import__`` would slip past the import rules."""
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "attr", None) or getattr(node, "id", None)
            if name in {"import_module", "__import__"}:
                offenders.append(f"{path.relative_to(CORE)}:{node.lineno}")  # type: ignore[attr-defined]
    assert offenders == []


def test_sleeplab_and_the_assistant_are_installed_bots() -> None:
    assert {"sleeplab", "assistant"} <= set(installed_bots())
    for name in ("sleeplab", "assistant"):
        bot = load_bot(name)
        assert isinstance(bot, Bot)
        assert bot.name == name


def test_an_unknown_bot_names_the_installed_ones() -> None:
    with pytest.raises(UnknownBot, match=r"installed: .*sleeplab"):
        load_bot("no_such_bot")
