"""MultiHeadAttention against nn.MultiheadAttention, wide heads, the trace, parameter counts, symmetry."""

import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from attnlab import MultiHeadAttention, PositionalEncoding, from_torch

from .conftest import MODULE_TOLERANCE as TOLERANCE

SETTINGS = settings(max_examples=40, deadline=None)
MASKS = ["none", "bool", "bool-per-head", "float", "float-per-head", "causal", "padding", "float-padding", "both"]


@st.composite
def mha_cases(draw):
    return dict(
        N=draw(st.integers(1, 3)),
        L=draw(st.integers(1, 6)),
        S=draw(st.integers(1, 6)),
        H=draw(st.sampled_from([1, 2, 4])),
        D=draw(st.integers(1, 4)),
        bias=draw(st.booleans()),
        dtype=draw(st.sampled_from([torch.float32, torch.float64])),
        self_attention=draw(st.booleans()),
        mask=draw(st.sampled_from(MASKS)),
        need_weights=draw(st.booleans()),
        average=draw(st.booleans()),
        no_grad=draw(st.booleans()),
        seed=draw(st.integers(0, 2**31)),
    )


@SETTINGS
@given(mha_cases())
def test_multihead_equals_pytorch(masks, seeded, case):
    N, L, S, H, dtype, kind = case["N"], case["L"], case["S"], case["H"], case["dtype"], case["mask"]
    E = H * case["D"]
    g = seeded(case["seed"])
    theirs = torch.nn.MultiheadAttention(E, H, bias=case["bias"], batch_first=True, dtype=dtype).eval()
    ours = from_torch(theirs)
    query = torch.randn(N, L, E, generator=g, dtype=dtype)
    if case["self_attention"]:
        S, key, value = L, query, query
    else:
        key, value = torch.randn(2, N, S, E, generator=g, dtype=dtype)
    anchor = int(torch.randint(S, (1,), generator=g))
    mask_kind = "float" if kind.startswith("float") else "bool"
    attn_mask = padding = None
    if kind in ("bool", "float", "both"):
        attn_mask = masks.attn_mask((L, S), mask_kind, dtype, g, anchor)
    if kind.endswith("per-head"):
        attn_mask = masks.attn_mask((N * H, L, S), mask_kind, dtype, g, anchor)
    if kind in ("padding", "float-padding", "both"):
        padding = masks.key_padding_mask(N, S, mask_kind, dtype, g, anchor)
    is_causal = kind == "causal"
    # PyTorch's module reads a boolean attn_mask as True = NOT allowed, and is_causal only as a hint
    torch_mask = ~attn_mask if attn_mask is not None and attn_mask.dtype == torch.bool else attn_mask
    if is_causal:
        torch_mask = torch.ones(L, S, dtype=torch.bool).triu(diagonal=1)
    kwargs = dict(need_weights=case["need_weights"], average_attn_weights=case["average"])

    with torch.set_grad_enabled(not case["no_grad"]):
        expected, expected_weights = theirs(
            query, key, value, key_padding_mask=padding, attn_mask=torch_mask, is_causal=is_causal, **kwargs
        )
        output, weights = ours(
            query, key, value, key_padding_mask=padding, attn_mask=attn_mask, is_causal=is_causal, **kwargs
        )

    tol = TOLERANCE[dtype]
    torch.testing.assert_close(output, expected, atol=tol, rtol=tol)
    if case["need_weights"]:
        torch.testing.assert_close(weights, expected_weights, atol=tol, rtol=tol)
    else:
        assert weights is None


def test_multihead_gradients_equal_pytorch():
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(8, 2, batch_first=True)
    ours = from_torch(theirs)
    x = torch.randn(3, 5, 8)
    mask = torch.ones(5, 5, dtype=torch.bool).triu(diagonal=1)
    theirs(x, x, x, attn_mask=mask)[0].square().sum().backward()
    ours(x, x, x, is_causal=True)[0].square().sum().backward()
    torch.testing.assert_close(ours.in_proj_weight.grad, theirs.in_proj_weight.grad)
    torch.testing.assert_close(ours.out_proj.weight.grad, theirs.out_proj.weight.grad)


def test_wide_heads_are_independent_full_size_attentions():
    torch.manual_seed(0)
    E, H = 6, 3
    attention = MultiHeadAttention(E, H, mode="wide").double()
    query, key = torch.randn(2, 4, E, dtype=torch.float64), torch.randn(2, 5, E, dtype=torch.float64)
    output, weights = attention(query, key, key)

    W_q, W_k, W_v = attention.in_proj_weight.chunk(3)  # each (H·E, E)
    b_q, b_k, b_v = attention.in_proj_bias.chunk(3)
    heads, head_weights = [], []
    for h in range(H):  # one full-size head at a time, E features each
        rows = slice(h * E, (h + 1) * E)
        q, k, v = (F.linear(x, W[rows], b[rows]) for x, W, b in [(query, W_q, b_q), (key, W_k, b_k), (key, W_v, b_v)])
        heads.append(F.scaled_dot_product_attention(q, k, v))
        identity = torch.eye(5, dtype=torch.float64).expand(2, 5, 5)
        head_weights.append(F.scaled_dot_product_attention(q, k, identity))
    expected = attention.out_proj(torch.cat(heads, dim=-1))  # (N, L, H·E) -> (N, L, E)
    torch.testing.assert_close(output, expected)
    torch.testing.assert_close(weights, torch.stack(head_weights, dim=1))


