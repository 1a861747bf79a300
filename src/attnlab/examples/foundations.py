"""Worked examples of the Foundations section (topics 2, 3, 5, 7, 8) not already in :mod:`attnlab.examples.worked`.

Same rules as there (DESIGN convention 7): fixed, named inputs, seeds from :data:`attnlab.examples.seeds.SEEDS`,
every weight and output computed by attnlab's own attention, frozen dataclasses of float64 tensors with their
shapes documented (L queries, S keys, E input features, D features per head), fresh tensors on every call.
"""

from dataclasses import dataclass

import torch

from attnlab.attention import Attention, attention_scores, scaled_dot_product_attention
from attnlab.examples.seeds import SEEDS
from attnlab.examples.worked import BasicAttentionExample

DTYPE = torch.float64


def _t(data):
    return torch.tensor(data, dtype=DTYPE)


# ---------------------------------------------------------------------------------------------------------
# Topic 2: the weighted sum, parameter-free self-attention
# ---------------------------------------------------------------------------------------------------------


def basic_self_attention():
    """Y = softmax(X Xᵀ) X on four hand-set 3-feature inputs; see :class:`~attnlab.examples.worked.BasicAttentionExample`.

    x1 and x2 point roughly the same way, x3 and x4 elsewhere, and the norms differ, so the weights are
    neither uniform nor one-hot.
    """
    X = _t(
        [
            [1.0, 0.2, -0.5],  # x1
            [0.8, 0.5, -0.3],  # x2, close to x1
            [-0.6, 0.9, 0.4],  # x3
            [0.1, -0.7, 0.9],  # x4
        ]
    )  # (L, E)
    return BasicAttentionExample.from_inputs(X, ("x1", "x2", "x3", "x4"))


def equal_norm_pair():
    """X = [[1, 0], [0.6, 0.8]]: two inputs of norm 1, so each row of A peaks on the diagonal.

    The contrast to :func:`~attnlab.examples.worked.diagonal_counterexample`: by Cauchy-Schwarz
    x_i·x_j ≤ ‖x_i‖‖x_j‖ = ‖x_i‖² when the norms are equal, so x_i·x_i is the largest score of row i.
    Row 0 of A = softmax(1, 0.6) = (0.5987, 0.4013).
    """
    X = _t([[1.0, 0.0], [0.6, 0.8]])  # (L, E)
    return BasicAttentionExample.from_inputs(X, ("x1", "x2"))


# ---------------------------------------------------------------------------------------------------------
# Topic 3: the dot product's geometry
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DotProductGeometry:
    """One query along the x axis and five keys at several angles and lengths, q·k = cos θ ‖q‖‖k‖.

    query:    (E,) = (2,)      (1.5, 0)
    angles:   (S,) = (5,)      angle of each key to the query, in degrees: 0, 45, 90, 135, 180
    lengths:  (S,)             ‖k‖: 0.8, 2.0, 1.5, 1.2, 0.8 (a short key straight ahead scores less than a
                               long key at 45°)
    keys:     (S, E)           lengths · (cos θ, sin θ)
    scores:   (S,)             q·k from attnlab's attention_scores (scale 1)
    cosines:  (S,)             cos θ = q·k / (‖q‖‖k‖)
    key_labels: ("k1", ..., "k5")
    """

    query: torch.Tensor
    angles: torch.Tensor
    lengths: torch.Tensor
    keys: torch.Tensor
    scores: torch.Tensor
    cosines: torch.Tensor
    key_labels: tuple


