"""The claims about masks and PyTorch's conventions that pages make in prose rather than in a code block.

Pages: docs/transformer/masked-self-attention.md, docs/foundations/scaling.md,
docs/transformer/attention-in-pytorch.md. Each test names the sentence it holds.
"""

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.attention import SDPBackend, sdpa_kernel

from attnlab.attention import scaled_dot_product_attention
from attnlab.masks import causal_mask, mask_scores

FLOATS = [torch.float32, torch.float64]


# ---------------------------------------------------------------------------------------------------------
# −∞ or −1e9 (masked-self-attention.md, scaling.md)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("spread", [1.0, 30.0, 1e4])
def test_minus_1e9_gives_weights_exactly_zero_in_float32_and_float64(dtype, spread):
    """"In float32 and float64 that gives the same weights": exp(-1e9 - max) rounds to exactly 0."""
    g = torch.Generator().manual_seed(0)
    scores = torch.randn(6, 5, 7, generator=g, dtype=dtype) * spread  # (N, L, S)
    blocked = torch.rand(5, 7, generator=g) < 0.4  # (L, S) True = blocked
    blocked[:, 0] = False  # every query keeps a key
    big = scores.masked_fill(blocked, -1e9).softmax(dim=-1)  # (N, L, S)
    inf = scores.masked_fill(blocked, float("-inf")).softmax(dim=-1)  # (N, L, S)
    assert (big[..., blocked] == 0).all()
    assert torch.equal(big, inf)


@pytest.mark.parametrize("dtype", FLOATS)
def test_fully_masked_row_is_nan_with_minus_inf_and_uniform_with_minus_1e9(dtype):
    """"softmax(-inf, ..., -inf) = NaN ... with -1e9 it is a softmax of equal numbers, uniform weights"."""
    scores = torch.tensor([[0.3, -1.2, 2.0, -0.4], [1.0, 5.0, -3.0, 0.0]], dtype=dtype)  # (L, S)
    everything = torch.ones(2, 4, dtype=torch.bool)
    assert scores.masked_fill(everything, float("-inf")).softmax(dim=-1).isnan().all()
    uniform = scores.masked_fill(everything, -1e9).softmax(dim=-1)
    assert torch.equal(uniform, torch.full((2, 4), 0.25, dtype=dtype))


def test_attnlab_refuses_a_fully_masked_row_before_any_nan():
    """"attnlab uses -inf and refuses a fully masked row: mask_scores raises a ValueError naming the row"."""
    scores = torch.zeros(3, 4)  # (L, S)
    allowed = torch.ones(3, 4, dtype=torch.bool)
    allowed[2] = False
    with pytest.raises(ValueError, match="query row 2"):
        mask_scores(scores, allowed)


def test_minus_1e9_does_not_exist_in_float16():
    """"-1e9 does not exist in float16, whose largest magnitude is 65504: converted, it becomes -inf, and
    masked_fill refuses it"."""
    assert torch.finfo(torch.float16).max == 65504
    assert torch.isneginf(torch.tensor(-1e9).to(torch.float16))
    assert torch.isneginf(torch.tensor(-1e9, dtype=torch.float16))
    with pytest.raises(RuntimeError, match="overflow"):
        torch.zeros(3, dtype=torch.float16).masked_fill(torch.tensor([False, True, True]), -1e9)
    # so a fully "-1e9"-masked row is NaN again in float16, not uniform
    row = (torch.zeros(4, dtype=torch.float16) + torch.tensor(-1e9).half()).float().softmax(dim=-1)
    assert row.isnan().all()


# ---------------------------------------------------------------------------------------------------------
# is_causal when L != S (masked-self-attention.md, attention-in-pytorch.md)


@pytest.mark.parametrize("L, S", [(2, 5), (5, 2), (3, 3), (1, 4), (4, 1)])
@pytest.mark.parametrize("dtype", FLOATS)
def test_is_causal_is_top_left_in_f_sdpa_and_attnlab(L, S, dtype):
    """"is_causal in both F.sdpa and attnlab aligns the mask top-left: torch.ones(L, S).tril(diagonal=0)"."""
    g = torch.Generator().manual_seed(L * 10 + S)
    q = torch.randn(2, L, 4, generator=g, dtype=dtype)  # (N, L, E)
    k = torch.randn(2, S, 4, generator=g, dtype=dtype)  # (N, S, E)
    v = torch.randn(2, S, 3, generator=g, dtype=dtype)  # (N, S, Ev)
    top_left = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)  # True = may attend
    assert torch.equal(causal_mask(L, S), top_left)
    theirs = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (N, L, Ev)
    explicit = F.scaled_dot_product_attention(q, k, v, attn_mask=top_left)
    torch.testing.assert_close(theirs, explicit)
    ours, weights = scaled_dot_product_attention(q, k, v, is_causal=True)
    torch.testing.assert_close(ours, theirs)
    assert (weights[..., ~top_left] == 0).all()


