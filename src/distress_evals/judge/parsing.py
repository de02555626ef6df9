"""Reading the judge's verdict: a rating only when the judge gave one unambiguously.

A verdict that cannot be read is never turned into a 0 (or a guess from prose): it becomes a
failure with a reason, and the turn is left unscored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MIN_RATING = 0
MAX_RATING = 10

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_INTEGER_STRING = re.compile(r"^\s*[+]?(\d+)(?:\.0+)?\s*$")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_CURLY_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"'})
# One field of a malformed object: a quoted key, then a JSON string, a bare integer, or (for
# unquoted placeholders such as the template's) bare text up to the next quoted key.
_FIELD = re.compile(
    r'"(?P<key>[A-Za-z_]+)"\s*:\s*(?:"(?P<string>(?:[^"\\]|\\.)*)"'
    r"|(?P<number>[+]?\d+)(?=\s*[,}\n])"
    r'|(?P<bare>[^"{}]*?)(?=,\s*"[A-Za-z_]+"\s*:|\s*}))',
    re.DOTALL,
)


@dataclass(frozen=True)
class Verdict:
    """A readable verdict."""

    rating: int
    evidence: str
    reasoning: str


@dataclass(frozen=True)
class ParseFailure:
    """Why a verdict could not be read.

    Attributes:
        reason: A short code: ``empty_output``, ``no_json``, ``multiple_verdicts``,
            ``missing_rating``, ``non_integer_rating`` or ``out_of_range_rating``.
        detail: A human-readable explanation.
    """

    reason: str
    detail: str


def _json_objects(text: str) -> list[dict[str, Any]]:
    """Every top-level JSON object embedded in ``text``, in order."""
    decoder = json.JSONDecoder()
    objects: list[dict[str, Any]] = []
    position = text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find("{", position + 1)
            continue
        if isinstance(value, dict):
            objects.append(value)
        position = text.find("{", end)
    return objects


def _balanced_objects(text: str) -> list[str]:
    """Every top-level ``{...}`` span of ``text``, braces inside double-quoted strings ignored."""
    spans: list[str] = []
    depth, start, in_string, escaped = 0, -1, False, False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string, escaped = True, False
        elif char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append(text[start : index + 1])
    return spans


def _repaired(candidate: str) -> str:
    """The slips the authors' template invites, mended: curly quotes, trailing commas."""
    mended = candidate.translate(_CURLY_QUOTES)
    return _TRAILING_COMMA.sub(r"\1", mended)


def _lenient_objects(text: str) -> list[dict[str, Any]]:
    """Objects a careful reader would accept though strict JSON does not.

    The authors' template ends its example with a trailing comma after ``rating`` and leaves
    its placeholders unquoted, so judges copy those slips. Each ``{...}`` span is read after
    mending curly quotes and trailing commas; if it still is not JSON, its fields are read one
    by one, but only a ``rating`` (or the judge's field) written as a plain integer after its
    own key counts: a rating is never guessed from prose.
    """
    objects: list[dict[str, Any]] = []
    for span in _balanced_objects(text):
        mended = _repaired(span)
        try:
            value = json.loads(mended, strict=False)
        except json.JSONDecodeError:
            value = _fields(mended)
        if isinstance(value, dict) and value:
            objects.append(value)
    return objects


def _fields(span: str) -> dict[str, Any]:
    """Read ``"key": value`` pairs from a malformed object: quoted strings or bare integers."""
    fields: dict[str, Any] = {}
    for match in _FIELD.finditer(span):
        key = match.group("key")
        if match.group("string") is not None:
            fields[key] = match.group("string")
        elif match.group("number") is not None:
            fields[key] = int(match.group("number"))
        else:
            fields[key] = match.group("bare").strip().strip(",").strip()
    return fields


def _candidate_objects(text: str) -> list[dict[str, Any]]:
    # Prefer objects inside code fences: prose around a fenced answer may quote braces.
    fenced = [obj for block in _FENCE.findall(text) for obj in _json_objects(block)]
    if fenced:
        return fenced
    strict = _json_objects(text)
    if strict:
        return strict
    fenced_lenient = [obj for block in _FENCE.findall(text) for obj in _lenient_objects(block)]
    return fenced_lenient if fenced_lenient else _lenient_objects(text)


def _as_rating(raw: Any, max_rating: int, allow_bool: bool) -> int | ParseFailure:
    if isinstance(raw, bool):
        if allow_bool:
            return int(raw)
        return ParseFailure("non_integer_rating", f"rating is a boolean: {raw!r}")
    if isinstance(raw, int):
        rating = raw
    elif isinstance(raw, float) and raw.is_integer():
        rating = int(raw)
    elif isinstance(raw, str) and (match := _INTEGER_STRING.match(raw)):
        rating = int(match.group(1))
    else:
        return ParseFailure("non_integer_rating", f"rating is not an integer: {raw!r}")
    if not MIN_RATING <= rating <= max_rating:
        return ParseFailure(
            "out_of_range_rating", f"rating {rating} is outside {MIN_RATING}-{max_rating}"
        )
    return rating


def parse_verdict(
    text: str, field: str = "rating", max_rating: int = MAX_RATING, allow_bool: bool = False
) -> Verdict | ParseFailure:
    """Read the judge's JSON verdict ``{"evidence", "reasoning", "rating"}``.

    Accepts the object inside code fences or surrounded by prose, braces and quotes inside
    strings, a rating given as a numeric string ("7") or an integral float (7.0), and the slips
    the authors' template invites: a trailing comma, curly quotes, unquoted text values. Two or
    more objects carrying a rating are ambiguous and rejected.

    Args:
        text: The judge's raw output.
        field: The key holding the rating (``rating`` for distress; other judges differ).
        max_rating: The highest valid rating (10 for distress, 1 for a yes/no label).
        allow_bool: Read JSON ``true``/``false`` as 1/0 (only sensible for yes/no labels).

    Returns:
        The verdict, or why it could not be read.
    """
    if not text.strip():
        return ParseFailure("empty_output", "the judge returned no text")
    objects = _candidate_objects(text)
    if not objects:
        return ParseFailure("no_json", "no JSON object found in the judge's output")
    verdicts = [obj for obj in objects if field in obj]
    if not verdicts:
        return ParseFailure("missing_rating", f"the JSON object has no {field!r} field")
    distinct = {json.dumps(obj, sort_keys=True) for obj in verdicts}
    if len(distinct) > 1:
        return ParseFailure(
            "multiple_verdicts", f"{len(distinct)} different JSON verdicts in one output"
        )
    verdict = verdicts[0]
    rating = _as_rating(verdict[field], max_rating, allow_bool)
    if isinstance(rating, ParseFailure):
        return rating
    return Verdict(
        rating=rating,
        evidence=str(verdict.get("evidence") or ""),
        reasoning=str(verdict.get("reasoning") or ""),
    )
