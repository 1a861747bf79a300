"""Attention, written out by hand: the basic equation, scaled dot-product attention, one learnable head.

Shapes use PyTorch's letters: N batch, L query positions, S key positions, E features
(Ev value features, D features per head). Every function returns its attention weights.

Mask conventions (the same everywhere in attnlab, see :mod:`attnlab.masks`):

* boolean ``attn_mask``: True = may attend (as ``F.scaled_dot_product_attention``); a float one is added;
* boolean ``key_padding_mask``: True = padding, ignored (as ``nn.MultiheadAttention``).

Blocked scores are ``-inf``; a query whose keys are all blocked raises ``ValueError`` (no NaN).

Raw scores for figures: :func:`attention_scores` is steps 1-3 of :func:`scaled_dot_product_attention`
(MatMul, Scale, Mask) and returns the scores the softmax will see; ``Attention.scores`` does the same
for the learnable head's score functions.
"""

import math

import torch
from torch import nn

from attnlab.masks import check_mask, mask_scores, merge_masks

SCORES = ("dot", "scaled_dot", "general", "additive")


def basic_attention(X):
    """Parameter-free self-attention: ``Y = A X`` with ``A = softmax(X Xᵀ)`` row by row.

    Each output ``y_i = Σ_j a_ij x_j`` is a weighted sum of all the inputs, weighted by how well
    ``x_i`` matches each ``x_j`` (their dot product). No masks, no scaling, no parameters.

    Args:
        X: (..., L, E) a set of L vectors.

    Returns:
        ``(Y, A)``: Y (..., L, E) and the weights A (..., L, L), every row summing to 1.
    """
    # 1. raw weights: the dot product of every input with every input
    scores = X @ X.transpose(-2, -1)  # (..., L, L)
    # 2. normalise each row into a distribution
    A = scores.softmax(dim=-1)  # (..., L, L)
    # 3. every output is a weighted sum of all inputs
    Y = A @ X  # (..., L, E)
    return Y, A


def attention_scores(query, key, attn_mask=None, is_causal=False, scale=None):
    """The scores of scaled dot-product attention before the softmax: ``scale · q·k``, blocked keys at -inf.

    These are steps 1-3 (MatMul, Scale, Mask) of :func:`scaled_dot_product_attention`, which calls this,
    so a figure of the scores always matches the weights computed from them.

    Args:
        query: (..., L, E).
        key: (..., S, E); its leading dims must broadcast with the query's.
        attn_mask: boolean, **True = may attend** (as ``F.scaled_dot_product_attention``), or a float
            mask added to the scores; any shape that broadcasts to (..., L, S). Padding masks
            (``key_padding_mask``, True = padding) belong to the modules; here pass ``~padding`` viewed
            as (N, 1, S).
        is_causal: also block the keys after each query's position (query l sees keys 0..l).
        scale: factor on the dot products; ``None`` means ``1/sqrt(E)``.

    Returns:
        scores (..., L, S). Raises ``ValueError`` if some query has no key left to attend to.
    """
    _check_query_key(query, key)
    scale = 1 / math.sqrt(query.size(-1)) if scale is None else scale
    # 1. MatMul: similarity of every query with every key
    scores = query @ key.transpose(-2, -1)  # (..., L, S)
    # 2. Scale: keep the variance of the scores near 1 whatever E (in place: no second (L, S) tensor)
    scores *= scale  # (..., L, S)
    # 3. Mask: blocked keys get -inf, hence weight exactly 0
    return mask_scores(scores, attn_mask, is_causal)  # (..., L, S)


