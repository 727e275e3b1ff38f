"""README's first command for real: `sleeplab chat` in a subprocess, on a SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIRST_RUN = ["1", "1", "1", "35"]  # English, I agree, start L0, age 35
SECOND_RUN = ["1", "1", "23:30", "07:00", "1", "1", "7 h", "1", "1", "3", "1", "1"]


def chat(data_dir: Path, lines: list[str], *args: str) -> list[dict[str, object]]:
    env = {**os.environ, "SLEEPLAB_DATA_DIR": str(data_dir)}
    env.pop("SLEEPLAB_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints", "chat", "--json", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_the_terminal_plays_l0_to_its_result_and_resumes_after_a_restart(tmp_path: Path) -> None:
    first = chat(tmp_path, FIRST_RUN)
    assert "What is your sex?" in str(first[-1]["text"])
    assert (tmp_path / "sleeplab.sqlite3").exists()

    second = chat(tmp_path, SECOND_RUN)
    assert "What is your sex?" in str(second[0]["text"]), "resumes at the exact question"
    assert "short result" in str(second[-1]["text"])
    assert "Go on to level L1" in second[-1]["buttons"]  # type: ignore[operator]


def test_json_output_has_type_text_and_button_labels(tmp_path: Path) -> None:
    (welcome,) = chat(tmp_path, [])
    assert welcome["type"] == "screen"
    assert welcome["buttons"] == ["English", "Русский"]


def test_unlock_opens_the_paid_level_and_lang_picks_russian(tmp_path: Path) -> None:
    chat(tmp_path, FIRST_RUN)
    chat(tmp_path, SECOND_RUN)
    third = chat(tmp_path, ["1"], "--unlock", "--lang", "ru")
    assert "Вопрос 1" in str(third[-1]["text"])


def test_a_user_buys_level_one_with_stars_in_the_terminal(tmp_path: Path) -> None:
    chat(tmp_path, FIRST_RUN)
    bought = chat(tmp_path, [*SECOND_RUN, "1", "1", "/pay"])  # go on to L1, Stars, pay
    kinds = [action["type"] for action in bought]
    assert "invoice" in kinds
    assert {"type": "delete", "tag": "offer"} in bought, "the unpaid banner is removed"
    assert "Level L1 is unlocked" in str(bought[-2]["text"])
    assert "Question 1" in str(bought[-1]["text"]), "the paid level starts at once"
    again = chat(tmp_path, ["/pay"])
    assert not [a for a in again if a["type"] == "invoice"], "nothing is left to pay"
