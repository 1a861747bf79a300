"""Transformer examples of the encoder-decoder page (topic 17): a whole model's shapes and attentions, decoding.

The rules of every example hold (see :mod:`attnlab.examples`); the models run in float32, as PyTorch's defaults.
"""

from dataclasses import dataclass

import torch

from attnlab.examples.corners import CORNER_SHORT, CORNERS
from attnlab.examples.encoder_decoder.translation import translation_heatmap
from attnlab.examples.seeds import SEEDS
from attnlab.examples.toy_models import corners_figure_set
from attnlab.masks import causal_mask
from attnlab.transformer import Transformer

# ---------------------------------------------------------------------------------------------------------
# Topic 17: a whole encoder-decoder, its three attentions and its shapes
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TinyTranslation:
    """One forward pass of a small seeded, untrained token ``Transformer`` (2 encoder + 2 decoder layers).

    The source "the European economic zone" is padded with one ``<pad>``; the decoder reads the target
    shifted right ("<start> la zone économique européenne") with ``tgt_is_causal=True``.

    source_tokens:  (S,) = 5 (the last is "<pad>");  target_tokens: (T,) = 5 decoder inputs
    output_tokens:  (V,) the output vocabulary (the target words and "<end>")
    src_ids, tgt_ids: (1, S), (1, T) int64
    src_key_padding_mask: (1, S) bool, True = padding (attnlab's convention)
    settings:       dict of the model's sizes (d_model, nhead, dim_feedforward, layers, vocabularies)
    stages:         tuple of (name, letters, shape): every tensor of the pass in order, from hooks on the
                    model's submodules, e.g. ("encoder layer 1", "(N, S, E)", (1, 5, 8)); the letters are
                    the site's (L the target length, "vocab" the output words), not nn.Transformer's T
    logits:         (1, T, V) the final linear layer's output;  probs: (1, T, V) its softmax
    encoder_self:   (layers, H, S, S)  the encoder's self-attention weights
    decoder_self:   (layers, H, T, T)  the decoder's masked self-attention weights
    cross:          (layers, H, T, S)  the decoder's cross-attention weights
    allowed:        dict name -> bool (., .) mask, True = may attend, built with attnlab.masks:
                    "encoder_self" (S, S) no pad key; "decoder_self" (T, T) causal; "cross" (T, S) no pad key
    """

    source_tokens: tuple
    target_tokens: tuple
    output_tokens: tuple
    src_ids: torch.Tensor
    tgt_ids: torch.Tensor
    src_key_padding_mask: torch.Tensor
    settings: dict
    stages: tuple
    logits: torch.Tensor
    probs: torch.Tensor
    encoder_self: torch.Tensor
    decoder_self: torch.Tensor
    cross: torch.Tensor
    allowed: dict


TINY_TRANSLATION_SETTINGS = dict(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=16)


def build_tiny_translation():
    """The seeded, untrained token ``Transformer`` of :func:`tiny_translation`, and its vocabularies."""
    heatmap = translation_heatmap()
    source_vocab = heatmap.source_tokens + ("<pad>",)
    target_vocab = ("<start>",) + heatmap.target_tokens
    output_vocab = heatmap.target_tokens + ("<end>",)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEEDS["transformer_tiny_translation"])
        model = Transformer(
            len(source_vocab), len(target_vocab), len(output_vocab), tokens=True, max_len=8,
            **TINY_TRANSLATION_SETTINGS,
        ).eval()
    return model, source_vocab, target_vocab, output_vocab


@torch.no_grad()
def tiny_translation():
    """Shapes and the three attention types of a real encoder-decoder (topic 17); see :class:`TinyTranslation`."""
    model, source_vocab, target_vocab, output_vocab = build_tiny_translation()
    source_tokens, target_tokens = source_vocab, target_vocab  # one sentence: every word once, in order
    src_ids = torch.arange(len(source_tokens))[None]  # (1, S)
    tgt_ids = torch.arange(len(target_tokens))[None]  # (1, T)
    padding = torch.tensor([[t == "<pad>" for t in source_tokens]])  # (1, S) True = padding

    # 1. record every stage's output shape, in the order the model computes it
    stages, hooks = [], []
    names = [(model.positional, "embedding + positions", "(N, L, E)")]
    names += [(layer, f"encoder layer {i + 1}", "(N, S, E)") for i, layer in enumerate(model.encoder_layers)]
    names += [(layer, f"decoder layer {i + 1}", "(N, L, E)") for i, layer in enumerate(model.decoder_layers)]
    names += [(model.final_linear, "final linear (logits)", "(N, L, vocab)")]
    for module, name, letters in names:
        hooks.append(module.register_forward_hook(
            lambda m, args, out, name=name, letters=letters: stages.append((name, letters, tuple(out.shape)))
        ))
    try:
        # 2. the pass: padded source, target shifted right under a causal mask
        logits = model(src_ids, tgt_ids, src_key_padding_mask=padding, memory_key_padding_mask=padding,
                       tgt_is_causal=True)  # (1, T, V)
    finally:
        for hook in hooks:
            hook.remove()
    probs = logits.softmax(dim=-1)  # (1, T, V)
    # the positional encoding runs once per side: name its two calls by the sequence they embed
    first, second = (i for i, stage in enumerate(stages) if stage[0] == "embedding + positions")
    stages[first] = ("source embedding + positions", "(N, S, E)", stages[first][2])
    stages[second] = ("target embedding + positions", "(N, L, E)", stages[second][2])
    stages = ([("source token ids", "(N, S)", tuple(src_ids.shape))] + stages[:second]
              + [("target token ids", "(N, L)", tuple(tgt_ids.shape))] + stages[second:]
              + [("softmax (probabilities)", "(N, L, vocab)", tuple(probs.shape))])

    # 3. the weights of every attention, and the masks that shaped them
    weights = model.attention_weights()  # name -> (layers, N, H, ., .)
    S, T = len(source_tokens), len(target_tokens)
    keep = ~padding[0]  # (S,) True = may attend
    allowed = {
        "encoder_self": keep.expand(S, S).clone(),  # (S, S)
        "decoder_self": causal_mask(T),  # (T, T)
        "cross": keep.expand(T, S).clone(),  # (T, S)
    }
    settings = dict(TINY_TRANSLATION_SETTINGS, source_vocab=len(source_vocab), target_vocab=len(target_vocab),
                    output_vocab=len(output_vocab))
    return TinyTranslation(
        source_tokens, target_tokens, output_vocab, src_ids, tgt_ids, padding, settings, tuple(stages),
        logits, probs, weights["encoder"][:, 0].clone(), weights["decoder_self"][:, 0].clone(),
        weights["decoder_cross"][:, 0].clone(), allowed,
    )


