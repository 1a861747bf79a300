"""Transformer examples of the permutation and positional-encoding pages (topics 18, 20): why positions, dials.

The rules of every example hold (see :mod:`attnlab.examples`).
"""

import math
from dataclasses import dataclass

import torch

from attnlab.attention import basic_attention
from attnlab.examples.common import DTYPE, seeded_generator
from attnlab.positional import PositionalEncoding, angular_speeds, sinusoidal_table

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
    gen = seeded_generator("mary_susan")
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
# Topic 18: positional encoding as dials
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionalDials:
    """The sinusoidal encoding of d_model = 8 read as four dials, one per (sin, cos) pair of features.

    Dial i turns by ω_i radians per position; at position p its hand points at angle p·ω_i, and the hand's
    coordinates are the pair (PE[p, 2i], PE[p, 2i + 1]) = (sin p·ω_i, cos p·ω_i).

    d_model:    8
    speeds:     (d/2,) = (4,)  ω_i = angular_speeds(8) = (1, 0.1, 0.01, 0.001), fastest first
    positions:  (P,) int64      the positions shown: 0, 1, 2, 3, 4 step by step, then 100 and 1000
    steps:      number of leading ``positions`` reached one step at a time (the rest are jumps)
    angles:     (P, d/2)        p·ω_i, in radians (not reduced modulo 2π)
    table:      (P, d)          sinusoidal_table rows at ``positions``; table[1] is CONTENT.md's PE[1] =
                (0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0, 0.0010, 1.0)
    norms:      (P,)            ‖PE[p]‖ = √(d/2) = 2 at every position
    """

    d_model: int
    speeds: torch.Tensor
    positions: torch.Tensor
    steps: int
    angles: torch.Tensor
    table: torch.Tensor
    norms: torch.Tensor


def positional_dials(d_model=8, steps=5, jumps=(100, 1000)):
    """Four dials turning at the speeds of :func:`attnlab.positional.angular_speeds`; see :class:`PositionalDials`."""
    positions = torch.tensor(list(range(steps)) + list(jumps))  # (P,)
    speeds = angular_speeds(d_model)  # (d/2,)
    angles = positions[:, None].to(speeds.dtype) * speeds[None, :]  # (P, d/2)
    table = sinusoidal_table(int(positions.max()) + 1, d_model)[positions]  # (P, d)
    return PositionalDials(d_model, speeds, positions, steps, angles, table, table.norm(dim=-1))


# ---------------------------------------------------------------------------------------------------------
# Topic 18: distances between positional encodings
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionalDistances:
    """Distances between rows of the sinusoidal table.

    d_model, max_len: the table's size
    table:     (P, E) ``sinusoidal_table(max_len, d_model)``
    distance:  (P, P) ‖PE(p) − PE(q)‖: constant along every diagonal (depends on q − p only)
    offsets:   (K,) int64 offsets k
    by_offset: (K, P − max k) ‖PE(p) − PE(p + k)‖ for p = 0 .. P − max k − 1: flat in p
    norms:     (P,) ‖PE(p)‖ = √(d/2) at every p
    """

    d_model: int
    max_len: int
    table: torch.Tensor
    distance: torch.Tensor
    offsets: torch.Tensor
    by_offset: torch.Tensor
    norms: torch.Tensor


def positional_distances(max_len=48, d_model=16, offsets=(1, 2, 4, 8, 16)):
    """‖PE(p) − PE(p + k)‖ depends on k only; ‖PE(p)‖ = √(d/2) (topic 18); see :class:`PositionalDistances`."""
    table = sinusoidal_table(max_len, d_model)  # (P, E)
    distance = (table[:, None] - table[None]).norm(dim=-1)  # (P, P) exact (cdist may use a matmul shortcut)
    K = max(offsets)
    p = torch.arange(max_len - K)  # (P - K,)
    by_offset = torch.stack([(table[p + k] - table[p]).norm(dim=-1) for k in offsets])  # (K, P - K)
    return PositionalDistances(d_model, max_len, table, distance, torch.tensor(offsets), by_offset, table.norm(dim=-1))
