"""Transformer layers and a small encoder-decoder, built from :class:`~attnlab.multihead.MultiHeadAttention`.

Shapes: N batch, S source (encoder) positions, T target (decoder) positions, E = d_model features,
H heads. Batch first everywhere.

Every layer keeps the attention weights of its last forward call, detached, for figures:
``EncoderLayer.self_attn_weights`` (N, H, S, S); ``DecoderLayer.self_attn_weights`` (N, H, T, T) and
``DecoderLayer.cross_attn_weights`` (N, H, T, S). ``Transformer.attention_weights()`` stacks them over
the layers.

Masks (attnlab's convention, the same for every module): boolean ``*_mask`` (``src_mask``, ``tgt_mask``,
``memory_mask``), **True = may attend** (as ``F.scaled_dot_product_attention``; the OPPOSITE of
``nn.Transformer``'s boolean masks, see ``attnlab.convert.attn_mask_from_torch``), or float, added to
the scores; boolean ``*_key_padding_mask``, **True = padding, ignored** (as ``nn.Transformer``), or
float, added. ``is_causal`` / ``tgt_is_causal`` apply a causal mask (combined with any mask given).
"""

import torch
import torch.nn.functional as F
from torch import nn

from attnlab.attention import check_shape
from attnlab.multihead import MultiHeadAttention
from attnlab.positional import PositionalEncoding

ACTIVATIONS = {"relu": F.relu, "gelu": F.gelu}


class EncoderLayer(nn.Module):
    """Self-attention, then a position-wise feed-forward network, each with a residual and a LayerNorm.

    ``norm_first=False`` (post-norm, the original paper)::

        x = norm1(x + self_attention(x))
        x = norm2(x + feed_forward(x))

    ``norm_first=True`` (pre-norm)::

        x = x + self_attention(norm1(x))
        x = x + feed_forward(norm2(x))

    ``feed_forward(x) = linear2(activation(linear1(x)))``, applied to every position on its own.

    Same arguments (but ``dropout`` defaults to 0), submodule names and results as
    ``nn.TransformerEncoderLayer(..., batch_first=True)``: its ``state_dict`` loads as is.

    Shapes: src (N, S, E) -> (N, S, E). After each call ``self_attn_weights`` holds the (N, H, S, S)
    weights of every head (detached).

    Masks: ``src_mask`` (S, S) or (N·H, S, S), boolean **True = may attend** (as
    ``F.scaled_dot_product_attention``, the opposite of PyTorch's layers), or float, added;
    ``src_key_padding_mask`` (N, S), boolean **True = padding, ignored** (as PyTorch), or float, added;
    ``is_causal``: position i may attend to positions 0..i only.
    """

    def __init__(
        self,
        d_model,
        nhead,
        dim_feedforward=2048,
        dropout=0.0,
        activation="relu",
        layer_norm_eps=1e-5,
        norm_first=False,
        bias=True,
    ):
        super().__init__()
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {tuple(ACTIVATIONS)}; got {activation!r}")
        self.norm_first = norm_first
        self.activation = ACTIVATIONS[activation]
        self.self_attn = MultiHeadAttention(d_model, nhead, bias=bias, dropout=dropout)
        self.linear1 = nn.Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = nn.Dropout(dropout)  # inside the feed-forward network
        self.linear2 = nn.Linear(dim_feedforward, d_model, bias=bias)
        self.norm1 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.residual_dropout = nn.Dropout(dropout)  # on every sublayer's output, before the residual
        self.self_attn_weights = None

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        """src (N, S, E) -> (N, S, E). ``src_mask``: True = may attend; ``src_key_padding_mask``: True = pad."""
        x = src  # (N, S, E)
        # 1. self-attention sublayer
        x = self._sublayer(
            x, self.norm1, lambda y: self._sa_block(y, src_mask, src_key_padding_mask, is_causal)
        )  # (N, S, E)
        # 2. feed-forward sublayer
        x = self._sublayer(x, self.norm2, self._ff_block)  # (N, S, E)
        return x

    def _sublayer(self, x, norm, block):
        """One sublayer on x (N, T, E) with its residual connection and LayerNorm.

        ``x + block(norm(x))`` with ``norm_first`` (pre-norm), else ``norm(x + block(x))`` (post-norm).
        """
        if self.norm_first:
            return x + block(norm(x))  # (N, T, E)
        return norm(x + block(x))  # (N, T, E)

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        """Self-attention of x (N, T, E); keeps the (N, H, T, T) weights in ``self_attn_weights``."""
        x, weights = self.self_attn(
            x, x, x, key_padding_mask=key_padding_mask, attn_mask=attn_mask, is_causal=is_causal
        )  # (N, T, E), (N, H, T, T)
        self.self_attn_weights = weights.detach()
        return self.residual_dropout(x)  # (N, T, E)

    def _ff_block(self, x):
        """The position-wise feed-forward network on x (N, T, E)."""
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))  # (N, T, E)
        return self.residual_dropout(x)  # (N, T, E)


