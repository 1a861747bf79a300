"""The encoder-decoder stills draw what attnlab (or PyTorch, computed independently) says, and CONTENT.md's numbers."""

import math

import pytest
import torch
import torch.nn.functional as F

from attnlab.examples.corners import CORNERS, corners_dataset
from attnlab.examples.encoder_decoder import (
    CORNERS_EXAMPLE,
    CORNERS_SETTINGS,
    FIGURE_EXAMPLE,
    corners_model,
    cross_attention_summary,
    local_attention,
    padded_cross_attention,
    score_functions,
    the_zone,
    translation_heatmap,
)
from attnlab.examples.seeds import SEEDS
from attnlab.examples.toy_models import (
    STATED_LOSS,
    corners_attention_trace,
    corners_figure_set,
    decoder_inputs,
    predict_corners,
)

from .conftest import tensor, torch_multihead


@pytest.fixture(scope="module")
def model():
    """The section's corners model: one attention head (the section comes before multi-head attention)."""
    model, history = corners_model()
    assert CORNERS_SETTINGS.nhead == 1 and model.decoder_layers[-1].multihead_attn.num_heads == 1
    assert history.final_loss < STATED_LOSS  # seq2seq.md: "validation mean squared error ends below 0.03"
    return model


@pytest.fixture(scope="module")
def example():
    """The figures' sequence, as tensors (1, S, 2) and (1, L, 2)."""
    src, tgt, _ = corners_figure_set()
    return src[CORNERS_EXAMPLE][None], tgt[CORNERS_EXAMPLE][None]


def torch_cross_attention(model, decoder_states, memory):
    """The corners model's cross-attention computed by PyTorch: (N, L, E) outputs, (N, H, L, S) weights."""
    return torch_multihead(model.decoder_layers[-1].multihead_attn, decoder_states, memory, memory)


def decoder_states(model, src, tgt):
    """The query input of the (only) decoder layer's cross-attention, recomputed step by step (post-norm)."""
    layer = model.decoder_layers[0]
    with torch.no_grad():
        x = model.positional(model.tgt_embed(decoder_inputs(src, tgt)))  # (N, L, E)
        return layer.norm1(x + layer.self_attn(x, x, x, is_causal=True)[0])  # (N, L, E)


# ---------------------------------------------------------------------------------------------------------
# seq2seq
# ---------------------------------------------------------------------------------------------------------


def test_corners_task_shows_the_seeded_figure_set(snippet):
    data = snippet("corners_task").data()
    n = len(data["src"])
    src, tgt, meta = corners_dataset(16, seed=SEEDS["corners_figure"])
    assert torch.equal(tensor(data["src"], torch.float32), src[:n])
    assert torch.equal(tensor(data["tgt"], torch.float32), tgt[:n])
    assert data["corners"] == [list(c) for c in CORNERS]
    assert data["noise_std"] == pytest.approx(0.1)
    for i in range(n):
        assert data["labels"][i] == [*meta.labels(i)[0], *meta.labels(i)[1]]
        assert data["directions"][i] == meta.direction_name(i)
    # every drawn point is a corner of the square moved by noise of σ = 0.1 (well within 5σ)
    points = torch.cat([tensor(data["src"]), tensor(data["tgt"])], dim=1)  # (N, 4, 2)
    clean = meta.clean[:n].to(torch.float64)  # (N, 4, 2)
    assert (points - clean).abs().max() < 0.5
    # the targets are the opposites of the sources (square centred at the origin)
    assert torch.equal(clean[:, 2:], -clean[:, :2])
    assert set(data["directions"]) == {"clockwise", "counter-clockwise"}


