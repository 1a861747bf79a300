"""Narrow heads keep the parameter count, not the expressiveness: each head's scores Q_i K_iᵀ have rank ≤ d/h.

The claim of the multi-head page (after Bhojanapalli et al., 2020, "Low-Rank Bottleneck in Multi-head Attention
Models"): with narrow heads, head i's score matrix Q_i K_iᵀ is (L, S) but the product of an (L, d/h) and a
(d/h, S) matrix, so its rank is at most d/h whatever L and S; on generic inputs it is exactly d/h once L and S
exceed d/h. A wide head (d_k = d) reaches min(L, S, d). Checked on attnlab's ``MultiHeadAttention`` traces.
"""

import math

import pytest
import torch

from attnlab.multihead import MultiHeadAttention

d = 8  # model width E


def _layer(num_heads, mode="narrow", seed=0):
    torch.manual_seed(seed)
    return MultiHeadAttention(d, num_heads, mode=mode).double()


def _inputs(N, T, seed):
    return torch.randn(N, T, d, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)  # (N, T, E)


def _score_ranks(layer, x, memory=None):
    """Rank of every head's unscaled scores Q_i K_iᵀ, checked to be what the trace's scores are built from."""
    memory = x if memory is None else memory
    trace = layer.trace(x, memory, memory)
    products = trace.q @ trace.k.transpose(-2, -1)  # (N, H, L, S) Q_i K_iᵀ per head
    torch.testing.assert_close(trace.scores, products / math.sqrt(layer.head_dim))  # no mask: scores = QKᵀ/√d_k
    return torch.linalg.matrix_rank(products), trace  # (N, H)


@pytest.mark.parametrize("h", [1, 2, 4, 8])
def test_narrow_head_scores_have_rank_d_over_h(h):
    layer = _layer(h)
    x = _inputs(3, 12, seed=h)  # L = 12 > d/h for every h
    ranks, trace = _score_ranks(layer, x)
    assert trace.weights.shape == (3, h, 12, 12)
    assert (ranks <= d // h).all()  # the bound: an (L, d/h) times a (d/h, S) matrix
    assert torch.equal(ranks, torch.full_like(ranks, d // h))  # and reached on generic inputs


@pytest.mark.parametrize("h", [2, 4, 8])
def test_same_parameters_lower_rank(h):
    """More narrow heads: the same 4(d² + d) parameters, but every head's scores of lower rank."""
    one, many = _layer(1), _layer(h)

    def count(module):
        return sum(p.numel() for p in module.parameters())

    assert count(one) == count(many) == 4 * (d * d + d)
    x = _inputs(1, 12, seed=10 + h)
    assert _score_ranks(one, x)[0].max() == d
    assert _score_ranks(many, x)[0].max() == d // h < d


@pytest.mark.parametrize("L", [5, 12])
def test_wide_head_scores_reach_min_of_L_and_d(L):
    for h in (1, 2, 4):
        ranks, _ = _score_ranks(_layer(h, mode="wide"), _inputs(2, L, seed=L + h))
        assert torch.equal(ranks, torch.full_like(ranks, min(L, d)))


def test_cross_attention_bound_is_min_of_L_S_and_head_size():
    """Queries from X (L = 6), keys from a memory M (S = 10): rank min(L, S, d/h), or min(L, S, d) if wide."""
    x, memory = _inputs(2, 6, seed=1), _inputs(2, 10, seed=2)
    for h in (1, 2, 4, 8):
        ranks, trace = _score_ranks(_layer(h), x, memory)
        assert trace.scores.shape == (2, h, 6, 10)
        assert torch.equal(ranks, torch.full_like(ranks, min(6, 10, d // h)))
        wide, _ = _score_ranks(_layer(h, mode="wide"), x, memory)
        assert torch.equal(wide, torch.full_like(wide, min(6, 10, d)))


def test_the_softmax_is_not_bound_by_the_rank():
    """The bound is on the scores: the weights after the row-wise softmax are generically of higher rank."""
    ranks, trace = _score_ranks(_layer(8), _inputs(1, 12, seed=3))  # heads of d/h = 1 feature
    assert (ranks == 1).all()
    assert (torch.linalg.matrix_rank(trace.weights) > 1).all()
    torch.testing.assert_close(trace.weights.sum(-1), torch.ones(1, 8, 12, dtype=torch.float64))
