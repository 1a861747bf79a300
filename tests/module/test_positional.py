"""The sinusoidal positional encoding: the worked numbers and the geometry behind them."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from attnlab import PositionalEncoding
from attnlab.positional import angular_speeds, sinusoidal_table


def test_d8_angular_speeds():
    assert angular_speeds(8).tolist() == pytest.approx([1, 0.1, 0.01, 0.001], rel=1e-12)


def test_d8_position_1():
    expected = [0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0, 0.0010, 1.0]  # rounded to 4 decimals
    assert sinusoidal_table(4, 8)[1].tolist() == pytest.approx(expected, abs=5e-5)
    assert PositionalEncoding(8, max_len=4).pe[1].tolist() == pytest.approx(expected, abs=1e-4)  # float32


def test_interleaved_sin_cos_from_the_formula():
    d = 6
    table = sinusoidal_table(5, d)
    for p in range(5):
        for i in range(d // 2):
            angle = p / 10000 ** (2 * i / d)
            assert table[p, 2 * i].item() == pytest.approx(math.sin(angle), abs=1e-15)
            assert table[p, 2 * i + 1].item() == pytest.approx(math.cos(angle), abs=1e-15)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 64).map(lambda half: 2 * half))
def test_norm_is_sqrt_d_over_2_at_every_position(d):
    norms = sinusoidal_table(200, d).norm(dim=1)  # (max_len,)
    assert torch.allclose(norms, torch.full((200,), math.sqrt(d / 2), dtype=torch.float64))


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(1, 20))
def test_similarity_depends_only_on_the_offset(p, q, k):
    table = sinusoidal_table(80, 16)
    assert (table[p] @ table[p + k]).item() == pytest.approx((table[q] @ table[q + k]).item(), abs=1e-12)


def test_forward_adds_the_table_optionally_scaling_the_input():
    x = torch.randn(2, 5, 8)
    plain, scaled = PositionalEncoding(8, max_len=10), PositionalEncoding(8, max_len=10, scale_input=True)
    torch.testing.assert_close(plain(x), x + plain.pe[:5])
    torch.testing.assert_close(scaled(x), x * math.sqrt(8) + plain.pe[:5])
    assert "pe" not in plain.state_dict()  # fixed by d_model and max_len, not a learned weight
