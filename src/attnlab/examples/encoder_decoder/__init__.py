"""The encoder-decoder section's examples (snippets/encoder_decoder/, diagrams/encoder_decoder/), one module per page.

* :mod:`~attnlab.examples.encoder_decoder.seq2seq`: the section's single-head corners model, its bottleneck;
* :mod:`~attnlab.examples.encoder_decoder.translation`: "the zone" (alignment) and a reordering heatmap;
* :mod:`~attnlab.examples.encoder_decoder.scores`: four score functions, soft vs hard, global vs local;
* :mod:`~attnlab.examples.encoder_decoder.cross_attention`: padding masks; where the model's one head looks;
* :mod:`~attnlab.examples.encoder_decoder.decoding`: greedy and beam search over a toy distribution (no torch).

Names load on first use (PEP 562): ``from attnlab.examples.encoder_decoder import the_zone`` imports, and the
figure engine follows, only the module that defines it.
"""

from attnlab._lazy import lazy_exports

_EXPORTS = {
    "CORNERS_SETTINGS": "attnlab.examples.encoder_decoder.seq2seq",
    "CORNERS_EXAMPLE": "attnlab.examples.encoder_decoder.seq2seq",
    "FIGURE_EXAMPLE": "attnlab.examples.encoder_decoder.seq2seq",
    "corners_model": "attnlab.examples.encoder_decoder.seq2seq",
    "corners_bottleneck": "attnlab.examples.encoder_decoder.seq2seq",
    "the_zone": "attnlab.examples.encoder_decoder.translation",
    "translation_heatmap": "attnlab.examples.encoder_decoder.translation",
    "score_functions": "attnlab.examples.encoder_decoder.scores",
    "soft_vs_hard": "attnlab.examples.encoder_decoder.scores",
    "local_attention": "attnlab.examples.encoder_decoder.scores",
    "padded_cross_attention": "attnlab.examples.encoder_decoder.cross_attention",
    "cross_attention_summary": "attnlab.examples.encoder_decoder.cross_attention",
    "greedy_search": "attnlab.examples.encoder_decoder.decoding",
    "beam_search": "attnlab.examples.encoder_decoder.decoding",
    "all_sequences": "attnlab.examples.encoder_decoder.decoding",
    "greedy_vs_beam": "attnlab.examples.encoder_decoder.decoding",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
