"""Greedy vs beam search on the toy distribution of CONTENT.md."""

import math

import pytest

from attnlab.examples.encoder_decoder import all_sequences, beam_search, greedy_search


def test_greedy_takes_a_then_x():
    result = greedy_search()
    assert result.tokens == ("A", "x")
    assert result.prob == pytest.approx(0.24)
    assert [s.kept[0].tokens for s in result.steps] == [("A",), ("A", "x")]


def test_beam_two_finds_b_then_x():
    result = beam_search(beam_width=2)
    assert result.tokens == ("B", "x")
    assert result.prob == pytest.approx(0.36)
    first, second = result.steps
    assert [h.tokens for h in first.kept] == [("A",), ("B",)]
    assert len(second.candidates) == 6
    assert [h.tokens for h in second.kept] == [("B", "x"), ("A", "x")]
    assert [h.prob for h in second.kept] == pytest.approx([0.36, 0.24])


def test_wide_beam_equals_exhaustive_search():
    best = all_sequences()[0]
    assert best.tokens == ("B", "x") and best.prob == pytest.approx(0.36)
    assert sum(h.prob for h in all_sequences()) == pytest.approx(1.0)
    assert beam_search(beam_width=10).tokens == best.tokens


def test_custom_distribution_and_log_prob():
    def probs(prefix):
        return {"a": 0.5, "b": 0.5} if len(prefix) < 3 else {}

    result = beam_search(probs, beam_width=3)
    assert len(result.tokens) == 3 and result.prob == pytest.approx(0.125)
    assert greedy_search(probs).steps[-1].kept[0].log_prob == pytest.approx(math.log(0.125))
    with pytest.raises(ValueError):
        beam_search(beam_width=0)
