"""HMAC-SM3 (RFC 2104 over SM3, GB/T 32905) and the push URL rule."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from zhifa.errors import ConfigurationError
from zhifa.integrations.transport import check_url, hmac_sm3, signature, signature_ok


@pytest.mark.parametrize("key", [b"", b"k", "推送密钥".encode(), b"x" * 64, b"y" * 200])
def test_hmac_sm3_agrees_with_openssl(key: bytes) -> None:
    if "sm3" not in hashlib.algorithms_available:
        pytest.skip("OpenSSL without SM3")
    message = b'1764860000.{"a":1}'
    assert hmac_sm3(key, message) == hmac.new(key, message, "sm3").digest()


def test_signature_covers_timestamp_and_body() -> None:
    header = signature("s", "1764860000", b'{"a":1}')
    assert header.startswith("hmac-sm3=") and len(header) == 9 + 64
    assert signature_ok("s", "1764860000", b'{"a":1}', header)
    assert not signature_ok("s", "1764860001", b'{"a":1}', header)
    assert not signature_ok("s", "1764860000", b'{"a":2}', header)
    assert not signature_ok("t", "1764860000", b'{"a":1}', header)


def test_only_https_or_loopback_http() -> None:
    assert check_url("https://gsxt.example.gov.cn/push") == "https://gsxt.example.gov.cn/push"
    assert check_url("http://127.0.0.1:8765/audit")
    with pytest.raises(ConfigurationError) as plain:
        check_url("http://gsxt.example.gov.cn/push")
    assert plain.value.code == "push_url_invalid"
