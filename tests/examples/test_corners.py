"""The square-corners data set: corners within noise of the square, consecutive corners adjacent, one direction."""

import torch

from attnlab.examples.corners import CORNERS, NOISE_STD, corners_dataset


def test_shapes_and_split():
    src, tgt, meta = corners_dataset(256, seed=0)
    assert src.shape == (256, 2, 2) and tgt.shape == (256, 2, 2)
    assert meta.noisy.shape == (256, 4, 2) and meta.clean.shape == (256, 4, 2)
    assert torch.equal(src, meta.noisy[:, :2]) and torch.equal(tgt, meta.noisy[:, 2:])
    assert src.dtype == torch.float32


def test_points_lie_within_noise_of_the_corners():
    src, tgt, meta = corners_dataset(2000, seed=1)
    corners = torch.tensor(CORNERS)
    assert set(map(tuple, meta.clean.reshape(-1, 2).tolist())) <= set(CORNERS)
    noise = meta.noisy - meta.clean  # (N, 4, 2)
    assert noise.abs().max() < 6 * NOISE_STD  # 6 σ: never exceeded by 16 000 draws in practice
    assert abs(noise.std().item() - NOISE_STD) < 0.01
    assert abs(noise.mean().item()) < 0.01
    # every noisy point is nearest to its own clean corner
    nearest = torch.cdist(meta.noisy.reshape(-1, 2), corners).argmin(-1)
    assert torch.equal(nearest, meta.order.reshape(-1))


def test_consecutive_corners_are_adjacent_and_direction_is_consistent():
    _, _, meta = corners_dataset(1000, seed=2)
    steps = (meta.order[:, 1:] - meta.order[:, :-1]) % 4  # (N, 3)
    expected = (meta.direction % 4)[:, None].expand_as(steps)  # +1 -> 1, -1 -> 3
    assert torch.equal(steps, expected)
    side = (meta.clean[:, 1:] - meta.clean[:, :-1]).abs().sum(-1)  # one coordinate changes by 2
    assert torch.equal(side, torch.full_like(side, 2.0))
    assert set(meta.order[:, 0].tolist()) == {0, 1, 2, 3} and set(meta.direction.tolist()) == {-1, 1}
    assert torch.equal(meta.order[:, 0], meta.start)
    # all four corners visited once: the target is the opposite of the source
    assert torch.equal(meta.clean[:, 2:], -meta.clean[:, :2])
    # counter-clockwise turns left: positive cross product of consecutive sides
    a, b = meta.clean[:, 1] - meta.clean[:, 0], meta.clean[:, 2] - meta.clean[:, 1]
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    assert torch.equal(torch.sign(cross).long(), meta.direction)


def test_labels():
    _, _, meta = corners_dataset(4, seed=3)
    src_labels, tgt_labels = meta.labels(0)
    assert len(src_labels) == 2 and len(tgt_labels) == 2
    assert meta.direction_name(0) in ("clockwise", "counter-clockwise")


def test_deterministic_and_seed_dependent():
    a = corners_dataset(64, seed=5)
    b = corners_dataset(64, seed=5)
    c = corners_dataset(64, seed=6)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1]) and torch.equal(a[2].order, b[2].order)
    assert not torch.equal(a[0], c[0])


def test_global_rng_untouched():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    corners_dataset(32)
    assert torch.equal(torch.rand(3), expected)
