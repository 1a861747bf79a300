"""The numbers and claims of the two transformer flow scenes, computed independently.

* ``encoder_self_attention_flow``: attnlab's attention on the ``bidirectional_vs_causal`` sentence with the
  all-True mask equals ``F.scaled_dot_product_attention`` with no mask (outputs are the weighted sums of all
  the values); every weight is positive, rows sum to 1; the two "the" get equal weight from every query; the
  numbers the caption quotes are the query of "sat"'s.
* ``encoder_decoder_flow``: :func:`attnlab.examples.transformer.corners_decoding` against PyTorch's own
  ``nn.TransformerEncoderLayer`` / ``nn.TransformerDecoderLayer`` with the trained weights copied in, run step
  by step: the memory, every step's output, masked self-attention and cross-attention weights; the encoder
  embeds the source once and the decoder its inputs once per step (counted by hooks of this test); the
  corners written are the task's; the caption's numbers are the newest query's weights.
"""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.corners import CORNER_SHORT, CORNERS
from attnlab.examples.encoder_decoder import FIGURE_EXAMPLE
from attnlab.examples.toy_models import corners_figure_set, predict_corners, trained_corners_transformer
from attnlab.examples.transformer import bidirectional_vs_causal, corners_decoding

from .conftest import scene_caption as caption

# ---------------------------------------------------------------------------------------------------------
# encoder_self_attention_flow
# ---------------------------------------------------------------------------------------------------------


def test_encoder_self_attention_is_unmasked_attention():
    e = bidirectional_vs_causal()
    allowed = e.allowed["bidirectional"]  # (L, L)
    assert allowed.all(), "the encoder masks nothing"
    output, weights = scaled_dot_product_attention(e.query, e.key, e.value, attn_mask=allowed)  # (L, E), (L, L)
    reference = F.scaled_dot_product_attention(e.query[None], e.key[None], e.value[None])[0]  # (L, E) no mask
    torch.testing.assert_close(output, reference, rtol=0, atol=1e-12)
    expected = torch.softmax(e.query @ e.key.T / math.sqrt(e.key.shape[-1]), dim=-1)  # (L, L)
    torch.testing.assert_close(weights, expected, rtol=0, atol=1e-12)
    assert (weights > 0).all(), "every token reads every token, before and after it"
    torch.testing.assert_close(weights.sum(-1), torch.ones(len(e.tokens), dtype=weights.dtype))
    for i in range(len(e.tokens)):  # each output is the weighted sum of all the values
        total = sum(weights[i, j] * e.value[j] for j in range(len(e.tokens)))  # (E,)
        torch.testing.assert_close(output[i], total, rtol=0, atol=1e-12)


def test_encoder_self_attention_caption_numbers():
    e = bidirectional_vs_causal()
    text = caption("encoder_self_attention_flow")
    L = len(e.tokens)
    assert e.tokens == ("the", "cat", "sat", "on", "the", "mat") and f"all {L * L} weights" in text
    q, k = e.query[e.tokens.index("sat")], e.key  # (E,), (L, E)
    row = [math.exp(s) for s in (k @ q / math.sqrt(k.shape[-1])).tolist()]  # (L,)
    row = [w / sum(row) for w in row]
    first, second = (i for i, t in enumerate(e.tokens) if t == "the")
    assert row[first] == pytest.approx(row[second], abs=1e-12), "the two 'the' share one key"
    assert max(row) == pytest.approx(row[first], abs=1e-12) and min(row) == row[e.tokens.index("mat")]
    assert f'from {row[-1]:.2f} for "mat" to {row[first]:.2f} for each "the"' in text
    assert rf"{row[0]:.2f}\,\mathbf{{v}}_\text{{the}} + {row[1]:.2f}\,\mathbf{{v}}_\text{{cat}}" in text
    # "the same weight from every query": the two columns of "the" are equal in every row
    weights = torch.softmax(e.query @ e.key.T / math.sqrt(e.key.shape[-1]), dim=-1)  # (L, L)
    torch.testing.assert_close(weights[:, first], weights[:, second], rtol=0, atol=1e-12)
    assert e.value.shape[-1] == 8 and "eight numbers each" in text


# ---------------------------------------------------------------------------------------------------------
# encoder_decoder_flow
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corners():
    model, _ = trained_corners_transformer()
    return model, corners_decoding(model, FIGURE_EXAMPLE)


def _torch_layers(model):
    """PyTorch's own encoder and decoder layers with the trained weights copied in."""
    enc, dec = model.encoder_layers[0], model.decoder_layers[0]
    settings = dict(d_model=enc.self_attn.embed_dim, nhead=enc.self_attn.num_heads,
                    dim_feedforward=enc.linear1.out_features, dropout=0.0, batch_first=True)
    torch_enc = nn.TransformerEncoderLayer(**settings).eval()
    torch_dec = nn.TransformerDecoderLayer(**settings).eval()
    torch_enc.load_state_dict(enc.state_dict())
    torch_dec.load_state_dict(dec.state_dict())
    return torch_enc, torch_dec


