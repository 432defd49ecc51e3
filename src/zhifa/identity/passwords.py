"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from zhifa.errors import ValidationFailed

MIN_LENGTH = 8
MAX_LENGTH = 128
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")

_hasher = PasswordHasher()


def check_policy(password: str) -> None:
    """Raise ValidationFailed unless the password has ≥ 8 characters with letters and digits."""
    if len(password) < MIN_LENGTH:
        raise ValidationFailed(f"密码至少需要 {MIN_LENGTH} 个字符", code="weak_password")
    if len(password) > MAX_LENGTH:
        raise ValidationFailed(f"密码不能超过 {MAX_LENGTH} 个字符", code="weak_password")
    if not (_LETTER.search(password) and _DIGIT.search(password)):
        raise ValidationFailed("密码必须同时包含字母和数字", code="weak_password")
    if password != password.strip():
        raise ValidationFailed("密码首尾不能是空白字符", code="weak_password")


def hash_password(password: str) -> str:
    """Argon2id hash of a password that satisfies the policy."""
    check_policy(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash; never raises for a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("zhifa-dummy-password-0")


def burn_verification(password: str) -> None:
    """Spend the time of one verification (unknown user) so timing does not reveal usernames."""
    verify_password(_dummy_hash(), password)
