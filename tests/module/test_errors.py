"""Bad input fails early with a message that names the argument and what was expected."""

import pytest
import torch
from torch import nn

from attnlab import (
    Attention,
    EncoderLayer,
    MultiHeadAttention,
    PositionalEncoding,
    Transformer,
    from_torch,
    scaled_dot_product_attention,
)

x = torch.randn(2, 3, 8)


def raises(error, *words):
    """pytest.raises that also checks every word appears in the message."""
    class Check:
        def __enter__(self):
            self.context = pytest.raises(error)
            self.info = self.context.__enter__()

        def __exit__(self, *exc):
            suppressed = self.context.__exit__(*exc)
            for word in words:
                assert word in str(self.info.value), f"{word!r} not in {str(self.info.value)!r}"
            return suppressed

    return Check()


def test_embed_dim_not_divisible_by_num_heads():
    with raises(ValueError, "embed_dim", "num_heads", "10", "3"):
        MultiHeadAttention(10, 3)
    MultiHeadAttention(10, 3, mode="wide")  # wide heads have no such constraint


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: MultiHeadAttention(8, 2, mode="wider"), ["mode", "'wider'", "narrow", "wide"]),
        (lambda: Attention(8, score="cosine"), ["score", "'cosine'", "additive"]),
        (lambda: EncoderLayer(8, 2, activation="tanh"), ["activation", "'tanh'", "relu", "gelu"]),
        (lambda: PositionalEncoding(7), ["d_model", "7", "even"]),
    ],
)
def test_unknown_names(make, words):
    with raises(ValueError, *words):
        make()


@pytest.mark.parametrize(
    "query, key, value, words",
    [
        (torch.randn(2, 3, 5), x, x, ["query", "(N, L, E)", "(2, 3, 5)"]),
        (torch.randn(3, 8), x, x, ["query", "(3, 8)"]),
        (x, torch.randn(4, 3, 8), x, ["key", "(4, 3, 8)"]),
        (x, x, torch.randn(2, 4, 8), ["value", "(2, 4, 8)"]),
    ],
)
def test_multihead_mismatched_shapes(query, key, value, words):
    with raises(ValueError, *words):
        MultiHeadAttention(8, 2)(query, key, value)


@pytest.mark.parametrize(
    "masks, error, words",
    [
        (dict(attn_mask=torch.ones(3, 4, dtype=torch.bool)), ValueError,
         ["attn_mask", "(3, 4)", "(L, S) = (3, 3)", "(N·H, L, S) = (4, 3, 3)"]),
        (dict(attn_mask=torch.ones(2, 3, 3, dtype=torch.bool)), ValueError, ["attn_mask", "(2, 3, 3)"]),
        (dict(attn_mask=torch.ones(3, 3, dtype=torch.long)), TypeError, ["attn_mask", "torch.int64", "boolean"]),
        (dict(attn_mask=torch.zeros(3, 3, dtype=torch.float64)), TypeError,
         ["attn_mask", "torch.float64", "torch.float32"]),
        (dict(key_padding_mask=torch.zeros(3, 2, dtype=torch.bool)), ValueError,
         ["key_padding_mask", "(3, 2)", "(N, S) = (2, 3)"]),
        (dict(key_padding_mask=torch.zeros(2, 3, dtype=torch.uint8)), TypeError, ["key_padding_mask", "torch.uint8"]),
    ],
)
def test_multihead_bad_masks(masks, error, words):
    with raises(error, *words):
        MultiHeadAttention(8, 2)(x, x, x, **masks)


def test_sdpa_bad_shapes_and_masks():
    q, k, v = torch.randn(2, 3, 4), torch.randn(2, 5, 4), torch.randn(2, 5, 6)
    with raises(ValueError, "query and key", "E = 4", "E = 3"):
        scaled_dot_product_attention(q, torch.randn(2, 5, 3), v)
    with raises(ValueError, "key and value", "S = 5", "S = 4"):
        scaled_dot_product_attention(q, k, torch.randn(2, 4, 6))
    with raises(ValueError, "query and key", "(4,)"):
        scaled_dot_product_attention(torch.randn(4), k, v)
    with raises(ValueError, "batch", "(2, 3, 4)", "(3, 5, 4)"):
        scaled_dot_product_attention(q, torch.randn(3, 5, 4), torch.randn(3, 5, 6))
    with raises(ValueError, "attn_mask", "(3, 4)", "(2, 3, 5)"):
        scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(3, 4, dtype=torch.bool))
    with raises(TypeError, "attn_mask", "torch.int32"):
        scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(3, 5, dtype=torch.int32))


