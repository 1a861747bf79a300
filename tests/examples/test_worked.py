"""The worked examples of every section: each number of CONTENT.md they cover, computed through attnlab."""

import dataclasses
import importlib
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

import attnlab.examples
from attnlab.examples.encoder_decoder import greedy_vs_beam, score_functions, the_zone, translation_heatmap
from attnlab.examples.foundations import (
    diagonal_counterexample,
    query_over_three_keys,
    rgb_image_attention,
    scaling_variance,
    scaling_variance_sweep,
    softmax_112_96,
    softmax_temperature,
    tommy_sentence,
    user_movie_preferences,
)
from attnlab.examples.transformer import conv_as_attention, mary_susan

ALL_EXAMPLES = [
    query_over_three_keys,
    softmax_112_96,
    softmax_temperature,
    scaling_variance,
    scaling_variance_sweep,
    the_zone,
    translation_heatmap,
    diagonal_counterexample,
    user_movie_preferences,
    tommy_sentence,
    rgb_image_attention,
    score_functions,
    mary_susan,
    conv_as_attention,
    greedy_vs_beam,
]


def close(actual, expected, atol):
    return torch.allclose(actual, torch.tensor(expected, dtype=actual.dtype), atol=atol, rtol=0)


def test_query_over_three_keys():
    ex = query_over_three_keys()
    assert close(ex.scores, [0.5475, 0.0875, -1.2350], 1e-12)
    assert close(ex.weights, [0.5557, 0.3508, 0.0935], 5e-5)
    assert close(ex.context, [0.5706, -0.0993], 5e-5)
    reference = F.scaled_dot_product_attention(ex.query[None], ex.keys, ex.values, scale=1.0)[0]
    assert torch.allclose(ex.context, reference)


def test_softmax_112_96():
    ex = softmax_112_96()
    assert close(ex.scores, [112.0, 96.0], 0)
    assert ex.weights[0].item() == pytest.approx(0.99999988746, abs=1e-11)
    assert ex.weights[1].item() == pytest.approx(1.1253516e-7, rel=1e-7)
    assert ex.d_k == 64 and close(ex.scaled_scores, [14.0, 12.0], 1e-12)
    assert close(ex.scaled_weights, [0.880797, 0.119203], 1e-6)


def test_softmax_temperature():
    ex = softmax_temperature()
    assert close(ex.scores, [4.0, 1.0], 0)
    assert close(ex.weights[0], [0.952574, 0.047426], 1e-6)
    assert ex.weights[1, 0].item() == 1.0
    assert ex.weights[1, 1].item() == pytest.approx(5.1e-131, rel=0.02)
    assert close(ex.scaled[1], [400.0, 100.0], 0)


def test_scaling_variance():
    ex = scaling_variance(d=64, n=10_000)
    assert ex.var == pytest.approx(64, rel=0.05)
    assert ex.scaled_var == pytest.approx(1, rel=0.05)
    assert ex.scores.shape == (10_000,) and ex.queries.shape == (10_000, 64)
    sweep = scaling_variance_sweep()
    assert torch.allclose(sweep.var / sweep.dims, torch.ones(len(sweep.dims), dtype=sweep.var.dtype), rtol=0.1)
    assert torch.allclose(sweep.scaled_var, torch.ones_like(sweep.scaled_var), rtol=0.1)


def test_the_zone():
    ex = the_zone()
    assert ex.query_token == "<start>" and ex.source_tokens == ("the", "zone") and ex.target_tokens[0] == "la"
    assert close(ex.weights, [0.8, 0.2], 1e-12)
    assert close(ex.scores, [math.log(4.0), 0.0], 1e-12)
    assert torch.allclose(ex.context, 0.8 * ex.values[0] + 0.2 * ex.values[1])
    reference = F.scaled_dot_product_attention(ex.query[None], ex.keys, ex.values)[0]
    assert torch.allclose(ex.context, reference)


