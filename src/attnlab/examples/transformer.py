"""Worked examples of the transformer section (topics 15-21) and of the perspectives page (topic 23).

Like :mod:`attnlab.examples.worked`: fixed, named inputs, seeds from :data:`attnlab.examples.seeds.SEEDS`,
every number computed by attnlab's own modules (``attnlab.attention``, ``attnlab.masks``,
``attnlab.positional``, ``attnlab.transformer``), returned as frozen dataclasses of tensors plus the labels a
figure needs, shapes on every field with PyTorch's letters (N batch, H heads, L / T queries or targets,
S keys or sources, E features). Every call returns fresh tensors. Seeded modules are initialised inside
``torch.random.fork_rng``, so the caller's global RNG is left alone.

The attention examples use float64 so that tests can compare them with PyTorch to 1e-12; the layers built
from ``nn.Module`` (``EncoderLayer``, ``Transformer``) run in float32, as PyTorch's defaults.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from attnlab.attention import attention_scores, scaled_dot_product_attention
from attnlab.examples.corners import CORNER_SHORT, CORNERS
from attnlab.examples.seeds import SEEDS
from attnlab.examples.toy_models import corners_figure_set
from attnlab.examples.worked import translation_heatmap
from attnlab.masks import causal_mask
from attnlab.positional import sinusoidal_table
from attnlab.transformer import EncoderLayer, Transformer

DTYPE = torch.float64


def _gen(name):
    return torch.Generator().manual_seed(SEEDS[name])


def _projections(gen, dim, count):
    """``count`` seeded (E, E) projection matrices, entries N(0, 1/E), used as ``X @ W``."""
    return [torch.randn(dim, dim, generator=gen, dtype=DTYPE) / math.sqrt(dim) for _ in range(count)]


# ---------------------------------------------------------------------------------------------------------
# Topic 16: the causal mask
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CausalExample:
    """Masked self-attention of five decoder tokens, with ``is_causal=True``.

    tokens:  (L,) = 5 decoder input tokens
    x:       (L, E) = (5, 4) seeded embeddings
    query, key, value: (L, E) x @ W^Q, x @ W^K, x @ W^V (seeded W)
    scores:  (L, L) q·k/√E with the strict upper triangle at -inf (attnlab.attention_scores)
    weights: (L, L) softmax of each row: exactly 0 above the diagonal, first row one-hot, rows sum to 1
    output:  (L, E) weights @ value
    """

    tokens: tuple
    x: torch.Tensor
    query: torch.Tensor
    key: torch.Tensor
    value: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    output: torch.Tensor


def causal_example(dim=4):
    """A causal mask at work (topic 16); see :class:`CausalExample`."""
    tokens = ("<start>", "the", "cat", "sat", "down")
    gen = _gen("transformer_causal")
    x = torch.randn(len(tokens), dim, generator=gen, dtype=DTYPE)  # (L, E)
    w_q, w_k, w_v = _projections(gen, dim, 3)  # (E, E) each
    q, k, v = x @ w_q, x @ w_k, x @ w_v  # (L, E) each
    scores = attention_scores(q, k, is_causal=True)  # (L, L)
    output, weights = scaled_dot_product_attention(q, k, v, is_causal=True)  # (L, E), (L, L)
    return CausalExample(tokens, x, q, k, v, scores, weights, output)


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


# ---------------------------------------------------------------------------------------------------------
# Topic 19: residual + LayerNorm, norm-last vs norm-first; the position-wise feed-forward network
# ---------------------------------------------------------------------------------------------------------

# The two orders of an encoder layer, as segments of the residual stream x:
#   ("branch", names): x = x + f(x), f the named steps in order (a sublayer with its residual connection);
#   ("main", name):    x = name(x), on the stream itself.
# Norm-last (the paper) normalises the stream after each residual addition; norm-first normalises only what
# enters each sublayer, so the stream itself is never normalised.
BLOCK_ORDERS = {
    "norm_last": (("branch", ("self-attention",)), ("main", "LayerNorm"),
                  ("branch", ("feed-forward",)), ("main", "LayerNorm")),
    "norm_first": (("branch", ("LayerNorm", "self-attention")), ("branch", ("LayerNorm", "feed-forward"))),
}


@dataclass(frozen=True)
class BlockOrder:
    """One seeded ``EncoderLayer`` run both ways: norm-last (``norm_first=False``, the paper) and norm-first.

    Both runs use the same weights; only the place of the LayerNorms differs.

    x:          (N, L, E) = (1, 4, 8) the input, deliberately large (RMS ≈ 3)
    segments:   dict order -> :data:`BLOCK_ORDERS` [order]
    stream:     dict order -> (1 + segments, N, L, E): the residual stream before the first segment and after
                each one, computed by :func:`run_block_order` from the layer's own submodules
    rms:        dict order -> (1 + segments,) mean over tokens of each token's RMS ‖x‖ / √E
    output:     dict order -> (N, L, E) the layer's own forward pass (equal to ``stream[order][-1]``)
    """

    x: torch.Tensor
    segments: dict
    stream: dict
    rms: dict
    output: dict


def build_block_layer():
    """The seeded ``EncoderLayer(d_model=8, nhead=2, dim_feedforward=16)`` of :func:`block_order` (post-norm)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEEDS["transformer_block_order"])
        return EncoderLayer(8, 2, dim_feedforward=16).eval()