@torch.no_grad()
def test_corners_decoding_against_pytorch_layers(corners):
    model, run = corners
    assert len(model.encoder_layers) == 1 and len(model.decoder_layers) == 1
    torch_enc, torch_dec = _torch_layers(model)
    src_all, _, _ = corners_figure_set()
    src = src_all[FIGURE_EXAMPLE][None]  # (1, S, 2)
    memory = torch_enc(model.positional(model.src_embed(src)))  # (1, S, E)
    torch.testing.assert_close(run.memory, memory[0], rtol=0, atol=1e-5)
    assert tuple(run.memory.shape) == (2, 16), "the caption's two vectors of 16 numbers"
    dec = src[:, -1:]  # (1, 1, 2) the last source corner
    for t in range(len(run.outputs)):
        T = dec.shape[1]
        blocked = torch.ones(T, T, dtype=torch.bool).triu(1)  # PyTorch's convention: True = may NOT attend
        x = model.positional(model.tgt_embed(dec))  # (1, T, E)
        _, self_w = torch_dec.self_attn(x, x, x, attn_mask=blocked, average_attn_weights=False)  # (1, H, T, T)
        h = torch_dec.norm1(x + torch_dec.self_attn(x, x, x, attn_mask=blocked)[0])  # (1, T, E) post-norm
        _, cross_w = torch_dec.multihead_attn(h, memory, memory, average_attn_weights=False)  # (1, H, T, S)
        y = torch_dec(x, memory, tgt_mask=blocked)  # (1, T, E)
        out = model.final_linear(y)[0, -1]  # (2,)
        torch.testing.assert_close(run.decoder_self[t][0], self_w[0], rtol=0, atol=1e-5)
        torch.testing.assert_close(run.cross[t][0], cross_w[0], rtol=0, atol=1e-5)
        torch.testing.assert_close(run.outputs[t], out, rtol=0, atol=1e-5)
        assert (run.decoder_self[t][0][:, blocked] == 0).all(), "the future is masked"
        dec = torch.cat([dec, out[None, None]], dim=1)  # (1, T + 1, 2)
    torch.testing.assert_close(run.decoder_inputs, dec[0, :-1], rtol=0, atol=1e-5)
    torch.testing.assert_close(run.outputs, predict_corners(model, src)[0], rtol=0, atol=1e-6)


@torch.no_grad()
def test_corners_decoding_encodes_once_and_decodes_per_step():
    model, _ = trained_corners_transformer()
    calls = {"src": 0, "tgt": 0}
    hooks = [model.src_embed.register_forward_hook(lambda *_: calls.__setitem__("src", calls["src"] + 1)),
             model.tgt_embed.register_forward_hook(lambda *_: calls.__setitem__("tgt", calls["tgt"] + 1))]
    try:
        run = corners_decoding(model, FIGURE_EXAMPLE)
    finally:
        for hook in hooks:
            hook.remove()
    assert calls == {"src": 1, "tgt": len(run.outputs)} == {"src": run.encoder_passes, "tgt": run.decoder_passes}
    assert run.decoder_passes == 2


def test_corners_decoding_writes_the_task_and_the_caption(corners):
    _, run = corners
    text = caption("encoder_decoder_flow")
    corners_xy = torch.tensor(CORNERS)  # (4, 2)
    nearest = [CORNER_SHORT[int(((corners_xy - p) ** 2).sum(-1).argmin())] for p in run.outputs]
    assert tuple(nearest) == run.output_labels == run.target_labels, "the model writes the task's two corners"
    assert run.decoder_labels == (run.source_labels[-1], run.output_labels[0])
    assert f"reads the source corners {', '.join(run.source_labels)}" in text
    assert f"starts from the last source corner, {run.source_labels[-1]}" in text
    # the earlier rows do not change when a corner is appended (causal): the newest row is all a step adds
    for w in (run.decoder_self, run.cross):
        torch.testing.assert_close(w[1][:, :, :1, : w[0].shape[-1]], w[0], rtol=0, atol=1e-6)
    step1, step2 = run.cross[0][-1, :, -1], run.cross[1][-1, :, -1]  # (H, S) the newest query's weights
    opposite1 = run.source_labels[0]  # BL is opposite TR, BR opposite TL
    assert (step1.argmax(-1) == 0).all() and f"to write {run.output_labels[0]} (step 1) both heads read " \
        f"{opposite1}, the opposite corner ({step1[:, 0].min():.2f})" in text
    assert step2[1].argmax() == 1 and f"to write {run.output_labels[1]} (step 2) head 2 reads " \
        f"{run.source_labels[1]} ({step2[1, 1]:.2f})" in text
    for s, t in zip(run.source_labels, run.output_labels):  # the corners are opposite: the square is centred
        a, b = torch.tensor(CORNERS[CORNER_SHORT.index(s)]), torch.tensor(CORNERS[CORNER_SHORT.index(t)])
        assert torch.equal(a, -b)
