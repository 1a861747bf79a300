"""Every number a figure draws: worked examples by site section, the square-corners data set, tiny trained models.

Stills (``snippets/<section>/``) and animations (``diagrams/<section>/``) of the same idea read the same function
of ``attnlab.examples.<section>``, so they always agree (DESIGN convention 7). Every example

* takes its seed from :data:`attnlab.examples.seeds.SEEDS` (hand-set inputs need none),
* computes weights, outputs and context vectors with attnlab's own modules, never with a re-typed number,
* returns a frozen dataclass of tensors plus the labels a figure needs, shapes documented on every field
  (PyTorch's letters: N batch, L queries / targets, S keys / sources, E features, H heads),
* returns fresh tensors on every call: two calls give identical values, and a caller may modify its copy.

Modules, in the order of the site's sections:

* :mod:`~attnlab.examples.foundations`, :mod:`~attnlab.examples.encoder_decoder`,
  :mod:`~attnlab.examples.multi_head`, :mod:`~attnlab.examples.transformer`, :mod:`~attnlab.examples.perspectives`:
  one per section (a package of one module per page where a section has many); an example used by two
  sections lives in the earlier one;
* :mod:`~attnlab.examples.common`: what they share (``DTYPE``, ``to_tensor``, seeded generators, ``attend``);
* :mod:`~attnlab.examples.seeds`: every seed; :mod:`~attnlab.examples.corners`: the square-corners toy task;
* :mod:`~attnlab.examples.toy_models`: the corners transformer, trained at build time and cached on disk.

Like the package root, this file imports nothing heavy: names load on first use (PEP 562). Figures import from
their section (``from attnlab.examples.encoder_decoder import the_zone``), which the figure engine's import
hashing follows to the one module that defines the name.
"""

from attnlab._lazy import lazy_exports

_EXPORTS = {
    "SEEDS": "attnlab.examples.seeds",
    "corners_dataset": "attnlab.examples.corners",
    "trained_corners_transformer": "attnlab.examples.toy_models",
    "corners_attention_trace": "attnlab.examples.toy_models",
    "predict_corners": "attnlab.examples.toy_models",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
