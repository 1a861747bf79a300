"""Foundations examples of the softmax and scaling pages (topic 8): temperature, 112 vs 96, the variance of q·k.

The rules of every example hold (see :mod:`attnlab.examples`).
"""

import math
from dataclasses import dataclass

import torch

from attnlab.attention import attention_scores
from attnlab.examples.common import DTYPE, attend, to_tensor
from attnlab.examples.seeds import SEEDS

# ---------------------------------------------------------------------------------------------------------
# Topic 8: scaling and temperature
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SoftmaxScaling:
    """Two scores 112 and 96 from d_k = 64 dimensional vectors, before and after scaling by 1/√d_k = 1/8.

    d_k:            64
    query:          (E,) = (64,)    all ones
    keys:           (S, E) = (2, 64) 1.75 and 1.5 everywhere, so q·k = (112, 96)
    scores:         (S,)  (112, 96)
    weights:        (S,)  softmax(112, 96) = (0.99999988746, 1.1253516e-7)
    scaled_scores:  (S,)  (14, 12)
    scaled_weights: (S,)  softmax(14, 12) = (0.880797, 0.119203)
    """

    d_k: int
    query: torch.Tensor
    keys: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    scaled_scores: torch.Tensor
    scaled_weights: torch.Tensor


def softmax_112_96():
    """Why scores are divided by √d_k (topic 8); see :class:`SoftmaxScaling`."""
    d_k = 64
    query = torch.ones(d_k, dtype=DTYPE)  # (E,)
    keys = torch.stack([torch.full((d_k,), 1.75, dtype=DTYPE), torch.full((d_k,), 1.5, dtype=DTYPE)])  # (S, E)
    scores = attention_scores(query[None], keys, scale=1.0)[0]  # (S,)  no scaling
    scaled_scores = attention_scores(query[None], keys)[0]  # (S,)  default scale 1/√d_k
    _, weights = attend(query[None], keys, keys, scale=1.0)  # (1, S)
    _, scaled_weights = attend(query[None], keys, keys)  # (1, S)
    return SoftmaxScaling(d_k, query, keys, scores, weights[0], scaled_scores, scaled_weights[0])


@dataclass(frozen=True)
class SoftmaxTemperature:
    """Softmax of the scores (4, 1) multiplied by each factor (factor = 1 / temperature).

    scores:   (S,) = (2,)  (4, 1)
    factors:  (F,)         (1, 100) by default
    scaled:   (F, S)       factor · scores
    weights:  (F, S)       softmax per row: (0.952574, 0.047426) and (1, 5.1e-131)
    """

    scores: torch.Tensor
    factors: torch.Tensor
    scaled: torch.Tensor
    weights: torch.Tensor


def softmax_temperature(factors=(1.0, 100.0)):
    """Sharpening a softmax by multiplying its scores (topic 8); see :class:`SoftmaxTemperature`."""
    query = to_tensor([[1.0]])  # (1, E=1)
    keys = to_tensor([[4.0], [1.0]])  # (S, 1): q·k = (4, 1)
    scores = attention_scores(query, keys, scale=1.0)[0]  # (S,)
    factors_t = to_tensor(list(factors))  # (F,)
    weights = torch.stack([attend(query, keys, keys, scale=float(f))[1][0] for f in factors])  # (F, S)
    return SoftmaxTemperature(scores, factors_t, factors_t[:, None] * scores[None, :], weights)


@dataclass(frozen=True)
class ScalingVariance:
    """Empirical variance of q·k for q, k with iid N(0, 1) entries, before and after dividing by √d.

    d, n, seed:        the settings.
    queries, keys:     (n, d)
    scores:            (n,)  q·k
    scaled_scores:     (n,)  q·k / √d
    var, scaled_var:   floats, ≈ d and ≈ 1
    """

    d: int
    n: int
    seed: int
    queries: torch.Tensor
    keys: torch.Tensor
    scores: torch.Tensor
    scaled_scores: torch.Tensor
    var: float
    scaled_var: float


def scaling_variance(d=64, n=10_000, seed=SEEDS["scaling_variance"]):
    """Var(q·k) = d, and 1 after scaling by 1/√d (topic 8); see :class:`ScalingVariance`."""
    gen = torch.Generator().manual_seed(int(seed))
    queries = torch.randn(n, d, generator=gen, dtype=DTYPE)  # (n, d)
    keys = torch.randn(n, d, generator=gen, dtype=DTYPE)  # (n, d)
    scores = (queries * keys).sum(-1)  # (n,)  one q·k per pair
    scaled = scores / math.sqrt(d)  # (n,)
    return ScalingVariance(d, n, int(seed), queries, keys, scores, scaled, scores.var().item(), scaled.var().item())


@dataclass(frozen=True)
class ScalingVarianceSweep:
    """Var(q·k) for several dimensions d (one :func:`scaling_variance` per d).

    dims:        (D,) int64
    var:         (D,)  ≈ dims
    scaled_var:  (D,)  ≈ 1
    """

    dims: torch.Tensor
    var: torch.Tensor
    scaled_var: torch.Tensor


def scaling_variance_sweep(dims=(1, 2, 4, 8, 16, 32, 64, 128, 256), n=4_000, seed=SEEDS["scaling_variance"]):
    """The variance of q·k growing linearly with d, flat after scaling; see :class:`ScalingVarianceSweep`."""
    runs = [scaling_variance(d, n, seed) for d in dims]
    return ScalingVarianceSweep(
        torch.tensor(list(dims)), to_tensor([r.var for r in runs]), to_tensor([r.scaled_var for r in runs])
    )