def scaled_dot_product_attention(query, key, value, attn_mask=None, is_causal=False, scale=None):
    """``softmax(Q Kᵀ · scale + mask) V``, returning the weights too.

    Equal to ``torch.nn.functional.scaled_dot_product_attention`` (which has no weights output and
    adds ``dropout_p``; this has no dropout).

    Args:
        query: (..., L, E).
        key: (..., S, E).
        value: (..., S, Ev).
        attn_mask: boolean, **True = may attend** (as ``F.scaled_dot_product_attention``), or a float
            mask added to the scores; any shape that broadcasts to (..., L, S). For padding
            (``key_padding_mask`` in the modules, True = padding) pass ``~padding`` viewed as (N, 1, S).
        is_causal: query l may attend to keys 0..l only; combined with ``attn_mask`` if both are given.
        scale: factor on the dot products; ``None`` means ``1/sqrt(E)``.

    Returns:
        ``(output, weights)``: output (..., L, Ev) and weights (..., L, S), every row summing to 1.
        Raw scores: :func:`attention_scores`. Raises ``ValueError`` if some query has all keys masked.
    """
    if value.shape[-2] != key.shape[-2]:
        raise ValueError(
            f"key and value must have the same number of positions S; got key {tuple(key.shape)} "
            f"(S = {key.shape[-2]}) and value {tuple(value.shape)} (S = {value.shape[-2]})"
        )
    # 1-3. MatMul, Scale, Mask
    scores = attention_scores(query, key, attn_mask, is_causal, scale)  # (..., L, S)
    # 4. SoftMax over the keys
    weights = scores.softmax(dim=-1)  # (..., L, S)
    # 5. MatMul: each output is the weighted sum of the values
    output = weights @ value  # (..., L, Ev)
    return output, weights


class Attention(nn.Module):
    """One attention head with learnable W^Q, W^K, W^V and a choice of score function.

    The query comes from one sequence, keys and values from another (cross-attention); pass the same
    tensor three times for self-attention. Scores, by name:

    * ``"dot"``: ``q·k``;
    * ``"scaled_dot"``: ``q·k / sqrt(D)`` (the Transformer's);
    * ``"general"``: ``qᵀ B k`` with a learnable (D, D) ``B`` (Luong);
    * ``"additive"``: ``uᵀ tanh(U_q q + U_k k)`` with learnable (D, D) ``U_q``, ``U_k`` and (D,) ``u`` (Bahdanau).

    Args:
        embed_dim: features E of the query input.
        kdim: features of the key input (default ``embed_dim``).
        vdim: features of the value input (default ``kdim``).
        head_dim: features D of the projected q, k, v and of the output (default ``embed_dim``).
        score: one of ``"dot"``, ``"scaled_dot"``, ``"general"``, ``"additive"``.
        bias: whether W^Q, W^K, W^V have biases.

    Shapes: query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> output (N, L, D),
    weights (N, L, S).

    Masks: boolean ``attn_mask`` (L, S) or (N, L, S), **True = may attend** (as
    ``F.scaled_dot_product_attention``), or float, added to the scores; boolean ``key_padding_mask``
    (N, S), **True = padding, ignored** (as ``nn.MultiheadAttention``), or float, added.
    """

    def __init__(self, embed_dim, kdim=None, vdim=None, head_dim=None, score="scaled_dot", bias=False):
        super().__init__()
        if score not in SCORES:
            raise ValueError(f"score must be one of {SCORES}; got {score!r}")
        kdim = embed_dim if kdim is None else kdim
        vdim = kdim if vdim is None else vdim
        head_dim = embed_dim if head_dim is None else head_dim
        self.embed_dim, self.kdim, self.vdim, self.head_dim = embed_dim, kdim, vdim, head_dim
        self.score = score
        self.q_proj = nn.Linear(embed_dim, head_dim, bias=bias)  # W^Q
        self.k_proj = nn.Linear(kdim, head_dim, bias=bias)  # W^K
        self.v_proj = nn.Linear(vdim, head_dim, bias=bias)  # W^V
        if score == "general":
            self.score_weight = nn.Parameter(torch.empty(head_dim, head_dim))  # B in qᵀ B k
            nn.init.xavier_uniform_(self.score_weight)
        if score == "additive":
            self.score_query = nn.Linear(head_dim, head_dim, bias=False)  # U_q in uᵀ tanh(U_q q + U_k k)
            self.score_key = nn.Linear(head_dim, head_dim, bias=False)  # U_k
            self.score_vector = nn.Parameter(torch.empty(head_dim))  # u
            nn.init.uniform_(self.score_vector, -1 / math.sqrt(head_dim), 1 / math.sqrt(head_dim))

    def scores(self, q, k):
        """Raw scores (N, L, S) of projected queries q (N, L, D) against projected keys k (N, S, D)."""
        if self.score == "dot":
            return q @ k.transpose(-2, -1)  # (N, L, S)
        if self.score == "scaled_dot":
            return q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)  # (N, L, S)
        if self.score == "general":
            return q @ self.score_weight @ k.transpose(-2, -1)  # (N, L, S)
        # additive: a one-hidden-layer network scores every (query, key) pair
        hidden = self.score_query(q).unsqueeze(2) + self.score_key(k).unsqueeze(1)  # (N, L, S, D)
        return torch.tanh(hidden) @ self.score_vector  # (N, L, S)

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None, is_causal=False):
        """query (N, L, E), key (N, S, kdim), value (N, S, vdim) -> (output (N, L, D), weights (N, L, S)).

        ``attn_mask`` (L, S) or (N, L, S): boolean **True = may attend**, or float, added.
        ``key_padding_mask`` (N, S): boolean **True = padding, ignored**, or float, added.
        ``is_causal``: query l may attend to keys 0..l only.
        """
        N, L, S = check_inputs(query, key, value, self.embed_dim, self.kdim, self.vdim)
        if attn_mask is not None:
            check_mask(attn_mask, "attn_mask", {"(L, S)": (L, S), "(N, L, S)": (N, L, S)}, query.dtype)
        if key_padding_mask is not None:
            check_mask(key_padding_mask, "key_padding_mask", {"(N, S)": (N, S)}, query.dtype)
        # 1. project the inputs into queries, keys and values
        q = self.q_proj(query)  # (N, L, D)
        k = self.k_proj(key)  # (N, S, D)
        v = self.v_proj(value)  # (N, S, D)
        # 2. score every query against every key
        scores = self.scores(q, k)  # (N, L, S)
        # 3. mask: blocked keys get -inf
        mask = merge_masks(attn_mask, key_padding_mask, ndim=3)  # (N, L, S) broadcastable
        scores = mask_scores(scores, mask, is_causal)  # (N, L, S)
        # 4. normalise over the keys
        weights = scores.softmax(dim=-1)  # (N, L, S)
        # 5. weighted sum of the values
        output = weights @ v  # (N, L, D)
        return output, weights


