"""The transformer section's stills draw what PyTorch (or a closed form) computes.

Every figure's ``data()`` is checked against an independent computation: PyTorch's own layers with attnlab's
weights copied in, ``F.scaled_dot_product_attention``, ``F.conv1d``, or a formula; plus the CONTENT.md
worked numbers each figure shows. A last test draws every figure in light and dark and checks the figure
style (at most 8 inches wide, no text below 0.9 × the theme's font size).
"""

import math

import pytest
import torch
import torch.nn.functional as F

from attnlab.examples.corners import CORNER_SHORT
from attnlab.examples.toy_models import corners_figure_set, decoder_inputs, trained_corners_transformer
from attnlab.examples.transformer import (
    build_block_layer,
    build_feed_forward_layer,
    build_tiny_translation,
    causal_example,
    conv_as_attention,
    mary_susan,
)

from .conftest import tensor, torch_multihead


def torch_weights(ours, q, k, **masks):
    """Per-head weights (N, H, L, S) of ``ours`` computed by PyTorch's own multi-head attention."""
    return torch_multihead(ours, q, k, k, **masks)[1]


@pytest.fixture(scope="module")
def corners():
    model, _ = trained_corners_transformer()
    src, tgt, meta = corners_figure_set()
    return model, src, tgt, meta


# ---------------------------------------------------------------------------------------------------------
# encoder self-attention, masked self-attention (topics 15, 16)
# ---------------------------------------------------------------------------------------------------------


def test_encoder_self_attention_learned_is_the_models_own(snippet, corners):
    model, src, _, meta = corners
    data = snippet("encoder_self_attention_learned").data()
    for i, example in enumerate(data["examples"]):
        x = src[example : example + 1]  # (1, S, 2)
        with torch.no_grad():
            embedded = model.positional(model.src_embed(x))  # (1, S, E)
        expected = torch_weights(model.encoder_layers[0].self_attn, embedded, embedded)[0]  # (H, S, S)
        got = tensor(data["weights"][i], torch.float32)[0]  # (H, S, S) layer 1
        assert torch.allclose(got, expected, atol=1e-5)
        assert (got > 0).all(), "bidirectional: nothing is masked"
        assert torch.allclose(got.sum(-1), torch.ones(got.shape[:-1]), atol=1e-6)
        assert data["source_labels"][i] == [CORNER_SHORT[int(c)] for c in meta.order[example, :2]]


def test_decoder_self_attention_learned_is_causal_and_the_models_own(snippet, corners):
    model, src, tgt, _ = corners
    data = snippet("decoder_self_attention_learned").data()
    for i, example in enumerate(data["examples"]):
        dec = decoder_inputs(src[example : example + 1], tgt[example : example + 1])  # (1, L, 2)
        with torch.no_grad():
            embedded = model.positional(model.tgt_embed(dec))  # (1, L, E)
        L = dec.shape[1]
        future = torch.ones(L, L, dtype=torch.bool).triu(1)  # PyTorch's convention: True = blocked
        expected = torch_weights(model.decoder_layers[0].self_attn, embedded, embedded, attn_mask=future)[0]
        got = tensor(data["weights"][i], torch.float32)[0]  # (H, L, L)
        assert torch.allclose(got, expected, atol=1e-5)
        assert (got[:, future] == 0).all(), "the strict upper triangle is exactly 0"
        assert (got[:, 0, 0] == 1).all(), "the first row is one-hot"
        assert torch.allclose(got.sum(-1), torch.ones(got.shape[:-1]), atol=1e-6)


