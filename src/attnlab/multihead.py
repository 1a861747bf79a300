"""Multi-head attention: H heads side by side, concatenated, mixed by W^O.

Two ways to give H heads their queries, keys and values:

* ``mode="narrow"`` (the Transformer's, and ``nn.MultiheadAttention``'s): the E-by-E projections are cut
  into H heads of D = E/H features each, so the parameter count is 4(E² + E) whatever H.
* ``mode="wide"``: every head gets full-size E-by-E projections (D = E); the H·E concatenation is projected
  back to E by W^O, so there are 3H(E² + E) + H·E² + E parameters, growing with H.

All heads run at once as one batched matrix product (no loop over heads or positions).
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from attnlab.attention import attention_scores, check_inputs
from attnlab.masks import check_mask, merge_masks

MODES = ("narrow", "wide")


@dataclass
class MultiHeadTrace:
    """Every intermediate tensor of one multi-head attention call (D = features per head).

    Attributes:
        q: (N, H, L, D) the queries of every head.
        k: (N, H, S, D) the keys of every head.
        v: (N, H, S, D) the values of every head.
        scores: (N, H, L, S) scaled dot products after masking (blocked keys are -inf).
        weights: (N, H, L, S) softmax of the scores; every row sums to 1.
        heads: (N, H, L, D) each head's output, its weights (after dropout when training) times its values.
        z: (N, L, H·D) the heads concatenated, before W^O.
        output: (N, L, E) ``z`` projected by W^O.
    """

    q: torch.Tensor
    k: torch.Tensor
    v: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    heads: torch.Tensor
    z: torch.Tensor
    output: torch.Tensor


class MultiHeadAttention(nn.Module):
    """Multi-head attention, batch first, written out by hand; equal to ``nn.MultiheadAttention``.

    Args:
        embed_dim: features E of query, key and value.
        num_heads: H.
        mode: ``"narrow"`` (heads of D = E/H features; E must be divisible by H) or ``"wide"``
            (every head has D = E features).
        bias: biases on the projections W^Q, W^K, W^V, W^O.
        dropout: dropout probability on the attention weights (training mode only).

    Parameters (named as in ``nn.MultiheadAttention``, so its ``state_dict`` loads as is in narrow mode):
        in_proj_weight: (3·H·D, E), W^Q, W^K and W^V stacked; rows ``h·D:(h+1)·D`` of each are head h.
        in_proj_bias: (3·H·D,) or None.
        out_proj: ``nn.Linear(H·D, E)``, W^O.

    Shapes:
        query (N, L, E), key (N, S, E), value (N, S, E) -> output (N, L, E),
        weights (N, H, L, S), or (N, L, S) averaged over heads.

    Masks (attnlab's convention, the same for every module):
        attn_mask: (L, S) or (N·H, L, S). Boolean: **True = may attend** (as
            ``F.scaled_dot_product_attention``; the OPPOSITE of ``nn.MultiheadAttention``'s boolean
            ``attn_mask``, see ``attnlab.convert.attn_mask_from_torch``). Float: added to the scores.
        key_padding_mask: (N, S). Boolean: **True = padding, ignored** (as ``nn.MultiheadAttention``).
            Float: added to the scores.
        is_causal: query l may attend to keys 0..l only; combined with ``attn_mask`` if both are given
            (in ``nn.MultiheadAttention`` it is only a hint about ``attn_mask``).
        A query whose keys are all masked raises ``ValueError`` (PyTorch returns NaN or zeros, silently).

    Figures: :meth:`trace` returns a :class:`MultiHeadTrace` with per-head q, k, v, the scores, the
    weights and the concatenation Z before W^O. :meth:`forward` is ``trace`` keeping only the output
    and the weights, so both always agree and neither does extra work.
    """

    def __init__(self, embed_dim, num_heads, mode="narrow", bias=True, dropout=0.0):
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}; got {mode!r}")
        if num_heads < 1:
            raise ValueError(f"num_heads must be at least 1; got {num_heads}")
        if mode == "narrow" and embed_dim % num_heads != 0:
            raise ValueError(
                f"embed_dim must be divisible by num_heads in narrow mode; got embed_dim={embed_dim}, "
                f"num_heads={num_heads} (use a divisor of {embed_dim}, or mode='wide')"
            )
        self.embed_dim, self.num_heads, self.mode, self.dropout = embed_dim, num_heads, mode, dropout
        self.head_dim = embed_dim // num_heads if mode == "narrow" else embed_dim  # D
        inner_dim = num_heads * self.head_dim  # H·D: E if narrow, H·E if wide
        self.in_proj_weight = nn.Parameter(torch.empty(3 * inner_dim, embed_dim))  # W^Q; W^K; W^V
        if bias:
            self.in_proj_bias = nn.Parameter(torch.empty(3 * inner_dim))  # b^Q; b^K; b^V
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = nn.Linear(inner_dim, embed_dim, bias=bias)  # W^O
        self._reset_parameters()

    def _reset_parameters(self):
        """Initialise as ``nn.MultiheadAttention`` does: Xavier-uniform projections, zero biases."""
        nn.init.xavier_uniform_(self.in_proj_weight)
        if self.in_proj_bias is not None:
            nn.init.zeros_(self.in_proj_bias)
            nn.init.zeros_(self.out_proj.bias)

    def forward(
        self,
        query,
        key,
        value,
        key_padding_mask=None,
        attn_mask=None,
        is_causal=False,
        need_weights=True,
        average_attn_weights=False,
    ):
        """query (N, L, E), key (N, S, E), value (N, S, E) -> ``(output, weights)``.

        Args:
            key_padding_mask: (N, S); boolean **True = padding, ignored**, or float, added to the scores.
            attn_mask: (L, S) or (N·H, L, S); boolean **True = may attend** (as
                ``F.scaled_dot_product_attention``), or float, added to the scores.
            is_causal: query l may attend to keys 0..l only (combined with ``attn_mask``).
            need_weights: return the weights (they are computed either way; attention is by hand).
            average_attn_weights: average the weights over the heads. Default False (PyTorch's is True).

        Returns:
            output (N, L, E) and weights (N, H, L, S), or (N, L, S) if averaged, or None.
        """
        trace = self.trace(query, key, value, key_padding_mask, attn_mask, is_causal)
        if not need_weights:
            return trace.output, None
        if average_attn_weights:
            return trace.output, trace.weights.mean(dim=1)  # (N, L, S)
        return trace.output, trace.weights  # (N, H, L, S)

    def trace(self, query, key, value, key_padding_mask=None, attn_mask=None, is_causal=False):
        """Run attention and return every intermediate tensor as a :class:`MultiHeadTrace`.

        Same arguments and mask conventions as :meth:`forward`: boolean ``attn_mask`` True = may attend;
        boolean ``key_padding_mask`` True = padding, ignored.
        """
        N, L, S = check_inputs(query, key, value, self.embed_dim, self.embed_dim, self.embed_dim)
        mask = self._merge_masks(attn_mask, key_padding_mask, N, L, S, query.dtype)  # (N, H, L, S) bcast
        # 1. project the inputs, and split every projection into H heads of D features
        q = self._project(query, 0)  # (N, H, L, D)
        k = self._project(key, 1)  # (N, H, S, D)
        v = self._project(value, 2)  # (N, H, S, D)
        # 2. scaled dot-product scores of all heads at once: MatMul, Scale, Mask
        scores = attention_scores(q, k, mask, is_causal)  # (N, H, L, S)
        # 3. softmax over the keys
        weights = scores.softmax(dim=-1)  # (N, H, L, S)
        # 4. each head's weighted sum of its values (dropout on the weights when training)
        heads = F.dropout(weights, self.dropout, self.training) @ v  # (N, H, L, D)
        # 5. concatenate the heads side by side
        z = heads.transpose(1, 2).reshape(N, L, self.num_heads * self.head_dim)  # (N, L, H·D)
        # 6. W^O mixes the heads back into E features
        output = self.out_proj(z)  # (N, L, E)
        return MultiHeadTrace(q, k, v, scores, weights, heads, z, output)

    def _project(self, x, i):
        """x (N, T, E) through W^Q (i=0), W^K (1) or W^V (2), split into heads: (N, H, T, D)."""
        N, T, _ = x.shape
        rows = slice(i * self.num_heads * self.head_dim, (i + 1) * self.num_heads * self.head_dim)
        bias = None if self.in_proj_bias is None else self.in_proj_bias[rows]  # (H·D,)
        x = F.linear(x, self.in_proj_weight[rows], bias)  # (N, T, H·D)
        return x.view(N, T, self.num_heads, self.head_dim).transpose(1, 2)  # (N, H, T, D)

    def _merge_masks(self, attn_mask, key_padding_mask, N, L, S, dtype):
        """Check both masks and merge them into one broadcastable to (N, H, L, S), True = may attend."""
        H = self.num_heads
        if attn_mask is not None:
            check_mask(attn_mask, "attn_mask", {"(L, S)": (L, S), "(N·H, L, S)": (N * H, L, S)}, dtype)
            if attn_mask.dim() == 3:
                attn_mask = attn_mask.view(N, H, L, S)  # (N, H, L, S)
        if key_padding_mask is not None:
            check_mask(key_padding_mask, "key_padding_mask", {"(N, S)": (N, S)}, dtype)
        return merge_masks(attn_mask, key_padding_mask, ndim=4)
