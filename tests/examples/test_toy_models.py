"""The corners transformer: reaches its stated loss, is cached on disk and reused, trains deterministically.

Every test uses a private cache directory (``ATTNLAB_CACHE`` set to a tmp dir); the default model is
trained once per module (about 5 s) and loaded from the cache after that.
"""

import dataclasses
import os
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from attnlab.examples import toy_models as tm
from attnlab.examples.corners import corners_dataset

TINY = tm.CornersSettings(n_train=64, n_valid=32, epochs=2, batch_size=16)


@pytest.fixture(scope="module")
def cache_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("attnlab-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(tm.CACHE_ENV, str(root))
        yield root


@pytest.fixture(scope="module")
def trained(cache_root):
    return tm.trained_corners_transformer()


def test_cache_dir_follows_the_env_var(cache_root, monkeypatch):
    assert tm.cache_dir() == cache_root / "models"
    monkeypatch.delenv(tm.CACHE_ENV)
    assert tm.cache_dir() == tm.project_root() / ".cache" / "attnlab" / "models"
    assert (tm.project_root() / "src" / "attnlab").is_dir()


def test_training_reaches_the_stated_loss(trained):
    model, history = trained
    assert not history.from_cache
    assert len(history.loss) == len(history.valid_loss) == tm.CornersSettings().epochs
    assert history.baseline_loss == pytest.approx(1.0, abs=0.1)  # predicting the mean
    assert history.final_loss < tm.STATED_LOSS < history.baseline_loss / 10
    assert history.valid_loss[-1] < history.valid_loss[0]
    assert history.seconds < 30
    # the returned model is the trained one: recompute the validation loss
    s = tm.CornersSettings()
    vsrc, vtgt, _ = corners_dataset(s.n_valid, seed=s.valid_seed)
    with torch.no_grad():
        pred = model(vsrc, tm.decoder_inputs(vsrc, vtgt), tgt_is_causal=True)
    assert F.mse_loss(pred, vtgt).item() == pytest.approx(history.final_loss, rel=1e-5)
    # step-by-step inference (no teacher forcing) works too
    generated = tm.predict_corners(model, vsrc)
    assert generated.shape == vtgt.shape and F.mse_loss(generated, vtgt).item() < tm.STATED_LOSS


def test_second_call_loads_the_checkpoint(trained, monkeypatch):
    model, history = trained
    path = Path(history.cache_path)
    assert path.is_file() and path.parent == tm.cache_dir()
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]  # atomic write left nothing
    mtime = path.stat().st_mtime_ns

    def no_training(*args, **kwargs):
        raise AssertionError("the cached model was retrained")

    monkeypatch.setattr(tm, "_train", no_training)
    again, history2 = tm.trained_corners_transformer()
    assert history2.from_cache and history2.cache_path == history.cache_path
    assert path.stat().st_mtime_ns == mtime
    assert history2.loss == history.loss and history2.final_loss == history.final_loss
    for (name, a), (_, b) in zip(model.state_dict().items(), again.state_dict().items()):
        assert torch.equal(a, b), name
    assert not again.training


def test_attention_trace(trained):
    model, _ = trained
    trace = tm.corners_attention_trace(model, 0)
    s = tm.CornersSettings()
    layers, H = s.num_encoder_layers, s.nhead
    assert trace.encoder_self.shape == (layers, H, 2, 2)
    assert trace.decoder_self.shape == (s.num_decoder_layers, H, 2, 2)
    assert trace.cross.shape == (s.num_decoder_layers, H, 2, 2)
    for w in (trace.encoder_self, trace.decoder_self, trace.cross):
        assert torch.allclose(w.sum(-1), torch.ones(w.shape[:-1]))
    assert (trace.decoder_self[..., 0, 1] == 0).all()  # causal: exactly 0 above the diagonal
    assert len(trace.source_labels) == len(trace.target_labels) == 2
    assert set(trace.source_labels + trace.target_labels) == {"BL", "BR", "TR", "TL"}
    assert trace.decoder_labels == (trace.source_labels[1], trace.target_labels[0])
    assert F.mse_loss(trace.prediction, trace.tgt).item() < 0.1
    # an explicit (src, tgt) pair works too
    src, tgt, _ = tm.corners_figure_set()
    other = tm.corners_attention_trace(model, (src[0], tgt[0]))
    assert torch.allclose(other.cross, trace.cross) and other.source_labels == ("s1", "s2")
    # the same call twice gives the same weights
    assert torch.equal(tm.corners_attention_trace(model, 0).cross, trace.cross)


def test_cross_attention_is_learned(trained):
    """Some head lets target step t look mostly at source step t (the opposite corner of t + 2)."""
    model, _ = trained
    src, tgt, _ = tm.corners_figure_set()
    with torch.no_grad():
        model(src, tm.decoder_inputs(src, tgt), tgt_is_causal=True)
    cross = model.attention_weights()["decoder_cross"][-1]  # (N, H, L, S)
    diagonal = cross.diagonal(dim1=-2, dim2=-1).mean(dim=(0, 2))  # (H,)
    assert diagonal.max() > 0.7


def test_training_is_deterministic_and_leaves_global_state(tmp_path, monkeypatch):
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    threads, det = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path / "a"))
    a, ha = tm.trained_corners_transformer(TINY)
    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path / "b"))
    b, hb = tm.trained_corners_transformer(TINY)
    assert not ha.from_cache and not hb.from_cache
    assert ha.loss == hb.loss and ha.valid_loss == hb.valid_loss
    for (name, x), (_, y) in zip(a.state_dict().items(), b.state_dict().items()):
        assert torch.equal(x, y), name
    assert torch.equal(torch.rand(3), expected)  # global RNG untouched
    assert torch.get_num_threads() == threads and torch.are_deterministic_algorithms_enabled() == det


def test_cache_key_covers_settings_and_code(tmp_path, monkeypatch):
    files = tm.code_files()
    for module in ("attention", "multihead", "transformer", "positional", "masks"):
        assert f"attnlab.{module}" in files
    for module in ("toy_models", "corners", "seeds"):
        assert f"attnlab.examples.{module}" in files
    assert "attnlab.examples.foundations.weighted_sum" not in files  # editing a worked example does not retrain
    base = tm.CornersSettings()
    assert tm.cache_key("corners_transformer", base) == tm.cache_key("corners_transformer", base)
    assert tm.cache_key("corners_transformer", base) != tm.cache_key(
        "corners_transformer", dataclasses.replace(base, epochs=base.epochs + 1)
    )
    # force=True retrains and replaces the file in place
    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path))
    _, first = tm.trained_corners_transformer(TINY)
    _, forced = tm.trained_corners_transformer(TINY, force=True)
    assert not forced.from_cache and forced.cache_path == first.cache_path
    assert [p.name for p in (tmp_path / "models").iterdir()] == [Path(first.cache_path).name]
    assert os.access(first.cache_path, os.R_OK)