def test_trace_holds_every_step_and_agrees_with_forward():
    torch.manual_seed(0)
    N, L, S, E, H = 2, 3, 4, 8, 2
    attention = MultiHeadAttention(E, H)
    query, key = torch.randn(N, L, E), torch.randn(N, S, E)
    padding = torch.tensor([[False, False, False, True], [False, True, False, False]])
    trace = attention.trace(query, key, key, key_padding_mask=padding)
    output, weights = attention(query, key, key, key_padding_mask=padding)

    D = E // H
    assert trace.q.shape == (N, H, L, D) and trace.k.shape == trace.v.shape == (N, H, S, D)
    assert trace.scores.shape == trace.weights.shape == (N, H, L, S)
    assert trace.z.shape == (N, L, E)
    assert torch.equal(trace.output, output) and torch.equal(trace.weights, weights)
    blocked = padding[:, None, None, :].expand(N, H, L, S)
    expected_scores = trace.q @ trace.k.transpose(-2, -1) / D**0.5  # (N, H, L, S)
    torch.testing.assert_close(trace.scores[~blocked], expected_scores[~blocked])
    assert torch.all(torch.isneginf(trace.scores[blocked]))
    torch.testing.assert_close(trace.weights, trace.scores.softmax(dim=-1))
    # Z is the heads side by side: head h occupies features h·D..(h+1)·D
    torch.testing.assert_close(trace.z[..., D:], trace.weights[:, 1] @ trace.v[:, 1])
    torch.testing.assert_close(trace.output, attention.out_proj(trace.z))


def test_average_attn_weights_is_the_mean_over_heads():
    attention = MultiHeadAttention(8, 4)
    x = torch.randn(2, 5, 8)
    _, per_head = attention(x, x, x)
    _, averaged = attention(x, x, x, average_attn_weights=True)
    assert per_head.shape == (2, 4, 5, 5) and averaged.shape == (2, 5, 5)
    torch.testing.assert_close(averaged, per_head.mean(dim=1))


def count(module):
    return sum(p.numel() for p in module.parameters())


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8))
def test_narrow_parameter_count_is_4_E2_plus_E_for_any_H(H, D):
    E = H * D
    assert count(MultiHeadAttention(E, H, mode="narrow")) == 4 * (E**2 + E)
    assert count(MultiHeadAttention(E, H, mode="narrow")) == count(torch.nn.MultiheadAttention(E, H))


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 8), st.integers(1, 16))
def test_wide_parameter_count_grows_with_H(H, E):
    assert count(MultiHeadAttention(E, H, mode="wide")) == 3 * H * (E**2 + E) + H * E**2 + E


def test_without_bias_narrow_has_4_E2_parameters():
    assert count(MultiHeadAttention(12, 3, bias=False)) == 4 * 12**2


@SETTINGS
@given(st.integers(2, 6), st.sampled_from(["narrow", "wide"]), st.integers(0, 2**31))
def test_self_attention_is_permutation_equivariant_without_positions_and_not_with(L, mode, seed):
    torch.manual_seed(seed)
    attention = MultiHeadAttention(8, 2, mode=mode).double()
    x = torch.randn(1, L, 8, dtype=torch.float64)
    permutation = torch.roll(torch.arange(L), 1)  # moves every position
    y, _ = attention(x, x, x)
    y_of_permuted, _ = attention(x[:, permutation], x[:, permutation], x[:, permutation])
    torch.testing.assert_close(y_of_permuted, y[:, permutation])

    positions = PositionalEncoding(8, max_len=16).double()
    xp, xp_permuted = positions(x), positions(x[:, permutation])
    y, _ = attention(xp, xp, xp)
    y_of_permuted, _ = attention(xp_permuted, xp_permuted, xp_permuted)
    assert not torch.allclose(y_of_permuted, y[:, permutation], atol=1e-6)


def test_mary_gave_roses_to_susan():
    torch.manual_seed(0)
    words = dict(zip(["Mary", "gave", "roses", "to", "Susan"], torch.randn(5, 8, dtype=torch.float64)))
    first = torch.stack([words[w] for w in "Mary gave roses to Susan".split()]).unsqueeze(0)  # (1, 5, 8)
    second = torch.stack([words[w] for w in "Susan gave roses to Mary".split()]).unsqueeze(0)
    attention = MultiHeadAttention(8, 2).double()
    gave = 1
    y_first, y_second = attention(first, first, first)[0], attention(second, second, second)[0]
    torch.testing.assert_close(y_first[0, gave], y_second[0, gave])

    positions = PositionalEncoding(8, max_len=5).double()
    first, second = positions(first), positions(second)
    y_first, y_second = attention(first, first, first)[0], attention(second, second, second)[0]
    assert (y_first[0, gave] - y_second[0, gave]).abs().max() > 1e-3
