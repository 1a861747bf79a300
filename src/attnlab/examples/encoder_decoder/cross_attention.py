"""Encoder-decoder examples of the cross-attention page (topic 12): padding masks, what one head learned.

The rules of every example hold (see :mod:`attnlab.examples`).
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from attnlab.attention import attention_scores, scaled_dot_product_attention
from attnlab.examples.common import DTYPE, seeded_generator
from attnlab.examples.corners import CORNER_SHORT, DIRECTIONS, corners_dataset
from attnlab.examples.seeds import SEEDS
from attnlab.examples.toy_models import decoder_inputs

PAD = "<pad>"


# ---------------------------------------------------------------------------------------------------------
# Topic 12: padding masks
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaddedCrossAttention:
    """Cross-attention over a padded batch of two source sentences.

    vocab:            (V,) token strings; ``vocab[pad_id] == "<pad>"``
    pad_id:           index of ``<pad>`` in ``vocab``
    src_tokens:       (N, S) = (2, 4) strings: "the zone <pad> <pad>" and "the European economic zone"
    src_ids:          (N, S) int64 token ids (the pad id where a sentence is shorter than S)
    tgt_tokens:       (N, L) = (2, 3) the decoder's first three inputs "<start> la zone" (both translations,
                      "la zone" and "la zone économique européenne", begin that way)
    key_padding_mask: (N, S) bool, **True = padding, ignored** (as ``nn.MultiheadAttention``)
    embeddings:       (V, E) = (V, 4) seeded token embeddings; the ``<pad>`` row is zero, as
                      ``nn.Embedding(padding_idx=pad_id)`` makes it: a real, finite vector, never -inf
    memory:           (N, S, E) the encoder side: each source token's embedding (keys = values)
    queries:          (N, L, E) the decoder side: each decoder input's embedding
    scores_unmasked:  (N, L, S) q·k/√E with no mask: the pad columns get ordinary finite scores
    scores:           (N, L, S) the same with the pad columns set to -inf by the mask
    weights:          (N, L, S) softmax of ``scores``: exactly 0 on pad columns, rows sum to 1
    weights_unmasked: (N, L, S) softmax of ``scores_unmasked``: pads take weight they should not
    context:          (N, L, E) ``weights @ memory``
    """

    vocab: tuple
    pad_id: int
    src_tokens: tuple
    src_ids: torch.Tensor
    tgt_tokens: tuple
    key_padding_mask: torch.Tensor
    embeddings: torch.Tensor
    memory: torch.Tensor
    queries: torch.Tensor
    scores_unmasked: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    weights_unmasked: torch.Tensor
    context: torch.Tensor


def padded_cross_attention(dim=4):
    """A padded batch and the padding mask at work (topic 12); see :class:`PaddedCrossAttention`."""
    vocab = (PAD, "the", "European", "economic", "zone", "<start>", "la")
    pad_id = vocab.index(PAD)
    sentences = (("the", "zone"), ("the", "European", "economic", "zone"))
    S = max(len(s) for s in sentences)
    src_tokens = tuple(tuple(s) + (PAD,) * (S - len(s)) for s in sentences)  # pad at the end (post-padding)
    tgt_tokens = (("<start>", "la", "zone"),) * len(sentences)
    src_ids = torch.tensor([[vocab.index(t) for t in s] for s in src_tokens])  # (N, S)
    tgt_ids = torch.tensor([[vocab.index(t) for t in s] for s in tgt_tokens])  # (N, L)
    generator = seeded_generator("padded_cross_attention")
    embeddings = torch.randn(len(vocab), dim, generator=generator, dtype=DTYPE)  # (V, E)
    embeddings[pad_id] = 0.0  # nn.Embedding(padding_idx=pad_id) keeps this row at zero
    memory = F.embedding(src_ids, embeddings)  # (N, S, E)
    queries = F.embedding(tgt_ids, embeddings)  # (N, L, E)
    key_padding_mask = src_ids == pad_id  # (N, S) True = padding
    may_attend = ~key_padding_mask[:, None, :]  # (N, 1, S) True = may attend, broadcast over the queries
    scores_unmasked = attention_scores(queries, memory)  # (N, L, S)
    scores = attention_scores(queries, memory, attn_mask=may_attend)  # (N, L, S) -inf on pad columns
    context, weights = scaled_dot_product_attention(queries, memory, memory,
                                                    attn_mask=may_attend)  # (N, L, E), (N, L, S)
    _, weights_unmasked = scaled_dot_product_attention(queries, memory, memory)  # (N, L, S)
    return PaddedCrossAttention(
        vocab, pad_id, src_tokens, src_ids, tgt_tokens, key_padding_mask, embeddings, memory, queries,
        scores_unmasked, scores, weights, weights_unmasked, context,
    )


# ---------------------------------------------------------------------------------------------------------
# Topic 12: what the single-head model's cross-attention learned, over many sequences
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrossAttentionSummary:
    """Cross-attention weights of a corners model over a held-out set, grouped by how the walk goes.

    groups:    (G,) = (8,) (starting corner, direction) names, e.g. ("BL", "clockwise"), in CORNERS order
    counts:    (G,) sequences in each group
    weights:   (N, L, S) every sequence's cross-attention weights (one head; rows sum to 1)
    group:     (N,) int64, the group of each sequence
    step_error:(N, L) squared error of each predicted corner, averaged over x and y (teacher-forced pass)
    """

    groups: tuple
    counts: tuple
    weights: torch.Tensor
    group: torch.Tensor
    step_error: torch.Tensor

    def select(self, name):
        """The rows of ``weights`` (and ``step_error``) in group ``name``: (n, L, S), (n, L)."""
        mask = self.group == self.groups.index(name)
        return self.weights[mask], self.step_error[mask]


@torch.no_grad()
def cross_attention_summary(model, n=512, seed=SEEDS["corners_valid"]):
    """Where ``model``'s (single) cross-attention head looks, on ``n`` held-out sequences; see
    :class:`CrossAttentionSummary`. The default set is the validation set the model was never trained on."""
    src, tgt, meta = corners_dataset(n, seed=seed)  # (N, S, 2), (N, L, 2)
    prediction = model(src, decoder_inputs(src, tgt), tgt_is_causal=True)  # (N, L, 2)
    cross = model.attention_weights()["decoder_cross"][-1]  # (N, H, L, S) the last (only) decoder layer
    if cross.shape[1] != 1:
        raise ValueError(f"cross_attention_summary is for a single-head model, got {cross.shape[1]} heads")
    groups = tuple((CORNER_SHORT[c], DIRECTIONS[d]) for c in range(len(CORNER_SHORT)) for d in (-1, 1))
    group = meta.start * 2 + (meta.direction + 1) // 2  # (N,) index into groups
    counts = tuple(int((group == g).sum()) for g in range(len(groups)))
    step_error = ((prediction - tgt) ** 2).mean(-1)  # (N, L)
    return CrossAttentionSummary(groups, counts, cross[:, 0].clone(), group, step_error)