def test_teacher_forcing_inputs_are_the_shifted_target(snippet, model, example):
    data = snippet("teacher_forcing").data()
    src, tgt = example
    assert torch.equal(tensor(data["src"], torch.float32), src[0])
    assert torch.equal(tensor(data["tgt"], torch.float32), tgt[0])
    # training: the last source corner, then the true target shifted right by one
    shifted = torch.cat([src[:, -1:], tgt[:, :-1]], dim=1)[0]  # (L, 2)
    assert torch.equal(tensor(data["training_input"], torch.float32), shifted)
    with torch.no_grad():
        teacher_forced = model(src, shifted[None], tgt_is_causal=True)[0]  # (L, 2)
    assert torch.allclose(tensor(data["training_output"], torch.float32), teacher_forced, atol=1e-6)
    # inference: the model's own first prediction is its second input
    generated = predict_corners(model, src)[0]  # (L, 2)
    assert torch.allclose(tensor(data["inference_output"], torch.float32), generated, atol=1e-6)
    assert data["inference_input"][0] == data["src"][-1]
    assert data["inference_input"][1] == data["inference_output"][0]
    # the trained model does the task: every predicted corner within 0.3 of the true one
    assert (tensor(data["training_output"]) - tensor(data["tgt"])).abs().max() < 0.3
    assert (tensor(data["inference_output"]) - tensor(data["tgt"])).abs().max() < 0.3
    # seq2seq.md: the first prediction is 0.11 from the true corner 3 in x (0.03 in y); fed back in, the second
    # prediction changes by only about 0.01
    gap = (tensor(data["training_output"]) - tensor(data["inference_output"])).abs().max().item()
    error_x, error_y = (tensor(data["inference_output"][0]) - tensor(data["tgt"][0])).abs().tolist()
    assert f"{gap:.2f}" == "0.01" and f"{error_x:.2f}" == "0.11" and f"{error_y:.2f}" == "0.03"


def test_fixed_context_bottleneck_uses_the_real_states(snippet, model, example):
    data = snippet("fixed_context_bottleneck").data()
    src, tgt = example
    with torch.no_grad():
        memory = model.encode(src)  # (1, S, E)
    assert torch.allclose(tensor(data["memory"], torch.float32), memory[0], atol=1e-6)
    assert data["fixed_context"] == data["memory"][-1]
    states = decoder_states(model, src, tgt)  # (1, L, E)
    _, weights = torch_cross_attention(model, states, memory)  # (1, 1, L, S) one head
    assert torch.allclose(tensor(data["weights"], torch.float32), weights[0, 0], atol=1e-5)
    # the context: the weights times the values, the encoder states through the value projection
    ours = model.decoder_layers[-1].multihead_attn
    E = ours.embed_dim
    w_v = ours.in_proj_weight[2 * E:].detach()  # (E, E)
    b_v = ours.in_proj_bias[2 * E:].detach()  # (E,)
    values = memory[0] @ w_v.T + b_v  # (S, E)
    expected = weights[0, 0] @ values  # (L, E)
    assert torch.allclose(tensor(data["contexts"], torch.float32), expected, atol=1e-5)
    # ... and the output projection of it is PyTorch's cross-attention output
    output, _ = torch_cross_attention(model, states, memory)
    assert torch.allclose(ours.out_proj(tensor(data["contexts"], torch.float32)).detach(), output[0], atol=1e-5)
    # the contexts differ from step to step; the fixed vector cannot
    assert not torch.allclose(expected[0], expected[1], atol=1e-2)
    # seq2seq.md: step 1 relies on h_1 and step 2 on h_2, each with more than 0.9 of its weight
    w = tensor(data["weights"])  # (L, S)
    assert w.argmax(-1).tolist() == [0, 1] and w.diagonal().min() > 0.9


# ---------------------------------------------------------------------------------------------------------
# alignment, score functions
# ---------------------------------------------------------------------------------------------------------


def test_alignment_scores_is_the_zone(snippet):
    data = snippet("alignment_scores").data()
    q, k, v = tensor(data["query"]), tensor(data["keys"]), tensor(data["values"])
    assert torch.allclose(tensor(data["scores"]), k @ q / math.sqrt(2))
    assert torch.allclose(tensor(data["scores"]), tensor([math.log(4.0), 0.0]), atol=1e-12)
    assert torch.allclose(tensor(data["weights"]), torch.softmax(k @ q / math.sqrt(2), dim=0))
    assert data["weights"] == pytest.approx([0.8, 0.2], abs=1e-12)
    assert torch.allclose(tensor(data["weighted"]), tensor(data["weights"])[:, None] * v)
    expected = F.scaled_dot_product_attention(q[None, None], k[None], v[None])[0, 0]
    assert torch.allclose(tensor(data["context"]), expected)
    assert torch.allclose(tensor(data["context"]), tensor(data["weighted"]).sum(0))
    assert data["query_token"] == "<start>" and data["source_tokens"] == ["the", "zone"]


