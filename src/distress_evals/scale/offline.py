"""Whether the dry run may reach the Hugging Face Hub, decided in about a second.

Only the WildChat conditions need the Hub, and only until their prompt selection is cached.
Left to itself, ``datasets`` retries an unreachable Hub for ~30 s and prints a connection error
per retry; the dry run instead checks once: the Hub's offline switches, then one TCP connection
with a short timeout. Offline, WildChat's prompt lengths are assumed and the dry run says so.
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass

from distress_evals.conditions.wildchat import (
    DEFAULT_WILDCHAT_PROMPTS,
    DEFAULT_WILDCHAT_SEED,
    WILDCHAT_DATASET,
    WILDCHAT_REVISION,
    cache_path,
)
from distress_evals.scale.paper_scale import WILDCHAT_CONDITIONS, PaperRun

HUB_HOST = "huggingface.co"
HUB_PORT = 443
DEFAULT_PROBE_TIMEOUT = 1.5
"""Seconds the connection probe may take (name lookup included) before the Hub counts as
unreachable; a reachable Hub answers in well under a second."""
OFFLINE_SWITCHES = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")
"""Hugging Face's own environment switches; any of them set to a true value means offline."""
TRUE_VALUES = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class HubAccess:
    """Whether the Hub can be used, and why.

    Attributes:
        online: True if the dry run may build datasets from the Hub.
        reason: Why not (empty when online).
    """

    online: bool
    reason: str = ""


def needs_hub(run: PaperRun) -> bool:
    """Whether building ``run``'s dataset would go to the Hub.

    True for a WildChat condition without a prompts file whose selection is not cached yet.

    Args:
        run: The condition.

    Returns:
        Whether the build needs the network.
    """
    if run.condition not in WILDCHAT_CONDITIONS or "prompts_file" in run.task_args:
        return False
    cached = cache_path(
        DEFAULT_WILDCHAT_PROMPTS, DEFAULT_WILDCHAT_SEED, WILDCHAT_DATASET, WILDCHAT_REVISION
    )
    return not cached.is_file()


def _connects(host: str, port: int, timeout: float) -> bool:
    # The name lookup ignores socket timeouts, so the probe runs in a thread waited on with one.
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def hub_access(timeout: float = DEFAULT_PROBE_TIMEOUT) -> HubAccess:
    """Check once whether the Hugging Face Hub is usable.

    Args:
        timeout: Seconds the connection probe may take.

    Returns:
        Online, or offline with the reason.
    """
    for name in OFFLINE_SWITCHES:
        if os.environ.get(name, "").strip().lower() in TRUE_VALUES:
            return HubAccess(False, f"{name} is set")
    if not _connects(HUB_HOST, HUB_PORT, timeout):
        return HubAccess(False, f"{HUB_HOST} did not answer within {timeout:g} s")
    return HubAccess(True)
