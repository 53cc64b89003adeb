"""The large heatmap's cells, packed for the page: a few characters per cell instead of a JSON
list per cell (600 × 130 went from 2.4 MB of figure JSON to a few hundred kB).

Each cell is three whole numbers, written in base 64 with a fixed number of characters per
number (the fewest that hold that number's largest value in this grid):
- the shown estimate and validated outcome: ``(tenths - base + 1) * 3 + outcome`` (0 tenths
  part means no estimate; outcome 0 none, 1 mastered, 2 decided "not yet");
- the evidence count;
- the last-observed day as 1 + its index in ``days`` (0: none).
static/js/charts.js unpacks it (``unpackGrid``); `unpack` here is its twin, for tests.

Pure: plain values in, plain values out.
"""
from ..mastery.estimate_display import cut_to_tenths

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
OUTCOMES = {None: 0, "mastered": 1, "not_yet": 2}


def _width(largest: int) -> int:
    width = 1
    while largest >= 64 ** width:
        width += 1
    return width


def _digits(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        out.append(ALPHABET[value % 64])
        value //= 64
    return "".join(reversed(out))


def pack(row_ids: list[int], column_ids: list[int], cells: dict, outcomes: dict) -> dict:
    """The grid (rows × columns, row by row) as {"base", "widths", "days", "cells"}; `cells` maps
    (row, column) to (estimate, count, scored, last ISO day) as the heatmap holds them."""
    triples, days = [], set()
    tenths_of: dict[float, int] = {}  # a grid repeats few estimates: each is cut to tenths once
    cell_of, outcome_of = cells.get, outcomes.get
    for rid in row_ids:
        for cid in column_ids:
            key = (rid, cid)
            cell = cell_of(key)
            outcome = OUTCOMES.get(outcome_of(key), 0)
            if cell is None:
                triples.append((None, outcome, 0, None))
                continue
            estimate, count, _scored, day = cell
            shown = None
            if estimate is not None:
                shown = tenths_of.get(estimate)
                if shown is None:
                    shown = tenths_of[estimate] = round(cut_to_tenths(estimate) * 10)
            day = day or None
            if day:
                days.add(day)
            triples.append((shown, outcome, count, day))
    base = min(tenths_of.values(), default=0)
    day_list = sorted(days)
    day_index = {day: i + 1 for i, day in enumerate(day_list)}
    numbers = [(((shown - base + 1) if shown is not None else 0) * 3 + outcome, count or 0, day_index.get(day, 0))
               for shown, outcome, count, day in triples]
    widths = [_width(max((n[i] for n in numbers), default=0)) for i in range(3)]
    written: dict[tuple[int, int, int], str] = {}  # the grid repeats few cells: each is written once

    def cell_text(numbers: tuple[int, int, int]) -> str:
        text = written.get(numbers)
        if text is None:
            text = written[numbers] = "".join(_digits(n, w) for n, w in zip(numbers, widths))
        return text

    text = "".join(map(cell_text, numbers))
    return {"base": base, "widths": widths, "days": day_list, "cells": text}


def unpack(packed: dict) -> list[tuple[float | None, str | None, int, str | None]]:
    """The cells back as (shown estimate, outcome, count, last day), row by row."""
    value = {ch: i for i, ch in enumerate(ALPHABET)}
    text, widths, out, at = packed["cells"], packed["widths"], [], 0
    names = {v: k for k, v in OUTCOMES.items()}
    while at < len(text):
        numbers = []
        for width in widths:
            n = 0
            for ch in text[at:at + width]:
                n = n * 64 + value[ch]
            numbers.append(n)
            at += width
        first, count, day = numbers
        code, outcome = divmod(first, 3)
        estimate = (code - 1 + packed["base"]) / 10 if code else None
        out.append((estimate, names[outcome], count, packed["days"][day - 1] if day else None))
    return out
