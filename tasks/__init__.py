"""The suite's condition tasks, one per file; each runs by path or as distress_evals/<name>.

Nothing is re-exported here, so ``distress_evals.tasks.<name>`` is always the module; the
``inspect_ai`` entry point (``_registry``) imports each task function for registration.
"""
