"""The suite's log format and the one reader of its logs."""
