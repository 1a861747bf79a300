"""EncoderLayer and DecoderLayer against PyTorch's (via from_torch), and the small Transformer."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from attnlab import DecoderLayer, EncoderLayer, Transformer, attn_mask_from_torch, causal_mask, from_torch

from .conftest import MODULE_TOLERANCE as TOLERANCE

SETTINGS = settings(max_examples=30, deadline=None)


@st.composite
def layer_cases(draw):
    return dict(
        N=draw(st.integers(1, 3)),
        S=draw(st.integers(1, 6)),
        T=draw(st.integers(1, 6)),
        nhead=draw(st.sampled_from([1, 2, 4])),
        activation=draw(st.sampled_from(["relu", "gelu"])),
        norm_first=draw(st.booleans()),
        bias=draw(st.booleans()),
        dtype=draw(st.sampled_from([torch.float32, torch.float64])),
        masks=draw(st.sampled_from(["none", "bool", "float", "causal", "padding", "all"])),
        no_grad=draw(st.booleans()),
        seed=draw(st.integers(0, 2**31)),
    )


def torch_style(mask):
    """attnlab's boolean mask (True = may attend) as PyTorch's modules read it (True = NOT allowed)."""
    return ~mask if mask is not None and mask.dtype == torch.bool else mask


def torch_layer_and_copy(torch_layer, case):
    """PyTorch's layer (``nn.TransformerEncoderLayer`` or ``...DecoderLayer``) for ``case``, in eval mode, with
    E = 2·nhead and a feed-forward width of 7, and attnlab's copy of it (``from_torch``)."""
    theirs = torch_layer(
        2 * case["nhead"], case["nhead"], dim_feedforward=7, activation=case["activation"],
        norm_first=case["norm_first"], bias=case["bias"], batch_first=True, dtype=case["dtype"],
    ).eval()
    return theirs, from_torch(theirs)


def layer_masks(masks, case, L, S, g):
    """attn_mask, key_padding_mask and is_causal for attention of L queries over S keys."""
    kind, N, dtype = case["masks"], case["N"], case["dtype"]
    anchor = 0  # key 0 stays open: causal rows always see it
    attn_mask = padding = None
    if kind in ("bool", "float", "all"):
        attn_mask = masks.attn_mask((L, S), "float" if kind == "float" else "bool", dtype, g, anchor)
    if kind in ("padding", "all"):
        padding = masks.key_padding_mask(N, S, "bool", dtype, g, anchor)
    return attn_mask, padding, kind in ("causal", "all") and L == S


@SETTINGS
@given(layer_cases())
def test_encoder_layer_equals_pytorch(masks, seeded, case):
    g = seeded(case["seed"])
    N, S, dtype = case["N"], case["S"], case["dtype"]
    E = 2 * case["nhead"]
    theirs, ours = torch_layer_and_copy(torch.nn.TransformerEncoderLayer, case)
    assert isinstance(ours, EncoderLayer)
    src = torch.randn(N, S, E, generator=g, dtype=dtype)
    mask, padding, is_causal = layer_masks(masks, case, S, S, g)
    if is_causal:  # PyTorch's is_causal is a hint that src_mask is causal; attnlab's applies it
        mask = None
    their_mask = torch_style(causal_mask(S)) if is_causal else torch_style(mask)
    # PyTorch's no-grad fast path reads a float src_mask as boolean and returns NaN
    # (pytorch/pytorch#118628, open): compare float masks with its regular path only
    no_grad = case["no_grad"] and case["masks"] != "float"

    with torch.set_grad_enabled(not no_grad):
        expected = theirs(src, their_mask, padding, is_causal=is_causal)
        output = ours(src, mask, padding, is_causal=is_causal)
        x = theirs.norm1(src) if case["norm_first"] else src
        _, expected_weights = theirs.self_attn(
            x, x, x, attn_mask=their_mask, key_padding_mask=padding, average_attn_weights=False
        )

    tol = TOLERANCE[dtype]
    torch.testing.assert_close(output, expected, atol=tol, rtol=tol)
    torch.testing.assert_close(ours.self_attn_weights, expected_weights.detach(), atol=tol, rtol=tol)


@SETTINGS
@given(layer_cases())
def test_decoder_layer_equals_pytorch(masks, seeded, case):
    g = seeded(case["seed"])
    N, S, T, dtype = case["N"], case["S"], case["T"], case["dtype"]
    E = 2 * case["nhead"]
    theirs, ours = torch_layer_and_copy(torch.nn.TransformerDecoderLayer, case)
    assert isinstance(ours, DecoderLayer)
    tgt = torch.randn(N, T, E, generator=g, dtype=dtype)
    memory = torch.randn(N, S, E, generator=g, dtype=dtype)
    tgt_mask, tgt_padding, _ = layer_masks(masks, case, T, T, g)
    memory_mask, memory_padding, _ = layer_masks(masks, case, T, S, g)
    tgt_is_causal = case["masks"] in ("causal", "all")
    their_tgt_mask = torch_style(tgt_mask)
    if tgt_is_causal:
        tgt_mask = None
        their_tgt_mask = torch_style(causal_mask(T))

    with torch.set_grad_enabled(not case["no_grad"]):
        expected = theirs(
            tgt, memory, their_tgt_mask, torch_style(memory_mask), tgt_padding, memory_padding,
            tgt_is_causal=tgt_is_causal,
        )
        output = ours(
            tgt, memory, tgt_mask, memory_mask, tgt_padding, memory_padding, tgt_is_causal=tgt_is_causal
        )

    tol = TOLERANCE[dtype]
    torch.testing.assert_close(output, expected, atol=tol, rtol=tol)
    assert ours.self_attn_weights.shape == (N, case["nhead"], T, T)
    assert ours.cross_attn_weights.shape == (N, case["nhead"], T, S)
    if tgt_is_causal:
        assert torch.all(torch.triu(ours.self_attn_weights, diagonal=1) == 0)


