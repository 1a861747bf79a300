"""The numbers and claims of two step-by-step scenes that no other test covers.

* ``sdpa_pipeline_steps`` (MatMul, Scale, Mask, SoftMax, MatMul on :func:`attnlab.examples.foundations.qkv_example`):
  it shows the same tensors as the still ``sdpa_pipeline``; every step is recomputed here by hand and checked
  against ``torch.nn.functional.scaled_dot_product_attention`` (``is_causal=True`` and a boolean ``attn_mask``);
  the masked weights are exactly 0, the rows sum to 1, the first query's weights are exactly (1, 0, 0) so its
  output is exactly the first value; the numbers its caption quotes are the data's.
* ``multihead_matmul_steps`` (on :func:`attnlab.examples.multi_head.multihead_products`): it shows the same
  tensors as the still ``multihead_matmul``; the stacked product equals the per-head products; the per-head
  weights and Y equal ``torch.nn.MultiheadAttention`` with the weights copied in (X and the projections padded
  with zero features, since PyTorch's layer needs as many input features as H·D); Z W^O is the sum of what each
  head's rows of W^O contribute; the shapes its caption quotes are the data's.
"""

import importlib.util
import math
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from attnlab.examples.foundations import qkv_example
from attnlab.examples.multi_head import multihead_products

from .conftest import caption_number as _two
from .conftest import scene_caption as caption

ROOT = Path(__file__).resolve().parents[2]


def _snippet_data(section, name):
    path = ROOT / "snippets" / section / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"snippet_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.data()


def _t(values):
    return torch.tensor(values, dtype=torch.float64)


# ---------------------------------------------------------------------------------------------------------
# sdpa_pipeline_steps
# ---------------------------------------------------------------------------------------------------------


def test_sdpa_steps_show_the_still_numbers():
    still, e = _snippet_data("foundations", "sdpa_pipeline"), qkv_example()
    assert still["d_k"] == e.d_k
    pairs = {"Q": e.Q, "K": e.K, "V": e.V, "matmul": e.raw_scores, "scaled": e.scores, "masked": e.causal_scores,
             "weights": e.causal_weights, "output": e.causal_Y}
    for key, shown in pairs.items():
        assert torch.equal(_t(still[key]), shown), key


def test_sdpa_steps_recomputed_by_hand_and_by_pytorch():
    e = qkv_example()
    Q, K, V = e.Q, e.K, e.V  # (L, D), (S, D), (S, D)
    L, S = Q.shape[0], K.shape[0]
    assert e.d_k == K.shape[-1] == 3  # the key dimension, the √3 the scene divides by
    # 1. MatMul and 2. Scale
    raw = torch.einsum("ld,sd->ls", Q, K)  # (L, S)
    torch.testing.assert_close(e.raw_scores, raw)
    torch.testing.assert_close(e.scores, raw / math.sqrt(3))
    # 3. Mask: the keys after each query are exactly -inf, the others untouched
    allowed = torch.ones(L, S, dtype=torch.bool).tril()  # (L, S) True = may attend
    assert torch.equal(e.causal_scores[~allowed],
                       torch.full(((~allowed).sum().item(),), -math.inf, dtype=torch.float64))
    assert torch.equal(e.causal_scores[allowed], e.scores[allowed])
    # 4. SoftMax along each row: exact zeros where -inf, rows summing to 1, row 1 exactly (1, 0, 0)
    w = e.causal_weights  # (L, S)
    expected = torch.exp(e.causal_scores - e.causal_scores.max(-1, keepdim=True).values)
    torch.testing.assert_close(w, expected / expected.sum(-1, keepdim=True))
    assert torch.equal(w[~allowed], torch.zeros((~allowed).sum().item(), dtype=torch.float64))
    assert (w[allowed] > 0).all()
    torch.testing.assert_close(w.sum(-1), torch.ones(L, dtype=torch.float64))
    assert [f"{s:.2f}" for s in w.sum(-1).tolist()] == ["1.00"] * L  # the Σ labels
    assert w[0].tolist() == [1.0, 0.0, 0.0]
    # 5. MatMul: against PyTorch, with is_causal and with the same mask given explicitly
    torch.testing.assert_close(e.causal_Y, F.scaled_dot_product_attention(Q, K, V, is_causal=True))
    torch.testing.assert_close(e.causal_Y, F.scaled_dot_product_attention(Q, K, V, attn_mask=allowed))
    assert torch.equal(e.causal_Y[0], V[0])  # the first query sees only itself: y1 = v1


def test_sdpa_steps_caption_quotes_the_data():
    e, text = qkv_example(), caption("sdpa_pipeline_steps")
    assert f"column 1 is {_two(e.raw_scores[0, 0].item())}" in text
    assert f"{_two(e.raw_scores[0, 0].item())} becomes {_two(e.scores[0, 0].item())}" in text
    assert f"\\sqrt{{3}} \\approx {math.sqrt(e.d_k):.2f}" in text
    assert "(" + ", ".join(f"{v:g}" for v in e.causal_weights[0].tolist()) + ")" in text


