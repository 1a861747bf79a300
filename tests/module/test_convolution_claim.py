"""The claims of docs/transformer/attention-as-convolution.md (and permutation.md), checked with attnlab.

1. A convolution is multi-head attention: k one-hot shift heads, W^V = I, W^O = the kernel rearranged, equal
   ``F.conv1d`` with zero padding (the page's construction, here through ``MultiHeadAttention`` itself).
2. The tempting "a dense layer is attention with h = L heads, head n reading position n" is wrong: W^O is
   shared by all positions, so every position gets the same output.
3. What does work for a dense layer across positions, Y = Θ X with any real L × L matrix Θ: one-hot positions
   among the inputs (so that a score can depend on the query's and the key's position), one extra key whose
   input is zero (a sink that takes the weight a row does not use) and two heads, one for the positive part of
   Θ and one for the negative part.
4. (permutation.md) The feed-forward network, residuals and LayerNorm act per token, so a whole stack of encoder
   layers without positions is permutation equivariant, and invariant after a mean over the tokens.
5. A dense layer Y = Θ X is permutation equivariant only when Θ = αI + β11ᵀ (the matrices that commute with
   every permutation).
"""

import itertools
import math

import pytest
import torch
import torch.nn.functional as F

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.transformer import conv_as_attention
from attnlab.multihead import MultiHeadAttention
from attnlab.transformer import EncoderLayer

DTYPE = torch.float64
TOL = 1e-14  # float64 rounding: the page says "below 10^-14" (measured: at most 2.3e-15)


def _load(attention, w_q, w_k, w_v, w_o):
    """Copy per-head projections, used as ``x @ W`` ((H, E, D) each, W^O (H·D, E)), into a MultiHeadAttention."""
    with torch.no_grad():

        def rows(w):  # (H·D, E): nn.Linear's (out, in)
            return torch.cat([w[h].T for h in range(w.shape[0])])

        attention.in_proj_weight.copy_(torch.cat([rows(w_q), rows(w_k), rows(w_v)]))
        attention.in_proj_bias.zero_()
        attention.out_proj.weight.copy_(w_o.T)  # (E, H·D)
        attention.out_proj.bias.zero_()
    return attention


def test_the_page_example_equals_conv1d():
    example = conv_as_attention()
    gap = (example.attention_out - example.conv_out).abs().max().item()
    assert gap < 1e-14  # the page: "below 10^-14" (measured 4.4e-16 and 1.8e-15: MKL's kernels vary by CPU)
    assert torch.equal(example.weights.sum(-1), torch.ones_like(example.weights[..., 0]))  # one-hot rows
    assert torch.equal((example.weights > 0).sum(-1), torch.ones_like(example.weights[..., 0], dtype=torch.long))


@pytest.mark.parametrize("length, channels, kernel_size", [(7, 2, 3), (9, 3, 5)])
def test_multi_head_attention_with_shift_heads_is_a_convolution(length, channels, kernel_size):
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(length, channels, generator=gen, dtype=DTYPE)  # (L, E)
    kernel = torch.randn(channels, channels, kernel_size, generator=gen, dtype=DTYPE)  # (C_out, C_in, k)
    pad = (kernel_size - 1) // 2
    x_padded = F.pad(x, (0, 0, pad, pad))  # (S, E), S = L + 2·pad
    H, S, E = kernel_size, length + 2 * pad, channels
    i, j = torch.arange(length)[:, None], torch.arange(S)[None, :]
    allowed = torch.stack([j == i + m for m in range(H)])  # (H, L, S) True = may attend: one key per row
    attention = MultiHeadAttention(E, H, mode="wide").double()
    w_qk = torch.randn(H, E, E, generator=gen, dtype=DTYPE)  # (H, E, D) anything: the mask decides
    w_v = torch.eye(E, dtype=DTYPE).expand(H, E, E)  # (H, E, D) W^V = I: each head copies its neighbour
    w_o = kernel.permute(2, 1, 0).reshape(H * E, E)  # (H·D, E): W^O[m·E + c, o] = kernel[o, c, m]
    _load(attention, w_qk, w_qk, w_v, w_o)
    y, weights = attention(x[None], x_padded[None], x_padded[None], attn_mask=allowed)  # (1, L, E), (1, H, L, S)
    conv = F.conv1d(x.T[None], kernel, padding=pad)[0].T  # (L, C_out)
    assert torch.equal(weights[0], allowed.to(DTYPE))  # every head one-hot, where the mask put it
    assert (y[0] - conv).abs().max().item() < TOL


def _dense_layer(length=5, channels=3, seed=1):
    gen = torch.Generator().manual_seed(seed)
    theta = torch.randn(length, length, generator=gen, dtype=DTYPE)  # (L, L) any real mixing matrix
    x = torch.randn(length, channels, generator=gen, dtype=DTYPE)  # (L, C)
    return theta, x