def dot_product_geometry():
    """Angle and length both count (topic 3); see :class:`DotProductGeometry`."""
    query = _t([1.5, 0.0])  # (E,)
    angles = _t([0.0, 45.0, 90.0, 135.0, 180.0])  # (S,)
    lengths = _t([0.8, 2.0, 1.5, 1.2, 0.8])  # (S,)
    radians = torch.deg2rad(angles)  # (S,)
    keys = lengths[:, None] * torch.stack([radians.cos(), radians.sin()], dim=-1)  # (S, E)
    scores = attention_scores(query[None], keys, scale=1.0)[0]  # (S,)
    cosines = scores / (query.norm() * keys.norm(dim=-1))  # (S,)
    labels = tuple(f"k{i + 1}" for i in range(len(angles)))
    return DotProductGeometry(query, angles, lengths, keys, scores, cosines, labels)


@dataclass(frozen=True)
class DotProductSweep:
    """A key that turns away from the query and then grows: q·k = cos θ ‖q‖‖k‖ along a path, for an animation.

    The path starts at the geometry example's k1 (0°, length 0.8, along q), turns at that length through 90°
    to 180°, turns back to 45° and then stretches to length 2.0, where it is the geometry example's k2. It is
    sampled every degree while turning and every 0.01 of length while stretching (T samples in all).

    query:        (E,) = (2,)  the geometry example's query (1.5, 0)
    query_norm:   ‖q‖ = 1.5
    angles:       (T,)         angle of the key to the query at each sample, in degrees
    lengths:      (T,)         ‖k‖ at each sample
    keys:         (T, E)       lengths · (cos θ, sin θ)
    cosines:      (T,)         cos θ
    projections:  (T,)         signed length of the key's projection on q's line, k·q / ‖q‖ = ‖k‖ cos θ
    scores:       (T,)         q·k from attnlab's attention_scores (scale 1)
    stops:        indices into the path where a motion ends: (start, right angle, opposite, back at 45°, stretched)
    key_labels:   ("k1", "k2"), the geometry example's names of the path's first and last key
    """

    query: torch.Tensor
    query_norm: float
    angles: torch.Tensor
    lengths: torch.Tensor
    keys: torch.Tensor
    cosines: torch.Tensor
    projections: torch.Tensor
    scores: torch.Tensor
    stops: tuple
    key_labels: tuple


def dot_product_sweep():
    """The geometry example's k1 turned through 90° and 180°, back to 45°, stretched into k2; see :class:`DotProductSweep`."""
    geometry = dot_product_geometry()
    query = geometry.query  # (E,)
    first, second, right, opposite = 0, 1, 2, 4  # k1 (0°), k2 (45°), the right angle (90°), the opposite (180°)
    start, right_angle, away, back = (geometry.angles[i].item() for i in (first, right, opposite, second))  # degrees
    short, stretched = geometry.lengths[first].item(), geometry.lengths[second].item()  # 0.8, 2.0

    def after(a, b, step):  # from a (excluded) to b (included), about ``step`` apart
        return torch.linspace(a, b, round(abs(b - a) / step) + 1, dtype=DTYPE)[1:]

    # 1. turn at k1's length: 0° -> 90° -> 180° -> back to 45°, one degree per sample
    turning = [torch.tensor([start], dtype=DTYPE), after(start, right_angle, 1.0), after(right_angle, away, 1.0),
               after(away, back, 1.0)]  # each (steps,)
    # 2. stretch at 45°: length 0.8 -> 2.0, 0.01 per sample
    stretch = after(short, stretched, 0.01)  # (steps,)
    angles = torch.cat([*turning, torch.full_like(stretch, back)])  # (T,)
    lengths = torch.cat([torch.full_like(torch.cat(turning), short), stretch])  # (T,)
    stops = tuple(torch.tensor([len(a) for a in (*turning, stretch)]).cumsum(0).sub(1).tolist())
    radians = torch.deg2rad(angles)  # (T,)
    keys = lengths[:, None] * torch.stack([radians.cos(), radians.sin()], dim=-1)  # (T, E)
    scores = attention_scores(query[None], keys, scale=1.0)[0]  # (T,)
    query_norm = query.norm().item()
    projections = scores / query_norm  # (T,)
    cosines = projections / keys.norm(dim=-1)  # (T,)
    labels = (geometry.key_labels[first], geometry.key_labels[second])
    return DotProductSweep(query, query_norm, angles, lengths, keys, cosines, projections, scores, stops, labels)


