"""The one reader of the environment: settings prefixed ZHIFA_."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from zhifa.errors import ConfigurationError

PLACEHOLDER_SECRET = "dev-insecure-change-me"


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as ZHIFA_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="ZHIFA_", extra="ignore")

    env: str = "development"
    database_url: str = "sqlite:///./var/zhifa.db"
    var_dir: Path = Path("./var")
    data_dir: Path = Path("./var/data")
    data_source: Path | None = None  # local folder `zhifa data fetch` fills from (default: ../shared/data)
    data_mirror: str | None = None  # base URL replacing the public hosts when downloading data
    secret_key: str = PLACEHOLDER_SECRET
    key_encryption_secret: str = PLACEHOLDER_SECRET
    session_max_age_seconds: int = 8 * 3600
    session_https_only: bool = False  # set true behind HTTPS: the session cookie gets the Secure flag
    token_ttl_days: int = 90
    login_max_failures: int = 5
    login_lock_seconds: int = 900
    default_profile: str = "hubei"
    threads: int = 0  # threads per process for synchronous endpoints (0: anyio's default of 40)
    max_body_bytes: int = 2 * 1024 * 1024  # a request body that is not a file upload (JSON, forms)
    max_upload_bytes: int = 100 * 1024 * 1024  # a whole multipart upload request
    max_upload_files: int = 20  # files in one upload request
    max_file_bytes: int = 50 * 1024 * 1024  # one uploaded file
    idempotency_ttl_seconds: int = 24 * 3600  # how long an Idempotency-Key replays its first answer
    push_max_attempts: int = 10  # outbox: tries before a row becomes a dead letter
    push_backoff_seconds: float = 30.0  # outbox: first retry delay, doubled at each further try
    push_backoff_max_seconds: float = 3600.0  # outbox: longest retry delay
    push_timeout_seconds: float = 10.0  # outbox: one HTTP delivery

    @field_validator("env")
    @classmethod
    def _known_env(cls, value: str) -> str:
        if value not in {"development", "test", "production"}:
            raise ValueError("ZHIFA_ENV 只能是 development、test 或 production")
        return value

    @field_validator("threads")
    @classmethod
    def _threads(cls, value: int) -> int:
        if not 0 <= value <= 1000:
            raise ValueError("ZHIFA_THREADS 须在 0 至 1000 之间（0 表示默认的 40）")
        return value

    @property
    def search_dir(self) -> Path:
        """Directory of the on-disk search indexes."""
        return self.var_dir / "search"

    def check_production(self) -> None:
        """Refuse to run in production with placeholder secrets."""
        if self.env == "production" and PLACEHOLDER_SECRET in (self.secret_key, self.key_encryption_secret):
            raise ConfigurationError(
                "生产环境必须设置 ZHIFA_SECRET_KEY 与 ZHIFA_KEY_ENCRYPTION_SECRET，不能使用占位密钥",
                code="placeholder_secret",
            )


@dataclass(frozen=True)
class PushEndpoint:
    """Where one push target is reached: ZHIFA_PUSH_URL_<CODE> and ZHIFA_PUSH_SECRET_<CODE>."""

    url: str
    secret: str

    @property
    def configured(self) -> bool:
        """Both the URL and the signing secret are set."""
        return bool(self.url and self.secret)


def push_endpoint(code: str) -> PushEndpoint:
    """The endpoint of the push target `code` (read at each call: an administrator may set it any time)."""
    key = code.upper()
    return PushEndpoint(
        os.environ.get(f"ZHIFA_PUSH_URL_{key}", "").strip(), os.environ.get(f"ZHIFA_PUSH_SECRET_{key}", "")
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (cached)."""
    settings = Settings()
    settings.check_production()
    return settings


def reset_settings() -> None:
    """Forget cached settings (tests change the environment)."""
    get_settings.cache_clear()