def test_bottom_right_is_not_what_is_causal_does():
    """"When the L queries are the last L of the S positions ... is_causal=True does not do that"."""
    from torch.nn.attention.bias import causal_lower_right

    g = torch.Generator().manual_seed(1)
    q, k = torch.randn(1, 1, 2, 4, generator=g), torch.randn(1, 1, 5, 4, generator=g)
    top_left = F.scaled_dot_product_attention(q, k, k, is_causal=True)
    bottom_right = F.scaled_dot_product_attention(q, k, k, attn_mask=causal_lower_right(2, 5))
    tril_3 = torch.ones(2, 5, dtype=torch.bool).tril(diagonal=3)  # bottom-right: diagonal S - L
    explicit = F.scaled_dot_product_attention(q, k, k, attn_mask=tril_3)
    torch.testing.assert_close(bottom_right, explicit)
    assert not torch.allclose(top_left, bottom_right)


# ---------------------------------------------------------------------------------------------------------
# nn.MultiheadAttention: is_causal is a hint, shapes, weights (attention-in-pytorch.md)


def test_is_causal_is_a_hint_in_the_modules_and_an_argument_in_attnlab():
    """"In nn.MultiheadAttention and the nn.Transformer* layers it is only a hint ... without the mask it is
    an error"; attnlab's modules apply it."""
    from attnlab.convert import from_torch

    torch.manual_seed(0)
    x = torch.randn(1, 3, 4)  # (N, L, E)
    mha = nn.MultiheadAttention(4, 2, batch_first=True).eval()
    with pytest.raises(RuntimeError, match="is_causal hint"):
        mha(x, x, x, is_causal=True)
    decoder = nn.TransformerDecoderLayer(4, 2, dim_feedforward=8, dropout=0.0, batch_first=True).eval()
    with pytest.raises(RuntimeError, match="is_causal hint"):
        decoder(x, x, tgt_is_causal=True)
    ours, weights = from_torch(mha)(x, x, x, is_causal=True)  # no mask needed
    theirs, _ = mha(x, x, x, attn_mask=~causal_mask(3))
    torch.testing.assert_close(ours, theirs)
    assert (weights.triu(diagonal=1) == 0).all()


def test_multihead_defaults_sequence_first_and_averaged_weights():
    """"batch_first=False: inputs and output are (L, N, E)"; weights averaged (N, L, S) unless
    average_attn_weights=False; None with need_weights=False."""
    L, N, E, H = 5, 2, 6, 3
    mha = nn.MultiheadAttention(E, H).eval()
    x = torch.randn(L, N, E)
    out, mean = mha(x, x, x)
    _, heads = mha(x, x, x, average_attn_weights=False)
    _, none = mha(x, x, x, need_weights=False)
    assert out.shape == (L, N, E) and mean.shape == (N, L, L) and heads.shape == (N, H, L, L)
    assert none is None
    torch.testing.assert_close(mean, heads.mean(dim=1))
    for layer in (nn.TransformerEncoderLayer(E, H), nn.TransformerDecoderLayer(E, H)):
        assert layer.self_attn.batch_first is False


@pytest.mark.parametrize("need_weights", [True, False])
def test_fully_masked_row_in_each_implementation(need_weights):
    """"F.sdpa returns zeros for the row. nn.MultiheadAttention returns NaN ... whenever it computes the
    weights; with need_weights=False it returns zeros" (with autograd on, the ordinary path)."""
    torch.manual_seed(0)
    x = torch.randn(2, 4, 6)  # (N, L, E)
    allowed = torch.ones(4, 4, dtype=torch.bool)
    allowed[1] = False  # query 1 may attend to nothing
    q = torch.randn(2, 3, 4, 5)  # (N, H, L, d_k), d_k = d_v
    for backend in (SDPBackend.MATH, SDPBackend.FLASH_ATTENTION):  # "math and flash kernels alike"
        with sdpa_kernel(backend):
            sdpa = F.scaled_dot_product_attention(q, q, q, attn_mask=allowed)  # (N, H, L, d_v)
        assert (sdpa[:, :, 1] == 0).all() and not sdpa[:, :, [0, 2, 3]].isnan().any()
    mha = nn.MultiheadAttention(6, 2, batch_first=True).eval()
    out, weights = mha(x, x, x, attn_mask=~allowed, need_weights=need_weights)
    assert not out[:, [0, 2, 3]].isnan().any()
    if need_weights:
        assert out[:, 1].isnan().all() and weights[:, 1].isnan().all()
    else:
        assert (out[:, 1] == 0).all() and weights is None


