"""The perspectives page's stills draw what PyTorch (or a closed form) computes: path lengths by their closed forms,
the two masks by PyTorch's causal attention, the graph's edges by the softmax of the scores."""

import math

import torch
import torch.nn.functional as F

from attnlab.examples.transformer import bidirectional_vs_causal

from .conftest import tensor


def test_path_lengths_match_the_closed_forms(snippet):
    data = snippet("path_lengths").data()
    k = data["kernel_size"]

    def log_ceil(n):  # smallest D with k**D >= n
        D = 0
        while k**D < n:
            D += 1
        return D

    closed = {
        "recurrent": lambda n: n,
        "convolution": lambda n: -(-(n - 1) // (k - 1)),
        "dilated convolution": log_ceil,
        "self-attention": lambda n: 1,
    }
    assert data["architectures"] == list(closed)
    for name, steps in zip(data["architectures"], data["steps"]):
        assert steps == [closed[name](n) for n in data["lengths"]], name
    assert data["orders"] == ["$O(n)$", "$O(n/k)$", r"$O(\log_k n)$", "$O(1)$"]


def test_encoder_vs_decoder_only_masks(snippet):
    data = snippet("encoder_vs_decoder_only").data()
    bi, causal = tensor(data["weights"]["bidirectional"]), tensor(data["weights"]["causal"])  # (L, L)
    L = bi.shape[0]
    assert torch.tensor(data["allowed"]["bidirectional"]).all()
    assert torch.equal(torch.tensor(data["allowed"]["causal"]), torch.ones(L, L, dtype=torch.bool).tril())
    assert (bi > 0).all() and (causal.triu(1) == 0).all()
    # a causal row is the bidirectional row cut at the query and renormalised (same scores, fewer keys)
    for i in range(L):
        assert torch.allclose(causal[i, : i + 1], bi[i, : i + 1] / bi[i, : i + 1].sum(), atol=1e-12)
    example = bidirectional_vs_causal()
    q, k, v = example.query, example.key, example.value
    out = F.scaled_dot_product_attention(q[None], k[None], v[None], is_causal=True)[0]
    assert torch.allclose(causal @ v, out, atol=1e-12)


def test_attention_as_graph_edges_are_attention_weights(snippet):
    data = snippet("attention_as_graph").data()
    example = bidirectional_vs_causal()
    q, k = example.query, example.key
    expected = torch.softmax(q @ k.T / math.sqrt(q.shape[-1]), dim=-1)  # (L, L) complete graph
    assert torch.allclose(tensor(data["weights"]), expected, atol=1e-12)
    assert data["tokens"] == list(example.tokens)
