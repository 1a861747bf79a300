"""The transformer section's examples (snippets/transformer/, diagrams/transformer/), one module per page or two.

* :mod:`~attnlab.examples.transformer.self_attention`: the causal mask; bidirectional vs causal self-attention;
* :mod:`~attnlab.examples.transformer.encoder_decoder`: a whole token model's shapes and attentions, and the
  corners model decoding step by step;
* :mod:`~attnlab.examples.transformer.positions`: "Mary gave roses to Susan", positional dials and distances;
* :mod:`~attnlab.examples.transformer.residual_layernorm`: norm-last vs norm-first, the feed-forward network;
* :mod:`~attnlab.examples.transformer.convolution`: conv1d as attention, fixed vs computed mixing.

The attention examples use float64 so that tests can compare them with PyTorch to 1e-12; the layers built from
``nn.Module`` (``EncoderLayer``, ``Transformer``) run in float32, as PyTorch's defaults. Names load on first use
(PEP 562): ``from attnlab.examples.transformer import causal_example`` imports, and the figure engine follows,
only the module that defines it.
"""

from attnlab._lazy import lazy_exports

_EXPORTS = {
    "causal_example": "attnlab.examples.transformer.self_attention",
    "bidirectional_vs_causal": "attnlab.examples.transformer.self_attention",
    "tiny_translation": "attnlab.examples.transformer.encoder_decoder",
    "build_tiny_translation": "attnlab.examples.transformer.encoder_decoder",
    "corners_decoding": "attnlab.examples.transformer.encoder_decoder",
    "mary_susan": "attnlab.examples.transformer.positions",
    "positional_dials": "attnlab.examples.transformer.positions",
    "positional_distances": "attnlab.examples.transformer.positions",
    "block_order": "attnlab.examples.transformer.residual_layernorm",
    "build_block_layer": "attnlab.examples.transformer.residual_layernorm",
    "feed_forward_example": "attnlab.examples.transformer.residual_layernorm",
    "build_feed_forward_layer": "attnlab.examples.transformer.residual_layernorm",
    "conv_as_attention": "attnlab.examples.transformer.convolution",
    "fully_connected_vs_attention": "attnlab.examples.transformer.convolution",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