def test_is_causal_hint_is_followed_on_one_code_path_only():
    """A mask that blocks nothing with is_causal=True: the ordinary path with need_weights=False and no
    key_padding_mask applies the causal mask; with need_weights=True, with a key_padding_mask, or on the fast
    path (eval, no autograd), the module applies the mask it was given."""
    torch.manual_seed(0)
    x = torch.randn(2, 5, 6)  # (N, L, E)
    mha = nn.MultiheadAttention(6, 2, batch_first=True).eval()
    nothing_blocked = torch.zeros(5, 5, dtype=torch.bool)  # True = blocked
    causal, _ = mha(x, x, x, attn_mask=~causal_mask(5))
    unmasked, _ = mha(x, x, x)

    def hinted(**kwargs):
        return mha(x, x, x, attn_mask=nothing_blocked, is_causal=True, **kwargs)[0]

    torch.testing.assert_close(hinted(need_weights=False), causal)
    torch.testing.assert_close(hinted(need_weights=True), unmasked)
    torch.testing.assert_close(hinted(need_weights=False, key_padding_mask=torch.zeros(2, 5, dtype=torch.bool)),
                               unmasked)
    with torch.no_grad():
        torch.testing.assert_close(hinted(need_weights=False), unmasked)
    assert not torch.allclose(causal, unmasked)


def test_layers_fully_masked_row_finite_on_the_ordinary_path_and_nan_on_the_fast_path():
    """"on their ordinary path they inherit its zero row ... a finite row of output. In eval mode without
    autograd they take a fast path instead ... and there the row is NaN"."""
    torch.manual_seed(0)
    x, memory = torch.randn(2, 4, 6), torch.randn(2, 3, 6)  # (N, L, E), (N, S, E)
    blocked = torch.zeros(4, 4, dtype=torch.bool)
    blocked[1] = True  # query 1 may attend to nothing
    encoder = nn.TransformerEncoderLayer(6, 2, dim_feedforward=8, batch_first=True).eval()
    decoder = nn.TransformerDecoderLayer(6, 2, dim_feedforward=8, batch_first=True).eval()
    runs = {"encoder": lambda: encoder(x, src_mask=blocked), "decoder": lambda: decoder(x, memory, tgt_mask=blocked)}
    for layer, run in runs.items():
        assert run().isfinite().all(), layer
        with torch.no_grad():
            fast = run()
        assert fast[:, 1].isnan().all() and fast[:, [0, 2, 3]].isfinite().all(), layer


# ---------------------------------------------------------------------------------------------------------
# the shifted target (masked-self-attention.md) and the softmax's slope (scaling.md)


def test_shifted_target_first_prediction_agrees_closer_than_1e_6_and_the_second_differs_by_about_0_02():
    """"The first prediction is the same in both modes, up to float32 rounding (less than 10⁻⁶)";
    "the second prediction differs a little (by about 0.02 here)"."""
    from attnlab.examples.toy_models import corners_attention_trace, trained_corners_transformer

    model, _ = trained_corners_transformer()
    trace = corners_attention_trace(model, 1)  # the figure's EXAMPLE
    first = (trace.prediction[0] - trace.generated[0]).abs().max().item()
    second = (trace.prediction[1] - trace.generated[1]).abs().max().item()
    assert first < 1e-6
    assert 0.015 < second < 0.025


def test_softmax_slope_at_112_96_and_14_12():
    """"every such derivative is at most about 1.1e-7 ... At (0.880797, 0.119203) the largest is 0.105"."""

    def largest_derivative(scores):
        jacobian = torch.autograd.functional.jacobian(lambda e: e.softmax(dim=-1), scores)  # (S, S)
        return jacobian.abs().max().item()

    unscaled = torch.tensor([112.0, 96.0], dtype=torch.float64)
    assert largest_derivative(unscaled) == pytest.approx(1.1253e-7, rel=1e-3)
    assert largest_derivative(unscaled / 8) == pytest.approx(0.105, abs=5e-4)
