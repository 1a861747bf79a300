"""Tiny models trained at build time, so figures show attention a model *learned* (CONTENT.md, "Learned, not hand-set").

The corners transformer: attnlab's encoder-decoder :class:`~attnlab.transformer.Transformer` (1 encoder
layer, 1 decoder layer, 2 heads, d_model 16, post-norm, ReLU) trained on the square-corners task
(:mod:`attnlab.examples.corners`) with teacher forcing: the decoder reads the last source corner then the
first target corner (the target shifted right, causal mask) and regresses the two target corners (MSE).

Training is seeded, CPU-only, single-threaded, in float64 (the same weights on every CPU, see
:data:`TRAINING_DTYPE`) and runs with ``torch.use_deterministic_algorithms(True)``; it takes a few seconds. The result
is cached on disk, keyed by a hash of

* the source of this module and of every attnlab module it imports, followed transitively by the figure
  engine's import walker (``docfigs.deps.ImportGraph``: ``attnlab.examples.corners``, ``.seeds``,
  ``attnlab.transformer``, ``.multihead``, ``.attention``, ``.positional``, ``.masks``, the packages'
  ``__init__``),
* the :class:`CornersSettings`, and the torch version,

so an edit to the attention code retrains, and nothing else does. The cache directory is
``$ATTNLAB_CACHE/models`` (``ATTNLAB_CACHE`` defaults to ``<project root>/.cache/attnlab``, gitignored);
files are written atomically (``docfigs.staging.atomic_write``: a staging file + ``os.replace``; what a killed
training left is swept).

Loss reached (validation MSE on 512 held-out sequences, measured with torch 2.13.0): 0.0108 after
40 epochs, against 1.01 for the trivial baseline that predicts the mean target and 0.01 for the noise
floor (σ² of the target noise). The tests require < :data:`STATED_LOSS` = 0.03.
"""

import contextlib
import hashlib
import io
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F

from attnlab.examples.corners import corners_dataset
from attnlab.examples.seeds import SEEDS
from attnlab.transformer import Transformer
from docfigs.deps import ImportGraph
from docfigs.staging import atomic_write, sweep

CACHE_ENV = "ATTNLAB_CACHE"
STATED_LOSS = 0.03  # the validation MSE the trained corners transformer is tested to reach
CORNERS_FIGURE_SET = 16  # sequences in the fixed set a figure picks its example from


# ---------------------------------------------------------------------------------------------------------
# cache: where, and under which key
# ---------------------------------------------------------------------------------------------------------


def project_root():
    """The repository root (the folder holding ``src/attnlab``)."""
    return Path(__file__).resolve().parents[3]


def cache_dir():
    """``$ATTNLAB_CACHE/models``, by default ``<project root>/.cache/attnlab/models`` (not created here)."""
    base = os.environ.get(CACHE_ENV)
    root = Path(base) if base else project_root() / ".cache" / "attnlab"
    return root / "models"


def code_files(module="attnlab.examples.toy_models"):
    """The source files ``module`` depends on, by module name: its own and those of every attnlab module it
    imports, transitively (``docfigs.deps.ImportGraph`` over the folder holding the attnlab package)."""
    graph = ImportGraph([Path(__file__).resolve().parents[2]])
    start = graph.find(module)
    if start is None:
        raise ValueError(f"code_files: no module {module!r} under {graph.roots[0]}")
    return dict(sorted((graph.module_of(path)[0], str(path)) for path in [start, *graph.closure(start)]))


