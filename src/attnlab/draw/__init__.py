"""Drawing helpers shared by the still figures in ``snippets/`` (matplotlib; imported by figures only)."""
