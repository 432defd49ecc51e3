"""SM3 known answers (GB/T 32905-2016 Appendix A) and cross-checks: hashlib, Tongsuo, gmssl."""

from __future__ import annotations

import hashlib

from gmssl import func as gm_func
from gmssl import sm3 as gm_sm3
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.ledger.sm import sm3, sm3_tongsuo

# GB/T 32905-2016 附录 A 示例 1 与示例 2
ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
ABCD16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def gmssl_sm3(data: bytes) -> str:
    return str(gm_sm3.sm3_hash(gm_func.bytes_to_list(data)))


def test_gbt32905_example1_abc() -> None:
    assert sm3(b"abc").hex() == ABC
    assert sm3_tongsuo(b"abc").hex() == ABC
    assert hashlib.new("sm3", b"abc").hexdigest() == ABC
    assert gmssl_sm3(b"abc") == ABC


def test_gbt32905_example2_64_bytes() -> None:
    data = b"abcd" * 16
    assert len(data) == 64
    assert sm3(data).hex() == ABCD16
    assert sm3_tongsuo(data).hex() == ABCD16
    assert gmssl_sm3(data) == ABCD16


def test_sm3_empty_and_block_boundaries_agree() -> None:
    for size in (0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000):
        data = bytes(range(256))[: size % 256] * (size // 256 + 1)
        data = data[:size]
        assert sm3(data) == sm3_tongsuo(data)
        assert sm3(data).hex() == gmssl_sm3(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_sm3_three_implementations_agree_on_random_input(data: bytes) -> None:
    ours = sm3(data)
    assert len(ours) == 32
    assert ours == sm3_tongsuo(data)
    assert ours.hex() == gmssl_sm3(data)
