"""The multi-turn rejection solver and its rejection pools."""

from distress_evals.solvers.rejection_loop import rejection_loop

__all__ = ["rejection_loop"]
