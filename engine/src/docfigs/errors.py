"""Errors the engine raises. ``EngineError`` is the base; its message is meant for the author, as is."""

import difflib


class EngineError(Exception):
    """A problem the author must fix (message says what and where)."""


class ProjectError(EngineError):
    """The project cannot be read: no root found, duplicate figure names, bad figure names."""


class UsageError(EngineError):
    """A bad request: unknown figure name, unknown quality. The CLI exits 2."""


class UnknownFigureError(UsageError):
    def __init__(self, names, known):
        self.names = list(names)
        self.suggestions = {n: closest(n, known) for n in self.names}
        parts = []
        for n in self.names:
            hint = self.suggestions[n]
            parts.append(f"unknown figure {n!r}" + (f" (closest: {', '.join(hint)})" if hint else ""))
        super().__init__("; ".join(parts))


def closest(name, known, n=3):
    """The known names closest to ``name`` (difflib), best first."""
    return difflib.get_close_matches(name, list(known), n=n, cutoff=0.5)