def test_translation_heatmap():
    ex = translation_heatmap()
    assert ex.source_tokens == ("the", "European", "economic", "zone")
    assert ex.target_tokens == ("la", "zone", "économique", "européenne")
    assert ex.weights.shape == (4, 4) and (ex.weights > 0).all()
    assert torch.allclose(ex.weights.sum(-1), torch.ones(4, dtype=ex.weights.dtype))
    assert ex.weights.argmax(-1).tolist() == [0, 3, 2, 1]  # the adjectives swap
    assert torch.allclose(ex.weights, ex.scores.softmax(-1))


def test_diagonal_counterexample():
    ex = diagonal_counterexample()
    assert close(ex.X, [[1.0, 0.0], [3.0, 0.0]], 0)
    assert close(ex.W[0], [0.1192, 0.8808], 5e-5)
    assert ex.W[0, 0] < ex.W[0, 1]  # the diagonal is not the largest entry of row 0
    assert torch.allclose(ex.Y, ex.W @ ex.X)


def test_user_movie_preferences():
    ex = user_movie_preferences()
    assert torch.allclose(ex.scores, ex.users @ ex.movies.T)
    assert ex.scores.argmax(-1).tolist() == [0, 1, 2]  # everyone's best match is "their" movie
    # a user who dislikes action and a movie with little action: that feature adds to the score
    action = ex.features.index("action")
    assert ex.users[1, action] < 0 and ex.movies[1, action] < 0
    assert (ex.users[1, action] * ex.movies[1, action]) > 0
    assert torch.allclose(ex.weights.sum(-1), torch.ones(3, dtype=ex.weights.dtype))
    assert torch.allclose(ex.ideal, ex.weights @ ex.movies)
    assert ex.users.abs().max() <= 1 and ex.movies.abs().max() <= 1


def test_tommy_sentence():
    ex = tommy_sentence()
    assert " ".join(ex.tokens) == "Tommy can be annoying but he is a good dog"
    assert ex.embeddings.shape == (10, 8)
    he = ex.query_index
    others = [i for i in range(10) if i != he]
    by_attention = sorted(others, key=lambda i: -ex.attention_weights[he, i].item())[:2]
    by_proximity = sorted(others, key=lambda i: -ex.proximity_weights[he, i].item())[:2]
    assert {ex.tokens[i] for i in by_attention} == {"Tommy", "dog"}
    assert {ex.tokens[i] for i in by_proximity} == {"but", "is"}
    assert torch.allclose(ex.attention_weights, ex.scores.softmax(-1))


def test_rgb_image_attention():
    ex = rgb_image_attention()
    assert ex.image.shape == (8, 8, 3) and ex.X.shape == (64, 3) and ex.W.shape == (64, 64)
    assert ex.image.min() >= 0 and ex.image.max() <= 1
    assert torch.equal(ex.attention_map.reshape(-1), ex.W[ex.pixel_index])
    assert ex.attention_map.sum().item() == pytest.approx(1.0)
    red = ex.attention_map[2:5, 1:4].sum().item()  # the red square, where the query pixel sits
    assert red > 0.5
    assert torch.allclose(ex.Y, ex.W @ ex.X)


def test_score_functions():
    ex = score_functions()
    q, k = ex.query, ex.keys
    dot = k @ q
    assert torch.allclose(ex.scores["dot"], dot)
    assert torch.allclose(ex.scores["scaled_dot"], dot / math.sqrt(q.numel()))
    W = ex.modules["general"].score_weight.detach()
    assert torch.allclose(ex.scores["general"], k @ W.T @ q)
    add = ex.modules["additive"]
    expected = torch.tanh(add.score_query(q)[None] + add.score_key(k)) @ add.score_vector
    assert torch.allclose(ex.scores["additive"], expected.detach())
    for name in ex.names:
        assert torch.allclose(ex.weights[name], ex.scores[name].softmax(-1))
        assert torch.allclose(ex.contexts[name], ex.weights[name] @ k)
    assert not torch.allclose(ex.weights["dot"], ex.weights["scaled_dot"])


