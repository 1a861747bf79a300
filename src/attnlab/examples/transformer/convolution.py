"""Transformer examples of the attention-as-convolution page (topic 21): conv1d as attention, fixed vs computed mixing.

The rules of every example hold (see :mod:`attnlab.examples`).
"""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from attnlab.attention import scaled_dot_product_attention
from attnlab.examples.common import DTYPE, seeded_generator

# ---------------------------------------------------------------------------------------------------------
# Topic 21: attention as a convolution
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvAsAttention:
    """A 1-D convolution written as multi-head attention: one head per kernel tap.

    x:             (L, C_in) = (7, 2) seeded input sequence
    kernel:        (C_out, C_in, K) = (3, 2, 3) seeded conv1d weight (no bias), padding (K - 1) / 2 = 1
    x_padded:      (L + K - 1, C_in) the keys/values: x with one zero token at each end
    weights:       (H = K, L, L + K - 1) one-hot attention: head k's query i looks at padded position i + k
                   (input position i + k - 1), enforced by a boolean attn_mask (True = may attend)
    heads:         (H, L, C_in) each head's output with W^V = I
    Z:             (L, H·C_in) heads concatenated
    W_O:           (H·C_in, C_out) the kernel rearranged: W_O[k·C_in + c, o] = kernel[o, c, k]
    attention_out: (L, C_out) Z @ W_O
    conv_out:      (L, C_out) ``F.conv1d`` of x with the kernel, for comparison (equal up to rounding)
    """

    x: torch.Tensor
    kernel: torch.Tensor
    x_padded: torch.Tensor
    weights: torch.Tensor
    heads: torch.Tensor
    Z: torch.Tensor
    W_O: torch.Tensor
    attention_out: torch.Tensor
    conv_out: torch.Tensor


def conv_as_attention(length=7, in_channels=2, out_channels=3, kernel_size=3):
    """Shift heads + W^V = I + W^O = kernel reproduce conv1d (topic 21); see :class:`ConvAsAttention`."""
    if kernel_size % 2 != 1:
        raise ValueError("kernel_size must be odd")
    gen = seeded_generator("conv_as_attention")
    pad = (kernel_size - 1) // 2
    x = torch.randn(length, in_channels, generator=gen, dtype=DTYPE)  # (L, C_in)
    kernel = torch.randn(out_channels, in_channels, kernel_size, generator=gen, dtype=DTYPE)  # (C_out, C_in, K)
    x_padded = F.pad(x, (0, 0, pad, pad))  # (L + 2·pad, C_in)
    H, S = kernel_size, length + 2 * pad
    i = torch.arange(length)[:, None]  # (L, 1)
    j = torch.arange(S)[None, :]  # (1, S)
    mask = torch.stack([j == i + k for k in range(H)])  # (H, L, S) True = may attend: exactly one key per row
    W_V = torch.eye(in_channels, dtype=DTYPE)  # (C_in, C_in) identity value projection
    keys = x_padded.expand(H, S, in_channels)  # (H, S, C_in) any keys: the mask decides the pattern
    values = (x_padded @ W_V).expand(H, S, in_channels)  # (H, S, C_in)
    queries = x.expand(H, length, in_channels)  # (H, L, C_in)
    heads, weights = scaled_dot_product_attention(queries, keys, values, attn_mask=mask)  # (H, L, C_in), (H, L, S)
    Z = heads.transpose(0, 1).reshape(length, H * in_channels)  # (L, H·C_in)
    W_O = kernel.permute(2, 1, 0).reshape(H * in_channels, out_channels)  # (H·C_in, C_out)
    attention_out = Z @ W_O  # (L, C_out)
    conv_out = F.conv1d(x.T[None], kernel, padding=pad)[0].T  # (L, C_out)
    return ConvAsAttention(x, kernel, x_padded, weights, heads, Z, W_O, attention_out, conv_out)


# ---------------------------------------------------------------------------------------------------------
# Topic 21: attention as a fully connected layer whose weights are computed from the input
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FullyConnectedVsAttention:
    """Mixing four tokens with fixed weights (a fully connected layer across positions) vs with attention.

    tokens:       (L,) row labels
    inputs:       (2, L, E) = (2, 4, 3) two seeded inputs X_a, X_b
    fc_weights:   (L, L) the fully connected layer's mixing matrix: parameters, the same for every input
    fc_outputs:   (2, L, E) fc_weights @ X for each input
    attn_weights: (2, L, L) softmax(X Xᵀ / √E) per input (attnlab's scaled_dot_product_attention): computed
                  from the input, so different for X_a and X_b; rows sum to 1
    attn_outputs: (2, L, E) attn_weights @ X
    """

    tokens: tuple
    inputs: torch.Tensor
    fc_weights: torch.Tensor
    fc_outputs: torch.Tensor
    attn_weights: torch.Tensor
    attn_outputs: torch.Tensor


def fully_connected_vs_attention(length=4, dim=3):
    """y_i = Σ_j a_ij x_j with learned a_ij (dense) or with a_ij = softmax_j(q_i·k_j) (attention); see the dataclass."""
    gen = seeded_generator("transformer_fully_connected")
    inputs = torch.randn(2, length, dim, generator=gen, dtype=DTYPE)  # (2, L, E)
    fc_weights = torch.randn(length, length, generator=gen, dtype=DTYPE) / math.sqrt(length)  # (L, L)
    fc_outputs = fc_weights @ inputs  # (2, L, E)
    attn_outputs, attn_weights = scaled_dot_product_attention(inputs, inputs, inputs)  # (2, L, E), (2, L, L)
    tokens = tuple(f"x{i + 1}" for i in range(length))
    return FullyConnectedVsAttention(tokens, inputs, fc_weights, fc_outputs, attn_weights, attn_outputs)