def test_position_blind_heads_cannot_be_a_dense_layer():
    """h = L heads, head n puts weight 1 on position n whatever the query, W^V = I: every output row equal."""
    theta, x = _dense_layer()
    L, C = x.shape
    allowed = torch.zeros(L, L, L, dtype=torch.bool)  # (H, L, S) head n: every query reads key n
    allowed[torch.arange(L), :, torch.arange(L)] = True
    heads, _ = scaled_dot_product_attention(x.expand(L, L, C), x.expand(L, L, C), x.expand(L, L, C),
                                            attn_mask=allowed)  # (H, L, C)
    z = heads.transpose(0, 1).reshape(L, L * C)  # (L, H·C): the whole input, flattened, in every row
    w_o = torch.randn(L * C, C, generator=torch.Generator().manual_seed(2), dtype=DTYPE)  # (H·C, C) any W^O
    y = z @ w_o  # (L, C)
    assert torch.equal(z, z[:1].expand_as(z))  # every row holds the same numbers
    # so every position gets one output, L times (equal up to the matmul kernel's rounding, which may differ by row)
    torch.testing.assert_close(y, y[:1].expand_as(y), rtol=0, atol=1e-12)
    assert (theta @ x - (theta @ x)[:1]).abs().max() > 0.1  # a dense layer gives positions different outputs


def dense_as_attention(theta, x, eps=0.5):
    """Y = Θ X as two-head self-attention on inputs [x_j, one-hot(j)] plus a zero sink key.

    Head 1 has weights (Θ⁺ + ε)/s on the real keys, head 2 (Θ⁻ + ε)/s, the rest of each row on the sink
    (whose value is 0); W^O = [s I; −s I] so the heads' difference is (Θ⁺ − Θ⁻) X = Θ X. Returns the output
    rows of the L real positions, the two heads' weights (2, L + 1, L + 1) and s.
    """
    L, C = x.shape
    E = C + L + 1  # features: C channels, then L + 1 one-hot positions (the last one the sink)
    u = torch.cat([torch.cat([x, torch.zeros(1, C, dtype=DTYPE)]), torch.eye(L + 1, dtype=DTYPE)], dim=1)  # (L+1, E)
    s = 1 + (theta.abs() + 2 * eps).sum(-1).max().item()  # big enough that every row leaves weight for the sink
    logs = []
    for part in (theta.clamp(min=0), (-theta).clamp(min=0)):
        real = (part + eps) / s  # (L, L) weights on the real keys, all positive
        rows = torch.cat([real, 1 - real.sum(-1, keepdim=True)], dim=1)  # (L, L+1) the rest on the sink
        rows = torch.cat([rows, torch.full((1, L + 1), 1 / (L + 1), dtype=DTYPE)])  # (L+1, L+1) sink query: any
        logs.append(rows.log())  # scores e_ij whose softmax is that row
    pos = slice(C, E)
    w_q = torch.zeros(2, E, E, dtype=DTYPE)
    w_q[:, pos, pos] = torch.eye(L + 1, dtype=DTYPE)  # q_i = one-hot(i)
    w_k = torch.zeros(2, E, E, dtype=DTYPE)
    for h in range(2):
        w_k[h, pos, pos] = math.sqrt(E) * logs[h].T  # k_j = √d_k · column j of the log-weights
    w_v = torch.zeros(2, E, E, dtype=DTYPE)
    w_v[:, :C, :C] = torch.eye(C, dtype=DTYPE)  # v_j = x_j (0 for the sink)
    w_o = torch.zeros(2 * E, E, dtype=DTYPE)
    w_o[:C, :C] = s * torch.eye(C, dtype=DTYPE)  # + s · head 1
    w_o[E:E + C, :C] = -s * torch.eye(C, dtype=DTYPE)  # − s · head 2
    attention = _load(MultiHeadAttention(E, 2, mode="wide").double(), w_q, w_k, w_v, w_o)
    y, weights = attention(u[None], u[None], u[None])  # (1, L+1, E), (1, 2, L+1, L+1)
    return y[0, :L, :C], weights[0], s