def test_attention_module_bad_inputs():
    attention = Attention(8, kdim=4)
    with raises(ValueError, "key", "(N, S, kdim)", "(2, 5, 8)"):
        attention(x, torch.randn(2, 5, 8), torch.randn(2, 5, 4))
    with raises(ValueError, "attn_mask", "(N, L, S) = (2, 3, 5)"):
        attention(x, torch.randn(2, 5, 4), torch.randn(2, 5, 4), attn_mask=torch.ones(5, 3, dtype=torch.bool))


# ---- a query with every key masked: attnlab raises where PyTorch returns NaN ---------------------------


def test_fully_masked_row_raises_in_sdpa_naming_the_row():
    q = k = v = torch.randn(2, 4, 3)
    mask = torch.ones(2, 4, 4, dtype=torch.bool)
    mask[1, 2] = False  # batch element 1, query row 2 may attend to nothing
    with raises(ValueError, "query row 2", "batch index (1,)", "attn_mask", "key_padding_mask"):
        scaled_dot_product_attention(q, k, v, attn_mask=mask)


def test_fully_masked_row_raises_in_the_modules():
    padding = torch.tensor([[False, False, False], [True, True, True]])  # batch element 1 is all padding
    with raises(ValueError, "query row 0", "batch index (1, 0)"):
        MultiHeadAttention(8, 2)(x, x, x, key_padding_mask=padding)
    with raises(ValueError, "query row 0", "batch index (1,)"):
        Attention(8)(x, x, x, key_padding_mask=padding)
    float_mask = torch.zeros(3, 3).masked_fill(torch.eye(3, dtype=torch.bool), float("-inf"))
    causal_and_not_self = dict(attn_mask=float_mask, is_causal=True)  # row 0 only had itself
    with raises(ValueError, "query row 0"):
        MultiHeadAttention(8, 2)(x, x, x, **causal_and_not_self)


def test_positional_encoding_bad_inputs():
    with raises(ValueError, "max_len = 4", "L = 5"):
        PositionalEncoding(8, max_len=4)(torch.randn(1, 5, 8))
    with raises(ValueError, "x", "(N, L, E)", "(1, 3, 6)"):
        PositionalEncoding(8)(torch.randn(1, 3, 6))


def test_transformer_bad_inputs():
    with raises(ValueError, "src", "(N, L)", "torch.float32"):
        Transformer(10, 10, 10, tokens=True)(torch.randn(2, 3), torch.zeros(2, 3, dtype=torch.long))
    with raises(ValueError, "tgt", "(N, L, tgt_size)", "(2, 3, 5)"):
        Transformer(2, 4, 2)(torch.randn(2, 3, 2), torch.randn(2, 3, 5))


@pytest.mark.parametrize(
    "module, error, words",
    [
        (nn.Linear(2, 2), TypeError, ["from_torch", "Linear"]),
        (nn.MultiheadAttention(8, 2), ValueError, ["batch_first=False"]),
        (nn.MultiheadAttention(8, 2, kdim=4, batch_first=True), ValueError, ["kdim=4", "embed_dim=8"]),
        (nn.MultiheadAttention(8, 2, add_bias_kv=True, batch_first=True), ValueError, ["add_bias_kv"]),
        (nn.MultiheadAttention(8, 2, add_zero_attn=True, batch_first=True), ValueError, ["add_zero_attn"]),
        (nn.TransformerEncoderLayer(8, 2, batch_first=False), ValueError, ["module.self_attn", "batch_first"]),
        (nn.TransformerEncoderLayer(8, 2, activation=nn.GELU("tanh"), batch_first=True),
         ValueError, ["activation", "tanh"]),
        (nn.TransformerDecoderLayer(8, 2, activation=torch.tanh, batch_first=True), ValueError, ["activation"]),
    ],
)
def test_from_torch_unsupported(module, error, words):
    with raises(error, *words):
        from_torch(module)