def test_score_functions_match_each_formula(snippet):
    data = snippet("score_functions").data()
    example = score_functions()
    q, k = tensor(data["query"]), tensor(data["keys"])
    E = q.shape[0]
    general = example.modules["general"].score_weight.detach()
    additive = example.modules["additive"]
    W, U = additive.score_query.weight.detach(), additive.score_key.weight.detach()
    v = additive.score_vector.detach()
    expected = {
        "dot": k @ q,
        "scaled_dot": k @ q / math.sqrt(E),
        "general": k @ general.T @ q,  # qᵀ W k for every key
        "additive": torch.tanh((W @ q)[None, :] + k @ U.T) @ v,  # vᵀ tanh(W q + U k)
    }
    assert data["names"] == ["dot", "scaled_dot", "general", "additive"]
    for name in data["names"]:
        assert torch.allclose(tensor(data["scores"][name]), expected[name]), name
        assert torch.allclose(tensor(data["weights"][name]), torch.softmax(expected[name], dim=0)), name
        assert math.isclose(sum(data["weights"][name]), 1.0, rel_tol=1e-12)
    # the page's claims: all four pick k4; the plain dot product is sharpest, scaling softens, additive flattest
    assert {tensor(data["weights"][name]).argmax().item() for name in data["names"]} == {3}
    peaks = {name: max(data["weights"][name]) for name in data["names"]}
    assert peaks["dot"] > peaks["scaled_dot"] and min(peaks, key=peaks.get) == "additive"
    # score-functions.md: the dot product puts 0.99 on k4, the scaled one 0.83
    assert f"{peaks['dot']:.2f}" == "0.99" and f"{peaks['scaled_dot']:.2f}" == "0.83"


def test_soft_vs_hard_worked_numbers(snippet):
    data = snippet("soft_vs_hard").data()
    q, k = tensor(data["query"]), tensor(data["values"])
    assert data["scores"] == pytest.approx([0.5475, 0.0875, -1.2350], abs=1e-12)
    assert torch.allclose(tensor(data["soft_weights"]), torch.softmax(k @ q, dim=0))
    assert data["soft_weights"] == pytest.approx([0.5557, 0.3508, 0.0935], abs=5e-5)
    assert data["soft_context"] == pytest.approx([0.5706, -0.0993], abs=5e-5)
    expected = F.scaled_dot_product_attention(q[None, None], k[None], k[None], scale=1.0)[0, 0]
    assert torch.allclose(tensor(data["soft_context"]), expected)
    assert data["hard_weights"] == [1.0, 0.0, 0.0]
    assert data["hard_context"] == data["values"][0] == pytest.approx([0.65, 0.2])


def test_global_vs_local_masks_outside_the_window(snippet):
    data = snippet("global_vs_local").data()
    example = local_attention()
    q, k = example.query, example.keys
    scores = k @ q / math.sqrt(q.shape[0])  # (S,)
    assert torch.allclose(tensor(data["scores"]), scores)
    window = (torch.arange(len(scores)) - data["position"]).abs() <= data["half_width"]
    assert data["window"] == window.tolist() and sum(data["window"]) == 2 * data["half_width"] + 1
    assert torch.allclose(tensor(data["global_weights"]), torch.softmax(scores, dim=0))
    local = torch.zeros_like(scores)
    local[window] = torch.softmax(scores[window], dim=0)
    assert torch.allclose(tensor(data["local_weights"]), local)
    assert all(w == 0.0 for w, inside in zip(data["local_weights"], data["window"]) if not inside)
    reference = F.scaled_dot_product_attention(q[None, None], k[None], k[None], attn_mask=window[None])  # (1, 1, E)
    assert torch.allclose(tensor(data["local_weights"]) @ k, reference[0, 0])


# ---------------------------------------------------------------------------------------------------------
# cross-attention and padding
# ---------------------------------------------------------------------------------------------------------