def test_mary_susan():
    ex = mary_susan()
    assert ex.sentences[0] == ("Mary", "gave", "roses", "to", "Susan")
    assert ex.sentences[1] == ("Susan", "gave", "roses", "to", "Mary")
    assert ex.gap_plain < 1e-12  # identical y_gave without positions
    assert ex.gap_pos > 1e-2  # different with them
    assert torch.allclose(ex.y_gave_plain[0], ex.y_gave_plain[1], atol=1e-12, rtol=0)
    # without positions the weights of "gave" on Mary and Susan just trade places
    g = ex.gave_index
    assert torch.allclose(ex.W_plain[0, g], ex.W_plain[1, g][[4, 1, 2, 3, 0]])
    assert ex.pe.shape == (5, 8) and ex.pe[0, 1].item() == pytest.approx(1.0)  # cos(0) = 1


def test_conv_as_attention():
    ex = conv_as_attention()
    assert torch.allclose(ex.attention_out, ex.conv_out, atol=1e-12, rtol=0)
    assert set(ex.weights.unique().tolist()) == {0.0, 1.0}  # one-hot rows, exactly
    assert torch.equal(ex.weights.sum(-1), torch.ones(3, 7, dtype=ex.weights.dtype))
    H = ex.weights.shape[0]
    for h in range(H):  # head h looks h - 1 positions away (in x_padded: h positions right)
        assert ex.weights[h].argmax(-1).tolist() == [i + h for i in range(7)]
    wide = conv_as_attention(length=9, in_channels=3, out_channels=2, kernel_size=5)
    assert torch.allclose(wide.attention_out, wide.conv_out, atol=1e-12, rtol=0)


def test_greedy_vs_beam():
    ex = greedy_vs_beam()
    assert ex.tree[()] == {"A": 0.6, "B": 0.4}
    assert ex.greedy.tokens == ("A", "x") and ex.greedy.prob == pytest.approx(0.24)
    assert ex.beam.tokens == ("B", "x") and ex.beam.prob == pytest.approx(0.36)
    assert ex.sequences[0].tokens == ex.beam.tokens


def _assert_identical(a, b, path="ex"):
    if isinstance(a, torch.Tensor):
        assert torch.equal(a, b), path
        assert a.data_ptr() != b.data_ptr() or a.numel() == 0, f"{path}: shared tensor between calls"
    elif isinstance(a, torch.nn.Module):
        for (name, x), (_, y) in zip(a.state_dict().items(), b.state_dict().items()):
            assert torch.equal(x, y), f"{path}.{name}"
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _assert_identical(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            _assert_identical(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_identical(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda f: f.__name__)
def test_deterministic_and_documented(example):
    torch.manual_seed(123)  # the global RNG must not matter
    a = example()
    torch.manual_seed(456)
    b = example()
    _assert_identical(a, b)
    assert dataclasses.is_dataclass(a) and type(a).__dataclass_params__.frozen
    assert example.__doc__ and type(a).__doc__ and "(" in type(a).__doc__  # shapes documented


def test_every_example_is_exported_by_its_section():
    for example in ALL_EXAMPLES:
        section = ".".join(example.__module__.split(".")[:3])  # attnlab.examples.<section>
        assert getattr(importlib.import_module(section), example.__name__) is example


def test_package_import_is_light():
    src = str(Path(attnlab.examples.__file__).parents[2])
    code = (
        "import sys, attnlab.examples, attnlab.examples.seeds, attnlab.examples.foundations,"
        " attnlab.examples.encoder_decoder, attnlab.examples.encoder_decoder.decoding, attnlab.examples.transformer;"
        "print('torch' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda f: f.__name__)
def test_global_rng_untouched(example):
    torch.manual_seed(0)
    expected = torch.rand(4)
    torch.manual_seed(0)
    example()
    assert torch.equal(torch.rand(4), expected)
