"""The worked examples: fixed, named inputs and the numbers attnlab's attention computes from them.

DESIGN convention 7: no number is invented inside a figure. A still (``snippets/``) and an animation
(``diagrams/``) of the same idea both call one function here and draw what it returns, so they always agree.
Every function

* takes its seed from :data:`attnlab.examples.seeds.SEEDS` (hand-set inputs need none),
* computes weights, outputs and context vectors with attnlab's own attention (``attnlab.attention``,
  ``attnlab.positional``), never with a re-typed number,
* returns a frozen dataclass of tensors plus the labels a figure needs, shapes documented on every field
  (PyTorch's letters: L queries / targets, S keys / sources, E features, H heads),
* returns fresh tensors on every call: two calls give identical values, and a caller may modify its copy.

Worked numbers use float64 so the printed digits of CONTENT.md ("Worked numbers") hold exactly.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from attnlab.attention import Attention, attention_scores, basic_attention, scaled_dot_product_attention
from attnlab.examples.decoding import SearchResult, TOY_TREE, all_sequences, beam_search, greedy_search
from attnlab.examples.seeds import SEEDS
from attnlab.positional import PositionalEncoding

DTYPE = torch.float64


def _t(data):
    return torch.tensor(data, dtype=DTYPE)


def _gen(name):
    return torch.Generator().manual_seed(SEEDS[name])


def _attend(query, key, value, scale=None, attn_mask=None):
    """attnlab's scaled_dot_product_attention on unbatched (L, E) / (S, E) inputs; returns (out (L, E), w (L, S))."""
    out, w = scaled_dot_product_attention(
        query[None], key[None], value[None], attn_mask=attn_mask, scale=scale
    )  # (1, L, E), (1, L, S)
    return out[0], w[0]


# ---------------------------------------------------------------------------------------------------------
# Topic 9: a query over several keys, alignment scores, context vector
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryOverKeys:
    """One query over three keys, values = keys, plain dot-product scores (no scaling).

    query:   (E,) = (2,)      (0.55, 0.95)
    keys:    (S, E) = (3, 2)  (0.65, 0.2), (0.85, -0.4), (-0.95, -0.75)
    values:  (S, E) = (3, 2)  equal to the keys
    scores:  (S,)  q·k = (0.5475, 0.0875, -1.2350)
    weights: (S,)  softmax(scores) = (0.5557, 0.3508, 0.0935)
    context: (E,)  Σ_s weights_s values_s = (0.5706, -0.0993)
    key_labels: ("k1", "k2", "k3")
    """

    query: torch.Tensor
    keys: torch.Tensor
    values: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    context: torch.Tensor
    key_labels: tuple


def query_over_three_keys():
    """The alignment-score / context-vector example (topic 9); see :class:`QueryOverKeys`."""
    query = _t([0.55, 0.95])  # (E,)
    keys = _t([[0.65, 0.2], [0.85, -0.4], [-0.95, -0.75]])  # (S, E)
    values = keys.clone()  # (S, E)
    scores = attention_scores(query[None], keys, scale=1.0)[0]  # (S,)  step 1: dot products
    context, weights = _attend(query[None], keys, values, scale=1.0)  # (1, E), (1, S)  steps 2-3
    return QueryOverKeys(query, keys, values, scores, weights[0], context[0], ("k1", "k2", "k3"))


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
    _, weights = _attend(query[None], keys, keys, scale=1.0)  # (1, S)
    _, scaled_weights = _attend(query[None], keys, keys)  # (1, S)
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
    query = _t([[1.0]])  # (1, E=1)
    keys = _t([[4.0], [1.0]])  # (S, 1): q·k = (4, 1)
    scores = attention_scores(query, keys, scale=1.0)[0]  # (S,)
    factors_t = _t(list(factors))  # (F,)
    weights = torch.stack([_attend(query, keys, keys, scale=float(f))[1][0] for f in factors])  # (F, S)
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
        torch.tensor(list(dims)), _t([r.var for r in runs]), _t([r.scaled_var for r in runs])
    )


