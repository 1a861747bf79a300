"""The numbers and claims of the two foundations scenes, computed independently.

* ``dot_product_rotation``: :func:`attnlab.examples.foundations.dot_product_sweep` against the closed form
  q·k = cos θ ‖q‖‖k‖ and the projection ‖k‖ cos θ at every sample of the path; the path starts at the geometry
  example's k1, stops at 90° (score 0), at 180° (negative), back at 45° and ends at its k2; it moves in small
  steps; the score falls while the key turns away and rises while it stretches; the caption's numbers; every
  live value can be set from the scene's glyph table (the control frames only render the beats, not the frames
  in between).
* ``basic_self_attention_rows``: the weights are ``F.scaled_dot_product_attention`` with the identity as values
  (scale 1, so softmax(X Xᵀ)); each output row, built as the scene builds it (row i of W weighting the rows of
  X, added), equals PyTorch's output row; the caption's numbers.
"""

import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from attnlab.examples.foundations import basic_self_attention, dot_product_geometry, dot_product_sweep

from .conftest import scene_caption as caption

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------------------------
# dot_product_rotation
# ---------------------------------------------------------------------------------------------------------


def test_sweep_is_cosine_times_lengths_at_every_sample():
    s = dot_product_sweep()
    qx, qy = s.query.tolist()
    q_norm = math.hypot(qx, qy)
    assert math.isclose(s.query_norm, q_norm, rel_tol=1e-12)
    for angle, length, (kx, ky), cos, projection, score in zip(s.angles.tolist(), s.lengths.tolist(),
                                                              s.keys.tolist(), s.cosines.tolist(),
                                                              s.projections.tolist(), s.scores.tolist()):
        theta = math.radians(angle)
        assert math.isclose(math.hypot(kx, ky), length, rel_tol=1e-12)
        assert math.isclose(math.atan2(ky, kx) % (2 * math.pi), theta % (2 * math.pi), abs_tol=1e-9)
        assert math.isclose(score, qx * kx + qy * ky, abs_tol=1e-12)  # the dot product, entry by entry
        assert math.isclose(score, math.cos(theta) * q_norm * length, abs_tol=1e-12)  # cos θ ‖q‖‖k‖
        assert math.isclose(projection, length * math.cos(theta), abs_tol=1e-12)  # ‖k‖ cos θ, on q's line
        assert math.isclose(cos, math.cos(theta), abs_tol=1e-12)


def test_sweep_path_stops_and_steps():
    s, g = dot_product_sweep(), dot_product_geometry()
    start, right_angle, opposite, back, stretched = s.stops
    assert s.stops == tuple(sorted(s.stops)) and stretched == len(s.angles) - 1
    torch.testing.assert_close(s.query, g.query)
    torch.testing.assert_close(s.keys[start], g.keys[0])  # k1, along q
    torch.testing.assert_close(s.keys[stretched], g.keys[1])  # k2, 45° and length 2
    assert s.key_labels == (g.key_labels[0], g.key_labels[1])
    assert [s.angles[i].item() for i in s.stops] == [0.0, 90.0, 180.0, 45.0, 45.0]
    assert [s.lengths[i].item() for i in s.stops] == pytest.approx([0.8, 0.8, 0.8, 0.8, 2.0], abs=1e-12)
    # small steps: the animation shows every sample it passes, so no jump is visible
    assert s.angles.diff().abs().max().item() <= 1.0 + 1e-9
    assert s.lengths.diff().abs().max().item() <= 0.01 + 1e-9
    # turning at a fixed length, then stretching at a fixed angle
    assert torch.all(s.lengths[: back + 1] == s.lengths[start])
    assert torch.all(s.angles[back:] == s.angles[back])


def test_sweep_claims():
    s = dot_product_sweep()
    start, right_angle, opposite, back, stretched = s.stops
    scores = s.scores
    # turning away from q (0° -> 180°) the score only falls, through exactly 0 at 90°, negative beyond
    assert torch.all(scores[start + 1: opposite + 1].diff() < 0) and scores[start + 1] < scores[start]
    assert abs(scores[right_angle].item()) < 1e-12
    assert torch.all(scores[start:right_angle] > 0) and torch.all(scores[right_angle + 1: opposite + 1] < 0)
    assert scores[opposite].item() == pytest.approx(-scores[start].item(), abs=1e-12)  # pointing away: −‖q‖‖k‖
    # stretching at 45° the score only grows, and ends above k1's score straight ahead
    assert torch.all(scores[back:].diff() > 0)
    assert scores[back] < scores[start] < scores[stretched]


