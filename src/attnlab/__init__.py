"""attnlab: the attention mechanism, written out by hand in PyTorch and checked against PyTorch.

Every public name is loaded on first use (PEP 562), so ``import docfigs`` (the figure
build, which must stay fast when nothing is stale) never pays for importing torch.
"""

from attnlab._lazy import lazy_exports

# public name -> submodule that defines it; the figure engine reads this table to know which
# file a ``from attnlab import Name`` depends on, so keep it a plain literal.
_EXPORTS = {
    "scaled_dot_product_attention": "attnlab.attention",
    "attention_scores": "attnlab.attention",
    "basic_attention": "attnlab.attention",
    "Attention": "attnlab.attention",
    "MultiHeadAttention": "attnlab.multihead",
    "MultiHeadTrace": "attnlab.multihead",
    "PositionalEncoding": "attnlab.positional",
    "EncoderLayer": "attnlab.transformer",
    "DecoderLayer": "attnlab.transformer",
    "Transformer": "attnlab.transformer",
    "causal_mask": "attnlab.masks",
    "from_torch": "attnlab.convert",
    "attn_mask_from_torch": "attnlab.convert",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
