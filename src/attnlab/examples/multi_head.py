"""Why more than one head (topic 14): "The animal didn't cross the road because it was too tired".

An illustration, not a trained model. Every token gets a hand-made embedding of E = 8 features (what kind of
word it is) plus a little seeded noise. The query and key projections are set by hand so that the pronoun
"it" looks for nouns; the value and output projections are seeded (they do not change any weight shown).

* One head (``MultiHeadAttention(8, 1)``, D = 8): its query for "it" matches the living-noun feature and the
  thing-noun feature equally, so its one distribution over the tokens has to split between "animal" and
  "road". Its output is a blend of both.
* Two narrow heads (``MultiHeadAttention(8, 2)``, D = 4 each, the same number of parameters): head 1's query
  for "it" matches only living nouns, head 2's only things. Each head concentrates on one candidate, and
  both candidates reach the next layer separately, where "tired" or "wide" can decide between them.

Both are computed by attnlab's :class:`~attnlab.multihead.MultiHeadAttention` with its weights copied in.
"""

from dataclasses import dataclass

import torch

from attnlab.examples.seeds import SEEDS
from attnlab.multihead import MultiHeadAttention, MultiHeadTrace

DTYPE = torch.float64
TOKENS = ("The", "animal", "didn't", "cross", "the", "road", "because", "it", "was", "too", "tired")
FEATURES = ("living noun", "thing noun", "pronoun", "verb", "function word", "adjective", "spare 1", "spare 2")
_WORD_FEATURES = {  # token -> {feature: strength}; every other feature 0
    "The": {"function word": 1.0},
    "animal": {"living noun": 1.0},
    "didn't": {"verb": 0.5, "function word": 0.5},
    "cross": {"verb": 1.0},
    "the": {"function word": 1.0},
    "road": {"thing noun": 1.0},
    "because": {"function word": 1.0},
    "it": {"pronoun": 1.0},
    "was": {"verb": 0.5, "function word": 0.5},
    "too": {"function word": 1.0},
    "tired": {"adjective": 1.0},
}
NOISE = 0.05  # σ of the seeded noise on every embedding entry
MATCH = 8.0  # strength of the hand-set query: how strongly "it" looks for a noun


@dataclass(frozen=True)
class AmbiguousIt:
    """One head vs two heads on the pronoun "it" (illustration with hand-set query and key projections).

    tokens:       (L,) = 11 tokens;  features: (E,) = 8 feature names;  query_index: position of "it"
    X:            (L, E) = (11, 8) the embeddings (hand-made features + seeded noise σ = 0.05)
    one_head:     the :class:`~attnlab.multihead.MultiHeadAttention` (8, 1 head, D = 8), weights copied in
    two_heads:    the :class:`~attnlab.multihead.MultiHeadAttention` (8, 2 heads, D = 4), weights copied in
    one_trace:    its :class:`~attnlab.multihead.MultiHeadTrace` on X (self-attention, batch of 1):
                  q, k, v (1, 1, L, 8), weights (1, 1, L, L), z (1, L, 8), output (1, L, 8)
    two_trace:    the same for two heads: q, k, v (1, 2, L, 4), weights (1, 2, L, L), z (1, L, 8), output (1, L, 8)
    one_weights:  (1, L) the weights of "it" over every token, one head
    two_weights:  (2, L) the weights of "it" over every token, per head
    """

    tokens: tuple
    features: tuple
    query_index: int
    X: torch.Tensor
    one_head: MultiHeadAttention
    two_heads: MultiHeadAttention
    one_trace: MultiHeadTrace
    two_trace: MultiHeadTrace
    one_weights: torch.Tensor
    two_weights: torch.Tensor


def _embeddings(generator):
    """(L, E) hand-made feature vectors of TOKENS plus seeded Gaussian noise."""
    clean = torch.zeros(len(TOKENS), len(FEATURES), dtype=DTYPE)  # (L, E)
    for row, token in enumerate(TOKENS):
        for feature, strength in _WORD_FEATURES[token].items():
            clean[row, FEATURES.index(feature)] = strength
    return clean + NOISE * torch.randn(clean.shape, generator=generator, dtype=DTYPE)  # (L, E)


def _attention(num_heads, looks_for):
    """MultiHeadAttention(E, num_heads) whose head h's query maps "pronoun" onto feature ``looks_for[h]``.

    ``looks_for``: per head, the features a pronoun's query points at (several: split equally); the keys of
    each head carry exactly those features in the same coordinates. W^V and W^O keep their seeded
    initialisation (Xavier uniform, as ``nn.MultiheadAttention``); biases are off.
    """
    E = len(FEATURES)
    with torch.random.fork_rng(devices=[]):  # seeded W^V, W^O; the caller's global RNG is left alone
        torch.manual_seed(SEEDS["ambiguous_it"])
        attention = MultiHeadAttention(E, num_heads, bias=False).to(DTYPE)
    D = attention.head_dim
    w_q = torch.zeros(E, E, dtype=DTYPE)  # (H·D, E) rows h·D .. (h+1)·D - 1 belong to head h
    w_k = torch.zeros(E, E, dtype=DTYPE)  # (H·D, E)
    for h, wanted in enumerate(looks_for):
        for slot, feature in enumerate(wanted):
            w_q[h * D + slot, FEATURES.index("pronoun")] = MATCH  # a pronoun's query asks for this feature
            w_k[h * D + slot, FEATURES.index(feature)] = 1.0  # a key shows how much of it a token has
    with torch.no_grad():
        attention.in_proj_weight[:E] = w_q  # W^Q
        attention.in_proj_weight[E : 2 * E] = w_k  # W^K
    return attention


@torch.no_grad()
def ambiguous_it():
    """One head must split "it"'s attention, two heads keep "animal" and "road" apart; see :class:`AmbiguousIt`."""
    X = _embeddings(torch.Generator().manual_seed(SEEDS["ambiguous_it"]))  # (L, E)
    one_head = _attention(1, [("living noun", "thing noun")])
    two_heads = _attention(2, [("living noun",), ("thing noun",)])
    x = X[None]  # (1, L, E) self-attention: queries, keys and values all come from X
    one_trace = one_head.trace(x, x, x)
    two_trace = two_heads.trace(x, x, x)
    i = TOKENS.index("it")
    return AmbiguousIt(
        TOKENS, FEATURES, i, X, one_head, two_heads, one_trace, two_trace,
        one_trace.weights[0, :, i].clone(), two_trace.weights[0, :, i].clone(),
    )
