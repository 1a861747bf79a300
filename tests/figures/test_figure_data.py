"""What each still draws equals what the attention module (or PyTorch) computes: no number is typed in."""

import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.foundations import query_over_three_keys

from .conftest import SNIPPETS, load, tensor


@pytest.mark.parametrize("path", SNIPPETS, ids=[p.stem for p in SNIPPETS])
def test_every_snippet_has_title_caption_data_and_draw(path):
    module = load(path)
    title, _, caption = (module.__doc__ or "").strip().partition("\n")
    assert title.strip() and caption.strip(), f"{path}: docstring needs a title line and a caption"
    assert callable(module.data) and callable(module.draw), f"{path}: needs data() and draw(data, theme)"


def test_every_snippet_has_a_data_test():
    """Each still's data() is checked against the module by a test that loads it by name."""
    tests = "".join(path.read_text() for path in Path(__file__).parent.glob("test_*.py"))
    untested = [path.stem for path in SNIPPETS if f'snippet("{path.stem}")' not in tests]
    assert untested == [], f"stills whose data() no test checks: {untested}"


def test_notation_squares_shows_the_worked_example(snippet):
    data = snippet("notation_squares").data()
    example = query_over_three_keys()
    _, weights = scaled_dot_product_attention(example.query[None], example.keys, example.values, scale=1.0)
    assert data["w1"] == pytest.approx(weights[0, 0].item(), abs=1e-12)
    assert data["q"] == example.query.tolist() and data["K"] == example.keys.tolist()


def test_soft_dictionary_equals_pytorch(snippet):
    data = snippet("soft_dictionary").data()
    q, k, v = tensor(data["query"]), tensor(data["keys"]), tensor(data["values"])
    expected = F.scaled_dot_product_attention(q[None, None], k[None], v[None], scale=1.0)[0, 0]
    assert torch.allclose(tensor(data["scores"]), k @ q)
    assert torch.allclose(tensor(data["weights"]), torch.softmax(k @ q, dim=0))
    assert torch.allclose(tensor(data["output"]), expected)
    assert math.isclose(sum(data["weights"]), 1.0, rel_tol=1e-12)


def test_multihead_chunking_is_three_real_splits(snippet):
    data = {key: tensor(value) for key, value in snippet("multihead_chunking").data().items()}
    x = data["x"]  # (L, E)
    H, L, D = data["narrow_q"].shape
    assert H * D == x.shape[1]
    for h in range(H):
        assert torch.allclose(data["wide_q"][h], x @ data["wide_w"][h], atol=1e-6)  # (L, E)
        assert torch.allclose(data["wrong_q"][h], data["wrong_x"][h] @ data["wrong_w"][h], atol=1e-6)  # (L, D)
    # narrow heads: the columns of one projection, each head reading every input feature
    assert torch.allclose(torch.cat(list(data["narrow_q"]), dim=-1), x @ data["narrow_w"], atol=1e-6)
    # the wrong way: the heads' inputs are the feature halves of X
    assert torch.equal(torch.cat(list(data["wrong_x"]), dim=-1), x)