# ---------------------------------------------------------------------------------------------------------
# Topics 5, 7, 8: queries, keys, values; the matrix form; the scaled dot-product pipeline
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QKVExample:
    """Self-attention with learnable projections: one attnlab ``Attention`` head (scaled dot, no bias).

    Written as the math writes it, X W (so ``W_Q = module.q_proj.weight.T``).

    tokens:        ("x1", "x2", "x3")
    X:             (L, E) = (3, 4)   seeded inputs, one decimal
    W_Q, W_K, W_V: (E, D) = (4, 3)   seeded projections, one decimal, copied into ``module``
    Q, K, V:       (L, D) = (3, 3)   X W^Q, X W^K, X W^V, by the module's projections
    d_k:           3, the key dimension D
    raw_scores:    (L, L)  Q Kᵀ                                       (MatMul)
    scores:        (L, L)  Q Kᵀ / √d_k                                (Scale)
    weights:       (L, L)  softmax of each row of ``scores``          (SoftMax)
    Y:             (L, D)  weights V, the module's output             (MatMul)
    causal_scores:  (L, L) ``scores`` with the keys after each query at -inf (Mask: is_causal)
    causal_weights: (L, L) softmax of each row of ``causal_scores``: lower triangular
    causal_Y:       (L, D) causal_weights V
    module:        the seeded ``Attention`` that computed Q, K, V, weights and Y
    """

    tokens: tuple
    X: torch.Tensor
    W_Q: torch.Tensor
    W_K: torch.Tensor
    W_V: torch.Tensor
    Q: torch.Tensor
    K: torch.Tensor
    V: torch.Tensor
    d_k: int
    raw_scores: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    Y: torch.Tensor
    causal_scores: torch.Tensor
    causal_weights: torch.Tensor
    causal_Y: torch.Tensor
    module: Attention


@torch.no_grad()
def qkv_example():
    """Queries, keys and values of three tokens, and every step of attention on them; see :class:`QKVExample`."""
    L, E, D = 3, 4, 3
    gen = torch.Generator().manual_seed(SEEDS["qkv_example"])
    one_decimal = lambda *shape: torch.randn(*shape, generator=gen, dtype=DTYPE).round(decimals=1) + 0.0  # no -0.0
    X = one_decimal(L, E)  # (L, E)
    W_Q, W_K, W_V = one_decimal(E, D), one_decimal(E, D), one_decimal(E, D)  # (E, D) each
    module = Attention(E, head_dim=D, score="scaled_dot", bias=False).to(DTYPE)
    for proj, W in ((module.q_proj, W_Q), (module.k_proj, W_K), (module.v_proj, W_V)):
        proj.weight.copy_(W.T)  # nn.Linear stores (D, E) and computes x Wᵀ
    x = X[None]  # (N=1, L, E)
    # 1. project: queries, keys and values
    Q, K, V = module.q_proj(x)[0], module.k_proj(x)[0], module.v_proj(x)[0]  # (L, D) each
    # 2. score, scaled by 1/√d_k, and 3. softmax, 4. weighted sum: the module's own forward pass
    Y, weights = module(x, x, x)  # (1, L, D), (1, L, L)
    raw_scores = attention_scores(Q, K, scale=1.0)  # (L, L)
    scores = attention_scores(Q, K)  # (L, L)  default scale 1/√d_k
    causal_scores = attention_scores(Q, K, is_causal=True)  # (L, L)
    causal_Y, causal_weights = scaled_dot_product_attention(Q, K, V, is_causal=True)  # (L, D), (L, L)
    return QKVExample(
        ("x1", "x2", "x3"), X, W_Q, W_K, W_V, Q, K, V, D, raw_scores, scores, weights[0], Y[0],
        causal_scores, causal_weights, causal_Y, module,
    )

