"""Configuration: environment variables with the ``SLEEPLAB_`` prefix, or a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of every entrypoint. Secrets are SecretStr: never printed or logged."""

    model_config = SettingsConfigDict(
        env_prefix="SLEEPLAB_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Path("data")
    """Where the SQLite file, generated documents and exports live."""
    database_url: str | None = None
    """``sqlite:///path`` or ``postgres://user:pass@host:5432/db``; default a SQLite file
    in the data directory. ``memory://`` keeps everything in memory (tests, demos)."""
    log_level: str = "WARNING"

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_framework: Literal["aiogram", "ptb"] = "aiogram"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None

    def database(self) -> str:
        """The database URL in force."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir.resolve() / 'sleeplab.sqlite3').as_posix()}"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"
