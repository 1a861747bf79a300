"""The Foundations stills draw what attention computes: every figure's data() against PyTorch or by hand.

Independent checks where possible (torch.softmax, torch.nn.functional.scaled_dot_product_attention, plain
matrix products), plus the worked numbers of CONTENT.md the figures show.
"""

import math
import re
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from attnlab.examples.foundations import (
    basic_self_attention,
    diagonal_counterexample,
    dot_product_geometry,
    qkv_example,
    query_over_three_keys,
    rgb_image_attention,
    softmax_temperature,
    tommy_sentence,
    user_movie_preferences,
)

from .conftest import tensor


def sdpa(q, k, v, **kwargs):
    """PyTorch's fused attention on unbatched (L, E) inputs."""
    return F.scaled_dot_product_attention(q[None], k[None], v[None], **kwargs)[0]


# --- the weighted sum --------------------------------------------------------------------------------------


def test_basic_self_attention_is_softmax_of_gram_matrix(snippet):
    data = snippet("basic_self_attention").data()
    X, A = tensor(data["X"]), tensor(data["A"])  # (L, E), (L, L)
    assert torch.allclose(tensor(data["scores"]), X @ X.T)
    assert torch.allclose(A, torch.softmax(X @ X.T, dim=-1))
    assert torch.allclose(A.sum(-1), torch.ones(len(X), dtype=torch.float64))
    assert torch.allclose(tensor(data["Y"]), sdpa(X, X, X, scale=1.0))
    # the point the page makes: even here one input (x2) attends more to x1 than to itself
    assert A[1].argmax().item() == 0
    # ... while x1, x3 and x4 attend most to themselves although the norms differ: equal norms are not necessary
    assert [A[i].argmax().item() for i in (0, 2, 3)] == [0, 2, 3] and len(set(X.norm(dim=-1).tolist())) == len(X)


def test_diagonal_not_largest_corrects_the_seed(snippet):
    equal, unequal = snippet("diagonal_not_largest").data()["cases"]
    for case in (equal, unequal):
        X, A = tensor(case["X"]), tensor(case["A"])
        assert torch.allclose(A, torch.softmax(X @ X.T, dim=-1))
        assert torch.allclose(tensor(case["norms"]), X.norm(dim=-1))
        assert case["row_max"] == A.argmax(-1).tolist()
    assert unequal["X"] == [[1.0, 0.0], [3.0, 0.0]]
    assert unequal["A"][0] == pytest.approx([0.1192, 0.8808], abs=5e-5)  # CONTENT.md
    assert unequal["A"][0][1] / unequal["A"][0][0] > 7  # "more than seven times as much"
    assert unequal["row_max"] == [1, 1]  # x1 attends most to x2, not to itself
    assert len(set(equal["norms"])) == 1 and equal["row_max"] == [0, 1]  # equal norms: the diagonal wins


# --- the dot product ---------------------------------------------------------------------------------------


def test_dot_product_similarity_scores_and_products(snippet):
    data = snippet("dot_product_similarity").data()
    users, movies = tensor(data["users"]), tensor(data["movies"])  # (U, 3), (M, 3)
    assert torch.allclose(tensor(data["scores"]), users @ movies.T)
    for pair in data["pairs"]:
        u = users[data["user_labels"].index(pair["user"])]
        m = movies[data["movie_labels"].index(pair["movie"])]
        assert torch.allclose(tensor(pair["products"]), u * m)
        assert pair["score"] == pytest.approx(float(u @ m), abs=1e-12)
    match, mismatch = data["pairs"]
    assert match["score"] > 0 > mismatch["score"]
    assert match["products"][0] > 0  # dislike x little-of: negative times negative counts in favour


