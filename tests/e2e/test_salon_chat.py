"""`sleeplab chat --bot salon` in a subprocess on a SQLite file: book, move and cancel from
free text, offline, in English and Russian (the demo salon opens every day)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def chat(data_dir: Path, lines: list[str], *args: str) -> list[dict[str, object]]:
    env = {**os.environ, "SLEEPLAB_DATA_DIR": str(data_dir)}
    for name in ("SLEEPLAB_DATABASE_URL", "SLEEPLAB_SALON_CONFIG", "SLEEPLAB_LLM_PROVIDERS"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints", "chat", "--bot", "salon", "--json", *args],
        input="\n".join(lines) + "\n", capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def texts(screens: list[dict[str, object]]) -> list[str]:
    return [str(screen["text"]) for screen in screens]


def test_english_free_text_books_moves_and_cancels(tmp_path: Path) -> None:
    booked = texts(chat(tmp_path, ["can I get a manicure with Anna in 2 days after 3?", "1", "1"]))
    assert booked[-1].startswith("Booked: Manicure with Anna")
    assert "15:00" in booked[-1]

    moved = texts(chat(tmp_path, ["please move my appointment, in 3 days", "1"]))
    assert moved[-1].startswith("Moved: Manicure with Anna")

    cancelled = texts(chat(tmp_path, ["cancel my booking", "1", "/bookings"]))
    assert cancelled[-2].startswith("Cancelled: Manicure with Anna")
    assert cancelled[-1] == "You have no upcoming bookings."


def test_russian_free_text_books_moves_and_cancels(tmp_path: Path) -> None:
    booked = texts(
        chat(tmp_path, ["хочу стрижку к Маше через 2 дня в 12", "1", "1"], "--lang", "ru")
    )
    assert booked[-1].startswith("Вы записаны: Стрижка, мастер Мария")
    assert "12:00" in booked[-1]

    moved = texts(chat(tmp_path, ["перенесите меня через 3 дня", "1"]))
    assert moved[-1].startswith("Запись перенесена: Стрижка, мастер Мария")

    cancelled = texts(chat(tmp_path, ["отмените запись", "1"]))
    assert cancelled[-1].startswith("Запись отменена: Стрижка")


def test_an_impossible_date_is_explained_and_nothing_is_booked(tmp_path: Path) -> None:
    replies = texts(chat(tmp_path, ["маникюр 31 февраля", "/bookings"], "--lang", "ru"))
    assert "Такой даты нет" in replies[-2]
    assert replies[-1] == "У вас нет предстоящих записей."
