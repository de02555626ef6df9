"""Building the conditions: prompt sets, WildChat selection, the task factory, puzzle checks."""
