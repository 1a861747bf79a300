"""Every seed the worked examples and the toy models use, in one place (DESIGN convention 7).

A figure never picks its own seed or numbers: it calls a function of :mod:`attnlab.examples`, which takes
its seed from this table. Changing a value here changes every still and animation drawn from that example
(and invalidates the cached toy models, whose cache key hashes this file).

This module imports nothing.
"""

SEEDS = {
    # foundations (attnlab.examples.foundations)
    "tommy_sentence": 3,
    "rgb_image_attention": 7,
    "scaling_variance": 8,
    "qkv_example": 31,
    # encoder-decoder attention (attnlab.examples.encoder_decoder)
    "score_functions": 10,
    "padded_cross_attention": 50,
    "local_attention": 52,
    # multi-head attention (attnlab.examples.multi_head)
    "head_split": 4,
    "multihead_products": 14,
    "ambiguous_it": 51,
    # the transformer section (attnlab.examples.transformer)
    "mary_susan": 20,
    "conv_as_attention": 21,
    "transformer_causal": 40,
    "transformer_tiny_translation": 41,
    "transformer_block_order": 42,
    "transformer_feed_forward": 43,
    "transformer_fully_connected": 44,
    "transformer_bidirectional": 45,
    # the square-corners data set (attnlab.examples.corners)
    "corners_train": 11,
    "corners_valid": 12,
    "corners_figure": 13,
    # the tiny trained models (attnlab.examples.toy_models)
    "corners_model_init": 17,
    "corners_model_shuffle": 18,
}
