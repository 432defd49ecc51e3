"""SM3 hashing, SM2 signatures (GM/T 0009 default signer ID) and at-rest encryption of private keys.

- `sm3(data)`: hashlib's OpenSSL SM3 when available, else Tongsuo's.
- SM2 via tongsuopy (Tongsuo, C). Tongsuo's `EVP_DigestSign` with an SM2 key computes
  Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) with the default ID "1234567812345678" and signs
  e = SM3(Z ‖ M); tests/unit/test_sm2.py proves it against the standard's published signature and
  gmssl. `sm2_z()` / `sm2_e()` compute the same values in pure Python for those proofs.
- Private keys: PKCS#8 DER sealed with SM4-GCM. KEK = PBKDF2-HMAC-SM3(secret, fixed label, 100 000);
  per key DEK = HMAC-SM3(KEK, random 16-byte salt)[:16]; 12-byte random nonce; AAD binds key_id and
  user_id, so a sealed key copied to another row does not open. Stored as `sm4gcm-v1:` + base64.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache
from typing import Any

from tongsuopy.crypto import hashes, serialization
from tongsuopy.crypto.asymciphers import ec
from tongsuopy.crypto.ciphers.aead import SM4GCM
from tongsuopy.crypto.exceptions import InvalidSignature, InvalidTag

from zhifa.errors import ConfigurationError

DEFAULT_SIGNER_ID = b"1234567812345678"  # GM/T 0009 default user ID
SEALED_PREFIX = "sm4gcm-v1:"
KDF_ITERATIONS = 100_000
_KDF_LABEL = b"zhifa/user-keys/v1"

# SM2 recommended curve (GB/T 32918.5)
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0

try:
    hashlib.new("sm3")
    _HASHLIB_SM3 = True
except ValueError:  # pragma: no cover - OpenSSL without SM3
    _HASHLIB_SM3 = False


def sm3(data: bytes) -> bytes:
    """SM3 digest (32 bytes)."""
    if _HASHLIB_SM3:
        return hashlib.new("sm3", data).digest()
    ctx = hashes.Hash(hashes.SM3())  # pragma: no cover
    ctx.update(data)  # pragma: no cover
    return bytes(ctx.finalize())  # pragma: no cover


def sm3_tongsuo(data: bytes) -> bytes:
    """SM3 digest computed by Tongsuo (for cross-checks)."""
    ctx = hashes.Hash(hashes.SM3())
    ctx.update(data)
    return bytes(ctx.finalize())


def _i32(value: int) -> bytes:
    return value.to_bytes(32, "big")


def sm2_z(
    x: int, y: int, signer_id: bytes = DEFAULT_SIGNER_ID, curve: tuple[int, ...] | None = None
) -> bytes:
    """Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) per GB/T 32918.2 §5.5 (curve = (a, b, xG, yG))."""
    a, b, gx, gy = curve or (A, B, GX, GY)
    entl = (len(signer_id) * 8).to_bytes(2, "big")
    return sm3(entl + signer_id + _i32(a) + _i32(b) + _i32(gx) + _i32(gy) + _i32(x) + _i32(y))


def sm2_e(message: bytes, x: int, y: int, signer_id: bytes = DEFAULT_SIGNER_ID) -> bytes:
    """e = SM3(Z_A ‖ M): the value an SM2 signature actually signs."""
    return sm3(sm2_z(x, y, signer_id) + message)


def generate_private_key() -> Any:
    """A fresh SM2 private key (tongsuopy object)."""
    return ec.generate_private_key(ec.SM2())


def private_key_from_int(d: int) -> Any:
    """The SM2 private key with scalar d (test vectors)."""
    return ec.derive_private_key(d, ec.SM2())


def public_pem(private_key: Any) -> str:
    """SubjectPublicKeyInfo PEM of the key's public half."""
    data = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return bytes(data).decode("ascii")


def load_public_pem(pem: str) -> Any:
    """Load an SM2 public key from PEM."""
    return serialization.load_pem_public_key(pem.encode("ascii"))


def public_key_from_point(x: int, y: int) -> Any:
    """An SM2 public key from affine coordinates."""
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SM2(), b"\x04" + _i32(x) + _i32(y))


def key_fingerprint(public_key_pem: str) -> str:
    """key_id: SM3 hex of the public key's DER encoding (self-certifying)."""
    key = load_public_pem(public_key_pem)
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return sm3(bytes(der)).hex()


def sign(private_key: Any, message: bytes) -> bytes:
    """DER SM2 signature with SM3 and the default signer ID over message."""
    return bytes(private_key.sign(message, ec.ECDSA(hashes.SM3())))


def verify(public_key: Any, signature: bytes, message: bytes) -> bool:
    """True when signature is a valid SM2/SM3 default-ID signature of message."""
    try:
        public_key.verify(signature, message, ec.ECDSA(hashes.SM3()))
    except InvalidSignature:
        return False
    except Exception:  # malformed DER or a key of another curve surfaces as an OpenSSL error
        return False
    return True


@lru_cache(maxsize=8)
def _kek(secret: str) -> bytes:
    if not secret:
        raise ConfigurationError("未设置密钥加密口令 ZHIFA_KEY_ENCRYPTION_SECRET", code="no_key_secret")
    return hashlib.pbkdf2_hmac("sm3", secret.encode("utf-8"), _KDF_LABEL, KDF_ITERATIONS, 32)


def _aad(key_id: str, user_id: int) -> bytes:
    return f"zhifa-user-key|{key_id}|{user_id}".encode()


def seal_private_key(private_key: Any, secret: str, key_id: str, user_id: int) -> str:
    """Encrypt the private key (PKCS#8 DER) with SM4-GCM under a key derived from secret."""
    der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    salt, nonce = os.urandom(16), os.urandom(12)
    dek = hmac.new(_kek(secret), salt, "sm3").digest()[:16]
    sealed = SM4GCM(dek).encrypt(nonce, bytes(der), _aad(key_id, user_id))
    return SEALED_PREFIX + base64.b64encode(salt + nonce + bytes(sealed)).decode("ascii")


def open_private_key(sealed: str, secret: str, key_id: str, user_id: int) -> Any:
    """Decrypt a sealed private key; ConfigurationError when the secret or the binding is wrong."""
    if not sealed.startswith(SEALED_PREFIX):
        raise ConfigurationError(f"签名密钥 {key_id} 的加密格式无法识别", code="bad_sealed_key")
    raw = base64.b64decode(sealed[len(SEALED_PREFIX) :])
    salt, nonce, body = raw[:16], raw[16:28], raw[28:]
    dek = hmac.new(_kek(secret), salt, "sm3").digest()[:16]
    try:
        der = SM4GCM(dek).decrypt(nonce, body, _aad(key_id, user_id))
    except InvalidTag as exc:
        raise ConfigurationError(
            f"无法解密签名密钥 {key_id}：密钥加密口令不符或密钥记录被改动", code="key_decrypt_failed"
        ) from exc
    return serialization.load_der_private_key(bytes(der), password=None)
