"""The suite's statistics, every interval a two-sided 95% one.

``intervals`` (rates, means, correlations; no numpy), ``agreement`` (two raters of the same
replies) and ``summary`` (the report's group summaries).
"""
