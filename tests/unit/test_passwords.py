"""Password policy and argon2id hashing."""

from __future__ import annotations

import pytest

from zhifa.errors import ValidationFailed
from zhifa.identity.passwords import check_policy, hash_password, needs_rehash, verify_password


def test_hash_is_argon2id_and_verifies() -> None:
    hashed = hash_password("Secret2026pw")
    assert hashed.startswith("$argon2id$")
    assert "Secret2026pw" not in hashed
    assert verify_password(hashed, "Secret2026pw")
    assert not verify_password(hashed, "Secret2026pW")
    assert not needs_rehash(hashed)


def test_same_password_gets_a_different_salt() -> None:
    assert hash_password("Secret2026pw") != hash_password("Secret2026pw")


def test_verify_never_raises_on_a_broken_hash() -> None:
    assert not verify_password("not-a-hash", "Secret2026pw")
    assert needs_rehash("not-a-hash")


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("abc123", "至少需要 8 个字符"),
        ("abcdefgh", "字母和数字"),
        ("12345678", "字母和数字"),
        ("密码密码密码密码", "字母和数字"),
        (" Secret2026pw", "首尾不能是空白"),
        ("a1" * 65, "不能超过 128"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password: str, fragment: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        check_policy(password)
    assert err.value.code == "weak_password"
    assert fragment in err.value.message
    with pytest.raises(ValidationFailed):
        hash_password(password)


def test_policy_accepts_letters_digits_and_symbols() -> None:
    check_policy("Zhifa2026demo")
    check_policy("执法2026abc")
    check_policy("a1b2c3d4")
