"""Worked examples of the encoder-decoder section (topics 9-13): padding, soft/hard, local attention, bottleneck.

Like :mod:`attnlab.examples.worked`, every function takes its seed from :data:`attnlab.examples.seeds.SEEDS`,
computes with attnlab's own attention, returns a frozen dataclass of fresh tensors (shapes on every field,
PyTorch's letters: N batch, L queries / target steps, S keys / source steps, E features, H heads) and the
labels a figure needs. Figures of this section draw what these functions return and nothing else.

* :func:`padded_cross_attention`: a batch of two source sentences of different lengths, padded with a
  ``<pad>`` token; the decoder's queries attend over them with a ``key_padding_mask``.
* :func:`soft_vs_hard`: soft attention (softmax weights) and hard attention (a one-hot on the best key).
* :func:`local_attention`: global attention over every source position vs local attention in a window.
* :func:`corners_model`: the section's corners model, trained with one attention head
  (:data:`CORNERS_SETTINGS`): this section comes before multi-head attention, so it shows no heads.
* :func:`corners_bottleneck`: that model's encoder states, the single vector a classic seq2seq decoder would
  get instead, and the per-step context vectors its cross-attention builds.
* :func:`cross_attention_summary`: where its cross-attention looks, over 512 held-out sequences, by the
  walk's starting corner and direction.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from attnlab.attention import attention_scores, scaled_dot_product_attention
from attnlab.examples.corners import CORNER_SHORT, DIRECTIONS, corners_dataset
from attnlab.examples.seeds import SEEDS
from attnlab.examples.toy_models import CornersSettings, corners_figure_set, decoder_inputs, trained_corners_transformer
from attnlab.examples.worked import query_over_three_keys

DTYPE = torch.float64
PAD = "<pad>"
# The corners model of this section: the toy_models defaults (1 + 1 layers, d_model 16) with a single head.
CORNERS_SETTINGS = CornersSettings(nhead=1)
CORNERS_EXAMPLE = 1  # the sequence of corners_figure_set() that this section's corners figures follow (BL, BR)
# The transformer section's two-head figures follow sequence 2 (TR, TL); cross_attention_learned shows it too,
# as the sequence where the single-head model's step 2 does not look at source corner 2.
FIGURE_EXAMPLE = 2


def _gen(name):
    return torch.Generator().manual_seed(SEEDS[name])


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
    embeddings = torch.randn(len(vocab), dim, generator=_gen("padded_cross_attention"), dtype=DTYPE)  # (V, E)
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
    gen = _gen("local_attention")
    query = torch.randn(dim, generator=gen, dtype=DTYPE)  # (E,)
    keys = torch.randn(length, dim, generator=gen, dtype=DTYPE)  # (S, E)
    window = (torch.arange(length) - position).abs() <= half_width  # (S,) True = may attend
    scores = attention_scores(query[None], keys)[0]  # (S,)
    _, global_weights = scaled_dot_product_attention(query[None], keys, keys)  # (1, S)
    _, local_weights = scaled_dot_product_attention(query[None], keys, keys, attn_mask=window[None])  # (1, S)
    return LocalAttention(query, keys, position, half_width, window, scores, global_weights[0], local_weights[0])


# ---------------------------------------------------------------------------------------------------------
# Topic 11: the fixed-context bottleneck, on the trained corners transformer
# ---------------------------------------------------------------------------------------------------------


def corners_model():
    """The section's corners model, ``(model, history)``: ``trained_corners_transformer(CORNERS_SETTINGS)``."""
    return trained_corners_transformer(CORNERS_SETTINGS)


@dataclass(frozen=True)
class CornersBottleneck:
    """What the decoder of the trained corners transformer receives from the encoder, for one sequence.

    src:            (S, 2) the two source corners;  tgt: (L, 2) the two target corners
    source_labels:  (S,) corner names, e.g. ("TR", "TL");  target_labels: (L,)
    memory:         (S, E) = (2, 16) the encoder's output states h_1 .. h_S (the memory M)
    fixed_context:  (E,) h_S, the encoder's last state: all that a classic seq2seq decoder gets, the same at
                    every step, whatever the source length
    decoder_states: (L, E) the decoder's states that query the encoder (the cross-attention's query input X)
    weights:        (H, L, S) cross-attention weights a_ts (rows sum to 1); H = 1 for :func:`corners_model`
    contexts:       (L, H·D) = (2, 16) each decoder step's context c_t = Σ_s a_ts v_s, the values v_s being
                    the projected encoder states (per head, concatenated, before the output projection)
    """

    src: torch.Tensor
    tgt: torch.Tensor
    source_labels: tuple
    target_labels: tuple
    memory: torch.Tensor
    fixed_context: torch.Tensor
    decoder_states: torch.Tensor
    weights: torch.Tensor
    contexts: torch.Tensor


@torch.no_grad()
def corners_bottleneck(model, example=CORNERS_EXAMPLE):
    """The encoder states, the one-vector bottleneck and the per-step contexts (topic 11).

    ``model`` is a trained corners transformer (this section's: ``corners_model()[0]``), ``example`` an index
    into :func:`~attnlab.examples.toy_models.corners_figure_set`. The teacher-forced pass is run once; a hook
    records what the last decoder layer's cross-attention was called with, and its ``trace`` gives the
    weights and the concatenated head outputs. See :class:`CornersBottleneck`.
    """
    src_all, tgt_all, meta = corners_figure_set()
    src, tgt = src_all[example][None], tgt_all[example][None]  # (1, S, 2), (1, L, 2)
    cross = model.decoder_layers[-1].multihead_attn
    calls = []
    handle = cross.register_forward_pre_hook(lambda module, args, kwargs: calls.append((args, kwargs)),
                                             with_kwargs=True)
    try:
        model(src, decoder_inputs(src, tgt), tgt_is_causal=True)
    finally:
        handle.remove()
    (query, key, value), kwargs = calls[-1]  # (1, L, E), (1, S, E), (1, S, E)
    trace = cross.trace(query, key, value, **kwargs)
    memory = key[0]  # (S, E) the encoder's output: keys and values of cross-attention
    source_labels, target_labels = (tuple(x) for x in meta.labels(example))
    return CornersBottleneck(
        src[0].clone(), tgt[0].clone(), source_labels, target_labels, memory.clone(), memory[-1].clone(),
        query[0].clone(), trace.weights[0].clone(), trace.z[0].clone(),
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
