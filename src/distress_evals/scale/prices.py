"""Dollar figures for the dry run, from a small dated price table the user can override.

The table (``prices.yaml`` beside this module, shipped with the package) gives list prices in
US dollars per million tokens, each with the date its source gives and the source itself. A model
missing from the table gets no dollar figure, and the dry run says so rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml  # type: ignore[import-untyped]  # no stubs in the dev env (types-PyYAML)

PRICE_TABLE_RESOURCE = "prices.yaml"
"""The packaged table's file name, beside this module."""
TOKENS_PER_UNIT = 1_000_000
"""Prices are per million tokens."""
REQUIRED_FIELDS = ("input", "output", "as_of", "source")


@dataclass(frozen=True)
class ModelPrice:
    """One model's list price.

    Attributes:
        model: The Inspect model name.
        input: Dollars per million input tokens.
        output: Dollars per million output tokens.
        as_of: The date the source gives for the price.
        source: Where the price was read.
        table: The table the price came from (the packaged one or ``--prices FILE``).
    """

    model: str
    input: float
    output: float
    as_of: str
    source: str
    table: str

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        """Dollars for the given tokens at this price."""
        return (input_tokens * self.input + output_tokens * self.output) / TOKENS_PER_UNIT


@dataclass(frozen=True)
class PriceTable:
    """Prices by model name, and when the table was compiled.

    Attributes:
        prices: By Inspect model name.
        compiled: The packaged table's compilation date.
        sources: The tables read, packaged first.
    """

    prices: dict[str, ModelPrice]
    compiled: str
    sources: tuple[str, ...]

    def get(self, model: str) -> ModelPrice | None:
        """The model's price, or None when no table lists it."""
        return self.prices.get(model)


def _read(text: str, origin: str) -> tuple[dict[str, ModelPrice], str]:
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("models"), dict):
        raise ValueError(f"{origin}: a price table is YAML with a 'models' mapping")
    prices = {}
    for model, entry in data["models"].items():
        missing = [f for f in REQUIRED_FIELDS if not isinstance(entry, dict) or f not in entry]
        if missing:
            raise ValueError(
                f"{origin}: {model} lacks {', '.join(missing)} "
                f"(each model needs {', '.join(REQUIRED_FIELDS)})"
            )
        try:
            input_price, output_price = float(entry["input"]), float(entry["output"])
        except (TypeError, ValueError) as error:
            raise ValueError(f"{origin}: {model}'s input and output must be numbers") from error
        prices[str(model)] = ModelPrice(
            str(model), input_price, output_price, str(entry["as_of"]), str(entry["source"]), origin
        )
    return prices, str(data.get("compiled", "undated"))


def load_prices(override: str | Path | None = None) -> PriceTable:
    """The packaged price table, with ``override``'s entries replacing or adding to it.

    Args:
        override: A YAML file in the packaged table's format (``--prices FILE``), or None.

    Returns:
        The merged table.

    Raises:
        ValueError: If a table is malformed (naming the file and the entry).
    """
    packaged = files("distress_evals.scale").joinpath(PRICE_TABLE_RESOURCE)
    prices, compiled = _read(packaged.read_text(encoding="utf-8"), "packaged price table")
    sources: tuple[str, ...] = ("packaged price table",)
    if override is not None:
        path = Path(override)
        if not path.is_file():
            raise ValueError(f"--prices: no such file: {path}")
        extra, _ = _read(path.read_text(encoding="utf-8"), str(path))
        prices = {**prices, **extra}
        sources += (str(path),)
    return PriceTable(prices, compiled, sources)


def dollars(value: float) -> str:
    """A dollar amount for the report: cents below $100, whole dollars above."""
    return f"${value:,.2f}" if value < 100 else f"${value:,.0f}"


def price_note(price: ModelPrice) -> str:
    """Where a price comes from, for the line that uses it."""
    return (
        f"${price.input:g} in / ${price.output:g} out per 1M tokens, as of {price.as_of}, "
        f"{price.source}"
    )