def test_what_the_pages_say_the_self_attention_heads_learned(snippet):
    """docs/transformer/encoder-self-attention.md and masked-self-attention.md describe the trained heads."""
    encoder = tensor(snippet("encoder_self_attention_learned").data()["weights"], torch.float32)[:, 0]  # (4, H, S, S)
    # "Head 1 usually settles on a single corner for both of its queries; head 2 mixes the two more evenly"
    same_corner = (encoder[:, 0, 0].argmax(-1) == encoder[:, 0, 1].argmax(-1)).sum().item()
    assert same_corner >= 3, f"head 1 reads one corner with both queries in {same_corner} of 4 sequences"
    imbalance = (encoder[..., 0] - encoder[..., 1]).abs().mean(dim=(0, 2))  # (H,)
    assert imbalance[1] < imbalance[0], f"head 2 is not more even than head 1: {imbalance.tolist()}"
    decoder = tensor(snippet("decoder_self_attention_learned").data()["weights"], torch.float32)[:, 0]  # (4, H, L, L)
    # "Head 2 puts most of its weight on the first input in every sequence; head 1 divides it differently"
    assert (decoder[:, 1, 1, 0] > 0.5).all(), decoder[:, 1, 1].tolist()
    assert decoder[:, 0, 1, 0].max() - decoder[:, 0, 1, 0].min() > 0.3, decoder[:, 0, 1].tolist()


def test_self_vs_cross_weights_are_the_models_own(snippet, corners):
    model, src, tgt, meta = corners
    module = snippet("self_vs_cross")
    data, example = module.data(), module.EXAMPLE
    s, t = src[example : example + 1], tgt[example : example + 1]
    dec = decoder_inputs(s, t)  # (1, L, 2)
    with torch.no_grad():
        embedded = model.positional(model.src_embed(s))  # (1, S, E)
        memory = model.encode(s)  # (1, S, E)
        layer = model.decoder_layers[0]
        x = model.positional(model.tgt_embed(dec))  # (1, L, E)
        x = layer.norm1(x + layer.self_attn(x, x, x, is_causal=True)[0])  # post-norm: input of cross-attention
    self_expected = torch_weights(model.encoder_layers[0].self_attn, embedded, embedded)[0].mean(0)  # (S, S)
    cross_expected = torch_weights(layer.multihead_attn, x, memory)[0].mean(0)  # (L, S)
    assert torch.allclose(tensor(data["self_weights"], torch.float32), self_expected, atol=1e-5)
    assert torch.allclose(tensor(data["cross_weights"], torch.float32), cross_expected, atol=1e-5)
    labels = [CORNER_SHORT[int(c)] for c in meta.order[example]]
    assert data["source_labels"] == labels[:2] and data["decoder_labels"] == [labels[1], labels[2]]


def test_causal_mask_matches_pytorch_and_content_md(snippet):
    data = snippet("causal_mask").data()
    scores, weights = tensor(data["scores"]), tensor(data["weights"])  # (L, L)
    L = scores.shape[0]
    future = torch.ones(L, L, dtype=torch.bool).triu(1)
    example = causal_example()
    q, k, v = example.query, example.key, example.value
    assert torch.isneginf(scores[future]).all() and torch.isfinite(scores[~future]).all()
    assert torch.allclose(scores[~future], (q @ k.T / math.sqrt(q.shape[-1]))[~future])
    assert torch.allclose(weights, torch.softmax(scores, dim=-1), atol=1e-12)
    # CONTENT.md: strict upper triangle exactly 0, first row one-hot, every row sums to 1
    assert (weights[future] == 0).all()
    assert weights[0].tolist() == [1.0] + [0.0] * (L - 1)
    assert torch.allclose(tensor(data["row_sums"]), torch.ones(L, dtype=torch.float64), atol=1e-12)
    expected = F.scaled_dot_product_attention(q[None], k[None], v[None], is_causal=True)[0]  # (L, E)
    assert torch.allclose(weights @ v, expected, atol=1e-12)
    assert torch.allclose(example.output, expected, atol=1e-12)


def test_shifted_target_training_and_inference(snippet, corners):
    model, src, tgt, _ = corners
    module = snippet("shifted_target")
    data, example = module.data(), module.EXAMPLE
    s, t = src[example : example + 1], tgt[example : example + 1]  # (1, 2, 2)
    dec = tensor(data["decoder_input"], torch.float32)  # (L, 2)
    # the decoder reads the target shifted right: the last source corner, then the first target corner
    assert torch.equal(dec, torch.stack([s[0, -1], t[0, 0]]))
    with torch.no_grad():
        teacher = model(s, dec[None], tgt_is_causal=True)[0]  # (L, 2)
        step1 = model(s, dec[None, :1], tgt_is_causal=True)[0, -1]  # (2,)
        step2 = model(s, torch.stack([dec[0], step1])[None], tgt_is_causal=True)[0, -1]  # (2,)
    assert torch.allclose(tensor(data["prediction"], torch.float32), teacher, atol=1e-5)
    assert torch.allclose(tensor(data["generated"], torch.float32), torch.stack([step1, step2]), atol=1e-5)
    # the causal mask makes the first step identical in training and inference
    assert torch.allclose(teacher[0], step1, atol=1e-5)
    assert data["src"] == s[0].tolist() and data["tgt"] == t[0].tolist()


