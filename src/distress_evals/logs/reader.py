"""The one reader of this suite's logs, for the report, judge validity and the builders.

The report, judge validity, prefill selection and the SFT/DPO builders all read logs here. A
log's header gives the run (model, task arguments, metadata, the judge role's model); its
samples, read by the fast path in ``samples.py``, give one ``Rollout`` per sample and epoch
with its replies, every score and each turn's judgement. Every name of the log format comes
from ``schema.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log

from distress_evals.logs.evidence import quote_in_reply
from distress_evals.logs.records import (
    Judgement,
    LazyMessages,
    Rollout,
    RunInfo,
    ScoreRecord,
    Turn,
    as_float,
)
from distress_evals.logs.samples import SampleData, local_path, read_samples
from distress_evals.logs.schema import (
    DISTRESS_SCORE,
    EVIDENCE_IN_REPLY_KEY,
    JUDGE_METADATA_KEY,
    JUDGE_ROLE,
    JUDGEMENT_METADATA_KEY,
    JUDGEMENTS_METADATA_KEY,
    REPLIES_JUDGED_METADATA_KEY,
    STOP_REASON_METADATA_KEY,
    TURN_METADATA_KEY,
    UNSUPPORTED_RATING_KEY,
    turn_key,
    turn_of_key,
)

LOG_SUFFIXES = (".eval", ".json")
ATTACHMENT_PREFIX = "attachment://"


class LogPathError(ValueError):
    """A log path that does not exist or is not an Inspect log."""


@dataclass(frozen=True)
class LogRead:
    """One log: its run and its rollouts (sorted by sample id, then epoch)."""

    run: RunInfo
    rollouts: list[Rollout]


def validate_log_path(path: str | Path) -> Path:
    """The log path, checked before anything is read or written.

    Args:
        path: A log file or a directory of logs.

    Returns:
        The path.

    Raises:
        LogPathError: If the path does not exist (the message names it).
    """
    given = Path(path)
    if not given.exists():
        raise LogPathError(f"log path {str(path)!r} does not exist; give a log file or a directory")
    return given


def log_files(path: str | Path) -> list[str]:
    """The Inspect logs at ``path``: the file itself, or every log under a directory.

    Args:
        path: A ``.eval``/``.json`` log file or a directory of logs (searched recursively).

    Returns:
        The logs' locations, sorted (empty for a directory without logs).

    Raises:
        LogPathError: If the path does not exist or is a file that is not a log.
    """
    given = validate_log_path(path)
    if given.is_file():
        if given.suffix not in LOG_SUFFIXES:
            raise LogPathError(
                f"{given} is not an Inspect log (expected {', '.join(LOG_SUFFIXES)})"
            )
        return [str(given)]
    return sorted(info.name for info in list_eval_logs(str(given), recursive=True))


def run_info(header: EvalLog) -> RunInfo:
    """The run as a log's header describes it.

    Args:
        header: The log (its samples are not read).

    Returns:
        The run.
    """
    spec = header.eval
    judge = (spec.model_roles or {}).get(JUDGE_ROLE)
    if isinstance(judge, list):  # a role bound to several models: the first is the judge
        judge = judge[0] if judge else None
    passed = getattr(spec, "task_args_passed", None)
    return RunInfo(
        location=header.location,
        eval_id=spec.eval_id,
        model=spec.model,
        task=spec.task,
        status=header.status,
        task_args=dict(spec.task_args or {}),
        task_args_passed=dict(passed) if passed is not None else None,
        metadata=dict(spec.metadata or {}),
        judge_model=judge.model if judge is not None else None,
        scorers=tuple(s.name for s in (header.results.scores if header.results else [])),
    )


def read_header(location: str) -> RunInfo:
    """A log's run, from its header alone.

    Args:
        location: The log's path or URI.

    Returns:
        The run.
    """
    return run_info(read_eval_log(location, header_only=True))


def _resolve(text: Any, attachments: dict[str, str]) -> Any:
    """``text`` with an ``attachment://`` reference replaced by its content."""
    if isinstance(text, str) and text.startswith(ATTACHMENT_PREFIX):
        return attachments.get(text.removeprefix(ATTACHMENT_PREFIX), text)
    return text


def _resolve_content(message: dict[str, Any], attachments: dict[str, str]) -> dict[str, Any]:
    """A logged message with attachment references in its content (and parts) resolved."""
    content = message.get("content")
    if isinstance(content, str):
        resolved: Any = _resolve(content, attachments)
    elif isinstance(content, list):
        resolved = [
            {k: _resolve(v, attachments) for k, v in part.items()}
            if isinstance(part, dict)
            else part
            for part in content
        ]
    else:
        return message
    return {**message, "content": resolved}


def message_text(content: Any) -> str:
    """A logged message's text, as ``ChatMessage.text`` gives it (text parts joined)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            str(p.get("text", ""))
            for p in content
            if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def _judgement(data: dict[str, Any], reply: str | None, attachments: dict[str, str]) -> Judgement:
    """One turn's judgement; the evidence check is worked out when the log predates it."""
    rating = as_float(data.get("rating"))
    score = None if math.isnan(rating) else rating
    evidence = str(_resolve(data.get("evidence") or "", attachments))
    if EVIDENCE_IN_REPLY_KEY in data:
        found = data[EVIDENCE_IN_REPLY_KEY]
        in_reply = found if isinstance(found, bool) else None
    else:
        in_reply = quote_in_reply(evidence, reply) if reply is not None else None
    if UNSUPPORTED_RATING_KEY in data:
        unsupported = bool(data[UNSUPPORTED_RATING_KEY])
    else:
        unsupported = score is not None and score > 0 and in_reply is not True
    stop = data.get(STOP_REASON_METADATA_KEY)
    return Judgement(
        rating=score,
        evidence=evidence,
        reasoning=str(data.get("reasoning") or ""),
        failure=data.get("failure"),
        evidence_in_reply=in_reply,
        unsupported_rating=unsupported,
        stop_reason=str(stop) if stop else None,
    )