def run_block_order(layer, x, segments):
    """Run ``segments`` (see :data:`BLOCK_ORDERS`) with ``layer``'s submodules; x (N, L, E) -> (1 + segments, N, L, E).

    The first "LayerNorm" met is ``layer.norm1``, the second ``layer.norm2``, as in the layer's forward pass.
    """
    norms = iter((layer.norm1, layer.norm2))
    steps = {
        "self-attention": lambda h: layer.self_attn(h, h, h)[0],  # (N, L, E)
        "feed-forward": lambda h: layer.linear2(layer.activation(layer.linear1(h))),  # (N, L, E)
    }

    def apply(name, h):
        return next(norms)(h) if name == "LayerNorm" else steps[name](h)  # (N, L, E)

    stream = [x]
    for kind, names in segments:
        h = stream[-1]  # (N, L, E)
        if kind == "branch":
            branch = h
            for name in names:
                branch = apply(name, branch)  # (N, L, E)
            h = h + branch  # (N, L, E) the residual connection
        else:
            h = apply(names, h)  # (N, L, E)
        stream.append(h)
    return torch.stack(stream)  # (1 + segments, N, L, E)


@torch.no_grad()
def block_order():
    """Norm-last vs norm-first on one layer (topic 19); see :class:`BlockOrder`."""
    layer = build_block_layer()
    gen = _gen("transformer_block_order")
    x = 3.0 * torch.randn(1, 4, 8, generator=gen)  # (N, L, E)
    stream = {order: run_block_order(layer, x, segments) for order, segments in BLOCK_ORDERS.items()}
    rms = {order: v.pow(2).mean(-1).sqrt().mean(dim=(1, 2)) for order, v in stream.items()}  # (1 + segments,)
    output = {}
    for order, flag in (("norm_last", False), ("norm_first", True)):
        layer.norm_first = flag
        output[order] = layer(x)  # (N, L, E)
    return BlockOrder(x, dict(BLOCK_ORDERS), stream, rms, output)


@dataclass(frozen=True)
class FeedForwardExample:
    """The position-wise feed-forward network of a seeded ``EncoderLayer(d_model=4, nhead=2, dim_feedforward=8)``.

    tokens:  (L,) row labels
    x:       (L, E) = (3, 4) the input rows (one decimal)
    w1:      (E, F) = (4, 8) linear1 as ``x @ w1 + b1``;  b1: (F,)
    hidden:  (L, F) relu(x @ w1 + b1): every row on its own, many entries exactly 0
    w2:      (F, E) = (8, 4) linear2 as ``hidden @ w2 + b2``;  b2: (E,)
    output:  (L, E) hidden @ w2 + b2
    row:     the row a figure highlights;  row_alone: (E,) the network applied to that row alone
    """

    tokens: tuple
    x: torch.Tensor
    w1: torch.Tensor
    b1: torch.Tensor
    hidden: torch.Tensor
    w2: torch.Tensor
    b2: torch.Tensor
    output: torch.Tensor
    row: int
    row_alone: torch.Tensor


