r"""The numbers and claims of the seq2seq page's two scenes, recomputed with PyTorch's own layers.

Both scenes draw the section's trained corners model (one attention head) on the figures' sequence. Here the model is
rebuilt from ``nn.TransformerEncoderLayer`` and ``nn.TransformerDecoderLayer`` with its weights copied in, the
closed-form sinusoidal positions and plain ``F.linear`` embeddings, so nothing below runs attnlab's attention or layers:

* ``bottleneck_vs_attention``: the encoder states it draws, the fixed context $c = h_S$, the weights $a_{ts}$ and
  each context $\mathbf{c}_t$ (``F.scaled_dot_product_attention`` over the projections of the states); the caption's
  weights and which state each step favours;
* ``teacher_forcing_vs_inference``: the teacher-forced pass on the true sequence shifted right, each step of it
  equal to running that step alone on the inputs so far (why training may compute all steps at once); the
  step-by-step inference loop feeding each prediction back in; the caption's corners and the gap it states.
"""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from attnlab.examples.encoder_decoder import CORNERS_EXAMPLE, corners_bottleneck, corners_model
from attnlab.examples.toy_models import corners_attention_trace, corners_figure_set, decoder_inputs

from .conftest import caption_number as number
from .conftest import scene_caption as caption

ATOL = 1e-5


def point(p):
    return f"({number(p[0])}, {number(p[1])})"


