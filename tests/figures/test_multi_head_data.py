"""The multi-head stills draw what attnlab computes, checked against PyTorch's nn.MultiheadAttention and by hand."""

import math

import pytest
import torch
import torch.nn.functional as F

from attnlab.examples.multi_head import ambiguous_it, multihead_products
from attnlab.multihead import MultiHeadAttention

from .conftest import tensor, torch_multihead


def test_multihead_diagram_shapes_come_from_a_real_call(snippet):
    data = snippet("multihead_diagram").data()
    E, H, D = data["E"], data["H"], data["D"]
    assert (E, H, D) == (8, 2, 4) and H * D == E  # narrow heads
    x = ambiguous_it().X[None]  # (1, L, E)
    trace = MultiHeadAttention(E, H).double().trace(x, x, x)
    N, L = x.shape[:2]
    assert (N, L) == (1, 11)  # the page: "on an 11-token sentence"
    expected = {"input": [N, L, E], "q": [N, H, L, D], "k": [N, H, L, D], "v": [N, H, L, D],
                "weights": [N, H, L, L], "heads": [N, H, L, D], "z": [N, L, H * D], "output": [N, L, E]}
    assert data["shapes"] == expected
    assert {name: list(getattr(trace, name).shape) for name in ("q", "k", "v", "weights", "heads", "z", "output")} \
        == {name: expected[name] for name in ("q", "k", "v", "weights", "heads", "z", "output")}
    # the output lives in R^E (the model dimension), not in R^D of one head
    assert data["shapes"]["output"][-1] == E != D


def test_multihead_matmul_products(snippet):
    data = {key: tensor(value) for key, value in snippet("multihead_matmul").data().items()}
    example = multihead_products()
    # the shapes of CONTENT.md: X 2×4, h = 2, W_i 4×3, stacked 4×6, Z 2×6, W^O 6×4, Y 2×4
    assert data["X"].shape == (2, 4) and example.W_Q.shape == (2, 4, 3)
    assert data["W_Q_stacked"].shape == (4, 6) and data["Z"].shape == (2, 6)
    assert data["W_O"].shape == (6, 4) and data["Y"].shape == (2, 4)
    # the output is in R^d (the 4 features of X), not in R^{d_k} (the 3 of one head)
    assert data["Y"].shape[1] == data["X"].shape[1] != example.W_Q.shape[2]
    H, D = 2, 3
    assert torch.equal(data["W_Q_stacked"], torch.cat(list(example.W_Q), dim=1))
    assert torch.equal(data["Q"], data["X"] @ data["W_Q_stacked"])
    # every head attends on its own slice of Q, K, V
    K, V = data["X"] @ example.W_K_stacked, data["X"] @ example.W_V_stacked  # (L, H·D)
    for h in range(H):
        cols = slice(h * D, (h + 1) * D)
        weights = torch.softmax(data["Q"][:, cols] @ K[:, cols].T / math.sqrt(D), dim=-1)  # (L, L)
        assert torch.allclose(data["weights"][h], weights)
        assert torch.equal(data["V_heads"][h], V[:, cols])
        reference = F.scaled_dot_product_attention(data["Q"][None, :, cols], K[None, :, cols], V[None, :, cols])[0]
        assert torch.allclose(data["Z_heads"][h], reference)
        assert torch.allclose(data["Z"][:, cols], reference)
    assert torch.allclose(data["Y"], data["Z"] @ data["W_O"])
    # integers where the figure prints integers
    for name in ("X", "W_Q_stacked", "Q", "V_heads", "W_O"):
        assert torch.equal(data[name], data[name].round()), name


def test_one_vs_two_heads_equals_pytorch(snippet):
    data = snippet("one_vs_two_heads").data()
    example = ambiguous_it()
    x = example.X[None]  # (1, L, E)
    i = data["query_index"]
    assert data["tokens"][i] == "it"
    _, one = torch_multihead(example.one_head, x, x, x)  # (1, 1, L, L)
    _, two = torch_multihead(example.two_heads, x, x, x)  # (1, 2, L, L)
    weights = tensor(data["weights"])  # (1 + H, L)
    assert torch.allclose(weights[0], one[0, 0, i])
    assert torch.allclose(weights[1:], two[0, :, i])
    assert torch.allclose(weights.sum(-1), torch.ones(3, dtype=torch.float64))
    animal, road = data["tokens"].index("animal"), data["tokens"].index("road")
    # one head splits its weight between the two nouns, none above one half
    top_two = set(weights[0].topk(2).indices.tolist())
    assert top_two == {animal, road} and weights[0].max() < 0.5
    assert weights[0, animal] + weights[0, road] > 0.7
    # two heads: head 1 finds "animal", head 2 "road", each clearly
    assert weights[1].argmax() == animal and weights[1, animal] > 0.8
    assert weights[2].argmax() == road and weights[2, road] > 0.8
    # the numbers the page quotes
    assert [round(weights[0, animal].item(), 2), round(weights[0, road].item(), 2)] == [0.45, 0.33]
    assert [round(weights[1, animal].item(), 2), round(weights[2, road].item(), 2)] == [0.86, 0.83]
    # narrow heads: the one-head and two-head layers have exactly the same number of parameters

    def count(module):
        return sum(p.numel() for p in module.parameters())

    assert count(example.one_head) == count(example.two_heads) == 4 * 8 * 8  # 4·E², no biases
    assert data["rows"] == ["one head ($d_k$ = 8)", "head 1 of 2 ($d_k$ = 4)", "head 2 of 2 ($d_k$ = 4)"]


@pytest.mark.parametrize("H", [1, 2, 4])
def test_narrow_parameter_count_does_not_grow_with_heads(H):
    """The claim the page makes: 4(d² + d) parameters whatever h, for narrow heads only."""
    d = 8
    narrow = sum(p.numel() for p in MultiHeadAttention(d, H, mode="narrow").parameters())
    wide = sum(p.numel() for p in MultiHeadAttention(d, H, mode="wide").parameters())
    assert narrow == 4 * (d * d + d)
    assert wide == 3 * H * (d * d + d) + H * d * d + d
