"""Lazy exports for a package (PEP 562): a public name imports its submodule on first use.

The package root and :mod:`attnlab.examples` list their public names in a plain ``_EXPORTS`` literal (the figure
engine reads it to follow ``from attnlab import Name``) and take ``__getattr__`` and ``__dir__`` from
:func:`lazy_exports`, so importing either package imports nothing heavy (no torch) until a name is used.
"""

import importlib


def lazy_exports(package, exports, namespace):
    """``(__getattr__, __dir__)`` for the package named ``package`` whose public names are ``exports``.

    ``exports`` maps each public name to the module that defines it; ``namespace`` is the package's
    ``globals()``, where a name is kept once loaded, so its module is imported once.
    """

    def __getattr__(name):
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name]), name)
        namespace[name] = value
        return value

    def __dir__():
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