# ---------------------------------------------------------------------------------------------------------
# Topic 13: translation
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TheZone:
    """Translating "the zone" into "la zone": the decoder's first query (``<start>``) over the encoder states.

    source_tokens: ("the", "zone");  target_tokens: ("la", "zone");  query_token: "<start>"
    query:    (E,) = (2,)     the decoder's hidden state for ``<start>``
    keys:     (S, E) = (2, 2) the encoder's hidden states for "the" and "zone"
    values:   (S, E)          equal to the keys
    scores:   (S,)  scaled scores q·k/√2 = (ln 4, 0), so that
    weights:  (S,)  softmax = (0.8, 0.2): "the" 0.8, "zone" 0.2
    context:  (E,)  0.8 · k_the + 0.2 · k_zone
    """

    source_tokens: tuple
    target_tokens: tuple
    query_token: str
    query: torch.Tensor
    keys: torch.Tensor
    values: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    context: torch.Tensor


def the_zone():
    """The query ``<start>`` matching "the" 0.8 and "zone" 0.2 (topic 13); see :class:`TheZone`.

    The vectors are hand-set: k_zone is orthogonal to q (score 0) and q·k_the = √2 · ln 4, so after the
    scaled dot product the scores are (ln 4, 0) and the softmax gives exactly (0.8, 0.2).
    """
    k_the = _t([0.9, 0.3])
    k_zone = _t([-0.3, 0.4])
    direction = _t([0.8, 0.6])  # orthogonal to k_zone
    query = direction * (math.sqrt(2.0) * math.log(4.0) / float(direction @ k_the))  # (E,)
    keys = torch.stack([k_the, k_zone])  # (S, E)
    scores = attention_scores(query[None], keys)[0]  # (S,)  q·k/√2
    context, weights = _attend(query[None], keys, keys)  # (1, E), (1, S)
    return TheZone(
        ("the", "zone"), ("la", "zone"), "<start>", query, keys, keys.clone(), scores, weights[0], context[0]
    )


@dataclass(frozen=True)
class TranslationHeatmap:
    """A hand-set 4×4 alignment of "the European economic zone" with "la zone économique européenne".

    source_tokens: (S,) = 4 English tokens (columns);  target_tokens: (L,) = 4 French tokens (rows)
    scores:  (L, S)  hand-set alignment scores
    weights: (L, S)  softmax of each row (attnlab's attention with one-hot keys); rows sum to 1. The adjective
             order flips: "économique" looks at "economic", "européenne" at "European".
    """

    source_tokens: tuple
    target_tokens: tuple
    scores: torch.Tensor
    weights: torch.Tensor


def translation_heatmap():
    """The classic reordering alignment (topic 13); see :class:`TranslationHeatmap`."""
    source = ("the", "European", "economic", "zone")
    target = ("la", "zone", "économique", "européenne")
    scores = _t(
        [  # the   European economic zone
            [3.2, 0.1, 0.0, 1.3],  # la          -> the (and a little "zone": gender agreement)
            [0.6, 0.2, 0.4, 3.6],  # zone        -> zone
            [0.0, 1.1, 3.4, 0.6],  # économique  -> economic
            [0.2, 3.3, 1.2, 0.4],  # européenne  -> European
        ]
    )  # (L, S)
    eye = torch.eye(len(source), dtype=DTYPE)  # (S, S) one-hot keys: q·k_s = scores[:, s]
    _, weights = _attend(scores, eye, eye, scale=1.0)  # (L, S)
    return TranslationHeatmap(source, target, scores, weights)


# ---------------------------------------------------------------------------------------------------------
# Topic 2 / seed errors: the basic equation, parameter-free self-attention
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BasicAttentionExample:
    """Parameter-free self-attention Y = softmax(X Xᵀ) X on a fixed X.

    X:       (L, E) inputs, one row per token
    scores:  (L, L) X Xᵀ
    W:       (L, L) row-wise softmax of the scores (rows sum to 1)
    Y:       (L, E) W X
    labels:  (L,) row labels
    """

    X: torch.Tensor
    scores: torch.Tensor
    W: torch.Tensor
    Y: torch.Tensor
    labels: tuple

    @classmethod
    def from_inputs(cls, X, labels):
        """The example on inputs X (L, E) with row ``labels``: scores, weights and outputs computed by attnlab."""
        Y, W = basic_attention(X)  # (L, E), (L, L)
        return cls(X, attention_scores(X, X, scale=1.0), W, Y, labels)


def diagonal_counterexample():
    """X = [[1, 0], [3, 0]]: the diagonal of A is not the largest; row 0 of A = (0.1192, 0.8808)."""
    X = _t([[1.0, 0.0], [3.0, 0.0]])  # (L, E)
    return BasicAttentionExample.from_inputs(X, ("x1", "x2"))


