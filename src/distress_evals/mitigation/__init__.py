"""Prefill continuations (base vs instruct) and the mitigation data pipeline (SFT/DPO sets)."""
