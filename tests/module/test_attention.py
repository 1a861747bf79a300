"""scaled_dot_product_attention, attention_scores, basic_attention and the one-head Attention module."""

import math

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from attnlab import Attention, attention_scores, basic_attention, scaled_dot_product_attention

from .conftest import MODULE_TOLERANCE

SETTINGS = settings(max_examples=40, deadline=None)
TOLERANCE = {torch.float32: 1e-6, torch.float64: 1e-12}


@st.composite
def sdpa_cases(draw):
    batch = tuple(draw(st.lists(st.integers(1, 3), min_size=0, max_size=2)))
    L, S = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    E, Ev = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    mask = draw(st.sampled_from(["none", "bool", "bool-full", "float", "causal"]))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    scale = draw(st.sampled_from([None, 1.0, 0.3]))
    return batch, L, S, E, Ev, mask, dtype, scale, draw(st.integers(0, 2**31))


def random_qkv(case):
    """A generator seeded by the case, and random q (*batch, L, E), k (*batch, S, E), v (*batch, S, Ev) from it."""
    batch, L, S, E, Ev, _, dtype, _, seed = case
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(*batch, L, E, generator=g, dtype=dtype)
    k = torch.randn(*batch, S, E, generator=g, dtype=dtype)
    v = torch.randn(*batch, S, Ev, generator=g, dtype=dtype)
    return g, q, k, v


@SETTINGS
@given(sdpa_cases())
def test_sdpa_equals_pytorch(masks, case):
    batch, L, S, _, _, kind, dtype, scale, _ = case
    g, q, k, v = random_qkv(case)
    anchor = int(torch.randint(S, (1,), generator=g))
    is_causal = kind == "causal"
    mask_shape = {"none": None, "causal": None, "bool-full": (*batch, L, S)}.get(kind, (L, S))
    mask_kind = "float" if kind == "float" else "bool"
    mask = None if mask_shape is None else masks.attn_mask(mask_shape, mask_kind, dtype, g, anchor)

    output, weights = scaled_dot_product_attention(q, k, v, mask, is_causal, scale)

    expected = F.scaled_dot_product_attention(q, k, v, mask, is_causal=is_causal, scale=scale)
    # PyTorch does not return weights; with the identity as values its output *is* the weights
    identity = torch.eye(S, dtype=dtype).expand(*batch, S, S)
    expected_weights = F.scaled_dot_product_attention(q, k, identity, mask, is_causal=is_causal, scale=scale)
    tol = TOLERANCE[dtype]
    torch.testing.assert_close(output, expected, atol=tol, rtol=tol)
    torch.testing.assert_close(weights, expected_weights, atol=tol, rtol=tol)


@SETTINGS
@given(sdpa_cases())
def test_weights_are_softmax_of_the_returned_scores_and_rows_sum_to_one(masks, case):
    _, L, S, _, _, kind, dtype, scale, _ = case
    g, q, k, v = random_qkv(case)
    mask = masks.attn_mask((L, S), "bool", dtype, g, anchor=0) if kind != "none" else None
    scores = attention_scores(q, k, mask, kind == "causal", scale)
    _, weights = scaled_dot_product_attention(q, k, v, mask, kind == "causal", scale)
    assert torch.equal(weights, scores.softmax(dim=-1))
    assert torch.allclose(weights.sum(dim=-1), torch.ones((), dtype=dtype))
    if mask is not None:
        assert torch.all(weights[..., ~mask] == 0)
        assert torch.all(torch.isneginf(scores[..., ~mask]))


