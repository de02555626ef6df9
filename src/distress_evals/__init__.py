"""distress-evals: Inspect AI tasks measuring distress under repeated rejection."""

__version__ = "0.1.0"
