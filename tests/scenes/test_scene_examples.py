"""The numbers and claims the scenes show that no other test covers.

* :func:`attnlab.examples.transformer.positional_dials` (the dials scene) against CONTENT.md's worked numbers
  and an independent computation of the sinusoidal table;
* the causal-mask scene says each row, computed step by step over the tokens so far, equals the row of the
  masked all-at-once computation: checked against ``torch.nn.functional.scaled_dot_product_attention``;
* the Mary/Susan scene says y_gave is identical without positions and differs with them.
"""

import math

import torch
import torch.nn.functional as F

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.transformer import causal_example, mary_susan, positional_dials


def test_positional_dials_worked_numbers():
    d = positional_dials()
    assert d.d_model == 8
    torch.testing.assert_close(d.speeds, torch.tensor([1.0, 0.1, 0.01, 0.001], dtype=torch.float64))
    p1 = d.table[d.positions.tolist().index(1)]  # (d,)
    expected = torch.tensor([0.8415, 0.5403, 0.0998, 0.9950, 0.0100, 1.0, 0.0010, 1.0], dtype=torch.float64)
    torch.testing.assert_close(p1, expected, atol=5e-5, rtol=0)
    torch.testing.assert_close(d.norms, torch.full_like(d.norms, math.sqrt(d.d_model / 2)))


def test_positional_dials_hands_are_the_features():
    d = positional_dials()
    for p, angles, row in zip(d.positions.tolist(), d.angles, d.table):
        for i, w in enumerate(d.speeds.tolist()):
            assert math.isclose(angles[i].item(), p * w, rel_tol=1e-12)
            assert math.isclose(row[2 * i].item(), math.sin(p * w), abs_tol=1e-12)  # the hand's x
            assert math.isclose(row[2 * i + 1].item(), math.cos(p * w), abs_tol=1e-12)  # the hand's y
    assert d.positions.tolist()[: d.steps] == list(range(d.steps))


def test_causal_rows_equal_step_by_step_attention():
    e = causal_example()
    L = len(e.tokens)
    reference = F.scaled_dot_product_attention(e.query, e.key, e.value, is_causal=True)  # (L, E)
    torch.testing.assert_close(e.output, reference)
    assert torch.equal(e.weights.triu(1), torch.zeros_like(e.weights))  # strict upper triangle exactly 0
    for t in range(L):  # inference: token t's query over the keys of tokens 0..t, no mask needed
        out, w = scaled_dot_product_attention(e.query[t:t + 1], e.key[: t + 1], e.value[: t + 1])  # (1, E), (1, t+1)
        torch.testing.assert_close(w[0], e.weights[t, : t + 1])
        torch.testing.assert_close(out[0], e.output[t])


def test_mary_susan_claims():
    m = mary_susan()
    assert m.gap_plain < 1e-12 < 1e-2 < m.gap_pos
    # without positions the weights of "gave" follow the words: the second sentence swaps Mary and Susan
    first, second = m.W_plain[0, m.gave_index], m.W_plain[1, m.gave_index]  # (L,)
    order = [m.sentences[0].index(t) for t in m.sentences[1]]
    torch.testing.assert_close(second, first[order])
