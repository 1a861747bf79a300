"""Helpers for the figure tests: load a snippet or scene file by its figure name, turn a figure's numbers back
into a tensor, and compute the independent reference with PyTorch's multi-head attention carrying attnlab's weights.
"""

import importlib.util
from pathlib import Path

import pytest
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))
DIAGRAMS = sorted((ROOT / "diagrams").rglob("*.py"))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"figure_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def snippet():
    """snippet(name) -> the loaded module of snippets/**/name.py"""

    def by_name(name):
        (path,) = [p for p in SNIPPETS if p.stem == name]
        return load(path)

    return by_name


def tensor(values, dtype=torch.float64):
    """A figure's numbers (nested lists) as a tensor, float64 unless ``dtype`` says otherwise."""
    return torch.tensor(values, dtype=dtype)


def torch_multihead(ours, query, key, value, **masks):
    """PyTorch's nn.MultiheadAttention with the weights of attnlab's (narrow) MultiHeadAttention ``ours`` copied
    in, run without gradients: (output (N, L, E), per-head weights (N, H, L, S)). ``masks`` in PyTorch's
    convention (``attn_mask`` True = NOT allowed, ``key_padding_mask`` True = padding)."""
    reference = nn.MultiheadAttention(ours.embed_dim, ours.num_heads, bias=ours.in_proj_bias is not None,
                                      batch_first=True)
    reference.to(ours.in_proj_weight.dtype).load_state_dict(ours.state_dict())
    reference.eval()
    with torch.no_grad():
        return reference(query, key, value, average_attn_weights=False, **masks)


@pytest.fixture(scope="module")
def drawn():
    """drawn(path, theme) -> a new Figure of that snippet, drawn under the theme's rcParams as the engine draws
    it, its data() computed once per module run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from attnlab import theme as themes

    data = {}

    def draw(path, theme_name):
        module = load(path)
        data.setdefault(path, module.data())
        theme = themes.get(theme_name)
        with plt.rc_context(themes.matplotlib_rc(theme)):
            return module.draw(data[path], theme)

    return draw