# ---------------------------------------------------------------------------------------------------------
# Topic 3: dot product as similarity
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserMovies:
    """Users' taste and movies' content as vectors over three features, in [-1, 1] (-1 dislike / absent).

    features:   ("action", "romance", "comedy")
    users:      (U, 3) rows labelled ``user_labels``;  movies: (M, 3) rows labelled ``movie_labels``
    scores:     (U, M) u·m: high when signs agree (a user who dislikes action and a movie with little action
                still score positively on that feature)
    weights:    (U, M) softmax of each user's scores over the movies
    ideal:      (U, 3) each user's "ideal movie": the movies' vectors weighted by ``weights``
    """

    features: tuple
    user_labels: tuple
    movie_labels: tuple
    users: torch.Tensor
    movies: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    ideal: torch.Tensor


def user_movie_preferences():
    """Dot product as similarity (topic 3); see :class:`UserMovies`."""
    users = _t(
        [  # action romance comedy
            [0.9, -0.6, 0.2],  # Ada: action fan
            [-0.8, 0.7, 0.3],  # Ben: dislikes action, likes romance
            [-0.2, -0.3, 0.9],  # Cleo: comedy
        ]
    )  # (U, 3)
    movies = _t(
        [
            [0.95, -0.5, -0.1],  # "Night Heist"
            [-0.7, 0.9, 0.2],  # "Letters in May"
            [-0.3, 0.1, 0.85],  # "The Wrong Hat"
        ]
    )  # (M, 3)
    scores = attention_scores(users, movies, scale=1.0)  # (U, M)
    ideal, weights = _attend(users, movies, movies, scale=1.0)  # (U, 3), (U, M)
    return UserMovies(
        ("action", "romance", "comedy"),
        ("Ada", "Ben", "Cleo"),
        ("Night Heist", "Letters in May", "The Wrong Hat"),
        users,
        movies,
        scores,
        weights,
        ideal,
    )


@dataclass(frozen=True)
class TommySentence:
    """"Tommy can be annoying but he is a good dog": proximity is not meaning.

    tokens:             (L,) = 10 tokens
    embeddings:         (L, E) = (10, 8) seeded; "Tommy", "he" and "dog" share one direction (they refer to
                        the same thing), "annoying" and "good" another (judgements), the rest is small noise
    positions:          (L,) 0..L-1
    proximity_weights:  (L, L) reweighing by distance only: softmax(-|i - j|) per row
    scores:             (L, L) dot products X Xᵀ
    attention_weights:  (L, L) softmax(X Xᵀ) per row (attnlab's basic attention)
    query_index:        index of "he", the row a figure highlights
    """

    tokens: tuple
    embeddings: torch.Tensor
    positions: torch.Tensor
    proximity_weights: torch.Tensor
    scores: torch.Tensor
    attention_weights: torch.Tensor
    query_index: int


