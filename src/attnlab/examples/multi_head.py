"""Multi-head attention examples (topic 14): why more than one head, the layer as matrix products, splitting heads.

:func:`ambiguous_it`: "The animal didn't cross the road because it was too tired".

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

:func:`multihead_products`: two heads on two tokens as matrix products with small integers (X 2×4, h = 2,
W_i 4×3, stacked 4×6, Z 2×6, W^O 6×4, Y 2×4), computed by attnlab's ``scaled_dot_product_attention``. W^O
maps back to the d = 4 features of X, as in a Transformer layer: the output is in R^d, not R^{d_k}.

:func:`head_split`: the queries of every head for one small input X, computed by attnlab's
:class:`~attnlab.multihead.MultiHeadAttention` with seeded projections: wide (each head projects to all E
features), narrow (one E×E projection whose output columns are cut into H chunks, the right way) and the inputs
cut into H chunks of features, each projected by its own small head (the wrong way: no head sees all features).
Projections are shown as X @ W, so ``W = in_proj_weight[rows].T`` with shape (E_in, E_out).
"""

from dataclasses import dataclass

import torch

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.common import DTYPE, seeded_generator
from attnlab.examples.seeds import SEEDS
from attnlab.multihead import MultiHeadAttention, MultiHeadTrace

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
    X = _embeddings(seeded_generator("ambiguous_it"))  # (L, E)
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


@dataclass(frozen=True)
class MultiheadProducts:
    """Multi-head attention as matrix products with small integer inputs and weights (h = 2 heads, d_k = d_v = 3).

    X:          (L, E) = (2, 4), entries in {0, 1, 2}
    W_Q, W_K, W_V: (H, E, D) = (2, 4, 3) one projection per head, entries in {-1, 0, 1}
    W_Q_stacked, W_K_stacked, W_V_stacked: (E, H·D) = (4, 6) the heads' projections side by side
    Q, K, V:    (L, H·D) = (2, 6) X @ stacked; columns h·D:(h+1)·D are head h's
    weights:    (H, L, L) = (2, 2, 2) A_i = softmax(Q_i K_iᵀ / √3) per head
    Z:          (L, H·D) = (2, 6) the heads' outputs A_i V_i side by side
    W_O:        (H·D, E) = (6, 4), entries in {-1, 0, 1}
    Y:          (L, E) = (2, 4) Z @ W_O: as many features as X
    """

    X: torch.Tensor
    W_Q: torch.Tensor
    W_K: torch.Tensor
    W_V: torch.Tensor
    W_Q_stacked: torch.Tensor
    W_K_stacked: torch.Tensor
    W_V_stacked: torch.Tensor
    Q: torch.Tensor
    K: torch.Tensor
    V: torch.Tensor
    weights: torch.Tensor
    Z: torch.Tensor
    W_O: torch.Tensor
    Y: torch.Tensor


def multihead_products():
    """X 2×4, h = 2, W_i 4×3, stacked 4×6, Z 2×6, W^O 6×4, Y 2×4; see :class:`MultiheadProducts`."""
    generator = seeded_generator("multihead_products")
    L, E, H, D = 2, 4, 2, 3

    def ints(*shape, low=-1, high=2):
        return torch.randint(low, high, shape, generator=generator).to(DTYPE)

    X = ints(L, E, low=0, high=3)  # (L, E)
    W_Q, W_K, W_V = ints(H, E, D), ints(H, E, D), ints(H, E, D)  # (H, E, D)
    W_O = ints(H * D, E)  # (H·D, E) back to the model width

    def stack(W):  # (H, E, D) -> (E, H·D)
        return torch.cat(list(W), dim=1)

    Q, K, V = X @ stack(W_Q), X @ stack(W_K), X @ stack(W_V)  # (L, H·D) each

    def per_head(M):  # (L, H·D) -> (H, L, D)
        return M.reshape(L, H, D).transpose(0, 1)

    out, weights = scaled_dot_product_attention(per_head(Q), per_head(K), per_head(V))  # (H, L, D), (H, L, L)
    Z = out.transpose(0, 1).reshape(L, H * D)  # (L, H·D)
    Y = Z @ W_O  # (L, E)
    return MultiheadProducts(X, W_Q, W_K, W_V, stack(W_Q), stack(W_K), stack(W_V), Q, K, V, weights, Z, W_O, Y)


@dataclass(frozen=True)
class HeadSplit:
    """Queries of H heads three ways, for X (L, E) (no batch dimension; D = E/H).

    x:              (L, E)        the input, one token per row
    wide_w:         (H, E, E)     W^Q_h of each wide head
    wide_q:         (H, L, E)     X W^Q_h
    narrow_w:       (E, E)        the one W^Q of narrow heads; columns h·D:(h+1)·D belong to head h
    narrow_q:       (H, L, D)     (X W^Q) cut into H column chunks
    wrong_x:        (H, L, D)     X cut into H column chunks (features 0..D-1 to head 0, ...)
    wrong_w:        (H, D, D)     each head's projection of its own chunk
    wrong_q:        (H, L, D)     chunk_h W_h
    """

    x: torch.Tensor
    wide_w: torch.Tensor
    wide_q: torch.Tensor
    narrow_w: torch.Tensor
    narrow_q: torch.Tensor
    wrong_x: torch.Tensor
    wrong_w: torch.Tensor
    wrong_q: torch.Tensor


def _queries(attention, x):
    """Per-head queries (H, L, D) of ``attention`` for x (L, E) and its W^Q as X @ W matrices (H, E, D)."""
    trace = attention.trace(x[None], x[None], x[None])
    H, D = attention.num_heads, attention.head_dim
    w_q = attention.in_proj_weight[: H * D].T  # (E, H·D)
    return trace.q[0], w_q.reshape(-1, H, D).transpose(0, 1)  # (H, L, D), (H, E, D)


@torch.no_grad()
def head_split(length=2, embed_dim=4, num_heads=2):
    """Wide, narrow and wrongly split heads on one seeded input; see :class:`HeadSplit`."""
    generator = seeded_generator("head_split")
    x = torch.randn(length, embed_dim, generator=generator).round(decimals=1)  # (L, E), one decimal to read
    D = embed_dim // num_heads
    with torch.random.fork_rng():  # seeded initialisation that leaves the caller's global RNG alone
        torch.manual_seed(SEEDS["head_split"])
        wide = MultiHeadAttention(embed_dim, num_heads, mode="wide", bias=False)
        narrow = MultiHeadAttention(embed_dim, num_heads, mode="narrow", bias=False)
        per_chunk = [MultiHeadAttention(D, 1, bias=False) for _ in range(num_heads)]

    wide_q, wide_w = _queries(wide, x)  # (H, L, E), (H, E, E)
    narrow_q, narrow_w = _queries(narrow, x)  # (H, L, D), (H, E, D)
    wrong_x = x.reshape(length, num_heads, D).transpose(0, 1)  # (H, L, D)
    wrong = [_queries(head, chunk) for head, chunk in zip(per_chunk, wrong_x)]
    wrong_q = torch.stack([q[0] for q, _ in wrong])  # (H, L, D)
    wrong_w = torch.stack([w[0] for _, w in wrong])  # (H, D, D)
    return HeadSplit(x, wide_w, wide_q, torch.cat(list(narrow_w), dim=1), narrow_q, wrong_x, wrong_w, wrong_q)