class DecoderLayer(EncoderLayer):
    """An encoder layer with cross-attention between its self-attention and its feed-forward network.

    The decoder's queries attend to the encoder's output ``memory`` (keys and values). With
    ``norm_first=False`` (post-norm, the original paper)::

        x = norm1(x + self_attention(x))           # masked: tgt_is_causal=True when training
        x = norm2(x + cross_attention(x, memory))
        x = norm3(x + feed_forward(x))

    and with ``norm_first=True`` each line is ``x = x + sublayer(norm(x))`` instead.

    Same arguments (but ``dropout`` defaults to 0), submodule names and results as
    ``nn.TransformerDecoderLayer(..., batch_first=True)``: its ``state_dict`` loads as is.

    Shapes: tgt (N, T, E), memory (N, S, E) -> (N, T, E). After each call ``self_attn_weights``
    holds the (N, H, T, T) and ``cross_attn_weights`` the (N, H, T, S) weights of every head (detached).

    Masks: ``tgt_mask`` (T, T) or (N·H, T, T) and ``memory_mask`` (T, S) or (N·H, T, S), boolean
    **True = may attend** (as ``F.scaled_dot_product_attention``, the opposite of PyTorch's layers), or
    float, added; ``tgt_key_padding_mask`` (N, T) and ``memory_key_padding_mask`` (N, S), boolean
    **True = padding, ignored** (as PyTorch), or float, added; ``tgt_is_causal`` / ``memory_is_causal``:
    query i may attend to keys 0..i only.
    """

    def __init__(
        self,
        d_model,
        nhead,
        dim_feedforward=2048,
        dropout=0.0,
        activation="relu",
        layer_norm_eps=1e-5,
        norm_first=False,
        bias=True,
    ):
        super().__init__(
            d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, norm_first, bias
        )
        self.multihead_attn = MultiHeadAttention(d_model, nhead, bias=bias, dropout=dropout)
        self.norm3 = nn.LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.cross_attn_weights = None

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=False,
        memory_is_causal=False,
    ):
        """tgt (N, T, E), memory (N, S, E) -> (N, T, E). Masks: True = may attend; padding: True = padding."""
        x = tgt  # (N, T, E)
        # 1. masked self-attention sublayer
        x = self._sublayer(
            x, self.norm1, lambda y: self._sa_block(y, tgt_mask, tgt_key_padding_mask, tgt_is_causal)
        )  # (N, T, E)
        # 2. cross-attention sublayer: queries from x, keys and values from memory
        x = self._sublayer(
            x,
            self.norm2,
            lambda y: self._mha_block(y, memory, memory_mask, memory_key_padding_mask, memory_is_causal),
        )  # (N, T, E)
        # 3. feed-forward sublayer
        x = self._sublayer(x, self.norm3, self._ff_block)  # (N, T, E)
        return x

    def _mha_block(self, x, memory, attn_mask, key_padding_mask, is_causal):
        """Cross-attention: queries from x (N, T, E), keys and values from memory (N, S, E)."""
        x, weights = self.multihead_attn(
            x, memory, memory, key_padding_mask=key_padding_mask, attn_mask=attn_mask, is_causal=is_causal
        )  # (N, T, E), (N, H, T, S)
        self.cross_attn_weights = weights.detach()
        return self.residual_dropout(x)  # (N, T, E)