def tommy_sentence():
    """Weighting by proximity vs weighting by similarity (topic 3); see :class:`TommySentence`."""
    tokens = ("Tommy", "can", "be", "annoying", "but", "he", "is", "a", "good", "dog")
    gen = _gen("tommy_sentence")
    dim = 8
    concepts = torch.linalg.qr(torch.randn(dim, dim, generator=gen, dtype=DTYPE))[0][:, :2].T  # (2, E) orthonormal
    referent, judgement = concepts
    noise = 0.35 * torch.randn(len(tokens), dim, generator=gen, dtype=DTYPE)  # (L, E)
    role = {"Tommy": 1.6 * referent, "he": 1.4 * referent, "dog": 1.5 * referent,
            "annoying": 1.3 * judgement, "good": 1.2 * judgement}
    X = torch.stack([role.get(t, torch.zeros(dim, dtype=DTYPE)) for t in tokens]) + noise  # (L, E)
    positions = torch.arange(len(tokens))  # (L,)
    distance = (positions[:, None] - positions[None, :]).abs().to(DTYPE)  # (L, L)
    proximity = torch.softmax(-distance, dim=-1)  # (L, L)
    _, W = basic_attention(X)  # (L, L)
    return TommySentence(tokens, X, positions, proximity, attention_scores(X, X, scale=1.0), W, tokens.index("he"))


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
    gen = _gen("rgb_image_attention")
    image = torch.empty(size, size, 3, dtype=DTYPE)
    rows = torch.linspace(0.0, 1.0, size, dtype=DTYPE)[:, None]  # (Hpx, 1)
    image[..., 0] = 0.25 + 0.15 * rows  # sky: light blue, lighter near the horizon
    image[..., 1] = 0.55 + 0.15 * rows
    image[..., 2] = 0.95
    image[6:, :] = _t([0.2, 0.7, 0.2])  # grass
    image[2:5, 1:4] = _t([0.9, 0.15, 0.1])  # red square
    image[1:3, 5:7] = _t([0.95, 0.9, 0.3])  # yellow sun
    image = (image + 0.04 * torch.randn(size, size, 3, generator=gen, dtype=DTYPE)).clamp(0.0, 1.0)  # (Hpx, Wpx, 3)
    X = (2.0 * image - 1.0).reshape(size * size, 3)  # (P, 3)
    Y, W = basic_attention(X)  # (P, 3), (P, P)
    index = pixel[0] * size + pixel[1]
    return RGBImageAttention(image, X, W, Y, tuple(pixel), index, W[index].reshape(size, size).clone())


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
    gen = _gen("score_functions")
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
# Topic 20: permutation equivariance, "Mary gave roses to Susan"
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarySusan:
    """Self-attention on "Mary gave roses to Susan" and "Susan gave roses to Mary", without and with positions.

    sentences:  two tuples of 5 tokens;  vocab: the 5 distinct tokens;  gave_index: 1 in both sentences
    embeddings: (V, E) = (5, 8) seeded token embeddings (rows in ``vocab`` order)
    X:          (2, L, E) = (2, 5, 8) the two sentences' embeddings
    pe:         (L, E) the sinusoidal positional encoding added to X
    W_plain, W_pos:  (2, L, L) attention weights without / with positions
    Y_plain, Y_pos:  (2, L, E) outputs without / with positions
    y_gave_plain, y_gave_pos: (2, E) y_gave in each sentence: identical without positions, different with
    gap_plain, gap_pos: floats, max |y_gave(sentence 1) - y_gave(sentence 2)| (≈ 1e-16 vs clearly > 0)
    """

    sentences: tuple
    vocab: tuple
    gave_index: int
    embeddings: torch.Tensor
    X: torch.Tensor
    pe: torch.Tensor
    W_plain: torch.Tensor
    W_pos: torch.Tensor
    Y_plain: torch.Tensor
    Y_pos: torch.Tensor
    y_gave_plain: torch.Tensor
    y_gave_pos: torch.Tensor
    gap_plain: float
    gap_pos: float


def mary_susan():
    """y_gave is the same for both word orders without positions and differs with them (topic 20)."""
    vocab = ("Mary", "gave", "roses", "to", "Susan")
    sentences = (("Mary", "gave", "roses", "to", "Susan"), ("Susan", "gave", "roses", "to", "Mary"))
    dim = 8
    gen = _gen("mary_susan")
    embeddings = torch.randn(len(vocab), dim, generator=gen, dtype=DTYPE) / math.sqrt(2.0)  # (V, E)
    ids = torch.tensor([[vocab.index(t) for t in s] for s in sentences])  # (2, L)
    X = embeddings[ids]  # (2, L, E)
    positional = PositionalEncoding(dim, max_len=len(vocab)).to(DTYPE)
    X_pos = positional(X)  # (2, L, E)  X + PE[:L]
    Y_plain, W_plain = basic_attention(X)  # (2, L, E), (2, L, L)
    Y_pos, W_pos = basic_attention(X_pos)  # (2, L, E), (2, L, L)
    g = sentences[0].index("gave")
    y_plain, y_pos = Y_plain[:, g], Y_pos[:, g]  # (2, E)
    pe = positional.pe[: len(vocab)].clone()  # (L, E)
    gap_plain = (y_plain[0] - y_plain[1]).abs().max().item()
    gap_pos = (y_pos[0] - y_pos[1]).abs().max().item()
    return MarySusan(
        sentences, vocab, g, embeddings, X, pe, W_plain, W_pos, Y_plain, Y_pos, y_plain, y_pos, gap_plain, gap_pos
    )


