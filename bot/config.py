"""Settings from ``GRIDBOT_*`` environment variables and an optional ``.env`` file."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the bot can be configured with; built once in the entry point."""

    model_config = SettingsConfigDict(
        env_prefix="GRIDBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = Field(default=None, description="Bot token from @BotFather")
    database_url: str = "sqlite+aiosqlite:///gridbot.db"
    telegram_api_url: str = "https://api.telegram.org"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Asia/Shanghai"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    rate_limiter: bool = True
    webhook_url: str | None = Field(
        default=None, description="Public HTTPS base URL Telegram posts to (webhook mode)"
    )
    webhook_path: str = Field(default="/telegram", description="Path of the webhook route")
    webhook_listen: str = Field(default="127.0.0.1", description="Address the server binds")
    webhook_port: int = Field(default=8080, description="Port the server listens on")
    webhook_secret: SecretStr | None = Field(
        default=None, description="X-Telegram-Bot-Api-Secret-Token value (webhook mode)"
    )
    delivery_give_up_hours: float = Field(
        default=24.0,
        gt=0,
        description="Retry notifications and notice copies through transient failures this long",
    )
    delayed_after_minutes: int = Field(
        default=15, ge=1, description="A pending notification older than this counts as delayed"
    )
    tickets_per_hour: int = Field(
        default=5, ge=1, description="New tickets one resident may open per rolling hour"
    )
    webhook_max_body: int = Field(
        default=1_048_576, ge=1024, description="Largest webhook request body, in bytes (413)"
    )
    api_rate_per_minute: float = Field(
        default=60.0, gt=0, description="Open API: requests per minute per key, on average"
    )
    api_burst: int = Field(
        default=20, ge=1, description="Open API: requests one key may send at once (bucket size)"
    )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """Accept ``1,2,3`` (or spaces) as well as a JSON list."""
        if isinstance(value, str):
            return [int(part) for part in value.replace(",", " ").split()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """Fail early on an unknown IANA time zone."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: the API root plus ``/bot``."""
        return f"{self.telegram_api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's ``base_file_url``: the API root plus ``/file/bot``."""
        return f"{self.telegram_api_url}/file/bot"

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)
