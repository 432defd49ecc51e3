"""Generated secrets: made at first start into <var_dir>/secrets.json (0600), reused, refused when unsafe."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from zhifa.config import Settings
from zhifa.errors import ConfigurationError
from zhifa.ledger import sm
from zhifa.secrets_file import load_or_create_secrets


@pytest.fixture(autouse=True)
def _no_secrets_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZHIFA_SECRET_KEY", raising=False)
    monkeypatch.delenv("ZHIFA_KEY_ENCRYPTION_SECRET", raising=False)


def test_first_start_generates_private_random_secrets_and_reuses_them(tmp_path: Path) -> None:
    var = tmp_path / "new" / "var"  # the directory does not exist yet
    first = Settings(var_dir=var)
    assert first.secrets_path == var / "secrets.json"
    assert stat.S_IMODE(first.secrets_path.stat().st_mode) == 0o600
    assert len(first.secret_key) >= 32 and len(first.key_encryption_secret) >= 32
    assert first.secret_key != first.key_encryption_secret
    assert "dev-insecure-change-me" not in first.secrets_path.read_text(encoding="utf-8")
    again = Settings(var_dir=var)
    assert (again.secret_key, again.key_encryption_secret) == (first.secret_key, first.key_encryption_secret)
    other = Settings(var_dir=tmp_path / "other")
    assert other.secret_key != first.secret_key  # never a fixed value
    assert [p.name for p in var.iterdir()] == ["secrets.json"]  # no temporary file left behind


def test_environment_wins_over_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIFA_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("ZHIFA_KEY_ENCRYPTION_SECRET", "k" * 40)
    settings = Settings(var_dir=tmp_path / "var")
    assert (settings.secret_key, settings.key_encryption_secret) == ("s" * 40, "k" * 40)
    assert not settings.secrets_path.exists()  # nothing generated when both are given
    monkeypatch.delenv("ZHIFA_KEY_ENCRYPTION_SECRET")
    partly = Settings(var_dir=tmp_path / "var")
    assert partly.secret_key == "s" * 40
    stored = json.loads(partly.secrets_path.read_text())
    assert partly.key_encryption_secret == stored["key_encryption_secret"]


@pytest.mark.parametrize(
    ("content", "mode", "code"),
    [
        ("{not json", 0o600, "secrets_corrupt"),
        ('["a"]', 0o600, "secrets_corrupt"),
        ('{"secret_key": "short", "key_encryption_secret": "short"}', 0o600, "secrets_corrupt"),
        (None, 0o644, "secrets_permissions"),
        (None, 0o640, "secrets_permissions"),
    ],
)
def test_refuses_to_start_on_a_corrupt_or_exposed_file(
    tmp_path: Path, content: str | None, mode: int, code: str
) -> None:
    var = tmp_path / "var"
    Settings(var_dir=var)
    path = var / "secrets.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    os.chmod(path, mode)
    before = path.read_bytes()
    with pytest.raises(ConfigurationError) as err:
        Settings(var_dir=var)
    assert err.value.code == code
    assert "拒绝启动" in err.value.message and str(path) in err.value.message
    assert path.read_bytes() == before  # never overwritten by fresh secrets


def test_refuses_to_start_on_an_unreadable_file(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir()
    (var / "secrets.json").symlink_to(tmp_path / "lost-volume" / "secrets.json")  # target gone
    with pytest.raises(ConfigurationError) as err:
        Settings(var_dir=var)
    assert err.value.code == "secrets_unreadable"
    assert not (tmp_path / "lost-volume").exists()  # nothing generated in its place


def test_a_directory_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "var" / "secrets.json").mkdir(parents=True)
    with pytest.raises(ConfigurationError) as err:
        Settings(var_dir=tmp_path / "var")
    assert err.value.code == "secrets_unreadable"


def test_unwritable_var_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigurationError) as err:
        load_or_create_secrets(blocker / "var" / "secrets.json")
    assert err.value.code == "secrets_not_writable"


def test_a_user_key_sealed_under_the_generated_secret_opens_after_a_restart(tmp_path: Path) -> None:
    secret = Settings(var_dir=tmp_path / "var").key_encryption_secret
    private = sm.generate_private_key()
    sealed = sm.seal_private_key(private, secret, "k1", 7)
    restarted = Settings(var_dir=tmp_path / "var").key_encryption_secret
    assert sm.public_pem(sm.open_private_key(sealed, restarted, "k1", 7)) == sm.public_pem(private)
    stranger = Settings(var_dir=tmp_path / "elsewhere").key_encryption_secret
    with pytest.raises(Exception):  # noqa: B017 - another installation's secret opens nothing
        sm.open_private_key(sealed, stranger, "k1", 7)