# ---------------------------------------------------------------------------------------------------------
# encoder-decoder (topic 17)
# ---------------------------------------------------------------------------------------------------------


def test_three_attention_types_masks_and_weights(snippet):
    data = snippet("three_attention_types").data()
    src, tgt = data["source_tokens"], data["target_tokens"]
    S, T = len(src), len(tgt)
    pad = torch.tensor([token == "<pad>" for token in src])  # (S,)
    expected_allowed = {
        "encoder_self": (~pad).expand(S, S), "decoder_self": torch.ones(T, T, dtype=torch.bool).tril(),
        "cross": (~pad).expand(T, S),
    }
    for name, allowed in expected_allowed.items():
        got = torch.tensor(data["allowed"][name])
        weights = tensor(data[name], torch.float32)
        assert torch.equal(got, allowed)
        assert (weights[~allowed] == 0).all() and (weights[allowed] > 0).all()
        assert torch.allclose(weights.sum(-1), torch.ones(weights.shape[0]), atol=1e-6)
    # the encoder's weights are PyTorch's on the same embedded source with the same padding
    model, source_vocab, _, _ = build_tiny_translation()
    ids = torch.tensor([[source_vocab.index(token) for token in src]])  # (1, S)
    with torch.no_grad():
        x = model.positional(model.src_embed(ids))  # (1, S, E)
    expected = torch_weights(model.encoder_layers[0].self_attn, x, x, key_padding_mask=pad[None])[0].mean(0)
    assert torch.allclose(tensor(data["encoder_self"], torch.float32), expected, atol=1e-6)


def test_transformer_stack_shapes_are_the_models(snippet):
    data = snippet("transformer_stack").data()
    stages = {name: (letters, tuple(shape)) for name, letters, shape in data["stages"]}
    model, source_vocab, target_vocab, output_vocab = build_tiny_translation()
    S, T, E = len(source_vocab), len(target_vocab), data["settings"]["d_model"]
    src, tgt = torch.arange(S)[None], torch.arange(T)[None]
    with torch.no_grad():
        memory = model.encode(src)  # (1, S, E)
        logits = model(src, tgt, tgt_is_causal=True)  # (1, T, V)
    assert memory.shape == (1, S, E) and logits.shape == (1, T, len(output_vocab))
    assert stages["source token ids"] == ("(N, S)", (1, S))
    assert stages["final linear (logits)"] == ("(N, L, vocab)", tuple(logits.shape))
    assert stages["softmax (probabilities)"][1] == tuple(logits.shape)
    layers = [name for name in stages if " layer " in name]
    assert len(layers) == len(model.encoder_layers) + len(model.decoder_layers)
    for name in layers:
        assert stages[name][1] == ((1, S, E) if name.startswith("encoder") else (1, T, E))
    # in the order the model computes them: the encoder before the decoder, the softmax last
    names = [name for name, _, _ in data["stages"]]
    assert names.index("encoder layer 2") < names.index("decoder layer 1")
    assert names[-1] == "softmax (probabilities)"


# ---------------------------------------------------------------------------------------------------------
# positional encoding (topic 18)
# ---------------------------------------------------------------------------------------------------------


def reference_table(max_len, d):
    p = torch.arange(max_len, dtype=torch.float64)[:, None]  # (P, 1)
    i = torch.arange(0, d, 2, dtype=torch.float64)  # (d/2,) = 2i
    angle = p / torch.pow(torch.tensor(10000.0, dtype=torch.float64), i / d)  # (P, d/2)
    return torch.stack([angle.sin(), angle.cos()], dim=-1).reshape(max_len, d)  # interleaved