@pytest.mark.parametrize("length, channels, seed", [(5, 3, 1), (4, 2, 3), (8, 1, 4)])
def test_dense_layer_as_two_head_attention_with_positions_and_a_sink(length, channels, seed):
    theta, x = _dense_layer(length, channels, seed)
    y, weights, s = dense_as_attention(theta, x)
    assert torch.allclose(weights.sum(-1), torch.ones(2, length + 1, dtype=DTYPE))  # ordinary softmax rows
    assert (weights > 0).all()  # no mask: every weight positive, finite scores
    assert torch.allclose(s * (weights[0, :length, :length] - weights[1, :length, :length]), theta, atol=1e-13)
    assert (y - theta @ x).abs().max().item() < TOL  # the dense layer, to rounding
    # the same weights on other inputs: one layer, fixed, whatever X is
    other = torch.randn(length, channels, generator=torch.Generator().manual_seed(seed + 10), dtype=DTYPE)
    assert (dense_as_attention(theta, other)[0] - theta @ other).abs().max().item() < TOL


def test_without_a_sink_the_rows_of_the_mixing_matrix_sum_alike():
    """Why the sink: softmax rows over the real keys sum to 1, so Σ_n c_n A_n has the same sum in every row."""
    gen = torch.Generator().manual_seed(5)
    A = torch.randn(2, 4, 4, generator=gen, dtype=DTYPE).softmax(-1)  # (H, L, S) any two heads' weights
    c = torch.tensor([2.5, -1.5], dtype=DTYPE)  # any W^V W^O scalars
    mix = (c[:, None, None] * A).sum(0)  # (L, S) the coefficient of x_j in y_i
    assert torch.allclose(mix.sum(-1), torch.full((4,), c.sum().item(), dtype=DTYPE))


def test_a_stack_without_positions_is_permutation_equivariant_and_a_mean_is_invariant():
    """permutation.md: feed-forward, residuals and LayerNorm act per token, so a whole stack is equivariant
    (both block orders), also with a padding mask that moves with its tokens; averaging over the tokens makes it
    invariant; a causal mask breaks the symmetry."""
    torch.manual_seed(0)
    x = torch.randn(1, 5, 8, dtype=torch.float64)  # (N, L, E)
    order = torch.tensor([4, 2, 0, 3, 1])  # a permutation P of the five positions
    for norm_first in (False, True):
        layers = [EncoderLayer(8, 2, dim_feedforward=16, norm_first=norm_first).double().eval() for _ in range(2)]

        def stack(x, is_causal=False, layers=layers):
            for layer in layers:
                x = layer(x, is_causal=is_causal)  # (N, L, E)
            return x

        torch.testing.assert_close(stack(x[:, order]), stack(x)[:, order])  # equivariant
        torch.testing.assert_close(stack(x[:, order]).mean(1), stack(x).mean(1))  # invariant after a mean
        assert not torch.allclose(stack(x[:, order], is_causal=True), stack(x, is_causal=True)[:, order], atol=1e-6)
        pad = torch.tensor([[False, False, True, False, True]])  # (N, L) True = padding, moved with its tokens

        def padded(x, pad, layers=layers):
            return layers[1](layers[0](x, src_key_padding_mask=pad), src_key_padding_mask=pad)

        torch.testing.assert_close(padded(x[:, order], pad[:, order]), padded(x, pad)[:, order])


def test_only_alpha_identity_plus_beta_ones_commutes_with_every_permutation():
    """attention-as-convolution.md: Y = Θ X is permutation equivariant only for Θ = αI + β11ᵀ."""
    L = 4
    eye = torch.eye(L, dtype=DTYPE)
    perms = [eye[list(p)] for p in itertools.permutations(range(L))]  # all L! permutation matrices
    # row-major vec: vec(PΘ) = (P ⊗ I) vec(Θ), vec(ΘP) = (I ⊗ Pᵀ) vec(Θ); stack PΘ − ΘP = 0 for every P
    conditions = torch.cat([torch.kron(p, eye) - torch.kron(eye, p.T.contiguous()) for p in perms])  # (L!·L², L²)
    _, sv, vh = torch.linalg.svd(conditions)
    rank = int((sv > 1e-10 * sv.max()).sum())
    null = vh[rank:]  # (L² − rank, L²) a basis of the Θ that commute with every P
    assert null.shape[0] == 2  # a two-parameter family ...
    basis = torch.stack([eye.flatten(), torch.ones(L * L, dtype=DTYPE)]).T  # (L², 2): I and 11ᵀ
    fit = torch.linalg.lstsq(basis, null.T).solution  # (2, 2)
    assert torch.allclose(basis @ fit, null.T, atol=1e-12)  # ... spanned by I and 11ᵀ
    theta, x = _dense_layer(L, 3)
    order = torch.tensor([2, 0, 3, 1])
    assert (theta @ x[order] - (theta @ x)[order]).abs().max() > 0.1  # a random dense layer is not equivariant
    special = 0.7 * eye + 0.2 * torch.ones(L, L, dtype=DTYPE)
    torch.testing.assert_close(special @ x[order], (special @ x)[order])  # αI + β11ᵀ is