def test_dot_product_geometry_is_cosine_times_lengths(snippet):
    data = snippet("dot_product_geometry").data()
    q, K = tensor(data["query"]), tensor(data["keys"])
    angles = torch.deg2rad(tensor(data["angles"]))
    assert torch.allclose(tensor(data["scores"]), K @ q)
    assert torch.allclose(tensor(data["scores"]), angles.cos() * q.norm() * K.norm(dim=-1), atol=1e-12)
    assert torch.allclose(tensor(data["lengths"]), K.norm(dim=-1))
    assert torch.allclose(tensor(data["cosines"]), F.cosine_similarity(K, q[None], dim=-1))
    scores = data["scores"]
    assert scores[1] > scores[0]  # the long key at 45° beats the short key straight ahead
    assert abs(scores[2]) < 1e-12 and scores[3] < 0 and scores[4] < 0


def test_proximity_not_meaning_rows(snippet):
    data = snippet("proximity_not_meaning").data()
    example = tommy_sentence()
    i = data["query_index"]
    assert data["tokens"][i] == "he"
    L = len(data["tokens"])
    distance = (torch.arange(L)[None] - torch.arange(L)[:, None]).abs().to(torch.float64)  # (L, L)
    assert torch.allclose(tensor(data["proximity"]), torch.softmax(-distance[i], dim=0))
    X = example.embeddings  # (L, E)
    assert torch.allclose(tensor(data["attention"]), torch.softmax(X[i] @ X.T, dim=0))
    # by distance the neighbours win; by dot product the referents Tommy and dog do
    weights = tensor(data["attention"])
    top3 = {data["tokens"][j] for j in weights.topk(3).indices.tolist()}
    assert top3 == {"he", "Tommy", "dog"}
    proximity = tensor(data["proximity"])
    assert proximity[data["tokens"].index("but")] > proximity[data["tokens"].index("Tommy")]


# --- softmax -----------------------------------------------------------------------------------------------


def test_softmax_normalisation_steps(snippet):
    data = snippet("softmax_normalisation").data()
    scores = tensor(data["scores"])
    assert data["scores"] == pytest.approx([0.5475, 0.0875, -1.2350], abs=5e-5)  # CONTENT.md
    assert torch.allclose(tensor(data["exps"]), scores.exp())
    assert data["total"] == pytest.approx(float(scores.exp().sum()), rel=1e-12)
    assert torch.allclose(tensor(data["weights"]), torch.softmax(scores, dim=0))
    assert data["weights"] == pytest.approx([0.5557, 0.3508, 0.0935], abs=5e-5)  # CONTENT.md


def test_softmax_building_blocks_equals_pytorch(snippet):
    data = snippet("softmax_building_blocks").data()
    q, M = tensor(data["query"]), tensor(data["movies"])  # (3,), (M, 3)
    assert torch.allclose(tensor(data["scores"]), M @ q)
    assert torch.allclose(tensor(data["weights"]), torch.softmax(M @ q, dim=0))
    assert torch.allclose(tensor(data["weighted"]), tensor(data["weights"])[:, None] * M)
    assert torch.allclose(tensor(data["output"]), sdpa(q[None], M, M, scale=1.0)[0])
    assert torch.allclose(tensor(data["output"]), tensor(data["weighted"]).sum(0))


def test_softmax_temperature_worked_numbers(snippet):
    data = snippet("softmax_temperature").data()
    scores, factors = tensor(data["scores"]), tensor(data["factors"])
    assert data["scores"] == [4.0, 1.0]
    assert torch.allclose(tensor(data["scaled"]), factors[:, None] * scores[None])
    assert torch.allclose(tensor(data["weights"]), torch.softmax(factors[:, None] * scores[None], dim=-1))
    by_factor = dict(zip(data["factors"], data["weights"]))
    assert by_factor[1.0] == pytest.approx([0.952574, 0.047426], abs=5e-7)  # CONTENT.md
    assert [f"{w:.2f}" for w in by_factor[0.25]] == ["0.68", "0.32"]  # softmax.md: "it hedges"
    assert by_factor[100.0][0] == 1.0 and by_factor[100.0][1] == pytest.approx(5.1e-131, rel=0.01)  # CONTENT.md
    firsts = [w[0] for w in data["weights"]]
    assert firsts == sorted(firsts)  # larger factor, more confident; the ranking never changes


# --- queries, keys and values ------------------------------------------------------------------------------


