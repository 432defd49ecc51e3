"""Password policy and argon2id hashing."""

from __future__ import annotations

import pytest

from zhifa.errors import ValidationFailed
from zhifa.identity.passwords import (
    check_policy,
    common_passwords,
    hash_password,
    needs_rehash,
    verify_password,
)


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
        ("abc123", "至少需要 10 个字符"),
        ("a1b2c3d4e", "至少需要 10 个字符"),  # 9 characters passed the old rule of 8
        ("abcdefghij", "字母和数字"),
        ("1234567890", "字母和数字"),
        ("密码密码密码密码密码", "字母和数字"),
        ("Password123", "过于常见"),  # zxcvbn's list, compared without case
        ("1QAZ2wsx3edc", "过于常见"),
        ("Zhifa2026demo", "演示密码"),  # the published demo password, outside the demo accounts
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
    check_policy("执法2026abcde")
    check_policy("k7m2p9x4qz")
    check_policy("Zhifa2026demo", demo=True)  # only `zhifa demo load` passes demo=True


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("zhangwei2026", "zhangwei"),
        ("ZhangWei2026!", "zhangwei"),
        ("x1.Zhang_wei.9", "zhang_wei"),
        ("Li2026202611", "li"),  # a short username: refused when it is all the letters there are
    ],
)
def test_password_built_on_the_username_is_refused(password: str, username: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        check_policy(password, username)
    assert err.value.code == "weak_password" and "用户名" in err.value.message
    check_policy(password, "sun_lei")  # fine for someone else


def test_a_short_username_inside_a_longer_password_is_not_a_reason_to_refuse() -> None:
    check_policy("Climbing2026k", "li")


def test_the_common_list_ships_with_the_package() -> None:
    common = common_passwords()
    assert len(common) > 1000 and "password123" in common
    assert all(len(p) >= 10 and p == p.lower() for p in common)