def _score(
    name: str, data: dict[str, Any], replies: dict[int, str], attachments: dict[str, str]
) -> ScoreRecord:
    metadata = data.get("metadata") or {}
    raw = metadata.get(JUDGEMENTS_METADATA_KEY)
    if not isinstance(raw, dict):
        single = metadata.get(JUDGEMENT_METADATA_KEY)
        raw = {turn_key(1): single} if isinstance(single, dict) else {}
    judgements = {}
    for key, judgement in raw.items():
        turn = turn_of_key(key)
        if turn is not None and isinstance(judgement, dict):
            judgements[turn] = _judgement(judgement, replies.get(turn), attachments)
    judge = metadata.get(JUDGE_METADATA_KEY)
    judged = metadata.get(REPLIES_JUDGED_METADATA_KEY)
    value = data.get("value")
    return ScoreRecord(
        name=name,
        value=value if isinstance(value, dict) else {},
        raw_value=value,
        reason=data.get("reason"),
        judge=judge if isinstance(judge, dict) else {},
        replies_judged=int(judged) if isinstance(judged, (int, float)) else None,
        judgements=judgements,
        metadata=metadata,
    )


def rollout_from_sample(
    data: SampleData, source: str, run: RunInfo | None = None, scorer: str = DISTRESS_SCORE
) -> Rollout:
    """One logged sample as a rollout.

    Args:
        data: The sample as logged (JSON data).
        source: The log's location.
        run: The log's run, if known.
        scorer: The score whose judgements fill ``Rollout.turns``.

    Returns:
        The rollout; a turn the judge could not score has ``rating`` None.
    """
    attachments = data.get("attachments") or {}
    messages = data.get("messages") or []
    if attachments:
        messages = [_resolve_content(m, attachments) for m in messages]
    replies: list[tuple[int, int, dict[str, Any]]] = []
    for index, message in enumerate(messages):
        if message.get("role") == "assistant":
            tagged = (message.get("metadata") or {}).get(TURN_METADATA_KEY)
            turn = tagged if isinstance(tagged, int) else len(replies) + 1
            replies.append((turn, index, message))
    texts = {turn: message_text(m.get("content")) for turn, _, m in replies}
    scores = {
        name: _score(name, score, texts, attachments)
        for name, score in (data.get("scores") or {}).items()
        if isinstance(score, dict)
    }
    primary = scores.get(scorer)
    turns = []
    for turn, index, message in replies:
        judged = primary.judgements.get(turn) if primary is not None else None
        judgement = judged or Judgement(rating=None)
        stop = judgement.stop_reason or (message.get("metadata") or {}).get(
            STOP_REASON_METADATA_KEY
        )
        turns.append(
            Turn(
                turn=turn,
                index=index,
                text=texts[turn],
                rating=primary.rating(turn) if primary is not None else None,
                evidence=judgement.evidence,
                reasoning=judgement.reasoning,
                failure=judgement.failure,
                evidence_in_reply=judgement.evidence_in_reply,
                unsupported_rating=judgement.unsupported_rating,
                stop_reason=str(stop) if stop else None,
            )
        )
    error = data.get("error")
    return Rollout(
        source=source,
        sample_id=str(data.get("id")),
        epoch=int(data.get("epoch") or 1),
        metadata=dict(data.get("metadata") or {}),
        messages=LazyMessages(messages),
        turns=turns,
        scores=scores,
        run=run,
        error=str(error.get("message")) if isinstance(error, dict) else error,
    )


def read_log(log: str | EvalLog, scorer: str = DISTRESS_SCORE) -> LogRead:
    """Every rollout of one log.

    Args:
        log: The log's path or URI, or a log in memory (e.g. one just re-scored).
        scorer: The score whose judgements fill each rollout's ``turns``.

    Returns:
        The run and its rollouts, sorted by sample id and epoch.
    """
    if isinstance(log, EvalLog):
        run, source = run_info(log), log.location
    else:
        run, source = read_header(log), log
    path = local_path(source) if source else None
    location = str(path) if path is not None else source
    rollouts = [rollout_from_sample(s, location, run, scorer) for s in read_samples(log)]
    rollouts.sort(key=lambda r: (r.sample_id, r.epoch))
    return LogRead(run, rollouts)


def read_rollouts(path: str | Path, scorer: str = DISTRESS_SCORE) -> Iterator[Rollout]:
    """Every judged rollout in the logs at ``path``, log by log, in sample order.

    Logs that did not finish successfully are read too (their completed samples count);
    samples without a per-turn ``scorer`` score are skipped.

    Args:
        path: A log file or a directory of logs.
        scorer: The score whose per-turn ratings the rollouts carry.

    Yields:
        The rollouts.

    Raises:
        LogPathError: If the path does not exist or holds no logs.
    """
    files = log_files(path)
    if not files:
        raise LogPathError(f"no Inspect logs ({', '.join(LOG_SUFFIXES)}) under {path}")
    for file in files:
        for rollout in read_log(file, scorer).rollouts:
            record = rollout.scores.get(scorer)
            if record is not None and isinstance(record.raw_value, dict):
                yield rollout
