"""From PyTorch's modules to attnlab's, weights copied, so the two can be compared number for number.

``from_torch(module)`` accepts ``nn.MultiheadAttention``, ``nn.TransformerEncoderLayer`` and
``nn.TransformerDecoderLayer`` built with ``batch_first=True``. attnlab's modules use PyTorch's parameter
names, so the copy is ``load_state_dict``; in eval mode the outputs and attention weights are equal up to
float rounding.

The one trap is the boolean ``attn_mask``. PyTorch has two conventions:

* ``F.scaled_dot_product_attention``: True = may attend;
* ``nn.MultiheadAttention`` and ``nn.Transformer*`` (``attn_mask``, ``src_mask``, ``tgt_mask``,
  ``memory_mask``): True = NOT allowed.

attnlab uses the first everywhere. So a boolean mask written for PyTorch's modules must be inverted
before it is given to attnlab's: :func:`attn_mask_from_torch`. Float masks (added to the scores) and
``key_padding_mask`` (True = padding, ignored, in both) mean the same in both libraries.
"""

import torch
import torch.nn.functional as F
from torch import nn

from attnlab.multihead import MultiHeadAttention
from attnlab.transformer import DecoderLayer, EncoderLayer


def attn_mask_from_torch(attn_mask):
    """A mask for ``nn.MultiheadAttention``/``nn.Transformer*`` as attnlab's ``attn_mask``.

    Boolean: PyTorch's modules read True = NOT allowed, attnlab (like ``F.scaled_dot_product_attention``)
    reads True = may attend, so the mask is inverted. Float masks are added to the scores in both, and
    are returned as they are; so is ``None``.
    """
    if attn_mask is None or attn_mask.dtype != torch.bool:
        return attn_mask
    return ~attn_mask


def from_torch(module):
    """The attnlab equivalent of a PyTorch attention module, with its weights copied.

    Supported: ``nn.MultiheadAttention`` (-> :class:`~attnlab.multihead.MultiHeadAttention`, narrow),
    ``nn.TransformerEncoderLayer`` (-> :class:`~attnlab.transformer.EncoderLayer`) and
    ``nn.TransformerDecoderLayer`` (-> :class:`~attnlab.transformer.DecoderLayer`), each with
    ``batch_first=True``, bias on or off, relu or gelu, ``norm_first`` either way. The copy has the
    module's dtype, device and train/eval mode.

    Raises ``TypeError`` for any other module and ``ValueError`` for options attnlab does not have
    (``batch_first=False``, ``kdim``/``vdim``, ``add_bias_kv``, ``add_zero_attn``, other activations).

    Masks: convert boolean ``attn_mask``/``src_mask``/``tgt_mask``/``memory_mask`` with
    :func:`attn_mask_from_torch` (PyTorch's modules: True = NOT allowed; attnlab: True = may attend);
    ``key_padding_mask`` needs no change (True = padding in both).

    Two other differences in the call, not in the weights: ``is_causal`` (``tgt_is_causal``) is a hint in
    PyTorch's modules, which need the causal mask as well, and applies the mask by itself in attnlab's;
    ``average_attn_weights`` defaults to True in ``nn.MultiheadAttention`` and to False in attnlab's.
    The page docs/transformer/attention-in-pytorch.md runs each convention.
    """
    if isinstance(module, nn.MultiheadAttention):
        _check_multihead(module, "module")
        copy = MultiHeadAttention(
            module.embed_dim, module.num_heads, bias=module.in_proj_bias is not None, dropout=module.dropout
        )
    elif isinstance(module, nn.TransformerEncoderLayer):
        copy = EncoderLayer(**_layer_arguments(module))
    elif isinstance(module, nn.TransformerDecoderLayer):
        _check_multihead(module.multihead_attn, "module.multihead_attn")
        copy = DecoderLayer(**_layer_arguments(module))
    else:
        raise TypeError(
            "from_torch accepts nn.MultiheadAttention, nn.TransformerEncoderLayer or "
            f"nn.TransformerDecoderLayer; got {type(module).__name__}"
        )
    parameter = next(module.parameters())
    copy.to(dtype=parameter.dtype, device=parameter.device)
    copy.load_state_dict(module.state_dict())
    return copy.train(module.training)


def _check_multihead(attention, name):
    """Raise ValueError for the options of ``nn.MultiheadAttention`` that attnlab does not have."""
    if not attention.batch_first:
        raise ValueError(
            f"{name} has batch_first=False; attnlab is batch first: build it with batch_first=True"
        )
    if not attention._qkv_same_embed_dim:
        raise ValueError(
            f"{name} has kdim={attention.kdim}, vdim={attention.vdim} different from "
            f"embed_dim={attention.embed_dim}; attnlab's MultiHeadAttention needs kdim = vdim = embed_dim"
        )
    if attention.bias_k is not None:
        raise ValueError(f"{name} has add_bias_kv=True, which attnlab does not support")
    if attention.add_zero_attn:
        raise ValueError(f"{name} has add_zero_attn=True, which attnlab does not support")


def _layer_arguments(layer):
    """The constructor arguments of the attnlab layer equal to a PyTorch Transformer layer."""
    _check_multihead(layer.self_attn, "module.self_attn")
    return dict(
        d_model=layer.self_attn.embed_dim,
        nhead=layer.self_attn.num_heads,
        dim_feedforward=layer.linear1.out_features,
        dropout=layer.dropout.p,
        activation=_activation_name(layer.activation),
        layer_norm_eps=layer.norm1.eps,
        norm_first=layer.norm_first,
        bias=layer.linear1.bias is not None,
    )


def _activation_name(activation):
    if activation is F.relu or isinstance(activation, nn.ReLU):
        return "relu"
    if activation is F.gelu or (isinstance(activation, nn.GELU) and activation.approximate == "none"):
        return "gelu"
    raise ValueError(
        f"the layer's activation is {activation!r}; attnlab supports relu and gelu "
        "(exact, not tanh-approximated)"
    )
