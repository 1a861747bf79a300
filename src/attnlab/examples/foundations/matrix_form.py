"""Foundations examples of the queries-keys-values and matrix-form pages (topics 5, 7, 8): Q, K, V; an image.

The rules of every example hold (see :mod:`attnlab.examples`); D is the features per head.
"""

from dataclasses import dataclass

import torch

from attnlab.attention import Attention, attention_scores, basic_attention, scaled_dot_product_attention
from attnlab.examples.common import DTYPE, seeded_generator, to_tensor

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
    gen = seeded_generator("qkv_example")

    def one_decimal(*shape):
        return torch.randn(*shape, generator=gen, dtype=DTYPE).round(decimals=1) + 0.0  # no -0.0

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


# ---------------------------------------------------------------------------------------------------------
# Topic 7: inputs are sets: an RGB image
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RGBImageAttention:
    """A small seeded RGB image as a set of pixels, and parameter-free self-attention over them.

    image:       (Hpx, Wpx, 3) = (8, 8, 3) colours in [0, 1]: blue sky, a red square, green grass, noise
    X:           (P, 3) = (64, 3) pixels centred to [-1, 1] (2 · colour - 1), row-major
    W:           (P, P) softmax(X Xᵀ) per row
    Y:           (P, 3) W X (outputs, centred)
    pixel:       (row, col) of the query pixel a figure highlights (inside the red square)
    pixel_index: row · Wpx + col
    attention_map: (Hpx, Wpx) row ``pixel_index`` of A as an image
    """

    image: torch.Tensor
    X: torch.Tensor
    W: torch.Tensor
    Y: torch.Tensor
    pixel: tuple
    pixel_index: int
    attention_map: torch.Tensor


def rgb_image_attention(pixel=(3, 2)):
    """One pixel's attention map over an image (topic 7); see :class:`RGBImageAttention`."""
    size = 8
    gen = seeded_generator("rgb_image_attention")
    image = torch.empty(size, size, 3, dtype=DTYPE)
    rows = torch.linspace(0.0, 1.0, size, dtype=DTYPE)[:, None]  # (Hpx, 1)
    image[..., 0] = 0.25 + 0.15 * rows  # sky: light blue, lighter near the horizon
    image[..., 1] = 0.55 + 0.15 * rows
    image[..., 2] = 0.95
    image[6:, :] = to_tensor([0.2, 0.7, 0.2])  # grass
    image[2:5, 1:4] = to_tensor([0.9, 0.15, 0.1])  # red square
    image[1:3, 5:7] = to_tensor([0.95, 0.9, 0.3])  # yellow sun
    image = (image + 0.04 * torch.randn(size, size, 3, generator=gen, dtype=DTYPE)).clamp(0.0, 1.0)  # (Hpx, Wpx, 3)
    X = (2.0 * image - 1.0).reshape(size * size, 3)  # (P, 3)
    Y, W = basic_attention(X)  # (P, 3), (P, P)
    index = pixel[0] * size + pixel[1]
    return RGBImageAttention(image, X, W, Y, tuple(pixel), index, W[index].reshape(size, size).clone())
