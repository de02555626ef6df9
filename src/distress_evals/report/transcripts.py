"""The replies and judge quotes of every rollout in a log, read quickly.

Inspect's sample reader validates every event of every sample (about 11 ms a sample, even with
events excluded), which alone would take the report past its budget for 4,000 conversations.
The report needs only the assistant messages and the judge's per-turn judgements, so ``.eval``
files on local disk are read directly: a zip archive whose ``samples/*.json`` members are
zstd- or deflate-compressed JSON. Anything else (``.json`` logs, remote logs, an unknown
compression) goes through ``inspect_ai.log.read_eval_log_samples``.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

import zstandard
from inspect_ai.log import read_eval_log_samples

ZIP_ZSTANDARD = 93
"""The zip compression method number for Zstandard (APPNOTE 4.4.5)."""
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
"""A zip local file header: its name and extra-field lengths are the last two fields."""
ATTACHMENT_PREFIX = "attachment://"
SAMPLES_FOLDER = "samples/"
EXCLUDED_FIELDS = {"events", "store"}

Transcript = dict[str, Any]
"""``{"replies": {turn: text}, "judgements": {turn: {"evidence", "failure"}}}``."""


def local_path(location: str) -> Path | None:
    """The local file behind a log location (a path or ``file://`` URI), else None."""
    parsed = urlparse(location)
    if parsed.scheme in ("", "file"):
        return Path(unquote(parsed.path) if parsed.scheme else location)
    return None


def _text(content: Any, attachments: dict[str, str]) -> str:
    """A message's text: attachment references resolved, content parts joined."""
    if isinstance(content, str):
        if content.startswith(ATTACHMENT_PREFIX):
            return attachments.get(content.removeprefix(ATTACHMENT_PREFIX), content)
        return content
    if isinstance(content, list):
        parts = [_text(p.get("text", ""), attachments) for p in content if isinstance(p, dict)]
        return "\n".join(p for p in parts if p)
    return ""


def transcript(sample: dict[str, Any], scorer: str) -> Transcript:
    """The replies by turn and the judgements by turn of one sample (as plain JSON data).

    Args:
        sample: A sample as stored in a log.
        scorer: The scorer whose metadata holds the judgements.

    Returns:
        The transcript.
    """
    attachments = sample.get("attachments") or {}
    replies: dict[int, str] = {}
    assistants = [m for m in sample.get("messages") or [] if m.get("role") == "assistant"]
    for index, message in enumerate(assistants, start=1):
        turn = int((message.get("metadata") or {}).get("turn", index))
        replies[turn] = _text(message.get("content"), attachments)
    score = (sample.get("scores") or {}).get(scorer) or {}
    judgements: dict[int, dict[str, Any]] = {}
    for key, judgement in ((score.get("metadata") or {}).get("judgements") or {}).items():
        if isinstance(judgement, dict) and key.startswith("turn_"):
            judgements[int(key.removeprefix("turn_"))] = {
                "evidence": _text(judgement.get("evidence") or "", attachments),
                "failure": judgement.get("failure"),
            }
    return {"replies": replies, "judgements": judgements}


def _member(handle: Any, info: ZipInfo) -> bytes | None:
    """One zip member's bytes, or None for a compression this reader does not handle."""
    handle.seek(info.header_offset)
    header = LOCAL_HEADER.unpack(handle.read(LOCAL_HEADER.size))
    handle.seek(info.header_offset + LOCAL_HEADER.size + header[-2] + header[-1])
    raw = handle.read(info.compress_size)
    if info.compress_type == ZIP_ZSTANDARD:
        return bytes(zstandard.ZstdDecompressor().decompress(raw, max_output_size=info.file_size))
    if info.compress_type == ZIP_DEFLATED:
        return zlib.decompress(raw, -zlib.MAX_WBITS)
    if info.compress_type == ZIP_STORED:
        return bytes(raw)
    return None


def _read_eval_zip(path: Path, scorer: str) -> dict[tuple[str, int], Transcript] | None:
    found: dict[tuple[str, int], Transcript] = {}
    with ZipFile(path) as archive, path.open("rb") as handle:
        for info in archive.infolist():
            if not info.filename.startswith(SAMPLES_FOLDER) or not info.filename.endswith(".json"):
                continue
            data = _member(handle, info)
            if data is None:
                return None
            sample = json.loads(data)
            found[(str(sample["id"]), int(sample["epoch"]))] = transcript(sample, scorer)
    return found


def read_transcripts(location: str, scorer: str) -> dict[tuple[str, int], Transcript]:
    """Every rollout's transcript in one log, keyed by ``(sample id, epoch)``.

    Args:
        location: The log's path or URI.
        scorer: The scorer whose metadata holds the judgements.

    Returns:
        Transcripts by ``(str(sample id), epoch)``.
    """
    path = local_path(location)
    if path is not None and path.suffix == ".eval":
        found = _read_eval_zip(path, scorer)
        if found is not None:
            return found
    return {
        (str(s.id), s.epoch): transcript(s.model_dump(mode="json"), scorer)
        for s in read_eval_log_samples(
            location, all_samples_required=False, exclude_fields=EXCLUDED_FIELDS
        )
    }
