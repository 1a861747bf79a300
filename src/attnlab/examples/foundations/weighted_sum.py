"""Foundations examples of the notation, weighted-sum and soft-dictionary pages (topics 2 and 9).

The rules of every example hold (see :mod:`attnlab.examples`); the inputs here are hand-set.
"""

from dataclasses import dataclass

import torch

from attnlab.attention import attention_scores, basic_attention
from attnlab.examples.common import attend, to_tensor

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
    query = to_tensor([0.55, 0.95])  # (E,)
    keys = to_tensor([[0.65, 0.2], [0.85, -0.4], [-0.95, -0.75]])  # (S, E)
    values = keys.clone()  # (S, E)
    scores = attention_scores(query[None], keys, scale=1.0)[0]  # (S,)  step 1: dot products
    context, weights = attend(query[None], keys, values, scale=1.0)  # (1, E), (1, S)  steps 2-3
    return QueryOverKeys(query, keys, values, scores, weights[0], context[0], ("k1", "k2", "k3"))


# ---------------------------------------------------------------------------------------------------------
# Topic 2: the weighted sum, parameter-free self-attention
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


def basic_self_attention():
    """Y = softmax(X Xᵀ) X on four hand-set 3-feature inputs; see :class:`BasicAttentionExample`.

    x1 and x2 point roughly the same way, x3 and x4 elsewhere, and the norms differ, so the weights are
    neither uniform nor one-hot.
    """
    X = to_tensor(
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

    The contrast to :func:`diagonal_counterexample`: by Cauchy-Schwarz
    x_i·x_j ≤ ‖x_i‖‖x_j‖ = ‖x_i‖² when the norms are equal, so x_i·x_i is the largest score of row i.
    Row 0 of A = softmax(1, 0.6) = (0.5987, 0.4013).
    """
    X = to_tensor([[1.0, 0.0], [0.6, 0.8]])  # (L, E)
    return BasicAttentionExample.from_inputs(X, ("x1", "x2"))


def diagonal_counterexample():
    """X = [[1, 0], [3, 0]]: the diagonal of A is not the largest; row 0 of A = (0.1192, 0.8808)."""
    X = to_tensor([[1.0, 0.0], [3.0, 0.0]])  # (L, E)
    return BasicAttentionExample.from_inputs(X, ("x1", "x2"))
