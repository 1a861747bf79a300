"""Worked examples, the square-corners data set and the tiny trained models: every number a figure draws.

Stills (``snippets/``) and animations (``diagrams/``) of the same idea read the same function here, so they
always agree (DESIGN convention 7). Seeds live in :mod:`attnlab.examples.seeds`.

Modules:

* :mod:`~attnlab.examples.worked`: seeded, named worked examples (frozen dataclasses of tensors + labels);
* :mod:`~attnlab.examples.corners`: the square-corners toy task, ``corners_dataset(n, seed)``;
* :mod:`~attnlab.examples.decoding`: greedy and beam search over a toy next-token distribution;
* :mod:`~attnlab.examples.toy_models`: the corners transformer, trained at build time and cached on disk.

Like the package root, this file imports nothing heavy: names load on first use (PEP 562). Figures may
import from the submodules directly (``from attnlab.examples.worked import the_zone``), which is what
the figure engine's import hashing follows best.
"""

from attnlab._lazy import lazy_exports

_EXPORTS = {
    # worked examples
    "query_over_three_keys": "attnlab.examples.worked",
    "softmax_112_96": "attnlab.examples.worked",
    "softmax_temperature": "attnlab.examples.worked",
    "scaling_variance": "attnlab.examples.worked",
    "scaling_variance_sweep": "attnlab.examples.worked",
    "the_zone": "attnlab.examples.worked",
    "translation_heatmap": "attnlab.examples.worked",
    "diagonal_counterexample": "attnlab.examples.worked",
    "user_movie_preferences": "attnlab.examples.worked",
    "tommy_sentence": "attnlab.examples.worked",
    "rgb_image_attention": "attnlab.examples.worked",
    "score_functions": "attnlab.examples.worked",
    "multihead_products": "attnlab.examples.multi_head",
    "mary_susan": "attnlab.examples.worked",
    "conv_as_attention": "attnlab.examples.worked",
    "greedy_vs_beam": "attnlab.examples.worked",
    "head_split": "attnlab.examples.heads",
    # data set, decoding, trained models
    "SEEDS": "attnlab.examples.seeds",
    "corners_dataset": "attnlab.examples.corners",
    "greedy_search": "attnlab.examples.decoding",
    "beam_search": "attnlab.examples.decoding",
    "trained_corners_transformer": "attnlab.examples.toy_models",
    "corners_attention_trace": "attnlab.examples.toy_models",
    "predict_corners": "attnlab.examples.toy_models",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
