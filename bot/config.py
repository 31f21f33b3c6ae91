"""Settings from ``GRIDBOT_*`` environment variables and an optional ``.env`` file."""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

WORKING_HOURS = re.compile(r"\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*")


def _numbers(value: Any, kind: type[int] | type[float]) -> Any:
    """``1,2,3`` (or spaces) as a list of numbers; other values unchanged."""
    if isinstance(value, str):
        return [kind(part) for part in value.replace(",", " ").split()]
    return value


DEFAULT_CARE_DAYS: dict[str, int] = {
    "独居老人": 1,
    "重点关注": 7,
    "高龄": 30,
    "残疾": 30,
    "低保": 30,
}
"""进百家门 care groups and days between visits (CASEWORK.md: elders living alone daily,
high-risk residents weekly, key groups monthly)."""
DEFAULT_EVERY_DAYS = 180
"""Every household at least every six months."""


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
    metoo_high_priority_households: int = Field(
        default=3,
        ge=0,
        description="A ticket this many households share (我也遇到, 并单) rises to high priority"
        " (0: never)",
    )
    hotspot_households: int = Field(
        default=3, ge=2, description="多人同诉: this many households, same category and place"
    )
    hotspot_repeats: int = Field(
        default=3, ge=2, description="一人多诉: one resident reporting one category this often"
    )
    hotspot_days: int = Field(
        default=30, ge=1, le=366, description="The window of days hotspots are counted in"
    )
    hotspot_watch_at: str = Field(
        default="08:00",
        pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
        description="When the daily hotspot watch tells admins of new hotspots (HH:MM, local)",
    )
    visit_days: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_CARE_DAYS),
        description="进百家门: care groups (in display order) and days between their visits",
    )
    visit_every_days: int = Field(
        default=DEFAULT_EVERY_DAYS, ge=1, description="Days between visits to every household"
    )
    webhook_max_body: int = Field(
        default=1_048_576, ge=1024, description="Largest webhook request body, in bytes (413)"
    )
    # issue 14: the working-hour calendar (工作时) and the weights of the composite rate
    working_days: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5], description="Working weekdays, 1 = Monday"
    )
    working_hours: str = Field(
        default="08:30-12:00,14:00-17:30", description="Working periods of a working day"
    )
    holidays_file: str | None = Field(
        default=None,
        description="Holidays and 调休 workdays YAML (default deploy/holidays.yaml)",
    )
    verify_wait_hours: float = Field(
        default=24.0,
        gt=0,
        description="核查: remind the checkers after this many hours waiting; 督办 after twice",
    )
    rate_weights: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: [30.0, 35.0, 35.0],
        description="Weights of 响应率, 按期结案率 and 满意率 in the composite",
    )

    @field_validator("working_days", mode="before")
    @classmethod
    def _split_days(cls, value: Any) -> Any:
        """``1,2,3,4,5`` (ISO weekdays, 1 = Monday); each from 1 to 7."""
        days = _numbers(value, int)
        if not isinstance(days, list) or not all(1 <= int(d) <= 7 for d in days):
            raise ValueError("working days are weekday numbers from 1 (Monday) to 7 (Sunday)")
        return days

    @field_validator("working_hours")
    @classmethod
    def _periods(cls, value: str) -> str:
        """``HH:MM-HH:MM`` periods separated by commas."""
        if not WORKING_HOURS.fullmatch(value.replace(" ", "")):
            raise ValueError("working hours look like 08:30-12:00,14:00-17:30")
        return value

    @field_validator("rate_weights", mode="before")
    @classmethod
    def _weights(cls, value: Any) -> Any:
        """Three non-negative weights (响应, 解决, 满意) with a positive sum."""
        weights = _numbers(value, float)
        if not isinstance(weights, list) or len(weights) != 3:
            raise ValueError("rate weights are three numbers, e.g. 30,35,35")
        if min(float(w) for w in weights) < 0 or sum(float(w) for w in weights) <= 0:
            raise ValueError("rate weights must be non-negative with a positive sum")
        return weights

    web_url: str | None = Field(
        default=None,
        description="Public address of the web console (/web links); default: from the others",
    )
    web_listen: str = Field(default="127.0.0.1", description="Address `gridbot web` binds")
    web_port: int = Field(default=8090, description="Port `gridbot web` listens on")
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

    @field_validator("visit_days")
    @classmethod
    def _positive_days(cls, value: dict[str, int]) -> dict[str, int]:
        """Every care group needs a name and at least one day between visits."""
        if any(not name.strip() or days < 1 for name, days in value.items()):
            raise ValueError("each care group needs a name and days >= 1")
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
    def console_url(self) -> str:
        """The console's public root: ``web_url``, else beside the webhook, else local."""
        if self.web_url:
            return self.web_url.rstrip("/")
        if self.webhook_url:
            return self.webhook_url.rstrip("/") + "/console"
        return f"http://{self.web_listen}:{self.web_port}/console"

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    @property
    def hotspot_watch_time(self) -> time:
        """``hotspot_watch_at`` as a time of day in the configured time zone."""
        hours, minutes = (int(part) for part in self.hotspot_watch_at.split(":"))
        return time(hours, minutes, tzinfo=self.tz)
