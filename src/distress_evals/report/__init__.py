"""Reports from Inspect logs: the paper's figures and tables, with uncertainty."""
