"""The engine's import walker on this project's own package: ``from attnlab import X`` follows attnlab's _EXPORTS."""

from pathlib import Path

import attnlab
from docfigs.deps import ImportGraph


def test_real_package_exports_table_is_read():
    """The real attnlab/__init__.py: ``from attnlab import X`` maps to the module its _EXPORTS names."""
    src_root = Path(attnlab.__file__).resolve().parents[1]
    g = ImportGraph([src_root])
    exports, _ = g._package_tables("attnlab")
    assert exports == attnlab._EXPORTS