def check_shape(name, tensor, letters, expected):
    """Raise ``ValueError`` unless ``tensor`` has shape ``expected`` (``None`` = any size).

    ``letters`` names the dimensions in the message: ``check_shape("key", key, "(N, S, E)", (2, None, 8))``
    on a (2, 5, 6) key fails with "key must have shape (N, S, E) = (2, *, 8); got (2, 5, 6)".
    """
    shape = tuple(tensor.shape)
    if len(shape) != len(expected) or any(e is not None and e != s for s, e in zip(shape, expected)):
        wanted = "(" + ", ".join("*" if e is None else str(e) for e in expected) + ")"
        raise ValueError(f"{name} must have shape {letters} = {wanted}; got {shape}")


def check_inputs(query, key, value, E, kdim, vdim):
    """Check batch-first query (N, L, E), key (N, S, kdim), value (N, S, vdim); return N, L, S."""
    check_shape("query", query, "(N, L, E)", (None, None, E))
    N, L, _ = query.shape
    check_shape("key", key, "(N, S, kdim)", (N, None, kdim))
    S = key.shape[1]
    check_shape("value", value, "(N, S, vdim)", (N, S, vdim))
    return N, L, S


def _check_query_key(query, key):
    if query.dim() < 2 or key.dim() < 2:
        raise ValueError(
            f"query and key must be (..., L, E) and (..., S, E); got query {tuple(query.shape)} "
            f"and key {tuple(key.shape)}"
        )
    if query.shape[-1] != key.shape[-1]:
        raise ValueError(
            f"query and key must have the same number of features E; got query {tuple(query.shape)} "
            f"(E = {query.shape[-1]}) and key {tuple(key.shape)} (E = {key.shape[-1]})"
        )
    try:
        torch.broadcast_shapes(query.shape[:-2], key.shape[:-2])
    except RuntimeError:
        raise ValueError(
            f"the leading (batch) dims of query {tuple(query.shape)} and key {tuple(key.shape)} "
            "do not broadcast"
        ) from None