def test_train_mode_dropout_is_copied_and_active():
    theirs = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.5, batch_first=True)
    ours = from_torch(theirs)
    assert ours.training and ours.dropout.p == 0.5 and ours.self_attn.dropout == 0.5
    x = torch.randn(2, 5, 8)
    assert not torch.equal(ours(x), ours(x))  # two different dropout draws
    ours.eval()
    assert torch.equal(ours(x), ours(x))


def small_transformer(**kwargs):
    torch.manual_seed(0)
    return Transformer(src_size=2, tgt_size=2, out_size=2, d_model=8, nhead=2, dim_feedforward=16,
                       num_encoder_layers=2, num_decoder_layers=2, **kwargs)


@pytest.mark.parametrize("norm_first", [False, True])
def test_transformer_shapes_and_attention_weights_of_every_layer(norm_first):
    model = small_transformer(norm_first=norm_first)
    src, tgt = torch.randn(3, 4, 2), torch.randn(3, 5, 2)
    out = model(src, tgt, tgt_is_causal=True)
    assert out.shape == (3, 5, 2)
    weights = model.attention_weights()
    assert weights["encoder"].shape == (2, 3, 2, 4, 4)
    assert weights["decoder_self"].shape == (2, 3, 2, 5, 5)
    assert weights["decoder_cross"].shape == (2, 3, 2, 5, 4)
    for stacked in weights.values():
        torch.testing.assert_close(stacked.sum(dim=-1), torch.ones(stacked.shape[:-1]))
    assert torch.all(torch.triu(weights["decoder_self"], diagonal=1) == 0)


def test_transformer_decoder_does_not_see_the_future():
    model = small_transformer().double()
    src, tgt = torch.randn(2, 4, 2, dtype=torch.float64), torch.randn(2, 5, 2, dtype=torch.float64)
    changed = tgt.clone()
    changed[:, 3:] += 1.0  # change positions 3 and 4 only
    out, out_changed = model(src, tgt, tgt_is_causal=True), model(src, changed, tgt_is_causal=True)
    torch.testing.assert_close(out[:, :3], out_changed[:, :3])
    assert not torch.allclose(out[:, 3:], out_changed[:, 3:])
    # without the causal mask the change leaks backwards
    assert not torch.allclose(model(src, tgt)[:, :3], model(src, changed)[:, :3])


def test_transformer_source_padding_is_ignored():
    model = Transformer(src_size=10, tgt_size=10, out_size=10, d_model=8, nhead=2, dim_feedforward=16,
                        tokens=True).double()
    src = torch.tensor([[1, 2, 3, 0, 0]])
    other_padding = torch.tensor([[1, 2, 3, 7, 9]])  # same tokens, different junk in the padded slots
    padding = torch.tensor([[False, False, False, True, True]])
    tgt = torch.tensor([[4, 5]])
    kwargs = dict(src_key_padding_mask=padding, memory_key_padding_mask=padding, tgt_is_causal=True)
    torch.testing.assert_close(model(src, tgt, **kwargs), model(other_padding, tgt, **kwargs))
    assert torch.all(model.attention_weights()["decoder_cross"][..., 3:] == 0)


def test_transformer_learns_to_copy():
    """A few steps of Adam on a copy task must lower the loss: gradients flow through every part."""
    torch.manual_seed(0)
    model = Transformer(src_size=6, tgt_size=6, out_size=6, d_model=16, nhead=2, dim_feedforward=32,
                        tokens=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    src = torch.randint(1, 6, (32, 4))
    tgt_in = torch.cat([torch.zeros(32, 1, dtype=torch.long), src[:, :-1]], dim=1)  # shifted right
    losses = []
    for _ in range(30):
        logits = model(src, tgt_in, tgt_is_causal=True)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 6), src.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]


def test_attn_mask_from_torch_inverts_booleans_only():
    blocked = torch.tensor([[False, True], [False, False]])
    assert torch.equal(attn_mask_from_torch(blocked), ~blocked)
    additive = torch.tensor([[0.0, float("-inf")], [0.5, 0.0]])
    assert attn_mask_from_torch(additive) is additive
    assert attn_mask_from_torch(None) is None
