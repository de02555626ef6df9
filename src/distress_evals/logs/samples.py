"""Every sample of a log as plain JSON data, read quickly.

Inspect's sample reader validates every event of every sample (about 11 ms a sample, even with
events excluded): for 4,000 conversations that alone is ~45 s, and the report, judge validity
and the training-set builders need only messages, scores and metadata. So ``.eval`` files on
local disk are read directly: a zip archive whose ``samples/*.json`` members are zstd- or
deflate-compressed JSON (about 20x faster). Anything else (``.json`` logs, remote logs, an
unknown compression) goes through ``inspect_ai.log.read_eval_log_samples``, and a log already
in memory is dumped to the same JSON shape (None fields left out, as Inspect writes them), so
all three paths yield the same data.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlparse
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

import zstandard
from inspect_ai.log import EvalLog, read_eval_log_samples
from pydantic_core import from_json

ZIP_ZSTANDARD = 93
"""The zip compression method number for Zstandard (APPNOTE 4.4.5)."""
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
"""A zip local file header: its name and extra-field lengths are the last two fields."""
SAMPLES_FOLDER = "samples/"
EXCLUDED_FIELDS = {"events", "events_data", "store"}
"""Sample fields no consumer reads (the bulk of a sample): skipped or dropped on every path."""

SampleData = dict[str, Any]
"""One sample as stored in a log (``EvalSample`` in JSON form)."""


def local_path(location: str) -> Path | None:
    """The local file behind a log location (a path or ``file://`` URI), else None.

    Args:
        location: A path or URI.

    Returns:
        The path, or None for a remote location.
    """
    parsed = urlparse(location)
    if parsed.scheme in ("", "file"):
        return Path(unquote(parsed.path) if parsed.scheme else location)
    return None


def _member(handle: BinaryIO, info: ZipInfo) -> bytes | None:
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


def _sample_members(archive: ZipFile) -> list[ZipInfo] | None:
    """The archive's sample members, or None if one uses a compression read here cannot."""
    members = [
        info
        for info in archive.infolist()
        if info.filename.startswith(SAMPLES_FOLDER) and info.filename.endswith(".json")
    ]
    known = {ZIP_ZSTANDARD, ZIP_DEFLATED, ZIP_STORED}
    return members if all(info.compress_type in known for info in members) else None


def _eval_zip_samples(path: Path, members: list[ZipInfo]) -> Iterator[SampleData]:
    """The samples of a local ``.eval`` file, one at a time.

    One at a time, and without their events, so that a reader of thousands of samples never
    holds them all: a large live heap makes every collection of the garbage collector slower.
    """
    with path.open("rb") as handle:
        for info in members:
            data = _member(handle, info)
            if data is None:  # checked by _sample_members; kept for the type checker
                continue
            # pydantic's JSON parser: ~1.6x json.loads on these event-heavy samples.
            sample = from_json(data, cache_strings="keys")
            for excluded in EXCLUDED_FIELDS:
                sample.pop(excluded, None)
            yield sample


def read_samples(log: str | EvalLog) -> Iterator[SampleData]:
    """Every sample of a log, as plain JSON data.

    Args:
        log: A log's path or URI, or a log already in memory (with its samples).

    Yields:
        The samples, in the log's order.
    """
    if isinstance(log, EvalLog):
        for sample in log.samples or []:
            yield sample.model_dump(mode="json", exclude=EXCLUDED_FIELDS, exclude_none=True)
        return
    path = local_path(log)
    if path is not None and path.suffix == ".eval":
        with ZipFile(path) as archive:
            members = _sample_members(archive)
        if members is not None:
            yield from _eval_zip_samples(path, members)
            return
    for sample in read_eval_log_samples(
        log, all_samples_required=False, exclude_fields=EXCLUDED_FIELDS
    ):
        yield sample.model_dump(mode="json", exclude=EXCLUDED_FIELDS, exclude_none=True)
