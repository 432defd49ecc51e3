"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from zhifa.errors import ValidationFailed

MIN_LENGTH = 10
MAX_LENGTH = 128
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_DIGITS = re.compile(r"[0-9]+")
# The published password of the demonstration accounts (`zhifa demo load`): refused everywhere else.
DEMO_PASSWORD = "Zhifa2026demo"

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Common passwords of ≥ 10 characters, lower-cased (data/common_passwords.txt, from zxcvbn's list)."""
    text = resources.files("zhifa.identity").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _weak(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="weak_password")


def check_policy(password: str, username: str = "", *, demo: bool = False) -> None:
    """Raise ValidationFailed (`weak_password`) unless the password is fit for a real account.

    ≥ 10 characters with letters and digits, no surrounding blanks, not built on the username, not a
    common password, and not the published demo password (`demo=True` only for the demo accounts).
    """
    if len(password) < MIN_LENGTH:
        raise _weak(f"密码至少需要 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        raise _weak(f"密码不能超过 {MAX_LENGTH} 个字符")
    if not (_LETTER.search(password) and _DIGIT.search(password)):
        raise _weak("密码必须同时包含字母和数字")
    if password != password.strip():
        raise _weak("密码首尾不能是空白字符")
    folded = password.lower()
    name, bare = _NOT_ALNUM.sub("", username.lower()), _NOT_ALNUM.sub("", folded)
    if name and (bare in name or _DIGITS.sub("", bare) == name or (len(name) >= 4 and name in bare)):
        raise _weak("密码不能包含用户名")
    if folded in common_passwords():
        raise _weak("该密码过于常见，容易被猜中，请换一个")
    if password == DEMO_PASSWORD and not demo:
        raise _weak("不能使用公开的演示密码")


def hash_password(password: str, username: str = "", *, demo: bool = False) -> str:
    """Argon2id hash of a password that satisfies the policy (see check_policy)."""
    check_policy(password, username, demo=demo)
    return _hasher.hash(password)


def rehash(password: str) -> str:
    """A fresh hash of a password that just verified (no policy check: it is already in use)."""
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