def build_feed_forward_layer():
    """The seeded ``EncoderLayer`` whose feed-forward network :func:`feed_forward_example` shows."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEEDS["transformer_feed_forward"])
        return EncoderLayer(4, 2, dim_feedforward=8).eval()


@torch.no_grad()
def feed_forward_example(row=1):
    """The same small network on every position (topic 19); see :class:`FeedForwardExample`."""
    layer = build_feed_forward_layer()
    gen = _gen("transformer_feed_forward")
    x = torch.randn(3, 4, generator=gen).round(decimals=1)  # (L, E)
    w1, b1 = layer.linear1.weight.T.clone(), layer.linear1.bias.clone()  # (E, F), (F,)
    w2, b2 = layer.linear2.weight.T.clone(), layer.linear2.bias.clone()  # (F, E), (E,)
    hidden = F.relu(x @ w1 + b1)  # (L, F)
    output = hidden @ w2 + b2  # (L, E)
    row_alone = layer.linear2(layer.activation(layer.linear1(x[row])))  # (E,)
    return FeedForwardExample(("x1", "x2", "x3"), x, w1, b1, hidden, w2, b2, output, row, row_alone)


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


# ---------------------------------------------------------------------------------------------------------
# Topic 21: attention as a fully connected layer whose weights are computed from the input
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FullyConnectedVsAttention:
    """Mixing four tokens with fixed weights (a fully connected layer across positions) vs with attention.

    tokens:       (L,) row labels
    inputs:       (2, L, E) = (2, 4, 3) two seeded inputs X_a, X_b
    fc_weights:   (L, L) the fully connected layer's mixing matrix: parameters, the same for every input
    fc_outputs:   (2, L, E) fc_weights @ X for each input
    attn_weights: (2, L, L) softmax(X Xᵀ / √E) per input (attnlab's scaled_dot_product_attention): computed
                  from the input, so different for X_a and X_b; rows sum to 1
    attn_outputs: (2, L, E) attn_weights @ X
    """

    tokens: tuple
    inputs: torch.Tensor
    fc_weights: torch.Tensor
    fc_outputs: torch.Tensor
    attn_weights: torch.Tensor
    attn_outputs: torch.Tensor


def fully_connected_vs_attention(length=4, dim=3):
    """y_i = Σ_j a_ij x_j with learned a_ij (dense) or with a_ij = softmax_j(q_i·k_j) (attention); see the dataclass."""
    gen = _gen("transformer_fully_connected")
    inputs = torch.randn(2, length, dim, generator=gen, dtype=DTYPE)  # (2, L, E)
    fc_weights = torch.randn(length, length, generator=gen, dtype=DTYPE) / math.sqrt(length)  # (L, L)
    fc_outputs = fc_weights @ inputs  # (2, L, E)
    attn_outputs, attn_weights = scaled_dot_product_attention(inputs, inputs, inputs)  # (2, L, E), (2, L, L)
    tokens = tuple(f"x{i + 1}" for i in range(length))
    return FullyConnectedVsAttention(tokens, inputs, fc_weights, fc_outputs, attn_weights, attn_outputs)


# ---------------------------------------------------------------------------------------------------------
# Topic 23: path lengths; encoder-only vs decoder-only
# ---------------------------------------------------------------------------------------------------------

ARCHITECTURES = ("recurrent", "convolution", "dilated convolution", "self-attention")


def _offsets(architecture, step, n, kernel_size):
    """The position offsets one step of ``architecture`` connects (causal: output i reads inputs i - offset)."""
    if architecture == "self-attention":
        return range(n)  # every position reads every position, in one step
    if architecture == "recurrent":
        return (0,) if step == 0 else (1,)  # x_i -> h_i first, then h_{i-1} -> h_i, one time step each
    if architecture == "convolution":
        return range(kernel_size)  # kernel_size neighbours per layer
    if architecture == "dilated convolution":
        return range(0, kernel_size ** (step + 1), kernel_size ** step)  # dilation kernel_size ** step
    raise ValueError(f"architecture must be one of {ARCHITECTURES}; got {architecture!r}")


def path_length(architecture, n, kernel_size=3):
    """Sequential steps a signal needs from the first input to the last output of a sequence of ``n``.

    Computed, not looked up: start from input position 0, apply the architecture's connections one step
    (one layer, or one time step of a recurrence) at a time, and count the steps until position n − 1 is
    reached. This pair (first, last) is the farthest apart, so the result is the maximum path length.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1; got {n}")
    reached = torch.zeros(n, dtype=torch.bool)  # (n,) positions the first input has influenced
    reached[0] = True
    steps = 0
    while not reached[-1] or steps == 0:
        shifted = torch.zeros(n, dtype=torch.bool)  # (n,)
        for offset in _offsets(architecture, steps, n, kernel_size):
            if offset < n:  # a dilated kernel may reach beyond the sequence
                shifted[offset:] |= reached[: n - offset]  # output i reads position i - offset
        reached, steps = shifted, steps + 1
    return steps


@dataclass(frozen=True)
class PathLengths:
    """Maximum path length between positions, for sequences of length n.

    lengths:      (M,) int64 the sequence lengths n
    kernel_size:  k of the convolutions
    architectures: names, in :data:`ARCHITECTURES` order
    steps:        (A, M) int64 :func:`path_length` of each architecture at each n: recurrent n (O(n)),
                  convolution ⌈(n − 1)/(k − 1)⌉ (O(n/k)), dilated ⌈log_k n⌉ (O(log_k n)), attention 1 (O(1))
    """

    lengths: torch.Tensor
    kernel_size: int
    architectures: tuple
    steps: torch.Tensor


def path_lengths(lengths=(2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512), kernel_size=3):
    """Path lengths of RNNs, convolutions, dilated convolutions and self-attention (topic 23)."""
    steps = torch.tensor([[path_length(a, n, kernel_size) for n in lengths] for a in ARCHITECTURES])  # (A, M)
    return PathLengths(torch.tensor(lengths), kernel_size, ARCHITECTURES, steps)


@dataclass(frozen=True)
class BidirectionalVsCausal:
    """One seeded self-attention run twice: bidirectional (an encoder, BERT) and causal (a decoder, GPT).

    tokens:          (L,) = 6 tokens; equal tokens share an embedding
    x:               (L, E) = (6, 8) embeddings
    query, key, value: (L, E) x @ W^Q, x @ W^K, x @ W^V (seeded W)
    allowed:         dict "bidirectional" / "causal" -> (L, L) bool, True = may attend
    weights:         dict -> (L, L) attnlab's scaled_dot_product_attention with attn_mask=allowed[name]
    """

    tokens: tuple
    x: torch.Tensor
    query: torch.Tensor
    key: torch.Tensor
    value: torch.Tensor
    allowed: dict
    weights: dict


def bidirectional_vs_causal(dim=8):
    """Encoder-only vs decoder-only attention on one sentence (topic 23); see :class:`BidirectionalVsCausal`."""
    tokens = ("the", "cat", "sat", "on", "the", "mat")
    vocab = tuple(dict.fromkeys(tokens))
    gen = _gen("transformer_bidirectional")
    embeddings = torch.randn(len(vocab), dim, generator=gen, dtype=DTYPE)  # (V, E)
    x = embeddings[torch.tensor([vocab.index(t) for t in tokens])]  # (L, E)
    w_q, w_k, w_v = _projections(gen, dim, 3)  # (E, E) each
    q, k, v = x @ w_q, x @ w_k, x @ w_v  # (L, E) each
    L = len(tokens)
    allowed = {"bidirectional": torch.ones(L, L, dtype=torch.bool), "causal": causal_mask(L)}  # (L, L) each
    weights = {name: scaled_dot_product_attention(q, k, v, attn_mask=mask)[1] for name, mask in allowed.items()}
    return BidirectionalVsCausal(tokens, x, q, k, v, allowed, weights)
