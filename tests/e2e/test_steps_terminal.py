"""`sleeplab chat --bot steps` for real: register, walk in the frost, family, order a gift.

The weather comes over HTTP from a local stand-in of Open-Meteo the test starts, so the
breakdown shows a real temperature coefficient; everything else runs offline on SQLite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FINAL = (
    "Спасибо за участие в игре! \n"
    "🎁 Как идет Ваш подарок можно увидеть по ссылке, которую Яндекс выслал в смс."
)
JOURNEY = [
    "/start",
    "Аня",
    "8(999)123",
    "+7 999 123-45-67",
    "Москва",
    "anna@example.com",  # register (one bad phone), the optional e-mail given
    "1",
    "1",
    "1",
    "200",
    "30000",  # start a walk → form → today → 200 min, 30 000 steps
    "/family",
    "1",
    "Ивановы",  # create a family
    "/catalog",
    "1",
    "1",
    "1",  # gifts → category → water bottle → order to a pickup point
    "Тверь",
    "москва",
    "1",  # a city without pickup points, then Moscow's first one
    "Иван",
    "Петров",
    "+79991234567",
    "1",  # recipient, confirm
]


class _OpenMeteo(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(
            {
                "latitude": 55.76,
                "longitude": 37.62,
                "timezone": "GMT",
                "current_units": {"time": "iso8601", "interval": "seconds", "temperature_2m": "°C"},
                "current": {"time": "2026-01-10T09:00", "interval": 900, "temperature_2m": -15.3},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def weather_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OpenMeteo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def chat(data_dir: Path, lines: list[str], weather_url: str) -> list[dict[str, object]]:
    env = {**os.environ, "SLEEPLAB_DATA_DIR": str(data_dir), "SLEEPLAB_WEATHER_URL": weather_url}
    env.pop("SLEEPLAB_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "entrypoints", "chat", "--bot", "steps", "--json", "--lang", "ru"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_a_player_registers_walks_joins_a_family_and_orders_a_gift(
    tmp_path: Path, weather_url: str
) -> None:
    texts = [str(action.get("text", "")) for action in chat(tmp_path, JOURNEY, weather_url)]
    assert any("не похоже на полный номер" in text for text in texts)
    assert "✅ E-mail сохранён: anna@example.com" in texts
    walk = next(text for text in texts if "Прогулка засчитана" in text)
    assert "🌡 -15.3 °C → коэффициент ×1.3" in walk
    assert "30000 / 1000 × 1.0 × 1.3 = 39 баллов" in walk
    assert "Начислено: 39 баллов" in walk
    assert any("Семья «Ивановы», участников: 1" in text for text in texts)
    assert "К сожалению нет доступных ПВЗ по указанному адресу." in texts
    assert texts[-1] == FINAL
    again = chat(tmp_path, ["/points"], weather_url)
    assert "Баланс: 9 баллов" in str(again[-1]["text"])
