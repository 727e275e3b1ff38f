"""Configuration: environment variables with the ``SLEEPLAB_`` prefix, or a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting of every entrypoint. Secrets are SecretStr: never printed or logged."""

    model_config = SettingsConfigDict(
        env_prefix="SLEEPLAB_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Path("data")
    """Where the SQLite file, generated documents and exports live."""
    bots: str = ""
    """The installed bots this deployment serves, comma-separated (empty: every installed
    bot). The database holds the tables of these bots' modules."""
    database_url: str | None = None
    """``sqlite:///path`` or ``postgres://user:pass@host:5432/db``; default a SQLite file
    in the data directory. ``memory://`` keeps everything in memory (tests, demos)."""
    log_level: str = "WARNING"

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_framework: Literal["aiogram", "ptb"] = "aiogram"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    """Telegram sends it in ``X-Telegram-Bot-Api-Secret-Token``; 1–256 of ``A-Za-z0-9_-``."""
    telegram_global_rate: float = 30.0
    """Messages per second over all chats (Telegram allows about 30)."""
    telegram_global_burst: float = 30.0
    telegram_chat_rate: float = 1.0
    """Messages per second to one chat (Telegram allows about 1, short bursts pass)."""
    telegram_chat_burst: float = 4.0
    telegram_polling_timeout: int = 30
    """Seconds a long poll (getUpdates) waits for updates."""
    documents_dir: Path | None = None
    """The operator's own guide PDFs: a folder with ``catalog.toml`` (docs/documents.md);
    unset, the shipped sample guides are used."""
    intake_lease_seconds: float = 30.0
    """How long a process holds a user's stored updates without renewing (docs/reliability.md):
    after a crash, that user's remaining updates wait at most this long."""
    intake_retention_days: float = 7.0
    """Finished updates (and delivery marks) older than this are pruned, hourly."""
    redis_url: str | None = None
    """``redis://host:6379/0``: share Telegram's send limits among all processes."""
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    admin_secret: SecretStr | None = None
    """Signs the console's session cookies (``/admin``). Unset: a random key per process,
    so sessions end when the server restarts."""
    admin_cookie_secure: bool = True
    """Console cookies only over HTTPS (browsers also allow them on http://127.0.0.1)."""
    operator_telegram_ids: str = ""
    """Telegram user ids (comma-separated) who may use ``/admin`` in every bot; for anyone
    else the command does not exist."""

    # Language models (docs/llm.md). Keys come from the vendors' usual variables, no prefix.
    llm_providers: str = "offline"
    """Failover order, comma-separated: ``openai``, ``anthropic``, ``offline`` (keep it last)."""
    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_api_keys: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEYS")
    anthropic_api_key: SecretStr | None = Field(default=None, validation_alias="ANTHROPIC_API_KEY")
    anthropic_api_keys: SecretStr | None = Field(
        default=None, validation_alias="ANTHROPIC_API_KEYS"
    )
    openai_model: str = "gpt-5-mini"
    anthropic_model: str = "claude-haiku-4-5"
    openai_base_url: str | None = None
    anthropic_base_url: str | None = None
    llm_timeout_seconds: float = 60.0

    # The assistant bot (docs/assistant.md).
    assistant_trial_messages: int = 5
    """Free answers on first use, granted as credits that lapse after the trial days."""
    assistant_trial_days: int = 30
    assistant_price_per_answer: int = 1
    """Credits one answer costs (held before the model call, charged only on success)."""

    # Payments (docs/payments.md). A gateway is offered only when it is configured.
    telegram_provider_token: SecretStr | None = None
    """Telegram Payments (cards in RUB) through the provider BotFather connected."""
    bot_username: str | None = None
    """The bot's @username without the @: payment pages send the buyer back to t.me/<it>."""
    robokassa_login: str | None = None
    robokassa_password1: SecretStr | None = None
    robokassa_password2: SecretStr | None = None
    robokassa_hash: str = "md5"
    """md5, ripemd160, sha1, sha256, sha384 or sha512, as chosen in the shop's settings."""
    robokassa_test: bool = False
    tilda_secret: SecretStr | None = None
    """The secret last segment of the Tilda webhook URL: ``/payments/tilda/<secret>``."""
    tilda_token_secret: SecretStr | None = None
    """Signs the user token the Tilda form carries back (at least 16 characters)."""
    tilda_page_url: str | None = None
    """The Tilda landing page with the payment form (and its hidden ``sleeplab_token``)."""

    # SleepLab on the job system (docs/operations.md).
    delivery: Literal["instant", "delayed"] = "instant"
    """``delayed`` sends the diagnosis by a job ``delivery_delay_minutes`` after completion
    (run ``sleeplab worker``); ``instant`` sends it with the last answer, as the terminal
    chat needs: nothing there runs the worker."""
    delivery_delay_minutes: int = Field(default=120, ge=0)
    reminders: bool = True
    """Unfinished-questionnaire and report-not-opened reminders (sent by the worker)."""
    quiet_hours: str = Field(default="22:00-09:00", pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$")
    """Local hours (the user's time zone) in which no reminder or report is sent."""
    broadcast_rate: float = Field(default=25.0, gt=0, le=30)
    """Broadcast messages per second over all chats (Telegram allows about 30)."""

    def database(self) -> str:
        """The database URL in force."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir.resolve() / 'sleeplab.sqlite3').as_posix()}"

    @property
    def document_store_dir(self) -> Path:
        """Where generated reports and the installed guides are kept (under ``data_dir``)."""
        return self.data_dir / "documents"
