"""Masks: which keys each query may attend to.

One convention per argument, everywhere in attnlab (PyTorch itself has two for ``attn_mask``, see below):

* ``attn_mask`` (L, S), boolean: **True = may attend** (as ``F.scaled_dot_product_attention``).
  A float ``attn_mask`` is added to the scores (0 keeps a key, ``-inf`` blocks it).
* ``key_padding_mask`` (N, S), boolean: **True = padding, ignored** (as ``nn.MultiheadAttention``).
  A float ``key_padding_mask`` is added to the scores.
* ``is_causal=True``: query ``l`` may attend to keys ``0..l`` only (top-left aligned when L != S,
  as ``F.scaled_dot_product_attention``).

Careful: ``nn.MultiheadAttention`` and ``nn.Transformer*`` read a boolean ``attn_mask`` the other way
round (True = blocked), and their ``is_causal`` is only a hint that needs the causal ``attn_mask`` too.
:func:`attnlab.convert.attn_mask_from_torch` turns their boolean masks into ours.

Blocked scores become ``-inf``, so their softmax weight is exactly 0. (``-1e9`` gives exactly 0 too in
float32 and float64, but uniform weights on a row with every key blocked, and it overflows float16.)
A query whose keys are *all* blocked would get ``softmax(-inf, ..., -inf) = NaN``. PyTorch answers
silently (torch 2.13, CPU): ``F.scaled_dot_product_attention`` with zeros; ``nn.MultiheadAttention`` with
NaN when it computes the weights (in them and in the output) and with zeros or NaN when it does not,
depending on its code path. :func:`mask_scores` raises a ``ValueError`` naming the row instead, so no such
row reaches a figure. Tests: tests/module/test_pytorch_conventions.py.
"""

import torch


def causal_mask(L, S=None, device=None):
    """Boolean (L, S) mask, True = may attend: query ``l`` sees keys ``0..l`` (lower triangle)."""
    S = L if S is None else S
    return torch.ones(L, S, dtype=torch.bool, device=device).tril()  # (L, S)


def check_mask(mask, name, expected, dtype):
    """Raise unless ``mask`` is boolean or of float ``dtype`` and has one of the ``expected`` shapes.

    ``expected`` maps a shape written in letters to the shape in numbers, e.g.
    ``{"(L, S)": (5, 7), "(N·H, L, S)": (16, 5, 7)}``; the error message quotes both.
    """
    _check_dtype(mask, name, dtype)
    if tuple(mask.shape) not in expected.values():
        wanted = " or ".join(f"{letters} = {tuple(shape)}" for letters, shape in expected.items())
        raise ValueError(f"{name} has shape {tuple(mask.shape)}; expected {wanted}")


def as_additive(mask, dtype):
    """A boolean mask (True = may attend) as floats: 0 where allowed, -inf where blocked.

    A float mask is already additive and is returned as it is.
    """
    if mask.dtype != torch.bool:
        return mask
    zeros = torch.zeros(mask.shape, dtype=dtype, device=mask.device)  # same shape as mask
    return zeros.masked_fill(~mask, float("-inf"))  # same shape as mask


def merge_masks(attn_mask, key_padding_mask, ndim):
    """One ``attn_mask`` (True = may attend, or additive float) from ``attn_mask`` and ``key_padding_mask``.

    ``key_padding_mask`` (N, S), True = padding, is turned around (True = may attend) and viewed as
    (N, 1, ..., 1, S) so it broadcasts over scores of ``ndim`` dimensions, e.g. (N, H, L, S) for
    ``ndim=4``. ``attn_mask`` must already broadcast to those scores. Two boolean masks are combined
    with "and"; if either is a float mask, both are added as floats.
    """
    if key_padding_mask is None:
        return attn_mask
    N, S = key_padding_mask.shape
    padding = key_padding_mask.view(N, *[1] * (ndim - 2), S)  # (N, 1, ..., 1, S)
    keep = ~padding if padding.dtype == torch.bool else padding  # (N, 1, ..., 1, S)
    if attn_mask is None:
        return keep
    if attn_mask.dtype == torch.bool and keep.dtype == torch.bool:
        return attn_mask & keep  # (N, ..., L, S)
    dtype = keep.dtype if keep.dtype != torch.bool else attn_mask.dtype
    return as_additive(attn_mask, dtype) + as_additive(keep, dtype)  # (N, ..., L, S)


def mask_scores(scores, attn_mask=None, is_causal=False):
    """Set blocked scores to ``-inf`` (or add a float mask); scores (..., L, S).

    ``attn_mask``: boolean, True = may attend, or float, added; it must broadcast to the scores' shape.
    ``is_causal``: also block every key after the query's position. Both may be given; a key is kept
    only if both allow it. Raises ``ValueError`` if some query row is left with no key at all.
    """
    if attn_mask is None and not is_causal:
        return scores
    L, S = scores.shape[-2:]
    # 1. causal: query l may not look at keys l+1, l+2, ...
    if is_causal:
        scores = scores.masked_fill(~causal_mask(L, S, scores.device), float("-inf"))  # (..., L, S)
    # 2. attn_mask: block where False, or add a float mask
    if attn_mask is not None:
        _check_broadcasts(attn_mask, scores)
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))  # (..., L, S)
        else:
            scores = scores + attn_mask  # (..., L, S)
    # 3. every query must keep at least one key, or its softmax is NaN
    _check_no_fully_masked_row(scores)
    return scores


def _check_dtype(mask, name, dtype):
    if mask.dtype != torch.bool and mask.dtype != dtype:
        raise TypeError(
            f"{name} must be boolean or have the query's dtype {dtype}; got dtype {mask.dtype}"
        )


def _check_broadcasts(attn_mask, scores):
    _check_dtype(attn_mask, "attn_mask", scores.dtype)
    try:
        shape = torch.broadcast_shapes(attn_mask.shape, scores.shape)
    except RuntimeError:
        shape = None
    if shape != scores.shape:
        raise ValueError(
            f"attn_mask has shape {tuple(attn_mask.shape)}, which does not broadcast to the scores' "
            f"shape (..., L, S) = {tuple(scores.shape)}"
        )


def _check_no_fully_masked_row(scores):
    fully_masked = torch.isneginf(scores).all(dim=-1)  # (..., L)
    if fully_masked.any():
        *batch, row = fully_masked.nonzero()[0].tolist()
        raise ValueError(
            f"query row {row} (batch index {tuple(batch)}) has all of its S={scores.shape[-1]} keys "
            f"masked ({int(fully_masked.sum())} such row(s) in all), so its softmax would be NaN. "
            "Every query needs at least one key it may attend to: check attn_mask (True = may attend), "
            "key_padding_mask (True = padding) and is_causal."
        )
