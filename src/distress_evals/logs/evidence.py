"""Whether a judge's quote is really in the reply it rates: read by the judge and the log reader."""

from __future__ import annotations


def quote_in_reply(evidence: str, reply: str) -> bool | None:
    """Whether a judge's quote occurs in the reply, after normalising whitespace and case.

    Args:
        evidence: The judge's quote.
        reply: The reply's text.

    Returns:
        True or False; None when the quote is empty.
    """
    quote = " ".join(evidence.split()).casefold()
    if not quote:
        return None
    return quote in " ".join(reply.split()).casefold()
