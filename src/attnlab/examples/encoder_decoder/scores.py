"""Encoder-decoder examples of the score-functions page (topic 10): four scores, soft vs hard, global vs local.

The rules of every example hold (see :mod:`attnlab.examples`).
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from attnlab.attention import Attention, attention_scores, scaled_dot_product_attention
from attnlab.examples.common import DTYPE, seeded_generator
from attnlab.examples.foundations.weighted_sum import query_over_three_keys
from attnlab.examples.seeds import SEEDS

# ---------------------------------------------------------------------------------------------------------
# Topic 10: score functions
# ---------------------------------------------------------------------------------------------------------

SCORE_NAMES = ("dot", "scaled_dot", "general", "additive")


@dataclass(frozen=True)
class ScoreFunctions:
    """One query over several keys, scored by each of attnlab's four score functions.

    query:       (E,) = (4,)
    keys:        (S, E) = (5, 4); values = keys
    key_labels:  (S,)
    names:       ("dot", "scaled_dot", "general", "additive")
    scores:      dict name -> (S,) raw scores (dot: q·k; scaled_dot: q·k/√E; general: qᵀ W k;
                 additive: vᵀ tanh(W q + U k))
    weights:     dict name -> (S,) softmax of the scores
    contexts:    dict name -> (E,)
    modules:     dict name -> the seeded attnlab ``Attention`` that computed them (parameters for a figure)
    """

    query: torch.Tensor
    keys: torch.Tensor
    key_labels: tuple
    names: tuple
    scores: dict
    weights: dict
    contexts: dict
    modules: dict


def score_functions():
    """Dot, scaled dot, general (Luong) and additive (Bahdanau) scores of one query (topic 10)."""
    gen = seeded_generator("score_functions")
    dim, n_keys = 4, 5
    query = torch.randn(dim, generator=gen, dtype=DTYPE)  # (E,)
    keys = torch.randn(n_keys, dim, generator=gen, dtype=DTYPE)  # (S, E)
    scores, weights, contexts, modules = {}, {}, {}, {}
    for i, name in enumerate(SCORE_NAMES):
        with torch.random.fork_rng(devices=[]):  # seeded parameters; the caller's global RNG is left alone
            torch.manual_seed(SEEDS["score_functions"] + i)
            module = _score_module(name, dim).to(DTYPE)
        with torch.no_grad():
            context, w, s = _score_module_forward(module, query, keys)
        scores[name], weights[name], contexts[name], modules[name] = s, w, context, module
    labels = tuple(f"k{i + 1}" for i in range(n_keys))
    return ScoreFunctions(query, keys, labels, SCORE_NAMES, scores, weights, contexts, modules)


def _score_module(name, dim):
    """A seeded attnlab ``Attention`` whose W^Q, W^K, W^V are the identity: only the score function acts."""
    module = Attention(dim, score=name)
    with torch.no_grad():
        for proj in (module.q_proj, module.k_proj, module.v_proj):
            proj.weight.copy_(torch.eye(dim))
    return module


def _score_module_forward(module, query, keys):
    q, k = query[None, None], keys[None]  # (1, 1, E), (1, S, E)
    out, w = module(q, k, k)  # (1, 1, E), (1, 1, S)
    scores = module.scores(module.q_proj(q), module.k_proj(k))[0, 0]  # (S,)
    return out[0, 0], w[0, 0], scores


# ---------------------------------------------------------------------------------------------------------
# Topic 10: soft vs hard attention, global vs local attention
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SoftVsHard:
    """Soft and hard attention of one query over three keys (the worked example of topic 9, values = keys).

    query:         (E,) = (2,) (0.55, 0.95);  keys: (S, E) = (3, 2);  values: (S, E) equal to the keys
    key_labels:    ("k1", "k2", "k3")
    scores:        (S,) q·k = (0.5475, 0.0875, -1.2350)
    soft_weights:  (S,) softmax(scores) = (0.5557, 0.3508, 0.0935)
    soft_context:  (E,) Σ soft_weights · values = (0.5706, -0.0993)
    hard_weights:  (S,) one-hot on the best-scoring key: (1, 0, 0)
    hard_context:  (E,) the value of that key alone: (0.65, 0.2)
    """

    query: torch.Tensor
    keys: torch.Tensor
    values: torch.Tensor
    key_labels: tuple
    scores: torch.Tensor
    soft_weights: torch.Tensor
    soft_context: torch.Tensor
    hard_weights: torch.Tensor
    hard_context: torch.Tensor


def soft_vs_hard():
    """Soft attention blends every value, hard attention returns one (topic 10); see :class:`SoftVsHard`."""
    example = query_over_three_keys()
    hard_weights = F.one_hot(example.scores.argmax(), len(example.scores)).to(DTYPE)  # (S,)
    hard_context = hard_weights @ example.values  # (E,)
    return SoftVsHard(
        example.query, example.keys, example.values, example.key_labels, example.scores,
        example.weights, example.context, hard_weights, hard_context,
    )


@dataclass(frozen=True)
class LocalAttention:
    """One decoder query over S source positions: global attention vs local attention in a window.

    query:         (E,) = (4,) seeded
    keys:          (S, E) = (9, 4) seeded encoder states (values = keys)
    position:      p_t, the source position the window is centred on (Luong's local-m: p_t = t)
    half_width:    D; the window is positions p_t - D .. p_t + D
    window:        (S,) bool, True = inside the window (the attn_mask, True = may attend)
    scores:        (S,) q·k/√E, the same for both
    global_weights:(S,) softmax over all S positions
    local_weights: (S,) softmax over the window only (exactly 0 outside it)
    """

    query: torch.Tensor
    keys: torch.Tensor
    position: int
    half_width: int
    window: torch.Tensor
    scores: torch.Tensor
    global_weights: torch.Tensor
    local_weights: torch.Tensor


def local_attention(length=9, dim=4, position=5, half_width=2):
    """Global vs local attention over the same scores (topic 10); see :class:`LocalAttention`."""
    gen = seeded_generator("local_attention")
    query = torch.randn(dim, generator=gen, dtype=DTYPE)  # (E,)
    keys = torch.randn(length, dim, generator=gen, dtype=DTYPE)  # (S, E)
    window = (torch.arange(length) - position).abs() <= half_width  # (S,) True = may attend
    scores = attention_scores(query[None], keys)[0]  # (S,)
    _, global_weights = scaled_dot_product_attention(query[None], keys, keys)  # (1, S)
    _, local_weights = scaled_dot_product_attention(query[None], keys, keys, attn_mask=window[None])  # (1, S)
    return LocalAttention(query, keys, position, half_width, window, scores, global_weights[0], local_weights[0])