@SETTINGS
@given(st.integers(1, 8), st.integers(1, 8), st.integers(0, 2**31))
def test_causal_upper_triangle_is_exactly_zero_and_first_row_one_hot(L, E, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(2, L, E, generator=g)
    _, weights = scaled_dot_product_attention(x, x, x, is_causal=True)
    assert torch.all(torch.triu(weights, diagonal=1) == 0)
    one_hot = torch.zeros(L)
    one_hot[0] = 1
    assert torch.equal(weights[:, 0], one_hot.expand(2, L))
    assert torch.allclose(weights.sum(dim=-1), torch.ones(2, L))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_sdpa_gradients_equal_pytorch(dtype):
    g = torch.Generator().manual_seed(0)
    tensors = [torch.randn(2, 3, 4, 5, generator=g, dtype=dtype, requires_grad=True) for _ in range(3)]
    ours, _ = scaled_dot_product_attention(*tensors, is_causal=True)
    ours_grads = torch.autograd.grad(ours.square().sum(), tensors)
    theirs = F.scaled_dot_product_attention(*tensors, is_causal=True)
    theirs_grads = torch.autograd.grad(theirs.square().sum(), tensors)
    for a, b in zip(ours_grads, theirs_grads):  # (N, H, L, E) each
        tol = MODULE_TOLERANCE[dtype]  # float32: the two backward passes sum in other orders (2e-6 apart seen)
        torch.testing.assert_close(a, b, atol=tol, rtol=tol)


# ---- worked numbers of CONTENT.md --------------------------------------------------------------------


def one_query_weights(scores, scale, dtype=torch.float64):
    """Weights of a 1-feature query 1 over keys equal to ``scores``: q·k_j = scores[j]."""
    q = torch.ones(1, 1, dtype=dtype)  # (L=1, E=1)
    k = torch.tensor(scores, dtype=dtype).unsqueeze(1)  # (S, 1)
    return scaled_dot_product_attention(q, k, k, scale=scale)[1][0]


def test_softmax_of_112_and_96():
    weights = one_query_weights([112.0, 96.0], scale=1.0)
    assert weights[0].item() == pytest.approx(0.99999988746, rel=1e-10)
    assert weights[1].item() == pytest.approx(1.1253516e-7, rel=1e-7)


def test_scaling_by_sqrt_64_turns_112_96_into_14_12():
    weights = one_query_weights([112.0, 96.0], scale=1 / 8)
    assert weights.tolist() == pytest.approx([0.880797, 0.119203], abs=1e-6)
    # the default scale 1/sqrt(E) does the same with E = 64 features
    q = torch.ones(1, 64, dtype=torch.float64)
    k = torch.stack([torch.full((64,), 112 / 64), torch.full((64,), 96 / 64)]).double()
    assert attention_scores(q, k)[0].tolist() == pytest.approx([14.0, 12.0])
    assert scaled_dot_product_attention(q, k, k)[1][0].tolist() == pytest.approx([0.880797, 0.119203], abs=1e-6)


def test_softmax_of_4_and_1_and_times_100():
    assert one_query_weights([4.0, 1.0], scale=1.0).tolist() == pytest.approx([0.952574, 0.047426], abs=1e-6)
    sharp = one_query_weights([4.0, 1.0], scale=100.0)
    assert sharp[0].item() == 1.0
    assert sharp[1].item() == pytest.approx(5.1e-131, rel=1e-2)


def test_query_over_three_keys_scores_weights_and_context():
    q = torch.tensor([[0.55, 0.95]], dtype=torch.float64)  # (L=1, E=2)
    k = torch.tensor([[0.65, 0.2], [0.85, -0.4], [-0.95, -0.75]], dtype=torch.float64)  # (S=3, E=2)
    assert attention_scores(q, k, scale=1.0)[0].tolist() == pytest.approx([0.5475, 0.0875, -1.2350], abs=1e-12)
    context, weights = scaled_dot_product_attention(q, k, k, scale=1.0)
    assert weights[0].tolist() == pytest.approx([0.5557, 0.3508, 0.0935], abs=5e-5)
    assert context[0].tolist() == pytest.approx([0.5706, -0.0993], abs=5e-5)


@pytest.mark.parametrize("d", [4, 16, 64, 256])
def test_variance_of_dot_products_is_d_and_one_after_scaling(d):
    g = torch.Generator().manual_seed(1234)
    q = torch.randn(20000, 1, d, generator=g, dtype=torch.float64)
    k = torch.randn(20000, 1, d, generator=g, dtype=torch.float64)
    assert attention_scores(q, k, scale=1.0).var().item() == pytest.approx(d, rel=0.05)
    assert attention_scores(q, k).var().item() == pytest.approx(1.0, rel=0.05)  # scale = 1/sqrt(d)


def test_basic_attention_diagonal_is_not_always_largest():
    Y, W = basic_attention(torch.tensor([[1.0, 0.0], [3.0, 0.0]]))
    assert W[0].tolist() == pytest.approx([0.1192, 0.8808], abs=5e-5)
    assert torch.allclose(Y, W @ torch.tensor([[1.0, 0.0], [3.0, 0.0]]))


@SETTINGS
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 2**31))
def test_basic_attention_is_sdpa_with_scale_one_and_rows_sum_to_one(L, E, seed):
    X = torch.randn(3, L, E, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    Y, W = basic_attention(X)
    expected = F.scaled_dot_product_attention(X, X, X, scale=1.0)
    torch.testing.assert_close(Y, expected)
    assert torch.allclose(W.sum(dim=-1), torch.ones(3, L, dtype=torch.float64))


# ---- the one-head Attention module --------------------------------------------------------------------


def reference_scores(attention, q, k):
    """Score functions written with loops over (query, key) pairs, straight from their formulas."""
    N, L, S = q.shape[0], q.shape[1], k.shape[1]
    scores = torch.empty(N, L, S, dtype=q.dtype)
    for n in range(N):
        for i in range(L):
            for j in range(S):
                qi, kj = q[n, i], k[n, j]
                if attention.score == "dot":
                    scores[n, i, j] = qi @ kj
                elif attention.score == "scaled_dot":
                    scores[n, i, j] = qi @ kj / math.sqrt(qi.numel())
                elif attention.score == "general":
                    scores[n, i, j] = qi @ attention.score_weight @ kj
                else:
                    W, U = attention.score_query.weight, attention.score_key.weight
                    scores[n, i, j] = attention.score_vector @ torch.tanh(W @ qi + U @ kj)
    return scores


@pytest.mark.parametrize("score", ["dot", "scaled_dot", "general", "additive"])
def test_attention_module_cross_attention_with_masks(score, masks):
    torch.manual_seed(0)
    attention = Attention(embed_dim=5, kdim=3, vdim=4, head_dim=6, score=score, bias=True).double()
    g = torch.Generator().manual_seed(1)
    query = torch.randn(2, 4, 5, generator=g, dtype=torch.float64)
    key = torch.randn(2, 7, 3, generator=g, dtype=torch.float64)
    value = torch.randn(2, 7, 4, generator=g, dtype=torch.float64)
    padding = masks.key_padding_mask(2, 7, "bool", torch.float64, g, anchor=2)
    allowed = masks.attn_mask((4, 7), "bool", torch.float64, g, anchor=2)

    output, weights = attention(query, key, value, key_padding_mask=padding, attn_mask=allowed)

    q, k, v = attention.q_proj(query), attention.k_proj(key), attention.v_proj(value)
    scores = reference_scores(attention, q, k)
    blocked = padding[:, None, :] | ~allowed  # (N, L, S)
    expected_weights = scores.masked_fill(blocked, float("-inf")).softmax(dim=-1)
    torch.testing.assert_close(weights, expected_weights)
    torch.testing.assert_close(output, expected_weights @ v)
    assert torch.all(weights[blocked] == 0)


def test_attention_module_scaled_dot_equals_pytorch_sdpa():
    attention = Attention(embed_dim=6, head_dim=4, score="scaled_dot")
    x = torch.randn(3, 5, 6)
    output, weights = attention(x, x, x, is_causal=True)
    q, k, v = attention.q_proj(x), attention.k_proj(x), attention.v_proj(x)
    torch.testing.assert_close(output, F.scaled_dot_product_attention(q, k, v, is_causal=True))
    assert torch.all(torch.triu(weights, diagonal=1) == 0)