def test_qkv_projections_are_the_modules_projections(snippet):
    data = snippet("qkv_projections").data()
    X = tensor(data["X"])  # (L, E)
    module = qkv_example().module
    for name, proj in (("Q", module.q_proj), ("K", module.k_proj), ("V", module.v_proj)):
        W = tensor(data[f"W_{name}"])  # (E, D)
        assert torch.allclose(tensor(data[name]), X @ W)
        with torch.no_grad():
            assert torch.allclose(tensor(data[name]), proj(X))
    assert len(data["tokens"]) == len(data["X"])


def test_self_attention_four_steps_for_one_token(snippet):
    data = snippet("self_attention_four_steps").data()
    example = qkv_example()
    i = data["index"]
    q, K, V = tensor(data["q"]), tensor(data["K"]), tensor(data["V"])
    assert torch.allclose(q, example.X[i] @ example.W_Q)  # 1. project
    assert torch.allclose(K, example.X @ example.W_K) and torch.allclose(V, example.X @ example.W_V)
    assert torch.allclose(tensor(data["scores"]), K @ q / math.sqrt(data["d_k"]))  # 2. score
    assert torch.allclose(tensor(data["weights"]), torch.softmax(K @ q / math.sqrt(data["d_k"]), dim=0))  # 3.
    assert torch.allclose(tensor(data["output"]), tensor(data["weights"]) @ V)  # 4. weighted sum
    assert torch.allclose(tensor(data["output"]), sdpa(q[None], K, V)[0])
    with torch.no_grad():
        out, _ = example.module(example.X[None], example.X[None], example.X[None])
    assert torch.allclose(tensor(data["output"]), out[0, i])
    assert max(range(len(data["weights"])), key=data["weights"].__getitem__) != i  # attends most elsewhere


# --- the matrix form ---------------------------------------------------------------------------------------


def test_matrix_form_shapes_equals_pytorch(snippet):
    data = snippet("matrix_form_shapes").data()
    X, Q, K, V = (tensor(data[name]) for name in ("X", "Q", "K", "V"))
    example = qkv_example()
    assert torch.allclose(Q, X @ example.W_Q) and torch.allclose(K, X @ example.W_K)
    assert torch.allclose(V, X @ example.W_V)
    assert torch.allclose(tensor(data["scores"]), Q @ K.T / math.sqrt(data["d_k"]))
    assert torch.allclose(tensor(data["weights"]), torch.softmax(Q @ K.T / math.sqrt(data["d_k"]), dim=-1))
    assert torch.allclose(tensor(data["Y"]), sdpa(Q, K, V))
    # batched: the same rows come out of a batch of two (N, L, E), each item on its own
    batch = torch.stack([X, X.flip(0)])  # (N, L, E)
    with torch.no_grad():
        out, weights = example.module(batch, batch, batch)  # (N, L, D), (N, L, S)
    assert torch.allclose(out[0], tensor(data["Y"])) and torch.allclose(out[1], tensor(data["Y"]).flip(0))
    assert torch.allclose(weights[0], tensor(data["weights"]))


def test_pixel_attention_map_is_one_row_of_self_attention(snippet):
    data = snippet("pixel_attention_map").data()
    image, X = tensor(data["image"]), tensor(data["X"])  # (H, W, 3), (P, 3)
    H, W_px, C = image.shape
    assert X.shape == (H * W_px, C)
    assert torch.allclose(X, (2 * image - 1).reshape(-1, C))
    row, col = data["pixel"]
    assert data["pixel_index"] == row * W_px + col
    weights = torch.softmax(X @ X.T, dim=-1)  # (P, P)
    assert torch.allclose(tensor(data["attention_map"]), weights[data["pixel_index"]].reshape(H, W_px))
    assert sum(map(sum, data["attention_map"])) == pytest.approx(1.0, abs=1e-12)
    # the query pixel is red and attends mostly to red pixels
    red = (image[..., 0] > 0.7) & (image[..., 1] < 0.4)  # (H, W)
    assert red[row, col] and tensor(data["attention_map"])[red].sum() > 0.5


# --- scaling -----------------------------------------------------------------------------------------------