def test_positional_encoding_heatmap_is_the_paper_formula(snippet):
    module = snippet("positional_encoding_heatmap")
    table = tensor(module.data()["table"])
    assert torch.allclose(table, reference_table(module.MAX_LEN, module.D_MODEL), atol=1e-12)


def test_positional_encoding_dials_show_the_worked_numbers(snippet):
    data = snippet("positional_encoding_dials").data()
    assert data["speeds"] == pytest.approx([1, 0.1, 0.01, 0.001], rel=1e-12)
    pe1 = [0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0, 0.0010, 1.0]  # CONTENT.md, d = 8
    assert [round(v, 4) for v in data["table"][1]] == pe1
    assert torch.allclose(tensor(data["table"]), reference_table(len(data["table"]), 8), atol=1e-12)


def test_positional_offset_distance_depends_only_on_the_offset(snippet):
    data = snippet("positional_offset_distance").data()
    d = data["d_model"]
    distance = tensor(data["distance"])  # (P, P)
    P = distance.shape[0]
    table = reference_table(P, d)
    assert torch.allclose(distance, (table[:, None] - table[None]).norm(dim=-1), atol=1e-12)
    assert torch.allclose(distance[1:, 1:], distance[:-1, :-1], atol=1e-9), "constant along every diagonal"
    exponents = torch.arange(0, d, 2, dtype=torch.float64) / d  # (d/2,) = 2i/d
    speeds = 1 / torch.pow(torch.tensor(10000.0, dtype=torch.float64), exponents)  # (d/2,)
    for k, curve in zip(data["offsets"], data["by_offset"]):
        closed_form = math.sqrt(2 * (1 - torch.cos(k * speeds)).sum().item())  # ‖PE(p) - PE(p+k)‖, any p
        assert curve == pytest.approx([closed_form] * len(curve), abs=1e-9)
    assert all(a[0] < b[0] for a, b in zip(data["by_offset"], data["by_offset"][1:])), "larger offsets farther"
    assert data["norms"] == pytest.approx([math.sqrt(d / 2)] * P, abs=1e-12)  # CONTENT.md: √(d/2)


# ---------------------------------------------------------------------------------------------------------
# residual + LayerNorm, feed-forward (topic 19)
# ---------------------------------------------------------------------------------------------------------


def test_norm_first_vs_norm_last_orders_and_values(snippet):
    data = snippet("norm_first_vs_norm_last").data()

    def flat(segments):
        steps = []
        for kind, names in segments:
            steps += names + ["add"] if kind == "branch" else [names]
        return steps

    # the paper: sublayer, add, norm; the common other order (norm, sublayer, add) is norm-first
    assert flat(data["segments"]["norm_last"]) == [
        "self-attention", "add", "LayerNorm", "feed-forward", "add", "LayerNorm"]
    assert flat(data["segments"]["norm_first"]) == [
        "LayerNorm", "self-attention", "add", "LayerNorm", "feed-forward", "add"]
    # each drawn order is what PyTorch's TransformerEncoderLayer computes with that norm_first
    from attnlab.examples.transformer import block_order

    example = block_order()
    layer = build_block_layer()
    for order, flag in (("norm_last", False), ("norm_first", True)):
        theirs = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, norm_first=flag,
                                                  batch_first=True).eval()
        theirs.load_state_dict(layer.state_dict())
        with torch.no_grad():
            expected = theirs(example.x)  # (N, L, E)
        assert torch.allclose(example.stream[order][-1], expected, atol=1e-5)
        assert torch.allclose(example.output[order], expected, atol=1e-5)
        rms = example.stream[order].pow(2).mean(-1).sqrt().mean(dim=(1, 2))
        assert data["rms"][order] == pytest.approx(rms.tolist(), abs=1e-6)
    # norm-last's output is normalised (RMS 1), norm-first's stream is not (the page's numbers)
    assert data["rms"]["norm_last"][-1] == pytest.approx(1.0, abs=1e-3)
    assert data["rms"]["norm_first"][::2] == pytest.approx([3.2, 3.1], abs=0.1)  # input "about 3.2", "stays about 3"


