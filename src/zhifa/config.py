"""The one reader of the environment: settings prefixed ZHIFA_."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from zhifa.secrets_file import SECRETS_FILE, load_or_create_secrets


def check_base_url(value: str) -> str:
    """A public base URL without its trailing slash; ValueError (Chinese) when it is not one."""
    value = value.strip().rstrip("/")
    if value and not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~\-/]*)?", value):
        raise ValueError("ZHIFA_PUBLIC_BASE_URL 须为 http(s)://主机[:端口][/路径]，不含查询参数和空格")
    if len(value) > 120:
        raise ValueError("ZHIFA_PUBLIC_BASE_URL 不能超过 120 个字符（打印的二维码容量有限）")
    return value


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as ZHIFA_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="ZHIFA_", extra="ignore")

    env: str = "development"
    database_url: str = "sqlite:///./var/zhifa.db"
    var_dir: Path = Path("./var")
    data_dir: Path = Path("./var/data")
    data_source: Path | None = None  # local folder `zhifa data fetch` fills from (default: ../shared/data)
    data_mirror: str | None = None  # base URL replacing the public hosts when downloading data
    # Unset (empty): generated once into <var_dir>/secrets.json (mode 0600) and reused; see secrets_path.
    secret_key: str = ""
    key_encryption_secret: str = ""
    session_idle_seconds: int = 30 * 60  # a browser session unused this long ends
    session_max_age_seconds: int = 8 * 3600  # and none lives longer than this, used or not
    cookie_secure: bool = False  # Secure flag on every cookie (it is set on HTTPS requests anyway)
    trusted_proxies: str = ""  # comma-separated proxy addresses whose X-Forwarded-For/-Proto are believed
    token_ttl_days: int = 90
    login_max_failures: int = 5  # failures of one username from one address before back-off
    login_source_max_failures: int = 20  # failures from one address, all usernames together
    login_user_max_failures: int = 50  # failures of one username, all addresses together
    login_backoff_seconds: int = 60  # first wait once a limit is reached; doubles with each failure
    login_lock_seconds: int = 900  # longest wait, and the window failures are counted in
    default_profile: str = "hubei"
    threads: int = 0  # threads per process for synchronous endpoints (0: anyio's default of 40)
    max_body_bytes: int = 2 * 1024 * 1024  # a request body that is not a file upload (JSON, forms)
    max_upload_bytes: int = 100 * 1024 * 1024  # a whole multipart upload request
    max_upload_files: int = 20  # files in one upload request
    max_file_bytes: int = 50 * 1024 * 1024  # one uploaded file
    idempotency_ttl_seconds: int = 24 * 3600  # how long an Idempotency-Key replays its first answer
    # PDF: "auto" keeps one LibreOffice running, driven over UNO by pdf_uno_python (Debian python3-uno),
    # when that Python has `uno`, else one LibreOffice process per conversion; "oneshot" always the latter.
    pdf_converter: str = "auto"
    pdf_uno_python: str = "/usr/bin/python3"
    push_max_attempts: int = 10  # outbox: tries before a row becomes a dead letter
    push_backoff_seconds: float = 30.0  # outbox: first retry delay, doubled at each further try
    push_backoff_max_seconds: float = 3600.0  # outbox: longest retry delay
    push_timeout_seconds: float = 10.0  # outbox: one HTTP delivery
    push_lease_seconds: float = 120.0  # outbox: how long a worker holds a row it sends (> the timeout)
    registry_url: str = ""  # the province's registry service (https://…); empty: the embedded table
    registry_timeout_seconds: float = 5.0  # one request to the registry service
    prior_violation_years: int = 5  # how far back a party's own earlier penalties are listed
    # Address the public reaches this server at (https://host[:port][/prefix]): the QR codes printed on
    # documents point to <public_base_url>/verify/<sm3>. Unset: the address a request came to (CLI: refused).
    public_base_url: str = ""
    verify_rate_per_minute: int = 30  # public verification lookups per client address and minute

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

    @field_validator(
        "session_idle_seconds",
        "session_max_age_seconds",
        "login_max_failures",
        "login_source_max_failures",
        "login_user_max_failures",
        "login_backoff_seconds",
        "login_lock_seconds",
    )
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("会话时限与登录限制的设置须为正整数")
        return value

    @field_validator("public_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return check_base_url(value)

    @field_validator("pdf_converter")
    @classmethod
    def _pdf_converter(cls, value: str) -> str:
        if value not in ("auto", "oneshot"):
            raise ValueError("ZHIFA_PDF_CONVERTER 须为 auto 或 oneshot")
        return value

    @field_validator("verify_rate_per_minute")
    @classmethod
    def _verify_rate(cls, value: int) -> int:
        if not 1 <= value <= 100_000:
            raise ValueError("ZHIFA_VERIFY_RATE_PER_MINUTE 须在 1 至 100000 之间")
        return value

    @model_validator(mode="after")
    def _fill_secrets(self) -> Settings:
        """Secrets the environment leaves unset come from (or are generated into) secrets_path."""
        if not self.secret_key or not self.key_encryption_secret:
            stored = load_or_create_secrets(self.secrets_path)
            self.secret_key = self.secret_key or stored["secret_key"]
            self.key_encryption_secret = self.key_encryption_secret or stored["key_encryption_secret"]
        return self

    @property
    def secrets_path(self) -> Path:
        """The generated secrets file (back it up: losing it makes every user's signing key unusable)."""
        return self.var_dir / SECRETS_FILE

    @property
    def trusted_proxy_addresses(self) -> frozenset[str]:
        """Addresses of reverse proxies whose forwarding headers are believed."""
        return frozenset(a.strip() for a in self.trusted_proxies.split(",") if a.strip())

    @property
    def search_dir(self) -> Path:
        """Directory of the on-disk search indexes."""
        return self.var_dir / "search"


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
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests change the environment)."""
    get_settings.cache_clear()