def test_dot_product_variance_grows_with_d_k(snippet):
    data = snippet("dot_product_variance").data()
    dims, var, scaled = tensor(data["dims"]), tensor(data["var"]), tensor(data["scaled_var"])
    assert torch.allclose(var / dims, torch.ones_like(dims), rtol=0.1)  # Var(q·k) ≈ d_k
    assert torch.allclose(scaled, torch.ones_like(dims), rtol=0.1)  # ≈ 1 after scaling
    assert torch.allclose(var / dims, scaled)  # scaling divides the variance by exactly d_k
    # independent sample for the histogram's dimension
    gen = torch.Generator().manual_seed(12345)
    d = data["d"]
    q, k = torch.randn(20_000, d, generator=gen), torch.randn(20_000, d, generator=gen)
    assert (q * k).sum(-1).var().item() == pytest.approx(d, rel=0.05)
    assert data["sample_var"] == pytest.approx(d, rel=0.05) and data["sample_scaled_var"] == pytest.approx(1, rel=0.05)
    for name, var_ in (("raw", data["sample_var"]), ("scaled", data["sample_scaled_var"])):
        edges, density = tensor(data[f"{name}_edges"]), tensor(data[f"{name}_density"])
        assert float((density * edges.diff()).sum()) == pytest.approx(1.0, abs=1e-9)  # a density: area 1
        centres = (edges[1:] + edges[:-1]) / 2
        spread = float((density * edges.diff() * centres**2).sum())
        assert spread == pytest.approx(var_, rel=0.05)


def test_softmax_112_96_worked_numbers(snippet):
    data = snippet("softmax_112_96").data()
    assert data["d_k"] == 64
    assert data["scores"] == [112.0, 96.0]
    assert data["scaled_scores"] == [14.0, 12.0]  # divided by √64 = 8
    assert data["weights"][0] == pytest.approx(0.99999988746, abs=1e-11)  # CONTENT.md
    assert data["weights"][1] == pytest.approx(1.1253516e-7, rel=1e-7)
    assert data["scaled_weights"] == pytest.approx([0.880797, 0.119203], abs=5e-7)
    assert torch.allclose(tensor(data["weights"]), torch.softmax(tensor([112.0, 96.0]), dim=0))
    # the seed's "0.999999999 and 0.00000001" is wrong: the second weight is about 11 times larger
    assert data["weights"][1] > 10 * 1e-8


def test_sdpa_pipeline_intermediates(snippet):
    data = snippet("sdpa_pipeline").data()
    Q, K, V = tensor(data["Q"]), tensor(data["K"]), tensor(data["V"])
    d_k = data["d_k"]
    assert d_k == K.shape[-1]  # the key dimension, not the number of elements
    assert torch.allclose(tensor(data["matmul"]), Q @ K.T)  # 1. MatMul
    assert torch.allclose(tensor(data["scaled"]), Q @ K.T / math.sqrt(d_k))  # 2. Scale
    masked = tensor(data["masked"])  # 3. Mask
    future = torch.ones(len(Q), len(K), dtype=torch.bool).triu(1)  # (L, S) keys after each query
    assert torch.isinf(masked[future]).all() and (masked[future] < 0).all()
    assert torch.allclose(masked[~future], tensor(data["scaled"])[~future])
    weights = tensor(data["weights"])  # 4. SoftMax
    assert torch.allclose(weights, torch.softmax(masked, dim=-1))
    assert (weights[future] == 0).all() and weights[0, 0] == 1.0
    assert torch.allclose(weights.sum(-1), torch.ones(len(Q), dtype=torch.float64))
    assert torch.allclose(tensor(data["output"]), weights @ V)  # 5. MatMul
    assert torch.allclose(tensor(data["output"]), sdpa(Q, K, V, is_causal=True))


# --- the pages' own numbers --------------------------------------------------------------------------------
# Every number the Foundations pages print in their prose, recomputed from attnlab.examples and looked up in
# the page's text as the page writes it (lines joined).

PAGES = Path(__file__).resolve().parents[2] / "docs" / "foundations"


def page(name):
    return " ".join((PAGES / f"{name}.md").read_text(encoding="utf-8").split())


