"""Encoder-decoder examples of the decoding page (topic 22): greedy and beam search over a toy distribution.

A "model" here is any function ``next_token_probs(prefix) -> {token: probability}`` giving the distribution of
the next token after a prefix (a tuple of tokens). :func:`toy_next_token_probs` is the two-step example of
CONTENT.md: p(A) = 0.6, p(B) = 0.4; p(·|A) = x .4, y .3, z .3; p(·|B) = x .9, y .05, z .05. Greedy decoding
takes A then x (0.6 · 0.4 = 0.24); a beam of width 2 keeps B alive and finds B x (0.4 · 0.9 = 0.36).

Both searches are written out in plain Python (no torch) and record every step, so a figure or an animation
can show the candidates each step considered and the ones it kept.
"""

import math
from dataclasses import dataclass

# The toy distribution: prefix -> next-token probabilities (insertion order is the display order).
TOY_TREE = {
    (): {"A": 0.6, "B": 0.4},
    ("A",): {"x": 0.4, "y": 0.3, "z": 0.3},
    ("B",): {"x": 0.9, "y": 0.05, "z": 0.05},
}


def toy_next_token_probs(prefix):
    """Next-token distribution of the toy example after ``prefix`` (a tuple); ``{}`` ends the sequence."""
    return dict(TOY_TREE.get(tuple(prefix), {}))


@dataclass(frozen=True)
class Hypothesis:
    """A partial or complete sequence with its probability (product of the step probabilities)."""

    tokens: tuple
    prob: float

    @property
    def log_prob(self):
        return math.log(self.prob) if self.prob > 0 else -math.inf


@dataclass(frozen=True)
class SearchStep:
    """One step of a search: every candidate extension considered and the hypotheses kept."""

    candidates: tuple  # tuple[Hypothesis], best first
    kept: tuple  # tuple[Hypothesis], best first


@dataclass(frozen=True)
class SearchResult:
    """The best sequence found, its probability and the steps taken to find it."""

    tokens: tuple
    prob: float
    steps: tuple  # tuple[SearchStep]
    beam_width: int


def _rank(hyps):
    # best first; ties broken by the tokens so the order never depends on dict or hash order
    return tuple(sorted(hyps, key=lambda h: (-h.prob, h.tokens)))


def beam_search(next_token_probs=toy_next_token_probs, beam_width=2, max_len=10):
    """Beam search: keep the ``beam_width`` most probable prefixes at every step.

    A hypothesis whose distribution is empty is complete and is carried over unchanged. Stops when every
    kept hypothesis is complete or after ``max_len`` steps. Returns a :class:`SearchResult` with the most
    probable kept sequence (tuple of tokens), its probability and the per-step candidates and kept beams.
    """
    if beam_width < 1:
        raise ValueError(f"beam_width must be >= 1, got {beam_width}")
    beams = (Hypothesis((), 1.0),)
    steps = []
    for _ in range(max_len):
        candidates, extended = [], False
        for hyp in beams:
            dist = next_token_probs(hyp.tokens)
            if not dist:
                candidates.append(hyp)  # complete: carried over
                continue
            extended = True
            for token, p in dist.items():
                candidates.append(Hypothesis(hyp.tokens + (token,), hyp.prob * float(p)))
        if not extended:
            break
        ranked = _rank(candidates)
        beams = ranked[:beam_width]
        steps.append(SearchStep(candidates=ranked, kept=beams))
    best = beams[0]
    return SearchResult(tokens=best.tokens, prob=best.prob, steps=tuple(steps), beam_width=beam_width)


def greedy_search(next_token_probs=toy_next_token_probs, max_len=10):
    """Greedy decoding: take the most probable next token at every step (beam search of width 1)."""
    return beam_search(next_token_probs, beam_width=1, max_len=max_len)


def all_sequences(next_token_probs=toy_next_token_probs, max_len=10):
    """Every complete sequence with its probability, best first (exhaustive search; for small trees only)."""
    out, frontier = [], [Hypothesis((), 1.0)]
    while frontier:
        hyp = frontier.pop()
        dist = next_token_probs(hyp.tokens) if len(hyp.tokens) < max_len else {}
        if not dist:
            out.append(hyp)
            continue
        for token, p in dist.items():
            frontier.append(Hypothesis(hyp.tokens + (token,), hyp.prob * float(p)))
    return _rank(out)


# ---------------------------------------------------------------------------------------------------------
# The page's worked example: greedy vs beam search on the toy tree
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GreedyVsBeam:
    """Greedy decoding and beam search (width 2) on the toy two-step distribution.

    tree:     prefix tuple -> {token: p}: p(A)=0.6, p(B)=0.4; p(·|A) = x .4, y .3, z .3; p(·|B) = x .9, y .05, z .05
    greedy:   :class:`SearchResult`: tokens ("A", "x"), prob 0.24, with every step's candidates and kept beams
    beam:     :class:`SearchResult`: tokens ("B", "x"), prob 0.36 (beam width 2)
    sequences: every complete sequence (Hypothesis tokens/prob), best first
    """

    tree: dict
    greedy: SearchResult
    beam: SearchResult
    sequences: tuple


def greedy_vs_beam(beam_width=2):
    """Greedy finds A→x (0.24), a beam of width 2 finds B→x (0.36) (topic 22); see :class:`GreedyVsBeam`."""
    tree = {k: dict(v) for k, v in TOY_TREE.items()}
    return GreedyVsBeam(tree, greedy_search(), beam_search(beam_width=beam_width), all_sequences())
