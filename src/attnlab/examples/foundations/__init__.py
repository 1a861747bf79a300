"""The Foundations section's examples (snippets/foundations/, diagrams/foundations/), one module per group of pages.

* :mod:`~attnlab.examples.foundations.weighted_sum`: one query over three keys (notation, soft dictionary) and
  parameter-free self-attention (the weighted sum);
* :mod:`~attnlab.examples.foundations.dot_product`: the dot product's geometry, users and movies, proximity;
* :mod:`~attnlab.examples.foundations.softmax`: softmax temperature, 112 vs 96, the variance of q·k (scaling);
* :mod:`~attnlab.examples.foundations.matrix_form`: queries, keys and values of three tokens; an image's pixels.

Names load on first use (PEP 562): ``from attnlab.examples.foundations import qkv_example`` imports, and the
figure engine follows, only the module that defines it.
"""

from attnlab._lazy import lazy_exports

_EXPORTS = {
    "query_over_three_keys": "attnlab.examples.foundations.weighted_sum",
    "basic_self_attention": "attnlab.examples.foundations.weighted_sum",
    "equal_norm_pair": "attnlab.examples.foundations.weighted_sum",
    "diagonal_counterexample": "attnlab.examples.foundations.weighted_sum",
    "dot_product_geometry": "attnlab.examples.foundations.dot_product",
    "dot_product_sweep": "attnlab.examples.foundations.dot_product",
    "user_movie_preferences": "attnlab.examples.foundations.dot_product",
    "tommy_sentence": "attnlab.examples.foundations.dot_product",
    "softmax_112_96": "attnlab.examples.foundations.softmax",
    "softmax_temperature": "attnlab.examples.foundations.softmax",
    "scaling_variance": "attnlab.examples.foundations.softmax",
    "scaling_variance_sweep": "attnlab.examples.foundations.softmax",
    "qkv_example": "attnlab.examples.foundations.matrix_form",
    "rgb_image_attention": "attnlab.examples.foundations.matrix_form",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
