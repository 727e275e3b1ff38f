"""`sleeplab chat --bot coach` in a subprocess on a SQLite file: onboarding → a goal with a
photo → a check-in → structured advice, offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)  # the signature is what the format check reads


def chat(data_dir: Path, lines: list[str]) -> list[dict[str, object]]:
    env = {**os.environ, "SLEEPLAB_DATA_DIR": str(data_dir)}
    env.pop("SLEEPLAB_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints", "chat", "--bot", "coach", "--json"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_onboarding_goal_with_photo_check_in_and_advice_offline(tmp_path: Path) -> None:
    photo = tmp_path / "board.png"
    photo.write_bytes(PNG)
    onboarding = ["1", "Run a 5k", "health, sport", "2", "feel strong", "3", "25:00", "20:30", "1"]
    onboarding += ["22:00-08:00", "Atlantis", "Berlin", "3"]  # the day ends at 4:00
    goal = ["/new_goal", "Read 12 books", f"/photo {photo}", "1"]
    check_in = ["/checkin", "1", "Ran 2 km in the park", "rain", "kept going"]

    shown = chat(tmp_path, [*onboarding, *goal, *check_in])
    texts = [str(action["text"]) for action in shown]

    assert any("hours run 00–23" in text for text in texts), "25:00 is refused clearly"
    assert any("I don't know that city" in text for text in texts)
    assert any("Time zone: Europe/Berlin" in text for text in texts)
    assert any("when does your day end" in text for text in texts)
    assert any("How often shall I remind you?" in text for text in texts)
    assert any("Added to the mood board" in text for text in texts)
    advice = next(text for text in texts if "Check-in saved" in text)
    assert "1. " in advice
    assert "{" not in advice
    assert "Streak: 1 day" in texts[-1]
    assert list((tmp_path / "files").rglob("*.png")), "the photo is kept in the file store"

    again = chat(tmp_path, ["/progress"])
    assert "Streak: 1 day" in str(again[-1]["text"]), "state survives a restart (SQLite)"