@dataclass(frozen=True)
class CornersDecoding:
    """Step-by-step inference of the trained corners transformer on one sequence: encode once, decode per step.

    The encoder runs once; at step t the decoder reads its inputs so far (the last source corner, then each
    corner it has produced), under a causal mask, with cross-attention over the same memory, and its last
    position's output is the next corner, appended to its inputs (as
    :func:`~attnlab.examples.toy_models.predict_corners`). Forward hooks count the passes of each half.

    src:             (S, 2) = (2, 2) the source corners;  source_labels: (S,) e.g. ("TR", "TL")
    target_labels:   (L,) the corners the task expects, e.g. ("BL", "BR")
    memory:          (S, E) = (2, 16) the encoder's output, computed once: keys and values of cross-attention
    encoder_self:    (layers, H, S, S) the encoder's self-attention weights (nothing masked)
    decoder_inputs:  (L, 2) what the decoder read at the last step: the last source corner, then output 1
    decoder_labels:  (L,) their names (the last source corner, then the nearest corner to output 1)
    outputs:         (L, 2) the corner produced at each step (the last position of that step's pass)
    output_labels:   (L,) the corner nearest to each output (attnlab.examples.corners.CORNERS)
    decoder_self:    tuple of L tensors, step t (1-based): (layers, H, t, t) masked self-attention weights
    cross:           tuple of L tensors, step t: (layers, H, t, S) cross-attention weights (queries from the
                     decoder, keys and values from ``memory``)
    encoder_passes:  how many times the first encoder layer ran (1);  decoder_passes: the first decoder layer (L)
    """

    src: torch.Tensor
    source_labels: tuple
    target_labels: tuple
    memory: torch.Tensor
    encoder_self: torch.Tensor
    decoder_inputs: torch.Tensor
    decoder_labels: tuple
    outputs: torch.Tensor
    output_labels: tuple
    decoder_self: tuple
    cross: tuple
    encoder_passes: int
    decoder_passes: int


@torch.no_grad()
def corners_decoding(model, example):
    """Encode once, decode step by step (topic 17); see :class:`CornersDecoding`.

    ``model`` is the trained corners transformer (``trained_corners_transformer()[0]``), ``example`` an index
    into :func:`~attnlab.examples.toy_models.corners_figure_set`.
    """
    src_all, tgt_all, meta = corners_figure_set()
    src = src_all[example][None]  # (1, S, 2)
    source_labels, target_labels = (tuple(x) for x in meta.labels(example))
    corners = torch.tensor(CORNERS, dtype=src.dtype)  # (4, 2)
    passes = {"encoder": 0, "decoder": 0}

    def count(name):
        def hook(module, args, output):
            passes[name] += 1
        return hook

    hooks = [model.encoder_layers[0].register_forward_hook(count("encoder")),
             model.decoder_layers[0].register_forward_hook(count("decoder"))]
    try:
        # 1. the encoder runs once: its output, the memory, is the keys and values of every cross-attention
        memory = model.encode(src)  # (1, S, E)
        encoder_self = model.attention_weights()["encoder"][:, 0].clone()  # (layers, H, S, S)
        # 2. each step: the decoder reads what it has so far; its last position is the next corner
        dec = src[:, -1:]  # (1, 1, 2) the decoder starts from the last source corner
        decoder_self, cross, outputs = [], [], []
        for _ in range(tgt_all.shape[1]):
            out = model.final_linear(model.decode(dec, memory, tgt_is_causal=True))  # (1, t, 2)
            weights = model.attention_weights()  # name -> (layers, 1, H, t, .)
            decoder_self.append(weights["decoder_self"][:, 0].clone())  # (layers, H, t, t)
            cross.append(weights["decoder_cross"][:, 0].clone())  # (layers, H, t, S)
            outputs.append(out[0, -1])  # (2,)
            dec = torch.cat([dec, out[:, -1:]], dim=1)  # (1, t + 1, 2)
    finally:
        for hook in hooks:
            hook.remove()
    outputs = torch.stack(outputs)  # (L, 2)
    output_labels = tuple(CORNER_SHORT[int(i)] for i in torch.cdist(outputs, corners).argmin(dim=-1))  # (L,)
    return CornersDecoding(
        src[0].clone(), source_labels, target_labels, memory[0].clone(), encoder_self, dec[0, :-1].clone(),
        (source_labels[-1],) + output_labels[:-1], outputs, output_labels, tuple(decoder_self), tuple(cross),
        passes["encoder"], passes["decoder"],
    )