# ---------------------------------------------------------------------------------------------------------
# multihead_matmul_steps
# ---------------------------------------------------------------------------------------------------------


def test_multihead_steps_show_the_still_numbers():
    still, e = _snippet_data("multi_head", "multihead_matmul"), multihead_products()
    H, _, D = e.W_Q.shape
    assert torch.equal(_t(still["X"]), e.X)
    # the two parts the scene slides together
    assert torch.equal(_t(still["W_Q_stacked"]), torch.cat(list(e.W_Q), dim=1))
    assert torch.equal(_t(still["Q"]), e.Q)
    assert torch.equal(_t(still["weights"]), e.weights)
    assert torch.equal(_t(still["V_heads"]), torch.stack([e.V[:, h * D:(h + 1) * D] for h in range(H)]))
    assert torch.equal(_t(still["Z_heads"]), torch.stack([e.Z[:, h * D:(h + 1) * D] for h in range(H)]))
    assert torch.equal(_t(still["Z"]), e.Z)
    assert torch.equal(_t(still["W_O"]), e.W_O)
    assert torch.equal(_t(still["Y"]), e.Y)


def test_one_stacked_product_gives_every_heads_queries_keys_values():
    e = multihead_products()
    for W, M in ((e.W_Q, e.Q), (e.W_K, e.K), (e.W_V, e.V)):  # (H, E, D), (L, H·D)
        assert torch.equal(M, torch.cat([e.X @ W[h] for h in range(W.shape[0])], dim=1))
        assert torch.equal(M, M.round())  # integers, printed without decimals


def test_multihead_steps_equal_pytorch_multihead_attention():
    e = multihead_products()
    H, E, D = e.W_Q.shape
    L, HD, D_out = e.X.shape[0], H * D, e.W_O.shape[1]  # D_out = E
    # nn.MultiheadAttention needs embed_dim = H·D input features: pad X and the projections with zero features
    pad = HD - E
    x = F.pad(e.X, (0, pad))[None]  # (1, L, H·D)
    w_in = [F.pad(W, (0, 0, 0, pad)) for W in (e.W_Q_stacked, e.W_K_stacked, e.W_V_stacked)]  # (H·D, H·D) each
    reference = nn.MultiheadAttention(HD, H, bias=False, batch_first=True).double()
    with torch.no_grad():
        reference.in_proj_weight.copy_(torch.cat([W.T for W in w_in]))  # nn.Linear computes x Wᵀ
        reference.out_proj.weight.copy_(F.pad(e.W_O, (0, HD - D_out)).T)  # W^O with zero columns up to H·D
        out, weights = reference(x, x, x, need_weights=True, average_attn_weights=False)  # (1, L, H·D), (1, H, L, L)
    torch.testing.assert_close(e.weights, weights[0])
    torch.testing.assert_close(e.Y, out[0, :, :D_out])
    assert torch.equal(out[0, :, D_out:], torch.zeros(L, HD - D_out, dtype=torch.float64))
    torch.testing.assert_close(e.weights.sum(-1), torch.ones(H, L, dtype=torch.float64))  # rows sum to 1


def test_w_o_rows_read_one_head_each():
    e = multihead_products()
    H, _, D = e.W_Q.shape
    per_head = [e.Z[:, h * D:(h + 1) * D] @ e.W_O[h * D:(h + 1) * D] for h in range(H)]  # (L, E) each
    torch.testing.assert_close(e.Y, sum(per_head))
    # changing head 2's output changes Y only through rows 4-6 of W^O
    z = e.Z.clone()
    z[:, D:] += 1.0
    torch.testing.assert_close(z @ e.W_O - e.Y, torch.ones(z.shape[0], D, dtype=torch.float64) @ e.W_O[D:])


def test_multihead_steps_caption_quotes_the_shapes():
    e, text = multihead_products(), caption("multihead_matmul_steps")
    H, E, D = e.W_Q.shape
    L, D_out = e.X.shape[0], e.W_O.shape[1]
    assert D_out == E != D  # W^O maps back to the model width: Y has X's features, not one head's
    for shape in (f"$d = {E}$ features", f"{E}×{D} each", f"{E}×{H * D} matrix", f"({L}×{E} times {E}×{H * D})",
                  f", {L}×{L}, rows", f"({L}×{D})", f"$Z$ ({L}×{H * D})", f"$W^O$ ({H * D}×{D_out})",
                  f"$Y$ ({L}×{D_out})", f"the {E} features of $X$"):
        assert shape in text, shape
    assert f"columns 1-{D} are head 1's, columns {D + 1}-{H * D} head 2's" in text
    assert f"rows 1-{D} of $W^O$ read head 1, rows {D + 1}-{H * D} head 2" in text
