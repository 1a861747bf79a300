"""positional-encoding.md, the √d factor: PyTorch's nn.Embedding starts at N(0, 1), the sinusoidal table lies in
[−1, 1], and √d brings an embedding initialised at size 1/√d to size about 1."""

import math

import torch

from attnlab.positional import PositionalEncoding


def test_nn_embedding_starts_at_standard_normal_and_the_factor_makes_the_words_dominate():
    torch.manual_seed(0)
    d = 512
    table = torch.nn.Embedding(1000, d).weight.detach()  # (vocab, d)
    assert abs(table.std().item() - 1) < 0.01 and abs(table.mean().item()) < 0.01  # N(0, 1)
    pe = PositionalEncoding(d, max_len=200).pe  # (max_len, d)
    assert pe.abs().max().item() <= 1 and pe.abs().max().item() > 0.99  # entries between −1 and 1
    assert (math.sqrt(d) * table).std().item() > 20 * pe.std().item()  # with the factor, words dominate


def test_the_factor_brings_an_embedding_of_size_one_over_root_d_to_size_one():
    torch.manual_seed(0)
    d = 512
    table = torch.randn(1000, d) / math.sqrt(d)  # (vocab, d) entries of size about 1/√d
    assert abs((math.sqrt(d) * table).std().item() - 1) < 0.01
    pe = PositionalEncoding(d, max_len=200).pe  # (max_len, d)
    assert 0.5 < pe.std().item() < 1  # the same order as the positional encoding
