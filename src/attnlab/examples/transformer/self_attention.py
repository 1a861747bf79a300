"""Transformer examples of the encoder and masked self-attention pages (topics 16, 23): bidirectional vs causal.

The rules of every example hold (see :mod:`attnlab.examples`); the projections are seeded.
"""

from dataclasses import dataclass

import torch

from attnlab.attention import attention_scores, scaled_dot_product_attention
from attnlab.examples.common import DTYPE, seeded_generator, seeded_projections
from attnlab.masks import causal_mask

# ---------------------------------------------------------------------------------------------------------
# Topic 16: the causal mask
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CausalExample:
    """Masked self-attention of five decoder tokens, with ``is_causal=True``.

    tokens:  (L,) = 5 decoder input tokens
    x:       (L, E) = (5, 4) seeded embeddings
    query, key, value: (L, E) x @ W^Q, x @ W^K, x @ W^V (seeded W)
    scores:  (L, L) q·k/√E with the strict upper triangle at -inf (attnlab.attention_scores)
    weights: (L, L) softmax of each row: exactly 0 above the diagonal, first row one-hot, rows sum to 1
    output:  (L, E) weights @ value
    """

    tokens: tuple
    x: torch.Tensor
    query: torch.Tensor
    key: torch.Tensor
    value: torch.Tensor
    scores: torch.Tensor
    weights: torch.Tensor
    output: torch.Tensor


def causal_example(dim=4):
    """A causal mask at work (topic 16); see :class:`CausalExample`."""
    tokens = ("<start>", "the", "cat", "sat", "down")
    gen = seeded_generator("transformer_causal")
    x = torch.randn(len(tokens), dim, generator=gen, dtype=DTYPE)  # (L, E)
    w_q, w_k, w_v = seeded_projections(gen, dim, 3)  # (E, E) each
    q, k, v = x @ w_q, x @ w_k, x @ w_v  # (L, E) each
    scores = attention_scores(q, k, is_causal=True)  # (L, L)
    output, weights = scaled_dot_product_attention(q, k, v, is_causal=True)  # (L, E), (L, L)
    return CausalExample(tokens, x, q, k, v, scores, weights, output)


# ---------------------------------------------------------------------------------------------------------
# Topic 23: bidirectional (encoder-only) vs causal (decoder-only) self-attention
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BidirectionalVsCausal:
    """One seeded self-attention run twice: bidirectional (an encoder, BERT) and causal (a decoder, GPT).

    tokens:          (L,) = 6 tokens; equal tokens share an embedding
    x:               (L, E) = (6, 8) embeddings
    query, key, value: (L, E) x @ W^Q, x @ W^K, x @ W^V (seeded W)
    allowed:         dict "bidirectional" / "causal" -> (L, L) bool, True = may attend
    weights:         dict -> (L, L) attnlab's scaled_dot_product_attention with attn_mask=allowed[name]
    """

    tokens: tuple
    x: torch.Tensor
    query: torch.Tensor
    key: torch.Tensor
    value: torch.Tensor
    allowed: dict
    weights: dict


def bidirectional_vs_causal(dim=8):
    """Encoder-only vs decoder-only attention on one sentence (topic 23); see :class:`BidirectionalVsCausal`."""
    tokens = ("the", "cat", "sat", "on", "the", "mat")
    vocab = tuple(dict.fromkeys(tokens))
    gen = seeded_generator("transformer_bidirectional")
    embeddings = torch.randn(len(vocab), dim, generator=gen, dtype=DTYPE)  # (V, E)
    x = embeddings[torch.tensor([vocab.index(t) for t in tokens])]  # (L, E)
    w_q, w_k, w_v = seeded_projections(gen, dim, 3)  # (E, E) each
    q, k, v = x @ w_q, x @ w_k, x @ w_v  # (L, E) each
    L = len(tokens)
    allowed = {"bidirectional": torch.ones(L, L, dtype=torch.bool), "causal": causal_mask(L)}  # (L, L) each
    weights = {name: scaled_dot_product_attention(q, k, v, attn_mask=mask)[1] for name, mask in allowed.items()}
    return BidirectionalVsCausal(tokens, x, q, k, v, allowed, weights)
