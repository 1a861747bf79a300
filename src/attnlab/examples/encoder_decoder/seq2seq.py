"""Encoder-decoder examples of the seq2seq page (topic 11): the section's corners model and its bottleneck.

The rules of every example hold (see :mod:`attnlab.examples`). This section comes before multi-head attention,
so its corners model is trained with one attention head (:data:`CORNERS_SETTINGS`) and shows no heads.
"""

from dataclasses import dataclass

import torch

from attnlab.examples.toy_models import CornersSettings, corners_figure_set, decoder_inputs, trained_corners_transformer

# The corners model of this section: the toy_models defaults (1 + 1 layers, d_model 16) with a single head.
CORNERS_SETTINGS = CornersSettings(nhead=1)
CORNERS_EXAMPLE = 1  # the sequence of corners_figure_set() that this section's corners figures follow (BL, BR)
# The transformer section's two-head figures follow sequence 2 (TR, TL); cross_attention_learned shows it too,
# as the sequence where the single-head model's step 2 does not look at source corner 2.
FIGURE_EXAMPLE = 2


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
