"""Make ``src/`` importable when attnlab is not installed in the venv (``make setup`` installs it editable)."""

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("attnlab") is None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
