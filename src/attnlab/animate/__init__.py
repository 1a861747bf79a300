"""Manim helpers shared by the scenes in ``diagrams/`` (imported by scenes only)."""