def test_feed_forward_is_position_wise(snippet):
    data = snippet("feed_forward").data()
    layer = build_feed_forward_layer()
    x = tensor(data["x"], torch.float32)  # (L, E)
    with torch.no_grad():
        hidden = F.relu(F.linear(x, layer.linear1.weight, layer.linear1.bias))  # (L, F)
        output = layer._ff_block(x[None])[0]  # (L, E) the layer's own feed-forward sublayer
        permuted = layer._ff_block(x.flip(0)[None])[0]  # (L, E) rows in reverse order
    assert torch.allclose(tensor(data["hidden"], torch.float32), hidden, atol=1e-6)
    assert (tensor(data["hidden"]) == 0).any(), "the ReLU zeroes some hidden units"
    assert torch.allclose(tensor(data["output"], torch.float32), output, atol=1e-6)
    assert torch.allclose(tensor(data["row_alone"], torch.float32), output[data["row"]], atol=1e-6)
    assert torch.allclose(permuted, output.flip(0), atol=1e-6), "no row reads another"
    assert tensor(data["w1"]).shape == (4, 8) and tensor(data["w2"]).shape == (8, 4)


# ---------------------------------------------------------------------------------------------------------
# permutation, fully connected, convolution (topics 20, 21)
# ---------------------------------------------------------------------------------------------------------


def test_mary_susan_needs_positions(snippet):
    data = snippet("mary_susan").data()
    example = mary_susan()
    g = data["gave_index"]
    for key, X in (("plain", example.X), ("pos", example.X + example.pe)):
        A = torch.softmax(X @ X.transpose(-2, -1), dim=-1)  # (2, L, L)
        assert torch.allclose(tensor(data[f"w_{key}"]), A[:, g], atol=1e-12)
        assert torch.allclose(tensor(data[f"y_{key}"]), (A @ X)[:, g], atol=1e-12)
    # without positions: the same numbers, carried along with the swapped names; y_gave identical
    first, second = data["sentences"]
    swap = [first.index(token) for token in second]
    assert tensor(data["w_plain"][1]).allclose(tensor(data["w_plain"][0])[swap], atol=1e-12)
    assert data["gap_plain"] < 1e-15 and max(map(abs, data["diff_plain"])) < 1e-15  # the pages: "about 10^-17"
    # with positions: different
    assert data["gap_pos"] > 0.05
    assert max(map(abs, data["diff_pos"])) == pytest.approx(data["gap_pos"])


def test_convolution_as_attention_equals_conv1d(snippet):
    data = snippet("convolution_as_attention").data()
    example = conv_as_attention()
    conv = F.conv1d(example.x.T[None], example.kernel, padding=1)[0].T  # (L, C_out)
    weights = tensor(data["weights"])  # (H, L, S)
    assert ((weights == 0) | (weights == 1)).all() and (weights.sum(-1) == 1).all(), "one-hot heads"
    for h in range(weights.shape[0]):
        assert torch.equal(weights[h].argmax(-1), torch.arange(weights.shape[1]) + h), "head h reads i + h - 1"
    assert torch.allclose(tensor(data["Z"]) @ tensor(data["W_O"]), tensor(data["attention_out"]), atol=1e-12)
    assert torch.allclose(tensor(data["attention_out"]), conv, atol=1e-12)
    assert torch.allclose(tensor(data["conv_out"]), conv, atol=1e-12)
    assert data["max_difference"] < 1e-12


def test_attention_as_fully_connected(snippet):
    data = snippet("attention_as_fully_connected").data()
    X = tensor(data["inputs"])  # (2, L, E)
    expected = torch.softmax(X @ X.transpose(-2, -1) / math.sqrt(X.shape[-1]), dim=-1)  # (2, L, L)
    assert torch.allclose(tensor(data["attn_weights"]), expected, atol=1e-12)
    assert not torch.allclose(expected[0], expected[1], atol=0.05), "attention's weights change with the input"
    assert tensor(data["fc_weights"]).shape == (X.shape[1], X.shape[1])
    # the page: for input B, token 3 keeps almost all its weight on itself; for input A it shares it with token 2
    assert expected[1, 2, 2] > 0.95 and expected[0, 2, 2] < 0.6 and expected[0, 2, 1] > 0.3