def sinusoids(length, d_model):
    """PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(...): the paper's table, (length, d_model)."""
    table = torch.zeros(length, d_model, dtype=torch.float64)
    for p in range(length):
        for i in range(d_model // 2):
            angle = p / 10000 ** (2 * i / d_model)
            table[p, 2 * i], table[p, 2 * i + 1] = math.sin(angle), math.cos(angle)
    return table.float()


class Reference:
    """The corners transformer as PyTorch's layers with the trained weights copied in (eval mode, float32)."""

    def __init__(self, model):
        (encoder,), (decoder,) = model.encoder_layers, model.decoder_layers
        E, H = encoder.self_attn.embed_dim, encoder.self_attn.num_heads
        options = dict(dim_feedforward=encoder.linear1.out_features, dropout=0.0, activation="relu", batch_first=True,
                       norm_first=False)
        self.encoder = nn.TransformerEncoderLayer(E, H, **options).eval()
        self.encoder.load_state_dict(encoder.state_dict())
        self.decoder = nn.TransformerDecoderLayer(E, H, **options).eval()
        self.decoder.load_state_dict(decoder.state_dict())
        self.src_embed = (model.src_embed.weight.detach(), model.src_embed.bias.detach())
        self.tgt_embed = (model.tgt_embed.weight.detach(), model.tgt_embed.bias.detach())
        self.final = (model.final_linear.weight.detach(), model.final_linear.bias.detach())
        self.E, self.H = E, H

    @torch.no_grad()
    def encode(self, src):
        """src (N, S, 2) -> memory (N, S, E)."""
        x = F.linear(src, *self.src_embed) + sinusoids(src.shape[1], self.E)  # (N, S, E)
        return self.encoder(x)  # (N, S, E)

    @torch.no_grad()
    def decode(self, dec_in, memory):
        """Decoder inputs (N, T, 2), memory (N, S, E) -> predicted corners (N, T, 2), causal."""
        T = dec_in.shape[1]
        y = F.linear(dec_in, *self.tgt_embed) + sinusoids(T, self.E)  # (N, T, E)
        future = torch.ones(T, T, dtype=torch.bool).triu(1)  # (T, T) PyTorch's layers: True = NOT allowed
        return F.linear(self.decoder(y, memory, tgt_mask=future), *self.final)  # (N, T, 2)

    @torch.no_grad()
    def cross_attention(self, dec_in, memory):
        """Each head's cross-attention weights (N, H, T, S) and its output before W^O (N, T, H·D)."""
        T, layer = dec_in.shape[1], self.decoder
        y = F.linear(dec_in, *self.tgt_embed) + sinusoids(T, self.E)  # (N, T, E)
        future = torch.ones(T, T, dtype=torch.bool).triu(1)  # (T, T) True = NOT allowed
        x = layer.norm1(y + layer.self_attn(y, y, y, attn_mask=future, need_weights=False)[0])  # (N, T, E)
        _, weights = layer.multihead_attn(x, memory, memory, average_attn_weights=False)  # (N, H, T, S)
        w_q, w_k, w_v = layer.multihead_attn.in_proj_weight.chunk(3)  # (E, E) each
        b_q, b_k, b_v = layer.multihead_attn.in_proj_bias.chunk(3)  # (E,) each
        N, S, D = x.shape[0], memory.shape[1], self.E // self.H

        def heads(t, length):
            return t.view(N, length, self.H, D).transpose(1, 2)  # (N, H, length, D)

        q, k, v = (heads(F.linear(x, w_q, b_q), T), heads(F.linear(memory, w_k, b_k), S),
                   heads(F.linear(memory, w_v, b_v), S))
        z = F.scaled_dot_product_attention(q, k, v)  # (N, H, T, D)
        return weights, z.transpose(1, 2).reshape(N, T, self.H * D)  # (N, H, T, S), (N, T, H·D)


@pytest.fixture(scope="module")
def model():
    model = corners_model()[0]
    assert model.decoder_layers[-1].multihead_attn.num_heads == 1  # no heads before the multi-head pages
    return model


@pytest.fixture(scope="module")
def reference(model):
    return Reference(model)


@pytest.fixture(scope="module")
def sequence():
    """The figures' sequence: src (1, S, 2), tgt (1, L, 2), its corner labels."""
    src, tgt, meta = corners_figure_set()
    return src[CORNERS_EXAMPLE][None], tgt[CORNERS_EXAMPLE][None], meta.labels(CORNERS_EXAMPLE)


def true_decoder_inputs(src, tgt):
    """Teacher forcing written out: the last source corner, then the target without its last corner."""
    return torch.cat([src[:, -1:], tgt[:, :-1]], dim=1)  # (N, L, 2)


# ---------------------------------------------------------------------------------------------------------
# bottleneck_vs_attention
# ---------------------------------------------------------------------------------------------------------


def test_bottleneck_scene_draws_pytorchs_states_weights_and_contexts(model, reference, sequence):
    src, tgt, labels = sequence
    shown = corners_bottleneck(model, CORNERS_EXAMPLE)
    memory = reference.encode(src)  # (1, S, E)
    torch.testing.assert_close(shown.memory, memory[0], atol=ATOL, rtol=0)
    # the classic decoder's one vector is the last state, the same for every step
    assert torch.equal(shown.fixed_context, shown.memory[-1])
    weights, z = reference.cross_attention(true_decoder_inputs(src, tgt), memory)  # (1, H, L, S), (1, L, H·D)
    torch.testing.assert_close(shown.weights, weights[0], atol=ATOL, rtol=0)
    torch.testing.assert_close(shown.contexts, z[0], atol=ATOL, rtol=0)
    # each step's context is its own: the two differ, unlike the fixed vector
    assert (shown.contexts[0] - shown.contexts[1]).abs().max() > 0.1
    assert (shown.source_labels, shown.target_labels) == tuple(tuple(x) for x in labels)


def test_bottleneck_caption_states_the_weights(model, reference, sequence):
    src, tgt, (source_labels, target_labels) = sequence
    weights, _ = reference.cross_attention(true_decoder_inputs(src, tgt), reference.encode(src))
    w = weights[0, 0]  # (L, S) the one head
    # the claims: step 1 favours h_1, step 2 moves to h_2
    assert w.argmax(-1).tolist() == [0, 1]
    text = caption("bottleneck_vs_attention")
    assert (f"Step 1 puts {number(w[0, 0])} on $\\mathbf{{h}}_1$; "
            f"step 2 moves to $\\mathbf{{h}}_2$ with {number(w[1, 1])}.") in text
    assert f"source corners {source_labels[0]} and {source_labels[1]}" in text
    assert f"{reference.E} numbers each" in text


# ---------------------------------------------------------------------------------------------------------
# teacher_forcing_vs_inference
# ---------------------------------------------------------------------------------------------------------


def test_teacher_forced_pass_is_every_step_run_alone(model, reference, sequence):
    src, tgt, _ = sequence
    trace = corners_attention_trace(model, CORNERS_EXAMPLE)
    given = true_decoder_inputs(src, tgt)  # (1, L, 2)
    assert torch.equal(trace.decoder_input, given[0])
    assert torch.equal(decoder_inputs(src, tgt), given)
    memory = reference.encode(src)
    all_at_once = reference.decode(given, memory)[0]  # (L, 2) one pass, causal mask
    torch.testing.assert_close(trace.prediction, all_at_once, atol=ATOL, rtol=0)
    for t in range(given.shape[1]):  # step t alone, on the true inputs up to t: the same prediction
        alone = reference.decode(given[:, : t + 1], memory)[0, -1]  # (2,)
        torch.testing.assert_close(all_at_once[t], alone, atol=ATOL, rtol=0)


def test_inference_feeds_each_prediction_back(model, reference, sequence):
    src, tgt, _ = sequence
    trace = corners_attention_trace(model, CORNERS_EXAMPLE)
    memory = reference.encode(src)
    fed = src[:, -1:]  # (1, 1, 2) step 1 reads the last source corner alone
    for _ in range(tgt.shape[1]):
        predicted = reference.decode(fed, memory)[:, -1:]  # (1, 1, 2)
        fed = torch.cat([fed, predicted], dim=1)  # (1, t + 1, 2) the prediction appended to the input
    torch.testing.assert_close(trace.generated, fed[0, 1:], atol=ATOL, rtol=0)
    # the scene's inference inputs: the last source corner, then the decoder's own first prediction
    shown = decoder_inputs(trace.src[None], trace.generated[None])[0]  # (L, 2)
    torch.testing.assert_close(shown, fed[0, :-1], atol=ATOL, rtol=0)
    # step 1 reads the same input in both regimes, so it predicts the same corner
    torch.testing.assert_close(trace.generated[0], trace.prediction[0], atol=ATOL, rtol=0)
    # its own prediction is not the true corner 3 (the inputs of step 2 really differ) ...
    assert (trace.generated[0] - tgt[0, 0]).abs().max() > 0.1
    # ... yet the last corner moves by far less than that (a tenth of it)
    gap = (trace.generated[1] - trace.prediction[1]).abs().max()
    assert gap < 0.15 * (trace.generated[0] - tgt[0, 0]).abs().max()


def test_teacher_forcing_caption_states_the_corners(model, reference, sequence):
    src, tgt, (source_labels, target_labels) = sequence
    memory = reference.encode(src)
    given = true_decoder_inputs(src, tgt)[0]  # (L, 2)
    forced = reference.decode(given[None], memory)[0]  # (L, 2)
    first = reference.decode(src[:, -1:], memory)[0, -1]  # (2,)
    second = reference.decode(torch.stack([src[0, -1], first])[None], memory)[0, -1]  # (2,)
    text = caption("teacher_forcing_vs_inference")
    assert (f"the source corners {source_labels[0]} and {source_labels[1]}, "
            f"the target corners {target_labels[0]} and {target_labels[1]}") in text
    assert f"the last source corner {point(given[0])} and then the true corner 3 {point(given[1])}" in text
    assert f"predict {point(forced[0])} and {point(forced[1])}" in text
    assert f"Step 1 reads the last source corner alone and predicts {point(first)}" in text
    assert (f"step 2 reads it and predicts {point(second)}, "
            f"about {number((second - forced[1]).abs().max(), 3)} from") in text