SPACED = ",\\ "  # the separator of a tuple in display math: (0.5557,\ 0.3508)


def row(values, fmt="{:.2f}", sep=", "):
    """A tuple as a page writes it: ``(0.74, 0.29, -0.25)``."""
    return "(" + sep.join(fmt.format(v) for v in values) + ")"


def test_weighted_sum_page_numbers():
    text, e = page("weighted-sum"), basic_self_attention()
    A, Y, norms = e.W, e.Y, e.X.norm(dim=-1)
    pair = A[:2, :2].sum(-1)  # x1's and x2's weight on the pair x1, x2
    assert f"(${pair[0]:.2f}$ and ${pair[1]:.2f}$)" in text
    assert f"$\\mathbf{{y}}_1 = {row(Y[0].tolist())}$" in text
    assert (f"$\\mathbf{{x}}_2$ gives ${A[1, 0]:.2f}$ of its attention to $\\mathbf{{x}}_1$ and only "
            f"${A[1, 1]:.2f}$ to itself") in text
    assert f"(${norms[0]:.2f}$ against ${norms[1]:.2f}$)" in text and norms[0] > norms[1]
    assert (e.X[1] @ e.X[0]) > (e.X[1] @ e.X[1])  # so x2 prefers x1 to itself
    counter = diagonal_counterexample()
    assert f"$A$ is ${row(counter.W[0].tolist(), '{:.4f}')}$" in text
    assert "more than seven times" in text and counter.W[0, 1] / counter.W[0, 0] > 7


def test_dot_product_page_numbers():
    text, m, g = page("dot-product"), user_movie_preferences(), dot_product_geometry()
    ben, heist, letters = m.users[1], m.movies[0], m.movies[1]
    assert m.user_labels[1] == "Ben" and m.movie_labels[:2] == ("Night Heist", "Letters in May")
    assert f"romance (${ben[1]:.2f}$)" in text and f"(${letters[1]:.2f}$): ${ben[1] * letters[1]:+.2f}$" in text
    assert f"action (${ben[0]:.2f}$)" in text and f"(${letters[0]:.2f}$)" in text
    assert f"multiply to ${ben[0] * letters[0]:+.2f}$" in text
    assert f"loses ${-(ben[0] * heist[0]):.2f}$ on action alone" in text
    assert f"scores ${g.scores[1]:.2f}$, more than $k_1$" in text and f"is short (${g.scores[0]:.2f}$)" in text
    assert g.lengths[1] == 2.0 and g.angles[1] == 45.0


def test_softmax_page_numbers():
    text, k, m = page("softmax"), query_over_three_keys(), user_movie_preferences()
    assert "the vector $(0.55, 0.95)$ with three vectors $(0.65, 0.2)$, $(0.85, -0.4)$ and $(-0.95, -0.75)$" in text
    assert k.query.tolist() == [0.55, 0.95] and k.keys.tolist() == [[0.65, 0.2], [0.85, -0.4], [-0.95, -0.75]]
    assert f"scores ${row(k.scores.tolist(), '{:.4f}', SPACED)}$" in text
    assert f"The weights are ${row(k.weights.tolist(), '{:.4f}', SPACED)}$" in text
    ben = 1
    assert f"${row(m.scores[ben].tolist(), '{:+.2f}', SPACED)}$" in text
    assert f"${row(m.weights[ben].tolist(), '{:.2f}', SPACED)}$" in text
    assert f"${row(m.ideal[ben].tolist(), '{:.2f}', SPACED)}$" in text
    assert f"probability {m.weights[ben, 1]:.2f}" in text
    assert m.weights[ben].argmax() == 1  # mostly "Letters in May"
    assert f"$\\exp(1) \\approx {math.e:.2f}$" in text
    t = softmax_temperature((0.25, 1.0, 100.0))
    assert f"give ${row(t.weights[1].tolist(), '{:.6f}', SPACED)}$" in text
    assert f"hedges, ${row(t.weights[0].tolist(), '{:.2f}', SPACED)}$" in text
    mantissa, exponent = f"{t.weights[2, 1]:.1e}".split("e")
    assert t.weights[2, 0] == 1.0 and f"$(1,\\ {mantissa}\\times10^{{{int(exponent)}}})$" in text


