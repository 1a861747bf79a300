"""The square-corners toy task (CONTENT.md, "Learned, not hand-set"; topic 11).

A sequence is the four corners of the square [-1, 1]², visited in order from a random starting corner in a
random direction (clockwise or counter-clockwise), each corner moved by Gaussian noise (σ = 0.1). The source
is the first two corners, the target the last two. Because the square is centred on the origin, the third
corner is the opposite of the first and the fourth the opposite of the second: a model that learns the task
has every reason to let target step t look at source step t, which is what its cross-attention shows.

Shapes use PyTorch's letters: N sequences, S = 2 source steps, L = 2 target steps, 2 coordinates (x, y).
"""

from dataclasses import dataclass

import torch

from .seeds import SEEDS

NOISE_STD = 0.1  # σ of the Gaussian noise added to every corner

# The corners in counter-clockwise order (y points up): index + 1 is the next corner counter-clockwise.
CORNERS = ((-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0))
CORNER_NAMES = ("bottom-left", "bottom-right", "top-right", "top-left")
CORNER_SHORT = ("BL", "BR", "TR", "TL")
DIRECTIONS = {1: "counter-clockwise", -1: "clockwise"}


@dataclass(frozen=True)
class CornersMeta:
    """What generated each sequence of :func:`corners_dataset`.

    start:      (N,) int64, index into :data:`CORNERS` of the first corner.
    direction:  (N,) int64, +1 counter-clockwise, -1 clockwise.
    order:      (N, 4) int64, corner index of each of the four steps (``(start + t * direction) % 4``).
    clean:      (N, 4, 2) the four corners without noise.
    noisy:      (N, 4, 2) the four corners with noise; ``src = noisy[:, :2]``, ``tgt = noisy[:, 2:]``.
    noise_std:  σ of the noise.
    seed:       the seed the set was drawn with.
    """

    start: torch.Tensor
    direction: torch.Tensor
    order: torch.Tensor
    clean: torch.Tensor
    noisy: torch.Tensor
    noise_std: float
    seed: int

    def labels(self, i):
        """Short corner labels of sequence ``i``: (source labels, target labels), e.g. (["BL", "BR"], ["TR", "TL"])."""
        names = [CORNER_SHORT[int(c)] for c in self.order[i]]
        return names[:2], names[2:]

    def direction_name(self, i):
        """"clockwise" or "counter-clockwise" for sequence ``i``."""
        return DIRECTIONS[int(self.direction[i])]


def corners_dataset(n, seed=SEEDS["corners_train"], noise_std=NOISE_STD, dtype=torch.float32):
    """Draw ``n`` noisy square-corner sequences with a private generator (the global RNG is untouched).

    Returns ``(src, tgt, meta)``:
      src:  (N, 2, 2) the first two corners (source sequence), in the given dtype.
      tgt:  (N, 2, 2) the last two corners (target sequence).
      meta: :class:`CornersMeta` (starting corner, direction, corner order, clean and noisy corners).
    The same ``(n, seed)`` always gives identical tensors.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    gen = torch.Generator().manual_seed(int(seed))
    start = torch.randint(0, 4, (n,), generator=gen)  # (N,)
    direction = torch.randint(0, 2, (n,), generator=gen) * 2 - 1  # (N,) in {-1, +1}
    steps = torch.arange(4)  # (4,)
    order = (start[:, None] + steps[None, :] * direction[:, None]) % 4  # (N, 4)
    corners = torch.tensor(CORNERS, dtype=torch.float64)  # (4, 2)
    clean = corners[order]  # (N, 4, 2)
    noise = torch.randn(n, 4, 2, generator=gen, dtype=torch.float64) * noise_std  # (N, 4, 2)
    noisy = (clean + noise).to(dtype)  # (N, 4, 2)
    meta = CornersMeta(
        start=start,
        direction=direction,
        order=order,
        clean=clean.to(dtype),
        noisy=noisy,
        noise_std=float(noise_std),
        seed=int(seed),
    )
    src = noisy[:, :2].clone()  # (N, S=2, 2)
    tgt = noisy[:, 2:].clone()  # (N, L=2, 2)
    return src, tgt, meta