def cache_key(kind, settings):
    """Hex SHA-256 of the model kind, its settings, the torch version and the code it depends on."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"kind": kind, "settings": asdict(settings), "torch": torch.__version__},
                             sort_keys=True).encode())
    for name, path in code_files().items():
        digest.update(name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


def save_checkpoint(obj, path):
    """``torch.save`` of ``obj`` to ``path``, atomically; staging files that killed trainings left are removed."""
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    sweep(path.parent)
    atomic_write(path, buffer.getvalue())


@contextlib.contextmanager
def deterministic(threads=1):
    """Deterministic algorithms, ``threads`` intra-op threads and a forked global RNG; all restored on exit."""
    previous_det = torch.are_deterministic_algorithms_enabled()
    previous_warn = torch.is_deterministic_algorithms_warn_only_enabled()
    previous_threads = torch.get_num_threads()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)
    try:
        with torch.random.fork_rng(devices=[]):
            yield
    finally:
        torch.set_num_threads(previous_threads)
        torch.use_deterministic_algorithms(previous_det, warn_only=previous_warn)


# ---------------------------------------------------------------------------------------------------------
# the corners transformer
# ---------------------------------------------------------------------------------------------------------


# Training runs in float64 so that every CPU learns the same weights. In float32 the rounding of the matrix
# kernels differs between CPUs (AVX2 and AVX-512 sum in other orders), and training amplifies it: a start
# perturbed by 1e-7 ended 0.16 away in some weight after the 1280 steps, enough to change the numbers the
# figures print. In float64 a start perturbed by 1e-15 ended 1.1e-11 away, far below float32's rounding of
# the trained weights, which are then what the figures use. Training takes 5.4 s instead of 4.8 s.
TRAINING_DTYPE = torch.float64


@dataclass(frozen=True)
class CornersSettings:
    """Everything that decides the trained weights (part of the cache key)."""

    d_model: int = 16
    nhead: int = 2
    num_encoder_layers: int = 1
    num_decoder_layers: int = 1
    dim_feedforward: int = 32
    activation: str = "relu"
    norm_first: bool = False
    n_train: int = 1024
    n_valid: int = 512
    epochs: int = 40
    batch_size: int = 32
    lr: float = 3e-3
    train_seed: int = SEEDS["corners_train"]
    valid_seed: int = SEEDS["corners_valid"]
    init_seed: int = SEEDS["corners_model_init"]
    shuffle_seed: int = SEEDS["corners_model_shuffle"]


@dataclass(frozen=True)
class TrainingHistory:
    """What training did (read back from the cache on later calls).

    loss:           per-epoch mean training MSE (teacher forcing), length ``epochs``
    valid_loss:     per-epoch validation MSE (teacher forcing), length ``epochs``
    final_loss:     ``valid_loss[-1]``
    baseline_loss:  validation MSE of predicting the mean training target (the trivial baseline)
    steps:          optimiser steps taken
    seconds:        wall-clock training time when it was trained
    from_cache:     True if this call loaded the checkpoint instead of training
    cache_path:     the checkpoint file
    settings:       the :class:`CornersSettings` as a dict
    """

    loss: tuple
    valid_loss: tuple
    final_loss: float
    baseline_loss: float
    steps: int
    seconds: float
    from_cache: bool
    cache_path: str
    settings: dict = field(default_factory=dict)


def build_corners_transformer(settings=CornersSettings()):
    """An untrained attnlab ``Transformer`` for 2-D points (initialised from the global RNG)."""
    return Transformer(
        src_size=2,
        tgt_size=2,
        out_size=2,
        d_model=settings.d_model,
        nhead=settings.nhead,
        num_encoder_layers=settings.num_encoder_layers,
        num_decoder_layers=settings.num_decoder_layers,
        dim_feedforward=settings.dim_feedforward,
        activation=settings.activation,
        norm_first=settings.norm_first,
        max_len=4,
    )


def decoder_inputs(src, tgt):
    """Teacher forcing: the target shifted right, starting from the last source corner.

    src (N, S=2, 2), tgt (N, L=2, 2) -> (N, L, 2) = (src[:, -1], tgt[:, 0]).
    """
    return torch.cat([src[:, -1:], tgt[:, :-1]], dim=1)  # (N, L, 2)


def _train(model, settings):
    """Train ``model`` (float64, see :data:`TRAINING_DTYPE`) in place; the per-epoch losses."""
    src, tgt, _ = corners_dataset(settings.n_train, seed=settings.train_seed, dtype=TRAINING_DTYPE)  # (N, 2, 2) each
    vsrc, vtgt, _ = corners_dataset(settings.n_valid, seed=settings.valid_seed, dtype=TRAINING_DTYPE)
    mean = tgt.mean(dim=0, keepdim=True)  # (1, L, 2)
    baseline = F.mse_loss(mean.expand_as(vtgt), vtgt).item()
    optimizer = torch.optim.Adam(model.parameters(), lr=settings.lr)
    gen = torch.Generator().manual_seed(settings.shuffle_seed)
    losses, valid_losses, steps = [], [], 0
    for _ in range(settings.epochs):
        model.train()
        order = torch.randperm(settings.n_train, generator=gen)
        total = 0.0
        for start in range(0, settings.n_train, settings.batch_size):
            idx = order[start : start + settings.batch_size]
            s, t = src[idx], tgt[idx]  # (B, 2, 2)
            pred = model(s, decoder_inputs(s, t), tgt_is_causal=True)  # (B, L, 2)
            loss = F.mse_loss(pred, t)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
            steps += 1
        losses.append(total / settings.n_train)
        model.eval()
        with torch.no_grad():
            vpred = model(vsrc, decoder_inputs(vsrc, vtgt), tgt_is_causal=True)
            valid_losses.append(F.mse_loss(vpred, vtgt).item())
    return {"loss": losses, "valid_loss": valid_losses, "baseline_loss": baseline, "steps": steps}


def trained_corners_transformer(settings=CornersSettings(), force=False):
    """The corners transformer, trained now or loaded from the cache.

    Returns ``(model, history)``: the attnlab ``Transformer`` in eval mode (src (N, 2, 2), tgt (N, 2, 2) ->
    (N, 2, 2)) and a :class:`TrainingHistory` (``history.from_cache`` tells whether it was loaded).
    With the default settings the validation MSE reaches 0.0108 (< :data:`STATED_LOSS` = 0.03; the
    mean-predicting baseline scores 1.01). ``force=True`` retrains and overwrites the checkpoint.
    """
    key = cache_key("corners_transformer", settings)
    path = cache_dir() / f"corners_transformer-{key[:20]}.pt"
    with deterministic():
        torch.manual_seed(settings.init_seed)
        model = build_corners_transformer(settings)
        if path.exists() and not force:
            saved = torch.load(path, map_location="cpu", weights_only=True)
            from_cache = True
        else:
            began = time.perf_counter()
            record = _train(model.to(TRAINING_DTYPE), settings)
            record["seconds"] = time.perf_counter() - began
            model.float()  # figures and traces run in float32, like every other example
            saved = {"key": key, "settings": asdict(settings), "history": record,
                     "state_dict": model.state_dict()}
            save_checkpoint(saved, path)
            from_cache = False
    model.load_state_dict(saved["state_dict"])
    model.eval()
    record = saved["history"]
    history = TrainingHistory(
        loss=tuple(record["loss"]),
        valid_loss=tuple(record["valid_loss"]),
        final_loss=float(record["valid_loss"][-1]),
        baseline_loss=float(record["baseline_loss"]),
        steps=int(record["steps"]),
        seconds=float(record["seconds"]),
        from_cache=from_cache,
        cache_path=str(path),
        settings=dict(saved["settings"]),
    )
    return model, history


@torch.no_grad()
def predict_corners(model, src):
    """Step-by-step (autoregressive) inference: src (N, 2, 2) -> predicted target (N, 2, 2).

    The decoder starts from the last source corner and feeds each prediction back in (no teacher forcing).
    """
    dec = src[:, -1:]  # (N, 1, 2)
    memory = model.encode(src)  # (N, S, E)
    for _ in range(2):
        out = model.final_linear(model.decode(dec, memory, tgt_is_causal=True))  # (N, t, 2)
        dec = torch.cat([dec, out[:, -1:]], dim=1)  # (N, t + 1, 2)
    return dec[:, 1:]  # (N, L, 2)


@dataclass(frozen=True)
class CornersTrace:
    """Every attention weight of the corners transformer on one sequence (teacher-forced pass).

    src:            (S, 2) = (2, 2) the two source corners;  tgt: (L, 2) = (2, 2) the two target corners
    decoder_input:  (L, 2) the decoder's inputs (last source corner, first target corner)
    prediction:     (L, 2) the model's output on the teacher-forced pass
    generated:      (L, 2) step-by-step prediction (each output fed back in)
    source_labels:  (S,) e.g. ("BL", "BR") (corner names; "s1", "s2" if unknown)
    target_labels:  (L,) e.g. ("TR", "TL")
    decoder_labels: (L,) labels of the decoder's inputs, e.g. ("BR", "TR")
    encoder_self:   (layers, H, S, S) encoder self-attention, per layer and head
    decoder_self:   (layers, H, L, L) decoder masked self-attention (upper triangle exactly 0)
    cross:          (layers, H, L, S) cross-attention: decoder queries over encoder keys
    """

    src: torch.Tensor
    tgt: torch.Tensor
    decoder_input: torch.Tensor
    prediction: torch.Tensor
    generated: torch.Tensor
    source_labels: tuple
    target_labels: tuple
    decoder_labels: tuple
    encoder_self: torch.Tensor
    decoder_self: torch.Tensor
    cross: torch.Tensor


def corners_figure_set():
    """The fixed, seeded sequences figures pick examples from: ``corners_dataset(16, SEEDS["corners_figure"])``."""
    return corners_dataset(CORNERS_FIGURE_SET, seed=SEEDS["corners_figure"])


@torch.no_grad()
def corners_attention_trace(model, example=0):
    """Run ``model`` on one sequence and return a :class:`CornersTrace` with every layer's and head's weights.

    ``example``: an index into :func:`corners_figure_set` (labels are the corner names), or a pair
    ``(src (2, 2), tgt (2, 2))`` (labels "s1", "s2" / "t1", "t2").
    """
    if isinstance(example, int):
        src_all, tgt_all, meta = corners_figure_set()
        src, tgt = src_all[example], tgt_all[example]  # (S, 2), (L, 2)
        source_labels, target_labels = (tuple(x) for x in meta.labels(example))
    else:
        src, tgt = (torch.as_tensor(x, dtype=torch.float32) for x in example)
        source_labels, target_labels = ("s1", "s2"), ("t1", "t2")
    src_b, tgt_b = src[None], tgt[None]  # (1, S, 2), (1, L, 2)
    dec_in = decoder_inputs(src_b, tgt_b)  # (1, L, 2)
    generated = predict_corners(model, src_b)[0]  # (L, 2)
    prediction = model(src_b, dec_in, tgt_is_causal=True)[0]  # (L, 2)  (last call: its weights are kept)
    weights = model.attention_weights()  # name -> (layers, 1, H, ., .)
    return CornersTrace(
        src=src.clone(),
        tgt=tgt.clone(),
        decoder_input=dec_in[0],
        prediction=prediction,
        generated=generated,
        source_labels=source_labels,
        target_labels=target_labels,
        decoder_labels=(source_labels[-1], target_labels[0]),
        encoder_self=weights["encoder"][:, 0].clone(),
        decoder_self=weights["decoder_self"][:, 0].clone(),
        cross=weights["decoder_cross"][:, 0].clone(),
    )


__all__ = [
    "CACHE_ENV",
    "CornersSettings",
    "CornersTrace",
    "STATED_LOSS",
    "TrainingHistory",
    "build_corners_transformer",
    "cache_dir",
    "cache_key",
    "code_files",
    "corners_attention_trace",
    "corners_figure_set",
    "decoder_inputs",
    "predict_corners",
    "trained_corners_transformer",
]