# ---------------------------------------------------------------------------------------------------------
# Topic 21: attention as a convolution
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvAsAttention:
    """A 1-D convolution written as multi-head attention: one head per kernel tap.

    x:             (L, C_in) = (7, 2) seeded input sequence
    kernel:        (C_out, C_in, K) = (3, 2, 3) seeded conv1d weight (no bias), padding (K - 1) / 2 = 1
    x_padded:      (L + K - 1, C_in) the keys/values: x with one zero token at each end
    weights:       (H = K, L, L + K - 1) one-hot attention: head k's query i looks at padded position i + k
                   (input position i + k - 1), enforced by a boolean attn_mask (True = may attend)
    heads:         (H, L, C_in) each head's output with W^V = I
    Z:             (L, H·C_in) heads concatenated
    W_O:           (H·C_in, C_out) the kernel rearranged: W_O[k·C_in + c, o] = kernel[o, c, k]
    attention_out: (L, C_out) Z @ W_O
    conv_out:      (L, C_out) ``F.conv1d`` of x with the kernel, for comparison (equal up to rounding)
    """

    x: torch.Tensor
    kernel: torch.Tensor
    x_padded: torch.Tensor
    weights: torch.Tensor
    heads: torch.Tensor
    Z: torch.Tensor
    W_O: torch.Tensor
    attention_out: torch.Tensor
    conv_out: torch.Tensor


def conv_as_attention(length=7, in_channels=2, out_channels=3, kernel_size=3):
    """Shift heads + W^V = I + W^O = kernel reproduce conv1d (topic 21); see :class:`ConvAsAttention`."""
    if kernel_size % 2 != 1:
        raise ValueError("kernel_size must be odd")
    gen = _gen("conv_as_attention")
    pad = (kernel_size - 1) // 2
    x = torch.randn(length, in_channels, generator=gen, dtype=DTYPE)  # (L, C_in)
    kernel = torch.randn(out_channels, in_channels, kernel_size, generator=gen, dtype=DTYPE)  # (C_out, C_in, K)
    x_padded = F.pad(x, (0, 0, pad, pad))  # (L + 2·pad, C_in)
    H, S = kernel_size, length + 2 * pad
    i = torch.arange(length)[:, None]  # (L, 1)
    j = torch.arange(S)[None, :]  # (1, S)
    mask = torch.stack([j == i + k for k in range(H)])  # (H, L, S) True = may attend: exactly one key per row
    W_V = torch.eye(in_channels, dtype=DTYPE)  # (C_in, C_in) identity value projection
    keys = x_padded.expand(H, S, in_channels)  # (H, S, C_in) any keys: the mask decides the pattern
    values = (x_padded @ W_V).expand(H, S, in_channels)  # (H, S, C_in)
    queries = x.expand(H, length, in_channels)  # (H, L, C_in)
    heads, weights = scaled_dot_product_attention(queries, keys, values, attn_mask=mask)  # (H, L, C_in), (H, L, S)
    Z = heads.transpose(0, 1).reshape(length, H * in_channels)  # (L, H·C_in)
    W_O = kernel.permute(2, 1, 0).reshape(H * in_channels, out_channels)  # (H·C_in, C_out)
    attention_out = Z @ W_O  # (L, C_out)
    conv_out = F.conv1d(x.T[None], kernel, padding=pad)[0].T  # (L, C_out)
    return ConvAsAttention(x, kernel, x_padded, weights, heads, Z, W_O, attention_out, conv_out)


# ---------------------------------------------------------------------------------------------------------
# Topic 22: greedy vs beam search
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GreedyVsBeam:
    """Greedy decoding and beam search (width 2) on the toy two-step distribution.

    tree:     prefix tuple -> {token: p}: p(A)=0.6, p(B)=0.4; p(·|A) = x .4, y .3, z .3; p(·|B) = x .9, y .05, z .05
    greedy:   :class:`SearchResult`: tokens ("A", "x"), prob 0.24, with every step's candidates and kept beams
    beam:     :class:`SearchResult`: tokens ("B", "x"), prob 0.36 (beam width 2)
    sequences: every complete sequence (Hypothesis tokens/prob), best first
    """

    tree: dict
    greedy: SearchResult
    beam: SearchResult
    sequences: tuple


def greedy_vs_beam(beam_width=2):
    """Greedy finds A→x (0.24), a beam of width 2 finds B→x (0.36) (topic 22); see :class:`GreedyVsBeam`."""
    tree = {k: dict(v) for k, v in TOY_TREE.items()}
    return GreedyVsBeam(tree, greedy_search(), beam_search(beam_width=beam_width), all_sequences())