def test_rotation_caption_numbers():
    text = caption("dot_product_rotation")
    q_norm = 1.5  # the page's query: (1.5, 0)
    k1, k2 = 0.8, 2.0  # the page's k1 (0°) and k2 (45°)
    for value in (k1 * q_norm, math.cos(math.radians(45)) * q_norm * k1, math.cos(math.radians(45)) * q_norm * k2):
        assert f"{value:.2f}" in text
    assert f"$-{k1 * q_norm:.2f}$" in text
    s = dot_product_sweep()
    assert s.query.tolist() == [q_norm, 0.0]
    assert s.lengths[0].item() == k1 and s.lengths[-1].item() == k2


def test_rotation_live_values_can_be_set():
    """Every value the scene shows between beats is made of characters its glyph table holds."""
    from .render_frames import load

    scene = load(ROOT / "diagrams" / "foundations" / "dot_product_rotation.py")
    s = dot_product_sweep()
    available = set("0" + scene.Digits.CHARS)
    strings = {f"{a:.0f}°" for a in s.angles.tolist()}
    for values in (s.cosines, s.lengths, s.projections, s.scores):
        strings |= {scene.number(v) for v in values.tolist()}
    assert all(set(t) <= available for t in strings), sorted(t for t in strings if not set(t) <= available)
    assert "−0.00" not in strings and scene.number(-1e-17) == "0.00" and scene.number(-1.2) == "−1.20"


# ---------------------------------------------------------------------------------------------------------
# basic_self_attention_rows
# ---------------------------------------------------------------------------------------------------------


def test_rows_weights_and_outputs_against_pytorch():
    e = basic_self_attention()
    X = e.X  # (L, E)
    L = X.shape[0]
    identity = torch.eye(L, dtype=X.dtype)  # (L, L) as values, attention returns its own weights
    weights = F.scaled_dot_product_attention(X, X, identity, scale=1.0)  # (L, L)
    torch.testing.assert_close(e.W, weights)
    for i in range(L):  # the scores the scene shows, entry by entry
        for j in range(L):
            assert math.isclose(e.scores[i, j].item(),
                                sum(a * b for a, b in zip(X[i].tolist(), X[j].tolist())), abs_tol=1e-12)
    reference = F.scaled_dot_product_attention(X, X, X, scale=1.0)  # (L, E)
    for i in range(L):  # as the scene builds it: row i of W weights the rows of X, and the weighted rows add up
        weighted = [[w * v for v in X[j].tolist()] for j, w in enumerate(e.W[i].tolist())]  # (L, E)
        y_i = [sum(column) for column in zip(*weighted)]  # (E,)
        torch.testing.assert_close(torch.tensor(y_i, dtype=X.dtype), reference[i])
        torch.testing.assert_close(e.Y[i], reference[i])


def test_rows_caption_numbers():
    e = basic_self_attention()
    X = e.X
    weights = F.scaled_dot_product_attention(X[:1], X, torch.eye(len(X), dtype=X.dtype), scale=1.0)[0]  # (S,)
    y1 = F.scaled_dot_product_attention(X[:1], X, X, scale=1.0)[0]  # (E,)
    text = caption("basic_self_attention_rows")
    scores = [sum(a * b for a, b in zip(X[0].tolist(), x_j)) for x_j in X.tolist()]  # (S,) x_1 · x_j
    assert f"the scores ({', '.join(f'{v:.2f}'.replace('-', '−') for v in scores)}), becomes" in text
    assert f"({', '.join(f'{w:.2f}' for w in weights.tolist())})" in text
    terms = r" + ".join(f"{w:.2f}\\,\\mathbf{{x}}_{j + 1}" for j, w in enumerate(weights.tolist()))
    assert f"\\mathbf{{y}}_1 = {terms} = ({', '.join(f'{v:.2f}' for v in y1.tolist())})" in text