def test_cross_attention_learned_is_the_trained_model(snippet, model):
    data = snippet("cross_attention_learned").data()
    assert data["examples"] == [CORNERS_EXAMPLE, FIGURE_EXAMPLE]
    src_all, tgt_all, _ = corners_figure_set()
    for x, index in enumerate(data["examples"]):
        src, tgt = src_all[index][None], tgt_all[index][None]  # (1, S, 2), (1, L, 2)
        trace = corners_attention_trace(model, index)
        assert torch.equal(tensor(data["cross"][x], torch.float32), trace.cross[-1, 0])
        with torch.no_grad():
            memory = model.encode(src)  # (1, S, E): keys and values come from the encoder
        _, weights = torch_cross_attention(model, decoder_states(model, src, tgt), memory)  # queries: the decoder
        assert torch.allclose(tensor(data["cross"][x], torch.float32), weights[0, 0], atol=1e-5)
        cross = tensor(data["cross"][x])  # (L, S)
        assert torch.allclose(cross.sum(-1), torch.ones(cross.shape[0], dtype=torch.float64), atol=1e-6)
    aligned, other = tensor(data["cross"][0]), tensor(data["cross"][1])  # (L, S) each
    # the caption and cross-attention.md: on the walk from BL, step t looks at source corner t (0.93, 0.91);
    # on the walk from TR both steps look at corner 1 (0.99, 1.00)
    assert data["source_labels"] == [["BL", "BR"], ["TR", "TL"]]
    assert data["target_labels"] == [["TR", "TL"], ["BL", "BR"]]
    assert [f"{v:.2f}" for v in aligned.diagonal().tolist()] == ["0.93", "0.91"]
    assert [f"{v:.2f}" for v in other[:, 0].tolist()] == ["0.99", "1.00"]


def test_cross_attention_over_the_held_out_set(model):
    """cross-attention.md's claims about all 512 held-out sequences, recomputed with PyTorch's attention."""
    summary = cross_attention_summary(model)
    src, tgt, meta = corners_dataset(512, seed=SEEDS["corners_valid"])
    _, weights = torch_cross_attention(model, decoder_states(model, src, tgt), model.encode(src).detach())
    assert torch.allclose(summary.weights, weights[:, 0], atol=1e-5)  # (N, L, S)
    assert sum(summary.counts) == 512 and len(summary.groups) == 8
    a = summary.weights  # (N, L, S)
    # step 1 puts at least 0.8 of its weight on source corner 1 in every sequence, 0.95 on average
    assert a[:, 0, 0].min() > 0.8 and f"{a[:, 0, 0].mean():.2f}" == "0.95"
    # step 2: more than 0.8 on source corner 2 on the walks from BL and TL and on BR counter-clockwise ...
    for name in [("BL", "clockwise"), ("BL", "counter-clockwise"), ("TL", "clockwise"),
                 ("TL", "counter-clockwise"), ("BR", "counter-clockwise")]:
        assert summary.select(name)[0][:, 1, 1].min() > 0.8, name
    # ... split on BR clockwise (between 0.4 and 0.7 on corner 2) ...
    split = summary.select(("BR", "clockwise"))[0][:, 1, 1]
    assert split.min() > 0.4 and split.max() < 0.7
    # ... and on corner 1 (at least 0.99) on every walk from TR
    for name in [("TR", "clockwise"), ("TR", "counter-clockwise")]:
        assert summary.select(name)[0][:, 1, 0].min() > 0.99, name
    # wherever step 2 looks, its corner is as good: mean squared error below 0.015 in every group
    for name in summary.groups:
        assert summary.select(name)[1][:, 1].mean() < 0.015, name
    # ... because the decoder's first input is source corner 2 itself, and corner 4 is its opposite
    assert torch.equal(decoder_inputs(src, tgt)[:, 0], src[:, 1])
    assert torch.equal(meta.clean[:, 3], -meta.clean[:, 1])


