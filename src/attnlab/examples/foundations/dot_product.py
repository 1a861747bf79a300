"""Foundations examples of the dot-product page (topic 3): its geometry, users and movies, proximity vs meaning.

The rules of every example hold (see :mod:`attnlab.examples`).
"""

from dataclasses import dataclass

import torch

from attnlab.attention import attention_scores, basic_attention
from attnlab.examples.common import DTYPE, attend, seeded_generator, to_tensor

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
    query = to_tensor([1.5, 0.0])  # (E,)
    angles = to_tensor([0.0, 45.0, 90.0, 135.0, 180.0])  # (S,)
    lengths = to_tensor([0.8, 2.0, 1.5, 1.2, 0.8])  # (S,)
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
    """The geometry example's k1 turned through 90° and 180°, back to 45°, stretched into k2.

    See :class:`DotProductSweep`.
    """
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
    users = to_tensor(
        [  # action romance comedy
            [0.9, -0.6, 0.2],  # Ada: action fan
            [-0.8, 0.7, 0.3],  # Ben: dislikes action, likes romance
            [-0.2, -0.3, 0.9],  # Cleo: comedy
        ]
    )  # (U, 3)
    movies = to_tensor(
        [
            [0.95, -0.5, -0.1],  # "Night Heist"
            [-0.7, 0.9, 0.2],  # "Letters in May"
            [-0.3, 0.1, 0.85],  # "The Wrong Hat"
        ]
    )  # (M, 3)
    scores = attention_scores(users, movies, scale=1.0)  # (U, M)
    ideal, weights = attend(users, movies, movies, scale=1.0)  # (U, 3), (U, M)
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
    gen = seeded_generator("tommy_sentence")
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