def test_soft_dictionary_page_numbers():
    text, k, t = page("soft-dictionary"), query_over_three_keys(), softmax_temperature((1.0, 100.0))
    assert "$\\mathbf{q} = (0.55, 0.95)$" in text and k.query.tolist() == [0.55, 0.95]
    for j, key in enumerate(k.keys.tolist()):
        assert f"$\\mathbf{{k}}_{j + 1} = ({key[0]:g}, {key[1]:g})$" in text
    assert torch.equal(k.values, k.keys)
    assert f"= {row(k.scores.tolist(), '{:.4f}', SPACED)}$" in text
    assert f"= {row(k.weights.tolist(), '{:.4f}', SPACED)}$" in text
    assert f"= {row(k.context.tolist(), '{:.4f}', SPACED)}$" in text
    mantissa, exponent = f"{t.weights[1, 1]:.1e}".split("e")  # the pointer to the softmax page's (4, 1) × 100
    assert t.weights[1, 0] == 1.0 and f"$(1, {mantissa}\\times10^{{{int(exponent)}}})$" in text


def test_queries_keys_values_page_numbers():
    text, e = page("queries-keys-values"), qkv_example()
    for name, M in (("query", e.Q), ("key", e.K), ("value", e.V)):
        assert f"{name} ${row(M[1].tolist())}$" in text
    A = e.weights
    assert (f"$\\mathbf{{x}}_1$ gives ${A[0, 2]:.2f}$ of its attention to $\\mathbf{{x}}_3$ and only "
            f"${A[0, 0]:.2f}$ to itself") in text
    assert f"$\\mathbf{{x}}_3$ gives $\\mathbf{{x}}_1$ just ${A[2, 0]:.2f}$" in text
    d, d_k, d_v = e.X.shape[1], e.K.shape[1], e.V.shape[1]
    assert f"($d = {d}$, $d_k = d_v = {d_k}$)" in text and d_k == d_v == e.d_k
    assert f"$\\mathbf{{y}}_1$ has $d_v = {e.Y.shape[1]}$ features" in text


def test_matrix_form_page_numbers():
    text, e, p = page("matrix-form"), qkv_example(), rgb_image_attention()
    shapes = {"$X$": e.X, "$W^Q, W^K$": e.W_Q, "$W^V$": e.W_V, "$Q$": e.Q, "$K$": e.K, "$V$": e.V,
              "$Q K^\\top / \\sqrt{d_k}$, weights $A$": e.weights, "$Y = A V$": e.Y}
    for name, M in shapes.items():
        assert re.search(re.escape(f"| {name} |") + r"[^|]*\|" + re.escape(f" ${tuple(M.shape)}$ |"), text), name
    assert e.W_K.shape == e.W_Q.shape  # one row of the table for both
    # the pixel figure: 64 pixels of 3 features; the query pixel's weights by region
    assert p.X.shape == (64, 3) and "$X$ of shape $(64, 3)$" in text and f"$64^2 = {64 ** 2}$" in text
    weights, image = p.attention_map, p.image  # (8, 8), (8, 8, 3)
    red = (image[..., 0] > 0.7) & (image[..., 1] < 0.4)
    sun = (image[..., 0] > 0.7) & (image[..., 1] > 0.7)
    rest = ~(red | sun)
    assert red.sum() == 9 and red[p.pixel] and f"gives ${weights[red].sum():.2f}$ of its attention to the nine" in text
    assert sun.sum() == 4 and f"about ${weights[sun].mean():.2f}$ to each pixel of the warm yellow sun" in text
    assert (weights[sun] - weights[sun].mean()).abs().max() < 0.005
    assert f"at most ${weights[rest].max():.3f}$ to any pixel of the sky or the grass" in text
    assert 32 * 32 == 1024 and (32 * 32) ** 2 > 1_000_000  # "more than a million"
    # shuffling the rows of X shuffles the outputs the same way
    perm = torch.randperm(64, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(sdpa(p.X[perm], p.X[perm], p.X[perm], scale=1.0), p.Y[perm])