def test_padding_mask_zeroes_pad_columns(snippet):
    data = snippet("padding_mask").data()
    example = padded_cross_attention()
    q, k = example.queries[0], example.memory[0]  # (L, E), (S, E)
    pad = torch.tensor(data["key_padding_mask"][0])  # (S,) True = padding
    assert data["keys"] == ["the", "zone", "<pad>", "<pad>"] and pad.tolist() == [False, False, True, True]
    assert [[t == "<pad>" for t in s] for s in data["src_tokens"]] == data["key_padding_mask"]
    # the inputs are padded with a token whose embedding is an ordinary, finite vector, not -inf
    assert data["pad_embedding"] == [0.0] * len(data["pad_embedding"])
    assert torch.isfinite(example.memory).all()
    # scores: q·k/√E, -inf (drawn as None) exactly on the pad columns
    raw = q @ k.T / math.sqrt(q.shape[-1])  # (L, S)
    for t, row in enumerate(data["scores"]):
        for s, score in enumerate(row):
            assert (score is None) == bool(pad[s])
            if score is not None:
                assert score == pytest.approx(raw[t, s].item(), abs=1e-12)
    # weights: PyTorch's attention with the same mask (True = may attend); pad columns exactly 0
    expected = torch.softmax(raw.masked_fill(pad, float("-inf")), dim=-1)  # (L, S)
    assert torch.allclose(tensor(data["weights"]), expected)
    assert all(row[s] == 0.0 for row in data["weights"] for s in range(len(row)) if pad[s])
    assert torch.allclose(tensor(data["weights"]).sum(-1), torch.ones(len(data["queries"]), dtype=torch.float64))
    reference = F.scaled_dot_product_attention(q[None], k[None], k[None], attn_mask=~pad[None, None])[0]  # (L, E)
    assert torch.allclose(tensor(data["weights"]) @ k, reference)
    # without the mask the pads take weight (about a fifth each here)
    assert torch.allclose(tensor(data["weights_unmasked"]), torch.softmax(raw, dim=-1))
    leaked = [row[s] for row in data["weights_unmasked"] for s in range(len(row)) if pad[s]]
    assert 0.15 < min(leaked) and max(leaked) < 0.25
    assert torch.equal(raw[:, pad], torch.zeros_like(raw[:, pad]))  # a zero pad embedding scores exactly 0


# ---------------------------------------------------------------------------------------------------------
# translation, decoding
# ---------------------------------------------------------------------------------------------------------


def test_the_zone_weights(snippet):
    data = snippet("the_zone").data()
    example = the_zone()
    q, k = tensor(data["query"]), tensor(data["keys"])
    assert data["weights"] == pytest.approx([0.8, 0.2], abs=1e-12)
    assert torch.allclose(tensor(data["weights"]), torch.softmax(k @ q / math.sqrt(2), dim=0))
    assert float(q @ k[1]) == pytest.approx(0.0, abs=1e-12)  # the query is perpendicular to "zone"
    assert torch.allclose(tensor(data["context"]), 0.8 * k[0] + 0.2 * k[1])
    expected = F.scaled_dot_product_attention(q[None, None], k[None], k[None])[0, 0]
    assert torch.allclose(tensor(data["context"]), expected)
    assert data["target_tokens"] == list(example.target_tokens) == ["la", "zone"]


def test_translation_heatmap_rows_are_softmaxes(snippet):
    data = snippet("translation_heatmap").data()
    example = translation_heatmap()
    assert torch.allclose(tensor(data["weights"]), torch.softmax(example.scores, dim=-1))
    assert torch.allclose(tensor(data["weights"]).sum(-1), torch.ones(4, dtype=torch.float64))
    assert data["source_tokens"] == ["the", "European", "economic", "zone"]
    assert data["target_tokens"] == ["la", "zone", "économique", "européenne"]
    # the reordering the caption describes
    assert tensor(data["weights"]).argmax(-1).tolist() == [0, 3, 2, 1]


def test_greedy_vs_beam_worked_numbers(snippet):
    data = snippet("greedy_vs_beam").data()
    tree = {tuple(prefix): probs for prefix, probs in data["tree"]}
    assert tree[()] == {"A": 0.6, "B": 0.4}
    assert tree[("A",)] == {"x": 0.4, "y": 0.3, "z": 0.3}
    assert tree[("B",)] == {"x": 0.9, "y": 0.05, "z": 0.05}
    assert data["greedy"]["tokens"] == ["A", "x"] and data["greedy"]["prob"] == pytest.approx(0.24)
    assert data["beam"]["tokens"] == ["B", "x"] and data["beam"]["prob"] == pytest.approx(0.36)
    assert data["greedy"]["width"] == 1 and data["beam"]["width"] == 2
    # every sentence's probability is the product along its path, and B x is the best of all
    for tokens, prob in data["sequences"]:
        assert prob == pytest.approx(tree[()][tokens[0]] * tree[(tokens[0],)][tokens[1]])
    assert data["sequences"][0] == [["B", "x"], pytest.approx(0.36)]
    # greedy never keeps B; the beam keeps it
    assert data["greedy"]["kept"] == [["A"], ["A", "x"]]
    assert ["B"] in data["beam"]["kept"] and ["B", "x"] in data["beam"]["kept"]
