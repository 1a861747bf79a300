"""Encoder-decoder examples of the alignment and translation pages (topic 13): "the zone", a reordering heatmap.

The rules of every example hold (see :mod:`attnlab.examples`); the inputs here are hand-set.
"""

import math
from dataclasses import dataclass

import torch

from attnlab.attention import attention_scores
from attnlab.examples.common import DTYPE, attend, to_tensor

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
    k_the = to_tensor([0.9, 0.3])
    k_zone = to_tensor([-0.3, 0.4])
    direction = to_tensor([0.8, 0.6])  # orthogonal to k_zone
    query = direction * (math.sqrt(2.0) * math.log(4.0) / float(direction @ k_the))  # (E,)
    keys = torch.stack([k_the, k_zone])  # (S, E)
    scores = attention_scores(query[None], keys)[0]  # (S,)  q·k/√2
    context, weights = attend(query[None], keys, keys)  # (1, E), (1, S)
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
    scores = to_tensor(
        [  # the   European economic zone
            [3.2, 0.1, 0.0, 1.3],  # la          -> the (and a little "zone": gender agreement)
            [0.6, 0.2, 0.4, 3.6],  # zone        -> zone
            [0.0, 1.1, 3.4, 0.6],  # économique  -> economic
            [0.2, 3.3, 1.2, 0.4],  # européenne  -> European
        ]
    )  # (L, S)
    eye = torch.eye(len(source), dtype=DTYPE)  # (S, S) one-hot keys: q·k_s = scores[:, s]
    _, weights = attend(scores, eye, eye, scale=1.0)  # (L, S)
    return TranslationHeatmap(source, target, scores, weights)