class Transformer(nn.Module):
    """A small encoder-decoder Transformer: embed, add positions, encode, decode, final linear.

    Args:
        src_size: vocabulary size if ``tokens`` else features per source vector.
        tgt_size: vocabulary size if ``tokens`` else features per target vector.
        out_size: outputs per target position (vocabulary size for logits, or features to regress).
        d_model, nhead, dim_feedforward, dropout, activation, norm_first: as in :class:`EncoderLayer`.
        num_encoder_layers, num_decoder_layers: stack depths.
        tokens: inputs are token ids embedded by ``nn.Embedding`` (True) or vectors projected by
            ``nn.Linear`` (False, e.g. the points of the square-corners task).
        max_len: longest sequence.
        scale_input: multiply embeddings by sqrt(d_model) before adding positions (see
            :class:`~attnlab.positional.PositionalEncoding`).

    Shapes: src (N, S) ids or (N, S, src_size), tgt (N, T) ids or (N, T, tgt_size)
    -> (N, T, out_size) (logits: no softmax). ``encode`` and ``decode`` run the halves separately
    for step-by-step inference.

    Masks: ``src_mask``, ``tgt_mask``, ``memory_mask``: boolean **True = may attend** (as
    ``F.scaled_dot_product_attention``, the opposite of ``nn.Transformer``), or float, added;
    ``*_key_padding_mask``: boolean **True = padding, ignored** (as ``nn.Transformer``), or float, added;
    ``tgt_is_causal=True`` hides future target positions (use it when training with teacher forcing).

    Attention weights of the last call: :meth:`attention_weights`. With ``norm_first=True`` a final
    LayerNorm closes each stack (pre-norm leaves the last sublayer's output unnormalised).
    """

    def __init__(
        self,
        src_size,
        tgt_size,
        out_size,
        d_model=32,
        nhead=2,
        num_encoder_layers=1,
        num_decoder_layers=1,
        dim_feedforward=64,
        dropout=0.0,
        activation="relu",
        norm_first=False,
        tokens=False,
        max_len=512,
        scale_input=False,
    ):
        super().__init__()
        self.tokens = tokens
        self.src_size, self.tgt_size = src_size, tgt_size
        embed = nn.Embedding if tokens else nn.Linear
        self.src_embed = embed(src_size, d_model)
        self.tgt_embed = embed(tgt_size, d_model)
        self.positional = PositionalEncoding(d_model, max_len, scale_input=scale_input)
        self.dropout = nn.Dropout(dropout)  # on embeddings + positions
        layer = dict(
            d_model=d_model,
            nhead=nhead,
            dim_feedforward=dim_feedforward,
            dropout=dropout,
            activation=activation,
            norm_first=norm_first,
        )
        self.encoder_layers = nn.ModuleList(EncoderLayer(**layer) for _ in range(num_encoder_layers))
        self.decoder_layers = nn.ModuleList(DecoderLayer(**layer) for _ in range(num_decoder_layers))
        self.encoder_norm = nn.LayerNorm(d_model) if norm_first else nn.Identity()
        self.decoder_norm = nn.LayerNorm(d_model) if norm_first else nn.Identity()
        self.final_linear = nn.Linear(d_model, out_size)

    def forward(
        self,
        src,
        tgt,
        src_mask=None,
        tgt_mask=None,
        memory_mask=None,
        src_key_padding_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=False,
    ):
        """src (N, S[, src_size]), tgt (N, T[, tgt_size]) -> (N, T, out_size)."""
        # 1. encode the source once
        memory = self.encode(src, src_mask, src_key_padding_mask)  # (N, S, E)
        # 2. decode the target against it
        x = self.decode(
            tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_is_causal
        )  # (N, T, E)
        # 3. one output vector per target position
        return self.final_linear(x)  # (N, T, out_size)

    def encode(self, src, src_mask=None, src_key_padding_mask=None):
        """src (N, S) ids or (N, S, src_size) -> memory (N, S, E)."""
        x = self._embed(src, self.src_embed, self.src_size, "src")  # (N, S, E)
        for layer in self.encoder_layers:
            x = layer(x, src_mask, src_key_padding_mask)  # (N, S, E)
        return self.encoder_norm(x)  # (N, S, E)

    def decode(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=False,
    ):
        """tgt (N, T) ids or (N, T, tgt_size), memory (N, S, E) -> (N, T, E), before the final linear."""
        x = self._embed(tgt, self.tgt_embed, self.tgt_size, "tgt")  # (N, T, E)
        for layer in self.decoder_layers:
            x = layer(
                x,
                memory,
                tgt_mask,
                memory_mask,
                tgt_key_padding_mask,
                memory_key_padding_mask,
                tgt_is_causal,
            )  # (N, T, E)
        return self.decoder_norm(x)  # (N, T, E)

    def attention_weights(self):
        """The weights of the last call, stacked over layers (detached), by attention type:

        ``"encoder"`` (layers, N, H, S, S), ``"decoder_self"`` (layers, N, H, T, T),
        ``"decoder_cross"`` (layers, N, H, T, S). A stack not run yet is missing from the dict.
        """
        stacks = {
            "encoder": [layer.self_attn_weights for layer in self.encoder_layers],
            "decoder_self": [layer.self_attn_weights for layer in self.decoder_layers],
            "decoder_cross": [layer.cross_attn_weights for layer in self.decoder_layers],
        }
        return {
            name: torch.stack(weights)
            for name, weights in stacks.items()
            if weights and all(w is not None for w in weights)
        }

    def _embed(self, x, embed, size, name):
        """Token ids (N, L) or vectors (N, L, size) -> embeddings plus positions (N, L, E)."""
        if self.tokens:
            if x.dim() != 2 or x.is_floating_point():
                raise ValueError(f"{name} must be token ids of shape (N, L), an integer tensor; "
                                 f"got shape {tuple(x.shape)}, dtype {x.dtype}")
        else:
            check_shape(name, x, f"(N, L, {name}_size)", (None, None, size))
        return self.dropout(self.positional(embed(x)))  # (N, L, E)
