"""The package root stays light, and the help text teaches shapes and both mask conventions."""

import pydoc
import subprocess
import sys

import attnlab


def test_import_attnlab_does_not_import_torch():
    code = "import sys, attnlab; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_export_resolves():
    for name in attnlab.__all__:
        assert getattr(attnlab, name).__name__ == name


def test_help_documents_shapes_and_both_mask_conventions():
    text = pydoc.render_doc(attnlab.MultiHeadAttention, renderer=pydoc.plaintext)
    for phrase in ["(N, L, E)", "(N, S, E)", "(N, H, L, S)", "(N·H, L, S)", "True = may attend",
                   "True = padding, ignored", "trace"]:
        assert phrase in text, phrase
